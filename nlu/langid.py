"""Identify which of the seven supported languages a chat message is written in.

Why these rules around lingua: the statistical detector is good on sentences but guesses on one or two
words ("ok", "Kaunas", "3D"), where the user's saved language (or Telegram's ``language_code``) is a
better answer; and Cyrillic text is always Russian among our seven languages, so we do not need a model
for it. lingua is restricted to the seven languages (fewer confusions, less memory) and built once,
lazily, with its models preloaded. Loading the seven models costs the same either way (measured 2–5 s
on the 2-core dev machine under load; ~0.3 s when the process already has them cached); preloading
just moves that cost from the first message to ``get_detector()``, which the bot can call at start-up.
After that a short message takes well under 1 ms. Only the first ``_MAX_CHARS`` characters are looked
at: that is plenty to tell the language, and it keeps a 10,000-character paste fast.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from domain.place_names import CITY_FORMS, TOWNS, forms
from domain.search.translit import MARKERS, looks_like_translit_russian
from nlu.normalise._text import fold
from nlu.normalise.vocab import word_set

SUPPORTED: Final = ("lt", "lv", "en", "pl", "it", "pt", "ru")
UNKNOWN: Final = "unknown"
_SHORT_MESSAGE_WORDS: Final = 2
_MAX_CHARS: Final = 1000

_LINGUA_TO_CODE: Final = {
    Language.LITHUANIAN: "lt",
    Language.LATVIAN: "lv",
    Language.ENGLISH: "en",
    Language.POLISH: "pl",
    Language.ITALIAN: "it",
    Language.PORTUGUESE: "pt",
    Language.RUSSIAN: "ru",
}

_detector: LanguageDetector | None = None
_lock = threading.Lock()


def get_detector() -> LanguageDetector:
    """The shared lingua detector for the seven languages, built on first use (thread-safe)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = (
                    LanguageDetectorBuilder.from_languages(*_LINGUA_TO_CODE).with_preloaded_language_models().build()
                )
    return _detector


def normalise_language_code(code: str | None) -> str | None:
    """Map "pt-br", "en-US", "LT", "ru_RU" to a supported base code; None if not one of the seven."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in SUPPORTED else None


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


_MARKUP = re.compile(r"<[^>]{0,200}>|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of town names; the short joining words of a longer name ("do" of "Foz do Arelho", "la" of "La Spezia")
    are not: "biurka i regaly do biura" lost its Polish "do" and read as Lithuanian."""
    return frozenset(
        word
        for table in (CITY_FORMS, TOWNS)
        for spec in table.values()
        for form in forms(spec)
        for word in form.split()
        if word == form or len(word) >= _PLACE_WORD_MIN
    )


_PLACE_WORD_MIN = 4


def _plain(text: str) -> str:
    """The words a person wrote, without HTML tags, links and e-mail addresses: "<a href='http://x.lv'>" is no
    Latvian (it switched a newcomer to Lithuanian)."""
    return _MARKUP.sub(" ", text)


def _without_places(text: str) -> str:
    """The text without town names, for lingua: "the one from daugavpils pls" is English (it read as Latvian).
    (The Cyrillic count keeps them: "Рига 3D" is Russian.)"""
    places = _place_words()
    return _WORD.sub(lambda m: " " if fold(m.group()) in places else m.group(), text)


def detect_language(text: str, fallback: str | None = None) -> str:
    """Return "lt", "lv", "en", "pl", "it", "pt", "ru" or "unknown" for ``text``.

    Rules, in order: no letters → "unknown"; mostly Cyrillic letters → "ru" (the only Cyrillic language
    we support, whatever the length); at most two words and a usable ``fallback`` (the user's saved
    language or Telegram's language code, e.g. "pt-br") → the fallback; otherwise lingua's answer.
    """
    text = _plain(text)[:_MAX_CHARS]
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return UNKNOWN
    cyrillic = sum(1 for c in letters if _is_cyrillic(c))
    if cyrillic * 2 >= len(letters):
        return "ru"
    if looks_like_translit_russian(text):  # "pomogite, kak eto rabotaet?": lingua calls it Polish or Lithuanian
        return "ru"
    preferred = normalise_language_code(fallback)
    if preferred is not None and len(text.split()) <= _SHORT_MESSAGE_WORDS:
        return preferred
    detected = _lingua(_without_places(text))
    if detected is None:
        return preferred or UNKNOWN
    code = _LINGUA_TO_CODE.get(detected, UNKNOWN)
    if code == "it" and _portuguese_not_italian(text):
        return "pt"  # "preciso de bolos de aniversario com chocolate na Lituania": lingua says Italian
    return _baltic(text, code)


# Portuguese typed without accents reads as Italian to lingua; words only Portuguese has (folded) and words only
# Italian has tell them apart when lingua says Italian.
_PORTUGUESE_ONLY: Final = word_set("em na nas nos com um uma uns umas de do dos das para pra preciso precisamos "
                                   "precisava quero queria bolo bolos obrigado obrigada nao sim voce encomenda "
                                   "encomendar aniversario entrega ate tambem muito")  # fmt: skip
_ITALIAN_ONLY: Final = word_set("di il lo gli della delle del dei per con sono ho abbiamo vorrei vorremmo torta "
                                "torte grazie ciao anche molto entro compleanno anniversario cerco "
                                "cerchiamo")  # fmt: skip
_PORTUGUESE_MIN_WORDS: Final = 2


def _portuguese_not_italian(text: str) -> bool:
    folded = [w.strip(".,!?:;()\"'") for w in _plain(text).lower().split()]
    portuguese = sum(1 for w in folded if w in _PORTUGUESE_ONLY)
    return portuguese >= _PORTUGUESE_MIN_WORDS and not any(w in _ITALIAN_ONLY for w in folded)


# Lithuanian and Latvian share "sveiki", "kas", "tu", "esi", "ko": lingua reads "sveiki! kas tu esi un ko tu dari?"
# as Lithuanian (0.76), and a Latvian newcomer was answered in Lithuanian throughout. Common words only one of the
# two has (folded) decide when lingua says one of them; words both have ("ir", "kada", "ka", "mes", "už" and "uz")
# are not here.
_LATVIAN_ONLY: Final = word_set("un es vajag vajadzetu ludzu paldies labdien esmu dari gribu gribam varat "
                                "var lidz pec cik kads nav ja loti skolas skolai uznemums "
                                "uznemuma uznemumam piedavajums vai")  # fmt: skip
_LITHUANIAN_ONLY: Final = word_set("as reikia reiketu aciu prasau labas esu kiek koks kokia kokios taip nera noriu "
                                   "norime norecau galite galit mokykla mokyklos mokyklai imone imones su iki apie "
                                   "labai jusu darai pasiulymas")  # fmt: skip


def _baltic(text: str, code: str) -> str:
    """Lithuanian or Latvian as its own words say, when lingua answered one of the two (see above)."""
    if code not in ("lt", "lv"):
        return code
    words = fold(_plain(text)[:_MAX_CHARS]).replace(",", " ").replace("!", " ").replace("?", " ").split()
    latvian = sum(1 for w in words if w in _LATVIAN_ONLY and w not in _LITHUANIAN_ONLY)
    lithuanian = sum(1 for w in words if w in _LITHUANIAN_ONLY and w not in _LATVIAN_ONLY)
    if code == "lt" and latvian > lithuanian:
        return "lv"
    if code == "lv" and lithuanian > latvian:
        return "lt"
    return code


@functools.lru_cache(maxsize=256)
def _lingua(text: str) -> Language | None:
    """lingua's answer for ``text``, remembered for the last few texts: a typed message is asked about twice
    in its turn (the newcomer's and the NLU client's language), and the answer depends on the text alone."""
    return get_detector().detect_language_of(text)


# Words that only a language we do not speak uses (folded to lower case); two of them tell it apart. Ukrainian
# is told by its own letters. Why not lingua: it is restricted to our seven languages, so it always answers
# one of them — a German message would be read as, say, Polish.
_FOREIGN_WORDS: Final = {
    "de": word_set("ich wir brauche brauchen und nicht bitte für fur einen einem kuchen hallo danke "
                    "können konnen möchte mochte geburtstag bis freitag haben"),
    "fr": word_set("je nous besoin bonjour merci avons voudrais voudrions gâteau gateau pour une avec "
                    "anniversaire vendredi jusqu"),
    "es": word_set("necesito necesitamos quiero hola gracias tarta cumpleaños cumpleanos hasta viernes unos "
                    "tenemos"),
}  # fmt: skip
_UKRAINIAN_LETTERS: Final = frozenset("іїєґІЇЄҐ")


def _ours(letter: str) -> bool:
    """A letter of the Latin (accents included) or Cyrillic script, which our seven languages are written in."""
    return (
        letter.isascii()
        or "\u00c0" <= letter <= "\u024f"
        or "\u0400" <= letter <= "\u04ff"
        or ("\u1e00" <= letter <= "\u1eff")
    )


_FOREIGN_MIN_WORDS: Final = 2


def unsupported_language(text: str) -> str | None:
    """ "de", "fr", "es" or "uk" when the message is clearly in a language we do not speak, "other" when it is
    written in a script none of ours uses (Arabic, Hebrew, Greek, Chinese, …: it got "OK."), else None."""
    if any(c in _UKRAINIAN_LETTERS for c in text):
        return "uk"
    letters = [c for c in text[:_MAX_CHARS] if c.isalpha()]
    if letters and sum(1 for c in letters if _ours(c)) * 2 < len(letters):
        return "other"  # most letters beyond Latin (with its accents) and Cyrillic
    words = [w.strip(".,!?¿¡:;()\"'") for w in text[:_MAX_CHARS].lower().split()]
    best, hits = None, 0
    for code, vocabulary in _FOREIGN_WORDS.items():
        count = sum(1 for w in words if w in vocabulary)
        if count > hits:
            best, hits = code, count
    own = sum(1 for w in words if w in _OWN_COMMON)
    return best if hits >= _FOREIGN_MIN_WORDS and hits > own else None


# Common words of our own languages that the foreign tables share ("para", "una", "des"): they weigh against.
_OWN_COMMON: Final = word_set("para una uma de des que per con com por sem senza preciso preciso serve")


# Greetings and thanks that belong to one of our languages only (folded); "sveiki" (lt and lv), "ok", "hey"
# and "salut" are not here. They tell a newcomer's language from a first "ola" or "labas" — too short for lingua.
_GREETINGS: Final = {
    "pt": word_set("ola oi obrigado obrigada bom boa dia tarde noite bons"),
    "lt": word_set("labas laba diena rytas vakaras sveikas sveika aciu sveikinu"),
    "lv": word_set("labdien labrit labvakar sveiks sveika cau paldies"),
    "pl": word_set("czesc witam witajcie dzien dobry siema dziekuje"),
    "it": word_set("ciao buongiorno buonasera salve grazie"),
    "en": word_set("hello hi good morning afternoon evening thanks"),
    "ru": word_set("privet zdravstvujte zdravstvuyte zdravstvuite zdrastvujte zdrastvuyte dobryj dobryi spasibo"),
}  # fmt: skip
_FIRST_WORDS_MIN_WORDS: Final = 3  # lingua is reliable from about three words of a sentence…
_FIRST_WORDS_CONFIDENCE: Final = 0.6  # …when it is sure: a town's name or a loanword sways short ones
_CURRENT_SHARE: Final = 0.35  # the app's language stays when lingua gives it this share of its best guess…
_SWITCH_SURE: Final = 0.8  # …unless another is this sure


def _russian_word_in_latin(text: str) -> bool:
    """One everyday Russian word typed in Latin letters ("nuzhen", "gde", "skolko"), the places left out."""
    return any(w in MARKERS for w in fold(text).split())


def first_words_language(text: str, current: str | None = None) -> str | None:
    """The language of a newcomer's message, or None when it cannot be told with confidence.

    Why a stricter rule than :func:`detect_language`: it decides what a person who has not chosen anything
    is spoken to in, with no saved language to fall back on, so a guess on one word ("hello" reads as
    Italian to lingua) is worse than no answer. Cyrillic or Russian typed in Latin letters is Russian; a
    greeting or thanks of one language only is that language; three words or more are lingua's when it is sure.
    ``current`` (the app's language, so far the person's): kept unless lingua is very sure of another ("biurka i
    regaly do biura" from a Polish app is 0.62 Lithuanian, 0.26 Polish: the bot went on in Lithuanian)."""
    text = _plain(text)
    letters = [c for c in text[:_MAX_CHARS] if c.isalpha()]
    if not letters:
        return None
    if sum(1 for c in letters if _is_cyrillic(c)) * 2 >= len(letters) or looks_like_translit_russian(text):
        return "ru"
    text = _without_places(text)
    if current == "ru" and _russian_word_in_latin(text):
        return "ru"  # "nuzhen tort v Vilniuse" from a Russian app: "Vilniuse" made it Lithuanian, for good
    words = fold(text[:_MAX_CHARS]).replace(",", " ").replace("!", " ").replace(".", " ").split()
    greeted = {code for code, vocabulary in _GREETINGS.items() if any(w in vocabulary for w in words)}
    if len(greeted) == 1:
        return greeted.pop()
    if len(words) < _FIRST_WORDS_MIN_WORDS:
        return None
    ranked = get_detector().compute_language_confidence_values(text[:_MAX_CHARS])
    if not ranked:
        return None
    code = _LINGUA_TO_CODE.get(ranked[0].language)
    if code in ("it", "pt") and _portuguese_not_italian(text):
        return "pt"  # "preciso de um bolo de aniversario para sabado": Portuguese without accents, by its own words
    baltic = _baltic(text, code) if code is not None else None
    if baltic != code:
        return baltic  # "sveiki! kas tu esi un ko tu dari?": Latvian by its own words, however sure lingua was
    if ranked[0].value < _FIRST_WORDS_CONFIDENCE:  # "cakes in Kaunas": 0.4 Lithuanian
        return None
    theirs = next((r.value for r in ranked if _LINGUA_TO_CODE.get(r.language) == current), 0.0)
    if code != current and theirs >= _CURRENT_SHARE * ranked[0].value and ranked[0].value < _SWITCH_SURE:
        return None
    return code
