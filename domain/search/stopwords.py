"""Words that carry no "what" in a request, per language, already folded (no diacritics, ё → е).

The bot passes whole chat messages ("reikia 50 tortų iki penktadienio Kaune", "preciso de 200 pastéis
de nata até sexta"), so request verbs, pronouns, prepositions, quantities, people counts and time words
must not count as unmatched words that drag a good listing's score down. The lists are merged into one
set because the language of a short message is often guessed wrong; words that are content in some
language ("solo" is soil in Portuguese, "team" starts "team building") are left out.
"""

from __future__ import annotations

_EN = """
a an the and or but of for to in on at by with from about into over near as is are be been was were am
i me my we us our you your he she it they them their this that these those there here what which who
whom whose how where when why some any all each every no not very so too also just only please pls
hi hello hey dear thanks thank regards good best need needs needed want wants wanted would like looking
look search searching find finding seeking seek require required requires request get got make made
making do does did done can could may might must shall should will let have has had order ordering
buy purchase someone somebody something anyone anybody anything company companies firm business our
people persons person guests guest pcs pieces piece units unit kg approx around about
until till by before after next this week weeks month months day days today tomorrow asap urgent
urgently soon monday tuesday wednesday thursday friday saturday sunday january february march april
june july august september october november december price prices cost costs much many how offer
offers service services help quote quotation one two three four five ten twenty hundred thousand
new small big large up out per via within more less than other etc deliver delivered delivery
delivering shipping ship send sent
ppl plz thx pcs jan feb apr jun jul aug sep sept oct nov dec
"""

_LT = """
ir ar bet o kad kur kas ka kam kuo kaip kada kodel koks kokia kokie kokios kiek jei jeigu nes tai
tas ta tie tos sis si sie sios mes mus musu man mano mane as tu jus jusu jums jis ji jie jos jo
su be is i iki po per prie pas nuo uz ant del apie tarp pagal link virs be ne nei taip labai tik
dar jau gal galbut prasau prasome aciu sveiki laba labas diena vakaras reikia reiketu reikalinga
reikalingas reikalingi reikalingos noriu norime noretume norecau noretu ieskau ieskome ieskoma
ieskau galite galetumete gal galima uzsakyti uzsakyti uzsakymas uzsakyma uzsakymo pirkti nupirkti
imone imones imonei imonej musu firma firmai firmos kazkas kazko kazka kas nors vnt vienetu
zmones zmoniu zmonems asmenu asmenims asmenys sveciu svecius svecias svecių
siandien rytoj poryt savaite savaites savaitei menesi menesio menuo dienu dienas dienos
pirmadieni pirmadienio pirmadienis antradieni antradienio antradienis treciadieni treciadienio
treciadienis ketvirtadieni ketvirtadienio ketvirtadienis penktadieni penktadienio penktadienis
sestadieni sestadienio sestadienis sekmadieni sekmadienio sekmadienis sausio vasario kovo
balandzio geguzes birzelio liepos rugpjucio rugsejo spalio lapkricio gruodzio
kaina kainos kainuoja kiek kainuotu pasiulymas paslauga paslaugos paslaugu skubiai greitai
pristatymas pristatyti pristatymu atvezti daro daryti padaro padaryti padarytu gamina pagamina pagaminti
naujas nauja nauji naujos nauju naujo naujai naujam
"""

_LV = """
un vai bet ka kas kur kad kapec kads kada kura kuri cik ja jo tas ta tie tas sis si sie sis mes
mums musu man mans mana mani es tu jus jums jusu vins vina vini vinas ar bez no uz pie par pec
lidz pa pret starp ap zem virs caur ne nav ir bija bus loti tikai vel jau varbut ludzu paldies
sveiki labdien labrit labvakar vajag vajadzetu vajadzigs vajadziga vajadzigi vajadzigas nepieciesams
nepieciesama nepieciesami gribu gribam gribetu velamies velos mekleju meklejam meklejot var
varat varetu pasutit pasutijums pasutijumu pirkt nopirkt uznemums uznemumam uznemuma firma
firmai musu kads kaut kas gab gabali gabalus cilveki cilvekiem cilveku personam personas
viesiem viesi viesu sodien rit parit nedela nedelas nedelu menesis menesa dienas dienu diena
pirmdien pirmdienai otrdien tresdien ceturtdien piektdien piektdienai piektdienas sestdien
svetdien janvari februari marta aprili maija junija julija augusta septembri oktobri novembri
decembri cena cenas maksa maksas cik piedavajums pakalpojums pakalpojumi steidzami atri piegade piegadat piegadi
dara izdara izgatavo izgatavot uztaisa uztaisit taisa
jauns jauna jaunu jaunus jaunas jaunam jaunai jaunie jaunos
"""

_PL = """
i a o u w we z ze na do od po przy przez za pod nad przed dla bez miedzy oraz lub albo czy ale ze
ktory ktora ktore ktorzy jak gdzie kiedy dlaczego ile co kto jest sa byc bedzie byl bylo to ten ta
te tego tej tym ja my mi mnie nam nas nasz nasza nasze naszej naszego naszych ty wy wam was pan
pani panstwo on ona oni ich jego jej sie nie tak bardzo tylko jeszcze juz moze prosze dziekuje
dzien dobry witam czesc potrzebuje potrzebujemy potrzebny potrzebna potrzebne szukam szukamy
poszukuje poszukujemy chce chcemy chcialbym chcialabym chcielibysmy zamowic zamowienie zamowienia
kupic kogos kogo ktos cos czegos firma firmy firmie firmowy naszej szt sztuk sztuki osob osoby
osobach gosci goscie dzis dzisiaj jutro pojutrze tydzien tygodnia tygodniu miesiac miesiaca dni
dnia poniedzialek poniedzialku wtorek wtorku sroda srody srode czwartek czwartku piatek piatku
sobota soboty sobote niedziela niedzieli stycznia lutego marca kwietnia maja czerwca lipca
sierpnia wrzesnia pazdziernika listopada grudnia cena ceny koszt kosztuje ile oferta usluga uslugi
pilnie szybko jakis jakas jakies dostawa dostawy dostawe dostarczyc wysylka robi robia zrobi zrobic
zrobia wykona wykonac wykonaja
nowy nowa nowe nowego nowej nowych nowym nowymi
"""

_IT = """
il lo la i gli le un uno una di del dello della dei degli delle da dal dallo dalla dai dagli dalle
in nel nello nella nei negli nelle su sul sullo sulla sui sugli sulle a al allo alla ai agli alle
con per tra fra e ed o od ma che chi cui come dove quando perche quanto quanti quante se non
si mi ci vi ti noi voi io tu lui lei loro nostro nostra nostri nostre mio mia questo questa questi
queste quel quello quella molto anche gia piu meno ciao salve buongiorno buonasera grazie
per favore cerco cerchiamo cercando abbiamo ho bisogno serve servono vorrei vorremmo voglio
vogliamo ordinare ordine comprare qualcuno qualcosa azienda aziende ditta societa nostra pezzi
pezzo persone persona ospiti oggi domani dopodomani settimana settimane mese mesi giorno giorni
lunedi martedi mercoledi giovedi venerdi sabato domenica gennaio febbraio marzo aprile maggio
giugno luglio agosto settembre ottobre novembre dicembre entro prezzo prezzi costo quanto costa
offerta urgente subito circa consegna consegnare spedizione fa fanno fare farci farmi realizza
realizzare allora dunque quindi ecco beh insomma
nuovo nuova nuovi nuove
"""

_PT = """
o a os as ao aos num numa um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para com sem
sobre entre ate e ou mas que quem qual quais como onde quando porque quanto quantos quantas se
nao sim me te nos vos eu tu ele ela eles elas nosso nossa nossos nossas meu minha este esta estes
estas esse essa isso isto aquele muito so tambem ja mais menos ola bom dia boa tarde obrigado
obrigada por favor preciso precisamos precisava procuro procuramos procurando queria queriamos
quero queremos gostaria gostariamos encomendar encomenda comprar alguem algo alguma algum empresa
empresas firma nossa unidades unidade pecas pessoas pessoa convidados hoje amanha semana semanas
mes meses dia dias segunda terca quarta quinta sexta sabado domingo feira janeiro fevereiro marco
abril maio junho julho agosto setembro outubro novembro dezembro preco precos custo quanto custa
orcamento proposta urgente rapido cerca entrega entregar envio faz fazer fazem faca fazerem
novo nova novos novas gente
"""

_RU = """
и а но или что чтобы кто где когда как почему сколько какой какая какие какое это этот эта эти
тот та те мы нас нам наш наша наше наши наших нашей нашего нашу я меня мне мой моя ты вы вас вам
ваш он она они их его ее в во на с со к ко по за из от до для без при о об про через над под
между не ни да нет очень только уже еще тоже также пожалуйста спасибо здравствуйте привет добрый
день нужен нужна нужно нужны надо требуется ищу ищем хочу хотим хотел хотела хотели бы заказать
заказ заказа купить кто-то кого-нибудь кто-нибудь что-то что-нибудь фирма фирмы фирме компания
компании нашей шт штук человек людей гостей персон сегодня завтра послезавтра неделя неделю недели
месяц месяца дней день дня понедельник вторник среда среду четверг пятница пятницу суббота субботу
воскресенье января февраля марта апреля мая июня июля августа сентября октября ноября декабря
цена цены стоимость стоит сколько предложение услуга услуги срочно быстро около примерно доставка доставкой доставить
делает делают сделать сделает сделают изготовит изготовить
новый новая новое новые нового новую новых новым новой
"""

# The letter around a need in a chat message (issue 10): greetings and sign-offs, budgets and currencies,
# hedges and times ("ideally this week", "желательно до конца месяца"), in every language.
_CHAT = """
morning afternoon evening guys folks cheers kind regards sincerely hope wondering possible possibly ideally
preferably yesterday budget eur euro euros eurs zl pln usd approximately roughly around latest end beginning
start middle whole thing things stuff quickly question questions know let its his her
square meters metres sqm kilometres kilometers litres liters
biudzetas biudzeto biudzeta euru eurai eur geriausia pageidautina vakar pradzioje pabaigoje galo gale pradzia
kvadratiniu kvadratiniai metru
budzets budzetu eiro labak velams vakar sakuma beigas beigam kvadratmetri kvadratmetru
budzet budzetu euro zlotych zloty zl najlepiej wczoraj poczatku koncu koniec ewentualnie metrow kwadratowych
budget euro idealmente preferibilmente ieri inizio fine possibile metri quadrati
orcamento euros idealmente preferencialmente ontem inicio fim possivel metros quadrados
кто кого кому нибудь либо то бюджет евро желательно лучше вчера начале конце конца начала возможно
квадратных метров кв
ok okay okey oke okej okei okie hmm hm yes yeah yep sure fine so well right alright
taip jo gerai ja labi tak dobra dobrze si va bene sim pronto ta да ок окей ладно хорошо ну
kainuos greiciau dekui padeti maksatu izmaksas izmaksatu palidzet kosztowaloby kosztowac dzieki pozdrawiam mozecie
pomoc costerebbe mille potete aiutarci custaria obrigadao podem ajudar стоило стоить можете помочь
precisavamos precisariamos precisaria precisavam necessitamos necessito
faccia facciate fare farmi farci padarytu padarytumete izdaritu uztaisitu zrobil zrobila zrobilby zrobic zrobi
faca facam fizesse fizessem сделает сделал сделала сделать сделали
"""


def word_set(spec: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated word list (keeps the long tables readable)."""
    return frozenset(spec.split())


# Folded currency words and symbols -> ISO 4217.
CURRENCIES: dict[str, str] = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eurai": "EUR",
    "euru": "EUR",
    "eurus": "EUR",
    "eura": "EUR",
    "eurach": "EUR",
    "eiro": "EUR",
    "eur.": "EUR",
    "евро": "EUR",
    "evro": "EUR",
    "zl": "PLN",
    "zlotych": "PLN",
    "zloty": "PLN",
    "zlote": "PLN",
    "zlotego": "PLN",
    "zlotys": "PLN",
    "pln": "PLN",
    "злотых": "PLN",
    "злотый": "PLN",
    "злотого": "PLN",
    "$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "долларов": "USD",
    "доллара": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "rub": "RUB",
    "руб": "RUB",
    "рублей": "RUB",
    "рубля": "RUB",
    "рубль": "RUB",
    "₽": "RUB",
}

# Words that make a price a ceiling ("iki 100 eurų", "не дороже 50 евро", "do 500 zł", "até 100 €"), folded.
PRICE_CAP_WORDS = word_set(
    """
    under below max maximum upto up less cheaper within budget
    iki daugiausia nebrangiau brangiau maziau pigiau ne
    lidz maksimums maks mazak letak ne
    do ponizej maksymalnie max najwyzej mniej taniej nie
    fino massimo sotto meno entro non
    ate maximo abaixo menos menor nao
    до не дороже дешевле меньше максимум ниже макс не более
    """
)
# Said after the price: "100 eur max", "50 € maksimums".
CAP_AFTER_WORDS = word_set("max maximum maks maksimums maksymalnie massimo maximo")

# Ceiling words that are also things people search for: "maks" is a wallet in Latvian.
_CAP_WORDS_WITH_CONTENT = frozenset({"maks"})

# Asking to be shown, in a need ("show me cakes in Gdansk" found nothing: "show" was the head of the need, and the
# bot's retry with that head alone listed the town's welding and 3D printing).
_SHOW = """
show parodyk parodykite paradi paradiet pokaz pokazcie mostra mostrami mostrate mostre mostrar покажи покажите
pokazhi
"""

# Having, nearness and "also", in a need: "ar turite tortų netoli Kauno?", "szukam też tortu w Krakowie", "czy macie
# coś blisko Krakowa?", "qualcosa vicino a Bologna", "algo perto do Porto", "что-нибудь рядом с Ригой" (the words were
# ranked as the thing asked for: "netoli" found nothing, "perto" matched a listing that said "perto de si").
_NEAR = """
nearby turite turi netoli salia tuvu blakus macie masz obok blisko niedaleko vicino vicina perto proximo proxima
tez rowniez ari tozhe takzhe
рядом возле близ недалеко
"""

# Verbs of making a thing, in a need: "can someone build me a website?" ranked "build" as the need (masonry and
# tiling), "create an online shop", "zbudować stronę", "создать сайт"; the thing asked for follows them.
_MAKE = """
build builds create creates created creating construir criar costruire creare stworzyc stworzy zbudowac zbuduje
sukurti sukurtu izveidot создать построить sozdat sdelat postroit
"""

STOP_WORDS: frozenset[str] = (
    frozenset(
        word for block in (_EN, _LT, _LV, _PL, _IT, _PT, _RU, _CHAT, _SHOW, _NEAR, _MAKE) for word in block.split()
    )
    | (PRICE_CAP_WORDS | CAP_AFTER_WORDS) - _CAP_WORDS_WITH_CONTENT
    | frozenset(word for word in CURRENCIES if word.isalpha())
)


# A slip in a request word ("preciiso", "нуужен", "potrzzebujemy", "cerchimao") must not turn it into the word
# the need is about: a word of at least this many letters that is a stop word with one letter left out, one
# letter doubled or added, or two neighbours swapped is a stop word too, when nothing in the catalogue knows it
# (the service checks that). Not a letter replaced: "booking" is one letter from "looking", "kazam" from "kazka".
SLIP_MIN_LETTERS = 5


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def slip_of(words: frozenset[str], deletions: frozenset[str], word: str) -> bool:
    """Whether ``word`` is one of ``words`` (their one-letter ``deletions`` given) with one letter left out, one
    added, or two neighbours swapped."""
    if len(word) < SLIP_MIN_LETTERS - 1 or word in words:
        return False
    return word in deletions or any(d in words for d in _deletions(word)) or any(t in words for t in _swaps(word))


def slip_table(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of SLIP_MIN_LETTERS letters or more and their one-letter deletions, for :func:`slip_of`."""
    long_words = frozenset(w for w in words if len(w) >= SLIP_MIN_LETTERS)
    return long_words, frozenset(d for w in long_words for d in _deletions(w))


_LONG_STOP_WORDS, _STOP_DELETIONS = slip_table(STOP_WORDS)


def near_stop_word(word: str) -> bool:
    """Whether ``word`` (folded) is a stop word of SLIP_MIN_LETTERS letters or more with a slip (slip_of)."""
    return word not in STOP_WORDS and slip_of(_LONG_STOP_WORDS, _STOP_DELETIONS, word)


# A request to look around a place or the whole catalogue ("what do schools in Porto offer?", "co oferują szkoły w
# Krakowie?", "ką siūlo mokyklos Kaune?", "show me all offers"): when a message has no content word but these and
# place names, there is no thing asked for, and the search lists what the place offers (service._browsed).
BROWSE_WORDS = word_set(
    """
    school schools show list see browse catalogue catalog everything offered offering available there what
    mokykla mokyklos mokyklu siulo siulote siulomi siulymai siulymu siulymus parodyk parodykite rodyk viskas viska
    turite yra ka kas
    skola skolas skolu piedava piedavajat piedavajumi piedavajumu piedavajumus paradi paradiet viss visu ir ko kas
    szkola szkoly szkol oferuja oferujecie oferta oferty ofert pokaz pokazcie wszystko wszystkie macie jest co
    scuola scuole offrono offrite offerta offerte mostra mostrami mostrateci tutto tutte tutti cosa che avete
    escola escolas oferecem oferece ofertas oferta mostra mostre mostrar tudo todas todos tem que ha ce
    школа школы школ предлагают предлагаете предложения предложение покажи покажите все всё что есть
    """
)
# Without a place, only a request for everything is browsing ("show me all offers"; "show me" alone is not).
EVERYTHING_WORDS = word_set(
    """
    all everything offers visi viska viskas visus visa siulymai siulymus viss visu visus piedavajumi piedavajumus
    wszystko wszystkie oferty tutto tutte tutti offerte tudo todas todos ofertas все всё предложения
    """
)
