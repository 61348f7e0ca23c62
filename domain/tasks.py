"""A student's side of tasks: see them, acknowledge, ask the teacher, report done; and the teacher's answer.

Only the student a task was assigned to may act on it, and only while they are still a student
of that school. "Done" and questions go to the teacher who assigned the task while they are still
a reachable teacher there, else to all the school's reachable teachers/admins. Questions and answers
are stored (task_messages) and the notification carries only their id: the words stay in one place,
where /deleteme can cut them off from their author.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain import progress, ratelimit
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import TASK_MESSAGE_MAX
from domain.models import (
    AssignmentStatus,
    AuditEvent,
    Enquiry,
    Listing,
    Order,
    OrderStatus,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Person,
    Role,
    Task,
    TaskAssignment,
    TaskMessage,
    TaskStatus,
)
from domain.roles import STAFF_ROLES, load_actor, role_in, school_side
from domain.rules import audit, notify
from domain.task_messages import latest_by_assignment
from domain.text_input import checked_text
from domain.timeutil import utcnow
from domain.views import AssignmentDetail

QUESTION_LIMITS = [(ratelimit.HOUR, 10)]
QUESTION_ACTION = "task.question"
QUESTION_KIND = "task_question"
ANSWER_LIMITS = [(ratelimit.MINUTE, 10), (ratelimit.HOUR, 100)]  # a teacher answers a whole class

_school = aliased(Organisation)
_customer = aliased(Organisation)


def _detail_query() -> Any:
    return (
        select(TaskAssignment, Task, Order, Listing.title, _school.name, _customer.name)
        .join(Task, Task.id == TaskAssignment.task_id)
        .join(Order, Order.id == Task.order_id)
        .join(Enquiry, Enquiry.id == Order.enquiry_id)
        .join(Listing, Listing.id == Enquiry.listing_id)
        .join(_school, _school.id == Order.school_id)
        .join(_customer, _customer.id == Order.customer_id)
    )


def _detail(row: Any) -> AssignmentDetail:
    a, task, order, listing_title, school_name, customer_name = row
    return AssignmentDetail(
        assignment_id=a.id, task_id=task.id, title=task.title, due_at=task.due_at, status=a.status,
        order_id=order.id, customer_name=customer_name, school_name=school_name, listing_title=listing_title,
    )  # fmt: skip


async def my_tasks(session: AsyncSession, actor: Person, *, include_done: bool = False) -> list[AssignmentDetail]:
    """The student's assignments in orders still in progress (all orders with ``include_done``)."""
    person = await load_actor(session, actor)
    query = _detail_query().where(TaskAssignment.student_id == person.id)
    if not include_done:
        query = query.where(
            and_(TaskAssignment.status != AssignmentStatus.done.value, Order.status == OrderStatus.in_progress.value)
        )
    rows = await session.execute(query.order_by(Task.due_at.is_(None), Task.due_at, TaskAssignment.id))
    details = [_detail(r) for r in rows.all()]
    talk = await latest_by_assignment(session, [d.assignment_id for d in details], staff=False)
    return [replace(d, messages=tuple(talk.get(d.assignment_id, ()))) for d in details]


async def _mine(session: AsyncSession, actor: Person, assignment_id: int) -> tuple[Person, Any]:
    person = await load_actor(session, actor)
    row = (await session.execute(_detail_query().where(TaskAssignment.id == assignment_id))).first()
    if row is None:
        raise NotFound("assignment_not_found")
    a, _task, order = row[0], row[1], row[2]
    if a.student_id != person.id or await role_in(session, person.id, order.school_id) != Role.student.value:
        raise Forbidden("not_assigned")
    return person, row


def _require_open(row: Any) -> None:
    if row[2].status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")


async def _teachers(session: AsyncSession, row: Any) -> list[Person]:
    assignment, order = row[0], row[2]
    return await school_side(session, order.school_id, assignment.assigned_by_id)


async def acknowledge_task(session: AsyncSession, actor: Person, assignment_id: int) -> AssignmentDetail:
    """ "I've seen it": the teacher can tell who has read their tasks. Repeating it changes nothing."""
    person, row = await _mine(session, actor, assignment_id)
    _require_open(row)
    assignment: TaskAssignment = row[0]
    if assignment.status == AssignmentStatus.assigned.value:
        assignment.status = AssignmentStatus.acknowledged.value
        assignment.acknowledged_at = utcnow()
        audit(session, person.id, "task.acknowledge", "task_assignment", assignment.id)
        await session.flush()
    return _detail(row)


async def mark_task_done(session: AsyncSession, actor: Person, assignment_id: int) -> AssignmentDetail:
    """The student finished; the task is done when all its assignments are. Repeating it changes nothing."""
    person, row = await _mine(session, actor, assignment_id)
    _require_open(row)
    assignment: TaskAssignment = row[0]
    task: Task = row[1]
    if assignment.status == AssignmentStatus.done.value:
        return _detail(row)
    now = utcnow()
    assignment.status = AssignmentStatus.done.value
    assignment.done_at = now
    assignment.acknowledged_at = assignment.acknowledged_at or now
    await session.flush()
    statuses = set(await session.scalars(select(TaskAssignment.status).where(TaskAssignment.task_id == task.id)))
    if statuses == {AssignmentStatus.done.value}:
        task.status = TaskStatus.done.value
    audit(session, person.id, "task.done", "task_assignment", assignment.id, task_done=task.status == "done")
    await session.flush()
    if task.status == TaskStatus.done.value:
        await progress.work_ready(session, task.order_id)
    await notify(session, await _teachers(session, row), "task_done", {"assignment_id": assignment.id})
    return _detail(row)


async def _store(session: AsyncSession, person: Person, assignment: TaskAssignment, role: str, text: str) -> int:
    message = TaskMessage(assignment_id=assignment.id, sender_person_id=person.id, sender_role=role, text=text)
    session.add(message)
    await session.flush()
    return message.id


async def ask_about_task(session: AsyncSession, actor: Person, assignment_id: int, text: str) -> int:
    """A question to the teacher, stored with the task; returns the message id the notification carries."""
    person, row = await _mine(session, actor, assignment_id)
    _require_open(row)
    body = checked_text(text, TASK_MESSAGE_MAX)
    where = [AuditEvent.actor_id == person.id, AuditEvent.action == QUESTION_ACTION]
    await ratelimit.check(session, person.id, AuditEvent.at, where, QUESTION_LIMITS)
    assignment: TaskAssignment = row[0]
    message_id = await _store(session, person, assignment, Role.student.value, body)
    audit(session, person.id, QUESTION_ACTION, "task_assignment", assignment.id, message_id=message_id)
    await session.flush()
    payload = {"assignment_id": assignment.id, "message_id": message_id}
    await notify(session, await _teachers(session, row), QUESTION_KIND, payload)
    return message_id


ANSWER_ACTION = "task.answer"


async def answer_question(session: AsyncSession, actor: Person, assignment_id: int, text: str) -> AssignmentDetail:
    """A teacher's answer to a student's question about a task, stored with it; it reaches that student only.

    Any teacher or admin of the order's school may answer (the one who assigned it may be away)."""
    person = await load_actor(session, actor)
    row = (await session.execute(_detail_query().where(TaskAssignment.id == assignment_id))).first()
    if row is None:
        raise NotFound("assignment_not_found")
    assignment, order = row[0], row[2]
    role = await role_in(session, person.id, order.school_id)
    if role not in STAFF_ROLES:
        raise Forbidden("not_a_teacher" if role is not None else "not_a_member")
    assert role is not None
    _require_open(row)
    body = checked_text(text, TASK_MESSAGE_MAX)
    where = [TaskMessage.sender_person_id == person.id]
    await ratelimit.check(session, person.id, TaskMessage.created_at, where, ANSWER_LIMITS)
    message_id = await _store(session, person, assignment, role, body)
    audit(session, person.id, ANSWER_ACTION, "task_assignment", assignment.id, message_id=message_id)
    await session.flush()
    student = await session.get(Person, assignment.student_id)
    if student is not None:
        payload = {"assignment_id": assignment.id, "message_id": message_id}
        await notify(session, [student], "task_answer", payload)
    return _detail(row)


async def forget_questions(session: AsyncSession, student_id: int) -> int:
    """Erasure: take the student's own words out of the questions they sent (delivered or not).

    The rows stay (the teacher's side of the record); one still pending is failed, as there is
    nothing left to deliver. Returns how many rows held a question of theirs.
    """
    mine = select(TaskAssignment.id).where(TaskAssignment.student_id == student_id)
    assignment = OutboxMessage.payload["assignment_id"].as_integer()
    rows = list(
        await session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == QUESTION_KIND, assignment.in_(mine.scalar_subquery()))
        )
    )
    for row in rows:
        row.payload = {key: value for key, value in (row.payload or {}).items() if key != "text"}
        if row.status == OutboxStatus.pending.value:
            row.status, row.last_error, row.claimed_until = OutboxStatus.failed.value, "sender erased", None
    await session.flush()
    return len(rows)
