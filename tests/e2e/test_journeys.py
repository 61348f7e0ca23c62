"""The whole journey on Telegram, in four languages: company searches → enquiry → teacher replies → company
replies → teacher accepts and creates 2 tasks → both students notified → students done → company rates.

Real PTB Application, real flows, services and database, the outbox sender delivering notifications;
only Telegram itself is replaced by a fake server on loopback that enforces Telegram's limits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.invites import create_invite
from domain.models import Listing, Order, Review
from domain.search.service import SearchQuery, SearchService
from domain.taxonomy import DATA_DIR, load_taxonomy
from tests.e2e.harness import Person, plain, running_bot
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord


@dataclass(frozen=True)
class Script:
    language: str
    need: str
    quantity: str
    company: str
    country: str
    city: str
    teacher_says: str
    company_says: str
    task_titles: tuple[str, str]


SCRIPTS = [
    Script("en", "birthday cakes for our office party", "20", "Bright Office Ltd", "LV", "Riga",
           "Hello! Which flavours would you like?", "Chocolate and vanilla, please.", ("Bake sponges", "Decorate")),
    Script("lt", "reikia tortų gimtadieniui", "15", "UAB Šventės", "LT", "Kaunas",
           "Sveiki! Kokio skonio tortų norite?", "Šokoladinių, ačiū.", ("Iškepti biskvitą", "Papuošti")),
    Script("ru", "нужен сайт для нашей фирмы", "1", "ООО Даугава", "Латвия", "Daugavpils",
           "Здравствуйте! Сколько страниц нужно?", "Пять страниц, на русском и латышском.", ("Макет", "Вёрстка")),
    Script("pt", "preciso de 200 pasteis de nata ate sexta", "200", "Padaria Aurora", "Portugal", "Porto",
           "Olá! Podemos fazer até sexta.", "Ótimo, obrigado!", ("Massa folhada", "Recheio e forno")),
]  # fmt: skip


async def _school_for(factory: async_sessionmaker[AsyncSession], script: Script) -> tuple[str, int]:
    """The school whose offer comes first for this need: its staff must be the ones who answer."""
    async with factory() as session:
        page = await SearchService().search(session, SearchQuery(text=script.need, language=script.language))
        assert page.hits, f"the demo catalogue has nothing for {script.need!r}"
        school = page.hits[0].organisation_slug
        listing = await session.scalar(select(Listing.organisation_id).where(Listing.id == page.hits[0].listing_id))
    assert listing is not None
    return school, listing


async def _invite(factory: async_sessionmaker[AsyncSession], school: str, role: str) -> str:
    async with transaction(factory) as session:
        return (await create_invite(session, school, role, uses=1, days=1)).token


def _has_ticked(count: int, record: MessageRecord) -> bool:
    return sum(1 for text, _ in FakeTelegram.buttons(record) if text.startswith("☑")) == count


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.language for s in SCRIPTS])
async def test_full_journey(db: async_sessionmaker[AsyncSession], script: Script) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    school, _school_id = await _school_for(db, script)
    async with running_bot(db) as (server, _services):
        company, teacher = Person(server, 1001, "SECRET-COMPANY-NAME"), Person(server, 2001, "SECRET-TEACHER-NAME")
        students = [Person(server, 3001, "SECRET-STUDENT-A"), Person(server, 3002, "SECRET-STUDENT-B")]
        for person in (company, teacher, *students):
            server.add_user(
                person.user_id, person.name, username=f"user{person.user_id}", language_code=script.language
            )

        # staff join with invite links
        await teacher.send(f"/start {await _invite(db, school, 'teacher')}")
        await teacher.wait_button("📨")
        for student in students:
            await student.send(f"/start {await _invite(db, school, 'student')}")
            await student.press_at(await student.wait_button("👓"), 1)  # "No, thanks": no easy-read this time
            await student.wait()

        # the company owner introduces their company and describes the need
        await company.send("/start")
        await company.press(await company.wait_button("🏢"), "🏢")
        await company.wait()
        await company.send(script.company)
        await company.wait()
        await company.send(
            "LV" if script.language in ("ru",) else {"en": "LV", "lt": "LT", "pt": "PT"}[script.language]
        )
        await company.wait()
        await company.send(script.city)
        await company.wait()
        await company.send(script.need)
        results = await company.wait_button("✉️")

        # enquiry wizard: quantity, date (skip), message, send
        await company.press(results, "✉️")
        await company.wait()
        await company.send(script.quantity)
        await company.press(await company.wait_button("⏭"), "⏭")
        await company.press(await company.wait_button("⏭"), "⏭")
        await company.press(await company.wait_button("📨"), "📨")
        await company.wait()

        # the teacher is notified, replies; the company replies back; both through the bot
        notice = await teacher.wait_button("✅")
        await teacher.press(notice, "↩️")
        await teacher.wait()
        await teacher.send(script.teacher_says)
        relayed = await company.wait_text(script.teacher_says)
        await company.press(relayed, "↩️")
        await company.wait()
        await company.send(script.company_says)
        relayed_back = await teacher.wait_text(script.company_says)

        # accept → order → two tasks, each assigned to both students
        await teacher.press(notice, "✅")
        add_task = await teacher.wait_button("➕")
        inboxes = {student.user_id: student.mark() for student in students}
        for title in script.task_titles:
            await teacher.press(add_task, "➕")
            await teacher.wait()
            await teacher.send(title)
            await teacher.press(await teacher.wait_button("⏭"), "⏭")  # no due date
            picker = await teacher.wait_button("☐")
            for picked in range(1, len(students) + 1):
                await teacher.press(picker, "☐")
                picker = await teacher.wait(functools.partial(_has_ticked, picked))
            await teacher.press(picker, "✅")
            add_task = await teacher.wait_button("➕")

        # both students are told about both tasks and finish them
        for student in students:
            for title in script.task_titles:
                task = await student.wait_text(title, after=inboxes[student.user_id])
                await student.press(task, "🏁")
                confirm = await student.wait_button("✅")
                await student.press(confirm, "✅")
                await student.wait()

        # the teacher completes the order; the company rates it
        await teacher.send("/orders")
        orders = await teacher.wait_button("🧰")
        await teacher.press(orders, "🧰")
        await teacher.press(await teacher.wait_button("✔"), "✔")
        await teacher.press(await teacher.wait_button("✔"), "✔")
        rating = await company.wait_button("⭐")
        await company.press(rating, "5")
        await company.press(await company.wait_button("⏭"), "⏭")
        await company.wait()

        assert relayed_back is not None
        # nobody ever saw the other side's Telegram name, username or id
        for person, others in ((company, (teacher, *students)), (teacher, (company,))):
            seen = person.everything_received()
            for other in others:
                assert other.name not in seen and f"user{other.user_id}" not in seen and str(other.user_id) not in seen
        assert "SECRET-STUDENT" not in company.everything_received()
        assert plain(relayed).count(script.teacher_says) == 1

    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Order).where(Order.status == "completed")) == 1
        review = await session.scalar(select(Review))
        assert review is not None and review.rating == 5
