"""A new school's first offers must be findable: catalogues of one, two and three listings.

Rarity weighting once gave a word found in every listing a zero or negative weight, so the only
listing there was could not be found by its own title ("pastéis de nata" → nothing). Listings are
taken from the demo catalogue with their schools and imported alone.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.search.service import SearchQuery, SearchService
from domain.taxonomy import load_taxonomy
from tests.search.quality import CATALOGUE_PATH

Factory = async_sessionmaker[AsyncSession]


def _subset(slugs: list[str]) -> bytes:
    data: dict[str, Any] = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    listings = [listing for listing in data["listings"] if listing["slug"] in slugs]
    assert len(listings) == len(slugs)
    orgs = {listing["organization"] for listing in listings}
    chosen = {"organizations": [o for o in data["organizations"] if o["slug"] in orgs], "listings": listings}
    return yaml.safe_dump(chosen, allow_unicode=True).encode()


async def _top(factory: Factory, text: str, language: str | None, prefilter: bool) -> list[str]:
    service = SearchService(refresh_interval=0, max_in_process=0 if prefilter else 250_000)
    async with factory() as session:
        return [hit.slug for hit in (await service.search(session, SearchQuery(text, language=language))).hits]


PASTEIS, BOLOS = "epht-pasteis-de-nata", "epht-bolos-aniversario"
TORTAI, TORTY, TORTE = "kmtsc-tortai-gimtadieniams", "zsgh-torty-okolicznosciowe", "ipag-torte-cerimonie"
SAJTY, MAJAS_LAPAS, PASTA, DRUK_3D = (
    "dtst-sajty-pod-klyuch",
    "rdtt-majas-lapu-izstrade",
    "ipag-pasta-fresca",
    "zsmt-druk-3d-czesci",
)

# (catalogue, query, query language, expected first result)
CASES = [
    ([PASTEIS], "pastéis de nata", "pt", PASTEIS),
    ([PASTEIS], "pasteis de nata", None, PASTEIS),
    ([PASTEIS], "pastelaria tradicional", "pt", PASTEIS),
    ([PASTEIS], "cakes and pastries", "en", PASTEIS),  # a bakery synonym: every listing is in bakery
    ([TORTAI], "tortai gimtadieniams", "lt", TORTAI),
    ([TORTAI], "tortų", "lt", TORTAI),
    ([TORTAI], "torty", "pl", TORTAI),
    ([SAJTY], "сайты под ключ", "ru", SAJTY),
    ([SAJTY], "website", "en", SAJTY),
    ([PASTEIS, BOLOS], "pastéis de nata", "pt", PASTEIS),
    ([PASTEIS, BOLOS], "bolos de aniversário", "pt", BOLOS),
    ([PASTEIS, BOLOS], "bolo", "pt", BOLOS),
    ([TORTAI, TORTY, TORTE], "torty na urodziny", "pl", TORTY),
    ([TORTAI, TORTY, TORTE], "tortai", "lt", TORTAI),
    ([TORTAI, TORTY, TORTE], "torte per compleanni", "it", TORTE),
    ([MAJAS_LAPAS, PASTA, DRUK_3D], "mājas lapu izstrāde", "lv", MAJAS_LAPAS),
    ([MAJAS_LAPAS, PASTA, DRUK_3D], "pasta fresca", "it", PASTA),
    ([MAJAS_LAPAS, PASTA, DRUK_3D], "druk 3d", "pl", DRUK_3D),
    ([MAJAS_LAPAS, PASTA, DRUK_3D], "website", "en", MAJAS_LAPAS),
]


@pytest.mark.parametrize(("catalogue", "text", "language", "expected"), CASES)
async def test_a_tiny_catalogue_finds_its_listings(
    db: Factory, catalogue: list[str], text: str, language: str | None, expected: str
) -> None:
    report = await import_catalogue(db, _subset(catalogue), load_taxonomy())
    assert report.ok, report.errors
    prefilter_paths = (False, True) if db.kw["bind"].dialect.name == "postgresql" else (False,)
    for prefilter in prefilter_paths:
        top = await _top(db, text, language, prefilter)
        assert top[:1] == [expected], (text, prefilter, top)


@pytest.mark.parametrize("catalogue", [[PASTEIS], [PASTEIS, BOLOS], [MAJAS_LAPAS, PASTA, DRUK_3D]])
async def test_a_tiny_catalogue_still_says_nothing_matches(db: Factory, catalogue: list[str]) -> None:
    report = await import_catalogue(db, _subset(catalogue), load_taxonomy())
    assert report.ok, report.errors
    assert await _top(db, "helicopter rental", "en", False) == []
    assert await _top(db, "car tyre change", "en", False) == []
