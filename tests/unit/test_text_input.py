"""domain.text_input: the cleaning rules every entry point shares, by example and by property."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import HiddenCharacters, Invalid, TooLong
from domain.limits import DISPLAY_NAME_MAX
from domain.text_input import (
    DIRECTION_CONTROLS,
    checked_text,
    clean_name,
    display_name,
    plain_words,
    require_length,
    tidy,
    typed_name,
)

ANY_TEXT = st.text(st.characters(codec=None), max_size=300)  # every code point, surrogates and NUL included
FEW = settings(max_examples=200, deadline=None)


def test_tidy_keeps_lines_and_tabs_and_drops_controls() -> None:
    assert tidy("a\x00b\r\nc\rd\te\x1b[0m\x7f\x85\ud800") == "ab\nc\nd\te[0m"
    assert tidy("Cafe\u0301") == "Café"  # NFC: one code point, as typed on another keyboard
    assert tidy("\u200d\u202e kept in free text") == "\u200d\u202e kept in free text"
    assert tidy(None) == ""


def test_names_lose_invisible_characters() -> None:
    assert clean_name("  Fico\u200b \u00a0Lda\u200e ") == "Fico Lda"
    assert clean_name("\u202eadL ociF") == "adL ociF"
    for invisible in ("\u200b\u200b", "\u3164", "\u2800 \u2800", "\u0301\u0301", "\ufeff", " \n\t"):
        assert clean_name(invisible) == "", repr(invisible)
    assert display_name("x" * 500) == "x" * DISPLAY_NAME_MAX


def test_typed_names_with_direction_controls_or_nothing_visible_are_refused() -> None:
    for name in ("\u202eadL ociF", "Acme\u2066", "\u200b\u200b", "\u3164\u3164"):
        with pytest.raises(HiddenCharacters):
            typed_name(name, 2, 200, "bad_name")
    for name in ("", "  ", "A", "x" * 201):
        with pytest.raises(Invalid) as caught:
            typed_name(name, 2, 200, "bad_name")
        assert not isinstance(caught.value, HiddenCharacters) and caught.value.code == "bad_name"
    assert typed_name(" Acme\x00  Ltd ", 2, 200, "bad_name") == "Acme Ltd"


def test_length_is_refused_never_cut() -> None:
    assert require_length("x" * 10, 10) == "x" * 10
    with pytest.raises(TooLong) as caught:
        require_length("x" * 11, 10)
    assert caught.value.limit == 10 and caught.value.code == "text_too_long"
    with pytest.raises(Invalid, match="empty_text"):
        checked_text(" \x00 ", 10)
    assert checked_text(" \x00 ", 10, required=False) == ""


@FEW
@given(ANY_TEXT)
def test_tidy_leaves_only_storable_text(raw: str) -> None:
    text = tidy(raw)
    text.encode("utf-8")  # no lone surrogates
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in text)
    assert unicodedata.is_normalized("NFC", text)
    assert tidy(text) == text


@FEW
@given(ANY_TEXT)
def test_clean_names_are_one_visible_line(raw: str) -> None:
    name = clean_name(raw)
    assert clean_name(name) == name
    assert DIRECTION_CONTROLS.isdisjoint(name) and "\n" not in name and name == name.strip()
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in name)
    assert not name or any(unicodedata.category(c)[0] in "LNPS" for c in name)
    assert len(display_name(raw)) <= DISPLAY_NAME_MAX


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("то\u200bрт на ю\u200dбилей", "торт на юбилей"),  # zero-width space and joiner inside words
        ("тoрт нa юбилей", "торт на юбилей"),  # Latin o and a typed on a Russian keyboard
        ("cаke for a party", "cake for a party"),  # a Cyrillic а in an English word
        ("soft\u00adhyphen", "softhyphen"),
        ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # the joiner of an emoji stays
        ("ABBA хорошо", "ABBA хорошо"),  # one script per word already
        ("Tortas su užrašu", "Tortas su užrašu"),
    ],
)
def test_words_read_as_they_show_on_screen(typed: str, read: str) -> None:
    assert plain_words(typed) == read
