"""Enquiries: a buying organisation asks a school about a listing, and the two talk through the bot.

Why relayed and anonymous: the two sides never see each other's Telegram accounts. Every message
is stored and attributed to an organisation and a role ("Kaunas VET school, teacher"), which is
also what survives when a person erases their account.

Who hears what (recipients of outbox rows):
* customer side: the person who sent the enquiry while they still belong to the buying
  organisation and are reachable, else all its reachable admins/members (teachers/admins when a
  school buys from another school);
* school side: once an order exists, the teacher who accepted it (while still a reachable teacher
  there), else all reachable teachers/admins of the school;
* a school no reachable teacher has joined gets no enquiries: its admins hear that someone is waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import ratelimit
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import DECLINE_REASON_MAX, ENQUIRY_MESSAGE_MAX, QUANTITY_MAX, RELAY_MAX
from domain.models import (
    Enquiry,
    EnquiryStatus,
    Listing,
    ListingStatus,
    Membership,
    Order,
    Organisation,
    Person,
    PriceUnit,
    RelayMessage,
    Role,
)
from domain.orders import order_view
from domain.outbox import Notification, enqueue_many
from domain.roles import (
    BUYER_ROLES,
    STAFF_ROLES,
    buyer_role,
    customer_side,
    load_actor,
    reachable,
    require,
    role_in,
    roles_of,
    school_side,
)
from domain.rules import audit, notify
from domain.text_input import checked_text
from domain.timeutil import utcnow
from domain.views import EnquiryView, OrderView, RelayView, Side

LAST_MESSAGES = 5
ENQUIRY_LIMITS = [(ratelimit.HOUR, 5), (ratelimit.DAY, 20)]
RELAY_LIMITS = [(ratelimit.MINUTE, 5), (ratelimit.HOUR, 30)]
CLOSED = frozenset({EnquiryStatus.declined.value, EnquiryStatus.cancelled.value})


async def _enquiry(session: AsyncSession, enquiry_id: int, *, lock: bool = False) -> Enquiry:
    enquiry = await session.get(Enquiry, enquiry_id, with_for_update=lock or None, populate_existing=True)
    if enquiry is None:
        raise NotFound("enquiry_not_found")
    return enquiry


async def _sender_org(session: AsyncSession, person_id: int, listing: Listing, chosen: int | None) -> int:
    """The organisation an enquiry is sent from (see create_enquiry)."""
    roles = await roles_of(session, person_id)
    if chosen is not None:
        require(chosen in roles, "not_a_member")
        require(roles[chosen] != Role.student.value, "students_cannot_enquire")
        if chosen == listing.organisation_id:
            raise Invalid("own_listing")
        return chosen
    eligible = [org for org, role in roles.items() if role in BUYER_ROLES]
    others = [org for org in eligible if org != listing.organisation_id]
    if len(others) == 1:
        return others[0]
    if len(others) > 1:
        raise Invalid("choose_organisation")
    if eligible:
        raise Invalid("own_listing")
    require(not roles, "students_cannot_enquire")
    raise Forbidden("no_organisation")


async def _teachers(session: AsyncSession, school_id: int) -> list[Person]:
    """Reachable teachers (role teacher, not admin) of the school: the people who answer enquiries. An admin
    invites them; while there are none, enquiries are refused and the admins told (school_can_answer)."""
    rows = await session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.organisation_id == school_id, Membership.role == Role.teacher.value)
        .order_by(Person.id)
    )
    return reachable(rows)


async def unanswerable_listings(session: AsyncSession, listing_ids: list[int]) -> set[int]:
    """Which of these listings' schools have no reachable teacher yet (one statement for a page of results):
    their cards say so before anyone types an enquiry that would be refused."""
    if not listing_ids:
        return set()
    rows = await session.scalars(_UNANSWERABLE, {"ids": list(listing_ids)})
    return set(rows)


# Built once (every page of search results asks it): binding the ids is all a call costs.
_ANSWERING = (
    select(Membership.organisation_id)
    .join(Person, Person.id == Membership.person_id)
    .where(
        Membership.role == Role.teacher.value,
        Person.telegram_id.is_not(None),
        Person.erased_at.is_(None),
        Person.unreachable_at.is_(None),
    )
)
_UNANSWERABLE = select(Listing.id).where(
    Listing.id.in_(bindparam("ids", expanding=True)), Listing.organisation_id.not_in(_ANSWERING)
)


@dataclass(frozen=True)
class SchoolReach:
    can_answer: bool  # a teacher of the school has joined and can be reached
    admins_told: int = 0  # when not: how many of its admins heard that someone is waiting


async def school_can_answer(session: AsyncSession, actor: Person, listing_id: int) -> SchoolReach:
    """Whether a teacher of the offer's school has joined and can be reached to answer an enquiry.

    When none has, nobody would read it: the enquiry is refused (create_enquiry refuses it too), and the
    school's admins hear — once a day per offer, without a word about who asked — that someone is waiting,
    so that they invite their teachers. The caller tells the person."""
    person = await load_actor(session, actor)
    listing = await session.get(Listing, listing_id)
    if listing is None:
        raise NotFound("listing_not_found")
    if await _teachers(session, listing.organisation_id):
        return SchoolReach(can_answer=True)
    today = utcnow().date().isoformat()
    admins = [p for p in await school_side(session, listing.organisation_id, None) if p.id != person.id]
    notes = [
        Notification(
            a.id, "school_waiting", {"listing_id": listing.id}, dedupe_key=f"school_waiting:{listing.id}:{a.id}:{today}"
        )
        for a in admins
    ]
    await enqueue_many(session, notes)
    audit(session, person.id, "enquiry.unanswerable", "listing", listing.id, admins_told=len(notes))
    return SchoolReach(can_answer=False, admins_told=len(notes))


def check_quantity(quantity: int | None, unit: str | None) -> None:
    """A quantity an enquiry or order may hold: 1..QUANTITY_MAX, in a unit the bot reads, or none at all."""
    if quantity is not None and (isinstance(quantity, bool) or not 1 <= quantity <= QUANTITY_MAX):
        raise Invalid("bad_quantity", f"1..{QUANTITY_MAX}")
    if unit is not None and (quantity is None or unit not in set(PriceUnit)):
        raise Invalid("bad_quantity", "unit")  # the bot only stores units it read (nlu numbers.quantity_unit)


async def create_enquiry(
    session: AsyncSession,
    actor: Person,
    listing_id: int,
    *,
    quantity: int | None,
    needed_by: date | None,
    message: str,
    from_organisation_id: int | None = None,
    quantity_unit: str | None = None,
) -> EnquiryView:
    """A company (or another school) asks a school about an active listing; the school's staff are told."""
    person = await load_actor(session, actor)
    listing = await session.get(Listing, listing_id)
    if listing is None:
        raise NotFound("listing_not_found")
    from_org = await _sender_org(session, person.id, listing, from_organisation_id)
    if listing.status != ListingStatus.active.value or listing.hidden_at is not None:
        raise Invalid("listing_not_active")
    if not await _teachers(session, listing.organisation_id):
        raise Invalid("school_unstaffed")  # nobody would read it (school_can_answer tells the admins)
    check_quantity(quantity, quantity_unit)
    if needed_by is not None and needed_by < utcnow().date():
        raise Invalid("date_in_past")
    text = checked_text(message, ENQUIRY_MESSAGE_MAX, required=False)
    await ratelimit.check(session, person.id, Enquiry.created_at, [Enquiry.from_person_id == person.id], ENQUIRY_LIMITS)
    enquiry = Enquiry(
        listing_id=listing.id,
        from_organisation_id=from_org,
        from_person_id=person.id,
        to_organisation_id=listing.organisation_id,
        quantity=quantity,
        quantity_unit=quantity_unit,
        needed_by=needed_by,
        message=text,
        status=EnquiryStatus.open.value,
    )
    session.add(enquiry)
    await session.flush()
    audit(session, person.id, "enquiry.create", "enquiry", enquiry.id, from_organisation_id=from_org)
    staff = await school_side(session, listing.organisation_id, None)
    await notify(session, staff, "enquiry_received", {"enquiry_id": enquiry.id}, exclude=person.id)
    return await _view(session, enquiry, "customer")


async def _side(session: AsyncSession, person_id: int, enquiry: Enquiry) -> tuple[Side, str]:
    """Which side of the enquiry the person speaks for, and with which role; Forbidden if neither."""
    school_role = await role_in(session, person_id, enquiry.to_organisation_id)
    customer_role = await buyer_role(session, person_id, enquiry.from_organisation_id)
    if customer_role is not None and (school_role not in STAFF_ROLES or enquiry.from_person_id == person_id):
        return "customer", customer_role
    if school_role in STAFF_ROLES:
        assert school_role is not None
        return "school", school_role
    require(school_role is None, "not_a_teacher")  # a student of the school
    raise Forbidden("not_a_party")


async def _order_of(session: AsyncSession, enquiry_id: int) -> Order | None:
    order: Order | None = await session.scalar(select(Order).where(Order.enquiry_id == enquiry_id))
    return order


async def relay_message(session: AsyncSession, actor: Person, enquiry_id: int, text: str) -> RelayView:
    """Carry a message to the other side of an enquiry (open, accepted, or after the order)."""
    person = await load_actor(session, actor)
    enquiry = await _enquiry(session, enquiry_id)
    side, role = await _side(session, person.id, enquiry)
    if enquiry.status in CLOSED:
        raise Invalid("enquiry_closed")
    body = checked_text(text, RELAY_MAX)
    await ratelimit.check(
        session, person.id, RelayMessage.created_at, [RelayMessage.sender_person_id == person.id], RELAY_LIMITS
    )
    sender_org = enquiry.from_organisation_id if side == "customer" else enquiry.to_organisation_id
    if side == "customer":
        order = await _order_of(session, enquiry.id)
        recipients = await school_side(session, enquiry.to_organisation_id, order.accepted_by_id if order else None)
    else:
        recipients = await customer_side(session, enquiry.from_organisation_id, enquiry.from_person_id)
    if not [p for p in recipients if p.id != person.id]:
        # everyone there erased their data or blocked the bot: said, never "✔ Sent" for a message nobody gets
        raise Invalid("nobody_to_reach")
    relay = RelayMessage(
        enquiry_id=enquiry.id,
        sender_person_id=person.id,
        sender_organisation_id=sender_org,
        sender_role=role,
        text=body,
    )
    session.add(relay)
    await session.flush()
    audit(session, person.id, "relay.send", "enquiry", enquiry.id, relay_id=relay.id, side=side)
    await notify(session, recipients, "relay_message", {"relay_id": relay.id}, exclude=person.id)
    names = await _org_names(session, [sender_org])
    return _relay_view(relay, names[sender_org], enquiry)


async def _school_action(session: AsyncSession, actor: Person, enquiry_id: int) -> tuple[Person, Enquiry]:
    """A teacher/admin of the receiving school acting on an open enquiry."""
    person = await load_actor(session, actor)
    enquiry = await _enquiry(session, enquiry_id, lock=True)
    role = await role_in(session, person.id, enquiry.to_organisation_id)
    if role is None:
        customer = await buyer_role(session, person.id, enquiry.from_organisation_id)
        raise Forbidden("not_a_teacher" if customer else "not_a_party")
    require(role in STAFF_ROLES, "not_a_teacher")
    if enquiry.status != EnquiryStatus.open.value:
        raise Invalid("enquiry_closed")
    return person, enquiry


async def decline_enquiry(session: AsyncSession, actor: Person, enquiry_id: int, reason: str = "") -> EnquiryView:
    person, enquiry = await _school_action(session, actor, enquiry_id)
    enquiry.status = EnquiryStatus.declined.value
    enquiry.decline_reason = checked_text(reason, DECLINE_REASON_MAX, required=False) or None
    audit(session, person.id, "enquiry.decline", "enquiry", enquiry.id)
    await session.flush()
    recipients = await customer_side(session, enquiry.from_organisation_id, enquiry.from_person_id)
    await notify(session, recipients, "enquiry_declined", {"enquiry_id": enquiry.id}, exclude=person.id)
    return await _view(session, enquiry, "school")


async def accept_enquiry(session: AsyncSession, actor: Person, enquiry_id: int) -> OrderView:
    """The school takes the work on: an order in progress, with the accepting teacher in charge."""
    person, enquiry = await _school_action(session, actor, enquiry_id)
    enquiry.status = EnquiryStatus.accepted.value
    order = Order(
        enquiry_id=enquiry.id,
        school_id=enquiry.to_organisation_id,
        customer_id=enquiry.from_organisation_id,
        accepted_by_id=person.id,
    )
    session.add(order)
    await session.flush()
    audit(session, person.id, "enquiry.accept", "enquiry", enquiry.id, order_id=order.id)
    recipients = await customer_side(session, enquiry.from_organisation_id, enquiry.from_person_id)
    payload = {"enquiry_id": enquiry.id, "order_id": order.id}
    await notify(session, recipients, "enquiry_accepted", payload, exclude=person.id)
    return await order_view(session, person, order.id)


async def enquiries_for(session: AsyncSession, actor: Person) -> list[EnquiryView]:
    """Enquiries the actor's organisations sent (as buyer) and received (as teacher/admin), newest first."""
    person = await load_actor(session, actor)
    roles = await roles_of(session, person.id)
    buying = [org for org, role in roles.items() if role in BUYER_ROLES]
    teaching = [org for org, role in roles.items() if role in STAFF_ROLES]
    if not buying and not teaching:
        return []
    rows = await session.scalars(
        select(Enquiry)
        .where(or_(Enquiry.from_organisation_id.in_(buying), Enquiry.to_organisation_id.in_(teaching)))
        .order_by(Enquiry.created_at.desc(), Enquiry.id.desc())
    )
    return [await _view(session, e, "school" if e.to_organisation_id in teaching else "customer") for e in rows]


async def enquiry_view(session: AsyncSession, actor: Person, enquiry_id: int) -> EnquiryView:
    person = await load_actor(session, actor)
    enquiry = await _enquiry(session, enquiry_id)
    side, _role = await _side(session, person.id, enquiry)
    return await _view(session, enquiry, side)


async def _org_names(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    rows = await session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {i: name for i, name in rows.all()}


def _relay_view(relay: RelayMessage, org_name: str, enquiry: Enquiry) -> RelayView:
    side: Side = "customer" if relay.sender_organisation_id == enquiry.from_organisation_id else "school"
    return RelayView(
        relay.id, relay.enquiry_id, relay.sender_organisation_id, org_name, relay.sender_role, side, relay.text,
        relay.created_at,
    )  # fmt: skip


async def _view(session: AsyncSession, enquiry: Enquiry, side: Side) -> EnquiryView:
    names = await _org_names(session, [enquiry.from_organisation_id, enquiry.to_organisation_id])
    title = await session.scalar(select(Listing.title).where(Listing.id == enquiry.listing_id))
    order = await _order_of(session, enquiry.id)
    recent = await session.scalars(
        select(RelayMessage)
        .where(RelayMessage.enquiry_id == enquiry.id)
        .order_by(RelayMessage.created_at.desc(), RelayMessage.id.desc())
        .limit(LAST_MESSAGES)
    )
    messages = [_relay_view(r, names[r.sender_organisation_id], enquiry) for r in reversed(list(recent))]
    # a customer a coordinator confirmed as an inclusive employer: the school sees ♿ (domain/visits.py)
    inclusive = await session.scalar(
        select(Organisation.inclusive_employer).where(Organisation.id == enquiry.from_organisation_id)
    )
    return EnquiryView(
        id=enquiry.id, listing_id=enquiry.listing_id, listing_title=title or "",
        from_organisation_id=enquiry.from_organisation_id, from_organisation_name=names[enquiry.from_organisation_id],
        to_organisation_id=enquiry.to_organisation_id, to_organisation_name=names[enquiry.to_organisation_id],
        quantity=enquiry.quantity, quantity_unit=enquiry.quantity_unit, needed_by=enquiry.needed_by,
        message=enquiry.message or "", status=enquiry.status,
        created_at=enquiry.created_at, order_id=order.id if order else None,
        order_status=order.status if order else None, side=side, last_messages=messages,
        decline_reason=enquiry.decline_reason or "",
        from_inclusive=bool(inclusive),
    )  # fmt: skip
