"""One user flooding the bot (and getting 429s from Telegram) must not hold up anybody else.

Against the fake Telegram server with Telegram's per-chat limit (1 message/s, a burst of 3), so
the flooder's replies are refused with 429 exactly as on Telegram.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.models import OutboxMessage
from domain.outbox import KIND_REPLY
from tests.e2e.harness import Person, plain, running_bot
from tests.fake_telegram import FakeTelegram

SLOW_DOWN = "You are sending a lot right now"
SORRY = "Sorry, something went wrong"
HELP = "I connect companies with vocational schools"


async def _drained(db: async_sessionmaker[AsyncSession], timeout_s: float = 30.0) -> None:
    """Wait until no queued reply is left in the outbox."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        async with transaction(db) as s:
            pending = await s.scalar(
                select(OutboxMessage.id).where(OutboxMessage.kind == KIND_REPLY, OutboxMessage.status == "pending")
            )
        if pending is None:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("queued replies were not delivered")


def _count(server: FakeTelegram, user_id: int, needle: str) -> int:
    return sum(needle in plain(r) for r in server.events(user_id))


async def test_a_flooding_user_does_not_hold_up_the_others(db: async_sessionmaker[AsyncSession]) -> None:
    async with running_bot(db) as (server, _services):
        flooder = Person(server, 5001, "Flood")
        others = [Person(server, 5002 + i, f"Other {i}") for i in range(3)]
        for person in (flooder, *others):
            server.add_user(person.user_id, person.name, language_code="en")

        async def flood() -> None:  # 100 messages in 2 s; from the 4th reply on Telegram answers 429
            for _ in range(100):
                await flooder.send("/help")
                await asyncio.sleep(0.02)

        async def ask(person: Person) -> float:
            await asyncio.sleep(0.5)  # the flood is under way
            started = time.monotonic()
            await person.send("/help")
            await person.wait_text(HELP)
            return time.monotonic() - started

        flooding = asyncio.create_task(flood())
        waited = await asyncio.gather(*(ask(p) for p in others))
        await flooding
        assert max(waited) < 3.0, waited  # before: 8.6 to 24.8 s behind the flooder's sleeping handlers

        # The notice queues behind the burst's refused replies, which Telegram lets through at 1/s per chat.
        await _drained(db, timeout_s=90.0)
        assert _count(server, flooder.user_id, SLOW_DOWN) == 1  # told once for the whole burst
        assert 3 < _count(server, flooder.user_id, HELP) < 20  # the burst was answered, the rest dropped
        assert all(_count(server, p.user_id, SORRY) == 0 for p in (flooder, *others))


async def test_a_reply_refused_with_429_comes_later_and_in_order(db: async_sessionmaker[AsyncSession]) -> None:
    async with running_bot(db) as (server, _services):
        ona, jonas = Person(server, 5101, "Ona"), Person(server, 5102, "Jonas")
        for person in (ona, jonas):
            server.add_user(person.user_id, person.name, language_code="en")
        await ona.send("/start")
        await ona.wait_text("Who are you?")
        await asyncio.sleep(3.0)  # Telegram's allowance for the chat is back
        start = ona.mark()

        server.fail_next(1, 429, retry_after=2, methods=["sendMessage"])
        await ona.send("/help")  # its reply is refused: it goes to the outbox, the handler returns
        await asyncio.sleep(0.2)
        await ona.send("/cancel")  # queued behind it, not sent past it
        started = time.monotonic()
        await jonas.send("/help")
        await jonas.wait_text(HELP)
        assert time.monotonic() - started < 1.5  # nobody waits out Ona's 429

        await ona.wait_text("nothing to cancel", after=start)
        texts = [plain(r) for r in server.events(ona.user_id)[start:]]
        assert [i for i, t in enumerate(texts) if HELP in t] < [i for i, t in enumerate(texts) if "nothing to" in t]
        assert sum(HELP in t for t in texts) == 1


async def test_a_file_refused_with_429_comes_later(db: async_sessionmaker[AsyncSession]) -> None:
    async with running_bot(db) as (server, _services):
        ona = Person(server, 5201, "Ona")
        server.add_user(ona.user_id, ona.name, language_code="en")
        server.fail_next(1, 429, retry_after=1, methods=["sendDocument"])
        await ona.send("/mydata")
        record = await ona.wait(lambda r: r.document is not None)
        assert record.document is not None and record.document.file_name == "vet2b-my-data.json"
        assert b'"profile"' in record.document.content
