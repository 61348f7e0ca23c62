"""Translations and locale formatting (Babel), one Translator per language and reading mode.

Easy-read (plain language): a message a student can meet in easy-read mode has a second, plain version in
every catalogue, under the gettext context ``easy`` with the same msgid (short sentences of at most twelve
words, everyday words, one idea per sentence, the action as a verb). ``translator(language, easy=True)``
picks that version wherever one exists and the ordinary one otherwise, so the code that writes a message
asks for it once and the person's setting chooses the words; which messages have a plain version is listed
in bot/easy_read.py (where extraction finds them), and tests/unit/test_easy_read.py holds every catalogue to
the rules.

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


EASY = "easy"  # the gettext context of the plain-language versions


def _plain_msgids(loaded: NullTranslations) -> frozenset[str]:
    """The msgids this catalogue has a plain-language version of (singular msgid for plural messages)."""
    catalog = getattr(loaded, "_catalog", {})
    found: set[str] = set()
    for key in catalog:
        msgid = key[0] if isinstance(key, tuple) else key
        if isinstance(msgid, str) and msgid.startswith(EASY + "\x04") and catalog[key]:
            found.add(msgid.split("\x04", 1)[1])
    return frozenset(found)


class Translator:
    def __init__(self, language: str, *, easy: bool = False) -> None:
        self.language = language if language in LANGUAGES else FALLBACK_LANGUAGE
        self.locale = Locale.parse(BABEL_LOCALES[self.language])
        self.easy = easy
        loaded = Translations.load(str(LOCALES_DIR), [self.language], domain="messages")
        self._t: NullTranslations = loaded
        self._plain = _plain_msgids(loaded) if easy else frozenset()
        self.missed: set[str] = set()  # easy-read: msgids asked for that have no plain version (tests look)

    def _text(self, message: str) -> str:
        if self.easy:
            if message in self._plain:
                return str(self._t.pgettext(EASY, message))
            self.missed.add(message)
        return self._t.gettext(message)

    def _(self, message: str, **values: Any) -> str:
        text = self._text(message)
        return fill(text, {k: escape(v) for k, v in values.items()}) if values else text

    def plain(self, message: str, **values: Any) -> str:
        """Translated, values not escaped: for files and images (a CSV, a chart), where HTML means nothing."""
        text = self._t.gettext(message)
        return fill(text, {k: str(v) for k, v in values.items()}) if values else text

    def n_(self, singular: str, plural: str, n: int, **values: Any) -> str:
        if self.easy and singular in self._plain:
            text = self._t.npgettext(EASY, singular, plural, n)
        else:
            if self.easy:
                self.missed.add(singular)
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
def translator(language: str, *, easy: bool = False) -> Translator:
    """The Translator for ``language``; ``easy``: the plain-language versions where they exist."""
    return Translator(language, easy=easy)
