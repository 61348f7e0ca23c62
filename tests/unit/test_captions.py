"""A caption is shortened cleanly: within Telegram's 1,024 units after parsing, no tag or entity cut, the rest kept."""

from __future__ import annotations

from bot.telegram_text import CAPTION_MAX, fit_caption
from tests.fake_telegram.formatting import parse_html


def test_a_short_text_is_its_own_caption() -> None:
    assert fit_caption("<b>Cakes</b> &amp; cookies") == ("<b>Cakes</b> &amp; cookies", "")


def test_a_long_text_is_cut_between_tags_and_goes_on_in_the_rest() -> None:
    text = "<b>Birthday cakes</b>\n🏫 School &amp; Co\n\n" + " ".join(f"<i>word{i}</i> &lt;{i}&gt;" for i in range(300))
    caption, rest = fit_caption(text)
    shown = parse_html(caption)  # raises if a tag or an entity were cut
    assert shown.utf16_length <= CAPTION_MAX
    assert caption.endswith("…") and rest.startswith("…")
    parse_html(rest)
    words = [w for w in (parse_html(caption).text + " " + parse_html(rest).text).replace("…", " ").split()]
    assert words == parse_html(text).text.split()  # nothing lost, nothing doubled


def test_emoji_count_twice() -> None:
    caption, rest = fit_caption("🎂" * 600)
    assert parse_html(caption).utf16_length <= CAPTION_MAX and rest
