"""Short write transactions for the sender, retried on transient errors, one at a time on SQLite.

Why one at a time on SQLite: it has a single writer lock; 30 delivery tasks committing on
separate pooled connections spend their time in SQLite's busy handler (sleep-and-retry), which
measured ~40 commits/s. Queued on an asyncio lock in the process they commit back to back.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction

T = TypeVar("T")
# PostgreSQL: deadlock detected, serialization failure. A heartbeat extending leases and an ack batch
# marking rows sent can lock the same rows in different orders; PostgreSQL then aborts one of them.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
_SQLITE_LOCKS: weakref.WeakKeyDictionary[async_sessionmaker[AsyncSession], asyncio.Lock] = weakref.WeakKeyDictionary()


def _guard(factory: async_sessionmaker[AsyncSession]) -> AbstractAsyncContextManager[Any]:
    bind = factory.kw.get("bind")
    if bind is None or bind.dialect.name != "sqlite":
        return nullcontext()
    lock = _SQLITE_LOCKS.get(factory)
    if lock is None:
        lock = _SQLITE_LOCKS[factory] = asyncio.Lock()
    return lock


def is_transient(error: Exception) -> bool:
    """SQLite "database is locked", PostgreSQL deadlocks and serialization failures: try again."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


async def write(factory: async_sessionmaker[AsyncSession], work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """``work(session, *args)`` in one transaction; retried on transient errors (:func:`is_transient`).

    Why retrying matters: a failed ack write would leave a row Telegram already delivered pending,
    and it would be sent again once its lease ran out.
    """
    for attempt in range(5):
        try:
            async with _guard(factory), transaction(factory) as session:
                return await work(session, *args)
        except DBAPIError as error:
            if attempt == 4 or not is_transient(error):
                raise
            await asyncio.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")
