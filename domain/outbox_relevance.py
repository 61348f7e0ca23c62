"""Per-kind checks, run just before delivery, that a queued notification still matters.

Why: reminders are written when a task is assigned, days before they are due to go out; by then
the student may have finished the task. The sender asks :func:`is_still_relevant` for every row
and skips it when the answer is no. Kinds without a registered check are always relevant.
Domain code registers checks with ``@relevance_check("kind")``; they read, never write.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import AssignmentStatus, OutboxMessage, Task, TaskAssignment, TaskStatus

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


@relevance_check("task_reminder")
async def _task_reminder(session: AsyncSession, row: OutboxMessage) -> bool:
    """Payload contract: ``{"assignment_id": <task_assignments.id>, ...}``. Skip when done or gone."""
    assignment_id = row.payload.get("assignment_id")
    if not isinstance(assignment_id, int):
        return True  # malformed payload: better a superfluous reminder than a silent drop
    assignment = await session.get(TaskAssignment, assignment_id)
    if assignment is None or assignment.status == AssignmentStatus.done.value:
        return False
    task = await session.get(Task, assignment.task_id)
    return task is not None and task.status != TaskStatus.done.value
