"""The /invite dialogue through the real router (no Telegram): the corners the end-to-end tests leave out —
staff of two schools, typed answers out of range, an expiry given as a date, leaving half-way, a search
that only looks like an invitation, and a student who asks to invite."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.invites import create_invite
from domain.models import Invite
from domain.timeutil import as_utc, utcnow
from tests.domain.factories import org
from tests.flows.helpers import Chat, make_services, text_of

_users = iter(range(930_000_001, 940_000_000))


async def _member(db: async_sessionmaker[AsyncSession], chat: Chat, slug: str, role: str) -> None:
    async with transaction(db) as s:
        token = (await create_invite(s, slug, role)).token
    assert "You joined" in text_of(await chat.send(f"/start {token}"))


async def _invites(db: async_sessionmaker[AsyncSession]) -> list[Invite]:
    async with db() as s:
        return list(await s.scalars(select(Invite).where(Invite.created_by_id.is_not(None)).order_by(Invite.id)))


async def test_teacher_of_two_schools_chooses_one(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        north, south = await org(s, "school", "North VET"), await org(s, "school", "South VET")
    teacher = Chat(make_services(db), next(_users))
    await _member(db, teacher, north.slug, "teacher")
    await _member(db, teacher, south.slug, "admin")

    replies = await teacher.send("/invite")
    assert "To which school do you want to invite?" in text_of(replies)
    assert [b.label for b in teacher.buttons(replies, "ivs")] == ["North VET", "South VET"]
    replies = await teacher.send("2")  # typed: the second school, where they are admin → whom?
    assert "Whom do you want to invite to South VET?" in text_of(replies)
    replies = await teacher.send("a teacher")
    assert "How many teachers" in text_of(replies)
    assert "Please type a number from 1 to 1,000." in text_of(await teacher.send("5000"))
    await teacher.send("2")
    assert "or a date" in text_of(await teacher.send("400 days"))  # more than a year: asked again
    replies = await teacher.send(f"until {(utcnow() + timedelta(days=10)).date().isoformat()}")
    assert "✅ The invite is ready." in text_of(replies)
    assert replies[-1].photo is not None and replies[-1].photo[1].startswith(b"\x89PNG")
    [made] = await _invites(db)
    assert (made.organisation_id, made.role, made.uses_left) == (south.id, "teacher", 2)
    assert timedelta(days=9) < as_utc(made.expires_at) - utcnow() <= timedelta(days=10)

    # at North, where they teach, "invite a teacher" is refused; a student invite is not
    await teacher.send("/invite")
    await teacher.press(teacher.button(teacher.received, "ivn"))
    replies = await teacher.send("1")
    assert "Whom do you want to invite to North VET?" not in text_of(replies)
    assert "How many students" in text_of(replies)


async def test_leaving_half_way_and_lookalikes(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        school = await org(s, "school", "Kauno VET")
    teacher, student = Chat(make_services(db), next(_users)), Chat(make_services(db), next(_users))
    await _member(db, teacher, school.slug, "teacher")
    await _member(db, student, school.slug, "student")
    await student.send("no")  # easy-read? no

    assert "How many students" in text_of(await teacher.send("invite a student"))
    assert "Cancelled." in text_of(await teacher.send("cancel"))
    assert await _invites(db) == []
    assert "How many students" in text_of(await teacher.send("pakviesti mokinį"))
    await teacher.send("skip")  # the usual number: 30
    await teacher.send("skip")  # the usual time: 7 days
    [made] = await _invites(db)
    assert made.uses_left == 30 and timedelta(days=6) < as_utc(made.expires_at) - utcnow() <= timedelta(days=7)

    replies = await teacher.send("wedding invitations")  # a search, not the list of invites
    assert "Your open invites" not in text_of(replies)
    replies = await student.send("invite a student")
    assert "Only school administrators and teachers can invite people." in text_of(replies)
    assert "Only school administrators and teachers can invite people." in text_of(await student.send("/invite"))
    assert len(await _invites(db)) == 1
