"""Every journey finished by typing alone, in all seven languages: no button is ever pressed.

The messages (tests/e2e/typed_journeys.yml) were written by someone who never saw the code, in casual
Telegram style with missing diacritics and typos. Real PTB Application, real flows, services, database,
outbox sender and the real Rasa server; only Telegram is the fake server on loopback. Each step asserts an
outcome a person would notice: what was stored, what the other party received.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.invites import create_invite
from domain.models import (
    ConversationState,
    Enquiry,
    Listing,
    Order,
    Organisation,
    OutboxMessage,
    Person,
    RelayMessage,
    Review,
    Task,
    TaskAssignment,
)
from domain.taxonomy import DATA_DIR, load_taxonomy
from nlu.normalise.dates import resolve_date
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import all_delivered, plain, running_bot
from tests.rasa_fixtures import RasaServer

pytestmark = [pytest.mark.rasa, pytest.mark.slow]
JOURNEYS: dict[str, dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "typed_journeys.yml").read_text())
T = TypeVar("T")
SETTLE_S = 0.3  # a turn's replies are sent one after another: let the last one land
POLL_S = 20.0


async def eventually(factory: async_sessionmaker[AsyncSession], query: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """The query's value once it is truthy (the bot commits before it answers, the outbox a bit later)."""
    deadline = asyncio.get_running_loop().time() + POLL_S
    while True:
        async with factory() as session:
            value = await query(session)
        if value or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(0.1)


async def say(person: Chatter, text: str) -> str:
    """Type ``text``; the bot's answer (all messages of the turn), as plain text."""
    mark = person.mark()
    await person.send(text)
    await person.wait(after=mark)
    await asyncio.sleep(SETTLE_S)
    return "\n".join(plain(r) for r in person.server.events(person.user_id)[mark:])


async def _person(session: AsyncSession, telegram_id: int) -> Person:
    found = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def _memory(session: AsyncSession, telegram_id: int) -> dict[str, Any]:
    person = await _person(session, telegram_id)
    state = await session.get(ConversationState, person.id)
    return dict((state.data or {}).get("memory") or {}) if state else {}


async def _invite(factory: async_sessionmaker[AsyncSession], school_id: int, role: str) -> str:
    async with transaction(factory) as session:
        slug = await session.scalar(select(Organisation.slug).where(Organisation.id == school_id))
        assert slug is not None
        return (await create_invite(session, slug, role, uses=1, days=1)).token


@pytest.mark.parametrize("language", sorted(JOURNEYS))
async def test_typed_journey(db: async_sessionmaker[AsyncSession], rasa_server: RasaServer, language: str) -> None:
    j = JOURNEYS[language]
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    async with running_bot(db, nlu_url=rasa_server.url, nlu_token=rasa_server.token) as (server, _services):
        company, teacher = Chatter(server, 1001, "SECRET-COMPANY"), Chatter(server, 2001, "SECRET-TEACHER")
        students = [Chatter(server, 3001, "SECRET-STUDENT-A"), Chatter(server, 3002, "SECRET-STUDENT-B")]
        for who in (company, teacher, *students):
            server.add_user(who.user_id, who.name, username=f"user{who.user_id}", language_code=language)

        # --- a company owner finds birthday cakes and narrows the price, in words ---------------------------
        await say(company, "/start")
        assert "1." in await say(company, j["need"]), "no results for the need"
        await say(company, j["refine_price"])
        search = (await eventually(db, lambda s: _memory(s, company.user_id)))["search"]
        assert search.get("max_price") and float(search["max_price"]) <= 500, f"price cap not applied: {search}"
        assert search["shown"], "nothing left after the price cap"

        # the school of the first offer shown gets a teacher and two students (invite links are typed too)
        async with db() as session:
            school_id = await session.scalar(select(Listing.organisation_id).where(Listing.id == search["shown"][0]))
        assert school_id is not None
        await say(teacher, f"/start {await _invite(db, school_id, 'teacher')}")
        for student in students:
            await say(student, f"/start {await _invite(db, school_id, 'student')}")
            await say(student, "no")  # easy-read? no, thanks

        # --- choose the first, introduce the company, enquire: all typed ---------------------------------------
        await say(company, j["choose"])
        await say(company, j["company_name"])
        await say(company, j["country"])
        await say(company, j["city"])
        await say(company, j["quantity"])
        await say(company, j["date"])
        await say(company, j["message"])
        teacher_mark = teacher.mark()
        await say(company, j["confirm"])
        enquiry = await eventually(db, lambda s: s.scalar(select(Enquiry)))
        friday = resolve_date(j["date"], language, datetime.now(UTC))
        assert enquiry is not None, "the enquiry was not sent"
        assert (enquiry.quantity, enquiry.needed_by) == (j["quantity_value"], friday)
        assert enquiry.listing_id == search["shown"][0]
        assert j["message"][:10] in enquiry.message

        # --- the teacher hears of it and answers in words; the company answers back ----------------------------
        await teacher.wait(after=teacher_mark)
        company_mark = company.mark()
        await say(teacher, j["teacher_reply"])
        relayed = await company.wait_text(j["teacher_reply"][:12], after=company_mark)
        assert relayed is not None
        teacher_mark = teacher.mark()
        await say(company, j["company_reply"])
        await teacher.wait_text(j["company_reply"][:10], after=teacher_mark)
        assert await eventually(db, lambda s: s.scalar(select(func.count()).select_from(RelayMessage))) == 2

        # --- accept, a task in words for both students ---------------------------------------------------------
        await say(teacher, j["teacher_accept"])
        order = await eventually(db, lambda s: s.scalar(select(Order)))
        assert order is not None and order.status == "in_progress", "the order was not accepted"
        inboxes = {student.user_id: student.mark() for student in students}
        await say(teacher, j["teacher_task"])
        await say(teacher, j["teacher_assign_all"])
        assigned = await eventually(db, lambda s: s.scalar(select(func.count()).select_from(TaskAssignment)))
        assert assigned == 2, "the task did not reach both students"
        for student in students:
            await student.wait(after=inboxes[student.user_id])

        # --- a student: got it → a question → the teacher's typed answer → done --------------------------------
        student = students[0]
        await say(student, j["student_ack"])
        first_status = select(TaskAssignment.status).order_by(TaskAssignment.id).limit(1)
        status = await eventually(db, lambda s: s.scalar(first_status.where(TaskAssignment.status == "acknowledged")))
        assert status == "acknowledged", "'got it' did not acknowledge the task"
        teacher_mark = teacher.mark()
        await say(student, j["student_question"])
        await teacher.wait_text(j["student_question"][:12], after=teacher_mark)
        await all_delivered(db)  # the sender records the delivery just after Telegram answers: read, then type
        student_mark = student.mark()
        await say(teacher, j["teacher_answer"])
        await student.wait_text(j["teacher_answer"][:10], after=student_mark)
        await say(student, j["student_done"])
        await say(student, j["student_done_confirm"])
        status = await eventually(db, lambda s: s.scalar(first_status.where(TaskAssignment.status == "done")))
        assert status == "done", "the student could not report the task done"

        # --- the teacher completes the order; the company sees its enquiries and rates in words -----------------
        company_mark = company.mark()
        await say(teacher, j["teacher_complete"])
        await say(teacher, j["teacher_confirm"])
        completed = await eventually(db, lambda s: s.scalar(select(Order.status).where(Order.status == "completed")))
        assert completed, "the order was not completed"
        await company.wait(after=company_mark)
        assert f"#{enquiry.id}" in await say(company, j["my_enquiries"])
        await say(company, j["rating"])
        review = await eventually(db, lambda s: s.scalar(select(Review)))
        assert review is not None and review.rating == j["rating_value"] and review.comment

        # --- cancel in words in the middle of an enquiry: nothing is sent --------------------------------------
        await say(company, j["need"])
        await say(company, j["choose"])
        await say(company, j["cancel"])
        async with db() as session:
            state = await session.get(ConversationState, (await _person(session, company.user_id)).id)
            assert state is None or state.flow is None, "cancel in words did not leave the enquiry"
            assert await session.scalar(select(func.count()).select_from(Enquiry)) == 1

        # --- the other student: English from now on, then their data erased -----------------------------------
        other = students[1]
        await say(other, j["language_switch"])
        async with db() as session:
            assert (await _person(session, other.user_id)).language == "en", "the language did not switch"
        await say(other, j["delete_me"])
        await say(other, j["delete_confirm"])
        async with db() as session:
            gone = await session.scalar(
                select(func.count()).select_from(Person).where(Person.telegram_id == other.user_id)
            )
            assert gone == 0, "the student's data was not erased"

        # nobody saw another party's Telegram identity
        for person, others in ((company, (teacher, *students)), (teacher, (company,))):
            seen = person.everything_received()
            for someone in others:
                assert someone.name not in seen and f"user{someone.user_id}" not in seen
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Task)) == 1
        assert (await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0) > 0
