"""Place words: cities and countries as people write them, in the seven languages and their cases.

Copied from nlu/normalise/places.py (``domain`` must not import ``nlu``). Search does not filter by
them — the caller turns places into filters — but a message that names a place ("tortai Kaune",
"cakes delivered to Poland", "сайт в Риге") must not lose its listings because no listing's text
contains that word, so a place word counts for little in the score.
"""

from __future__ import annotations

_CITY_FORMS = """
alytaus alytui alytuje alytus aveire aveiro balstoge balstogeje balstoges bari baryje belostoka bialegostoku
bialymstoku bialystok bologna bolona bolonha bolonia bolonii bolonija bolonijoje bolonijos braga breslavia
coimbra cracovia cracow danzica daugavpili daugavpilij daugavpils daugpilio daugpilis daugpilyje dyneburg
dyneburgu dzwinsk faro firenze florenca florence florencija florencijoje florencijos florencja florencji
gdansk gdanska gdanskas gdanske gdanskiem gdansko gdansku genoa genova genua genui genuja genujoje genujos
gimaraisas guimaraes jelgava jelgavai jelgavas jelgavoje jelgavos jelgawa jelgawie jurmala jurmalai jurmalas
jurmale jurmaloje jurmalos katovicai katovicu katovicuose katowic katowicach katowice kauna kaunas kaune kauno
kaunui klaipeda klaipedai klaipedoje klaipedos klaipedu klajpeda klajpedy klajpedzie koimbra koimbroje kowna
kownie kowno krakova krakovai krakovas krakow krakowa krakowem krakowie krokuva krokuvai krokuvoje krokuvos
liepaja liepajai liepajas liepoja liepojoje liepojos lipawa lipawie lipawy lisabona lisabonai lisabonoje
lisabonos lisboa lisbon lisbona liublinas liubline liublino lizbona lizbonie lizbony lodz lodze lodzeje lodzes
lodzi lublin lublina lublinie mariampol mariampolu marijampole marijampoleje marijampoles mediolan mediolanie
mediolanu milan milana milanas milane milano milanui milao mitawa mitawie naples napoles napoli neapol
neapolem neapolio neapolis neapolu neapolyje olicie olita oporto palermas palerme palermo palermui panevezi
panevezio paneveziui panevezyje panevezys poniewiez poniewiezu portas porto poznan poznane poznanes poznania
poznaniu rezekne rezeknei rezekneje rezeknes rezykne riga rigai rigas rige rigoje rigos roma romai rome romoje
romos rydze ryga rygai rygi rygoje rygos rzym rzymie rzymu scecinas scecine scecino setubal setubalyje
siauliai siauliams siauliu siauliuose siaulius stettino szawlach szawle szawli szczecin szczecina szczecinie
torino turim turin turina turinas turine turino turyn turynie turynu uciana ucianie utena utenai utenoje
utenos valmiera valmierai valmieras valmieroje valmieros varsava varsavai varsavas varsavia varsovia varsovie
varsuva varsuvai varsuvoje varsuvos venecija venecijoje venecijos veneza venezia venice ventspili ventspilij
ventspilio ventspilis ventspils ventspilyje vilna vilnas vilniaus vilniu vilniui vilniuje vilnius vroclava
vroclavas vroclave vroclavo warsaw warszawa warszawe warszawie warszawy wenecja wenecji wilna wilnie wilno
windawa windawie wolmar wroclaw wroclawia wroclawiu авейру алитус алитуса алитусе бари белосток белостока
белостоке болонье болоньи болонья брага браге валмиера валмиере валмиеры варшава варшаве варшаву варшавы
венеции венеция вентспилс вентспилса вентспилсе вильно вильнюс вильнюса вильнюсе вильнюсу вроцлав вроцлава
вроцлаве гданьск гданьска гданьске генуе генуи генуя гимарайнш гимарайнше даугавпилс даугавпилса даугавпилсе
елгава елгаве елгавы катовице каунас каунаса каунасе каунасу клайпеда клайпеде клайпеду клайпеды коимбра
коимбре краков кракова кракове лиепае лиепаи лиепаю лиепая лиссабон лиссабона лиссабоне лодзи лодзь люблин
люблина люблине мариямполе милан милана милане неаполе неаполь неаполя палермо паневежис паневежиса паневежисе
познани познань порту резекне рига риге риги ригой ригу рим рима риме сетубал сетубале турин турина турине
утена утене утены фару флоренции флоренция шауляй шяуляй щецин щецина щецине юрмала юрмале юрмалы
"""

_COUNTRY_WORDS = """
estonia franca france frances francesas francese francesi francia french germany italija italijoje italu italy
latvia latvija latvijoje lenkija lenkijoje lenku lietuva lietuvoje lithuania litwa litwie lotwa lotwie poland
polsce polska portugal portugalija portugalijoje wlochy wloszech
"""

COUNTRY_STEMS: tuple[str, ...] = tuple(
    [
        "alemanh",
        "espanh",
        "estij",
        "eston",
        "finland",
        "finnish",
        "francij",
        "francj",
        "francusk",
        "german",
        "hiszpan",
        "igaun",
        "ispanij",
        "itali",
        "italy",
        "latvi",
        "lenkij",
        "lenkisk",
        "leton",
        "letton",
        "lietuv",
        "litew",
        "lithuan",
        "lituan",
        "litw",
        "lotews",
        "lotw",
        "niemc",
        "niemiec",
        "polacc",
        "poland",
        "polij",
        "polon",
        "polsce",
        "polsk",
        "portogall",
        "portoghes",
        "portug",
        "prancuzij",
        "somij",
        "spagn",
        "spain",
        "spanij",
        "spanish",
        "suecia",
        "suomij",
        "svedes",
        "svedij",
        "svezi",
        "sweden",
        "swedish",
        "szwecj",
        "szwedzk",
        "vacij",
        "vokiesk",
        "vokietij",
        "wloch",
        "wlosk",
        "wlosz",
        "zviedrij",
        "герман",
        "испани",
        "испанск",
        "итали",
        "итальян",
        "латви",
        "латвий",
        "латыш",
        "литв",
        "литовск",
        "немецк",
        "польск",
        "польш",
        "португал",
        "финлянд",
        "финск",
        "франци",
        "французск",
        "шведск",
        "швеци",
        "эстон",
    ]
)

PLACE_WORDS: frozenset[str] = frozenset(_CITY_FORMS.split()) | frozenset(_COUNTRY_WORDS.split())


def is_place_word(word: str) -> bool:
    """A folded word that names a city or a country (any case form), or a country adjective."""
    return word in PLACE_WORDS or (len(word) >= 4 and word.startswith(COUNTRY_STEMS))


# Country stems (folded, any language and case form) → ISO code, for a country named in a message:
# search ranks that country's listings first (the caller may also filter by it).
_COUNTRY_OF_STEM = {
    "LT": ("lietuv", "lithuan", "lituan", "litw", "litew", "литв", "литовск"),
    "LV": ("latvi", "latvij", "lotw", "lotews", "leton", "letton", "латви", "латвий", "латыш"),
    "PL": ("poland", "polsk", "polsce", "lenkij", "polij", "polon", "polacc", "польш", "польск"),
    "IT": ("italy", "itali", "italij", "wloch", "wlosz", "wlosk", "итали", "итальян"),
    "PT": ("portug", "portogall", "portoghes", "португал"),
    "EE": ("estonia", "eston", "estij", "igaun", "эстон"),
    "DE": ("germany", "german", "vokietij", "vacij", "niemc", "niemiec", "герман", "немецк"),
}


def country_named(word: str) -> str | None:
    """The ISO code of the country a folded word names ("Lenkijoje", "w Polsce", "из Латвии"), if any."""
    if len(word) < 4:
        return None
    for code, stems in _COUNTRY_OF_STEM.items():
        if word.startswith(stems):
            return code
    return None
