"""The rules behind "no dead ends", in the domain: an enquiry needs a teacher who can answer; a role is never
changed without the person's consent; students do not set up companies."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, enquiries
from domain.db import transaction
from domain.errors import Forbidden, Invalid
from domain.invites import check_invite, create_invite, redeem_invite
from domain.models import Invite, Membership, Organisation
from domain.timeutil import utcnow
from tests.domain.factories import World, outbox_rows, snapshot


async def test_no_enquiry_without_a_reachable_teacher(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        await s.execute(delete(Membership).where(Membership.person_id == w.teacher_a.id))
    before = await snapshot(db)
    async with transaction(db) as s:
        with pytest.raises(Invalid) as caught:
            await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
    assert caught.value.code == "school_unstaffed" and await snapshot(db) == before
    async with transaction(db) as s:
        reach = await enquiries.school_can_answer(s, w.owner_c, w.listing_a.id)
        assert reach == enquiries.SchoolReach(can_answer=False, admins_told=1)
        assert (await enquiries.school_can_answer(s, w.member_c, w.listing_a.id)).admins_told == 1
    rows = await outbox_rows(db, "school_waiting")
    assert [(r.recipient_id, r.payload) for r in rows] == [(w.admin_a.id, {"listing_id": w.listing_a.id})]
    assert rows[0].dedupe_key == f"school_waiting:{w.listing_a.id}:{w.admin_a.id}:{utcnow().date().isoformat()}"


async def test_a_role_changes_only_when_the_person_agrees(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        slug = (await s.get_one(Organisation, w.school_a.id)).slug
        token = (await create_invite(s, slug, "student", uses=3)).token
        check = await check_invite(s, token, w.teacher_a)
    assert (check.current_role, check.role, check.changes_role) == ("teacher", "student", True)
    async with transaction(db) as s:
        with pytest.raises(Invalid) as caught:
            await redeem_invite(s, token, w.teacher_a)
    assert caught.value.code == "role_change_unconfirmed"
    async with transaction(db) as s:
        assert (await redeem_invite(s, token, w.student_a2)).role == "student"  # the same role: nothing used
        assert (await redeem_invite(s, token, w.teacher_a, change_role=True)).role == "student"
        assert [m.role for m in await accounts.memberships(s, w.teacher_a.id)] == ["student"]
    async with transaction(db) as s:  # of three uses, only the teacher's change used one
        assert await s.scalar(select(Invite.uses_left).where(Invite.token == token)) == 2


async def test_students_cannot_set_up_a_company(db: async_sessionmaker[AsyncSession], world: World) -> None:
    async with transaction(db) as s:
        with pytest.raises(Forbidden) as caught:
            await accounts.create_company(s, world.student_a1, "Student Startup", "LT", "Vilnius")
    assert caught.value.code == "students_cannot_register"
    async with transaction(db) as s:  # a teacher may (a second hat), and so may someone with no organisation
        assert (await accounts.create_company(s, world.teacher_a, "Side Bakery", "LT", "Vilnius")).role == "admin"
        assert (await accounts.create_company(s, world.stranger, "New Cafe", "LT", "Vilnius")).role == "admin"
