"""ISO code lists (countries, currencies, languages) taken from CLDR through Babel, not typed by hand."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import list_currencies

_NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
_NOT_CURRENCIES = {"XXX", "XTS"}


@cache
def countries() -> frozenset[str]:
    territories = Locale("en").territories
    codes = (str(k) for k in territories)
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha() and k not in _NOT_COUNTRIES)


@cache
def currencies() -> frozenset[str]:
    return frozenset(c for c in list_currencies() if len(c) == 3 and c not in _NOT_CURRENCIES)


@cache
def languages() -> frozenset[str]:
    codes = (str(k) for k in Locale("en").languages)
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha())
