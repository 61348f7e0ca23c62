"""The console chat (`vet2b chat`) as a newcomer meets it: the first-run screen, then /as to play the other roles.

Why: the console is the first thing a developer or a school's IT person runs; it must start where a stranger on
Telegram starts, and a second run must start new again (not as the newcomer of the previous run).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console import NEW_PERSON_ID, ConsoleChat, prepare_personas
from domain.catalogue import import_catalogue
from domain.models import Person
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
