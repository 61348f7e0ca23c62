"""Sender writes are retried on transient database errors, and only on those."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender.dbwrite import is_transient, write


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _dbapi(sqlstate: str) -> DBAPIError:
    return DBAPIError("UPDATE outbox ...", None, _PgError(sqlstate))


def test_deadlocks_and_serialization_failures_are_transient() -> None:
    assert is_transient(_dbapi("40P01")) and is_transient(_dbapi("40001"))
    assert not is_transient(_dbapi("23505"))
    assert not is_transient(IntegrityError("INSERT", None, _PgError("23505")))


async def test_a_deadlocked_write_is_tried_again(db: async_sessionmaker[AsyncSession]) -> None:
    calls: list[int] = []

    async def work(session: AsyncSession) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise _dbapi("40P01")
        return "written"

    assert await write(db, work) == "written"
    assert len(calls) == 2


async def test_other_errors_are_not_retried(db: async_sessionmaker[AsyncSession]) -> None:
    calls: list[int] = []

    async def work(session: AsyncSession) -> None:
        calls.append(1)
        raise _dbapi("23505")

    with pytest.raises(DBAPIError):
        await write(db, work)
    assert len(calls) == 1
