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

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction

T = TypeVar("T")
_SQLITE_LOCKS: weakref.WeakKeyDictionary[async_sessionmaker[AsyncSession], asyncio.Lock] = weakref.WeakKeyDictionary()


def _guard(factory: async_sessionmaker[AsyncSession]) -> AbstractAsyncContextManager[Any]:
    bind = factory.kw.get("bind")
    if bind is None or bind.dialect.name != "sqlite":
        return nullcontext()
    lock = _SQLITE_LOCKS.get(factory)
    if lock is None:
        lock = _SQLITE_LOCKS[factory] = asyncio.Lock()
    return lock


async def write(factory: async_sessionmaker[AsyncSession], work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """``work(session, *args)`` in one transaction; retried on OperationalError ("database is locked")."""
    for attempt in range(5):
        try:
            async with _guard(factory), transaction(factory) as session:
                return await work(session, *args)
        except OperationalError:
            if attempt == 4:
                raise
            await asyncio.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")
