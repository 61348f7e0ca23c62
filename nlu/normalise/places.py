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
}  # fmt: skip
_CITIES: dict[str, tuple[str, str]] = {
    form: city
    for table in (_TOWNS, _CITY_FORMS)  # the big table's forms win where both list one
    for city, forms in table.items()
    for form in forms.split()
}
# A word is a city's case form when it is a stem of one of its names plus one of these endings (lt, lv, pl, ru,
# folded): "Tauragėje" = taurag + eje, "Jēkabpilī" = jekabpil(s) + i, "Gdyni" = gdyn + i, "Кедайняе"… Stems are
# at least 5 letters, so short common words never match by ending alone; those towns list their forms.
_ENDINGS = word_set(
    "a e i o u y as es os us ai ei ui am em ie iu oje eje yje uose ose ach ami iem ij "
    "а е и у ы ю я ой ей ом ем ях ах ами"
)
_NOMINATIVE_ENDINGS = ("iai", "ai", "as", "is", "ys", "us", "s", "a", "e", "i", "o", "y", "а", "я", "е", "ы", "и", "ь")
_MIN_STEM = 5


def _stems() -> dict[str, tuple[str, str]]:
    stems: dict[str, tuple[str, str]] = {}
    for table in (_CITY_FORMS, _TOWNS):
        for city, forms in table.items():
            if city[0] in ("Porto", "Faro"):  # common nouns too ("portões" = gates): their listed forms only
                continue
            for name in forms.split()[:1] + [w for w in forms.split() if not w.isascii()][:1]:
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
# ("no porto", "em faro", "w porto", "в порту"). A lower-case "porto" elsewhere is the common noun.
_GUARDED_CITIES = frozenset({"porto", "faro", "portas"})
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


def find_city(text: str) -> tuple[str, str] | None:
    """(native nominative name, ISO alpha-2 country) of the first known city mentioned, or None."""
    if not text:
        return None
    words = words_of(fold(text))
    originals = original_words(text)
    aligned = len(originals) == len(words)
    for i, word in enumerate(words):
        city = _CITIES.get(word.text) or _by_ending(word.text)
        if city is None:
            continue
        if word.text in _GUARDED_CITIES:
            capitalised = aligned and originals[i][:1].isupper()
            after_preposition = i > 0 and words[i - 1].text in _PLACE_PREPOSITIONS
            if not (capitalised or after_preposition):
                continue
        return city
    return None
