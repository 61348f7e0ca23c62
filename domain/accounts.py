"""People and their organisations: first contact, preferences, company sign-up, erasure and data export.

Why erasure keeps rows: enquiries, relay and task messages, orders and reviews are business records of
organisations, referenced by the other side. So /deleteme blanks the person, cuts every link that
would identify them and keeps what the organisations said to each other.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import alerts, outbox, tasks
from domain.codes import countries
from domain.coordinators import remove_coordinator
from domain.errors import Invalid
from domain.limits import CITY_MAX, ORG_NAME_MAX, ORG_NAME_MIN
from domain.models import (
    Attachment,
    AuditEvent,
    ConversationState,
    Coordinator,
    Enquiry,
    ListingReport,
    Membership,
    OrderDocument,
    Organisation,
    OrgKind,
    Person,
    RelayMessage,
    Review,
    Role,
    Task,
    TaskAssignment,
    TaskMessage,
)
from domain.moderation import forget_reporter
from domain.roles import load_actor, require
from domain.rules import audit, unique_slug
from domain.taxonomy import FALLBACK_LANGUAGE, LANGUAGES
from domain.text_input import display_name as clean_display_name
from domain.text_input import typed_name
from domain.timeutil import utcnow
from domain.views import MembershipView

ENQUIRY_EXPORT = (
    "id", "listing_id", "from_organisation_id", "to_organisation_id", "quantity", "needed_by", "message", "status",
    "created_at",
)  # fmt: skip


def normalise_language(code: str | None) -> str:
    """Telegram's IETF tag ("pt-BR", "en_US", "LT") → one of the bot's languages, else English."""
    primary = (code or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else FALLBACK_LANGUAGE


# Built once (a statement object keeps its compiled form): each turn only binds the Telegram id.
_PERSON = select(Person).where(Person.telegram_id == bindparam("telegram_id"), Person.erased_at.is_(None))
_PERSON_LOCKED = _PERSON.with_for_update()


async def get_or_create_person(
    session: AsyncSession, telegram_id: int, language_code: str | None, *, lock: bool = False
) -> tuple[Person, bool]:
    """The person behind a Telegram account; created on first contact (an erased person gets a new row).

    No name is stored here: we may keep it only once the person agreed (:func:`give_consent`).
    ``lock``: the row is read ``FOR UPDATE`` (PostgreSQL; SQLite locks the whole file on write anyway),
    so a turn of the same person on another replica waits for this transaction — in the same statement
    that finds the person, not in a second one.
    """
    statement = _PERSON_LOCKED if lock else _PERSON
    person = await session.scalar(statement, {"telegram_id": telegram_id})
    if person is not None:
        return person, False
    language = normalise_language(language_code)
    person = Person(telegram_id=telegram_id, display_name="", language=language, easy_read=False)
    session.add(person)
    await session.flush()
    audit(session, person.id, "person.create", "person", person.id)
    return person, True


async def set_language(session: AsyncSession, person: Person, language: str) -> None:
    if language not in LANGUAGES:
        raise Invalid("bad_language", language)
    row = await load_actor(session, person)
    row.language = language
    person.language = language


async def set_easy_read(session: AsyncSession, person: Person, on: bool) -> None:
    row = await load_actor(session, person)
    row.easy_read = bool(on)
    person.easy_read = bool(on)


async def give_consent(session: AsyncSession, person: Person, display_name: str) -> None:
    """The person agreed that we store their name and messages (a /start choice or an invite): keep the name now."""
    row = await load_actor(session, person)
    if row.consent_at is None:
        row.consent_at = utcnow()
        audit(session, row.id, "person.consent", "person", row.id)
    name = clean_display_name(display_name)
    if name and not row.display_name:
        row.display_name = name
    person.consent_at, person.display_name = row.consent_at, row.display_name


def _membership_view(org: Organisation, role: str) -> MembershipView:
    return MembershipView(org.id, org.slug, org.name, org.kind, org.country, org.city, role)


# Built once, and only the columns a view shows: most typed messages ask who the person is in which organisation,
# and building the statement and an Organisation entity per row (all its columns) cost more than the query.
_MEMBERSHIPS = (
    select(
        Organisation.id,
        Organisation.slug,
        Organisation.name,
        Organisation.kind,
        Organisation.country,
        Organisation.city,
        Membership.role,
    )
    .join(Membership, Membership.organisation_id == Organisation.id)
    .where(Membership.person_id == bindparam("person_id"))
    .order_by(Membership.id)
)


async def memberships(session: AsyncSession, person_id: int) -> list[MembershipView]:
    rows = await session.execute(_MEMBERSHIPS, {"person_id": person_id})
    return [MembershipView(*row) for row in rows.all()]


async def create_company(session: AsyncSession, actor: Person, name: str, country: str, city: str) -> MembershipView:
    """A company owner signs up without an invite: a new company with them as its admin.

    Not a student: a student's way to the marketplace is through their school, and an admin's role in a
    company of their own would let them send enquiries and see orders as its owner."""
    person = await load_actor(session, actor)
    student = await session.scalar(
        select(Membership.id).where(Membership.person_id == person.id, Membership.role == Role.student.value)
    )
    require(student is None, "students_cannot_register")
    name = typed_name(name, ORG_NAME_MIN, ORG_NAME_MAX, "bad_name")
    city = typed_name(city, 1, CITY_MAX, "bad_city")
    country = (country or "").strip().upper()
    if country not in countries():
        raise Invalid("bad_country", country)
    org = Organisation(
        slug=await unique_slug(session, Organisation.slug, name),
        kind=OrgKind.company.value,
        name=name,
        country=country,
        city=city,
        languages=[person.language],
    )
    session.add(org)
    await session.flush()
    session.add(Membership(person_id=person.id, organisation_id=org.id, role=Role.admin.value))
    audit(session, person.id, "organisation.create", "organisation", org.id, kind=org.kind)
    await session.flush()
    return _membership_view(org, Role.admin.value)


async def update_company(
    session: AsyncSession,
    actor: Person,
    organisation_id: int,
    *,
    name: str | None = None,
    city: str | None = None,
    country: str | None = None,
) -> MembershipView:
    """A company's admin corrects its name, city or country (typed wrong at sign-up: a blind tester's city was stored
    as "register my company"). A new name takes the coordinators' verification away: they verified the old one."""
    person = await load_actor(session, actor)
    org = await session.get(Organisation, organisation_id)
    role = await session.scalar(
        select(Membership.role).where(Membership.person_id == person.id, Membership.organisation_id == organisation_id)
    )
    require(org is not None and org.kind == OrgKind.company.value and role == Role.admin.value, "forbidden")
    assert org is not None
    changed: dict[str, str] = {}
    if name is not None:
        name = typed_name(name, ORG_NAME_MIN, ORG_NAME_MAX, "bad_name")
        if name != org.name:
            org.name, org.verified, changed["name"] = name, False, name
    if city is not None:
        city = typed_name(city, 1, CITY_MAX, "bad_city")
        if city != org.city:
            org.city = changed["city"] = city
    if country is not None:
        country = country.strip().upper()
        if country not in countries():
            raise Invalid("bad_country", country)
        if country != org.country:
            org.country = changed["country"] = country
    if changed:
        audit(session, person.id, "organisation.update", "organisation", org.id, **changed)
        await session.flush()
    return _membership_view(org, Role.admin.value)


async def erase_person(session: AsyncSession, actor: Person) -> None:
    """/deleteme: forget the person, keep the organisations' business records without them."""
    person = await load_actor(session, actor)
    pid = person.id
    await session.execute(delete(Membership).where(Membership.person_id == pid))
    await session.execute(delete(ConversationState).where(ConversationState.person_id == pid))
    await outbox.forget_recipient(session, pid)
    await alerts.forget_person(session, pid)
    await tasks.forget_questions(session, pid)
    await session.execute(update(Enquiry).where(Enquiry.from_person_id == pid).values(from_person_id=None))
    await session.execute(
        update(RelayMessage).where(RelayMessage.sender_person_id == pid).values(sender_person_id=None)
    )
    await session.execute(update(TaskMessage).where(TaskMessage.sender_person_id == pid).values(sender_person_id=None))
    await session.execute(update(Attachment).where(Attachment.sender_person_id == pid).values(sender_person_id=None))
    await session.execute(update(OrderDocument).where(OrderDocument.uploaded_by_id == pid).values(uploaded_by_id=None))
    await session.execute(update(Review).where(Review.author_person_id == pid).values(author_person_id=None))
    await remove_coordinator(session, pid)  # 0012: the role goes with the account
    await forget_reporter(session, pid)  # the reports stay, without who made them
    person.display_name = ""
    person.telegram_id = None
    person.erased_at = utcnow()
    person.consent_at = None
    audit(session, pid, "person.erase", "person", pid)
    await session.flush()
    actor.telegram_id, actor.display_name, actor.erased_at = None, "", person.erased_at


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Any, *columns: str) -> dict[str, Any]:
    return {c: _jsonable(getattr(obj, c)) for c in columns}


async def export_person(session: AsyncSession, actor: Person) -> dict[str, Any]:
    """/mydata: everything stored about the person, as JSON-able data."""
    person = await load_actor(session, actor)
    pid = person.id
    enquiries = await session.scalars(select(Enquiry).where(Enquiry.from_person_id == pid).order_by(Enquiry.id))
    relays = await session.scalars(
        select(RelayMessage).where(RelayMessage.sender_person_id == pid).order_by(RelayMessage.id)
    )
    assignments = await session.execute(
        select(TaskAssignment, Task.title)
        .join(Task, Task.id == TaskAssignment.task_id)
        .where(TaskAssignment.student_id == pid)
        .order_by(TaskAssignment.id)
    )
    task_messages = await session.scalars(
        select(TaskMessage).where(TaskMessage.sender_person_id == pid).order_by(TaskMessage.id)
    )
    reviews = await session.scalars(select(Review).where(Review.author_person_id == pid).order_by(Review.id))
    files = await session.scalars(select(Attachment).where(Attachment.sender_person_id == pid).order_by(Attachment.id))
    documents = await session.scalars(
        select(OrderDocument).where(OrderDocument.uploaded_by_id == pid).order_by(OrderDocument.id)
    )
    events = await session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == pid, (AuditEvent.subject_type == "person") & (AuditEvent.subject_id == pid)))
        .order_by(AuditEvent.id)
    )
    reports = await session.scalars(
        select(ListingReport).where(ListingReport.reporter_id == pid).order_by(ListingReport.id)
    )
    coordinating = await session.scalars(
        select(Coordinator).where(Coordinator.person_id == pid).order_by(Coordinator.id)
    )
    state = await session.get(ConversationState, pid)
    saved = await alerts.saved_searches(session, person)
    return {
        "profile": _row(
            person, "id", "telegram_id", "display_name", "language", "easy_read", "consent_at", "created_at"
        ),
        "memberships": [_jsonable_view(m) for m in await memberships(session, pid)],
        "conversation_state": None if state is None else {"flow": state.flow, "step": state.step, "data": state.data},
        "enquiries_sent": [_row(e, *ENQUIRY_EXPORT) for e in enquiries],
        "relay_messages_written": [
            _row(r, "id", "enquiry_id", "sender_organisation_id", "sender_role", "text", "created_at") for r in relays
        ],
        "files_sent": [
            _row(a, "id", "kind", "enquiry_id", "assignment_id", "file_name", "size_bytes", "caption", "created_at")
            for a in files
        ],
        "order_documents_added": [
            _row(d, "id", "order_id", "file_name", "kind", "size_bytes", "sha256", "created_at") for d in documents
        ],
        "task_messages_written": [
            _row(m, "id", "assignment_id", "sender_role", "text", "created_at") for m in task_messages
        ],
        "task_assignments": [
            {**_row(a, "id", "task_id", "status", "acknowledged_at", "done_at", "created_at"), "task_title": title}
            for a, title in assignments.all()
        ],
        "reviews_written": [
            _row(r, "id", "order_id", "listing_id", "author_organisation_id", "rating", "comment", "created_at")
            for r in reviews
        ],
        "listing_reports_made": [
            _row(r, "id", "listing_id", "reason_code", "reason", "status", "created_at") for r in reports
        ],
        "coordinator_of": [_row(c, "id", "country", "created_at") for c in coordinating],
        "audit_events": [_row(e, "id", "at", "action", "subject_type", "subject_id", "details") for e in events],
        "saved_searches": [{k: _jsonable(v) for k, v in vars(s).items()} for s in saved],
    }


def _jsonable_view(view: MembershipView) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in vars(view).items()}
