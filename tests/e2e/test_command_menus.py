"""Each role sees its own command menu in its own language; companies never see teacher or student commands;
the bot describes itself in every language.

Read from what the bot told the local Bot API server (setMyCommands per scope and language, setMyDescription,
setMyShortDescription).
"""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import translator
from bot.telegram_menus import DESCRIPTION, SHORT_DESCRIPTION
from domain.catalogue import import_catalogue
from domain.coordinators import create_coordinator_invite
from domain.db import transaction
from domain.invites import create_invite
from domain.taxonomy import DATA_DIR, LANGUAGES, load_taxonomy
from tests.e2e.harness import Person, running_bot
from tests.fake_telegram import FakeTelegram

Factory = async_sessionmaker[AsyncSession]
STAFF_ONLY = {"offer", "listings", "orders"}
COORDINATOR_ONLY = {"reports", "verify", "audit"}
COMPANY, TEACHER, STUDENT, COORDINATOR = 1001, 2001, 3001, 4001
SCHOOL = "kauno-maisto-svetingumo-centras"
SCRIPT = {  # what a company owner types to register, per language
    "lt": ("UAB Šventės", "LT", "Kaunas"),
    "en": ("Bright Office Ltd", "LV", "Riga"),
    "ru": ("ООО Даугава", "LV", "Daugavpils"),
}


def _scope(chat_id: int | None) -> str:
    return json.dumps({"type": "chat", "chat_id": chat_id} if chat_id else {"type": "default"}, sort_keys=True)


async def _menu(server: FakeTelegram, chat_id: int) -> dict[str, str]:
    """The chat's menu once the bot has set it (it does so right after handling the update)."""
    for _ in range(100):
        commands = server.commands.get((_scope(chat_id), ""))
        if commands:
            return {c["command"]: c["description"] for c in commands}
        await asyncio.sleep(0.1)
    raise AssertionError(f"no command menu for chat {chat_id}: {list(server.commands)}")


async def _invite(db: Factory, role: str) -> str:
    async with transaction(db) as session:
        return (await create_invite(session, SCHOOL, role, uses=1, days=1)).token


@pytest.mark.parametrize("language", list(SCRIPT))
async def test_each_role_sees_its_own_commands_in_its_language(db: Factory, language: str) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    tr = translator(language)
    async with running_bot(db) as (server, _services):
        for user_id in (COMPANY, TEACHER, STUDENT, COORDINATOR):
            server.add_user(user_id, f"U{user_id}", language_code=language)
        company, teacher, student, coordinator = (Person(server, u, f"U{u}")
                                                  for u in (COMPANY, TEACHER, STUDENT, COORDINATOR))  # fmt: skip

        await company.send("/start")
        await company.press(await company.wait_button("🏢"), "🏢")
        for answer in SCRIPT[language]:
            await company.wait()
            await company.send(answer)
        await teacher.send(f"/start {await _invite(db, 'teacher')}")
        await student.send(f"/start {await _invite(db, 'student')}")
        async with transaction(db) as session:
            await coordinator.send(f"/start {(await create_coordinator_invite(session, 'LV')).token}")

        menus = {role: await _menu(server, chat) for role, chat in
                 (("company", COMPANY), ("school staff", TEACHER), ("student", STUDENT),
                  ("coordinator", COORDINATOR))}  # fmt: skip
        defaults = {lang: [c["command"] for c in server.commands[(_scope(None), "" if lang == "en" else lang)]]
                    for lang in LANGUAGES}  # fmt: skip
        descriptions = {field: dict(texts) for field, texts in server.bot_texts.items()}

    for role, commands in menus.items():
        print(f"\n[{language}] {role}: " + ", ".join(f"/{name} — {text}" for name, text in commands.items()))
    assert "enquiries" in menus["company"] and not (STAFF_ONLY | {"tasks"}) & menus["company"].keys()
    assert STAFF_ONLY | {"enquiries"} <= menus["school staff"].keys() and "tasks" not in menus["school staff"]
    assert "tasks" in menus["student"] and not (STAFF_ONLY | {"enquiries"}) & menus["student"].keys()
    coordinating = menus["coordinator"].keys()
    assert coordinating >= COORDINATOR_ONLY and not (STAFF_ONLY | {"tasks"}) & coordinating
    assert not any(COORDINATOR_ONLY & menus[role].keys() for role in ("company", "school staff", "student"))
    assert menus["coordinator"]["reports"] == tr._("Reported offers (coordinators)")
    for commands in menus.values():  # in the person's language
        assert commands["search"] == tr._("Find offers") and commands["help"] == tr._("How this works")
    if language != "en":
        assert menus["company"]["search"] != "Find offers"
    for lang, names in defaults.items():  # before a role is known: only what everyone can use
        assert "search" in names and not (STAFF_ONLY | COORDINATOR_ONLY | {"tasks", "enquiries"}) & set(names), lang
    code = "" if language == "en" else language
    assert descriptions["description"][code] == tr._(DESCRIPTION)  # "What can this bot do?", in their language
    assert descriptions["short_description"][code] == tr._(SHORT_DESCRIPTION)
    assert len(descriptions["description"]) == len(descriptions["short_description"]) == len(LANGUAGES)
