"""Invites: the only way into a school as teacher or student, so that roles are granted, never claimed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Invalid, NotFound
from domain.models import AuditEvent, Invite, Membership, Organisation, OrgKind, Person, Role
from domain.timeutil import as_utc, utcnow

ROLES_BY_KIND = {
    OrgKind.school.value: {Role.admin.value, Role.teacher.value, Role.student.value},
    OrgKind.company.value: {Role.admin.value, Role.member.value},
}
MAX_USES = 1000
MAX_DAYS = 365


@dataclass(frozen=True)
class CreatedInvite:
    token: str
    organisation_slug: str
    role: str
    uses: int
    days: int


async def create_invite(
    session: AsyncSession,
    org_slug: str,
    role: str,
    *,
    uses: int = 1,
    days: int = 14,
    created_by: int | None = None,
) -> CreatedInvite:
    org = await session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if org is None:
        raise NotFound("unknown_organisation", org_slug)
    if role not in ROLES_BY_KIND[org.kind]:
        allowed = ", ".join(sorted(ROLES_BY_KIND[org.kind]))
        raise Invalid("role_not_allowed", f"a {org.kind} can invite {allowed}, not {role}")
    if not 1 <= uses <= MAX_USES:
        raise Invalid("bad_uses", f"--uses must be between 1 and {MAX_USES}")
    if not 1 <= days <= MAX_DAYS:
        raise Invalid("bad_days", f"--days must be between 1 and {MAX_DAYS}")
    token = secrets.token_urlsafe(18)  # 24 chars of [A-Za-z0-9_-]: valid in a t.me ?start= payload
    session.add(
        Invite(
            token=token,
            organisation_id=org.id,
            role=role,
            uses_left=uses,
            expires_at=utcnow() + timedelta(days=days),
            created_by_id=created_by,
        )
    )
    session.add(
        AuditEvent(
            actor_id=created_by,
            action="invite.create",
            subject_type="organisation",
            subject_id=org.id,
            details={"role": role, "uses": uses, "days": days},
        )
    )
    return CreatedInvite(token, org.slug, role, uses, days)


@dataclass(frozen=True)
class InviteCheck:
    """What opening an invite would do: join ``organisation_name`` as ``role``; ``current_role`` is the
    person's role there now (None: not a member yet)."""

    organisation_id: int
    organisation_name: str
    role: str
    current_role: str | None

    @property
    def changes_role(self) -> bool:
        return self.current_role is not None and self.current_role != self.role


async def _usable(session: AsyncSession, token: str, *, lock: bool) -> Invite:
    query = select(Invite).where(Invite.token == token)
    invite = await session.scalar(query.with_for_update() if lock else query)
    if invite is None:
        raise NotFound("invite_unknown")
    if invite.revoked_at is not None:  # before expiry: "withdrawn" says why better than "expired" would
        raise Invalid("invite_revoked")
    if as_utc(invite.expires_at) <= utcnow():
        raise Invalid("invite_expired")
    if invite.uses_left <= 0:
        raise Invalid("invite_used_up")
    return invite


async def _membership(session: AsyncSession, person: Person, organisation_id: int) -> Membership | None:
    found: Membership | None = await session.scalar(
        select(Membership).where(Membership.person_id == person.id, Membership.organisation_id == organisation_id)
    )
    return found


async def check_invite(session: AsyncSession, token: str, person: Person) -> InviteCheck:
    """What the invite would do for this person, without using it (refuses it as redeem_invite would)."""
    invite = await _usable(session, token, lock=False)
    org = await session.get(Organisation, invite.organisation_id)
    current = await _membership(session, person, invite.organisation_id)
    return InviteCheck(invite.organisation_id, org.name if org else "", invite.role, current.role if current else None)


async def redeem_invite(session: AsyncSession, token: str, person: Person, *, change_role: bool = False) -> Membership:
    """Join the invite's organisation with its role.

    A person already in it with that role changes nothing (and the invite is not used up). One with another
    role keeps it unless ``change_role`` says they agreed to the change (a teacher who opens a student link
    by mistake must not silently become a student): Invalid("role_change_unconfirmed")."""
    invite = await _usable(session, token, lock=True)
    membership = await _membership(session, person, invite.organisation_id)
    if membership is not None and membership.role == invite.role:
        return membership
    previous = membership.role if membership is not None else None
    if membership is None:
        membership = Membership(person_id=person.id, organisation_id=invite.organisation_id, role=invite.role)
        session.add(membership)
    elif not change_role:
        raise Invalid("role_change_unconfirmed")
    else:
        membership.role = invite.role
    invite.uses_left -= 1
    session.add(
        AuditEvent(
            actor_id=person.id,
            action="invite.redeem",
            subject_type="organisation",
            subject_id=invite.organisation_id,
            details={"role": invite.role, "previous_role": previous},
        )
    )
    await session.flush()
    return membership
