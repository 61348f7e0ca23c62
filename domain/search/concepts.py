"""A small multilingual table of frequent product and occasion words, below the category level.

The taxonomy tells search that "birthday cakes" is bakery, so every bakery listing scores alike on it;
what tells "Tortai gimtadieniams" from "Tradicinis šakotis" is that *gimtadienis* means *birthday*.
Each line below (and indented lines after it) is one concept in the seven languages (folded). A token
ending in ``*`` is a stem and matches every word that starts with it and adds at most MAX_TAIL letters
(inflections); any other token matches only itself. A query word that belongs to a concept is expanded
to the catalogue's words of every other token of that concept (ranking.expand), so a listing that says
the same thing in another language matches that word in its own title or description.

Kept to concrete, frequent things schools sell and occasions companies order for; a stem must not be a
prefix of common unrelated words in another language (checked by tests/search/test_concepts.py).
"""

from __future__ import annotations

from functools import cache

MAX_TAIL = 7
CONCEPT_SIMILARITY = 0.7

_CONCEPTS = """
birthday* gimtadien* dzimsanas urodzin* compleann* aniversari* рождения именин*
wedding* vestuv* kazas kazam kazu kazam wesel* slub* nozze nuzial* matrimoni* casament* свадеб* свадьб* венчан*
bride bridal nuotak* ligav* panna sposa spose noiva* невест*
christening* baptism* krikstyn* kristib* chrzcin* chrzest* battesim* batizad* batismo крестин*
jubilee* anniversary jubilie* jubilej* jubileu* jubileusz* anniversari* юбиле*
christmas xmas kaledin* kaledom kaledos kaledu ziemassvetk* bozego natal* natale natalizi* рождеств* новогодн*
gift* present presents dovan* davan* prezent* upomin* podarun* regal* brinde* lembranc* подар* сувенир*
souvenir* suvenyr* suvenir* pamiatk* ricord* memorabil*
conference* seminar* konferenc* szkolen* convegn* congress* conferenz* kongres* конференц* семинар*
coffee kavos kafijas kawow* caffe кофе
bread* duon* maize maizes maizi* rupjmaiz* saldskabmaiz* chleb* pieczyw* pane pao paes хлеб*
rye rugin* rugiu rudzu zytni* zytn* segale centeio ржан*
cookie* biscuit* sausain* cepum* ciastecz* ciastk* biscott* bolach* biscoit* печень*
gingerbread piernik* meduoli* piparkuk* пряни*
cheese* suris surio suriai suriu sier* siers sery serow serem formagg* queij* сыр сыра сыры сыров
sausage* desr* desa desas desin* kielbas* wedlin* salsicc* salam* salum* enchid* chouri* salsich* колбас* сосис*
smoked rukyt* kupinat* kupinaj* wedzon* affumicat* fumad* fumado копчен*
jam jams uogien* ievarij* dzem* konfitur* marmellat* confettur* compot* варень* джем*
honey medus medaus miod* miele мед меда
juice* sultys sulciu sulc* sula sulas soki sok succo succhi sumo sumos сок соки
pasta makaron* tortellin* tagliatell* lasagn* макарон*
dumpling* pierog* virtin* koldun* ravioli* пельмен* варени*
wine* vyno vynas vynu wino vino vinh* вино вина
olive* alyv* oliv* oliw* azeit* олив*
milk* dairy pien* mlek* mlecz* latte latt* leite latic* молок* молоч*
soil* dirvozem* augsn* gleb* suolo suoli solos почв*
water* vanden* udens wody woda acqua agua вода воды
oil olive-oil tepal* ella ellas ellu olej* olio oleo масл*
tyre* tire tires padang* riep* opon* gomm* pneu* шин*
brake* stabd* bremz* hamul* freni freno travo* тормоз*
conditioning conditioner kondicion* klimatyz* condizionat* condicionado кондиционер*
gate* vartai vartu vartus brama bramy bram ogrodzen* cancell* portao portoes ворот*
fence* tvor* zogs zogi zogu recinz* vedac* grades забор* огражд*
wrought forged kalti kaltas kalts kaltiniai kute kutych kuty battut* forjad* кован*
milling frez* fresatur* fresag* фрезер*
turning toczen* tornitur* torneament* токарн*
garden* outdoor sodo sodui lauko darz* darza ogrod* giardin* jardim* jardin* садов* сада сад
lawn* vejos vejas vejai zalien* trawnik* prato prati relvad* relva газон*
sauna* pirt* pirties pirts saun* баня бани бане
bench* suolas suolai suolu lava lavas lawk* lawek lawka panca panche banco bancos скам* лавк*
solar saules sloneczn* fotowolt* fotovolt* solari solare solares солнечн*
smart ismani* vieda viedo viedas inteligentn* domotic* умн*
lighting light lights apsviet* apgaismo* oswietl* illumin* ilumin* освещ* светильн*
restoration restor* restaur* atnaujin* renov* реставр*
antique* antikvar* senovin* senu antyk* antic* antig* антиквар* старин*
embroider* siuvinej* izsuv* izsuvum* haft* ricam* bordad* вышив*
shirt* polo marskin* krekl* koszul* magliett* camisol* camiset* футболк* рубаш*
apron* prijuost* priekssaut* fartuch* grembiul* avental* aventais фартук*
uniform* workwear unifor* mundur* odziez divisa divise fardament* униформ* спецодежд*
curtain* uzuolaid* aizkar* zaslon* firan* tende cortin* штор*
bag bags krepsi* krepsel* somas soma maisel* maisini* torb* borse borsa borsett* sacos saco sacola* сумк* пакет*
cotton medvil* kokvil* bawel* cotone algodao хлопк* хлопок
haircut* hairdress* kirp* sukuosen* frizur* friziera frizet* griesan*
  strzyz* fryzjer* fryzur* parrucch* acconciat* cabeleir* penteado* стриж* парикмахер*
manicure* pedicure* manikiur* pedikiur* manikir* pedikir* manicur* маникюр* педикюр*
makeup makiaz* grimas makijaz* trucc* maquilh* макияж*
flower* bouquet* geles geliu gele puoks* zied* pusk*
  kwiat* bukiet* fiori fiore floreal* florais flores arranjo* цвет* букет*
candle* zvak* sveces svecu svece swiec* candel* velas свеч*
cork* kamst* korkis kork* korek* sugher* cortic* пробк*
leather* odos odinis odini* adas adu adain* skor* cuoio pelle pellet* couro кож*
wallet* pinigin* maks maki maku portfel* portafogl* carteir* кошел* бумажник*
belt* dirz* jost* pasek paski cintur* cinto cintos ремн* ремень
mug* cup cups puodel* kruz* kubek kubk* kubeczk* tazz* canec* chavena* кружк* чашк*
ceramic* keramik* ceramik* ceramich* ceramica ceramiche ceramicas ceramicos керамик*
pottery olaria puodinink* podnieciba* garncar* terracott* гончар*
cellar* rusys rusyje rusiai pagrab* piwnic* cantin* cave caves adega* погреб*
tour tours excursion* ekskursij* wycieczk* zwiedz* gita visit* visita* экскурс*
cooking kulinar* gatavosan* gotowan* cucina cucin* culinar* cozinha кулинар*
team teambuilding komand* zespol* integracj* squadra equipa тимбилдинг команд*
fair fairs exhibition* parod* izstad* targi targach targow fiera fiere feiras выставк*
hostess* hostes* хостес*
photograph* photo photos foto* fotograf* фото*
background fonas fone fona fons tlo tle sfondo fundo фон*
payment* mokejim* maksajum* platnos* pagament* оплат* платеж*
survey* apklaus* aptauj* ankiet* sondagg* questionar* inquerit* опрос* анкет*
satisfaction pasitenkin* apmierin* zadowolen* soddisfaz* satisfac* удовлетвор*
digitisation digitization digitise digitize skaitmen* digitaliz* digitalizac* оцифров*
scanning scan scans skenav* skener* skanow* skanav* scansion* digitalizacao сканир*
invoice* saskait* rekin* faktur* fattur* fatur* счет*
window* langu langai langus langa logu logi logus okn* okien* finestr* janel* окон окна окно
prun* genejim* geneti apgriez* przycin* potatur* poda podas обрезк*
paving pavers trinkel* brugis brug* bruk* kostk* pavimentaz* calcetam* брусчат*
tile* tiling plytel* fliz* plytk* piastrell* azulej* ladrilh* плитк* кафел*
bathroom* vonios vonia vannas vannu lazien* bagno bagni banho ванн*
wifi network* tinklo tinklas tinklai tinklu siec sieci sieciow* rete reti rede redes сеть сети сетев*
laptop* nesiojam* klepjdator* portatil* ноутбук*
keychain* keyring* pakabuk* piekarin* brelok* breloczk* portachiav* chaveir* брелок*
painting dazym* krasosan* malowan* pittur* pintur* покраск*
"""


def _parse(table: str) -> list[tuple[frozenset[str], tuple[str, ...]]]:
    lines: list[str] = []
    for line in table.strip().splitlines():
        if line.startswith(" "):  # an indented line continues the concept above
            lines[-1] += line
        else:
            lines.append(line)
    concepts = []
    for line in lines:
        tokens = line.split()
        exact = frozenset(t for t in tokens if not t.endswith("*"))
        stems = tuple(sorted(t[:-1] for t in tokens if t.endswith("*")))
        concepts.append((exact, stems))
    return concepts


CONCEPTS = _parse(_CONCEPTS)


def _stem_matches(word: str, stem: str) -> bool:
    return word.startswith(stem) and len(word) - len(stem) <= MAX_TAIL


@cache
def concepts_of(word: str) -> tuple[int, ...]:
    """Indexes into CONCEPTS of the concepts ``word`` (folded) belongs to."""
    found = []
    for number, (exact, stems) in enumerate(CONCEPTS):
        if word in exact or any(_stem_matches(word, stem) for stem in stems):
            found.append(number)
    return tuple(found)


def in_concept(word: str, number: int) -> bool:
    exact, stems = CONCEPTS[number]
    return word in exact or any(_stem_matches(word, stem) for stem in stems)
