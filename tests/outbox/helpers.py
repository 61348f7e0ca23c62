"""Rows the outbox tests need: people with Telegram ids, and a task assignment for reminders."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.models import (
    AssignmentStatus,
    Category,
    Enquiry,
    Listing,
    Order,
    Organisation,
    Person,
    Task,
    TaskAssignment,
)
from domain.timeutil import utcnow

TELEGRAM_BASE = 500_000


async def make_people(db: async_sessionmaker[AsyncSession], count: int, start: int = 0) -> list[int]:
    """People whose telegram_id is TELEGRAM_BASE + their index (bulk insert: fan-out tests use 10,000)."""
    rows = [{"telegram_id": TELEGRAM_BASE + start + i, "display_name": f"P{start + i}", "language": "en",
             "easy_read": False, "created_at": utcnow()} for i in range(count)]  # fmt: skip
    async with transaction(db) as s:
        await s.execute(insert(Person), rows)
        ids = (
            await s.scalars(
                select(Person.id)
                .where(Person.telegram_id >= TELEGRAM_BASE + start, Person.telegram_id < TELEGRAM_BASE + start + count)
                .order_by(Person.telegram_id)
            )
        ).all()
    return list(ids)


async def make_task_assignment(
    db: async_sessionmaker[AsyncSession], student_id: int, *, done_assignment: int | None = None
) -> int:
    """A school, a company, an order with one task assigned to ``student_id``; or mark one done."""
    async with transaction(db) as s:
        if done_assignment is not None:
            assignment = await s.get(TaskAssignment, done_assignment)
            assert assignment is not None
            assignment.status = AssignmentStatus.done.value
            assignment.done_at = utcnow()
            return done_assignment
        category = await s.scalar(select(Category.key).limit(1))
        assert category is not None
        school = Organisation(slug=f"s{student_id}", kind="school", name="S", country="LT", city="V")
        company = Organisation(slug=f"c{student_id}", kind="company", name="C", country="LV", city="R")
        s.add_all([school, company])
        await s.flush()
        listing = Listing(slug=f"l{student_id}", organisation_id=school.id, language="lt", title="Cakes",
                          category=category)  # fmt: skip
        s.add(listing)
        await s.flush()
        enquiry = Enquiry(listing_id=listing.id, from_organisation_id=company.id, to_organisation_id=school.id)
        s.add(enquiry)
        await s.flush()
        order = Order(enquiry_id=enquiry.id, school_id=school.id, customer_id=company.id)
        s.add(order)
        await s.flush()
        task = Task(order_id=order.id, title="Bake", due_at=utcnow() + timedelta(days=3))
        s.add(task)
        await s.flush()
        assignment = TaskAssignment(task_id=task.id, student_id=student_id)
        s.add(assignment)
        await s.flush()
        return assignment.id
