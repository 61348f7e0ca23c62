"""Withdrawing and cancelling in the domain: which states allow it, what is stored, who is told."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import cancellations, enquiries, orders, tasks
from domain.db import transaction
from domain.errors import Invalid
from domain.models import Order
from domain.timeutil import utcnow
from tests.domain.factories import World, outbox_rows, snapshot


async def _refused(
    db: async_sessionmaker[AsyncSession], code: str, call: Callable[[AsyncSession], Awaitable[object]]
) -> None:
    before = await snapshot(db)
    async with transaction(db) as s:
        with pytest.raises(Invalid) as caught:
            await call(s)
    assert caught.value.code == code and await snapshot(db) == before


async def test_only_an_open_enquiry_is_withdrawn(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        e = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        taken = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        await enquiries.accept_enquiry(s, w.teacher_a, taken.id)
        view = await cancellations.withdraw_enquiry(s, w.member_c, e.id)  # anyone of the company may
    assert view.status == "cancelled"
    await _refused(db, "enquiry_closed", lambda s: cancellations.withdraw_enquiry(s, w.owner_c, e.id))
    await _refused(db, "enquiry_closed", lambda s: cancellations.withdraw_enquiry(s, w.owner_c, taken.id))
    await _refused(db, "enquiry_closed", lambda s: enquiries.accept_enquiry(s, w.teacher_a, e.id))
    await _refused(db, "enquiry_closed", lambda s: enquiries.relay_message(s, w.teacher_a, e.id, "still there?"))
    assert {r.recipient_id for r in await outbox_rows(db, "enquiry_withdrawn")} == {w.admin_a.id, w.teacher_a.id}


async def test_an_order_is_cancelled_once_with_a_reason(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        e = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, e.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", utcnow() + timedelta(days=3))
        task = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
    await _refused(db, "empty_text", lambda s: cancellations.cancel_order(s, w.teacher_a, order.id, "   "))

    async with transaction(db) as s:
        view = await cancellations.cancel_order(s, w.admin_a, order.id, "  The kitchen is closed  ")
    assert (view.status, view.cancel_reason, view.cancelled_by_name) == ("cancelled", "The kitchen is closed",
                                                                           "Vilnius VET school")  # fmt: skip
    told = {r.recipient_id for r in await outbox_rows(db, "order_cancelled")}
    assert told == {w.owner_c.id, w.student_a1.id, w.student_a2.id}  # the company and both students; not the admin
    await _refused(db, "order_not_in_progress", lambda s: cancellations.cancel_order(s, w.owner_c, order.id, "x"))
    await _refused(db, "order_not_in_progress", lambda s: orders.complete_order(s, w.teacher_a, order.id))
    await _refused(db, "order_not_in_progress", lambda s: orders.add_task(s, w.teacher_a, order.id, "More", None))
    assignment = task.assignments[0].id
    await _refused(db, "order_not_in_progress", lambda s: tasks.mark_task_done(s, w.student_a1, assignment))
    async with transaction(db) as s:
        assert await tasks.my_tasks(s, w.student_a1) == []
        stored = await s.scalar(select(Order).where(Order.id == order.id))
        assert stored is not None and stored.cancelled_by_organisation_id == w.school_a.id
