"""Splitting long replies into Telegram messages: every part must be valid Telegram HTML on its own.

The parts are checked with the fake Bot API's port of tdlib's HTML parser, which refuses what Telegram
refuses (a cut "&amp", a tag left open) and measures length as Telegram does (UTF-16 units).
"""

from __future__ import annotations

import html

from bot.telegram_text import split_text
from tests.fake_telegram.formatting import parse_html, utf16_len

TELEGRAM_LIMIT = 4096


def _visible(parts: list[str]) -> list[str]:
    """Each part parsed as Telegram parses it (raises on invalid markup); their visible texts."""
    shown = [parse_html(part).text for part in parts]
    assert all(0 < utf16_len(text) <= TELEGRAM_LIMIT for text in shown), [utf16_len(t) for t in shown]
    return shown


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_split_text_never_cuts_inside_an_entity() -> None:
    relay = "&<>" * 1334  # a 4,002-character relay: 17,342 characters once escaped
    reply = f"<b>#1 Birthday cakes</b>\n<b>Cafe Centras</b> (company): {html.escape(relay, quote=False)}"
    parts = split_text(reply)
    assert len(parts) > 1
    assert not any(part.endswith(("&amp", "&lt", "&g", "&")) or part.startswith(";") for part in parts)
    assert _squeezed("".join(_visible(parts))) == _squeezed(parse_html(reply).text)  # nothing lost but breaks


def test_split_text_closes_and_reopens_a_tag_it_cuts_through() -> None:
    reply = "<b>" + "x" * 9000 + "</b>\n<i>tail</i>"
    parts = split_text(reply)
    assert len(parts) == 3
    assert "".join(_visible(parts)) == "x" * 9000 + "\ntail"
    assert all(part.startswith("<b>") for part in parts[:3])


def test_split_text_counts_what_telegram_counts() -> None:
    parts = split_text("😀" * 3000)  # 6,000 UTF-16 units: one message is not enough
    assert "".join(_visible(parts)) == "😀" * 3000


def test_split_text_prefers_line_breaks_then_spaces() -> None:
    lines = [f"line {n} " + "word " * 30 for n in range(100)]
    parts = split_text("\n".join(lines))
    assert all(line.startswith("line") for part in parts for line in part.split("\n"))  # no line cut in two
    words = split_text("word " * 2000)
    assert len(words) == 3
    assert all(part.strip().startswith("word") and part.strip().endswith("word") for part in words)  # at spaces


def test_short_text_is_one_part() -> None:
    assert split_text("Hello & <b>bye</b>") == ["Hello & <b>bye</b>"]
