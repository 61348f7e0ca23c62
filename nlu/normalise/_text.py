"""Shared text folding and tokenising for the normalisers.

Every normaliser matches against the same *folded* form of the message: lower case, Latin letters
stripped of diacritics (so "penktadienį", "penktadieni" and "PENKTADIENĮ" are the same key, and a
user typing without a Lithuanian keyboard is still understood), Cyrillic kept as Cyrillic (with
"ё" folded to "е", which Russians often omit). Folding never changes the number of word tokens, so a
token index in the folded text points at the same word in the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

# Telegram caps a message at 4096 characters; anything longer (a paste via another client, a test, an
# attack) is only looked at up to this length so every normaliser stays well under a few milliseconds.
MAX_CHARS = 4096

# A token is a run of letters/digits (so "3d", "12th" and "a4" stay one token) or a single
# punctuation/symbol character (so "5€", "12.12" and "10:00" keep their separators visible).
# No nested quantifiers: matching is linear in the input length.
_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]")


@lru_cache(maxsize=4096)
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
    """Lower-case the first ``MAX_CHARS`` of ``text`` and strip Latin diacritics (Cyrillic kept)."""
    clipped = text[:MAX_CHARS]
    if len(clipped) <= _FOLD_CACHED_CHARS:
        return _fold_short(clipped)
    return "".join(_fold_char(c) for c in clipped)


# One message is folded again by every normaliser and answer predicate that looks at it (dozens per turn);
# a short message's folded form is remembered (a pure function of the text), a long paste is folded afresh.
_FOLD_CACHED_CHARS = 256


@lru_cache(maxsize=2048)
def _fold_short(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


class Token(NamedTuple):
    """One word, number or symbol of a folded message, with its place in the folded text.

    A NamedTuple rather than a frozen dataclass: tokenising a 10,000-character paste creates thousands
    of these, and tuple construction is several times cheaper.
    """

    text: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        return self.text.isdigit() and self.text.isascii()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(folded: str) -> list[Token]:
    """Split already-folded text into word/number tokens and single symbol tokens."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]


def words_of(folded: str) -> list[Token]:
    """Only the word/number tokens (no punctuation) of already-folded text."""
    return [t for t in tokenize(folded) if t.is_word]


def original_words(text: str) -> list[str]:
    """Word tokens of the *unfolded* text; aligned one-to-one with ``words_of(fold(text))``."""
    return [m.group() for m in _TOKEN_RE.finditer(text[:MAX_CHARS]) if m.group()[0].isalnum()]
