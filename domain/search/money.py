"""Comparing prices in different currencies for the max_price filter: a small fixed table.

Schools price in their own currency (EUR, PLN, ...) and a buyer's limit comes in one currency. A
listing in the same currency is compared as is; one in another currency is compared after converting
both to euros with these approximate rates (late 2026, rounded). They only decide whether a listing is
"about within budget" — never shown, never used to charge anyone. A currency not in the table is
compared only with limits in that same currency. Update the table when a rate moves by more than ~5 %.
"""

from __future__ import annotations

EUR_PER_UNIT: dict[str, float] = {
    "EUR": 1.0,
    "PLN": 0.23,
    "USD": 0.92,
    "GBP": 1.17,
    "CHF": 1.05,
    "SEK": 0.088,
    "NOK": 0.086,
    "DKK": 0.134,
    "CZK": 0.040,
    "HUF": 0.0025,
}


def within(amount: float | None, currency: str | None, limit: float, limit_currency: str) -> bool:
    """Whether a price of ``amount`` ``currency`` is at most ``limit`` ``limit_currency``."""
    if amount is None:
        return False
    if currency == limit_currency:
        return amount <= limit
    rate, limit_rate = EUR_PER_UNIT.get(currency or ""), EUR_PER_UNIT.get(limit_currency)
    if rate is None or limit_rate is None:
        return False
    return amount * rate <= limit * limit_rate


def in_eur(amount: float | None, currency: str | None) -> float | None:
    """A price in euros, for ordering by price; None when there is none or its currency is unknown."""
    rate = EUR_PER_UNIT.get(currency or "")
    return amount * rate if amount is not None and rate is not None else None
