"""The send slots all workers share (PostgreSQL): never more taken than there are, freed a second after
the answer, a 429 pause for everyone, a dead worker's slots back after the lease."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import send_budget
from domain.db import transaction

Factory = async_sessionmaker[AsyncSession]
CAP = 30


@pytest.fixture
def pg(db: Factory, database_url: str) -> Factory:
    if not database_url.startswith("postgresql"):
        pytest.skip("the shared send limit is for several workers, which need PostgreSQL")
    return db


async def _take(db: Factory, holder: str, lease_s: float = 30.0) -> tuple[int | None, float]:
    async with transaction(db) as s:
        await send_budget.ensure_slots(s, CAP)
        return await send_budget.take_slot(s, holder, CAP, lease_s)


async def _release(db: Factory, holder: str, slots: list[int]) -> None:
    async with transaction(db) as s:
        await send_budget.release_slots(s, holder, slots)


async def test_two_workers_together_get_no_more_slots_than_the_cap(pg: Factory) -> None:
    taken = [await _take(pg, "a" if n % 2 else "b") for n in range(CAP)]
    assert sorted(slot for slot, _ in taken if slot is not None) == list(range(CAP))
    slot, wait = await _take(pg, "a")
    assert slot is None and wait > 25  # every slot in flight (lease 30 s): nothing known to free sooner


async def test_a_slot_frees_one_second_after_the_answer(pg: Factory) -> None:
    held = [slot for slot, _ in [await _take(pg, "a") for _ in range(CAP)] if slot is not None]
    await _release(pg, "a", held[:1])
    slot, wait = await _take(pg, "b")
    assert slot is None and 0.9 < wait <= 1.0
    await _release(pg, "b", held[1:2])  # not b's slot: left alone
    slot, wait = await _take(pg, "b")
    assert slot is None and 0.8 < wait <= 1.0


async def test_a_429_pauses_every_worker(pg: Factory) -> None:
    await _take(pg, "a")
    async with transaction(pg) as s:
        await send_budget.pause(s, 5)
    slot, wait = await _take(pg, "b")
    assert slot is None and 4 < wait <= 5


async def test_a_dead_workers_slots_come_back_after_the_lease(pg: Factory) -> None:
    for _ in range(CAP):
        await _take(pg, "dead", lease_s=0.2)
    slot, _ = await _take(pg, "alive")
    assert slot is None
    await asyncio.sleep(0.3)
    slot, _ = await _take(pg, "alive")
    assert slot is not None
