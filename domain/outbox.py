"""The transactional outbox: notifications owed to people, written in the transaction that caused them.

Why rows instead of sending from the handler: a notification written in the same transaction as
the order/task/enquiry that caused it exists exactly when that change exists; a crash, a restart
or Telegram saying "too many requests" only delays it. A row holds a kind and parameters, never
text, so it is rendered in the recipient's language when it is delivered.

Delivery guarantees built here (the sender in ``bot/outbox_sender`` relies on them):

* **Claiming with leases.** A worker claims due rows by setting ``claimed_by``/``claimed_until``
  in one ``UPDATE … WHERE id IN (SELECT … LIMIT n)`` statement. On PostgreSQL the inner select is
  ``FOR UPDATE SKIP LOCKED``, so N workers share the load without waiting on each other and
  never claim the same row. On SQLite the statement runs under SQLite's single-writer lock, so it
  is atomic too, but writers serialise: run a single worker there (a second one is safe, not
  faster). A claim whose lease expired (the worker was killed) is claimable again; live workers
  extend their leases (:func:`extend_leases`).
* **Order per recipient.** Only a recipient's oldest *outstanding* row is claimable; row N+1 waits
  until row N is sent, skipped or failed. Outstanding = pending and either due or already tried
  once (a row backing off after a network error keeps its place). A reminder scheduled for next
  week does not hold back today's messages.
* **At least once.** A row becomes ``sent`` only after Telegram acknowledged it, so a crash between
  send and commit re-sends at most the rows that were in flight.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.models import OutboxMessage, OutboxStatus, Person
from domain.outbox_relevance import is_still_relevant, relevance_check
from domain.timeutil import as_utc, utcnow

PENDING = OutboxStatus.pending.value
SENT = OutboxStatus.sent.value
FAILED = OutboxStatus.failed.value

KIND_UNREACHABLE = "recipient_unreachable"
KIND_REPLY = "reply"  # a direct reply that Telegram refused for now (429): see defer_replies
SKIPPED_PREFIX = "skipped: "
UNREACHABLE_ERROR = "recipient unreachable"
MAX_ERROR_CHARS = 500
CLAIM_LOCK_KEY = 0x7E12B0C5  # pg_advisory_xact_lock key for claim_due


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for transient failures: exponential with full jitter, capped, then give up."""

    base_s: float = 2.0
    cap_s: float = 600.0
    max_attempts: int = 8

    def delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """Delay before attempt ``attempts + 1``; jitter spreads retries of a burst of failures."""
        ceiling = min(self.cap_s, self.base_s * 2 ** max(0, attempts - 1))
        return timedelta(seconds=(rng or random).uniform(ceiling / 2, ceiling))


DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Notification:
    """One row to write with :func:`enqueue_many` (same fields as :func:`enqueue`)."""

    recipient_id: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None
    dedupe_key: str | None = None
    escalate_to: int | None = None


def _values(n: Notification, now: datetime) -> dict[str, Any]:
    if not n.kind or len(n.kind) > 40:
        raise ValueError(f"outbox kind must be 1..40 characters: {n.kind!r}")
    if n.dedupe_key is not None and not 1 <= len(n.dedupe_key) <= 120:
        raise ValueError("outbox dedupe_key must be 1..120 characters")
    json.dumps(n.payload)  # fail here, in the caller's code, rather than at flush time
    return {
        "recipient_id": n.recipient_id,
        "escalate_to_id": n.escalate_to,
        "kind": n.kind,
        "payload": n.payload,
        "status": PENDING,
        "attempts": 0,
        "not_before": as_utc(n.not_before) if n.not_before is not None else now,
        "dedupe_key": n.dedupe_key,
        "created_at": now,
    }


def _insert(session: AsyncSession) -> Any:
    """INSERT that silently skips a row whose dedupe_key exists (no IntegrityError to abort the caller)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
    if dialect == "sqlite":
        return sqlite.insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return insert(OutboxMessage)


async def enqueue(
    session: AsyncSession,
    *,
    recipient_id: int,
    kind: str,
    payload: dict[str, Any] | None = None,
    not_before: datetime | None = None,
    dedupe_key: str | None = None,
    escalate_to: int | None = None,
) -> int | None:
    """Owe ``recipient_id`` a message of ``kind`` with ``payload`` (JSON parameters, not text).

    Call it inside the caller's transaction. ``not_before`` schedules it (reminders);
    ``dedupe_key`` makes the call idempotent (returns None when a row with that key exists);
    ``escalate_to`` is told once if the recipient turns out unreachable. Returns the row id.
    """
    note = Notification(recipient_id, kind, payload or {}, not_before, dedupe_key, escalate_to)
    stmt = _insert(session).values(**_values(note, utcnow())).returning(OutboxMessage.id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def enqueue_many(session: AsyncSession, notes: Iterable[Notification]) -> int:
    """Bulk :func:`enqueue` for fan-outs (one statement); returns how many were given."""
    now = utcnow()
    rows = [_values(n, now) for n in notes]
    if rows:
        await session.execute(_insert(session), rows)
    return len(rows)


def _outstanding_heads(now: datetime) -> Any:
    """Each recipient's oldest outstanding row id (pending, and due or already tried once).

    One GROUP BY rather than a correlated NOT EXISTS per candidate: linear in the outstanding
    rows whatever the plan (see :func:`analyze_if_stale` for what PostgreSQL needs).
    """
    return (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.status == PENDING, or_(OutboxMessage.not_before <= now, OutboxMessage.attempts > 0))
        .group_by(OutboxMessage.recipient_id)
    )


def _claimable(now: datetime, heads: Any) -> Any:
    """WHERE clause: a head row that is due and not under a live lease."""
    return and_(OutboxMessage.id.in_(heads), OutboxMessage.not_before <= now, _unleased(now))


def _unleased(now: datetime) -> Any:
    """Pending and not under a live lease."""
    return and_(
        OutboxMessage.status == PENDING,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def _recently_messaged(now: datetime, gap_s: float) -> Any:
    """The row's recipient was sent a message less than ``gap_s`` ago (by any worker)."""
    earlier = aliased(OutboxMessage)
    return (
        select(earlier.id)
        .where(
            earlier.recipient_id == OutboxMessage.recipient_id,
            earlier.status == SENT,
            earlier.telegram_message_id.is_not(None),  # skipped rows sent nothing
            earlier.sent_at > now - timedelta(seconds=gap_s),
        )
        .exists()
    )


async def claim_due(
    session: AsyncSession,
    worker_id: str,
    limit: int,
    now: datetime | None = None,
    lease_s: float = 60.0,
    chat_gap_s: float = 0.0,
) -> list[OutboxMessage]:
    """Claim up to ``limit`` due rows for ``worker_id`` for ``lease_s`` seconds, oldest first.

    At most one row per recipient is returned (see the module docstring); commit right after,
    so other workers see the lease. PostgreSQL: the inner SELECT locks the rows FOR UPDATE SKIP
    LOCKED, so a concurrent claimer skips them (and re-checks the lease of rows committed
    meanwhile). SQLite: the one UPDATE statement is atomic under SQLite's write lock.

    ``chat_gap_s``: a recipient's next row is not claimable until that long after their previous
    message was acknowledged. Why here: the per-chat limit (1 message/s) must hold across workers,
    and the row that was sent, with its ``sent_at`` taken after Telegram answered, is what they share.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # Claims are serialised across workers for the few milliseconds they take (released at commit):
        # with concurrent claims the per-recipient head sub-select runs on a snapshot, and a row another
        # worker had just claimed was occasionally handed out twice (9 in 10,000 in a two-worker test).
        # Sending, which is what workers share, stays parallel.
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK_KEY})
    now = now or utcnow()  # after the lock: a lease starts when it is granted, not when it was asked for
    picked = (
        select(OutboxMessage.id).where(_claimable(now, _outstanding_heads(now))).order_by(OutboxMessage.id).limit(limit)
    )
    if chat_gap_s > 0:
        picked = picked.where(~_recently_messaged(now, chat_gap_s))
    if postgres:
        picked = picked.with_for_update(skip_locked=True, of=OutboxMessage)
    # Picked once, as a materialised CTE: as a plain IN (sub-select) PostgreSQL may plan it as the
    # inner side of a join and run it again for every outer row, each run skipping what the last
    # one locked — one claim then took all 600 pending rows, not its ``limit`` (a worker held the
    # whole backlog and another sat idle).
    ids = picked.cte("picked").prefix_with("MATERIALIZED")
    stmt = (
        update(OutboxMessage)
        # The lease test is repeated outside the sub-select: if a row changed after this statement's
        # snapshot, PostgreSQL re-checks only these outer conditions on the row's newest version.
        .where(OutboxMessage.id.in_(select(ids.c.id)), _unleased(now))
        .values(claimed_by=worker_id, claimed_until=now + timedelta(seconds=lease_s))
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    rows = list((await session.execute(stmt)).scalars())
    rows.sort(key=lambda r: r.id)
    return rows


async def analyze_if_stale(session: AsyncSession, min_changes: int = 500, fraction: float = 0.2) -> bool:
    """PostgreSQL: refresh the outbox's planner statistics after a large fan-out.

    Why: right after thousands of rows are inserted into a table PostgreSQL has no statistics
    for, it estimates "1 pending row" and plans the claim query as a quadratic nested loop
    (measured: 20 s to claim 500 of 5,000 rows, 18 ms after ANALYZE). Autovacuum fixes that
    only within a minute or so; the sender calls this every few seconds instead. No-op on SQLite.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    row = (
        await session.execute(
            text("SELECT n_mod_since_analyze, n_live_tup FROM pg_stat_user_tables WHERE relname = 'outbox'")
        )
    ).first()
    if row is None or row[0] < max(min_changes, fraction * row[1]):
        return False
    await session.execute(text("ANALYZE outbox"))
    return True


async def extend_leases(
    session: AsyncSession, worker_id: str, row_ids: Sequence[int], lease_s: float, now: datetime | None = None
) -> set[int]:
    """Keep rows this worker still holds (waiting out a 429, slow network) from being re-claimed.

    Returns the ids whose lease was extended. A row missing from it is no longer this worker's
    (sent, or its lease ran out and another worker claimed it): the caller must not send it.
    A lease that ran out but that nobody took over is still this worker's (``claimed_by`` is what
    a new claim changes), so it is extended.
    """
    if not row_ids:
        return set()
    now = now or utcnow()
    # Rows are locked in id order (as mark_sent_many updates them), so a heartbeat and an ack batch
    # of the same worker never deadlock on each other.
    held = (
        select(OutboxMessage.id)
        .where(OutboxMessage.id.in_(list(row_ids)), OutboxMessage.claimed_by == worker_id)
        .where(OutboxMessage.status == PENDING)
        .order_by(OutboxMessage.id)
        .with_for_update()
    )
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(held.scalar_subquery()))
        .values(claimed_until=now + timedelta(seconds=lease_s))
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return set((await session.execute(stmt)).scalars())


async def release_claims(session: AsyncSession, worker_id: str) -> int:
    """On a graceful stop, hand this worker's unsent rows back at once instead of after the lease."""
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.claimed_by == worker_id, OutboxMessage.status == PENDING)
        .values(claimed_until=None, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int((await session.execute(stmt)).rowcount or 0)  # type: ignore[attr-defined]


async def _finish(session: AsyncSession, row_id: int, **values: Any) -> bool:
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.status == PENDING)
        .values(claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool((await session.execute(stmt)).rowcount)  # type: ignore[attr-defined]


async def mark_sent(session: AsyncSession, row_id: int, telegram_message_id: int | None) -> bool:
    """Telegram acknowledged the row. False if it was no longer pending (another worker finished it)."""
    return await _finish(session, row_id, status=SENT, sent_at=utcnow(), telegram_message_id=telegram_message_id)


async def mark_sent_many(session: AsyncSession, acks: Sequence[tuple[int, int | None]]) -> None:
    """:func:`mark_sent` for a batch of (row id, Telegram message id): one statement, one commit."""
    if not acks:
        return
    table = Table("outbox", OutboxMessage.metadata)  # Core: a plain executemany UPDATE, not an ORM bulk one
    stmt = (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.status == PENDING)
        .values(status=SENT, sent_at=bindparam("sent"), telegram_message_id=bindparam("message_id"), claimed_until=None)
    )
    now = utcnow()
    # In id order, like every multi-row update of the outbox, so that two of them never deadlock.
    params = [{"row_id": row_id, "message_id": message_id, "sent": now} for row_id, message_id in sorted(acks)]
    await (await session.connection()).execute(stmt, params)


async def mark_skipped(session: AsyncSession, row_id: int, reason: str) -> bool:
    """Not sent because it no longer matters (a reminder for a task already done).

    Stored as ``sent`` with no Telegram message id and ``last_error`` "skipped: ..." so that the
    status column keeps its three values; :func:`outbox_status` counts these separately.
    """
    error = (SKIPPED_PREFIX + reason)[:MAX_ERROR_CHARS]
    return await _finish(session, row_id, status=SENT, sent_at=utcnow(), telegram_message_id=None, last_error=error)


async def mark_failed(session: AsyncSession, row_id: int, error: str) -> bool:
    """Permanent failure (Telegram rejected the request): no retry loop."""
    return await _finish(session, row_id, status=FAILED, last_error=error[:MAX_ERROR_CHARS])


async def reschedule(
    session: AsyncSession,
    row_id: int,
    error: str,
    *,
    delay: timedelta | None = None,
    policy: RetryPolicy = DEFAULT_RETRY,
    now: datetime | None = None,
) -> str | None:
    """A transient failure: count the attempt and try later (``delay`` or the policy's backoff).

    After ``policy.max_attempts`` the row is failed. Returns the row's new status (None if it
    was not pending any more).
    """
    row = await session.get(OutboxMessage, row_id, populate_existing=True)
    if row is None or row.status != PENDING:
        return None
    row.attempts += 1
    row.last_error = error[:MAX_ERROR_CHARS]
    row.claimed_until = None
    if row.attempts >= policy.max_attempts:
        row.status = FAILED
    else:
        row.not_before = (now or utcnow()) + (delay if delay is not None else policy.delay(row.attempts))
    await session.flush()
    return row.status


async def mark_unreachable(session: AsyncSession, person_id: int, now: datetime | None = None) -> list[int]:
    """The person blocked the bot or deleted the account: stop writing to them.

    Sets ``Person.unreachable_at``, fails all their pending rows (reminders included) and, for each
    distinct ``escalate_to`` on those rows, enqueues one ``recipient_unreachable`` notice
    (payload: ``person_id``, ``undelivered_kinds``). The dedupe key makes it once per
    (recipient, escalate_to) pair, however many rows or workers hit the 403. Returns the ids of
    the notices written now.
    """
    now = now or utcnow()
    await session.execute(
        update(Person)
        .where(Person.id == person_id, Person.unreachable_at.is_(None))
        .values(unreachable_at=now)
        .execution_options(synchronize_session=False)
    )
    pending = (
        await session.execute(
            select(OutboxMessage.escalate_to_id, OutboxMessage.kind).where(
                OutboxMessage.recipient_id == person_id, OutboxMessage.status == PENDING
            )
        )
    ).all()
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient_id == person_id, OutboxMessage.status == PENDING)
        .values(status=FAILED, last_error=UNREACHABLE_ERROR, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    kinds: dict[int, set[str]] = {}
    for escalate_to, kind in pending:
        if escalate_to is not None and escalate_to != person_id:
            kinds.setdefault(escalate_to, set()).add(kind)
    written = []
    for escalate_to, undelivered in sorted(kinds.items()):
        notice = await enqueue(
            session,
            recipient_id=escalate_to,
            kind=KIND_UNREACHABLE,
            payload={"person_id": person_id, "undelivered_kinds": sorted(undelivered)},
            dedupe_key=f"unreachable:{person_id}:{escalate_to}",
        )
        if notice is not None:
            written.append(notice)
    return written


def _person_by_telegram(telegram_id: int) -> Any:
    return select(Person.id).where(Person.telegram_id == telegram_id, Person.erased_at.is_(None))


async def defer_replies(
    session: AsyncSession, telegram_id: int, payloads: Sequence[dict[str, Any]], not_before: datetime
) -> bool:
    """Queue direct replies that Telegram refused with 429, to be delivered in order after ``not_before``.

    Why here: the handler must not wait on Telegram's behalf (it would hold a place other users
    need), and the sender already paces per chat and in total. Rows of one recipient go out in id
    order; ``not_before`` never goes below an earlier queued reply's, so a later batch that
    becomes due sooner cannot overtake. False when the Telegram account has no person (nothing
    queued).
    """
    person_id = await session.scalar(_person_by_telegram(telegram_id))
    if person_id is None:
        return False
    latest = await session.scalar(
        select(func.max(OutboxMessage.not_before)).where(
            OutboxMessage.recipient_id == person_id, OutboxMessage.kind == KIND_REPLY, OutboxMessage.status == PENDING
        )
    )
    when = max(as_utc(not_before), as_utc(latest)) if latest is not None else as_utc(not_before)
    for payload in payloads:  # one statement each: ids follow the order of the parts
        await enqueue(session, recipient_id=person_id, kind=KIND_REPLY, payload=payload, not_before=when)
    return True


async def has_deferred_replies(session: AsyncSession, telegram_id: int) -> bool:
    """Whether replies to this Telegram account still wait in the outbox (a new reply must queue behind them)."""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.recipient_id == _person_by_telegram(telegram_id).scalar_subquery(),
            OutboxMessage.kind == KIND_REPLY,
            OutboxMessage.status == PENDING,
        )
        .limit(1)
    )
    return found is not None


async def forget_recipient(session: AsyncSession, person_id: int, reason: str = "erased") -> None:
    """Erasure: nothing more goes to the person, and no row keeps what was (or would have been) said to them.

    Payloads are emptied on every row addressed to them, sent ones too: a direct reply queued
    after a 429 holds the text the bot wrote to them, which can quote their own words.
    """
    mine = OutboxMessage.recipient_id == person_id
    await session.execute(
        update(OutboxMessage)
        .where(mine, OutboxMessage.status == PENDING)
        .values(status=FAILED, last_error=reason, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(OutboxMessage).where(mine).values(payload={}).execution_options(synchronize_session=False)
    )


async def mark_reachable(session: AsyncSession, person_id: int) -> None:
    """The person wrote to the bot or unblocked it: new notifications go out again."""
    await session.execute(
        update(Person)
        .where(Person.id == person_id)
        .values(unreachable_at=None)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class OutboxReport:
    """What ``vet2b outbox status`` prints; ``oldest_due_age_s`` is how late the most overdue row is."""

    pending: int
    due: int
    sent: int
    skipped: int
    failed: int
    oldest_due_age_s: float | None


async def outbox_status(session: AsyncSession, now: datetime | None = None) -> OutboxReport:
    """Counts by status; pending rows scheduled for later (reminders) are not "late"."""
    now = now or utcnow()
    by_status = await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts: dict[str, int] = {status: int(n) for status, n in by_status.all()}
    skipped = await session.scalar(
        select(func.count()).where(
            OutboxMessage.status == SENT,
            OutboxMessage.telegram_message_id.is_(None),
            OutboxMessage.last_error.like(SKIPPED_PREFIX + "%"),
        )
    )
    due_q = select(func.count(), func.min(OutboxMessage.not_before)).where(
        OutboxMessage.status == PENDING, OutboxMessage.not_before <= now
    )
    due, oldest = (await session.execute(due_q)).one()
    return OutboxReport(
        pending=int(counts.get(PENDING, 0)),
        due=int(due or 0),
        sent=int(counts.get(SENT, 0)) - int(skipped or 0),
        skipped=int(skipped or 0),
        failed=int(counts.get(FAILED, 0)),
        oldest_due_age_s=None if oldest is None else max(0.0, (now - as_utc(oldest)).total_seconds()),
    )


__all__ = [
    "DEFAULT_RETRY",
    "KIND_REPLY",
    "KIND_UNREACHABLE",
    "Notification",
    "OutboxReport",
    "RetryPolicy",
    "analyze_if_stale",
    "claim_due",
    "defer_replies",
    "enqueue",
    "enqueue_many",
    "extend_leases",
    "forget_recipient",
    "has_deferred_replies",
    "is_still_relevant",
    "mark_failed",
    "mark_reachable",
    "mark_sent",
    "mark_sent_many",
    "mark_skipped",
    "mark_unreachable",
    "outbox_status",
    "release_claims",
    "relevance_check",
    "reschedule",
]
