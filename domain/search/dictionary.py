"""Cross-language word links from bilingual dictionaries (data/search_dictionary.tsv.gz, by
scripts/build_dictionary.py from FreeDict): the search's ranking.WordLinker.

Why: a need typed in one language must find a listing written in another, for any catalogue, without anyone
extending a table by hand. The taxonomy, the concepts table and the mined vocabulary know a few hundred of the
catalogue's words; a query word none of them knows ("пицца", "hazelnut", "bacon", "buckwheat") is looked up
here and linked to its translations that listings use, which then count as evidence like a concept's word.
Only specific words are linked (few senses on both sides, see the builder), so "course" or "appointment" are
not turned into dishes or furniture. A lookup costs a dictionary access; the table is read once, on first use.
Latvian is not covered: FreeDict has no Latvian dictionary.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from domain.taxonomy import DATA_DIR

if TYPE_CHECKING:
    from domain.search.index import SearchIndex

DICTIONARY_PATH = DATA_DIR / "search_dictionary.tsv.gz"
# A word with more translations than these is too ambiguous to link ("guard", "course", "spread"): chosen on the
# tune and development sets (docs/search.md, "Issue 10, sixth round"); applied by the builder.
MAX_SOURCE_SENSES = 9
MAX_TARGET_SENSES = 3
# A dictionary translation counts like a concept's word of another language (concepts.CONCEPT_SIMILARITY is 0.7):
# evidence, a little below the word itself or its inflections.
LINK_SIMILARITY = 0.85
# A query word of this many letters is also looked up as a form of a headword differing in at most its last
# MAX_FORM_ENDING letters (the tune and development sets' choice, as for the sense limits).
MIN_FORM_LETTERS = 8
MAX_FORM_ENDING = 3


@cache
def _table() -> dict[str, dict[str, str]]:
    """language → folded word → folded words of other languages it translates to, space-separated (a string
    per word keeps the table at about a third of the memory tuples would take)."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    if not DICTIONARY_PATH.exists():
        return {}
    with gzip.open(DICTIONARY_PATH, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                language, word, found = line.rstrip("\n").split("\t")
                table[language][word] = found
    return dict(table)


@cache
def _headwords(language: str) -> list[str]:
    return sorted(_table().get(language, {}))


def _forms(word: str, language: str) -> list[str]:
    """The headwords ``word`` is a form of: itself and, for a long word, those sharing all but their last three
    letters ("bozonarodzeniowa"/"bozonarodzeniowy"); short words are not guessed at ("sala" is no form of "salt")."""
    if len(word) < MIN_FORM_LETTERS:
        return [word] if word in _table()[language] else []
    headwords = _headwords(language)
    stem = word[: MIN_FORM_LETTERS - MAX_FORM_ENDING]
    found = []
    for position in range(bisect_left(headwords, stem), len(headwords)):
        headword = headwords[position]
        if not headword.startswith(stem):
            break
        shorter = min(len(word), len(headword))
        shared = next((i for i, (a, b) in enumerate(zip(word, headword, strict=False)) if a != b), shorter)
        longer_tail = max(len(word), len(headword)) - shared
        if shorter >= MIN_FORM_LETTERS and shared >= shorter - MAX_FORM_ENDING and longer_tail <= MAX_FORM_ENDING + 1:
            found.append(headword)
    return found


def translations(word: str, language: str | None = None) -> tuple[str, ...]:
    """Folded words of other languages that ``word`` (folded) or the headword it is a form of translates to;
    from every language when ``language`` is None or has no dictionary (Latvian)."""
    table = _table()
    languages = [language] if language in table else list(table)
    return tuple(
        sorted({found for lang in languages for form in _forms(word, lang) for found in table[lang][form].split()})
    )


def is_headword(word: str, language: str | None = None) -> bool:
    """Whether ``word`` (folded), or it without a plural "s" ("haircuts"), is itself a dictionary word of
    ``language`` (of any language when it has none). No guessing at forms: "ceramicmugs" is no "ceramics"."""
    table = _table()
    singular = word[:-1] if word.endswith("s") else word
    return any(word in table[lang] or singular in table[lang] for lang in ([language] if language in table else table))


def link_word(_index: SearchIndex, word: str, _surface: str, language: str | None) -> list[tuple[str, float]]:
    """ranking.WordLinker: the translations of a query word nothing in the index knows (the caller keeps those
    listings use, with their inflections)."""
    return [(found, LINK_SIMILARITY) for found in translations(word, language)]
