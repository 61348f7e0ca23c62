"""Reminders before a task is due, and a nudge to the teacher once it is overdue, written by a periodic scan.

Why a scan rather than rows written when the task is given out: a teacher can move a task to another day,
and a reminder written for the old day would come at the wrong time. The scan (run every minute or so by
every outbox sender, bot/outbox_sender/loop.py) reads the due time as it is now and writes what is owed for
it. Each row has a dedupe key (what, whose, for which due time), so it is written once however often and on
however many replicas the scan runs: two scans that race insert the same key, and the second insert does
nothing (``INSERT … ON CONFLICT DO NOTHING``, domain.outbox).

What is owed, for an open task with a due time in an order in progress:
* to each student whose part is not done: a reminder 24 h before and another 2 h before — only the later
  one when the scan first sees the task inside the last 2 h, so nobody gets two at once;
* to the teacher in charge (else the school's teachers): one nudge once it is overdue, if it is noticed
  within a day (a scanner that was down for longer does not dig up old news).
A student who learns the due time less than 24 h (or 2 h) before it — a task given or moved late — is not
reminded of what they were just told: :func:`told` records those reminders as skipped at that moment.
Rows that lose their point before delivery (done, moved again, order closed) are skipped by the sender
(domain.outbox_relevance).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import AssignmentStatus, Order, OrderStatus, Person, Task, TaskAssignment, TaskStatus
from domain.outbox import Notification, enqueue, enqueue_many, mark_skipped
from domain.roles import load_actor, require_staff, school_side
from domain.rules import audit
from domain.timeutil import as_utc, utcnow

KIND_REMINDER = "task_reminder"
KIND_OVERDUE = "task_overdue"
REMINDERS: tuple[tuple[str, timedelta], ...] = (("24h", timedelta(hours=24)), ("2h", timedelta(hours=2)))
FIRST_REMINDER = REMINDERS[0][1]
OVERDUE_NOTICED_WITHIN = timedelta(hours=24)


def _stamp(due_at: datetime) -> int:
    return int(as_utc(due_at).timestamp())


def _made(row: Task | TaskAssignment) -> str:
    """Row id and creation time: SQLite hands a deleted row's id to the next row, and the key of a student
    taken off a task and added again must not be the old one."""
    return f"{row.id}.{int(as_utc(row.created_at).timestamp() * 1000)}"


def reminder_key(assignment: TaskAssignment, due_at: datetime, which: str) -> str:
    return f"{KIND_REMINDER}:{_made(assignment)}:{_stamp(due_at)}:{which}"


def overdue_key(task: Task, due_at: datetime, recipient_id: int) -> str:
    return f"{KIND_OVERDUE}:{_made(task)}:{_stamp(due_at)}:{recipient_id}"


def owed_reminder(due_at: datetime, now: datetime) -> str | None:
    """Which reminder is due at ``now`` ("24h", "2h"), the latest one whose moment has come; None after the
    due time or before the first reminder."""
    due = as_utc(due_at)
    if now >= due:
        return None
    found = None
    for which, before in REMINDERS:
        if now >= due - before:
            found = which
    return found


def reminder_payload(assignment_id: int, due_at: datetime, which: str) -> dict[str, Any]:
    return {"assignment_id": assignment_id, "due": as_utc(due_at).isoformat(), "before": which}


async def _open_assignments(session: AsyncSession, task_ids: list[int]) -> dict[int, list[TaskAssignment]]:
    rows = await session.scalars(
        select(TaskAssignment)
        .join(Person, Person.id == TaskAssignment.student_id)
        .where(
            TaskAssignment.task_id.in_(task_ids),
            TaskAssignment.status != AssignmentStatus.done.value,
            Person.erased_at.is_(None),
        )
        .order_by(TaskAssignment.id)
    )
    found: dict[int, list[TaskAssignment]] = {i: [] for i in task_ids}
    for assignment in rows:
        found[assignment.task_id].append(assignment)
    return found


async def _first_assigner(session: AsyncSession, task_id: int) -> int | None:
    found: int | None = await session.scalar(
        select(TaskAssignment.assigned_by_id)
        .where(TaskAssignment.task_id == task_id, TaskAssignment.assigned_by_id.is_not(None))
        .order_by(TaskAssignment.id)
        .limit(1)
    )
    return found


async def scan(session: AsyncSession, now: datetime | None = None) -> int:
    """Write every reminder and overdue nudge owed at ``now`` that is not written yet; how many were offered
    (rows whose key exists are offered and not written)."""
    now = as_utc(now or utcnow())
    rows = (
        await session.execute(
            select(Task, Order)
            .join(Order, Order.id == Task.order_id)
            .where(
                Task.status == TaskStatus.open.value,
                Order.status == OrderStatus.in_progress.value,
                Task.due_at.is_not(None),
                Task.due_at > now - OVERDUE_NOTICED_WITHIN,
                Task.due_at <= now + FIRST_REMINDER,
            )
            .order_by(Task.id)
        )
    ).all()
    open_ = await _open_assignments(session, [task.id for task, _order in rows])
    notes: list[Notification] = []
    for task, order in rows:
        assert task.due_at is not None
        which = owed_reminder(task.due_at, now)
        if which is not None:
            for a in open_[task.id]:
                payload, key = reminder_payload(a.id, task.due_at, which), reminder_key(a, task.due_at, which)
                note = Notification(a.student_id, KIND_REMINDER, payload, dedupe_key=key, escalate_to=a.assigned_by_id)
                notes.append(note)
            continue
        preferred = await _first_assigner(session, task.id) or order.accepted_by_id
        payload = {"task_id": task.id, "due": as_utc(task.due_at).isoformat()}
        notes += [
            Notification(p.id, KIND_OVERDUE, dict(payload), dedupe_key=overdue_key(task, task.due_at, p.id))
            for p in await school_side(session, order.school_id, preferred)
        ]
    return await enqueue_many(session, notes)


async def told(
    session: AsyncSession, assignments: Iterable[TaskAssignment], due_at: datetime | None, now: datetime | None = None
) -> None:
    """These students were just told the due time (a new task, a new date): the reminders whose moment has
    already come are recorded as skipped, so the scan does not repeat right away what they just read."""
    if due_at is None:
        return
    now = as_utc(now or utcnow())
    if now >= as_utc(due_at):
        return
    for assignment in assignments:
        for which, before in REMINDERS:
            if now < as_utc(due_at) - before:
                continue
            row_id = await enqueue(
                session, recipient_id=assignment.student_id, kind=KIND_REMINDER,
                payload=reminder_payload(assignment.id, due_at, which),
                dedupe_key=reminder_key(assignment, due_at, which),
            )  # fmt: skip
            if row_id is not None:
                await mark_skipped(session, row_id, "the student was told the due time less than this before it")


async def remind_now(session: AsyncSession, actor: Person, assignment_ids: Iterable[int]) -> list[int]:
    """A teacher's reminder, now ("remind Student B", "remind everyone who hasn't finished"): each student whose part
    is open in an order in progress of the teacher's school gets the reminder the scan would send. Returns the
    students reminded (a part done, a closed order or another school's task is left out; none is an error)."""
    person = await load_actor(session, actor)
    reminded: list[int] = []
    for assignment_id in dict.fromkeys(assignment_ids):
        assignment = await session.get(TaskAssignment, assignment_id)
        task = await session.get(Task, assignment.task_id) if assignment is not None else None
        order = await session.get(Order, task.order_id) if task is not None else None
        if assignment is None or task is None or order is None or assignment.student_id is None:
            continue
        await require_staff(session, person.id, order.school_id, outsider="not_a_teacher")
        if assignment.status == AssignmentStatus.done.value or order.status != OrderStatus.in_progress.value:
            continue
        await enqueue(session, recipient_id=assignment.student_id, kind=KIND_REMINDER,
                      payload={"assignment_id": assignment.id, "by": "teacher"})  # fmt: skip
        audit(session, person.id, "task.remind", "task_assignment", assignment.id)
        reminded.append(assignment.student_id)
    return reminded


__all__ = ["KIND_OVERDUE", "KIND_REMINDER", "REMINDERS", "owed_reminder", "remind_now", "scan", "told"]
