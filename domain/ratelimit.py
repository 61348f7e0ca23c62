"""Sliding-window rate limits counted from rows that already exist (enquiries, relay messages, audit events).

Why no counter table: the rows each action writes carry the actor and a timestamp, so counting
them in the caller's transaction is exact and survives restarts and replicas. The actor's person
row is locked first (FOR UPDATE on PostgreSQL), so two concurrent requests of one person cannot
both pass the last free slot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import RateLimited
from domain.models import Person
from domain.timeutil import as_utc, utcnow

Window = tuple[timedelta, int]  # (window length, most actions allowed in it)

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


async def lock_person(session: AsyncSession, person_id: int) -> None:
    stmt = select(Person.id).where(Person.id == person_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    await session.execute(stmt)


def retry_after(timestamps: Sequence[datetime], windows: Sequence[Window], now: datetime) -> int | None:
    """Seconds until one more action fits every window (None if it fits now); ``timestamps`` newest first."""
    wait = 0.0
    for length, limit in windows:
        inside = [t for t in timestamps if t > now - length]
        if len(inside) >= limit:
            wait = max(wait, (inside[limit - 1] + length - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else None


async def check(
    session: AsyncSession, person_id: int, column: Any, where: Sequence[Any], windows: Sequence[Window]
) -> None:
    """Raise RateLimited if one more action by ``person_id`` would exceed a window.

    ``column`` is the timestamp column of the rows that count; ``where`` selects this person's rows.
    """
    await lock_person(session, person_id)
    now = utcnow()
    longest = max(length for length, _ in windows)
    most = max(limit for _, limit in windows)
    query = select(column).where(*where, column > now - longest).order_by(column.desc()).limit(most)
    rows = await session.scalars(query)
    wait = retry_after([as_utc(t) for t in rows], windows, now)
    if wait is not None:
        raise RateLimited("rate_limited", f"retry in {wait}s", retry_after_s=wait)
