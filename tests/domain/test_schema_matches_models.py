"""The Alembic migrations build exactly the schema the SQLAlchemy models describe, on SQLite and PostgreSQL.

Why: the app runs on the models, production databases are built by the migrations. A column added
to a model without a migration (or a migration that drifted) passes every test that creates tables
from the models and fails on the first deployment. Alembic's autogenerate, run against a freshly
migrated database, must find nothing to do.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from domain.db import is_sqlite, make_engine
from domain.models import Base

# Objects the migrations create on purpose that no model describes (PostgreSQL search index on an
# expression, see migration 0005); autogenerate cannot express them.
NOT_IN_MODELS = frozenset({"ix_listings_search_fts"})


def _include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (reflected and compare_to is None and name in NOT_IN_MODELS)


def _differences(connection: Connection) -> list[Any]:
    batch = is_sqlite(str(connection.engine.url))
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": _include, "render_as_batch": batch}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_autogenerate_finds_no_difference(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
