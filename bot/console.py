"""The console chat (`vet2b chat`): the same flows as Telegram, in a terminal, with persona switching.

One person can play the whole journey: it starts as someone *new* (the first-run screen a stranger
sees on Telegram), and `/as` switches to a company owner, a teacher, two students of the demo
catalogue or a coordinator of its first school's country. Notifications to other personas are delivered
from the outbox and kept in that persona's inbox; `/as teacher` switches and shows them, and their buttons
can be pressed by number.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

import bot.flows  # noqa: F401  (registers the flows)
from bot.core import router
from bot.core.files import FileTooBig, FileUnavailable
from bot.core.turn import Services
from bot.core.types import Button, Incoming, IncomingFile, Reply
from bot.notifications import NotificationRenderer
from domain import accounts, alerts, outbox, task_reminders
from domain.coordinators import coordinator_scope, create_coordinator_invite, redeem_coordinator_invite
from domain.db import transaction
from domain.invites import create_invite, redeem_invite
from domain.models import Organisation, OrgKind, Person
from nlu.normalise._text import fold

TAG = re.compile(r"<[^>]+>")
BOLD = re.compile(r"</?(b|strong)>")


@dataclass
class Persona:
    key: str
    telegram_id: int
    name: str
    language: str
    description: str = ""
    last_buttons: list[Button] = field(default_factory=list)
    inbox: list[Reply] = field(default_factory=list)


class LocalFiles:
    """Files of the console chat: ``/photo PATH`` sends the picture at PATH on this machine."""

    async def fetch(self, file: IncomingFile, max_bytes: int) -> bytes:
        path = Path(file.file_id)
        try:
            if path.stat().st_size > max_bytes:  # refused before it is read, as Telegram's are
                raise FileTooBig(path.stat().st_size)
            data = path.read_bytes()
        except OSError as exc:
            raise FileUnavailable(str(exc)) from exc
        if len(data) > max_bytes:
            raise FileTooBig(len(data))
        return data


def to_terminal(text: str, *, colour: bool) -> str:
    """Telegram HTML as terminal text: bold stays bold (when colour is on), other tags go, entities unescape."""
    if colour:
        text = BOLD.sub(lambda m: "\033[0m" if m.group(0).startswith("</") else "\033[1m", text)
    return html.unescape(TAG.sub("", text))


async def _join(services: Services, persona: Persona, org: Organisation, role: str) -> None:
    async with transaction(services.factory) as session:
        person, _ = await accounts.get_or_create_person(session, persona.telegram_id, persona.language)
        if person.language != persona.language:  # --lang is the personas' language, also in a database used before
            await accounts.set_language(session, person, persona.language)
        roles = {m.organisation_id: m.role for m in await accounts.memberships(session, person.id)}
        if roles.get(org.id) != role:
            invite = await create_invite(session, org.slug, role, uses=1, days=1)
            await redeem_invite(session, invite.token, person, change_role=True)  # the persona is set up as asked
        if person.consent_at is None:
            await accounts.give_consent(session, person, persona.name)


async def _coordinate(services: Services, persona: Persona, country: str) -> None:
    """Make the persona a coordinator of the first school's country, as a coordinator invite link would."""
    async with transaction(services.factory) as session:
        person, _ = await accounts.get_or_create_person(session, persona.telegram_id, persona.language)
        if person.language != persona.language:
            await accounts.set_language(session, person, persona.language)
        if await coordinator_scope(session, person.id) is None:
            invite = await create_coordinator_invite(session, country, uses=1, days=1)
            await redeem_coordinator_invite(session, invite.token, person)
        if person.consent_at is None:
            await accounts.give_consent(session, person, persona.name)


NEW_PERSON_ID = 900_000_000  # the console's stranger; erased at every start so the first-run screen shows


async def _forget(services: Services, telegram_id: int) -> None:
    """Erase the console's stranger from an earlier run (as /deleteme would), so each run starts new."""
    async with transaction(services.factory) as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        if person is not None:
            await accounts.erase_person(session, person)


TEACHERS_FROM = 900_000_100  # the console teachers of the other demo schools: this id plus the school's place


async def prepare_personas(services: Services, language: str) -> dict[str, Persona]:
    """A new person, members of the demo catalogue's first company and of its first school, and a teacher at
    every other school (``teacher-kaunas``…): enquiries to any demo offer are answered, none is marked ⏳."""
    async with services.factory() as session:
        company = await session.scalar(
            select(Organisation).where(Organisation.kind == OrgKind.company.value).order_by(Organisation.id)
        )
        schools = list(
            await session.scalars(
                select(Organisation).where(Organisation.kind == OrgKind.school.value).order_by(Organisation.id)
            )
        )
    if company is None or not schools:
        raise RuntimeError("the demo catalogue is not loaded: run 'vet2b demo load' (or 'make run')")
    school = schools[0]
    personas = {
        "new": Persona("new", NEW_PERSON_ID, "Console Newcomer", language, "someone who just found the bot"),
        "company": Persona("company", 900_000_001, "Console Company Owner", language, f"{company.name}"),
        "teacher": Persona("teacher", 900_000_002, "Console Teacher", language, f"{school.name}"),
        "student": Persona("student", 900_000_003, "Console Student A", language, f"{school.name}"),
        "student2": Persona("student2", 900_000_004, "Console Student B", language, f"{school.name}"),
        "coordinator": Persona(
            "coordinator", 900_000_005, "Console Coordinator", language, f"coordinator for {school.country}"
        ),
    }
    others: list[tuple[Persona, Organisation]] = []
    for place, other in enumerate(schools[1:], start=1):
        key = _teacher_key(other, personas)
        personas[key] = Persona(key, TEACHERS_FROM + place, f"Console Teacher {place + 1}", language, other.name)
        others.append((personas[key], other))
    await _forget(services, NEW_PERSON_ID)
    await _join(services, personas["company"], company, "admin")
    await _join(services, personas["teacher"], school, "teacher")
    await _join(services, personas["student"], school, "student")
    await _join(services, personas["student2"], school, "student")
    await _coordinate(services, personas["coordinator"], school.country)
    for persona, other in others:
        await _join(services, persona, other, "teacher")
    return personas


def _teacher_key(school: Organisation, taken: dict[str, Persona]) -> str:
    """``teacher-<town>`` in plain letters (``teacher-siauliai``), numbered when a town has two schools."""
    town = re.sub(r"[^a-z0-9]+", "-", fold(school.city or school.slug)).strip("-") or "school"
    key, n = f"teacher-{town}", 2
    while key in taken:
        key, n = f"teacher-{town}{n}", n + 1
    return key


class ConsoleChat:
    def __init__(
        self,
        services: Services,
        personas: dict[str, Persona],
        *,
        write: Callable[[str], None] = print,
        colour: bool = False,
        start: str = "new",
    ) -> None:
        self.services = services
        self.personas = personas
        self.current = personas[start]
        self.write = write
        self.colour = colour
        self.renderer = NotificationRenderer(services.signer)
        if services.files is None:
            services.files = LocalFiles()

    def prompt(self) -> str:
        return f"[{self.current.key}] > "

    def _show(self, persona: Persona, reply: Reply, prefix: str = "", *, more: bool = False) -> None:
        """One message as text; its buttons numbered on from the turn's earlier messages when ``more`` (a page
        of results with a picture per offer is several messages: #4 is the fourth button of them all)."""
        text = to_terminal(reply.text, colour=self.colour)
        if len(reply.photos) > 1:  # a terminal shows no pictures: say where they would be
            text = f"[album: {len(reply.photos)} photos]" + (f" {text}" if text else "")
        elif reply.photos:
            text = "[photo]" + (f" {text}" if text else "")
        marked = bool(prefix) and text.startswith(prefix.strip())  # "📨 New enquiry": not "📨 📨 New enquiry"
        self.write(text if marked else prefix + text)
        if reply.document is not None:
            self.write(f"📎 {reply.document[0]} ({len(reply.document[1])} bytes)")
        if reply.photo is not None:
            self.write(f"🖼 {reply.photo[0]} ({len(reply.photo[1])} bytes)")
        if reply.voice is not None:  # a terminal cannot play it: say what it would say, and for how long
            self.write(f"🔊 ({reply.voice.duration} s) {reply.voice.words}")
        buttons = [b for row in reply.buttons for b in row]
        if not more:
            persona.last_buttons = []
        first = len(persona.last_buttons) + 1
        if buttons:
            persona.last_buttons = persona.last_buttons + buttons
            self.write(
                "   " + "  ".join(f"[#{i}] {to_terminal(b.label, colour=False)}" for i, b in enumerate(buttons, first))
            )

    async def send(self, line: str) -> None:
        """One line typed by the current persona: a console command, "#2" to press button 2, or a message.

        A bare number is a message like any other ("200" answers "How many?"; "2" picks the second offer)."""
        line = line.strip()
        if line.startswith("/as"):
            self._switch(line[3:].strip())
            return
        if line in ("/who", "/personas"):
            self._list_personas()
            return
        if line.startswith("/photo ") and line[7:].strip():
            await self._send_file(Path(line[7:].strip()).expanduser())
            return
        callback = None
        if line.startswith("#") and line[1:].isdigit() and self.current.last_buttons:
            index = int(line[1:]) - 1
            if not 0 <= index < len(self.current.last_buttons):
                self.write(f"(press #1–#{len(self.current.last_buttons)})")
                return
            callback = self.current.last_buttons[index].data
        incoming = Incoming(
            user_id=self.current.telegram_id,
            display_name=self.current.name,
            language_code=self.current.language,
            at=self.services.clock(),
            text=None if callback else line,
            callback=callback,
        )
        for n, reply in enumerate(await router.handle(self.services, incoming)):
            self._show(self.current, reply, more=n > 0)
        await self.deliver()

    async def _send_file(self, path: Path) -> None:
        """``/photo PATH``: the current persona sends that file, as a Telegram user sends a photo or a file."""
        size = path.stat().st_size if path.is_file() else None
        incoming = Incoming(
            user_id=self.current.telegram_id,
            display_name=self.current.name,
            language_code=self.current.language,
            at=self.services.clock(),
            text="",
            attachment="document",
            file=IncomingFile("document", str(path), None, path.name, size),
        )
        for n, reply in enumerate(await router.handle(self.services, incoming)):
            self._show(self.current, reply, more=n > 0)
        await self.deliver()

    def _switch(self, key: str) -> None:
        persona = self.personas.get(key)
        if persona is None:
            self.write(f"personas: {', '.join(self.personas)}")
            return
        self.current = persona
        self.write(f"— you are now {persona.key} ({persona.description}) —")
        for reply in persona.inbox:
            self._show(persona, reply, prefix="📨 ")
        persona.inbox.clear()

    def _list_personas(self) -> None:
        """The six main personas one per line; the other schools' teachers on one line (by town)."""
        towns: list[str] = []
        for persona in self.personas.values():
            waiting = f", {len(persona.inbox)} waiting" if persona.inbox else ""
            if persona.key.startswith("teacher-") and not waiting:
                towns.append(persona.key.removeprefix("teacher-"))
                continue
            self.write(f"  /as {persona.key:<9} {persona.description}{waiting}")
        if towns:
            self.write(f"  /as teacher-TOWN  a teacher at another demo school: {', '.join(towns)}")

    async def deliver(self) -> None:
        """Deliver due outbox rows to personas, as the Telegram sender would, in the recipient's language."""
        by_id = {p.telegram_id: p for p in self.personas.values()}
        async with transaction(self.services.factory) as session:  # reminders due now, as every sender scans
            await task_reminders.scan(session, self.services.clock())
        async with transaction(self.services.factory) as session:  # new offers for saved searches, likewise
            await alerts.match_activations(session, self.services.search)
        async with transaction(self.services.factory) as session:
            rows = await outbox.claim_due(session, "console", 100, self.services.clock(), 60.0)
        for row in rows:
            async with transaction(self.services.factory) as session:
                person = await session.get(Person, row.recipient_id)
                persona = by_id.get(person.telegram_id) if person and person.telegram_id else None
                message = await self.renderer.render(session, row, person) if person and persona else None
                if message is None or persona is None:
                    await outbox.mark_skipped(session, row.id, "not a console persona")
                    continue
                await outbox.mark_sent(session, row.id, None)
            buttons = [[Button(label, data) for label, data in r] for r in message.buttons]
            reply = Reply(message.text, buttons)
            if persona is self.current:
                self._show(persona, reply, prefix="📨 ")
            else:
                persona.inbox.append(reply)
                self.write(f"(📨 new message for {persona.key} — /as {persona.key} to read it)")


async def run_console(services: Services, language: str) -> None:
    personas = await prepare_personas(services, language)
    chat = ConsoleChat(services, personas, colour=sys.stdout.isatty())
    chat.write("VET2B Chat — console. Type a message (answer questions in words), #2 to press button 2, "
               "/photo PATH to send a picture, /as new|company|teacher|student|student2, /personas, "
               "or /quit.")  # fmt: skip
    chat._list_personas()
    await chat.send("/start")
    loop = asyncio.get_running_loop()
    while True:
        try:
            line = await loop.run_in_executor(None, lambda: input(chat.prompt()))
        except (EOFError, KeyboardInterrupt):
            chat.write("")
            return
        if line.strip() in ("/quit", "/exit"):
            return
        if line.strip():
            await chat.send(line)
