"""Reminders 24 h and 2 h before a task is due, and the teacher's overdue nudge: each once, with a clock the test
moves, however many scans and senders run — checked on the rows, and on what two real senders deliver to the
fake Telegram server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.notifications import NotificationRenderer
from bot.outbox_sender import SenderConfig, make_bot, run_sender
from domain import enquiries, orders, task_changes, task_reminders, tasks
from domain.db import make_engine, make_session_factory, transaction
from domain.models import OutboxMessage, TaskAssignment
from domain.outbox import is_still_relevant
from domain.timeutil import as_utc, utcnow
from tests.domain.factories import World, build_world
from tests.fake_telegram import FakeTelegram

Factory = async_sessionmaker[AsyncSession]
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
HOUR = timedelta(hours=1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def _task(db: Factory, w: World, due: datetime, *students: int) -> tuple[int, list[int]]:
    """A task of a fresh order of school A, due at ``due``, for ``students``: the task and its assignments."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake cookies", due)
        view = await orders.assign_task(s, w.teacher_a, task.id, list(students))
    return task.id, [a.id for a in view.assignments]


async def _rows(db: Factory, kind: str) -> list[tuple[int, str, str]]:
    """(recipient, reminder, status) of every ``kind`` row, oldest first."""
    async with db() as s:
        rows = await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id))
        return [(r.recipient_id, str(r.payload.get("before", "")), r.status) for r in rows]


async def _scan_twice_at_once(databases: list[Factory], now: datetime) -> None:
    """Two replicas scanning at the same moment, each with its own connection pool."""

    async def one(factory: Factory) -> None:
        async with transaction(factory) as s:
            await task_reminders.scan(s, now)

    await asyncio.gather(*(one(f) for f in databases))


@pytest.fixture
async def two(db: Factory, database_url: str) -> AsyncIterator[list[Factory]]:
    engines = [make_engine(database_url) for _ in range(2)]
    yield [make_session_factory(e) for e in engines]
    for engine in engines:
        await engine.dispose()


async def test_each_reminder_and_the_nudge_once_whatever_the_scans(db: Factory, two: list[Factory]) -> None:
    w = await build_world(db)
    due = as_utc(utcnow() + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)  # noon: a day apart
    _task_id, (first, second) = await _task(db, w, due, w.student_a1.id, w.student_a2.id)
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a2, second)  # finished early: no reminders for them

    for hours_before in (30, 25):
        await _scan_twice_at_once(two, due - hours_before * HOUR)
    assert await _rows(db, "task_reminder") == []
    for hours_before in (23, 23, 20, 3):
        await _scan_twice_at_once(two, due - hours_before * HOUR)
    assert await _rows(db, "task_reminder") == [(w.student_a1.id, "24h", "pending")]
    for minutes_before in (110, 90, 5):
        await _scan_twice_at_once(two, due - minutes_before * HOUR / 60)
    assert [r[:2] for r in await _rows(db, "task_reminder")] == [(w.student_a1.id, "24h"), (w.student_a1.id, "2h")]
    assert await _rows(db, "task_overdue") == []
    for hours_after in (1, 2, 20):
        await _scan_twice_at_once(two, due + hours_after * HOUR)
    assert await _rows(db, "task_overdue") == [(w.teacher_a.id, "", "pending")]  # the teacher who assigned it
    await _scan_twice_at_once(two, due + 30 * HOUR)
    assert len(await _rows(db, "task_reminder")) == 2 and len(await _rows(db, "task_overdue")) == 1
    async with db() as s:
        mine = await s.get(TaskAssignment, first)
        assert mine is not None and mine.status == "assigned"


async def test_a_moved_task_is_reminded_at_its_new_time_and_not_at_the_old(db: Factory) -> None:
    w = await build_world(db)
    due = as_utc(utcnow() + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)  # noon: a day apart
    task_id, _assignments = await _task(db, w, due, w.student_a1.id)
    async with transaction(db) as s:
        await task_reminders.scan(s, due - 23 * HOUR)  # the 24 h reminder for the old day is written…
    later = due + timedelta(days=2)
    async with transaction(db) as s:
        await task_changes.redate_task(s, w.teacher_a, task_id, later)
    async with db() as s:
        old = await s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "task_reminder"))
        assert old is not None and not await is_still_relevant(s, old)  # …and not delivered for it any more
    async with transaction(db) as s:
        await task_reminders.scan(s, later - 23 * HOUR)
        await task_reminders.scan(s, later - HOUR)
    assert [r[:2] for r in await _rows(db, "task_reminder")] == [(w.student_a1.id, "24h")] * 2 + [
        (w.student_a1.id, "2h")
    ]
    assert [(r.recipient_id, r.payload) for r in await _changed(db)] == [
        (w.student_a1.id, {"assignment_id": _assignments[0], "what": "due"})
    ]


async def _changed(db: Factory) -> list[OutboxMessage]:
    async with db() as s:
        return list(await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "task_changed")))


async def test_told_late_is_not_reminded_of_what_it_just_read(db: Factory) -> None:
    """A task given out 10 h before it is due: no "tomorrow" reminder right after "new task"; the 2 h one comes."""
    w = await build_world(db)
    now = utcnow()
    due = now + 10 * HOUR
    await _task(db, w, due, w.student_a1.id)
    async with transaction(db) as s:
        await task_reminders.scan(s, now + HOUR)
    assert await _rows(db, "task_reminder") == [(w.student_a1.id, "24h", "sent")]  # recorded as skipped
    async with transaction(db) as s:
        await task_reminders.scan(s, due - HOUR)
    assert await _rows(db, "task_reminder") == [(w.student_a1.id, "24h", "sent"), (w.student_a1.id, "2h", "pending")]


# --- two real senders, one clock ------------------------------------------------------------------------------


@asynccontextmanager
async def senders(server: FakeTelegram, factories: list[Factory], clock: Callable[[], datetime]) -> AsyncIterator[None]:
    """Two outbox senders, each scanning for due reminders every 50 ms with the test's clock."""
    stop = asyncio.Event()
    running = []
    renderer = NotificationRenderer(CallbackSigner(b"test"), clock=clock)
    for n, factory in enumerate(factories, start=1):
        config = SenderConfig(worker_id=f"w{n}", poll_interval_s=0.05, due_scan_s=0.05)
        bot = make_bot(server.token, server.base_url, concurrency=config.concurrency)
        await bot.initialize()
        task = asyncio.create_task(run_sender(bot, factory, renderer, stop_event=stop, config=config, clock=clock))
        running.append((bot, task))
    try:
        yield
    finally:
        stop.set()
        for bot, task in running:
            await asyncio.wait_for(task, 15)
            await bot.shutdown()


def _texts(server: FakeTelegram, chat: int) -> list[str]:
    return [m.text or "" for m in server.messages(chat)]


async def _settle(db: Factory, passes: int = 10) -> None:
    """Let both senders scan several times and deliver everything due."""
    for _ in range(200):
        await asyncio.sleep(0.05 * passes / 10)
        async with db() as s:
            pending = await s.scalar(select(OutboxMessage.id).where(OutboxMessage.status == "pending").limit(1))
        if pending is None:
            break
    await asyncio.sleep(0.05 * passes)


async def test_two_senders_deliver_each_reminder_once(db: Factory, two: list[Factory]) -> None:
    w = await build_world(db)
    due = as_utc(utcnow() + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)  # noon: a day apart
    clock = Clock(due - 30 * HOUR)
    await _task(db, w, due, w.student_a1.id)
    student, teacher = w.student_a1.telegram_id, w.teacher_a.telegram_id
    assert student is not None and teacher is not None
    async with FakeTelegram(token="123:TEST") as server:
        for person in (w.student_a1, w.teacher_a, w.admin_a, w.owner_c):
            assert person.telegram_id is not None
            server.add_user(person.telegram_id, person.display_name)
        async with senders(server, two, clock):
            await _settle(db)
            assert _texts(server, student)[-1].startswith("📋 New task")
            clock.now = due - 23 * HOUR
            await _settle(db)
            clock.now = due - 20 * HOUR
            await _settle(db)
            reminders = [t for t in _texts(server, student) if t.startswith("⏰")]
            assert len(reminders) == 1 and reminders[0].startswith("⏰ Tomorrow:")
            clock.now = due - HOUR
            await _settle(db)
            clock.now = due - HOUR / 2
            await _settle(db)
            reminders = [t for t in _texts(server, student) if t.startswith("⏰")]
            assert len(reminders) == 2 and reminders[1].startswith("⏰ Today:")
            clock.now = due + HOUR
            await _settle(db)
            clock.now = due + 5 * HOUR
            await _settle(db)
        nudges = [t for t in _texts(server, teacher) if "overdue" in t]
        assert len(nudges) == 1 and "Bake cookies" in nudges[0]
        assert [t for t in _texts(server, w.admin_a.telegram_id or 0) if "overdue" in t] == []
        assert len([t for t in _texts(server, student) if t.startswith("⏰")]) == 2
    # and the outbox agrees: one row each, sent
    assert [r[1:] for r in await _rows(db, "task_reminder")] == [("24h", "sent"), ("2h", "sent")]
    assert [r[2] for r in await _rows(db, "task_overdue")] == ["sent"]
