"""Inclusive employers and class visits (issue 13 part 5).

Why these rules:
* a company *declares* itself an inclusive employer (``inclusive_declared_at``); only a coordinator of its
  country makes it true (``inclusive_employer``), so the ♿ tag a school sees is a checked one;
* only verified inclusive employers publish visit offers; only teachers (staff of a school) request visits, and
  only the offering company's people answer them;
* every call re-reads roles from the database (button data can be forged, roles change) and writes no
  Telegram identity anywhere the other side reads: notifications name organisations only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.coordinators import coordinator_scope, coordinators_of, require_coordinator
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import CITY_MAX, VISIT_GROUP_MAX, VISIT_NOTES_MAX, VISIT_WHAT_MAX
from domain.models import Organisation, Person, VisitOffer, VisitRequest
from domain.roles import COMPANY_ROLES, STAFF_ROLES, company_people, load_actor, reachable, roles_of, school_side
from domain.rules import audit, notify
from domain.text_input import checked_text
from domain.timeutil import utcnow
from nlu.normalise._text import fold

OFFERS_SHOWN = 10


async def companies_of(session: AsyncSession, person_id: int) -> list[Organisation]:
    """The companies the person speaks for (admin or member), oldest first."""
    roles = await roles_of(session, person_id)
    ids = [org_id for org_id, role in roles.items() if role in COMPANY_ROLES]
    if not ids:
        return []
    rows = await session.scalars(
        select(Organisation).where(Organisation.id.in_(ids), Organisation.kind == "company").order_by(Organisation.id)
    )
    return list(rows)


async def _company(session: AsyncSession, actor: Person, organisation_id: int) -> tuple[Person, Organisation]:
    person = await load_actor(session, actor)
    org = await session.get(Organisation, organisation_id, populate_existing=True)
    if org is None:
        raise NotFound("organisation_not_found")
    if org.kind != "company" or org.id not in {c.id for c in await companies_of(session, person.id)}:
        raise Forbidden("not_a_member")
    return person, org


async def declare_inclusive(session: AsyncSession, actor: Person, organisation_id: int) -> tuple[str, bool]:
    """The company says it employs people with special needs; its country's coordinators are asked to confirm.
    (name, whether anything changed: a second declaration, or a verified company, asks nobody again)."""
    person, org = await _company(session, actor, organisation_id)
    if org.inclusive_employer or org.inclusive_declared_at is not None:
        return org.name, False
    org.inclusive_declared_at = utcnow()
    await session.flush()
    audit(session, person.id, "organisation.inclusive_declare", "organisation", org.id, country=org.country)
    await notify(
        session, await coordinators_of(session, org.country), "inclusive_declared", {"organisation_id": org.id}
    )
    return org.name, True


async def pending_inclusive(session: AsyncSession, actor: Person) -> list[Organisation]:
    """Declarations of the coordinator's countries that wait for confirmation, oldest first."""
    person = await load_actor(session, actor)
    scope = await require_coordinator(session, person.id, None)
    query = select(Organisation).where(
        Organisation.inclusive_declared_at.is_not(None), Organisation.inclusive_employer.is_(False)
    )
    if scope.countries is not None:
        query = query.where(Organisation.country.in_(sorted(scope.countries)))
    return list(await session.scalars(query.order_by(Organisation.inclusive_declared_at).limit(20)))


async def verify_inclusive(session: AsyncSession, actor: Person, organisation_id: int) -> tuple[str, bool]:
    """A coordinator of the company's country confirms its declaration; the company is told."""
    person = await load_actor(session, actor)
    org = await session.get(Organisation, organisation_id, with_for_update=True, populate_existing=True)
    if org is None:
        raise NotFound("organisation_not_found")
    await require_coordinator(session, person.id, org.country)
    if org.inclusive_employer:
        return org.name, False
    if org.inclusive_declared_at is None:
        raise Invalid("not_declared_inclusive")
    org.inclusive_employer = True
    await session.flush()
    audit(session, person.id, "organisation.inclusive_verify", "organisation", org.id, country=org.country)
    await notify(session, reachable(await company_people(session, org.id)), "inclusive_verified",
                 {"organisation_id": org.id})  # fmt: skip
    return org.name, True


def _group(size: int) -> int:
    if not 1 <= size <= VISIT_GROUP_MAX:
        raise Invalid("bad_group_size", str(size))
    return size


async def may_publish(session: AsyncSession, actor: Person, organisation_id: int) -> Organisation:
    """The company, if the actor speaks for it and it is a verified inclusive employer; else Forbidden."""
    _person, org = await _company(session, actor, organisation_id)
    if not org.inclusive_employer:
        raise Forbidden("not_inclusive_verified")
    return org


async def publish_offer(
    session: AsyncSession,
    actor: Person,
    organisation_id: int,
    *,
    what: str,
    city: str,
    max_group: int,
    access_notes: str | None,
) -> VisitOffer:
    """A verified inclusive employer offers class visits; anyone else is refused."""
    person, org = await _company(session, actor, organisation_id)
    if not org.inclusive_employer:
        raise Forbidden("not_inclusive_verified")
    notes = checked_text(access_notes, VISIT_NOTES_MAX, required=False) or None
    offer = VisitOffer(organisation_id=org.id, what=checked_text(what, VISIT_WHAT_MAX),
                       city=checked_text(city, CITY_MAX), max_group=_group(max_group), access_notes=notes,
                       active=True, created_by_id=person.id)  # fmt: skip
    session.add(offer)
    await session.flush()
    audit(session, person.id, "visit_offer.create", "visit_offer", offer.id, country=org.country)
    return offer


@dataclass(frozen=True)
class OfferView:
    id: int
    organisation_name: str
    country: str
    what: str
    city: str
    max_group: int
    access_notes: str | None


def _view(offer: VisitOffer, org: Organisation) -> OfferView:
    return OfferView(offer.id, org.name, org.country, offer.what, offer.city, offer.max_group, offer.access_notes)


async def own_offers(session: AsyncSession, actor: Person, organisation_id: int) -> list[OfferView]:
    _person, org = await _company(session, actor, organisation_id)
    rows = await session.scalars(
        select(VisitOffer).where(VisitOffer.organisation_id == org.id, VisitOffer.active).order_by(VisitOffer.id)
    )
    return [_view(o, org) for o in rows]


async def _schools(session: AsyncSession, person_id: int) -> list[Organisation]:
    roles = await roles_of(session, person_id)
    ids = [org_id for org_id, role in roles.items() if role in STAFF_ROLES]
    if not ids:
        return []
    query = select(Organisation).where(Organisation.id.in_(ids), Organisation.kind == "school")
    return list(await session.scalars(query.order_by(Organisation.id)))


def _mentions(text: str, city: str) -> bool:
    """Whether the words name the city in any case form ("Vilniuje", "Wilnie" are not all caught: a stem)."""
    stem = fold(city).strip()
    stem = stem[: max(4, len(stem) - 2)]
    return bool(stem) and any(word.startswith(stem) for word in fold(text).split())


async def find_offers(session: AsyncSession, actor: Person, words: str) -> list[OfferView]:
    """Visit offers of verified inclusive employers for a teacher: the city named first, then the teacher's
    school's country, then the rest. Only school staff may look (visits are for classes)."""
    person = await load_actor(session, actor)
    schools = await _schools(session, person.id)
    if not schools:
        raise Forbidden("not_a_teacher")
    home = schools[0]
    rows = (
        await session.execute(
            select(VisitOffer, Organisation)
            .join(Organisation, Organisation.id == VisitOffer.organisation_id)
            .where(VisitOffer.active, Organisation.inclusive_employer)
            .order_by(VisitOffer.id.desc())
            .limit(200)
        )
    ).all()
    named = [r for r in rows if _mentions(words, r[0].city)]
    pool = named or list(rows)
    pool.sort(key=lambda r: (r[1].country != home.country, fold(r[0].city) != fold(home.city)))
    return [_view(o, org) for o, org in pool[:OFFERS_SHOWN]]


async def request_visit(
    session: AsyncSession, actor: Person, offer_id: int, *, visit_date: date, group_size: int, needs: str | None
) -> VisitRequest:
    """A teacher asks to bring a group; the company's people are told (by organisation, never by name)."""
    person = await load_actor(session, actor)
    schools = await _schools(session, person.id)
    if not schools:
        raise Forbidden("not_a_teacher")
    offer = await session.get(VisitOffer, offer_id)
    if offer is None or not offer.active:
        raise NotFound("visit_offer_not_found")
    org = await session.get(Organisation, offer.organisation_id)
    if org is None or not org.inclusive_employer:
        raise NotFound("visit_offer_not_found")
    if group_size > offer.max_group:
        raise Invalid("group_too_big", str(offer.max_group))
    if visit_date < utcnow().date():
        raise Invalid("date_in_past")
    said = checked_text(needs, VISIT_NOTES_MAX, required=False) or None
    row = VisitRequest(offer_id=offer.id, school_id=schools[0].id, teacher_id=person.id, visit_date=visit_date,
                       group_size=_group(group_size), needs=said, status="pending")  # fmt: skip
    session.add(row)
    await session.flush()
    audit(session, person.id, "visit.request", "visit_request", row.id, country=org.country)
    await notify(session, reachable(await company_people(session, org.id)), "visit_requested", {"request_id": row.id})
    return row


@dataclass(frozen=True)
class RequestView:
    id: int
    offer: OfferView
    school_name: str
    school_city: str
    visit_date: date
    group_size: int
    needs: str | None
    status: str
    company_side: bool  # the viewer answers it (else: the viewer's school asked)


async def request_view(session: AsyncSession, actor: Person, request_id: int) -> RequestView:
    """A visit request as one of its two sides sees it; anyone else is refused."""
    person = await load_actor(session, actor)
    row = await session.get(VisitRequest, request_id, populate_existing=True)
    if row is None:
        raise NotFound("visit_request_not_found")
    offer = await session.get(VisitOffer, row.offer_id)
    school = await session.get(Organisation, row.school_id)
    if offer is None or school is None:
        raise NotFound("visit_request_not_found")
    org = await session.get(Organisation, offer.organisation_id)
    assert org is not None
    roles = await roles_of(session, person.id)
    if roles.get(org.id) in COMPANY_ROLES and org.kind == "company":
        company_side = True
    elif roles.get(school.id) in STAFF_ROLES:
        company_side = False
    else:
        raise Forbidden("not_a_member")
    return RequestView(row.id, _view(offer, org), school.name, school.city, row.visit_date, row.group_size, row.needs,
                       row.status, company_side)  # fmt: skip


async def decide_visit(session: AsyncSession, actor: Person, request_id: int, *, accept: bool) -> RequestView:
    """The offering company accepts or declines; the teacher who asked (or the school's staff) is told."""
    view = await request_view(session, actor, request_id)
    if not view.company_side:
        raise Forbidden("not_a_member")
    row = await session.get(VisitRequest, request_id, with_for_update=True, populate_existing=True)
    assert row is not None
    if row.status != "pending":
        return view
    row.status = "accepted" if accept else "declined"
    row.decided_at = utcnow()
    await session.flush()
    audit(session, actor.id, f"visit.{row.status}", "visit_request", row.id)
    await notify(session, await school_side(session, row.school_id, row.teacher_id), "visit_decided",
                 {"request_id": row.id})  # fmt: skip
    return RequestView(**{**view.__dict__, "status": row.status})


async def is_teacher(session: AsyncSession, person_id: int) -> bool:
    """Whether the person is staff of a school (who may look for and ask for class visits)."""
    return bool(await _schools(session, person_id))


async def is_coordinator(session: AsyncSession, person_id: int) -> bool:
    return await coordinator_scope(session, person_id) is not None
