"""Ending a deal early: a buyer withdraws an enquiry before it is accepted; either side cancels an order.

Why a reason is required to cancel an order but not to withdraw an enquiry: an enquiry withdrawn before
anyone accepted it costs the school nothing, while an order cancelled after the work began affects the
other side and the students doing it, who deserve to know why. The reason is stored on the order and
shown to the other side; students hear only that their tasks are closed.

Who hears what:
* an enquiry withdrawn → the school's reachable teachers/admins (everyone who was told about it);
* an order cancelled → the other side (the person in charge there, as for other order news) and every
  student with a task in it. The order's pending task reminders are skipped; the students' tasks leave
  their lists and can no longer be acknowledged, asked about or reported done (the order is not in
  progress any more), which is what "closed" means for a task.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from domain.enquiries import enquiry_view
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import CANCEL_REASON_MAX
from domain.models import Enquiry, EnquiryStatus, Order, OrderStatus, Person
from domain.orders import order_students, order_view, skip_reminders
from domain.roles import STAFF_ROLES, buyer_role, customer_side, load_actor, require, role_in, school_side
from domain.rules import audit, notify
from domain.text_input import checked_text
from domain.timeutil import utcnow
from domain.views import EnquiryView, OrderView, Side


async def withdraw_enquiry(session: AsyncSession, actor: Person, enquiry_id: int, reason: str = "") -> EnquiryView:
    """The buying organisation takes back an enquiry nobody has accepted yet; the school is told, with the
    reason when one was given ("we found another supplier": the school learns from it). The reason travels in
    the notification only: nothing else reads it."""
    person = await load_actor(session, actor)
    enquiry = await session.get(Enquiry, enquiry_id, with_for_update=True, populate_existing=True)
    if enquiry is None:
        raise NotFound("enquiry_not_found")
    if await buyer_role(session, person.id, enquiry.from_organisation_id) is None:
        in_school = await role_in(session, person.id, enquiry.to_organisation_id) is not None
        raise Forbidden("not_the_customer" if in_school else "not_a_party")
    if enquiry.status != EnquiryStatus.open.value:
        raise Invalid("enquiry_closed")
    why = checked_text(reason, CANCEL_REASON_MAX) if reason.strip() else ""
    enquiry.status = EnquiryStatus.cancelled.value
    audit(session, person.id, "enquiry.withdraw", "enquiry", enquiry.id)
    await session.flush()
    staff = await school_side(session, enquiry.to_organisation_id, None)
    payload: dict[str, object] = {"enquiry_id": enquiry.id} | ({"reason": why} if why else {})
    await notify(session, staff, "enquiry_withdrawn", payload, exclude=person.id)
    return await enquiry_view(session, person, enquiry.id)


async def party_side(session: AsyncSession, person_id: int, order: Order) -> Side:
    """The side a person acts for on an order (cancel it, move its date): the school's teachers/admins, or the
    customer's buyers."""
    school_role = await role_in(session, person_id, order.school_id)
    if school_role in STAFF_ROLES:
        return "school"
    if await buyer_role(session, person_id, order.customer_id) is not None:
        return "customer"
    require(school_role is None, "not_a_teacher")  # a student of the school
    raise Forbidden("not_a_party")


async def cancel_order(session: AsyncSession, actor: Person, order_id: int, reason: str) -> OrderView:
    """Either side stops an order in progress, with a reason; the other side and its students are told."""
    person = await load_actor(session, actor)
    order = await session.get(Order, order_id, with_for_update=True, populate_existing=True)
    if order is None:
        raise NotFound("order_not_found")
    side = await party_side(session, person.id, order)
    if order.status != OrderStatus.in_progress.value:
        raise Invalid("order_not_in_progress")
    text = checked_text(reason, CANCEL_REASON_MAX)
    order.status = OrderStatus.cancelled.value
    order.cancelled_at = utcnow()
    order.cancel_reason = text
    order.cancelled_by_organisation_id = order.school_id if side == "school" else order.customer_id
    audit(session, person.id, "order.cancel", "order", order.id, side=side)
    await session.flush()
    await skip_reminders(session, order.id, "order cancelled")
    if side == "school":
        enquiry = await session.get(Enquiry, order.enquiry_id)
        other = await customer_side(session, order.customer_id, enquiry.from_person_id if enquiry else None)
    else:
        other = await school_side(session, order.school_id, order.accepted_by_id)
    students = await order_students(session, order.id)
    await notify(session, [*other, *students], "order_cancelled", {"order_id": order.id}, exclude=person.id)
    return await order_view(session, person, order.id)
