"""The sender against the fake Telegram server: limits, 429s, blocked users, bad requests, network errors.

Why against the fake: the promises (nothing lost, no hammering, one escalation, no retry loop)
depend on how python-telegram-bot maps Telegram's replies to exceptions, so the real client
talks HTTP to a server that answers like Telegram.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender import DefaultRenderer, SenderConfig, SenderStats, make_bot, run_sender
from domain import outbox
from domain.db import transaction
from domain.models import OutboxMessage, Person
from domain.timeutil import utcnow
from tests.fake_telegram import FakeTelegram
from tests.outbox.helpers import TELEGRAM_BASE, make_people, make_task_assignment

Factory = async_sessionmaker[AsyncSession]
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@asynccontextmanager
async def running_sender(
    server: FakeTelegram, db: Factory, **config: object
) -> AsyncIterator[tuple[asyncio.Task[SenderStats], asyncio.Event]]:
    stop = asyncio.Event()
    cfg = SenderConfig(worker_id="test", poll_interval_s=0.05, **config)  # type: ignore[arg-type]
    async with make_bot(server.token, server.base_url, concurrency=cfg.concurrency) as bot:
        task = asyncio.create_task(run_sender(bot, db, DefaultRenderer(), stop_event=stop, config=cfg))
        try:
            yield task, stop
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


async def wait_until(check: Callable[[], Awaitable[bool]], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def all_settled(db: Factory) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        async with db() as s:
            return not await s.scalar(select(func.count()).where(OutboxMessage.status == "pending"))

    return check


async def fan_out(db: Factory, server: FakeTelegram, people: list[int], per_person: int = 1) -> None:
    for i in range(len(people)):
        server.add_user(TELEGRAM_BASE + i, f"P{i}")
    notes = [outbox.Notification(p, "test", {"text": f"{p}/{n}"}) for n in range(per_person) for p in people]
    async with transaction(db) as s:
        await outbox.enqueue_many(s, notes)


async def test_delivers_in_order_per_chat_within_limits(db: Factory) -> None:
    async with FakeTelegram(token="123:TEST", global_per_s=30, per_chat_per_s=1, per_chat_burst=1) as server:
        people = await make_people(db, 20)
        await fan_out(db, server, people, per_person=3)
        started = time.monotonic()
        async with running_sender(server, db) as (task, _):
            await wait_until(all_settled(db))
        elapsed = time.monotonic() - started
        assert server.stats.http_429 == 0
        for i, person in enumerate(people):
            texts = [m.text for m in server.messages(TELEGRAM_BASE + i)]
            assert texts == [f"{person}/0", f"{person}/1", f"{person}/2"]
        stats = task.result()
        assert stats.sent == 60 and stats.retry_after == 0
        assert elapsed >= 60 / 30  # paced: the global rate is not exceeded
        async with db() as s:
            assert await s.scalar(select(func.count()).where(OutboxMessage.telegram_message_id.is_not(None))) == 60


async def test_429_bursts_slow_down_and_lose_nothing(db: Factory) -> None:
    """The server is stricter than the sender thinks (20/s against its 29/s) and injects 429s too."""
    async with FakeTelegram(token="123:TEST", global_per_s=20, per_chat_per_s=1, per_chat_burst=3) as server:
        people = await make_people(db, 120)
        await fan_out(db, server, people)
        server.fail_next(3, 429, retry_after=1, methods=["sendMessage"])
        async with running_sender(server, db, concurrency=16) as (task, _):
            await wait_until(all_settled(db), timeout=60)
        delivered = sum(len(server.messages(TELEGRAM_BASE + i)) for i in range(120))
        assert delivered == 120  # nothing lost, nothing twice
        http_429 = server.stats.http_429
        print(f"429s: {http_429} for 120 messages (3 injected)")
        assert 3 <= http_429 <= 15, http_429  # slowed down instead of hammering
        assert task.result().retry_after == http_429
        async with db() as s:
            assert await s.scalar(select(func.count()).where(OutboxMessage.status == "sent")) == 120
            assert await s.scalar(select(func.max(OutboxMessage.attempts))) == 0  # 429 is not an attempt


async def test_blocked_student_is_unreachable_and_teacher_told_once(db: Factory) -> None:
    async with FakeTelegram(token="123:TEST") as server:
        student, teacher, other = await make_people(db, 3)
        for i in range(3):
            server.add_user(TELEGRAM_BASE + i, f"P{i}")
        server.block(TELEGRAM_BASE)
        async with transaction(db) as s:
            for n in range(5):
                await outbox.enqueue(s, recipient_id=student, kind="test", payload={"text": f"task {n}"},
                                     escalate_to=teacher)  # fmt: skip
            await outbox.enqueue(s, recipient_id=other, kind="test", payload={"text": "hello"})
        async with running_sender(server, db) as (_task, _):
            await wait_until(all_settled(db))
            async with transaction(db) as s:  # a later notification to the blocked student
                await outbox.enqueue(s, recipient_id=student, kind="test", payload={"text": "z"}, escalate_to=teacher)
            await wait_until(all_settled(db))
        attempts_to_student = sum(1 for call in server.calls if str(call[1].get("chat_id")) == str(TELEGRAM_BASE))
        assert attempts_to_student == 1  # no retry loop
        notice = "A recipient could not be reached: they blocked the bot or left Telegram."
        assert [m.text for m in server.messages(TELEGRAM_BASE + 1)] == [notice]
        assert [m.text for m in server.messages(TELEGRAM_BASE + 2)] == ["hello"]
        async with db() as s:
            person = await s.get(Person, student)
            assert person is not None and person.unreachable_at is not None
            query = select(OutboxMessage.status).where(OutboxMessage.recipient_id == student)
            statuses = (await s.scalars(query)).all()
        assert list(statuses) == ["failed"] * 6


async def test_bad_request_fails_without_retry_and_network_error_retries(db: Factory) -> None:
    async with FakeTelegram(token="123:TEST") as server:
        (ann, bob) = await make_people(db, 2)
        server.add_user(TELEGRAM_BASE, "Ann")
        server.add_user(TELEGRAM_BASE + 1, "Bob")
        policy = outbox.RetryPolicy(base_s=0.2, cap_s=0.5, max_attempts=5)
        async with running_sender(server, db, retry=policy) as _:
            async with transaction(db) as s:
                bad = await outbox.enqueue(s, recipient_id=ann, kind="test", payload={"text": "x" * 5000})  # too long
            await wait_until(all_settled(db))
            server.fail_next(1, 502, methods=["sendMessage"])
            async with transaction(db) as s:
                flaky = await outbox.enqueue(s, recipient_id=bob, kind="test", payload={"text": "after a 502"})
            await wait_until(all_settled(db))
        async with db() as s:
            bad_row = await s.get(OutboxMessage, bad)
            flaky_row = await s.get(OutboxMessage, flaky)
        assert bad_row is not None and bad_row.status == "failed" and "too long" in (bad_row.last_error or "")
        assert bad_row.attempts == 0
        assert flaky_row is not None and flaky_row.status == "sent" and flaky_row.attempts == 1
        assert [m.text for m in server.messages(TELEGRAM_BASE + 1)] == ["after a 502"]
        assert server.stats.per_method["sendMessage"] == 3


async def test_reminder_for_done_task_is_skipped_and_due_reminder_waits(db: Factory) -> None:
    async with FakeTelegram(token="123:TEST") as server:
        (student,) = await make_people(db, 1)
        server.add_user(TELEGRAM_BASE, "Stu")
        done = await make_task_assignment(db, student)
        await make_task_assignment(db, student, done_assignment=done)
        async with transaction(db) as s:
            skipped = await outbox.enqueue(s, recipient_id=student, kind="task_reminder",
                                           payload={"assignment_id": done})  # fmt: skip
            later = await outbox.enqueue(s, recipient_id=student, kind="test", payload={"text": "tomorrow"},
                                         not_before=utcnow() + timedelta(days=1))  # fmt: skip
            now = await outbox.enqueue(s, recipient_id=student, kind="test", payload={"text": "now"})
        async with running_sender(server, db) as _:

            async def now_sent() -> bool:
                async with db() as s:
                    return (await s.get(OutboxMessage, now, populate_existing=True)).status == "sent"  # type: ignore[union-attr]

            await wait_until(now_sent)
        async with db() as s:
            rows = {r.id: r for r in (await s.scalars(select(OutboxMessage))).all()}
        assert skipped is not None and later is not None
        assert rows[skipped].status == "sent" and rows[skipped].telegram_message_id is None  # sent-as-skipped
        assert rows[later].status == "pending" and rows[later].claimed_by is None  # scheduled, handed back
        assert [m.text for m in server.messages(TELEGRAM_BASE)] == ["now"]
