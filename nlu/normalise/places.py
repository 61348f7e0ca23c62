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

from collections.abc import Iterator
from functools import lru_cache

from babel import Locale
from rapidfuzz import process
from rapidfuzz.distance import OSA

from domain.place_names import CITY_FORMS as _CITY_FORMS
from domain.place_names import TOWNS as _TOWNS
from domain.place_names import forms as _forms
from domain.place_names import key as _key
from nlu.normalise._text import fold, original_words, words_of
from nlu.normalise.vocab import word_set

# ISO alpha-2 → stems (any word starting with one matches) and exact folded words.
_COUNTRY_STEMS: dict[str, tuple[str, ...]] = {
    "LT": ("lietuv", "lithuan", "lituan", "litw", "litew", "litv", "литв", "литовск"),  # "v Litve": Russian in Latin
    "LV": ("latvi", "lotw", "lotews", "letton", "leton", "латви", "латвий", "латыш"),
    "PL": ("poland", "lenkij", "lenkisk", "polij", "polsk", "polsce", "polon", "polacc", "polsh", "польш", "польск"),
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
    said = " ".join(w.text for w in words_of(fold(text)))
    return _world_countries().get(said) or _country_slip(said)


COUNTRY_SLIP_MIN = 5  # letters: "Portgual", "Lithuana", "Polnd" are slips; "Peru" and "Iran" are too short to guess


def _country_slip(said: str) -> str | None:
    """The one country a name with a slip of one letter (dropped, added, changed or two swapped) names, or None
    when none or several do ("Portgual" was not recognised, and a sign-up stalled at the country)."""
    if len(said) < COUNTRY_SLIP_MIN or " " in said:
        return None
    codes = {code for name, code in _world_countries().items()
             if abs(len(name) - len(said)) <= 1 and OSA.distance(name, said, score_cutoff=1) <= 1}  # fmt: skip
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=8192)
def is_place_word(word: str) -> bool:
    """A folded word that names one of our towns as written, or a country: never a word of anything else to match
    ("Portugal" is no "portão", a metalwork gate). Cached: the category matcher asks it of every word of every
    message, and words repeat."""
    return _key(word) in _CITIES or find_country(word) is not None


def find_country(text: str) -> str | None:
    """ISO 3166 alpha-2 code of the first country (or country adjective) mentioned, or None."""
    return next(_countries_in(text), None)  # read up to the first: every message's entities ask this


def find_countries(text: str) -> list[str]:
    """The ISO 3166 alpha-2 codes of every country (or country adjective) mentioned, in order, each once:
    "var piegādāt arī uz Lietuvu un Poliju" names two."""
    codes: list[str] = []
    for code in _countries_in(text):
        if code not in codes:
            codes.append(code)
    return codes


def _countries_in(text: str) -> Iterator[str]:
    if not text:
        return
    words = words_of(fold(text))
    for i, word in enumerate(words):
        token = word.text
        if len(token) < 4:
            continue
        if token == "polish":
            nxt = words[i + 1].text if i + 1 < len(words) else ""
            if nxt in _POLISH_NOUNS:
                yield "PL"
            continue
        if token in _COUNTRY_EXACT:
            yield _COUNTRY_EXACT[token]
            continue
        for code, stems in _COUNTRY_STEMS.items():
            if token.startswith(stems):
                yield code
                break


_CITIES: dict[str, tuple[str, str]] = {
    _key(form): city
    for table in (_TOWNS, _CITY_FORMS)  # the big table's forms win where both list one
    for city, spec in table.items()
    for form in _forms(spec)
    if " " not in form and "-" not in form
}
_CITY_KEYS = tuple(_CITIES)
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
    return _mistyped_city(keys)


# A town mistyped ("in Vilnus", "a Torno", "w Krakowje"): one slip in a name of this many letters, two in a longer
# one, and only right after "in", "w", "в", "a"…, where a town is expected: a capital letter says nothing at the
# start of a sentence ("Sveiki. Turime…" is no Turin).
TYPO_MIN_LETTERS = 5
TWO_TYPOS_MIN_LETTERS = 9


def _mistyped_city(keys: list[str]) -> tuple[str, str] | None:
    for i, key in enumerate(keys):
        if len(key) < TYPO_MIN_LETTERS or i == 0 or keys[i - 1] not in _PLACE_PREPOSITIONS:
            continue
        slips = 1 if len(key) < TWO_TYPOS_MIN_LETTERS else 2
        near = {
            _CITIES[found]
            for found, _score, _at in process.extract(key, _CITY_KEYS, scorer=OSA.distance, score_cutoff=slips, limit=8)
            if len(found) >= TYPO_MIN_LETTERS
        }
        if len(near) == 1:
            return near.pop()
    return None
