"""Telegram's ~30 messages/s per bot as rows of ``send_slots``, shared by every outbox worker (PostgreSQL).

Why slots rather than a shared rate: what Telegram counts is how many sends it sees within any one
second, and a send is seen somewhere between the moment it leaves and the moment the answer comes
back. A slot is taken before a send and becomes free again one second *after the answer* (database
clock), so two sends through the same slot are always more than a second apart at Telegram,
whatever the network or event-loop delays; with ``cap`` slots no second can hold more than
``cap`` sends, however many workers share them. A rate with even spacing cannot promise that
(jitter bunches sends), and a per-worker ``--rate 29/N`` breaks as soon as N changes.

Every time here is the database's ``clock_timestamp()``: workers on different hosts compare
nothing from their own clocks. A slot taken by a worker that dies is free again after the lease.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

PAUSE_SLOT = 32767  # never taken: its busy_until is a 429 pause that every slot's release respects

_ENSURE = text(
    """
    INSERT INTO send_slots (id, busy_until, holder)
    SELECT n, clock_timestamp() - interval '1 second', NULL
    FROM (SELECT generate_series(0, CAST(:cap AS integer) - 1) AS n UNION ALL SELECT CAST(:pause AS integer)) AS wanted
    ON CONFLICT (id) DO NOTHING
    """
)

# One round trip: take the free slot that has waited longest, or say how long until the next one frees.
_TAKE = text(
    """
    WITH free AS (
        SELECT id FROM send_slots
        WHERE id < :cap AND busy_until <= clock_timestamp()
        ORDER BY busy_until, id LIMIT 1
        FOR UPDATE SKIP LOCKED
    ), taken AS (
        UPDATE send_slots AS s
        SET busy_until = clock_timestamp() + make_interval(secs => :lease), holder = :holder
        FROM free WHERE s.id = free.id
        RETURNING s.id
    )
    SELECT (SELECT id FROM taken) AS slot,
           (SELECT EXTRACT(EPOCH FROM min(busy_until) - clock_timestamp()) FROM send_slots WHERE id < :cap) AS wait
    """
)

_RELEASE = text(
    """
    UPDATE send_slots
    SET busy_until = GREATEST(clock_timestamp() + make_interval(secs => :gap),
                              (SELECT busy_until FROM send_slots WHERE id = :pause)),
        holder = NULL
    WHERE id = ANY(:ids) AND holder = :holder
    """
)

_PAUSE = text(
    """
    UPDATE send_slots
    SET busy_until = GREATEST(busy_until, clock_timestamp() + make_interval(secs => :seconds))
    WHERE holder IS NULL
    """
)


async def ensure_slots(session: AsyncSession, cap: int) -> None:
    """Create slots 0..cap-1 and the pause row if missing (the first worker to start does it)."""
    await session.execute(_ENSURE, {"cap": cap, "pause": PAUSE_SLOT})


async def take_slot(session: AsyncSession, holder: str, cap: int, lease_s: float) -> tuple[int | None, float]:
    """A slot for one send, held for ``lease_s`` until released; else (None, seconds until one may free).

    Commit right after: other workers must see the slot taken.
    """
    row = (await session.execute(_TAKE, {"cap": cap, "lease": lease_s, "holder": holder})).one()
    return (None if row.slot is None else int(row.slot)), float(row.wait or 0.0)


async def release_slots(session: AsyncSession, holder: str, slot_ids: Sequence[int], gap_s: float = 1.0) -> None:
    """Telegram answered these sends: each slot frees ``gap_s`` from now (or when a 429 pause ends).

    A slot whose lease ran out and that another worker took since is left alone.
    """
    if slot_ids:
        params = {"ids": list(slot_ids), "holder": holder, "gap": gap_s, "pause": PAUSE_SLOT}
        await session.execute(_RELEASE, params)


async def pause(session: AsyncSession, seconds: float) -> None:
    """Telegram answered 429: no worker sends for ``seconds`` (slots in flight respect it when released)."""
    await session.execute(_PAUSE, {"seconds": seconds})
