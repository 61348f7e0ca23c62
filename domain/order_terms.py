"""An order's terms agreed in the chat, put on the order: its date ("can you do the 22nd instead?" — "yes") and its
quantity ("we can only make 150" — "ok").

Why only the school changes them, and the customer is told: the school commits its students to the date, so it is the
school's to record once agreed in the chat (the relayed chat is where they agree); a customer who wants another date
asks the school in the chat (a blind tester's company moved its own order two weeks earlier, unasked). The
notification lets the customer object in the chat. The date is the customer's date of the enquiry, the one both
sides' order cards show as due (``orders._due_on``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from domain.cancellations import party_side
from domain.enquiries import check_quantity
from domain.errors import Forbidden, Invalid, NotFound
from domain.models import Enquiry, Order, OrderStatus, Person
from domain.orders import order_view
from domain.roles import customer_side, load_actor
from domain.rules import audit, notify
from domain.timeutil import utcnow
from domain.views import OrderView


async def _school_order(session: AsyncSession, actor: Person, order_id: int) -> tuple[Person, Order, Enquiry]:
    """The order in progress (locked) and its enquiry, which holds its terms, for one of the school's teachers."""
    person = await load_actor(session, actor)
    order = await session.get(Order, order_id, with_for_update=True, populate_existing=True)
    if order is None:
        raise NotFound("order_not_found")
    if await party_side(session, person.id, order) != "school":
        raise Forbidden("not_a_teacher")
    if order.status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")
    enquiry = await session.get(Enquiry, order.enquiry_id, with_for_update=True)
    if enquiry is None:
        raise NotFound("order_not_found")
    return person, order, enquiry


async def _tell_the_customer(session: AsyncSession, person: Person, order: Order, enquiry: Enquiry, kind: str) -> None:
    customer = await customer_side(session, order.customer_id, enquiry.from_person_id)
    await notify(session, customer, kind, {"order_id": order.id, "side": "school"}, exclude=person.id)


async def move_order_date(session: AsyncSession, actor: Person, order_id: int, due: date) -> OrderView:
    """Set the order's date (the school's teachers, while it is in progress); the customer is told."""
    person, order, enquiry = await _school_order(session, actor, order_id)
    if due < utcnow().date():
        raise Invalid("date_in_past")
    before = enquiry.needed_by
    enquiry.needed_by = due
    audit(session, person.id, "order.move_date", "order", order.id, side="school",
          before=before.isoformat() if before else None, after=due.isoformat())  # fmt: skip
    await session.flush()
    if before != due:
        await _tell_the_customer(session, person, order, enquiry, "order_date_moved")
    return await order_view(session, person, order.id)


async def change_order_quantity(
    session: AsyncSession, actor: Person, order_id: int, quantity: int, unit: str | None
) -> OrderView:
    """Set the order's quantity (the school's teachers, while it is in progress); the customer is told. ``unit``
    None keeps the unit the customer said ("6 kg" → "8": 8 kg)."""
    person, order, enquiry = await _school_order(session, actor, order_id)
    unit = unit or enquiry.quantity_unit
    check_quantity(quantity, unit)
    before = enquiry.quantity
    enquiry.quantity, enquiry.quantity_unit = quantity, unit
    audit(session, person.id, "order.change_quantity", "order", order.id, side="school", before=before,
          after=quantity)  # fmt: skip
    await session.flush()
    if before != quantity:
        await _tell_the_customer(session, person, order, enquiry, "order_quantity_changed")
    return await order_view(session, person, order.id)
