"""Engine and session factory for SQLite (default) and PostgreSQL, from one URL."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

DEFAULT_SQLITE_PATH = Path("var/vet2b.sqlite3")
T = TypeVar("T")


def async_url(url: str) -> str:
    """Accept the URLs people write (sqlite:///x, postgresql://...) and pick the async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError(f"unsupported database backend {backend!r}: use sqlite or postgresql")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the bot read while a worker writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class _OneTripCursor:
    """The cursor SQLAlchemy's aiosqlite adapter drives, making one trip to the connection's thread per statement.

    Why: aiosqlite runs each call (make a cursor, execute, fetch the rows, close) on the connection's
    own thread and wakes the event loop for each answer; SQLAlchemy makes four such calls per query.
    Those hand-overs between threads were a fifth of the bot's CPU under load (py-spy, bench/inbound.py).
    Here the statement runs and its rows are fetched in one call; what SQLAlchemy asks next is answered
    from what that call brought back.
    """

    arraysize = 1

    def __init__(self, connection: _OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._rows: list[Any] = []

    async def execute(self, sql: str, parameters: Any = None) -> _OneTripCursor:
        return await self._run(lambda db: db.execute(sql) if parameters is None else db.execute(sql, parameters))

    async def executemany(self, sql: str, parameters: Any) -> _OneTripCursor:
        return await self._run(lambda db: db.executemany(sql, parameters))

    async def _run(self, statement: Callable[[sqlite3.Connection], sqlite3.Cursor]) -> _OneTripCursor:
        def work(db: sqlite3.Connection) -> tuple[Any, int | None, int, list[Any]]:
            cursor = statement(db)
            try:
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, cursor.lastrowid, cursor.rowcount, rows
            finally:
                cursor.close()

        self.description, self.lastrowid, self.rowcount, self._rows = await self._connection.on_thread(work)
        return self

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    async def fetchall(self) -> list[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []


class _OneTripConnection(aiosqlite.Connection):
    """aiosqlite's connection with :class:`_OneTripCursor`, and no trip for a commit or rollback with no
    transaction open (a read-only unit of work, or the pool's reset after a commit): nothing to do there."""

    async def on_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        result: T = await self._execute(work, self._conn)  # type: ignore[no-untyped-call]
        return result

    async def cursor(self) -> _OneTripCursor:  # type: ignore[override]
        return _OneTripCursor(self)

    async def commit(self) -> None:
        if self._conn.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self._conn.in_transaction:
            await super().rollback()


def _sqlite_connector(database: str) -> Callable[[], Awaitable[_OneTripConnection]]:
    async def connect() -> _OneTripConnection:
        connection = _OneTripConnection(functools.partial(sqlite3.connect, database, check_same_thread=False), 64)
        connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never keeps the process alive
        await connection
        return connection

    return connect


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    full = async_url(url)
    if is_sqlite(full):
        database = make_url(full).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("async_creator", _sqlite_connector(database))
    engine = create_async_engine(full, **kwargs)
    if is_sqlite(full):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on any error."""
    async with factory() as session, session.begin():
        yield session
