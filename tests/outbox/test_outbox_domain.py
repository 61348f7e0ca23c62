"""The outbox's promises at the database level, on SQLite and PostgreSQL.

Why: the sender trusts these queries for "never lost, never out of order, never twice in
parallel"; a wrong WHERE clause here would show up only under load or after a crash.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import outbox
from domain.db import transaction
from domain.models import OutboxMessage, Person
from domain.timeutil import utcnow
from tests.outbox.helpers import TELEGRAM_BASE, make_people, make_task_assignment

Factory = async_sessionmaker[AsyncSession]


async def _claim(db: Factory, worker: str = "w1", limit: int = 100, **kw: object) -> list[OutboxMessage]:
    async with transaction(db) as s:
        return await outbox.claim_due(s, worker, limit, **kw)  # type: ignore[arg-type]


async def test_enqueue_dedupe_is_idempotent_inside_one_transaction(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    async with transaction(db) as s:
        first = await outbox.enqueue(s, recipient_id=ann, kind="test", payload={"text": "a"}, dedupe_key="k")
        again = await outbox.enqueue(s, recipient_id=ann, kind="test", payload={"text": "b"}, dedupe_key="k")
        other = await outbox.enqueue(s, recipient_id=ann, kind="test", payload={"text": "c"})
    assert first is not None and again is None and other is not None
    async with db() as s:
        assert (await s.scalar(select(OutboxMessage.payload).where(OutboxMessage.id == first))) == {"text": "a"}


async def test_claim_takes_one_row_per_recipient_in_order(db: Factory) -> None:
    ann, bob = await make_people(db, 2)
    async with transaction(db) as s:
        ids = [await outbox.enqueue(s, recipient_id=p, kind="test", payload={"n": i}) for i, p in
               enumerate([ann, ann, bob, ann])]  # fmt: skip
    first = await _claim(db)
    assert [r.id for r in first] == [ids[0], ids[2]]
    assert await _claim(db, "w2") == []  # ann's second row waits for her first; leases hold
    async with transaction(db) as s:
        assert ids[0] is not None and await outbox.mark_sent(s, ids[0], 11)
    assert [r.id for r in await _claim(db, "w2")] == [ids[1]]


async def test_future_reminder_does_not_block_and_backoff_keeps_its_place(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    now = utcnow()
    async with transaction(db) as s:
        reminder = await outbox.enqueue(s, recipient_id=ann, kind="test", not_before=now + timedelta(days=1))
        first = await outbox.enqueue(s, recipient_id=ann, kind="test")
        second = await outbox.enqueue(s, recipient_id=ann, kind="test")
    assert [r.id for r in await _claim(db)] == [first]
    async with transaction(db) as s:
        assert first is not None
        assert await outbox.reschedule(s, first, "timed out", delay=timedelta(seconds=30)) == "pending"
    assert await _claim(db) == []  # `second` may not overtake `first`, which is backing off
    later = await _claim(db, now=now + timedelta(seconds=31))
    assert [r.id for r in later] == [first]
    async with transaction(db) as s:
        await outbox.mark_sent(s, first, 1)
    assert [r.id for r in await _claim(db)] == [second]
    async with transaction(db) as s:
        assert second is not None
        await outbox.mark_sent(s, second, 2)
    assert [r.id for r in await _claim(db, now=now + timedelta(days=1, seconds=1))] == [reminder]


async def test_expired_lease_is_claimable_again(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    async with transaction(db) as s:
        row = await outbox.enqueue(s, recipient_id=ann, kind="test")
    now = utcnow()
    assert [r.id for r in await _claim(db, "dead", now=now, lease_s=5)] == [row]
    assert await _claim(db, "alive", now=now + timedelta(seconds=4)) == []
    again = await _claim(db, "alive", now=now + timedelta(seconds=6))
    assert [(r.id, r.claimed_by) for r in again] == [(row, "alive")]


async def test_release_and_extend_leases(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    async with transaction(db) as s:
        row = await outbox.enqueue(s, recipient_id=ann, kind="test")
    assert row is not None
    now = utcnow()
    await _claim(db, "w1", now=now, lease_s=5)
    async with transaction(db) as s:
        assert await outbox.extend_leases(s, "w1", [row], 60, now=now) == {row}
    assert await _claim(db, "w2", now=now + timedelta(seconds=30)) == []
    async with transaction(db) as s:
        assert await outbox.release_claims(s, "w1") == 1
    assert [r.id for r in await _claim(db, "w2")] == [row]


async def test_reschedule_backs_off_then_fails(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    async with transaction(db) as s:
        row = await outbox.enqueue(s, recipient_id=ann, kind="test")
    assert row is not None
    policy = outbox.RetryPolicy(base_s=1, cap_s=4, max_attempts=3)
    statuses = []
    for _ in range(3):
        async with transaction(db) as s:
            statuses.append(await outbox.reschedule(s, row, "network", policy=policy))
    assert statuses == ["pending", "pending", "failed"]
    delays = [policy.delay(n).total_seconds() for n in range(1, 10)]
    assert all(0 < d <= 4 for d in delays)


async def test_mark_unreachable_fails_rows_and_escalates_once_per_pair(db: Factory) -> None:
    student, teacher, other_teacher = await make_people(db, 3)
    async with transaction(db) as s:
        for _ in range(3):
            await outbox.enqueue(s, recipient_id=student, kind="task_assigned", escalate_to=teacher)
        await outbox.enqueue(s, recipient_id=student, kind="task_reminder", escalate_to=other_teacher,
                             not_before=utcnow() + timedelta(days=2))  # fmt: skip
        await outbox.enqueue(s, recipient_id=student, kind="test")
    async with transaction(db) as s:
        notices = await outbox.mark_unreachable(s, student)
    assert len(notices) == 2
    async with transaction(db) as s:  # a second 403 (another worker, a later row) tells nobody again
        await outbox.enqueue(s, recipient_id=student, kind="task_assigned", escalate_to=teacher)
        assert await outbox.mark_unreachable(s, student) == []
    async with db() as s:
        rows = (await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        person = await s.get(Person, student)
    assert person is not None and person.unreachable_at is not None
    assert {r.status for r in rows if r.recipient_id == student} == {"failed"}
    told = sorted((r.recipient_id, r.kind, r.payload["person_id"]) for r in rows if r.recipient_id != student)
    assert told == [(teacher, "recipient_unreachable", student), (other_teacher, "recipient_unreachable", student)]


async def test_task_reminder_relevance(db: Factory) -> None:
    (student,) = await make_people(db, 1)
    assignment_id = await make_task_assignment(db, student)
    async with transaction(db) as s:
        row_id = await outbox.enqueue(s, recipient_id=student, kind="task_reminder",
                                      payload={"assignment_id": assignment_id})  # fmt: skip
    async with transaction(db) as s:
        row = await s.get(OutboxMessage, row_id)
        assert row is not None and await outbox.is_still_relevant(s, row)
    await make_task_assignment(db, student, done_assignment=assignment_id)
    async with db() as s:
        row = await s.get(OutboxMessage, row_id)
        assert row is not None and not await outbox.is_still_relevant(s, row)


async def test_status_counts_and_oldest_due_age(db: Factory) -> None:
    ann, bob = await make_people(db, 2)
    now = utcnow()
    async with transaction(db) as s:
        a = await outbox.enqueue(s, recipient_id=ann, kind="test", not_before=now - timedelta(seconds=90))
        b = await outbox.enqueue(s, recipient_id=bob, kind="test")
        await outbox.enqueue(s, recipient_id=bob, kind="test", not_before=now + timedelta(hours=1))
        c = await outbox.enqueue(s, recipient_id=ann, kind="test")
    assert a and b and c
    async with transaction(db) as s:
        await outbox.mark_sent(s, b, 5)
        await outbox.mark_skipped(s, c, "done")
        report = await outbox.outbox_status(s, now=now)
    assert (report.pending, report.due, report.sent, report.skipped, report.failed) == (2, 1, 1, 1, 0)
    assert report.oldest_due_age_s is not None and 89 <= report.oldest_due_age_s <= 91


async def test_concurrent_claims_never_share_a_row(db: Factory) -> None:
    """Four claimers racing on one table (SKIP LOCKED on PostgreSQL, the write lock on SQLite)."""
    people = await make_people(db, 200)
    async with transaction(db) as s:
        await outbox.enqueue_many(s, [outbox.Notification(p, "test") for p in people])

    async def worker(name: str) -> list[int]:
        got: list[int] = []
        while True:
            try:
                rows = await _claim(db, name, limit=7)
            except Exception as exc:  # SQLite may answer "database is locked" under contention
                if "locked" not in str(exc):
                    raise
                await asyncio.sleep(0.01)
                continue
            if not rows:
                return got
            got += [r.id for r in rows]

    results = await asyncio.gather(*(worker(f"w{i}") for i in range(4)))
    claimed = [i for r in results for i in r]
    assert len(claimed) == len(set(claimed)) == 200


async def test_deferred_replies_keep_their_order_across_batches(db: Factory) -> None:
    (ann,) = await make_people(db, 1)
    telegram = TELEGRAM_BASE
    now = utcnow()
    async with transaction(db) as s:
        assert not await outbox.has_deferred_replies(s, telegram)
        assert await outbox.defer_replies(s, telegram, [{"text": "1"}, {"text": "2"}], now + timedelta(seconds=5))
        # a later batch told to wait less must still come after the first
        assert await outbox.defer_replies(s, telegram, [{"text": "3"}], now + timedelta(seconds=1))
        assert not await outbox.defer_replies(s, 999, [{"text": "x"}], now)  # no such person: nothing queued
        assert await outbox.has_deferred_replies(s, telegram)
    texts = []
    for _ in range(3):
        (row,) = await _claim(db, now=now + timedelta(seconds=6))
        texts.append(row.payload["text"])
        async with transaction(db) as s:
            assert await outbox.mark_sent(s, row.id, 1)
    assert texts == ["1", "2", "3"]
    async with transaction(db) as s:
        assert not await outbox.has_deferred_replies(s, telegram)
        assert {r.recipient_id for r in await s.scalars(select(OutboxMessage))} == {ann}


async def test_a_recipient_messaged_within_the_gap_waits(db: Factory) -> None:
    """The per-chat limit across workers: the next row is claimable only a second after the last send."""
    (ann,) = await make_people(db, 1)
    async with transaction(db) as s:
        first = await outbox.enqueue(s, recipient_id=ann, kind="test")
        second = await outbox.enqueue(s, recipient_id=ann, kind="test")
    assert [r.id for r in await _claim(db, chat_gap_s=1.0)] == [first]
    async with transaction(db) as s:
        assert first is not None and await outbox.mark_sent(s, first, 7)
    now = utcnow()
    assert await _claim(db, "w2", chat_gap_s=1.0, now=now) == []
    assert [r.id for r in await _claim(db, "w2", chat_gap_s=1.0, now=now + timedelta(seconds=1.1))] == [second]


async def test_a_claim_takes_at_most_its_limit_after_statistics_are_fresh(db: Factory) -> None:
    """One worker must not take the whole backlog: another would sit idle (and the rows' leases run long).

    Why ANALYZE and the per-chat gap: with fresh statistics PostgreSQL planned the picked ids as the inner
    side of a join and ran it again per row; the claim then returned all 600 rows, not 58.
    """
    people = await make_people(db, 600)
    async with transaction(db) as s:
        await outbox.enqueue_many(s, [outbox.Notification(p, "test", {"text": str(i)}) for i, p in enumerate(people)])
    async with transaction(db) as s:
        await outbox.analyze_if_stale(s)
    first = await _claim(db, "w1", 58, chat_gap_s=1.0)
    second = await _claim(db, "w2", 58, chat_gap_s=1.0)
    assert len(first) == 58 and len(second) == 58
    assert not {r.id for r in first} & {r.id for r in second}
