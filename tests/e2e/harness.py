"""End-to-end harness: the real PTB Application (our adapter, flows, services, outbox sender) talking HTTP
to the fake Telegram Bot API server on loopback, with people typing and pressing buttons on its side."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.core.turn import Services
from bot.outbox_sender.loop import SenderConfig
from bot.telegram_app import build_application, running
from domain.models import OutboxMessage
from domain.search.service import SearchService
from domain.timeutil import utcnow
from nlu.client import NluClient
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

TOKEN = "123456:E2E-TEST-TOKEN"
WAIT_S = 30.0  # generous: CI machines are busy
TAG = re.compile(r"<[^>]+>")


def plain(record: MessageRecord) -> str:
    return TAG.sub("", record.text or record.caption or "")


@dataclass
class Person:
    """One Telegram user on the fake server's side."""

    server: FakeTelegram
    user_id: int
    name: str

    def mark(self) -> int:
        return self.server.mark(self.user_id)

    async def send(self, text: str, *, reply_to: int | None = None) -> None:
        await self.server.user_sends(self.user_id, text, reply_to_message_id=reply_to)

    async def wait(
        self, predicate: Callable[[MessageRecord], bool] | None = None, *, after: int | None = None
    ) -> MessageRecord:
        return await self.server.wait_for_message(self.user_id, predicate, timeout=WAIT_S, after=after)

    async def wait_text(self, *needles: str, after: int | None = None) -> MessageRecord:
        """The next message whose text contains every needle (case-insensitive)."""
        lowered = [n.lower() for n in needles]
        return await self.wait(lambda r: all(n in plain(r).lower() for n in lowered), after=after)

    async def wait_button(self, label_part: str, *, after: int | None = None) -> MessageRecord:
        return await self.wait(lambda r: any(label_part in text for text, _ in FakeTelegram.buttons(r)), after=after)

    async def press(self, record: MessageRecord, label_part: str) -> None:
        for text, data in FakeTelegram.buttons(record):
            if label_part in text and data is not None:
                await self.server.user_presses(self.user_id, record.message_id, data)
                return
        labels = [text for text, _ in FakeTelegram.buttons(record)]
        raise AssertionError(f"no button with {label_part!r} in {labels} (message: {plain(record)[:200]!r})")

    async def press_at(self, record: MessageRecord, index: int) -> None:
        """Press the button at this position (for labels that are words in the person's language)."""
        pressable = [data for _, data in FakeTelegram.buttons(record) if data is not None]
        await self.server.user_presses(self.user_id, record.message_id, pressable[index])

    def everything_received(self) -> str:
        return "\n".join(
            plain(r) + " " + " ".join(t for t, _ in FakeTelegram.buttons(r)) for r in self.server.events(self.user_id)
        )


@asynccontextmanager
async def running_bot(
    factory: async_sessionmaker[AsyncSession],
    *,
    nlu_url: str = "http://127.0.0.1:9",
    nlu_token: str = "x",
    **limits: Any,
) -> AsyncIterator[tuple[FakeTelegram, Services]]:
    """The bot polling a fake Telegram server; notifications flow through the in-process outbox sender."""
    async with FakeTelegram(token=TOKEN, **limits) as server:
        services = Services(
            factory=factory,
            nlu=NluClient(nlu_url, nlu_token, timeout_s=0.5),
            search=SearchService(refresh_interval=0.0),
            signer=CallbackSigner(b"e2e-secret"),
            bot_username="vet2b_test_bot",
            clock=utcnow,
        )
        config = SenderConfig(poll_interval_s=0.1, per_chat_interval_s=1.0)
        application = build_application(services, TOKEN, base_url=server.base_url, sender_config=config)
        async with running(application, poll_interval=0.0, timeout=1):
            yield server, services
        await services.nlu.aclose()


def button_data(record: MessageRecord, action: str) -> str | None:
    """The callback data of the button for ``action`` ("xwy", or "xwy:4" with its argument), if it has one."""
    for _, data in FakeTelegram.buttons(record):
        payload = (data or "").split("~")[0]
        if payload == action or payload.startswith(action + ":"):
            return data
    return None


def has_button(action: str, record: MessageRecord) -> bool:
    return button_data(record, action) is not None


async def press_button(who: Person, record: MessageRecord, action: str) -> int:
    """Press the button for ``action``; the chat's cursor before the press, to wait for what it brings."""
    data = button_data(record, action)
    assert data is not None, (action, FakeTelegram.buttons(record))
    mark = who.mark()
    await who.server.user_presses(who.user_id, record.message_id, data)
    return mark


async def all_delivered(factory: async_sessionmaker[AsyncSession]) -> None:
    """Every notification due so far has reached its chat (later waits then see only new ones)."""
    for _ in range(300):
        async with factory() as s:
            due = (OutboxMessage.status == "pending") & (OutboxMessage.not_before <= utcnow())  # not reminders
            if not await s.scalar(select(func.count()).select_from(OutboxMessage).where(due)):
                await asyncio.sleep(0.3)  # sent rows are committed after Telegram answered: let the chats settle
                return
        await asyncio.sleep(0.1)
    raise AssertionError("notifications were not delivered")
