"""Translations and locale formatting (Babel), one Translator per language.

Placeholders are filled with `str.format` after translation, and every value is HTML-escaped unless
it is wrapped in `Safe`: user text can never inject markup into a Telegram HTML message.
"""

from __future__ import annotations

import html
import string
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from domain.taxonomy import FALLBACK_LANGUAGE, LANGUAGES, load_taxonomy

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
BABEL_LOCALES = {
    "lt": "lt_LT",
    "lv": "lv_LV",
    "en": "en_IE",
    "pl": "pl_PL",
    "it": "it_IT",
    "pt": "pt_PT",
    "ru": "ru_RU",
}
LANGUAGE_NAMES = {"lt": "Lietuvių", "lv": "Latviešu", "en": "English", "pl": "Polski", "it": "Italiano",
                  "pt": "Português", "ru": "Русский"}  # fmt: skip
LANGUAGE_FLAGS = {"lt": "🇱🇹", "lv": "🇱🇻", "en": "🇬🇧", "pl": "🇵🇱", "it": "🇮🇹", "pt": "🇵🇹", "ru": "🇷🇺"}


class Safe(str):
    """Text that is already valid Telegram HTML (built by us), inserted without escaping."""


def escape(value: object) -> str:
    return value if isinstance(value, Safe) else html.escape(str(value), quote=False)


def fill(template: str, values: dict[str, str]) -> str:
    """str.format, except that a value ending in "." before a "." in the template ("… Lda." + ".") keeps one."""
    parts: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if parts and literal.startswith(".") and parts[-1].endswith("."):
            literal = literal[1:]
        parts.append(literal)
        if name is not None:
            value: object = values[name]
            if conversion == "r":
                value = repr(value)
            parts.append(format(value, spec or ""))
    return "".join(parts)


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later (tables of labels)."""
    return message


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK_LANGUAGE
        self.locale = Locale.parse(BABEL_LOCALES[self.language])
        loaded = Translations.load(str(LOCALES_DIR), [self.language], domain="messages")
        self._t: NullTranslations = loaded

    def _(self, message: str, **values: Any) -> str:
        text = self._t.gettext(message)
        return fill(text, {k: escape(v) for k, v in values.items()}) if values else text

    def plain(self, message: str, **values: Any) -> str:
        """Translated, values not escaped: for files and images (a CSV, a chart), where HTML means nothing."""
        text = self._t.gettext(message)
        return fill(text, {k: str(v) for k, v in values.items()}) if values else text

    def n_(self, singular: str, plural: str, n: int, **values: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return fill(text, {"n": self.number(n), **{k: escape(v) for k, v in values.items()}})

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, value: date | datetime) -> str:
        day = value.date() if isinstance(value, datetime) else value
        return format_date(day, format="long", locale=self.locale)

    def datetime(self, value: datetime) -> str:
        return format_datetime(value, format="medium", locale=self.locale)

    def money(self, amount: Decimal, currency: str) -> str:
        return format_currency(amount, currency, locale=self.locale)

    def category(self, key: str) -> str:
        taxonomy = load_taxonomy()
        return taxonomy[key].name(self.language) if key in taxonomy else key

    def country(self, code: str) -> str:
        return str(self.locale.territories.get(code, code))


@cache
def translator(language: str) -> Translator:
    return Translator(language)
