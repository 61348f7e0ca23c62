"""Reading the audit log: every moderation action and role change, newest first.

Why the country is worked out here: events name a subject (a listing, an organisation, a coordinator
role or invite), and a coordinator of one country may read only what concerns their country. The
operator's ``vet2b audit`` reads everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.coordinators import require_coordinator
from domain.models import AuditEvent, Coordinator, CoordinatorInvite, Listing, Organisation, Person
from domain.roles import load_actor
from domain.timeutil import as_utc

PAGE_SIZE = 10
CLI_LIMIT = 1000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject_type: str
    subject_id: int | None
    country: str | None  # of the subject, where it has one
    details: dict[str, Any]
    subject_name: str | None = None  # the offer's title or the organisation's name, for a reader of the log
    actor_name: str | None = None  # who did it, as their name reads ("" once they erased their data)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "at": as_utc(self.at).isoformat(), "actor_id": self.actor_id, "action": self.action,
            "subject_type": self.subject_type, "subject_id": self.subject_id, "country": self.country,
            "details": self.details,
        }  # fmt: skip


def _query() -> Any:
    listing_org = aliased(Organisation)
    org = aliased(Organisation)
    actor = aliased(Person)
    subject = AuditEvent.subject_id
    country = func.coalesce(listing_org.country, org.country, Coordinator.country, CoordinatorInvite.country)
    name = func.coalesce(Listing.title, org.name)
    statement = (
        select(AuditEvent, country.label("country"), name.label("subject_name"), actor.display_name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .outerjoin(Listing, and_(AuditEvent.subject_type == "listing", Listing.id == subject))
        .outerjoin(listing_org, listing_org.id == Listing.organisation_id)
        .outerjoin(org, and_(AuditEvent.subject_type == "organisation", org.id == subject))
        .outerjoin(Coordinator, and_(AuditEvent.subject_type == "coordinator", Coordinator.id == subject))
        .outerjoin(
            CoordinatorInvite, and_(AuditEvent.subject_type == "coordinator_invite", CoordinatorInvite.id == subject)
        )
    )
    return statement, country


async def audit_entries(
    session: AsyncSession,
    *,
    since: datetime | None = None,
    actor_id: int | None = None,
    countries: frozenset[str] | None = None,
    limit: int = CLI_LIMIT,
    offset: int = 0,
) -> list[AuditEntry]:
    """Events newest first; ``countries`` keeps those whose subject lies in one of them (None: all events)."""
    statement, country = _query()
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    if actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    if countries is not None:
        statement = statement.where(country.in_(sorted(countries)))
    rows = await session.execute(
        statement.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit).offset(offset)
    )
    return [
        AuditEntry(
            e.id, as_utc(e.at), e.actor_id, e.action, e.subject_type, e.subject_id, c, dict(e.details or {}), *names
        )
        for e, c, *names in rows.all()
    ]


async def coordinator_audit(
    session: AsyncSession, actor: Person, page: int = 0, page_size: int = PAGE_SIZE
) -> tuple[list[AuditEntry], bool]:
    """One page of the log for a coordinator (their countries' events; all for an all-country coordinator),
    and whether there are older ones."""
    person = await load_actor(session, actor)
    scope = await require_coordinator(session, person.id, None)
    found = await audit_entries(
        session, countries=scope.countries, limit=page_size + 1, offset=max(0, page) * page_size
    )
    return found[:page_size], len(found) > page_size
