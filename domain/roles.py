"""Who may do what: role look-ups every service runs on every call.

Why every call: the bot passes an actor ``Person``, but a caller can be buggy or forged, and roles
change (a teacher leaves, an account is erased). So roles are read from the database inside the
service's own transaction, never trusted from the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Forbidden, NotFound
from domain.models import Membership, Organisation, OrgKind, Person, Role

STAFF_ROLES = frozenset({Role.admin.value, Role.teacher.value})
COMPANY_ROLES = frozenset({Role.admin.value, Role.member.value})
BUYER_ROLES = STAFF_ROLES | COMPANY_ROLES  # a company's people, or a school's staff buying from another school


def require(condition: bool, code: str) -> None:
    """Raise Forbidden(code) unless ``condition``."""
    if not condition:
        raise Forbidden(code)


async def load_actor(session: AsyncSession, actor: Person) -> Person:
    """The actor's row as stored now (not the caller's copy); erased accounts may do nothing."""
    person = await session.get(Person, actor.id, populate_existing=True)
    if person is None:
        raise NotFound("person_not_found")
    require(person.erased_at is None, "account_erased")
    return person


async def roles_of(session: AsyncSession, person_id: int) -> dict[int, str]:
    """organisation_id → role for every organisation the person belongs to."""
    rows = await session.execute(
        select(Membership.organisation_id, Membership.role).where(Membership.person_id == person_id)
    )
    return {org_id: role for org_id, role in rows.all()}


async def role_in(session: AsyncSession, person_id: int, organisation_id: int) -> str | None:
    role: str | None = await session.scalar(
        select(Membership.role).where(Membership.person_id == person_id, Membership.organisation_id == organisation_id)
    )
    return role


async def require_staff(session: AsyncSession, person_id: int, school_id: int, outsider: str = "not_a_member") -> str:
    """Teacher or admin of that school, else Forbidden ``outsider`` (not in it at all) / not_a_teacher."""
    role = await role_in(session, person_id, school_id)
    require(role is not None, outsider)
    require(role in STAFF_ROLES, "not_a_teacher")
    assert role is not None
    return role


async def buyer_role(session: AsyncSession, person_id: int, organisation_id: int) -> str | None:
    """The role if the person may speak for ``organisation_id`` as a buyer (not a student), else None."""
    role = await role_in(session, person_id, organisation_id)
    return role if role in BUYER_ROLES else None


async def _members(session: AsyncSession, organisation_id: int, roles: Iterable[str]) -> list[Person]:
    rows = await session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role.in_(list(roles)),
            Person.erased_at.is_(None),
        )
        .order_by(Person.id)
    )
    return list(rows)


async def teachers_of(session: AsyncSession, organisation_id: int) -> list[Person]:
    """Teachers and admins of a school (not erased), oldest account first."""
    return await _members(session, organisation_id, STAFF_ROLES)


async def company_people(session: AsyncSession, organisation_id: int) -> list[Person]:
    """Everyone who may speak for a buying organisation: company admins/members, school teachers/admins."""
    return await _members(session, organisation_id, BUYER_ROLES)


def reachable(people: Iterable[Person]) -> list[Person]:
    """Those a notification can reach: a Telegram id, not erased, not marked unreachable."""
    return [p for p in people if p.telegram_id is not None and p.erased_at is None and p.unreachable_at is None]


async def _preferred(
    session: AsyncSession, organisation_id: int, preferred_id: int | None, roles: frozenset[str]
) -> list[Person] | None:
    if preferred_id is None:
        return None
    person = await session.get(Person, preferred_id)
    if person is None or not reachable([person]):
        return None
    role = await role_in(session, person.id, organisation_id)
    return [person] if role in roles else None


async def customer_side(session: AsyncSession, organisation_id: int, preferred_id: int | None) -> list[Person]:
    """Who hears news for the buying side: the person who sent the enquiry while they are still there
    and reachable, else every reachable admin/member (staff, for a buying school)."""
    found = await _preferred(session, organisation_id, preferred_id, BUYER_ROLES)
    return found if found is not None else reachable(await company_people(session, organisation_id))


async def school_side(session: AsyncSession, school_id: int, preferred_id: int | None) -> list[Person]:
    """Who hears news for the school: the teacher in charge (who accepted the order / assigned the task)
    while still a reachable teacher/admin there, else every reachable teacher/admin of the school."""
    found = await _preferred(session, school_id, preferred_id, STAFF_ROLES)
    return found if found is not None else reachable(await teachers_of(session, school_id))


async def organisation(session: AsyncSession, organisation_id: int) -> Organisation:
    org = await session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation_not_found")
    return org


def is_school(org: Organisation) -> bool:
    return org.kind == OrgKind.school.value
