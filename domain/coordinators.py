"""The coordinator role: people who look after the network for one country or for all of them.

Why a table of its own (not a membership): a coordinator belongs to no school or company. Regional
authorities and employment bodies coordinate; they see reports, the moderation queue and the audit log,
verify organisations and hide listings of their country. The role is granted only by a coordinator invite
link (made with ``vet2b invite create --role coordinator``), never claimed.

Other services build on :func:`coordinator_scope` and :func:`require_coordinator`: they read the role from
the database on every call, because button data can be forged and roles change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.codes import countries
from domain.errors import Forbidden, Invalid, NotFound
from domain.models import Coordinator, CoordinatorInvite, Person
from domain.roles import load_actor, reachable
from domain.rules import audit
from domain.timeutil import as_utc, utcnow

MAX_USES = 1000
MAX_DAYS = 365


@dataclass(frozen=True)
class CoordinatorScope:
    """The countries a coordinator looks after; ``countries`` None means every country."""

    countries: frozenset[str] | None

    def covers(self, country: str | None) -> bool:
        return self.countries is None or (country is not None and country.upper() in self.countries)


# One statement, built once (it runs for every main menu): an erased person has no rows, as one with no role.
_SCOPE = (
    select(Coordinator.country)
    .join(Person, Person.id == Coordinator.person_id)
    .where(Coordinator.person_id == bindparam("person_id"), Person.erased_at.is_(None))
)


async def coordinator_scope(session: AsyncSession, person_id: int) -> CoordinatorScope | None:
    """The person's coordinator scope, None if they are no coordinator (or erased their account)."""
    rows = list(await session.scalars(_SCOPE, {"person_id": person_id}))
    if not rows:
        return None
    if any(country is None for country in rows):
        return CoordinatorScope(None)
    return CoordinatorScope(frozenset(c for c in rows if c is not None))


async def require_coordinator(session: AsyncSession, person_id: int, country: str | None) -> CoordinatorScope:
    """The scope if the person coordinates ``country`` (None: the question is only "any coordinator?"),
    else Forbidden: ``not_a_coordinator`` (no role at all) or ``not_your_country``."""
    scope = await coordinator_scope(session, person_id)
    if scope is None:
        raise Forbidden("not_a_coordinator")
    if country is not None and not scope.covers(country):
        raise Forbidden("not_your_country")
    return scope


async def coordinators_of(session: AsyncSession, country: str) -> list[Person]:
    """Reachable coordinators of ``country`` and of every country, oldest first (who hears of a report)."""
    rows = await session.scalars(
        select(Person)
        .join(Coordinator, Coordinator.person_id == Person.id)
        .where(or_(Coordinator.country.is_(None), Coordinator.country == country.upper()))
        .order_by(Person.id)
        .distinct()
    )
    return reachable(rows)


def _country(country: str | None) -> str | None:
    if country is None or not country.strip():
        return None
    code = country.strip().upper()
    if code not in countries():
        raise Invalid("bad_country", code)
    return code


@dataclass(frozen=True)
class CreatedCoordinatorInvite:
    token: str
    country: str | None
    uses: int
    days: int


async def create_coordinator_invite(
    session: AsyncSession, country: str | None, *, uses: int = 1, days: int = 14, created_by: int | None = None
) -> CreatedCoordinatorInvite:
    """A link that makes whoever opens it a coordinator of ``country`` (None: all countries)."""
    code = _country(country)
    if not 1 <= uses <= MAX_USES:
        raise Invalid("bad_uses", f"--uses must be between 1 and {MAX_USES}")
    if not 1 <= days <= MAX_DAYS:
        raise Invalid("bad_days", f"--days must be between 1 and {MAX_DAYS}")
    token = secrets.token_urlsafe(18)  # like organisation invites: valid in a t.me ?start= payload
    invite = CoordinatorInvite(
        token=token, country=code, uses_left=uses, expires_at=utcnow() + timedelta(days=days), created_by_id=created_by
    )
    session.add(invite)
    await session.flush()
    audit(session, created_by, "invite.create", "coordinator_invite", invite.id, role="coordinator", country=code,
          uses=uses, days=days)  # fmt: skip
    return CreatedCoordinatorInvite(token, code, uses, days)


async def is_coordinator_invite(session: AsyncSession, token: str) -> bool:
    """Whether a /start payload is a coordinator invite (organisation invites are domain/invites.py's)."""
    found = await session.scalar(select(CoordinatorInvite.id).where(CoordinatorInvite.token == token))
    return found is not None


@dataclass(frozen=True)
class CoordinatorJoin:
    """What opening the link did: the country now coordinated (None: all) and whether it was new."""

    country: str | None
    added: bool


async def redeem_coordinator_invite(session: AsyncSession, token: str, actor: Person) -> CoordinatorJoin:
    """Become a coordinator with the invite. Someone who already covers that scope changes nothing (and the
    invite is not used up). Refused like organisation invites: unknown, expired, used up."""
    person = await load_actor(session, actor)
    invite = await session.scalar(select(CoordinatorInvite).where(CoordinatorInvite.token == token).with_for_update())
    if invite is None:
        raise NotFound("invite_unknown")
    if as_utc(invite.expires_at) <= utcnow():
        raise Invalid("invite_expired")
    if invite.uses_left <= 0:
        raise Invalid("invite_used_up")
    scope = await coordinator_scope(session, person.id)
    if scope is not None and (scope.countries is None or (invite.country is not None and scope.covers(invite.country))):
        return CoordinatorJoin(invite.country, added=False)
    row = Coordinator(person_id=person.id, country=invite.country)
    session.add(row)
    invite.uses_left -= 1
    await session.flush()
    audit(session, person.id, "invite.redeem", "coordinator_invite", invite.id, role="coordinator",
          country=invite.country)  # fmt: skip
    audit(session, person.id, "coordinator.add", "coordinator", row.id, country=invite.country)
    return CoordinatorJoin(invite.country, added=True)


async def remove_coordinator(session: AsyncSession, person_id: int) -> int:
    """Take the role away (erasure, or an operator): every country. Returns how many rows went."""
    rows = list(await session.scalars(select(Coordinator).where(Coordinator.person_id == person_id)))
    for row in rows:
        audit(session, None, "coordinator.remove", "coordinator", row.id, country=row.country, person_id=person_id)
        await session.delete(row)
    await session.flush()
    return len(rows)
