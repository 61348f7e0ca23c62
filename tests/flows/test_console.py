"""The console chat (`vet2b chat`) as a newcomer meets it: the first-run screen, then /as to play the other roles.

Why: the console is the first thing a developer or a school's IT person runs; it must start where a stranger on
Telegram starts, and a second run must start new again (not as the newcomer of the previous run).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console import NEW_PERSON_ID, ConsoleChat, prepare_personas
from domain.catalogue import import_catalogue
from domain.models import Coordinator, Person
from domain.taxonomy import DATA_DIR, load_taxonomy
from tests.flows.helpers import make_services


async def _console(db: async_sessionmaker[AsyncSession], lines: list[str]) -> ConsoleChat:
    services = make_services(db)
    chat = ConsoleChat(services, await prepare_personas(services, "en"), write=lines.append)
    await chat.send("/start")
    return chat


async def test_console_starts_as_a_newcomer_and_switches_roles(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    lines: list[str] = []
    chat = await _console(db, lines)
    assert chat.current.key == "new"
    assert any("Who are you?" in line for line in lines), lines  # the first-run screen, not a role's menu
    await chat.send("#1")  # "I represent a company": a stranger's choice, pressed by number
    assert chat.current.key == "new"
    lines.clear()
    await chat.send("/as teacher")
    assert chat.current.key == "teacher"
    assert lines and "you are now teacher" in lines[0]

    # a second run: the newcomer of the first run is forgotten, the first-run screen shows again
    lines.clear()
    again = await _console(db, lines)
    assert again.current.key == "new"
    assert any("Who are you?" in line for line in lines), lines
    async with db() as session:
        assert await session.scalar(select(func.count()).where(Person.telegram_id == NEW_PERSON_ID)) == 1


async def test_every_demo_school_has_a_console_teacher_who_receives_its_enquiries(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Not only the first school: an enquiry to a Riga offer reaches /as teacher-riga, and no offer shows ⏳."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    lines: list[str] = []
    chat = await _console(db, lines)
    assert {"teacher-riga", "teacher-kaunas", "teacher-porto", "teacher-krakow"} <= set(chat.personas)
    await chat.send("/as company")
    lines.clear()
    await chat.send("/search website Latvia")
    shown = "\n".join(lines)
    assert "Rīga" in shown and "⏳" not in shown
    await chat.send("2")  # enquire about the second offer (Riga)
    for answer in ("5", "skip", "Can you start in January?", "yes"):
        await chat.send(answer)
    assert any("new message for teacher-riga" in line for line in lines), lines[-5:]
    lines.clear()
    await chat.send("/as teacher-riga")
    assert any("Can you start in January?" in line for line in lines), lines


async def test_the_personas_speak_the_language_of_this_run(db: async_sessionmaker[AsyncSession]) -> None:
    """A database used before with --lang lt kept its personas Lithuanian under --lang pt: a Porto teacher was
    answered in Lithuanian throughout (blind testers took it for the bot's)."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    services = make_services(db)
    await prepare_personas(services, "lt")
    personas = await prepare_personas(services, "pt")
    async with db() as session:
        ids = [p.telegram_id for p in personas.values()]
        spoken = set(await session.scalars(select(Person.language).where(Person.telegram_id.in_(ids))))
    assert spoken == {"pt"}


async def test_a_coordinator_persona_looks_after_the_first_schools_country(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Coordinators could not be tried in the console: no persona had the role. /as coordinator has it for the
    first school's country, and /verify lists that country's organisations, not "only coordinators"."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    lines: list[str] = []
    chat = await _console(db, lines)
    await chat.send("/as coordinator")
    lines.clear()
    await chat.send("/verify")
    shown = "\n".join(lines)
    assert "not verified yet" in shown or "is verified" in shown, shown
    again = await _console(db, [])  # a second run keeps one role, not a second one
    async with db() as session:
        person = await session.scalar(
            select(Person).where(Person.telegram_id == again.personas["coordinator"].telegram_id)
        )
        assert person is not None
        assert (
            await session.scalar(
                select(func.count()).select_from(Coordinator).where(Coordinator.person_id == person.id)
            )
            == 1
        )
