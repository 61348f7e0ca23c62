"""Find a price ("5 eur", "€5", "1.200,50 €", "100 zł", "10 eurų", "20 złotych") in a chat message.

Why our own parser: the five countries write decimals with a comma and group thousands with a space
or a dot ("1 200,50", "1.200,50"), English writes "1,200.50", and the currency word is inflected
("eurų", "eiro", "złotych", "евро"). A price is an amount *next to* a currency marker; a bare number is
never a price here (it may be a quantity or a date), except in ``parse_amount``, which is for a field
where the user was asked to type an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.search.stopwords import CURRENCIES
from nlu.normalise._text import fold
from nlu.normalise.numbers import NUMBER_WORDS, extract_quantity

_CENT = Decimal("0.01")
_MAX_INTEGER_DIGITS = 12

# An amount: grouped thousands ("1 200", "1.200", "1,200", with normal or no-break spaces) or a plain
# run of digits, then optional decimals. Each repetition of the group consumes a separator plus exactly
# three digits, so there is no ambiguous nesting and matching stays linear.
_AMOUNT = r"(?:\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d{1,2})?"
_CURRENCY_ALTERNATION = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_AFTER_RE = re.compile(rf"(?<![\w.,])({_AMOUNT})(?![\d])\s?({_CURRENCY_ALTERNATION})(?![^\W\d_])")
_BEFORE_RE = re.compile(rf"(?<![^\W\d_])({_CURRENCY_ALTERNATION})\s?({_AMOUNT})(?![\d]|[.,]\d)")
_BARE_RE = re.compile(rf"\s*(?:({_CURRENCY_ALTERNATION})\s?)?({_AMOUNT})\s?(?:({_CURRENCY_ALTERNATION}))?\s*")


@dataclass(frozen=True, slots=True)
class Price:
    """An amount of money: ``amount`` quantised to cents, ``currency`` an ISO 4217 code."""

    amount: Decimal
    currency: str


def _to_decimal(raw: str) -> Decimal | None:
    """Interpret separators: the last of "." / "," followed by 1–2 digits is the decimal mark."""
    compact = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    integer, fraction = compact, ""
    last_sep = max(compact.rfind("."), compact.rfind(","))
    if last_sep != -1 and len(compact) - last_sep - 1 in (1, 2):
        integer, fraction = compact[:last_sep], compact[last_sep + 1 :]
    integer = integer.replace(".", "").replace(",", "")
    if not integer.isdigit() or len(integer) > _MAX_INTEGER_DIGITS:
        return None
    try:
        return Decimal(f"{integer}.{fraction or '0'}").quantize(_CENT)
    except InvalidOperation:
        return None


# Cents said after the currency: "1 euro e 10", "3 euro 20 centu", "5 zł 50 gr" (the 10 was lost: 1,00 €). Without
# a joining word the number must be called cents: "5 eur 200 vnt" is a price and a quantity.
_CENTS_AFTER_RE = re.compile(r"\s*(?:(e|and|i|un|ir|и|y|et|с)\s+)?(\d{1,2})(?!\d)(?:\s*([^\W\d_]+))?")
_CENT_WORDS = ("cent", "centim", "centesim", "cts", "ct", "grosz", "gr", "копе", "цент", "kapeik")


def _cents_after(rest: str, amount: str) -> str:
    """ ",10" when ``rest`` (what follows "1 euro") says ten cents, else ""; never when ``amount`` has decimals."""
    found = _CENTS_AFTER_RE.match(rest)
    if found is None or not amount.isdigit():
        return ""
    joined, cents, word = found.groups()
    if (word and word.startswith(_CENT_WORDS)) or (joined and not word):
        return "," + cents.zfill(2)
    return ""


def extract_price(text: str) -> Price | None:
    """Return the first price (amount next to a currency word or symbol) in ``text``, or None."""
    if not text:
        return None
    folded = fold(text)
    hits: list[tuple[int, str, str]] = []
    after = _AFTER_RE.search(folded)
    if after:
        hits.append(
            (after.start(), after.group(1) + _cents_after(folded[after.end() :], after.group(1)), after.group(2))
        )
    before = _BEFORE_RE.search(folded)
    if before:
        hits.append((before.start(), before.group(2), before.group(1)))
    for _, raw, currency in sorted(hits):
        amount = _to_decimal(raw)
        if amount is not None and amount > 0:
            return Price(amount, CURRENCIES[currency])
    return _price_in_words(folded)


_WORDS_BEFORE_CURRENCY_RE = re.compile(rf"((?:[^\W\d_]+\s+){{1,4}})({_CURRENCY_ALTERNATION})(?![^\W\d_])")


def _price_in_words(folded: str) -> Price | None:
    """ "fino a cento euro", "massimo cento euro", "до ста евро": an amount in number words before the currency
    (it was no price: "Which one? Type its number")."""
    for found in _WORDS_BEFORE_CURRENCY_RE.finditer(folded):
        words = found.group(1).split()
        for start in range(len(words)):  # "fino a cento": the number words at the end of what precedes
            value = extract_quantity(" ".join(words[start:]), "any")
            if value is not None and value > 1 and all(_is_number_word(w) for w in words[start:]):
                return Price(Decimal(value).quantize(_CENT), CURRENCIES[found.group(2)])
    return None


def _is_number_word(word: str) -> bool:
    return word in NUMBER_WORDS or word in _NUMBER_JOINERS


_NUMBER_JOINERS = frozenset({"e", "and", "i", "ir", "un", "и", "y"})


def parse_amount(text: str) -> Decimal | None:
    """Parse an amount the user typed on its own ("5,50", "1 200", "1.200,50", "€5"); None otherwise."""
    if not text or len(text) > 64:
        return None
    match = _BARE_RE.fullmatch(fold(text))
    if not match or (match.group(1) and match.group(3)):
        return None
    return _to_decimal(match.group(2))
