"""Text folding and query cleaning shared by the index and the queries.

Both sides are reduced to the same *folded* words: lower case, Latin letters without diacritics
(people type "tortu" for "tortų" and "majas lapa" for "mājas lapa"), Cyrillic kept as Cyrillic with
"ё" folded to "е". Copied in spirit from nlu/normalise/_text.py because `domain` must not import `nlu`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from unidecode import unidecode

from domain.search.stopwords import STOP_WORDS

# A whole Telegram message is at most 4096 characters; search only ever needs the first few words
# of a need, and a bounded input keeps every query fast whatever is pasted in.
MAX_QUERY_CHARS = 600
MAX_QUERY_WORDS = 24

_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    if "\u0400" <= char <= "\u04ff":
        low = char.lower()
        return "е" if low == "ё" else low
    if char.isalpha():
        ascii_form = unidecode(char).lower()
        if ascii_form and ascii_form.isalnum():
            return ascii_form
        return char.lower()
    return char


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Latin diacritics (Cyrillic kept)."""
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    """The folded word, or "" when it is not a word (see _is_word)."""
    folded = fold(word) if not word.isascii() else word.lower()
    return folded if _is_word(folded) else ""


def words(text: str) -> list[str]:
    """Folded words of a listing text: every run of letters/digits, single letters and bare numbers dropped.

    Split first and fold word by word through a cache: catalogue text repeats its words, and this is
    what indexing a hundred thousand listings spends its time on (the filter runs in C).
    """
    return list(filter(None, map(_fold_word, _WORD_RE.findall(text))))


def hyphenated_as_one(text: str) -> list[str]:
    """A listing's hyphenated words written as one ("t-shirt" → "tshirt", "e-shop" → "eshop"), as people type
    them: indexed beside the parts, never added to a query (a query's "интернет-магазина" is its parts)."""
    if "-" not in text:
        return []
    return list(filter(None, (_fold_word(w.replace("-", "")) for w in _HYPHENATED_RE.findall(text))))


_HYPHENATED_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
# A word typed in two ("hair cut", "web site", "t shirts"): joined when the joined word is known, each part at
# most this long (a longer pair is two words).
SPLIT_PART_MAX = 8


def joined_compounds(text: str, known: Callable[[str], bool]) -> str:
    """``text`` with each pair of neighbouring words whose joined, folded form is a ``known`` word written as
    one ("hair cut" → "haircut", "t shirts" → "tshirts"): apart, neither part says what is asked for."""
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        first, second = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        core = second.rstrip(".,;:!?…)")  # "hair cut, please"
        joined = fold(first + core)
        if (
            first.isalpha()
            and core.isalpha()
            and len(first) <= SPLIT_PART_MAX
            and len(core) <= SPLIT_PART_MAX
            and fold(first) not in ONE_LETTER_LINKS  # "a gente", "w domu": a preposition, not a word's start
            and not {fold(first), fold(core)} & STOP_WORDS  # "preciso de" is no "precisode"
            and _is_word(joined)
            and known(joined)
        ):
            out.append(first + second)
            i += 2
            continue
        out.append(first)
        i += 1
    return " ".join(out)


# One-letter prepositions and conjunctions of our languages (folded): "в", "к", "с", "у", "о", "и", "а", "w",
# "z", "i" (also Lithuanian "į"), "o", "a", "e", "u".
ONE_LETTER_LINKS = frozenset("вксуоиаwzioaeu")


def word_slots(text: str) -> list[str]:
    """Like :func:`words`, but a one-letter preposition or conjunction leaves an empty slot, so that it still
    ends a phrase ("настроить компьютеры в офисе"); other single letters ("children's") are dropped."""
    slots = []
    for token in _WORD_RE.findall(text):
        word = _fold_word(token)
        if word:
            slots.append(word)
        elif fold(token) in ONE_LETTER_LINKS:
            slots.append("")
    return slots


def _is_word(word: str) -> bool:
    # Bare numbers ("200", "2025") are quantities and dates, never what is searched for; "3d" stays.
    return len(word) > 1 and not word.isdigit()


def query_words(text: str) -> list[str]:
    """The content words of a chat message: folded, without stop words, numbers and duplicates."""
    found: list[str] = []
    for word in words(text[:MAX_QUERY_CHARS]):
        if word in found or word in STOP_WORDS:
            continue
        found.append(word)
        if len(found) == MAX_QUERY_WORDS:
            break
    return found


def surface_forms(text: str) -> dict[str, str]:
    """Folded word → the word as written, lower case ("kupinats" → "kūpināts"): what a model reads better."""
    forms: dict[str, str] = {}
    for raw in _WORD_RE.findall(text[:MAX_QUERY_CHARS]):
        folded = _fold_word(raw)
        if folded and folded not in forms:
            forms[folded] = raw.lower()
    return forms


_SKELETON_PAIRS = (("ph", "f"), ("th", "t"), ("qu", "k"), ("ck", "k"), ("c", "k"), ("q", "k"), ("w", "v"), ("y", "i"))
_SKELETON_PAIRS_RU = (("ё", "е"), ("й", "и"), ("ъ", ""), ("ь", ""), ("ы", "и"))


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A folded word reduced to how it sounds across spellings, for typo matching.

    Cognates differ by spelling conventions more than by letters: "catering"/"katering",
    "conference"/"konferencja", "photo"/"foto", "system"/"sistema". Comparing these skeletons (and
    collapsing doubled letters, as in "pelleteria"/"pelletteria") lets one edit-distance budget cover
    both typos and cognates. Cyrillic is transliterated, so "торты" meets "torty" and "логотип" "logotip".
    """
    for old, new in _SKELETON_PAIRS_RU:
        word = word.replace(old, new)
    if not word.isascii():
        word = unidecode(word).lower()
    for old, new in _SKELETON_PAIRS:
        word = word.replace(old, new)
    collapsed = [char for i, char in enumerate(word) if i == 0 or char != word[i - 1]]
    return "".join(collapsed)
