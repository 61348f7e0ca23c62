"""Shared fixtures: every database test runs on SQLite and, when VET2B_TEST_DATABASE_URL is set, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import sync_categories
from domain.db import make_engine, make_session_factory, transaction
from domain.migrate import upgrade
from domain.models import Base
from domain.taxonomy import load_taxonomy
from tests.rasa_fixtures import RasaServer, rasa_client, rasa_server

__all__ = ["RasaServer", "rasa_client", "rasa_server"]

PG_URL = os.environ.get("VET2B_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


async def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database for the whole session (migrations are part of what is tested)."""
    if request.param == "postgresql":
        assert PG_URL is not None
        await _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    await upgrade(url)
    return url


async def _empty_tables(factory: async_sessionmaker[AsyncSession], url: str) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with transaction(factory) as session:
        if url.startswith("postgresql"):
            await session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                await session.execute(text(f"DELETE FROM {name}"))
        await sync_categories(session, load_taxonomy())


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on empty tables (categories seeded)."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    await _empty_tables(factory, database_url)
    yield factory
    await engine.dispose()


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
