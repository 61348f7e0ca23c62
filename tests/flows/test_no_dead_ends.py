"""No dead ends, through the real router: an enquiry to a school nobody can answer for is refused (and its admin
told someone is waiting); a person in several buying organisations chooses which one asks and can change it;
an old "I represent a company" button and a second invite link check the person's roles and ask first.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.types import Reply
from domain import accounts
from domain.db import transaction
from domain.errors import Forbidden
from domain.invites import create_invite
from domain.models import Enquiry, Invite, Membership, Organisation, Person
from domain.search.service import SearchService
from tests.domain.factories import World, build_world, listing, member, org, person
from tests.flows.helpers import Chat, chat_for, delivered, outbox, text_of


async def _count(db: async_sessionmaker[AsyncSession], model: type) -> int:
    async with transaction(db) as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def _found(chat: Chat, words: str) -> list[Reply]:
    """Search as the person would (the index sees new listings at once) and return the replies."""
    chat.services.search = SearchService(refresh_interval=0)
    replies = await chat.send(words)
    assert chat.buttons(replies, "eq"), text_of(replies)
    return replies


# --- a school nobody has joined to answer for ---------------------------------------------------------------


async def test_enquiry_to_a_school_without_teachers_is_refused_and_its_admin_told(
    db: async_sessionmaker[AsyncSession],
) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        lonely = await org(s, "school", "Lonely Bakery School")
        principal = await person(s, "SECRET-PRINCIPAL")
        await member(s, principal, lonely, "admin")  # an admin, but no teacher yet
        offer = await listing(s, lonely, "Sourdough loaves")
        empty = await org(s, "school", "Empty Pastry School")
        nobody = await listing(s, empty, "Croissants")
    company = chat_for(db, w.owner_c)

    results = await _found(company, "sourdough loaves")
    refused = await company.press(company.button(results, "eq", offer.id))

    said = text_of(refused)
    assert "No teacher of this school has joined the bot yet, so nobody could answer your enquiry." in said
    assert "I have told the school that someone is waiting." in said and "Sent" not in said
    assert await _count(db, Enquiry) == 0
    told = await delivered(db, "school_waiting")
    assert list(told) == [principal.id]
    assert (
        "Someone wants to enquire about «Sourdough loaves», but no teacher of Lonely Bakery School"
        in (told[principal.id])
    )
    assert "Cafe Centras" not in told[principal.id] and "Owner C" not in told[principal.id]
    await company.press(company.button(results, "eq", offer.id))  # again the same day: the admin is not told twice
    assert len(await outbox(db, "school_waiting")) == 1

    results = await _found(company, "croissants")
    refused = await company.press(company.button(results, "eq", nobody.id))  # nobody at all to tell
    assert "nobody could answer" in text_of(refused) and "I have told the school" not in text_of(refused)
    assert len(await outbox(db, "school_waiting")) == 1


async def test_the_last_teacher_leaving_mid_enquiry_refuses_the_send(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    company = chat_for(db, w.owner_c)
    asked = await company.press(company.button(await _found(company, "birthday cakes"), "eq", w.listing_a.id))
    assert "How many do you need" in text_of(asked)
    for answer in ("20", "skip", "skip"):
        confirm = await company.send(answer)
    async with transaction(db) as s:
        await s.execute(delete(Membership).where(Membership.organisation_id == w.school_a.id,
                                                 Membership.role == "teacher"))  # fmt: skip

    refused = await company.press(company.button(confirm, "eqsend"))

    assert "nobody could answer" in text_of(refused) and "I have told the school" in text_of(refused)
    assert await _count(db, Enquiry) == 0
    assert list(await delivered(db, "school_waiting")) == [w.admin_a.id]


# --- several buying organisations ---------------------------------------------------------------------------


async def test_a_person_in_two_companies_chooses_which_asks_and_can_change_it(
    db: async_sessionmaker[AsyncSession],
) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        await member(s, await s.get_one(Person, w.owner_c.id), w.company_d, "member")
    company = chat_for(db, w.owner_c)

    asked = await company.press(company.button(await _found(company, "birthday cakes"), "eq", w.listing_a.id))
    assert "Which organisation is asking?" in text_of(asked)
    assert [b.label for b in company.buttons(asked, "eqo")] == ["🏢 Cafe Centras", "🏢 Other Ltd"]
    assert "How many" in text_of(await company.send("the second one"))
    for answer in ("20", "skip"):
        await company.send(answer)
    confirm = await company.send("skip")
    assert "From: Other Ltd" in text_of(confirm)

    again = await company.press(company.button(confirm, "eqc"))
    confirm = await company.send("Cafe Centras")  # the organisation's name works as well as its number
    assert "From: Cafe Centras" in text_of(confirm) and "Quantity: 20" in text_of(confirm)
    assert company.buttons(again, "eqo")
    await company.send("yes")

    async with transaction(db) as s:
        sent = list(await s.scalars(select(Enquiry)))
    assert [(e.from_organisation_id, e.quantity) for e in sent] == [(w.company_c.id, 20)]
    # the choice is remembered: the next enquiry does not ask, and says who asks
    asked = await company.press(company.button(await _found(company, "birthday cakes"), "eq", w.listing_a.id))
    assert "How many" in text_of(asked) and not company.buttons(asked, "eqo")
    for answer in ("5", "skip"):
        await company.send(answer)
    assert "From: Cafe Centras" in text_of(await company.send("skip"))


# --- buttons and links that would change a role -------------------------------------------------------------


async def test_a_student_cannot_register_a_company_by_an_old_button(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    student = chat_for(db, w.student_a1)
    old_button = student.services.signer.sign(student.user_id, "role", "company")  # from a menu before they joined
    companies = await _count(db, Organisation)

    refused = await student.press_data(old_button)
    confirmed = await student.press_data(student.services.signer.sign(student.user_id, "rc"))
    typed = await student.send("Sneaky Ltd")

    assert "Students cannot register a company. Ask your teacher." in text_of(refused)
    assert "Students cannot register a company" in text_of(confirmed)
    assert "is set up" not in text_of(typed)
    assert await _count(db, Organisation) == companies
    async with transaction(db) as s:
        assert [m.role for m in await accounts.memberships(s, w.student_a1.id)] == ["student"]
        with pytest.raises(Forbidden):  # and the service refuses it whoever calls it
            await accounts.create_company(s, w.student_a1, "Sneaky Ltd", "LT", "Vilnius")


async def test_a_teacher_is_asked_before_registering_a_company_too(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    teacher = chat_for(db, w.teacher_a)
    old_button = teacher.services.signer.sign(teacher.user_id, "role", "company")

    asked = await teacher.press_data(old_button)
    assert "You are already in Vilnius VET school. Register another company? You keep your current roles." in (
        text_of(asked)
    )
    await teacher.send("no")
    assert "What is the name" in text_of(await teacher.press_data(old_button) + await teacher.send("yes"))
    for answer in ("Teacher's Bakery", "LT", "Kaunas"):
        await teacher.send(answer)

    async with transaction(db) as s:
        roles = {(m.name, m.role) for m in await accounts.memberships(s, w.teacher_a.id)}
    assert roles == {("Vilnius VET school", "teacher"), ("Teacher's Bakery", "admin")}


async def _invite(db: async_sessionmaker[AsyncSession], w: World, role: str) -> str:
    async with transaction(db) as s:
        school = await s.get_one(Organisation, w.school_a.id)
        return (await create_invite(s, school.slug, role, uses=5)).token


async def _uses_left(db: async_sessionmaker[AsyncSession], token: str) -> int:
    async with transaction(db) as s:
        return int(await s.scalar(select(Invite.uses_left).where(Invite.token == token)) or 0)


async def _roles(db: async_sessionmaker[AsyncSession], who: Person) -> list[str]:
    async with transaction(db) as s:
        return [m.role for m in await accounts.memberships(s, who.id)]


@pytest.mark.parametrize(("language", "no", "yes"), [("en", "no", "yes"), ("lt", "ne", "taip"), ("ru", "нет", "да")])
async def test_a_second_invite_asks_before_a_teacher_becomes_a_student(
    db: async_sessionmaker[AsyncSession], language: str, no: str, yes: str
) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        (await s.get_one(Person, w.teacher_a.id)).language = language
    token = await _invite(db, w, "student")
    teacher = chat_for(db, w.teacher_a)

    asked = await teacher.send(f"/start {token}")
    assert teacher.buttons(asked, "iv"), text_of(asked)
    await teacher.send(no)
    assert await _roles(db, w.teacher_a) == ["teacher"] and await _uses_left(db, token) == 5

    await teacher.send(f"/start {token}")
    await teacher.send(yes)
    assert await _roles(db, w.teacher_a) == ["student"] and await _uses_left(db, token) == 4


async def test_the_same_role_again_changes_nothing_and_uses_no_invite(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    token = await _invite(db, w, "teacher")
    teacher = chat_for(db, w.teacher_a)

    said = await teacher.send(f"/start {token}")

    assert "Nothing to change: you are already in Vilnius VET school with this role." in text_of(said)
    assert "You are in Vilnius VET school as: teacher. This invite is for: student." not in text_of(said)
    assert await _roles(db, w.teacher_a) == ["teacher"] and await _uses_left(db, token) == 5
    asked = await teacher.send(f"/start {await _invite(db, w, 'student')}")
    assert "You are in Vilnius VET school as: teacher. This invite is for: student. Change your role?" in (
        text_of(asked)
    )
