"""Place words: cities and countries as people write them, in the seven languages and their cases.

The city forms come from domain/place_names.py, which the NLU reads too. Search does not filter by
them — the caller turns places into filters — but a message that names a place ("tortai Kaune",
"cakes delivered to Poland", "сайт в Риге") must not lose its listings because no listing's text
contains that word, so a place word counts for little in the score.
"""

from __future__ import annotations

from domain.place_names import CITY_FORMS, TOWNS, forms, key
from domain.search.normalise import fold
from domain.search.stopwords import slip_of, slip_table


def _city_names() -> dict[str, str]:
    """Every one-word form of a known city (its cases and exonyms, soft signs dropped) → its folded native name."""
    names: dict[str, str] = {}
    for table in (TOWNS, CITY_FORMS):  # the big table's forms win where both list one
        for (name, _country), spec in table.items():
            for form in forms(spec):
                if " " not in form and "-" not in form:
                    names[key(form)] = fold(name)
    return names


_CITY_NAMES = _city_names()


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

PLACE_WORDS: frozenset[str] = frozenset(_CITY_NAMES) | frozenset(_COUNTRY_WORDS.split())


def is_place_word(word: str) -> bool:
    """A folded word that names a city or a country (any case form), or a country adjective."""
    return key(word) in PLACE_WORDS or (len(word) >= 4 and word.startswith(COUNTRY_STEMS))


_LONG_PLACE_WORDS, _PLACE_DELETIONS = slip_table(PLACE_WORDS)


def near_place_word(word: str) -> bool:
    """Whether ``word`` (folded) is a city or country form with a slip ("klipedoje", "klaippedoje")."""
    return not is_place_word(word) and slip_of(_LONG_PLACE_WORDS, _PLACE_DELETIONS, key(word))


def city_named(word: str) -> str | None:
    """The folded native name of the city a folded word names in any case or language ("вильнюсе", "wilnie",
    "kaune" → "vilnius", "vilnius", "kaunas"), or None."""
    return _CITY_NAMES.get(key(word))


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
