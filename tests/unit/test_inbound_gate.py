"""The inbound gate: a burst, then a steady rate per user; told once per burst; a short queue per user."""

from __future__ import annotations

import asyncio

from bot.core.inbound import Admission, InboundGate, InboundLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _admit_and_finish(gate: InboundGate, user_id: int) -> Admission:
    verdict = gate.admit(user_id)
    if verdict is Admission.ADMIT:
        async with gate.turn(user_id):
            pass
    return verdict


async def test_burst_then_one_a_second_and_told_once_per_burst() -> None:
    clock = Clock()
    gate = InboundGate(InboundLimits(burst=8, per_s=1.0, max_waiting=3), clock)
    verdicts = [await _admit_and_finish(gate, 1) for _ in range(20)]
    assert verdicts[:8] == [Admission.ADMIT] * 8
    assert verdicts[8:] == [Admission.TELL] + [Admission.DROP] * 11

    clock.now += 1.0  # one more a second, and no second notice while the flood goes on
    assert [await _admit_and_finish(gate, 1) for _ in range(3)] == [Admission.ADMIT, Admission.DROP, Admission.DROP]
    assert await _admit_and_finish(gate, 2) is Admission.ADMIT  # others are not affected

    clock.now += 8.0  # a pause long enough to fill the bucket: a new burst, and it may be told again
    assert [await _admit_and_finish(gate, 1) for _ in range(9)] == [Admission.ADMIT] * 8 + [Admission.TELL]


async def test_at_most_one_handled_and_three_waiting_per_user() -> None:
    gate = InboundGate(InboundLimits(burst=100, per_s=1.0, max_waiting=3), Clock())
    release = asyncio.Event()
    order: list[int] = []

    async def update(n: int) -> None:
        async with gate.turn(1):
            order.append(n)
            await release.wait()

    admitted = []
    for n in range(6):
        if gate.admit(1) is Admission.ADMIT:
            admitted.append(asyncio.create_task(update(n)))
    assert len(admitted) == 4 and gate.admit(1) is Admission.DROP  # the 5th was told, the 6th and 7th dropped
    await asyncio.sleep(0)
    assert order == [0]  # one at a time
    release.set()
    await asyncio.gather(*admitted)
    assert order == [0, 1, 2, 3]  # in the order they came
    assert gate.admit(1) is Admission.ADMIT  # room again


async def test_the_table_forgets_idle_users() -> None:
    clock = Clock()
    gate = InboundGate(InboundLimits(burst=2, per_s=1.0), clock)
    for user_id in range(5000):
        await _admit_and_finish(gate, user_id)
    assert len(gate) == 5000  # all of them just wrote: nobody to forget yet
    clock.now += 10.0
    for user_id in range(10_000, 14_000):
        await _admit_and_finish(gate, user_id)
    assert len(gate) == 4000  # the first 5,000, back to a full bucket, were forgotten
