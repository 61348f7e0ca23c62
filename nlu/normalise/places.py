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

from nlu.normalise._text import fold, original_words, words_of

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
_CITIES: dict[str, tuple[str, str]] = {form: city for city, forms in _CITY_FORMS.items() for form in forms.split()}
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
        city = _CITIES.get(word.text)
        if city is None:
            continue
        if word.text in _GUARDED_CITIES:
            capitalised = aligned and originals[i][:1].isupper()
            after_preposition = i > 0 and words[i - 1].text in _PLACE_PREPOSITIONS
            if not (capitalised or after_preposition):
                continue
        return city
    return None
