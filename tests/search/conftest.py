"""The demo catalogue, imported once per test into the `db` fixture's empty tables."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.taxonomy import load_taxonomy
from tests.search.quality import CATALOGUE_PATH


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    report = await import_catalogue(db, CATALOGUE_PATH.read_bytes(), load_taxonomy())
    assert report.ok, report.errors
    return db
