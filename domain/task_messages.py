"""The conversation about a student's task, as each side may read it: the student, and their school's staff.

Why a table of its own: a question used to live only in the outbox payload that carried it, so neither side
could look back at what was asked and answered. Messages are stored with the assignment (writing them is
domain.tasks: ask_about_task, answer_question); this module reads them. Who wrote a message is a role — the
student or "a teacher" — so a student never learns a teacher's Telegram name, and the customer never sees
any of it. The school's staff see the student's name, as they do everywhere in their own school.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import NotFound
from domain.models import Order, OrderStatus, Person, Role, Task, TaskAssignment, TaskMessage
from domain.roles import STAFF_ROLES, load_actor, require, role_in
from domain.views import TaskMessageView, TaskThread

LATEST = 3  # what fits under a task or an order on a phone screen
CONVERSATION = 6  # what the person answering sees above their answer
PER_ORDER = 5  # the order card: the latest of all its tasks' conversations


def _view(message: TaskMessage, assignment: TaskAssignment, task: Task, student: Person | None) -> TaskMessageView:
    staff = student is not None
    return TaskMessageView(
        id=message.id, assignment_id=assignment.id, task_id=task.id, task_title=task.title,
        from_student=message.sender_role == Role.student.value, text=message.text, created_at=message.created_at,
        student_name=student.display_name if staff and student is not None else None,
        student_erased=staff and student is not None and student.erased_at is not None,
    )  # fmt: skip


def _query() -> Any:
    return (
        select(TaskMessage, TaskAssignment, Task, Person)
        .join(TaskAssignment, TaskAssignment.id == TaskMessage.assignment_id)
        .join(Task, Task.id == TaskAssignment.task_id)
        .join(Person, Person.id == TaskAssignment.student_id)
    )


def _views(rows: Iterable[Any], *, staff: bool) -> list[TaskMessageView]:
    return [_view(m, a, t, p if staff else None) for m, a, t, p in rows]


async def latest_by_assignment(
    session: AsyncSession, assignment_ids: list[int], *, staff: bool, limit: int = LATEST
) -> dict[int, list[TaskMessageView]]:
    """The latest ``limit`` messages of each assignment, oldest first. The caller has checked the viewer."""
    if not assignment_ids:
        return {}
    rows = await session.execute(
        _query()
        .where(TaskMessage.assignment_id.in_(assignment_ids))
        .order_by(TaskMessage.created_at.desc(), TaskMessage.id.desc())
    )
    found: dict[int, list[TaskMessageView]] = {}
    for view in _views(rows.all(), staff=staff):
        kept = found.setdefault(view.assignment_id, [])
        if len(kept) < limit:
            kept.append(view)
    return {key: list(reversed(views)) for key, views in found.items()}


async def latest_of_order(session: AsyncSession, order_id: int, limit: int = PER_ORDER) -> list[TaskMessageView]:
    """The latest messages about any task of the order, oldest first, for the school's staff."""
    rows = await session.execute(
        _query().where(Task.order_id == order_id).order_by(TaskMessage.created_at.desc(), TaskMessage.id.desc())
        .limit(limit)
    )  # fmt: skip
    return list(reversed(_views(rows.all(), staff=True)))


async def staff_thread(
    session: AsyncSession, actor: Person, assignment_id: int, limit: int = CONVERSATION
) -> TaskThread:
    """One student's conversation about one task, for a teacher/admin of the order's school who answers it."""
    person = await load_actor(session, actor)
    row = (
        await session.execute(
            select(TaskAssignment, Task, Order, Person)
            .join(Task, Task.id == TaskAssignment.task_id)
            .join(Order, Order.id == Task.order_id)
            .join(Person, Person.id == TaskAssignment.student_id)
            .where(TaskAssignment.id == assignment_id)
        )
    ).first()
    if row is None:
        raise NotFound("assignment_not_found")
    assignment, task, order, student = row
    role = await role_in(session, person.id, order.school_id)
    require(role is not None, "not_a_member")
    require(role in STAFF_ROLES, "not_a_teacher")
    found = await latest_by_assignment(session, [assignment.id], staff=True, limit=limit)
    return TaskThread(
        assignment_id=assignment.id, task_title=task.title, order_id=order.id,
        open=order.status == OrderStatus.in_progress.value, student_name=student.display_name,
        student_erased=student.erased_at is not None, messages=found.get(assignment.id, []),
    )  # fmt: skip


__all__ = ["CONVERSATION", "LATEST", "latest_by_assignment", "latest_of_order", "staff_thread"]
