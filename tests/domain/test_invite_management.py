"""Invites made in chat (domain.invite_management): who may invite whom where, who may revoke, what each
refused link says, and the audit trail. Refused calls run in a transaction that then commits, so "nothing
changed" proves the check came before the write."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import invite_management as im
from domain.db import transaction
from domain.errors import ALL_CODES, DomainError, Invalid, NotFound, RateLimited
from domain.invites import check_invite, create_invite, redeem_invite
from domain.models import AuditEvent, Invite, Membership, Person
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world, person


async def _id(s: AsyncSession, token: str) -> int:
    found = await s.scalar(select(Invite.id).where(Invite.token == token))
    assert found is not None
    return found


async def _revoke(s: AsyncSession, *, actor: Person, invite_id: int) -> im.OpenInvite:
    return await im.revoke(s, actor, invite_id)


async def _refused(
    db: async_sessionmaker[AsyncSession], code: str, call: Callable[[AsyncSession], Awaitable[Any]]
) -> None:
    async with transaction(db) as s:
        before = await s.scalar(select(Invite.id).order_by(Invite.id.desc()).limit(1))
        with pytest.raises(DomainError) as caught:
            await call(s)
        assert caught.value.code == code and code in ALL_CODES
        assert await s.scalar(select(Invite.id).order_by(Invite.id.desc()).limit(1)) == before


async def test_who_may_invite_whom(db: async_sessionmaker[AsyncSession]) -> None:
    w: World = await build_world(db)
    a = w.school_a.id
    async with transaction(db) as s:
        assert [(x.organisation_id, x.roles) for x in await im.schools_to_invite_to(s, w.admin_a)] == [
            (a, ("teacher", "student"))
        ]
        assert [x.roles for x in await im.schools_to_invite_to(s, w.teacher_a)] == [("student",)]
        for nobody in (w.student_a1, w.member_c, w.stranger):
            assert await im.schools_to_invite_to(s, nobody) == []
        created = await im.invite(s, w.admin_a, a, "teacher", uses=1, days=7)
        assert created.role == "teacher" and created.uses == 1
        await im.invite(s, w.teacher_a, a, "student", uses=30, days=7)

    await _refused(db, "only_admins_invite_staff", lambda s: im.invite(s, w.teacher_a, a, "teacher", uses=1, days=7))
    await _refused(db, "only_admins_invite_staff", lambda s: im.invite(s, w.teacher_a, a, "admin", uses=1, days=7))
    await _refused(db, "role_not_invitable", lambda s: im.invite(s, w.admin_a, a, "admin", uses=1, days=7))
    await _refused(db, "not_a_member", lambda s: im.invite(s, w.teacher_b, a, "student", uses=1, days=7))
    await _refused(db, "not_a_teacher", lambda s: im.invite(s, w.student_a1, a, "student", uses=1, days=7))
    await _refused(db, "not_a_member", lambda s: im.invite(s, w.member_c, a, "student", uses=1, days=7))
    await _refused(db, "not_a_member", lambda s: im.invite(s, w.stranger, a, "student", uses=1, days=7))
    await _refused(db, "not_a_member", lambda s: im.invite(s, w.admin_a, w.company_c.id, "member", uses=1, days=7))
    await _refused(db, "organisation_not_found", lambda s: im.invite(s, w.admin_a, 99999, "student", uses=1, days=7))
    await _refused(db, "bad_uses", lambda s: im.invite(s, w.teacher_a, a, "student", uses=0, days=7))
    await _refused(db, "bad_days", lambda s: im.invite(s, w.teacher_a, a, "student", uses=5, days=366))

    async with db() as s:  # a former teacher invites nobody: roles are read anew on every call
        await s.execute(update(Membership).where(Membership.person_id == w.teacher_a.id).values(role="student"))
        await s.commit()
    await _refused(db, "not_a_teacher", lambda s: im.invite(s, w.teacher_a, a, "student", uses=1, days=7))


async def test_listing_and_revoking(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    a = w.school_a.id
    async with transaction(db) as s:
        first = await im.invite(s, w.teacher_a, a, "student", uses=2, days=7)
        second = await im.invite(s, w.teacher_a, a, "student", uses=30, days=1)
        by_admin = await im.invite(s, w.admin_a, a, "teacher", uses=1, days=7)
        ids = {name: await _id(s, c.token) for name, c in (("first", first), ("second", second), ("admin", by_admin))}
        assert [i.token for i in await im.open_invites(s, w.teacher_a)] == [first.token, second.token]
        assert [i.token for i in await im.open_invites(s, w.admin_a)] == [by_admin.token]

    # someone else's invite: another teacher, a student, another school's teacher may not revoke it
    async with transaction(db) as s:
        colleague = await person(s, "Colleague")
        s.add(Membership(person_id=colleague.id, organisation_id=a, role="teacher"))
    for outsider in (colleague, w.student_a1, w.teacher_b, w.member_c, w.stranger):
        await _refused(db, "not_your_invite", functools.partial(_revoke, actor=outsider, invite_id=ids["first"]))
    await _refused(db, "not_your_invite", lambda s: im.revoke(s, w.teacher_a, ids["admin"]))
    await _refused(db, "invite_not_found", lambda s: im.revoke(s, w.teacher_a, 99999))

    async with transaction(db) as s:
        revoked = await im.revoke(s, w.teacher_a, ids["first"])
        assert revoked.token == first.token
        await im.revoke(s, w.admin_a, ids["second"])  # the school's admin may revoke a teacher's invite
        assert await im.open_invites(s, w.teacher_a) == []
    await _refused(db, "invite_closed", lambda s: im.revoke(s, w.teacher_a, ids["first"]))

    async with db() as s:
        events = list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "invite.revoke")))
    revocations = [(e.actor_id, e.subject_id) for e in events]
    assert revocations == [(w.teacher_a.id, ids["first"]), (w.admin_a.id, ids["second"])]


async def test_each_refused_link_has_its_own_code(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        newcomer = await person(s, "Newcomer")
        revoked = await im.invite(s, w.teacher_a, w.school_a.id, "student", uses=5, days=7)
        await im.revoke(s, w.teacher_a, await _id(s, revoked.token))
        expired = await create_invite(s, w.school_a.slug, "student", uses=5)
        used = await create_invite(s, w.school_a.slug, "student", uses=1)
        await s.execute(update(Invite).where(Invite.token == expired.token).values(expires_at=utcnow() - timedelta(1)))
        await redeem_invite(s, used.token, w.stranger)
    cases = [("NoSuchToken", NotFound, "invite_unknown"), (revoked.token, Invalid, "invite_revoked"),
             (expired.token, Invalid, "invite_expired"), (used.token, Invalid, "invite_used_up")]  # fmt: skip
    for token, kind, code in cases:
        async with transaction(db) as s:
            for call in (check_invite(s, token, newcomer), redeem_invite(s, token, newcomer)):
                with pytest.raises(kind) as caught:
                    await call
                assert caught.value.code == code
    async with db() as s:
        assert await s.scalar(select(Membership).where(Membership.person_id == newcomer.id)) is None
        redeemed = list(await s.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "invite.redeem")))
        assert redeemed == [w.stranger.id]


async def test_too_many_invites_are_refused(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        for _ in range(im.INVITE_LIMITS[0][1]):
            await im.invite(s, w.teacher_a, w.school_a.id, "student", uses=1, days=1)
    with pytest.raises(RateLimited) as caught:
        async with transaction(db) as s:
            await im.invite(s, w.teacher_a, w.school_a.id, "student", uses=1, days=1)
    assert caught.value.code == "rate_limited"
