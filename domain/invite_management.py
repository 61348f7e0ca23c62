"""Invites made in chat: a school admin invites teachers and students, a teacher invites students.

Why a service of its own (domain/invites.py makes and redeems the links): here the maker is a person in chat,
so every call checks, in this transaction, who they are now — the bot's buttons can be forged and roles
change. Nobody invites to another organisation or to a role above their own; only an invite's maker (while
still staff there) or the school's admin may revoke it. Creation (domain.invites), revocation (here) and every
use (domain.invites.redeem_invite) each write an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import ratelimit
from domain.errors import Forbidden, Invalid, NotFound
from domain.invites import MAX_DAYS, MAX_USES, CreatedInvite, create_invite
from domain.models import AuditEvent, Invite, Membership, Organisation, OrgKind, Person, Role
from domain.roles import STAFF_ROLES, load_actor, require, role_in
from domain.timeutil import as_utc, utcnow

# Whom each school role may invite, in the order the bot offers them: never above one's own role.
INVITES_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.admin.value: (Role.teacher.value, Role.student.value),
    Role.teacher.value: (Role.student.value,),
}
DEFAULT_USES = {Role.teacher.value: 1, Role.student.value: 30}  # one colleague; a class
DEFAULT_DAYS = 7
OPEN_SHOWN_MAX = 10  # open invites listed (each with a Revoke button); older ones are still revocable by typing
INVITE_LIMITS = [(ratelimit.HOUR, 30), (ratelimit.DAY, 100)]  # invites one person makes


@dataclass(frozen=True)
class InviterSchool:
    """A school the person may invite to, and the roles they may invite there (first = the usual one)."""

    organisation_id: int
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class OpenInvite:
    id: int
    token: str
    organisation_id: int
    organisation_name: str
    role: str
    uses_left: int
    expires_at: datetime


async def schools_to_invite_to(session: AsyncSession, actor: Person) -> list[InviterSchool]:
    """The schools where the person is admin or teacher, with whom they may invite there."""
    person = await load_actor(session, actor)
    rows = await session.execute(
        select(Organisation.id, Organisation.name, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.person_id == person.id,
            Organisation.kind == OrgKind.school.value,
            Membership.role.in_(list(INVITES_BY_ROLE)),
        )
        .order_by(Organisation.name, Organisation.id)
    )
    return [InviterSchool(org_id, name, INVITES_BY_ROLE[role]) for org_id, name, role in rows.all()]


async def may_invite(session: AsyncSession, actor: Person, organisation_id: int, role: str) -> Organisation:
    """The school, if the person may invite ``role`` to it now; Forbidden otherwise (asked again on creating)."""
    person = await load_actor(session, actor)
    org = await session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation_not_found")
    own = await role_in(session, person.id, org.id)
    require(own is not None, "not_a_member")
    require(org.kind == OrgKind.school.value and own in STAFF_ROLES, "not_a_teacher")
    assert own is not None
    if role not in INVITES_BY_ROLE[own]:
        raise Forbidden("only_admins_invite_staff" if own == Role.teacher.value else "role_not_invitable")
    return org


async def invite(
    session: AsyncSession, actor: Person, organisation_id: int, role: str, *, uses: int, days: int
) -> CreatedInvite:
    """Make an invite to the school as ``role``, checked against the person's role there now."""
    org = await may_invite(session, actor, organisation_id, role)
    if not 1 <= uses <= MAX_USES:
        raise Invalid("bad_uses", f"uses must be between 1 and {MAX_USES}")
    if not 1 <= days <= MAX_DAYS:
        raise Invalid("bad_days", f"days must be between 1 and {MAX_DAYS}")
    await ratelimit.check(
        session, actor.id, AuditEvent.at, [AuditEvent.actor_id == actor.id, AuditEvent.action == "invite.create"],
        INVITE_LIMITS,
    )  # fmt: skip
    return await create_invite(session, org.slug, role, uses=uses, days=days, created_by=actor.id)


def _is_open(invite: Invite, now: datetime) -> bool:
    return invite.revoked_at is None and invite.uses_left > 0 and as_utc(invite.expires_at) > now


async def open_invites(session: AsyncSession, actor: Person) -> list[OpenInvite]:
    """The invites this person made that can still be used, oldest first (the numbers the list shows)."""
    person = await load_actor(session, actor)
    now = utcnow()
    rows = await session.execute(
        select(Invite, Organisation.name)
        .join(Organisation, Organisation.id == Invite.organisation_id)
        .where(Invite.created_by_id == person.id, Invite.revoked_at.is_(None), Invite.uses_left > 0)
        .order_by(Invite.created_at, Invite.id)
    )
    return [
        OpenInvite(inv.id, inv.token, inv.organisation_id, name, inv.role, inv.uses_left, as_utc(inv.expires_at))
        for inv, name in rows.all()
        if _is_open(inv, now)
    ]


async def revoke(session: AsyncSession, actor: Person, invite_id: int) -> OpenInvite:
    """Revoke an open invite: its maker (while still staff of that school) or the school's admin may."""
    person = await load_actor(session, actor)
    found = await session.scalar(select(Invite).where(Invite.id == invite_id).with_for_update())
    if found is None:
        raise NotFound("invite_not_found")
    own = await role_in(session, person.id, found.organisation_id)
    mine = found.created_by_id == person.id and own in STAFF_ROLES
    require(mine or own == Role.admin.value, "not_your_invite")
    if not _is_open(found, utcnow()):
        raise Invalid("invite_closed")
    found.revoked_at = utcnow()
    session.add(
        AuditEvent(
            actor_id=person.id,
            action="invite.revoke",
            subject_type="invite",
            subject_id=found.id,
            details={"organisation_id": found.organisation_id, "role": found.role, "uses_left": found.uses_left},
        )
    )
    await session.flush()
    org = await session.get(Organisation, found.organisation_id)
    return OpenInvite(
        found.id, found.token, found.organisation_id, org.name if org else "", found.role, found.uses_left,
        as_utc(found.expires_at),
    )  # fmt: skip
