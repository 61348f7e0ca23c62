"""Per-kind checks, run just before delivery, that a queued notification still matters.

Why: a reminder or an overdue nudge is written shortly before it goes out (domain.task_reminders), but
a row can wait (a 429, a backlog), and by then the student may have finished or the teacher moved the
task. The sender asks :func:`is_still_relevant` for every row and skips it when the answer is no. Kinds
without a registered check are always relevant. Domain code registers checks with
``@relevance_check("kind")``; they read, never write.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import AssignmentStatus, Order, OrderStatus, OutboxMessage, Task, TaskAssignment, TaskStatus
from domain.timeutil import as_utc

RelevanceCheck = Callable[[AsyncSession, OutboxMessage], Awaitable[bool]]

_CHECKS: dict[str, RelevanceCheck] = {}


def relevance_check(kind: str) -> Callable[[RelevanceCheck], RelevanceCheck]:
    """Register ``check`` as the relevance test for rows of ``kind`` (one per kind)."""

    def register(check: RelevanceCheck) -> RelevanceCheck:
        if kind in _CHECKS and _CHECKS[kind] is not check:
            raise ValueError(f"a relevance check for outbox kind {kind!r} is already registered")
        _CHECKS[kind] = check
        return check

    return register


async def is_still_relevant(session: AsyncSession, row: OutboxMessage) -> bool:
    check = _CHECKS.get(row.kind)
    return True if check is None else await check(session, row)


def _same_time(stored: datetime | None, said: object) -> bool:
    """The due time a reminder was written for is still the task's (rows before 0006 name none: yes)."""
    if said is None:
        return True
    if stored is None or not isinstance(said, str):
        return False
    try:
        return as_utc(stored) == as_utc(datetime.fromisoformat(said))
    except ValueError:
        return False


async def _open_task(session: AsyncSession, task_id: int) -> Task | None:
    """The task while it is open in an order in progress."""
    task = await session.get(Task, task_id)
    if task is None or task.status == TaskStatus.done.value:
        return None
    order = await session.get(Order, task.order_id)
    return task if order is not None and order.status == OrderStatus.in_progress.value else None


@relevance_check("task_reminder")
async def _task_reminder(session: AsyncSession, row: OutboxMessage) -> bool:
    """Payload contract: ``{"assignment_id": <task_assignments.id>, "due": <ISO time>, ...}``. Skip when the
    student's part is done, the task is gone, done or moved to another time, or the order is closed."""
    assignment_id = row.payload.get("assignment_id")
    if not isinstance(assignment_id, int):
        return True  # malformed payload: better a superfluous reminder than a silent drop
    assignment = await session.get(TaskAssignment, assignment_id)
    if assignment is None or assignment.status == AssignmentStatus.done.value:
        return False
    task = await _open_task(session, assignment.task_id)
    return task is not None and _same_time(task.due_at, row.payload.get("due"))


@relevance_check("task_overdue")
async def _task_overdue(session: AsyncSession, row: OutboxMessage) -> bool:
    """Payload contract: ``{"task_id": <tasks.id>, "due": <ISO time>}``. Skip once it is done, moved or closed."""
    task_id = row.payload.get("task_id")
    if not isinstance(task_id, int):
        return True
    task = await _open_task(session, task_id)
    return task is not None and _same_time(task.due_at, row.payload.get("due"))
