"""Driving the real router in flow tests: people who type and press buttons, and what they got back.

Why through the router: a flow test should exercise the same path a Telegram update takes (person
and state from the database, one transaction per turn, signed buttons), minus Telegram itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import router
from bot.core.callbacks import Action, BadCallback, CallbackSigner
from bot.core.turn import Services
from bot.core.types import Button, Incoming, Reply
from bot.notifications import NotificationRenderer
from domain.db import transaction
from domain.models import OutboxMessage, Person, TaskMessage
from domain.search.service import SearchService
from domain.timeutil import utcnow
from nlu.client import NluClient

SECRET = b"test"
CLOSED_RASA = "http://127.0.0.1:9"  # nothing listens there: the NLU falls back (free text = search)


def rasa_answering(intents: dict[str, str]) -> httpx.MockTransport:
    """A fake Rasa that answers ``intents[text]`` (else nlu_fallback) with high confidence."""

    def answer(request: httpx.Request) -> httpx.Response:
        text = json.loads(request.content)["text"]
        name = intents.get(text, "nlu_fallback")
        return httpx.Response(200, json={"text": text, "intent": {"name": name, "confidence": 0.95}, "entities": []})

    return httpx.MockTransport(answer)


def make_services(
    db: async_sessionmaker[AsyncSession],
    *,
    intents: dict[str, str] | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> Services:
    """Services on the test database; with ``intents``, a fake Rasa that knows those texts."""
    transport = rasa_answering(intents) if intents is not None else None
    nlu = NluClient(base_url=CLOSED_RASA, token="x", timeout_s=0.3, transport=transport)
    return Services(
        factory=db,
        nlu=nlu,
        search=SearchService(),
        signer=CallbackSigner(SECRET),
        bot_username="vet2b_test_bot",
        clock=clock,
    )


@dataclass
class Chat:
    """One Telegram user talking to the bot; keeps every reply it received, newest last."""

    services: Services
    user_id: int
    name: str = "Test User"
    language: str = "en"
    received: list[Reply] = field(default_factory=list)

    async def _handle(self, **kwargs: Any) -> list[Reply]:
        incoming = Incoming(self.user_id, self.name, self.language, self.services.clock(), **kwargs)
        replies = await router.handle(self.services, incoming)
        self.received += replies
        if os.environ.get("VET2B_SHOW_CHAT"):  # a transcript, to quote what people get (pytest -s)
            said = kwargs.get("text") or f"[button {kwargs.get('callback', '')[:12]}…]"
            print(f"\n{self.name} ({self.language}) > {said}\n" + "\n".join(f"  < {r.text}" for r in replies))
        return replies

    async def send(self, text: str) -> list[Reply]:
        return await self._handle(text=text)

    async def reply(self, telegram_message_id: int, text: str) -> list[Reply]:
        """A swipe-reply to the message Telegram knows as ``telegram_message_id``."""
        return await self._handle(text=text, reply_to_message_id=telegram_message_id)

    async def press(self, button: Button) -> list[Reply]:
        return await self._handle(callback=button.data)

    async def press_data(self, data: str) -> list[Reply]:
        """A button press with raw callback data, as a modified client can send it."""
        return await self._handle(callback=data)

    def action(self, button: Button) -> Action:
        return self.services.signer.verify(self.user_id, button.data)

    def buttons(self, replies: list[Reply], name: str) -> list[Button]:
        """Buttons of ``replies`` whose (verified) action is ``name``, in order."""
        found = []
        for reply in replies:
            for row in reply.buttons:
                for b in row:
                    try:
                        if self.action(b).name == name:
                            found.append(b)
                    except BadCallback:
                        pass
        return found

    def button(self, replies: list[Reply], name: str, *args: object) -> Button:
        """The first button with action ``name`` (and these args, if given)."""
        wanted = tuple(str(a) for a in args)
        for b in self.buttons(replies, name):
            if not wanted or self.action(b).args[: len(wanted)] == wanted:
                return b
        labels = [[b.label for b in row] for reply in replies for row in reply.buttons]
        raise AssertionError(f"no {name}{wanted} button in {labels}")


def text_of(replies: list[Reply]) -> str:
    return "\n---\n".join(r.text for r in replies)


async def person_by_telegram(db: async_sessionmaker[AsyncSession], telegram_id: int) -> Person:
    async with transaction(db) as s:
        person = await s.scalar(select(Person).where(Person.telegram_id == telegram_id))
        assert person is not None
        return person


async def outbox(db: async_sessionmaker[AsyncSession], kind: str | None = None) -> list[OutboxMessage]:
    async with transaction(db) as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(await s.scalars(query))


async def said(db: async_sessionmaker[AsyncSession], row: OutboxMessage) -> str:
    """The words a task_question / task_answer notification carries: its stored task message."""
    async with db() as s:
        message = await s.get(TaskMessage, row.payload["message_id"])
        assert message is not None and message.assignment_id == row.payload["assignment_id"]
        return message.text


def chat_for(db: async_sessionmaker[AsyncSession], who: Person) -> Chat:
    """A chat as an existing person (built with tests.domain.factories)."""
    assert who.telegram_id is not None
    return Chat(make_services(db), who.telegram_id, who.display_name, who.language)


async def delivered(db: async_sessionmaker[AsyncSession], kind: str) -> dict[int, str]:
    """recipient id → the text they would receive for the newest row of ``kind``, rendered for them now (rows
    that render nothing, because the subject no longer concerns the recipient, are left out)."""
    found: dict[int, str] = {}
    async with db() as s:
        for row in await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)):
            who = await s.get(Person, row.recipient_id)
            assert who is not None
            message = await NotificationRenderer(CallbackSigner(SECRET)).render(s, row, who)
            if message is not None:
                found[row.recipient_id] = message.text
    return found
