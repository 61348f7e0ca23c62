"""The global pacer: never more than ``rate`` sends in any second, and stalls are made up for."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.outbox_sender.pacing import ChatPacer, GlobalPacer


def _max_in_any_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, t in enumerate(stamps):
        while stamps[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _release(pacer: GlobalPacer, n: int, stall_every: int = 0, stall_s: float = 0.0) -> list[float]:
    """``n`` sends through the pacer, a few at a time as the sender's concurrency slots allow."""
    stamps: list[float] = []
    slots = asyncio.Semaphore(3)

    async def one(i: int) -> None:
        async with slots:
            turn = await pacer.acquire()
            stamps.append(time.monotonic())
            if stall_every and i % stall_every == 0:
                time.sleep(stall_s)  # the event loop is blocked, as by a slow synchronous step
            await asyncio.sleep(0.01)  # the request
            pacer.answered(turn)

    await asyncio.gather(*(one(i) for i in range(n)))
    return stamps


async def test_never_more_than_the_limit_in_any_second_even_when_catching_up() -> None:
    stamps = await _release(GlobalPacer(40, per_second_limit=40), 120, stall_every=15, stall_s=0.2)
    assert _max_in_any_second(stamps) <= 40


async def test_a_send_counts_until_a_second_after_its_answer() -> None:
    """Telegram may stamp a request as late as its answer: an unanswered send keeps its place."""
    pacer = GlobalPacer(100, per_second_limit=3)
    turns = [await pacer.acquire() for _ in range(3)]
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pacer.acquire(), 1.3)  # all three still unanswered
    pacer.answered(turns[0])
    started = time.monotonic()
    await pacer.acquire()
    assert 0.9 <= time.monotonic() - started <= 1.5


async def test_turns_missed_in_a_stall_are_made_up_for() -> None:
    rate, n = 40, 120
    started = time.monotonic()
    await _release(GlobalPacer(rate, per_second_limit=60, catch_up_s=0.25), n, stall_every=30, stall_s=0.2)
    with_catch_up = time.monotonic() - started
    started = time.monotonic()
    await _release(GlobalPacer(rate, per_second_limit=60, catch_up_s=0.0), n, stall_every=30, stall_s=0.2)
    without = time.monotonic() - started
    # Four stalls of 0.2 s: without catch-up they add ~0.8 s to the ~3 s of turns.
    assert with_catch_up < without - 0.4, (with_catch_up, without)


async def test_a_429_pauses_everyone_and_lowers_the_rate() -> None:
    pacer = GlobalPacer(30)
    pacer.penalise(0.3)
    assert pacer.rate < 30 and pacer.paused_for > 0.2
    started = time.monotonic()
    await pacer.acquire()
    assert time.monotonic() - started >= 0.29


def test_chat_pacer_spaces_one_chat() -> None:
    now = [100.0]
    chats = ChatPacer(1.0, clock=lambda: now[0])
    assert chats.wait_s(7) == 0
    chats.sent(7)
    assert chats.wait_s(7) == 1.0 and chats.wait_s(8) == 0
    now[0] += 0.6
    assert abs(chats.wait_s(7) - 0.4) < 1e-9
