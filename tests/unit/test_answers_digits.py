"""Digits that are not decimal ("¹", "²", "①") are no numbers to pick, rate or count with: they used to crash int()."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import asking
from nlu import answers


@pytest.mark.parametrize("text", ["¹", "²", "① stars", "¹²"])
def test_superscripts_and_circled_digits_are_not_numbers(text: str) -> None:
    assert answers.rating(text, "en") is None
    assert answers.ordinal(text, 5) is None
    assert asking.interpret(text, "number", language="en", now=datetime.now(UTC)).kind != "number"
