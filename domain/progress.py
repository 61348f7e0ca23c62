"""Telling the customer how far the work has come: once when it starts, once when every task is done.

Why only twice: a company does not want a message for each of twenty tasks; it wants to know that the
work has begun (the first task reached students) and that it is ready (all tasks done), and it can look
at /orders for the rest. Each message is written at most once per order and recipient (a dedupe key), so
a task added and assigned later, or finished again, tells nobody anything twice.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Enquiry, Order, OrderStatus, Task, TaskAssignment, TaskStatus
from domain.outbox import Notification, enqueue_many
from domain.roles import customer_side


async def _tell_customer_once(session: AsyncSession, order: Order, kind: str) -> None:
    enquiry = await session.get(Enquiry, order.enquiry_id)
    people = await customer_side(session, order.customer_id, enquiry.from_person_id if enquiry else None)
    payload = {"order_id": order.id}
    await enqueue_many(
        session, [Notification(p.id, kind, payload, dedupe_key=f"{kind}:{order.id}:{p.id}") for p in people]
    )


async def assignments_in(session: AsyncSession, order_id: int) -> int:
    """How many task assignments the order has (a count before assigning tells whether work starts now)."""
    query = select(func.count()).select_from(TaskAssignment).join(Task, Task.id == TaskAssignment.task_id)
    return int(await session.scalar(query.where(Task.order_id == order_id)) or 0)


async def work_started(session: AsyncSession, order: Order, assigned_before: int) -> None:
    """Call after assigning: the customer hears that work began when these were the order's first assignments."""
    if assigned_before == 0 and await assignments_in(session, order.id) > 0:
        await _tell_customer_once(session, order, "order_started")


async def work_ready(session: AsyncSession, order_id: int) -> None:
    """Call after a task is done: when every task of the order is, the customer hears it is ready.

    The order row is locked first, so two students finishing the last two tasks at once cannot both
    see the other's task as still open (and nobody be told)."""
    order = await session.get(Order, order_id, with_for_update=True, populate_existing=True)
    if order is None or order.status != OrderStatus.in_progress.value:
        return
    statuses = list(await session.scalars(select(Task.status).where(Task.order_id == order_id)))
    if statuses and all(s == TaskStatus.done.value for s in statuses):
        await _tell_customer_once(session, order, "order_ready")
