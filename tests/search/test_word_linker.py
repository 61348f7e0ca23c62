"""The seam for placing a word nothing in the catalogue knows (ranking.WordLinker): what it places is evidence.

The app's linker is the bundled dictionaries (domain.search.dictionary, tests in test_dictionary.py);
bench/links_e5.py measures one built on multilingual-e5 (docs/search.md). This checks the contract both rely on
with a fixed linker: asked only for unknown words of the need, and a
word it places finds the listing that uses it, in another language, while the evidence rule still guards.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search.index import SearchIndex
from domain.search.service import SearchQuery, SearchService

Factory = async_sessionmaker[AsyncSession]


class _Dictionary:
    def __init__(self, entries: dict[str, list[tuple[str, float]]]) -> None:
        self.entries = entries
        self.asked: list[tuple[str, str, str | None]] = []

    def __call__(self, index: SearchIndex, word: str, surface: str, language: str | None) -> list[tuple[str, float]]:
        self.asked.append((word, surface, language))
        return self.entries.get(word, [])


async def _search(factory: Factory, service: SearchService, text: str, language: str) -> list[str]:
    async with factory() as session:
        page = await service.search(session, SearchQuery(text, language=language))
    return [hit.slug for hit in page.hits]


async def test_a_placed_word_finds_the_listing_that_uses_it(tune_catalogue: Factory) -> None:
    without = SearchService(refresh_interval=0, word_linker=None)
    assert await _search(tune_catalogue, without, "пицца на праздник", "ru") == []
    linker = _Dictionary({"пицца": [("pizza", 0.9)]})
    found = await _search(
        tune_catalogue, SearchService(refresh_interval=0, word_linker=linker), "пицца на праздник", "ru"
    )
    assert found[:1] == ["t-napoli-pizza-feste"]
    assert linker.asked == [("пицца", "пицца", "ru")]  # "праздник" is known (concepts), "на" a stop word


async def test_a_word_placed_nowhere_changes_nothing(tune_catalogue: Factory) -> None:
    linker = _Dictionary({"tattoo": [("nonexistent", 1.0)]})
    service = SearchService(refresh_interval=0, word_linker=linker)
    assert await _search(tune_catalogue, service, "tattoo removal", "en") == []
    assert {word for word, _surface, _language in linker.asked} <= {"tattoo", "removal"}
