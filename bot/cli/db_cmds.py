"""`vet2b db ...`: schema management."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import cli, notice, run_async, settings, with_database
from domain.catalogue import sync_categories
from domain.db import transaction
from domain.migrate import upgrade
from domain.taxonomy import load_taxonomy


@cli.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


async def _seed(factory: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(factory) as session:
        await sync_categories(session, load_taxonomy())


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema to the latest version, on SQLite or PostgreSQL."""
    url = settings().database_url
    run_async(lambda: upgrade(url))
    with_database(_seed)
    notice("database schema is up to date")
