"""A price ceiling said in a message ("cakes in Kaunas under 20 euro", "sitio web ate 500 euros", "торт до 30 евро").

The bot's NLU turns a ceiling into the ``max_price`` filter; a caller that passes only the text (the CLI, an
import check, a message the NLU did not parse) should still see the listings within that budget first, so the
search service reads the ceiling itself when no ``max_price`` was given and prefers the listings within it
(ranking.BUDGET_BONUS). It is a preference, not a filter: "budget around 400 euros" in a chat message is often
the total for many items while listings are priced per item, and nothing that matches the need is hidden.

The currency words and the words that make a price a ceiling live in stopwords.py, the one home for both: the
NLU (``nlu.normalise.vocab``, ``nlu.answers.price_cap``) imports them, since ``domain`` does not import ``nlu``.
A number is a ceiling only next to a currency word or symbol: "do 20 grudnia", "iki 15 d.", "до 20 декабря"
are dates and "can you do 20 cakes" is a quantity.
"""

from __future__ import annotations

import re

from domain.search.normalise import fold
from domain.search.stopwords import CAP_AFTER_WORDS, CURRENCIES, PRICE_CAP_WORDS

# Words, numbers (with decimals) and currency symbols, in folded text.
_TOKEN = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?|[€$£₽]|[^\W\d_]+")
_DECIMALS = re.compile(r"[.,](\d{1,2})$")
# How far before the number a ceiling word may stand: "up to 20", "не дороже чем 30", "iki 20".
_CAP_REACH = 3


def price_ceiling(text: str) -> tuple[float, str] | None:
    """The ceiling a message sets on price, as (amount, ISO currency), or None when it sets none."""
    tokens = _TOKEN.findall(fold(text))
    for i, token in enumerate(tokens):
        if not token[0].isdigit():
            continue
        currency = _currency_beside(tokens, i)
        if currency is None:
            continue
        before = tokens[max(0, i - _CAP_REACH) : i]
        after = tokens[i + 1 : i + 3]
        if any(word in PRICE_CAP_WORDS for word in before) or any(word in CAP_AFTER_WORDS for word in after):
            amount = _amount(token)
            if amount > 0:
                return amount, currency
    return None


def _currency_beside(tokens: list[str], i: int) -> str | None:
    """The currency of the number at ``i``: the word or symbol right after it, or right before it ("€20")."""
    for j in (i + 1, i - 1):
        if 0 <= j < len(tokens) and tokens[j] in CURRENCIES:
            return CURRENCIES[tokens[j]]
    return None


def _amount(token: str) -> float:
    """ "1 200", "1.200,50", "1,200.50", "20,5" as a number: a separator before one or two final digits
    marks the decimals, any other separates thousands."""
    decimals = _DECIMALS.search(token)
    whole = token[: decimals.start()] if decimals else token
    digits = "".join(c for c in whole if c.isdigit())
    return float(f"{digits}.{decimals.group(1)}" if decimals else digits)
