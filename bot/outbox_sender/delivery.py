"""Delivering one claimed row: prepare, pace, send, and record what Telegram said.

Why each outcome is handled the way it is:

* sent → ``mark_sent`` in its own transaction right after Telegram's acknowledgement, so a crash
  can re-send only rows that were in flight;
* 429 ``RetryAfter`` → not the row's fault: pause the whole sender for ``retry_after``, slow
  down, and send the same row again (no attempt counted);
* 403 ``Forbidden`` (blocked, deactivated, never started) → retrying cannot help: the person is
  marked unreachable, their pending rows fail and the ``escalate_to`` party is told once;
* 400 ``BadRequest`` → the request itself is wrong: failed with the error, no retry loop;
* network errors and timeouts → rescheduled with capped, jittered exponential backoff.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    LinkPreviewOptions,
    Message,
    MessageId,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.core.inflight import IN_FLIGHT
from bot.core.types import Photo
from bot.outbox_sender.acks import AckWriter
from bot.outbox_sender.dbwrite import write
from bot.outbox_sender.leases import Leases
from bot.outbox_sender.pacing import ChatPacer, GlobalPacer
from bot.outbox_sender.render import OutgoingMessage, Renderer
from domain import outbox
from domain.db import transaction
from domain.listing_photos import images_by_id, remember_file_ids
from domain.models import OutboxMessage, Person

log = logging.getLogger("vet2b.outbox")
T = TypeVar("T")
CAPTION_MAX = 1000  # Telegram's 1,024 counts after entities are parsed


@dataclass
class SenderStats:
    """Counters for logs, tests and the benchmark."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    unreachable: int = 0
    retry_after: int = 0
    network_retries: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Delivery:
    """Everything a delivery task shares with the loop."""

    bot: Bot
    factory: async_sessionmaker[AsyncSession]
    renderer: Renderer
    pacer: GlobalPacer
    chats: ChatPacer
    slots: asyncio.Semaphore
    retry: outbox.RetryPolicy
    stats: SenderStats
    fatal: asyncio.Event
    acks: AckWriter
    leases: Leases


class FatalSenderError(RuntimeError):
    """The bot token is wrong: every send would fail, so the worker stops."""


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; accept both
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _markup(message: OutgoingMessage) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    rows = [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in message.buttons]
    return InlineKeyboardMarkup(rows)


async def send_again(bot: Bot, chat_id: int, message: OutgoingMessage) -> Message | MessageId:
    """A file Telegram has: the sender's message copied (no forward origin) with our caption, or, when that
    message is gone (deleted, the sender erased), the file sent by its id with the same caption."""
    caption = message.text[:CAPTION_MAX] or None
    if message.copy_from is not None:
        from_chat, message_id = message.copy_from
        try:
            return await bot.copy_message(chat_id, from_chat, message_id, caption=caption,
                                          parse_mode=message.parse_mode, reply_markup=_markup(message))  # fmt: skip
        except BadRequest as exc:
            if message.sent_file is None:
                raise
            log.info("copying message %s failed (%s): sending the file by its id", message_id, exc.message)
    assert message.sent_file is not None
    kind, file_id = message.sent_file
    markup = _markup(message)
    if kind == "photo":
        return await bot.send_photo(
            chat_id, file_id, caption=caption, parse_mode=message.parse_mode, reply_markup=markup
        )
    return await bot.send_document(
        chat_id, file_id, caption=caption, parse_mode=message.parse_mode, reply_markup=markup
    )


async def send_outgoing(bot: Bot, chat_id: int, message: OutgoingMessage) -> Message | MessageId:
    """One request to Telegram for ``message``: a text, or a file with ``message.text`` as its caption."""
    return (await send_all(bot, chat_id, message))[0]


def _picture(photo: Photo, index: int, *, in_album: bool = False) -> str | InputFile:
    """By file id, else the bytes (in an album a part named by ``attach://``, as Telegram requires)."""
    if photo.file_id is not None:
        return photo.file_id
    if photo.content is None:
        raise ValueError(f"photo of image {photo.image_id} has neither a file id nor bytes")
    return InputFile(photo.content, filename=f"photo-{photo.image_id or index}.jpg", attach=in_album)


async def send_all(bot: Bot, chat_id: int, message: OutgoingMessage) -> list[Message | MessageId]:
    """Every message Telegram made of ``message``: one, or one per picture of an album (sendMediaGroup)."""
    if message.sent_file is not None or message.copy_from is not None:
        return [await send_again(bot, chat_id, message)]
    if message.voice is not None:
        return [await _send_voice(bot, chat_id, message)]
    if len(message.photos) > 1:
        media = [
            InputMediaPhoto(_picture(photo, i, in_album=True), caption=(message.text or None) if i == 0 else None,
                            parse_mode=message.parse_mode if i == 0 and message.text else None)
            for i, photo in enumerate(message.photos)
        ]  # fmt: skip
        return list(await bot.send_media_group(chat_id, media))
    if message.photos:
        sent = await bot.send_photo(
            chat_id,
            _picture(message.photos[0], 0),
            caption=message.text or None,
            parse_mode=message.parse_mode if message.text else None,
            reply_markup=_markup(message),
        )
        return [sent]
    return [await _send_one(bot, chat_id, message)]


async def send_all_or_upload(
    bot: Bot, chat_id: int, message: OutgoingMessage, factory: async_sessionmaker[AsyncSession]
) -> list[Message | MessageId]:
    """:func:`send_all`; when Telegram does not know a picture's file id (file ids belong to one bot: the token
    changed), the pictures go up again from their stored bytes and the old ids are forgotten."""
    try:
        return await send_all(bot, chat_id, message)
    except BadRequest as exc:
        known = {p.image_id for p in message.photos if p.file_id is not None and p.image_id is not None}
        if not known or "file identifier" not in exc.message.lower():
            raise
        log.warning("Telegram refused stored file ids of images %s: uploading them again", sorted(known))
        async with transaction(factory) as session:
            contents = await images_by_id(session, [i for i in known if i is not None])
    photos = [
        replace(p, file_id=None, content=contents[p.image_id]) if p.image_id in contents and p.file_id else p
        for p in message.photos
    ]
    uploaded = replace(message, photos=photos)
    sent = await send_all(bot, chat_id, uploaded)
    async with transaction(factory) as session:  # the new ids (the caller sees only the stale ones)
        await remember_file_ids(session, learned_file_ids(uploaded, sent))
    return sent


def learned_file_ids(message: OutgoingMessage, sent: list[Message | MessageId]) -> list[tuple[int, str]]:
    """(image id, file id) for the pictures that went up as bytes: Telegram's id is sent from now on."""
    learned = []
    for photo, reply in zip(message.photos, sent, strict=False):
        if photo.file_id is None and photo.image_id is not None and isinstance(reply, Message) and reply.photo:
            learned.append((photo.image_id, reply.photo[-1].file_id))  # the largest size: what was uploaded
    return learned


async def _send_one(bot: Bot, chat_id: int, message: OutgoingMessage) -> Message:
    if message.photo is not None:  # an image made now (a report's chart), uploaded as bytes
        name, content = message.photo
        return await bot.send_photo(
            chat_id,
            InputFile(content, filename=name),
            caption=message.text[:CAPTION_MAX] or None,
            parse_mode=message.parse_mode,
            reply_markup=_markup(message),
        )
    if message.document is not None:
        name, content = message.document
        return await bot.send_document(
            chat_id,
            InputFile(content, filename=name),
            caption=message.text[:CAPTION_MAX] or None,
            parse_mode=message.parse_mode,
            reply_markup=_markup(message),
        )
    return await bot.send_message(
        chat_id,
        message.text,
        parse_mode=message.parse_mode,
        reply_markup=_markup(message),
        link_preview_options=LinkPreviewOptions(is_disabled=True) if message.disable_preview else None,
    )


async def _send_voice(bot: Bot, chat_id: int, message: OutgoingMessage) -> Message:
    """A voice note: the file_id of the same words sent before, else the OGG/Opus upload."""
    voice = message.voice
    assert voice is not None
    audio: str | InputFile = voice.file_id if voice.file_id else InputFile(voice.ogg or b"", filename="message.ogg")
    return await bot.send_voice(
        chat_id,
        audio,
        duration=voice.duration,
        caption=message.text[:CAPTION_MAX] or None,
        parse_mode=message.parse_mode,
        reply_markup=_markup(message),
    )


async def _reschedule(session: AsyncSession, row_id: int, error: str, policy: outbox.RetryPolicy) -> str | None:
    return await outbox.reschedule(session, row_id, error, policy=policy)


@dataclass(frozen=True)
class Prepared:
    row: OutboxMessage
    chat_id: int
    message: OutgoingMessage


async def prepare(d: Delivery, rows: list[OutboxMessage]) -> list[Prepared]:
    """Check recipients and relevance and render a claimed batch in one read session.

    Rows that need no send (recipient erased or unreachable, no longer relevant, nothing to
    render) are settled here; one session for the batch keeps the database work per message small.
    """
    ready: list[Prepared] = []
    settle: list[tuple[OutboxMessage, str]] = []
    async with d.factory() as session:
        people = {
            p.id: p for p in await session.scalars(select(Person).where(Person.id.in_({r.recipient_id for r in rows})))
        }
        for row in rows:
            person = people.get(row.recipient_id)
            try:
                verdict = await _verdict(d, session, row, person)
            except OperationalError:
                raise
            except Exception as exc:  # a renderer bug must not stop the other deliveries
                log.exception("outbox row %s: preparing failed", row.id)
                settle.append((row, f"render: {exc!r}"))
                continue
            if isinstance(verdict, OutgoingMessage):
                assert person is not None and person.telegram_id is not None
                ready.append(Prepared(row, person.telegram_id, verdict))
            else:
                settle.append((row, verdict))
    for row, verdict in settle:
        await _settle(d, row, verdict)
    return ready


async def _verdict(
    d: Delivery, session: AsyncSession, row: OutboxMessage, person: Person | None
) -> OutgoingMessage | str:
    if person is None or person.erased_at is not None or person.telegram_id is None:
        return "failed"
    if person.unreachable_at is not None:
        return "unreachable"
    if not await outbox.is_still_relevant(session, row):
        return "irrelevant"
    message = await d.renderer.render(session, row, person)
    return "unrendered" if message is None else message


async def _settle(d: Delivery, row: OutboxMessage, verdict: str) -> None:
    if verdict == "failed":
        await write(d.factory, outbox.mark_failed, row.id, "recipient erased or has no Telegram account")
        d.stats.failed += 1
    elif verdict == "unreachable":
        await write(d.factory, outbox.mark_unreachable, row.recipient_id)
        d.stats.unreachable += 1
    elif verdict in ("irrelevant", "unrendered"):
        reason = "no longer relevant" if verdict == "irrelevant" else f"nothing to render for kind {row.kind!r}"
        await write(d.factory, outbox.mark_skipped, row.id, reason)
        d.stats.skipped += 1
    else:  # the renderer raised: retry later with backoff, in case a fix is deployed
        await write(d.factory, _reschedule, row.id, verdict, d.retry)
        d.stats.network_retries += 1


class LeaseLost(Exception):
    """Another worker holds the row now (this one's lease ran out): it sends, this one must not."""


async def _send(d: Delivery, row_id: int, chat_id: int, message: OutgoingMessage) -> int:
    """Send once paced: per chat, then globally, then within the concurrency bound."""
    while (wait := d.chats.wait_s(chat_id)) > 0:
        await asyncio.sleep(wait)
    async with d.slots:  # pace last, so nothing queues between the pacer and the request
        turn = await d.pacer.acquire()
        try:
            if not await d.leases.confirm(row_id):
                raise LeaseLost
            d.chats.sent(chat_id)
            IN_FLIGHT.begin(row_id, chat_id)  # ended in deliver(), once recorded
            messages = await send_all_or_upload(d.bot, chat_id, message, d.factory)
            sent = messages[0]
        finally:
            # Counted from the reply: Telegram saw this send no later than now, so the next one
            # to this chat (and the global window) reaches it at least one interval later
            # whatever the network jitter.
            d.pacer.answered(turn)
            d.chats.sent(chat_id)
    learned = learned_file_ids(message, messages)
    if learned:  # a picture that went up as bytes (a reply that waited out a 429): by file id from now on
        await write(d.factory, remember_file_ids, learned)
    return sent.message_id


async def deliver(d: Delivery, item: Prepared) -> None:
    """Send a prepared row (claimed by this worker) and record the outcome."""
    try:
        await _deliver(d, item)
    finally:
        IN_FLIGHT.end(item.row.id)


async def _deliver(d: Delivery, item: Prepared) -> None:
    row, chat_id, message = item.row, item.chat_id, item.message
    while True:
        try:
            message_id = await _send(d, row.id, chat_id, message)
        except LeaseLost:
            log.warning("outbox row %s: lease lost to another worker; not sending it", row.id)
            return
        except RetryAfter as exc:
            IN_FLIGHT.end(row.id)  # not shown: the person's words need not wait out the pause
            d.stats.retry_after += 1
            d.pacer.penalise(retry_after_seconds(exc))
            log.warning("429 from Telegram: pausing %.0fs, rate now %.1f/s", retry_after_seconds(exc), d.pacer.rate)
            continue
        except Forbidden as exc:
            log.info("outbox row %s: recipient %s unreachable (%s)", row.id, row.recipient_id, exc.message)
            await write(d.factory, outbox.mark_unreachable, row.recipient_id)
            d.stats.unreachable += 1
            return
        except BadRequest as exc:
            log.warning("outbox row %s failed: %s", row.id, exc.message)
            await write(d.factory, outbox.mark_failed, row.id, f"BadRequest: {exc.message}")
            d.stats.failed += 1
            return
        except InvalidToken as exc:
            d.fatal.set()
            raise FatalSenderError(f"Telegram rejected the bot token: {exc.message}") from exc
        except (NetworkError, TelegramError) as exc:  # timeouts, 5xx, anything else transient
            status = await write(d.factory, _reschedule, row.id, f"{type(exc).__name__}: {exc}", d.retry)
            d.stats.network_retries += 1
            if status == "failed":
                d.stats.failed += 1
            return
        await d.acks.sent(row.id, message_id)
        d.stats.sent += 1
        return
