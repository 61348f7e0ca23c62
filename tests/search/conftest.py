"""The demo catalogue, imported once per test into the `db` fixture's empty tables."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.taxonomy import load_taxonomy
from tests.search.quality import BLIND3_CATALOGUE_PATH, BLIND_CATALOGUE_PATH, CATALOGUE_PATH, TUNE_CATALOGUE_PATH


@pytest.fixture
async def demo(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    report = await import_catalogue(db, CATALOGUE_PATH.read_bytes(), load_taxonomy())
    assert report.ok, report.errors
    return db


@pytest.fixture
async def tune_catalogue(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Our tuning catalogue for issue 10 (tests/search/tune/)."""
    report = await import_catalogue(db, TUNE_CATALOGUE_PATH.read_bytes(), load_taxonomy())
    assert report.ok, report.errors
    return db


@pytest.fixture
async def blind_catalogue(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """The catalogue written blind from the taxonomy (tests/search/blind/): measured, never tuned on."""
    report = await import_catalogue(db, BLIND_CATALOGUE_PATH.read_bytes(), load_taxonomy())
    assert report.ok, report.errors
    return db


@pytest.fixture
async def blind3_catalogue(db: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """The second catalogue written blind from the taxonomy (tests/search/blind3/): measured, never tuned on."""
    report = await import_catalogue(db, BLIND3_CATALOGUE_PATH.read_bytes(), load_taxonomy())
    assert report.ok, report.errors
    return db
