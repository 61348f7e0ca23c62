"""Sending a turn's replies without ever waiting on Telegram's behalf.

Why: a handler that sleeps out a 429 ("Too Many Requests: retry after N") keeps one of the few
places in which updates are handled, and everybody else's messages wait behind it. Telegram
answers 429 mostly to the chat of someone who writes faster than one message a second, so the
one who waits should be that person alone. Here a reply Telegram refuses goes to the outbox,
with everything after it in the turn, and the handler returns at once; the outbox sender, which
already paces per chat and in total, delivers them in order once the wait is over.

While replies to a chat wait in the outbox, new replies to that chat queue behind them (else
they would overtake). This process remembers which chats it queued for and asks the database
only for those; another replica does not know, so across replicas a fresh reply may overtake a
queued one — the order within each queue is kept.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, Message
from telegram.error import BadRequest, RetryAfter
from telegram.warnings import PTBUserWarning

from bot.core.types import Voice
from bot.outbox_sender.delivery import learned_file_ids, retry_after_seconds, send_all_or_upload
from bot.outbox_sender.render import OutgoingMessage, reply_payload
from domain import outbox, voice_notes
from domain.db import transaction
from domain.listing_photos import remember_file_ids
from domain.timeutil import utcnow

log = logging.getLogger(__name__)
# send_text calls sendMessage through do_api_request on purpose (see there): not a mistake to warn about.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)' instead", category=PTBUserWarning
)


@dataclass(frozen=True)
class Outgoing:
    """One message of a turn's answer; ``edit`` tries to replace the pressed message instead of sending."""

    message: OutgoingMessage
    edit: Callable[[], Awaitable[Any]] | None = None


class ReplySender:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._queued: set[int] = set()  # chats this process queued replies for (maybe delivered by now)
        self.deferred = 0

    async def deliver(self, bot: Bot, chat_id: int, items: Sequence[Outgoing]) -> None:
        """Send ``items`` to the private chat ``chat_id`` (= the person's Telegram id), in order."""
        if not items:
            return
        if chat_id in self._queued:
            if await self._still_queued(chat_id):
                await self._defer(chat_id, items, 0.0)
                return
            self._queued.discard(chat_id)
        for index, item in enumerate(items):
            try:
                if item.edit is not None and await _edited(item.edit):
                    continue
                if _is_text(item.message):
                    await send_text(bot, chat_id, item.message)
                    continue
                sent = await send_all_or_upload(bot, chat_id, item.message, self._factory)
            except RetryAfter as exc:
                await self._defer(chat_id, items[index:], retry_after_seconds(exc))
                return
            await self._remember(learned_file_ids(item.message, sent))
            first = sent[0] if sent else None
            if item.message.voice is not None and isinstance(first, Message) and first.voice is not None:
                await self._remember_voice(item.message.voice, first.voice.file_id)

    async def _remember(self, learned: list[tuple[int, str]]) -> None:
        """Pictures uploaded now are sent by Telegram's file id from now on (never uploaded twice)."""
        if not learned:
            return
        async with transaction(self._factory) as session:
            await remember_file_ids(session, learned)

    async def _remember_voice(self, voice: Voice, file_id: str) -> None:
        """A voice note uploaded for the first time: its file_id serves the same words next time, on any replica."""
        if voice.file_id is None:
            async with transaction(self._factory) as session:
                await voice_notes.remember(session, voice.language, voice.words, file_id, voice.duration)

    async def _still_queued(self, chat_id: int) -> bool:
        async with self._factory() as session:
            return await outbox.has_deferred_replies(session, chat_id)

    async def _defer(self, chat_id: int, items: Sequence[Outgoing], wait_s: float) -> None:
        payloads = [reply_payload(item.message) for item in items]
        async with transaction(self._factory) as session:
            queued = await outbox.defer_replies(session, chat_id, payloads, utcnow() + timedelta(seconds=wait_s))
        if not queued:  # nobody in the database for this chat (a refused first contact): nothing to keep
            log.info("chat %s: %d replies refused by Telegram and not queued (no person)", chat_id, len(items))
            return
        self._queued.add(chat_id)
        self.deferred += len(items)
        log.info("chat %s: %d replies queued in the outbox (retry after %.0fs)", chat_id, len(items), wait_s)


def _is_text(message: OutgoingMessage) -> bool:
    """A text message (maybe with buttons): nothing in Telegram's answer to it is needed afterwards."""
    return not (message.photos or message.photo or message.document or message.voice or message.sent_file
                or message.copy_from)  # fmt: skip


async def send_text(bot: Bot, chat_id: int, message: OutgoingMessage) -> None:
    """sendMessage with the keyboard as plain JSON, and Telegram's answer left unparsed.

    Why: ``bot.send_message`` builds a PTB object for every button and parses the Message Telegram
    sends back (with the whole keyboard again) into objects — several hundred attribute assignments
    for an answer a reply never reads. ``do_api_request`` is PTB's documented way to call a Bot API
    method and get the raw result (it warns that ``send_message`` exists: that one warning is silenced
    below); errors (RetryAfter, BadRequest, Forbidden) are raised exactly as by ``send_message``.
    """
    api_kwargs: dict[str, Any] = {"chat_id": chat_id, "text": message.text}
    if message.parse_mode is not None:
        api_kwargs["parse_mode"] = message.parse_mode
    if message.buttons:
        api_kwargs["reply_markup"] = _keyboard(message)
    if message.disable_preview:
        api_kwargs["link_preview_options"] = {"is_disabled": True}
    await bot.do_api_request("sendMessage", api_kwargs=api_kwargs)


async def edit_text(bot: Bot, chat_id: int, message_id: int, message: OutgoingMessage) -> None:
    """editMessageText (HTML, no link preview; no buttons: the pressed message's are removed), as
    :func:`send_text` sends: the keyboard as plain JSON and the edited Message Telegram returns left unparsed
    (``query.edit_message_text`` built a PTB object per button and parsed that Message back into objects)."""
    api_kwargs: dict[str, Any] = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": message.text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if message.buttons:
        api_kwargs["reply_markup"] = _keyboard(message)
    await bot.do_api_request("editMessageText", api_kwargs=api_kwargs)


def _keyboard(message: OutgoingMessage) -> dict[str, Any]:
    rows = [[{"text": label, "callback_data": data} for label, data in row] for row in message.buttons]
    return {"inline_keyboard": rows}


async def _edited(edit: Callable[[], Awaitable[Any]]) -> bool:
    """Edit the pressed message; False when it cannot be edited (then the reply is sent as a new one)."""
    try:
        await edit()
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return True
        log.info("could not edit, sending instead: %s", exc)
        return False
    return True
