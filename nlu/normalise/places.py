"""Find the country or city a message is about, in any of the seven languages and any inflection.

Why tables and not a gazetteer library: users write "Kaune", "w Krakowie", "в Риге", "Rigoje",
"Lisabona", "em Lisboa" — locative/genitive forms and exonyms that no small gazetteer lists. The set of
places that matter (where the partner schools are) is small, so every form is listed, matched as a
whole word of the folded text (lower case, no Latin diacritics), which also avoids substring hits such
as "Roma" inside "aromatas".

Countries also match the adjectives used as filters ("tik lietuviškos", "only Polish schools",
"только латвийские") through stems, because adjectives inflect even more than nouns.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from nlu.normalise._text import fold, original_words, words_of
from nlu.normalise.vocab import word_set

# ISO alpha-2 → stems (any word starting with one matches) and exact folded words.
_COUNTRY_STEMS: dict[str, tuple[str, ...]] = {
    "LT": ("lietuv", "lithuan", "lituan", "litw", "litew", "литв", "литовск"),
    "LV": ("latvi", "lotw", "lotews", "letton", "leton", "латви", "латвий", "латыш"),
    "PL": ("poland", "lenkij", "lenkisk", "polij", "polsk", "polsce", "polon", "polacc", "польш", "польск"),
    "IT": ("italy", "itali", "wloch", "wlosz", "wlosk", "итали", "итальян"),
    "PT": ("portug", "portogall", "portoghes", "португал"),
    "EE": ("eston", "estij", "igaun", "эстон"),
    "DE": ("german", "vokietij", "vokiesk", "vacij", "niemc", "niemiec", "alemanh", "герман", "немецк"),
    "FI": ("finland", "finnish", "suomij", "somij", "финлянд", "финск"),
    "SE": (
        "sweden",
        "swedish",
        "svedij",
        "zviedrij",
        "szwecj",
        "szwedzk",
        "svezi",
        "svedes",
        "suecia",
        "швеци",
        "шведск",
    ),
    "FR": ("prancuzij", "francij", "francj", "francusk", "франци", "французск"),
    "ES": ("spain", "spanish", "ispanij", "spanij", "hiszpan", "spagn", "espanh", "испани", "испанск"),
}
_COUNTRY_EXACT: dict[str, str] = {
    "lenku": "PL",
    "italu": "IT",
    "france": "FR",
    "french": "FR",
    "francia": "FR",
    "franca": "FR",
    "francese": "FR",
    "francesi": "FR",
    "frances": "FR",
    "francesas": "FR",
}
# "polish" is also the verb (car or furniture polishing is a service here), so it counts as the
# country only before a word that makes it an adjective of origin.
_POLISH_NOUNS = frozenset(
    {
        "school",
        "schools",
        "students",
        "student",
        "company",
        "companies",
        "offers",
        "teachers",
        "college",
        "colleges",
        "makers",
        "one",
        "ones",
    }
)


NAME_LANGUAGES = ("en", "lt", "lv", "pl", "it", "pt", "ru")


@lru_cache(maxsize=1)
def _world_countries() -> dict[str, str]:
    """Every country's name in our seven languages (CLDR, through Babel), folded → ISO code."""
    names: dict[str, str] = {}
    for language in NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "ZZ", "QO"):
                names.setdefault(" ".join(w.text for w in words_of(fold(name))), code)
    return names


def country_named(text: str) -> str | None:
    """The country an answer to "In which country?" names: one of ours in any case form, or any country of
    the world by its name alone ("Ireland", "Airija", "Ирландия"). Not for searching inside messages, where
    "Chad" or "Jordan" would be read as countries."""
    found = find_country(text)
    if found is not None:
        return found
    return _world_countries().get(" ".join(w.text for w in words_of(fold(text))))


def find_country(text: str) -> str | None:
    """ISO 3166 alpha-2 code of the first country (or country adjective) mentioned, or None."""
    if not text:
        return None
    words = words_of(fold(text))
    for i, word in enumerate(words):
        token = word.text
        if len(token) < 4:
            continue
        if token == "polish":
            nxt = words[i + 1].text if i + 1 < len(words) else ""
            if nxt in _POLISH_NOUNS:
                return "PL"
            continue
        if token in _COUNTRY_EXACT:
            return _COUNTRY_EXACT[token]
        for code, stems in _COUNTRY_STEMS.items():
            if token.startswith(stems):
                return code
    return None


# (native nominative, ISO country) → folded forms: native cases, then lt/lv/pl/ru/it/pt/en exonyms
# with their cases.
_CITY_FORMS: dict[tuple[str, str], str] = {
    ("Vilnius", "LT"): "vilnius vilniaus vilniuje vilniu vilniui vilna vilnas wilno wilnie wilna "
    "вильнюс вильнюсе вильнюса вильнюсу вильно",
    ("Kaunas", "LT"): "kaunas kauno kaune kauna kaunui kowno kownie kowna каунас каунасе каунаса каунасу",
    ("Klaipėda", "LT"): "klaipeda klaipedos klaipedoje klaipedai klaipeda klaipedu klajpeda klajpedzie "
    "klajpedy клайпеда клайпеде клайпеды клайпеду",
    ("Šiauliai", "LT"): "siauliai siauliu siauliuose siaulius siauliams szawle szawlach szawli шяуляй шауляй",
    ("Panevėžys", "LT"): "panevezys panevezio panevezyje paneveziui panevezi poniewiez poniewiezu "
    "паневежис паневежисе паневежиса",
    ("Alytus", "LT"): "alytus alytaus alytuje alytui olita olicie алитус алитусе алитуса",
    ("Marijampolė", "LT"): "marijampole marijampoles marijampoleje mariampol mariampolu мариямполе",
    ("Utena", "LT"): "utena utenos utenoje utenai uciana ucianie утена утене утены",
    ("Rīga", "LV"): "riga rigas rigai rigoje rigos ryga rygos rygoje rygai rydze rygi rige рига риге риги ригу ригой",
    ("Daugavpils", "LV"): "daugavpils daugavpili daugavpilij daugpilis daugpilio daugpilyje dyneburg "
    "dyneburgu dzwinsk даугавпилс даугавпилсе даугавпилса",
    ("Liepāja", "LV"): "liepaja liepajas liepajai liepoja liepojos liepojoje lipawa lipawie lipawy "
    "лиепая лиепае лиепаи лиепаю",
    ("Jelgava", "LV"): "jelgava jelgavas jelgavai jelgavoje jelgavos jelgawa jelgawie mitawa mitawie "
    "елгава елгаве елгавы",
    ("Jūrmala", "LV"): "jurmala jurmalas jurmalai jurmaloje jurmalos jurmale юрмала юрмале юрмалы",
    ("Ventspils", "LV"): "ventspils ventspili ventspilij ventspilis ventspilio ventspilyje windawa "
    "windawie вентспилс вентспилсе вентспилса",
    ("Rēzekne", "LV"): "rezekne rezeknes rezeknei rezekneje rezykne резекне",
    ("Valmiera", "LV"): "valmiera valmieras valmierai valmieroje valmieros wolmar валмиера валмиере валмиеры",
    ("Warszawa", "PL"): "warszawa warszawie warszawy warszawe warszawa warsaw varsuva varsuvoje varsuvos "
    "varsuvai varsava varsavas varsavai varsavia varsovia varsovie варшава варшаве "
    "варшавы варшаву",
    ("Kraków", "PL"): "krakow krakowie krakowa krakowem cracow cracovia krokuva krokuvoje krokuvos "
    "krokuvai krakova krakovas krakovai краков кракове кракова",
    ("Gdańsk", "PL"): "gdansk gdansku gdanska gdanskiem gdanskas gdanske gdansko danzica гданьск гданьске гданьска",
    ("Poznań", "PL"): "poznan poznaniu poznania poznane poznanes познань познани",
    ("Wrocław", "PL"): "wroclaw wroclawiu wroclawia vroclavas vroclave vroclavo vroclava breslavia "
    "вроцлав вроцлаве вроцлава",
    ("Łódź", "PL"): "lodz lodzi lodze lodzeje lodzes лодзь лодзи",
    ("Lublin", "PL"): "lublin lublinie lublina liublinas liubline liublino люблин люблине люблина",
    ("Białystok", "PL"): "bialystok bialymstoku bialegostoku balstoge balstogeje balstoges belostoka "
    "белосток белостоке белостока",
    ("Szczecin", "PL"): "szczecin szczecinie szczecina scecinas scecine scecino stettino щецин щецине щецина",
    ("Katowice", "PL"): "katowice katowicach katowic katovicai katovicuose katovicu катовице",
    ("Roma", "IT"): "roma rome romoje romos roma romai rzym rzymie rzymu рим риме рима",
    ("Milano", "IT"): "milano milan milanas milane milano milanui milana mediolan mediolanie mediolanu "
    "milao милан милане милана",
    ("Torino", "IT"): "torino turin turinas turine turino turina turyn turynie turynu turim турин турине турина",
    ("Napoli", "IT"): "napoli naples neapolis neapolyje neapolio neapol neapolu neapolem napoles "
    "неаполь неаполе неаполя",
    ("Bologna", "IT"): "bologna bolonija bolonijoje bolonijos bolona bolonia bolonii bolonha болонья болонье болоньи",
    ("Firenze", "IT"): "firenze florence florencija florencijoje florencijos florencja florencji "
    "florenca флоренция флоренции",
    ("Venezia", "IT"): "venezia venice venecija venecijoje venecijos wenecja wenecji veneza венеция венеции",
    ("Genova", "IT"): "genova genoa genuja genujoje genujos genua genui генуя генуе генуи",
    ("Bari", "IT"): "bari baryje бари",
    ("Palermo", "IT"): "palermo palermas palerme palermui палермо",
    ("Lisboa", "PT"): "lisboa lisbon lisabona lisabonoje lisabonos lisabonai lizbona lizbonie lizbony "
    "lisbona лиссабон лиссабоне лиссабона",
    ("Braga", "PT"): "braga брага браге",
    ("Coimbra", "PT"): "coimbra koimbra koimbroje коимбра коимбре",
    ("Aveiro", "PT"): "aveiro aveire авейру",
    ("Setúbal", "PT"): "setubal setubalyje сетубал сетубале",
    ("Guimarães", "PT"): "guimaraes gimaraisas гимарайнш гимарайнше",
    # Porto and Faro are also Italian/Portuguese common nouns ("porto" = port / "I bring", "faro" =
    # lighthouse); see _GUARDED_CITIES.
    ("Porto", "PT"): "porto oporto portas порту",
    ("Faro", "PT"): "faro фару",
}
# Smaller towns where vocational schools are: the nominative (and the Russian name for Latvia and Lithuania, where
# Russian is spoken); their cases are matched by _STEMS below rather than listed.
_TOWNS: dict[tuple[str, str], str] = {
    ("Tauragė", "LT"): "taurage таураге", ("Kėdainiai", "LT"): "kedainiai кедайняй",
    ("Telšiai", "LT"): "telsiai тельшяй", ("Mažeikiai", "LT"): "mazeikiai мажейкяй",
    ("Jonava", "LT"): "jonava ионава", ("Visaginas", "LT"): "visaginas висагинас",
    ("Druskininkai", "LT"): "druskininkai друскининкай", ("Palanga", "LT"): "palanga паланга",
    ("Plungė", "LT"): "plunge плунге", ("Jonišķis", "LT"): "joniskis", ("Rokiškis", "LT"): "rokiskis рокишкис",
    ("Jēkabpils", "LV"): "jekabpils екабпилс", ("Ogre", "LV"): "ogre ogres ogrei огре",
    ("Sigulda", "LV"): "sigulda сигулда", ("Cēsis", "LV"): "cesis cesu cesim цесис",
    ("Tukums", "LV"): "tukums тукумс", ("Kuldīga", "LV"): "kuldiga кулдига", ("Talsi", "LV"): "talsi талси",
    ("Saldus", "LV"): "saldus салдус", ("Bauska", "LV"): "bauska бауска", ("Dobele", "LV"): "dobele добеле",
    ("Līvāni", "LV"): "livani ливаны", ("Ludza", "LV"): "ludza лудза", ("Krāslava", "LV"): "kraslava краслава",
    ("Preiļi", "LV"): "preili прейли", ("Alūksne", "LV"): "aluksne алуксне", ("Madona", "LV"): "madona мадона",
    ("Gulbene", "LV"): "gulbene гулбене", ("Balvi", "LV"): "balvi балви", ("Limbaži", "LV"): "limbazi лимбажи",
    ("Smiltene", "LV"): "smiltene смилтене", ("Aizkraukle", "LV"): "aizkraukle айзкраукле",
    ("Gdynia", "PL"): "gdynia gdyni gdynie гдыня", ("Bydgoszcz", "PL"): "bydgoszcz bydgoszczy быдгощ",
    ("Toruń", "PL"): "torun toruniu torunia торунь", ("Rzeszów", "PL"): "rzeszow rzeszowie rzeszowa жешув",
    ("Kielce", "PL"): "kielce kielcach kielc кельце", ("Olsztyn", "PL"): "olsztyn ольштын",
    ("Opole", "PL"): "opole opolu ополе", ("Częstochowa", "PL"): "czestochowa ченстохова",
    ("Radom", "PL"): "radom radomiu радом", ("Gliwice", "PL"): "gliwice gliwicach гливице",
    ("Suwałki", "PL"): "suwalki suwalkach сувалки",
    ("Verona", "IT"): "verona верона", ("Padova", "IT"): "padova padua падуя", ("Trento", "IT"): "trento тренто",
    ("Bolzano", "IT"): "bolzano больцано", ("Brescia", "IT"): "brescia брешиа", ("Bergamo", "IT"): "bergamo бергамо",
    ("Catania", "IT"): "catania катания", ("Cagliari", "IT"): "cagliari кальяри", ("Perugia", "IT"): "perugia перуджа",
    ("Ancona", "IT"): "ancona анкона", ("Pescara", "IT"): "pescara пескара", ("Salerno", "IT"): "salerno салерно",
    ("Parma", "IT"): "parma парма", ("Modena", "IT"): "modena модена", ("Trieste", "IT"): "trieste триест",
    ("Udine", "IT"): "udine удине", ("Lecce", "IT"): "lecce лечче", ("Taranto", "IT"): "taranto таранто",
    ("Messina", "IT"): "messina мессина", ("Vicenza", "IT"): "vicenza виченца",
    ("Évora", "PT"): "evora эвора", ("Viseu", "PT"): "viseu визеу", ("Leiria", "PT"): "leiria лейрия",
    ("Funchal", "PT"): "funchal фуншал",

    ("Santarém", "PT"): "santarem сантарен", ("Portalegre", "PT"): "portalegre",
    ("Bragança", "PT"): "braganca браганса", ("Covilhã", "PT"): "covilha",
    ("Matosinhos", "PT"): "matosinhos", ("Almada", "PT"): "almada", ("Amadora", "PT"): "amadora",
    # More towns with vocational schools (issue 10 part 4): lt, lv, pl (native nominative + Russian), it, pt.
    ("Ukmergė", "LT"): "ukmerge укмерге", ("Kretinga", "LT"): "kretinga кретинга",
    ("Radviliškis", "LT"): "radviliskis радвилишкис", ("Biržai", "LT"): "birzai биржай",
    ("Anykščiai", "LT"): "anyksciai аникщяй", ("Raseiniai", "LT"): "raseiniai расейняй",
    ("Kelmė", "LT"): "kelme кельме", ("Šilutė", "LT"): "silute шилуте", ("Elektrėnai", "LT"): "elektrenai электренай",
    ("Trakai", "LT"): "trakai тракай", ("Prienai", "LT"): "prienai пренай", ("Zarasai", "LT"): "zarasai зарасай",
    ("Kupiškis", "LT"): "kupiskis купишкис", ("Pasvalys", "LT"): "pasvalys пасвалис",
    ("Vilkaviškis", "LT"): "vilkaviskis вилкавишкис", ("Šalčininkai", "LT"): "salcininkai шальчининкай",
    ("Molėtai", "LT"): "moletai молетай", ("Ignalina", "LT"): "ignalina игналина", ("Neringa", "LT"): "neringa неринга",
    ("Olaine", "LV"): "olaine олайне", ("Salaspils", "LV"): "salaspils саласпилс", ("Ķekava", "LV"): "kekava кекава",
    ("Aizpute", "LV"): "aizpute айзпуте", ("Priekuļi", "LV"): "priekuli приекули", ("Vecumnieki", "LV"): "vecumnieki",
    ("Grobiņa", "LV"): "grobina гробиня", ("Smārde", "LV"): "smarde", ("Stende", "LV"): "stende",
    ("Zielona Góra", "PL"): "zielona gora, zielonej gorze, zielonej gory, зелёна гура, зелена гура",
    ("Gorzów Wielkopolski", "PL"): "gorzow wielkopolski, gorzow, gorzowie, gorzowa, горжув",
    ("Nowy Sącz", "PL"): "nowy sacz, nowym saczu, nowego sacza, новы сонч",
    ("Elbląg", "PL"): "elblag elblagu эльблонг", ("Płock", "PL"): "plock plocku плоцк",
    ("Koszalin", "PL"): "koszalin koszalinie кошалин", ("Tarnów", "PL"): "tarnow tarnowie tarnowa тарнув",
    ("Legnica", "PL"): "legnica legnicy legnicach легница", ("Kalisz", "PL"): "kalisz kaliszu калиш",
    ("Zamość", "PL"): "zamosc zamosciu замосць", ("Słupsk", "PL"): "slupsk slupsku слупск",
    ("Siedlce", "PL"): "siedlce siedlcach седльце", ("Łomża", "PL"): "lomza lomzy lomzie ломжа",
    ("Ełk", "PL"): "elk elku элк", ("Augustów", "PL"): "augustow augustowie августов",
    ("Sopot", "PL"): "sopot sopocie сопот", ("Gniezno", "PL"): "gniezno gnieznie гнезно",
    ("Bielsko-Biała", "PL"): "bielsko biala, bielsku bialej, bielska bialej, бельско-бяла",
    ("Pisa", "IT"): "pisa пиза", ("Siena", "IT"): "siena сиена", ("Lucca", "IT"): "lucca лукка",
    ("Livorno", "IT"): "livorno ливорно", ("Ravenna", "IT"): "ravenna равенна", ("Rimini", "IT"): "rimini римини",
    ("Reggio Emilia", "IT"): "reggio emilia, реджо-эмилия", ("Reggio Calabria", "IT"): "reggio calabria,",
    ("Piacenza", "IT"): "piacenza пьяченца", ("Como", "IT"): "como комо", ("Monza", "IT"): "monza монца",
    ("Varese", "IT"): "varese варезе", ("Novara", "IT"): "novara новара", ("Treviso", "IT"): "treviso тревизо",
    ("Ferrara", "IT"): "ferrara феррара", ("Sassari", "IT"): "sassari сассари", ("Foggia", "IT"): "foggia фоджа",
    ("Arezzo", "IT"): "arezzo ареццо", ("Pavia", "IT"): "pavia павия",
    ("Cremona", "IT"): "cremona кремона", ("Mantova", "IT"): "mantova mantua мантуя", ("Lecco", "IT"): "lecco лекко",
    ("La Spezia", "IT"): "la spezia, ла специя", ("Cosenza", "IT"): "cosenza козенца", ("Siracusa", "IT"): "siracusa",
    ("Viana do Castelo", "PT"): "viana do castelo, виана-ду-каштелу", ("Vila Real", "PT"): "vila real, вила-реал",
    ("Castelo Branco", "PT"): "castelo branco, каштелу-бранку", ("Beja", "PT"): "beja бежа",
    ("Vila Nova de Gaia", "PT"): "vila nova de gaia, gaia", ("Sintra", "PT"): "sintra синтра",
    ("Cascais", "PT"): "cascais кашкайш", ("Oeiras", "PT"): "oeiras", ("Barreiro", "PT"): "barreiro",
    ("Odivelas", "PT"): "odivelas", ("Loures", "PT"): "loures", ("Seixal", "PT"): "seixal",
    ("Figueira da Foz", "PT"): "figueira da foz,", ("Portimão", "PT"): "portimao портиман",
    ("Albufeira", "PT"): "albufeira альбуфейра", ("Póvoa de Varzim", "PT"): "povoa de varzim,",
    ("Vila do Conde", "PT"): "vila do conde,", ("Maia", "PT"): "maia", ("Valongo", "PT"): "valongo",
    ("Gondomar", "PT"): "gondomar", ("Ponta Delgada", "PT"): "ponta delgada,",
    ("Lamego", "PT"): "lamego", ("Torres Vedras", "PT"): "torres vedras,",
    ("Caldas da Rainha", "PT"): "caldas da rainha,",
    ("Tallinn", "EE"): "tallinn tallinas talinas talinoje tallina tallinna tallinnie tallinie таллин таллинн",
    ("Tartu", "EE"): "tartu тарту",
}  # fmt: skip


def _forms(spec: str) -> list[str]:
    """The folded forms of one table entry: space-separated words, or comma-separated when a form has spaces."""
    return [f.strip() for f in spec.split(",") if f.strip()] if "," in spec else spec.split()


def _key(word: str) -> str:
    """A word as the tables are looked up: Russian soft and hard signs dropped ("вилнюсе" = "вильнюсе"), since
    people typing Russian in Latin letters, or in a hurry, leave them out."""
    return word.replace("ь", "").replace("ъ", "")


_CITIES: dict[str, tuple[str, str]] = {
    _key(form): city
    for table in (_TOWNS, _CITY_FORMS)  # the big table's forms win where both list one
    for city, spec in table.items()
    for form in _forms(spec)
    if " " not in form and "-" not in form
}
# Names of more than one word ("Viana do Castelo", "w Zielonej Górze", "Бельско-Бяла"): word sequences, by first word.
_MULTI_WORD: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _table in (_CITY_FORMS, _TOWNS):
    for _city, _spec in _table.items():
        for _form in _forms(_spec):
            _words = tuple(_key(w.text) for w in words_of(fold(_form)))
            if len(_words) > 1:
                _MULTI_WORD.setdefault(_words[0], []).append((_words, _city))
# A word is a city's case form when it is a stem of one of its names plus one of these endings (lt, lv, pl, ru,
# folded): "Tauragėje" = taurag + eje, "Jēkabpilī" = jekabpil(s) + i, "Gdyni" = gdyn + i, "Кедайняе"… Stems are
# at least 5 letters, so short common words never match by ending alone; those towns list their forms.
# "oj"/"ej" are the spoken Lithuanian locative ("Klaipėdoj", "Tauragėj").
_ENDINGS = word_set(
    "a e i o u y as es os us ai ei ui am em ie iu oje eje yje uose ose ach ami iem ij oj ej yj uos "
    "а е и у ы ю я ой ей ом ем ях ах ами"
)
_NOMINATIVE_ENDINGS = (
    "iai", "ai", "as", "is", "ys", "us", "s", "a", "e", "i", "o", "y", "а", "я", "е", "ы", "и", "ь", "й", "ай", "яй",
)  # fmt: skip
_MIN_STEM = 5


def _stems() -> dict[str, tuple[str, str]]:
    stems: dict[str, tuple[str, str]] = {}
    for table in (_CITY_FORMS, _TOWNS):
        for city, spec in table.items():
            if city[0] in ("Porto", "Faro"):  # common nouns too ("portões" = gates): their listed forms only
                continue
            forms = [_key(f) for f in _forms(spec) if " " not in f and "-" not in f]
            for name in forms[:1] + [w for w in forms if not w.isascii()][:1]:
                candidates = {name} | {name[: -len(e)] for e in _NOMINATIVE_ENDINGS if name.endswith(e)}
                for stem in candidates:
                    if len(stem) >= _MIN_STEM:
                        stems.setdefault(stem, city)
    return stems


_STEMS = _stems()


def _by_ending(word: str) -> tuple[str, str] | None:
    """The city whose stem ``word`` is, plus a case ending; None if no stem fits."""
    for cut in range(0, 5):
        stem = word[: len(word) - cut] if cut else word
        if len(stem) < _MIN_STEM:
            return None
        city = _STEMS.get(stem)
        if city is not None and (cut == 0 or word[len(stem) :] in _ENDINGS):
            return city
    return None


# Accepted as the city when written with a capital letter, or in lower case after a place preposition
# ("no porto", "em faro", "w porto", "в порту"). A lower-case "porto" elsewhere is the common noun; so are
# "como" (how), "pisa" (treads), "maia", "elk", "beja" (kiss).
_GUARDED_CITIES = frozenset({"porto", "faro", "portas", "como", "pisa", "maia", "elk", "beja"})
# Italian and Portuguese names do not inflect in their own language, and their stems are ordinary words there
# ("trenta" = thirty, not Trento): a case form of one ("Veronoje", "Padovoje") counts only with a capital letter.
_CAPITAL_FOR_CASE_FORMS = frozenset({"IT", "PT"})
_PLACE_PREPOSITIONS = frozenset(
    {
        "no",
        "do",
        "ao",
        "em",
        "w",
        "we",
        "in",
        "a",
        "to",
        "near",
        "iki",
        "is",
        "lidz",
        "uz",
        "в",
        "во",
        "из",
        "до",
        "около",
        "da",
        "di",
    }
)


def _multi_word(keys: list[str], i: int) -> tuple[str, str] | None:
    """The name of several words starting at word ``i`` ("zielonej gorze", "viana do castelo"), if any."""
    for sequence, city in _MULTI_WORD.get(keys[i], ()):
        if tuple(keys[i : i + len(sequence)]) == sequence:
            return city
    return None


def find_city(text: str) -> tuple[str, str] | None:
    """(native nominative name, ISO alpha-2 country) of the first known city mentioned, or None."""
    if not text:
        return None
    words = words_of(fold(text))
    keys = [_key(w.text) for w in words]
    originals = original_words(text)
    aligned = len(originals) == len(words)
    for i, key in enumerate(keys):
        capitalised = aligned and originals[i][:1].isupper()
        city = _multi_word(keys, i) or _CITIES.get(key)
        if city is None:
            city = _by_ending(key)
            if city is not None and city[1] in _CAPITAL_FOR_CASE_FORMS and key.isascii() and not capitalised:
                continue
        if city is None:
            continue
        if key in _GUARDED_CITIES:
            after_preposition = i > 0 and keys[i - 1] in _PLACE_PREPOSITIONS
            if not (capitalised or after_preposition):
                continue
        return city
    return None
