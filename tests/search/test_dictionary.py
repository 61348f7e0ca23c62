"""Bilingual dictionaries as the search's word linker (domain.search.dictionary): what a company notices is
that a need typed in its language finds a listing written in another, and that a vague word does not turn a
need nobody offers into junk."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search.dictionary import DICTIONARY_PATH, translations
from domain.search.service import SearchQuery, SearchService

Factory = async_sessionmaker[AsyncSession]


async def _search(factory: Factory, text: str, language: str, **service: object) -> list[str]:
    async with factory() as session:
        page = await SearchService(refresh_interval=0, **service).search(session, SearchQuery(text, language=language))  # type: ignore[arg-type]
    return [hit.slug for hit in page.hits]


@pytest.mark.parametrize(
    ("text", "language", "listing"),
    [
        ("пицца на праздник", "ru", "t-napoli-pizza-feste"),  # Italian listing
        ("hazelnut spread", "en", "t-torino-crema-nocciole"),  # "Crema di nocciole"
        ("smoked bacon", "en", "t-alytus-lasiniai"),  # Lithuanian listing
        ("медовые соты гречишный мёд", "ru", "t-lublin-miod-gryczany"),  # Polish listing
    ],
)
async def test_a_need_in_one_language_finds_the_listing_in_another(
    tune_catalogue: Factory, text: str, language: str, listing: str
) -> None:
    assert listing not in await _search(tune_catalogue, text, language, word_linker=None)
    assert (await _search(tune_catalogue, text, language))[:3].count(listing) == 1


@pytest.mark.parametrize(
    ("text", "language"), [("tattoo removal", "en"), ("helicopter rental", "en"), ("аренда квартиры в Риге", "ru")]
)
async def test_needs_nobody_offers_still_find_nothing(tune_catalogue: Factory, text: str, language: str) -> None:
    assert await _search(tune_catalogue, text, language) == []


def test_only_specific_words_are_linked() -> None:
    assert set(translations("hazelnut", "en")) >= {"nocciola", "avela"}
    assert translations("course", "en") == ()  # a dish, a class, a route, a rate: too many senses to link
    assert "baldai" not in translations("appointment", "en")  # furnishings, in the English-Lithuanian dictionary


def test_a_long_word_is_looked_up_as_a_form_of_its_headword() -> None:
    assert translations("bozonarodzeniowa", "pl") == translations("bozonarodzeniowy", "pl") != ()
    assert translations("sala", "pt") != translations("salt", "en")  # short words are not guessed at


def test_latvian_has_no_dictionary_so_every_language_is_asked() -> None:
    assert translations("pizza", "lv") == translations("pizza", None) != ()


def test_the_table_says_where_it_comes_from() -> None:
    with gzip.open(DICTIONARY_PATH, "rt", encoding="utf-8") as lines:
        assert "FreeDict" in next(lines)
