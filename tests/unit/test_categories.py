"""Local category matching (the fallback path, and a backstop for Rasa's extractors)."""

from __future__ import annotations

import pytest

from nlu.normalise.categories import find_category

CASES = [
    ("preciso de 200 pasteis de nata ate sexta", "pt", "bakery"),
    ("нужен сайт для нашей фирмы", "ru", "web_design"),
    ("mūsų mokiniai gali atspausdinti 3D detales po 5 eur", "lt", "3d_printing"),
    ("reikia tortukų gimtadieniui", "lt", "bakery"),  # diminutive, not in the taxonomy
    ("reikia pyragaiciu", "lt", "bakery"),  # no diacritics
    ("vajag mājaslapu veikalam", "lv", "web_design"),
    ("potrzebuję strony internetowej", "pl", "web_design"),
    ("I need a website for my company", "en", "web_design"),
    ("cerchiamo un servizio catering per 50 persone", "it", "catering"),
    ("who can do web design", "en", "web_design"),
    ("kas galetu suvirinti vartus", "lt", "metalwork"),  # verb of "suvirinimas"
]
NOTHING = [
    ("labas", "lt"),
    ("hello panel", "en"),  # "pane" (it: bread) must not match an English word
    ("help pls", "en"),  # not "helpdesk"
    ("yes, that works", "en"),  # not "workwear"
    ("finito, tutto a posto", "it"),  # not "poster"
    ("", "en"),
    ("🎂🎂", "en"),
]


@pytest.mark.parametrize(("text", "language", "key"), CASES)
def test_finds_category(text: str, language: str, key: str) -> None:
    assert find_category(text, language) == key


@pytest.mark.parametrize(("text", "language"), NOTHING)
def test_finds_nothing(text: str, language: str) -> None:
    assert find_category(text, language) is None


def test_long_input_is_fast() -> None:
    import time

    started = time.perf_counter()
    find_category("reikia tortų Kaune " * 600, "lt")
    assert time.perf_counter() - started < 0.5


def test_closest_key_maps_unlisted_spans() -> None:
    """A CRF span nobody listed still gets the key of the most similar known term."""
    from nlu.normalise.categories import default_matcher

    assert default_matcher().closest_key("pjauna žolę") == "landscaping"
    assert default_matcher().closest_key("🎂") is None


@pytest.mark.parametrize(
    ("text", "language", "key"),
    [
        ("os formandos da nossa escola de hotelaria confecionam jantares para grupos", "pt", "catering"),
        ("my boss wants someone to repair the brakes on our delivery vans", "en", "car_service"),
        ("kas varētu salabot mūsu biroja datorus", "lv", "it_support"),  # "salabot" (repair) is no car
        ("ищем повара на корпоратив", "ru", "catering"),
    ],
)
def test_what_is_wanted_or_offered_wins_over_context(text: str, language: str, key: str) -> None:
    """The school's own trade ("escola de hotelaria") and a bare repair verb are context, not the category."""
    assert find_category(text, language) == key
