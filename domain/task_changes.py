"""A teacher changes a task after giving it out: what it is called, when it is due, who does it; or deletes it.

Why the students are told each time: a student who planned for Friday must hear that it is Monday now, and
one taken off a task must not go on working on it. Only students whose part is not done hear of a change: a
finished part is work delivered, and it is never taken away (unassigning it is refused). Reminders follow by
themselves: the scan (domain.task_reminders) reads the due time as it is when it runs.

Rules, checked on every call: a teacher/admin of the order's school, the order in progress, the task not
done. The notifications carry ids (and, for a deleted task, which no longer exists, its title).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import task_reminders
from domain.errors import Invalid
from domain.limits import TASK_TITLE_MAX
from domain.models import AssignmentStatus, Person, Task, TaskAssignment, TaskMessage, TaskStatus
from domain.orders import changeable_task, not_past, task_views
from domain.outbox import Notification, enqueue_many
from domain.rules import audit
from domain.text_input import checked_text
from domain.timeutil import as_utc
from domain.views import TaskView

KIND_CHANGED = "task_changed"  # payload: assignment_id, what ("title" | "due")
KIND_UNASSIGNED = "task_unassigned"  # payload: task_id
KIND_DELETED = "task_deleted"  # payload: school_id, title (the task is gone)


async def _unfinished(session: AsyncSession, task_id: int) -> list[TaskAssignment]:
    rows = await session.scalars(
        select(TaskAssignment)
        .where(TaskAssignment.task_id == task_id, TaskAssignment.status != AssignmentStatus.done.value)
        .order_by(TaskAssignment.id)
    )
    return list(rows)


async def _tell(session: AsyncSession, person: Person, assignments: list[TaskAssignment], what: str) -> None:
    notes = [
        Notification(a.student_id, KIND_CHANGED, {"assignment_id": a.id, "what": what}, escalate_to=person.id)
        for a in assignments
    ]
    await enqueue_many(session, notes)


async def _view(session: AsyncSession, task: Task) -> TaskView:
    return (await task_views(session, [task], "school"))[0]


async def rename_task(session: AsyncSession, actor: Person, task_id: int, title: str) -> TaskView:
    """A new title; the students still working on it are told. The same title again changes nothing."""
    person, task, _order = await changeable_task(session, actor, task_id, lock=True)
    text = checked_text(title, TASK_TITLE_MAX)
    if text != task.title:
        audit(session, person.id, "task.rename", "task", task.id, title_was=task.title)
        task.title = text
        await session.flush()
        await _tell(session, person, await _unfinished(session, task.id), "title")
    return await _view(session, task)


async def redate_task(session: AsyncSession, actor: Person, task_id: int, due_at: datetime | None) -> TaskView:
    """A new due time (None: no due date); the students still working on it are told, and reminders follow
    the new time. A past time is refused; the same time again changes nothing."""
    person, task, _order = await changeable_task(session, actor, task_id, lock=True)
    due = not_past(due_at)
    before = as_utc(task.due_at) if task.due_at is not None else None
    if due != before:
        audit(session, person.id, "task.redate", "task", task.id, due_was=before.isoformat() if before else None)
        task.due_at = due
        await session.flush()
        students = await _unfinished(session, task.id)
        await _tell(session, person, students, "due")
        await task_reminders.told(session, students, due)
    return await _view(session, task)


async def unassign_students(session: AsyncSession, actor: Person, task_id: int, student_ids: list[int]) -> TaskView:
    """Take students off a task; each is told. A student who already finished their part keeps it
    (``assignment_done``); a student not on the task is refused (``no_students``), so nothing half happens.
    When everyone left on the task has finished, the task is done."""
    person, task, _order = await changeable_task(session, actor, task_id, lock=True)
    wanted = set(student_ids)
    found = list(
        await session.scalars(
            select(TaskAssignment).where(TaskAssignment.task_id == task.id, TaskAssignment.student_id.in_(wanted))
        )
    )
    if not wanted or len(found) != len(wanted):
        raise Invalid("no_students")
    if any(a.status == AssignmentStatus.done.value for a in found):
        raise Invalid("assignment_done")
    gone, removed = [a.id for a in found], [a.student_id for a in found]
    await session.execute(delete(TaskMessage).where(TaskMessage.assignment_id.in_(gone)))
    await session.execute(delete(TaskAssignment).where(TaskAssignment.id.in_(gone)))
    left = set(await session.scalars(select(TaskAssignment.status).where(TaskAssignment.task_id == task.id)))
    if left == {AssignmentStatus.done.value}:
        task.status = TaskStatus.done.value
    audit(session, person.id, "task.unassign", "task", task.id, student_ids=sorted(wanted))
    await session.flush()
    notes = [Notification(i, KIND_UNASSIGNED, {"task_id": task.id}, escalate_to=person.id) for i in removed]
    await enqueue_many(session, notes)
    return await _view(session, task)


async def delete_task(session: AsyncSession, actor: Person, task_id: int) -> TaskView:
    """Delete a task that is not done, with its assignments and their conversations; the students still
    working on it are told. Returns the task as it was."""
    person, task, order = await changeable_task(session, actor, task_id, lock=True)
    view = await _view(session, task)
    students = [a.student_id for a in await _unfinished(session, task.id)]
    assignments = select(TaskAssignment.id).where(TaskAssignment.task_id == task.id)
    await session.execute(delete(TaskMessage).where(TaskMessage.assignment_id.in_(assignments.scalar_subquery())))
    await session.execute(delete(TaskAssignment).where(TaskAssignment.task_id == task.id))
    await session.execute(delete(Task).where(Task.id == task.id))
    audit(session, person.id, "task.delete", "task", view.id, order_id=order.id, title=view.title, student_ids=students)
    payload = {"school_id": order.school_id, "title": view.title}
    await enqueue_many(session, [Notification(i, KIND_DELETED, dict(payload), escalate_to=person.id) for i in students])
    return view


__all__ = ["KIND_CHANGED", "KIND_DELETED", "KIND_UNASSIGNED", "delete_task", "redate_task", "rename_task",
           "unassign_students"]  # fmt: skip
