"""Changing a task given out: what each change stores, who is told, and what is refused (and changes nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders, task_changes, tasks
from domain.db import transaction
from domain.errors import DomainError
from domain.models import Task, TaskAssignment, TaskMessage
from domain.timeutil import as_utc, utcnow
from tests.domain.factories import World, outbox_rows, snapshot

Factory = async_sessionmaker[AsyncSession]


async def _given(db: Factory, w: World) -> tuple[int, int, list[int]]:
    """Order of school A, task "Bake" due in 4 days for students A1 and A2: order, task, assignments."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", utcnow() + timedelta(days=4))
        view = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
    return order.id, task.id, [a.id for a in view.assignments]


async def test_changes_tell_only_the_students_still_working(db: Factory, world: World) -> None:
    w = world
    _order, task_id, (first, second) = await _given(db, w)
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a1, first)
        renamed = await task_changes.rename_task(s, w.admin_a, task_id, "  Bake 60  ")
        same = await task_changes.rename_task(s, w.teacher_a, task_id, "Bake 60")  # no change, nobody told
        later = utcnow() + timedelta(days=6)
        await task_changes.redate_task(s, w.teacher_a, task_id, later)
        await task_changes.redate_task(s, w.teacher_a, task_id, later)
    assert renamed.title == same.title == "Bake 60"
    told = [(r.recipient_id, r.payload) for r in await outbox_rows(db, "task_changed")]
    assert told == [(w.student_a2.id, {"assignment_id": second, "what": "title"}),
                    (w.student_a2.id, {"assignment_id": second, "what": "due"})]  # fmt: skip
    async with db() as s:
        task = await s.get(Task, task_id)
    assert task is not None and task.due_at is not None and abs(as_utc(task.due_at) - later) < timedelta(seconds=1)


async def test_taking_the_last_unfinished_student_off_finishes_the_task(db: Factory, world: World) -> None:
    w = world
    _order, task_id, (first, second) = await _given(db, w)
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a1, first)
        await tasks.ask_about_task(s, w.student_a2, second, "Where is the oven?")
        view = await task_changes.unassign_students(s, w.teacher_a, task_id, [w.student_a2.id])
    assert view.status == "done" and [a.student_id for a in view.assignments] == [w.student_a1.id]
    assert [(r.recipient_id, r.payload) for r in await outbox_rows(db, "task_unassigned")] == [
        (w.student_a2.id, {"task_id": task_id})
    ]
    async with db() as s:
        assert await s.scalar(select(TaskMessage.id)) is None  # their conversation went with the assignment


async def test_deleting_tells_who_was_working_and_leaves_nothing(db: Factory, world: World) -> None:
    w = world
    order_id, task_id, (first, _second) = await _given(db, w)
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a1, first)
        gone = await task_changes.delete_task(s, w.teacher_a, task_id)
        order = await orders.order_view(s, w.owner_c, order_id)
    assert gone.title == "Bake" and order.total_count == 0
    assert [(r.recipient_id, r.payload) for r in await outbox_rows(db, "task_deleted")] == [
        (w.student_a2.id, {"school_id": w.school_a.id, "title": "Bake"})
    ]
    async with db() as s:
        assert await s.get(Task, task_id) is None
        assert await s.scalar(select(TaskAssignment.id).where(TaskAssignment.task_id == task_id)) is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("past", "date_in_past"),
        ("done_student", "assignment_done"),
        ("not_on_task", "no_students"),
        ("empty_title", "empty_text"),
        ("done_task", "task_done"),
        ("completed_order", "order_not_in_progress"),
    ],
)
async def test_refusals_change_nothing(db: Factory, world: World, change: str, code: str) -> None:
    w = world
    order_id, task_id, (first, second) = await _given(db, w)
    async with transaction(db) as s:
        if change in ("done_student", "done_task"):
            await tasks.mark_task_done(s, w.student_a1, first)
        if change == "done_task":
            await tasks.mark_task_done(s, w.student_a2, second)
        if change == "completed_order":
            await orders.complete_order(s, w.teacher_a, order_id)
    calls = {
        "past": lambda s: task_changes.redate_task(s, w.teacher_a, task_id, utcnow() - timedelta(days=1)),
        "done_student": lambda s: task_changes.unassign_students(s, w.teacher_a, task_id, [w.student_a1.id]),
        "not_on_task": lambda s: task_changes.unassign_students(s, w.teacher_a, task_id, [w.student_b.id]),
        "empty_title": lambda s: task_changes.rename_task(s, w.teacher_a, task_id, "   "),
        "done_task": lambda s: task_changes.delete_task(s, w.teacher_a, task_id),
        "completed_order": lambda s: task_changes.delete_task(s, w.teacher_a, task_id),
    }
    before = await snapshot(db)
    async with transaction(db) as s:
        with pytest.raises(DomainError) as caught:
            await calls[change](s)
    assert caught.value.code == code and await snapshot(db) == before
