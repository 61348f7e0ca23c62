"""The Telegram adapter: a thin python-telegram-bot Application around the transport-agnostic core.

It holds no state of its own (everything is in the database), so several replicas can serve one bot
behind a webhook. Notifications to other people go through the outbox sender, started in-process
unless `--no-sender` (then run `vet2b outbox work` separately).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

import bot.flows  # noqa: F401  (registers the flows)
from bot import telegram_menus
from bot.core import router
from bot.core.turn import Services
from bot.core.types import Incoming, Reply
from bot.i18n import N_, translator
from bot.notifications import NotificationRenderer
from bot.ops.updates import instrument
from bot.outbox_sender.delivery import retry_after_seconds
from bot.outbox_sender.loop import SenderConfig, run_sender
from bot.telegram_text import split_text, units
from domain import outbox
from domain.db import transaction
from domain.limits import REPLY_MAX
from domain.models import Person

log = logging.getLogger(__name__)
TELEGRAM_TEXT_MAX = 4096
CHUNK = REPLY_MAX
RETRIES = 3

COMMANDS = [
    ("start", N_("Start or restart")),
    ("menu", N_("Main menu")),
    ("search", N_("Find offers")),
    ("enquiries", N_("Enquiries and answers")),
    ("offer", N_("Post an offer (teachers)")),
    ("listings", N_("Our listings (teachers)")),
    ("orders", N_("Orders and tasks (teachers)")),
    ("tasks", N_("My tasks (students)")),
    ("easy", N_("Easy-read mode on or off")),
    ("language", N_("Change language")),
    ("help", N_("How this works")),
    ("cancel", N_("Stop what we are doing")),
    ("mydata", N_("What we store about you")),
    ("deleteme", N_("Delete your personal data")),
]


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
    )


async def _patiently(call: Callable[[], Awaitable[Any]]) -> Any:
    """Direct replies share Telegram's per-chat limit with notifications: on 429 wait as told, then retry."""
    for _attempt in range(RETRIES):
        try:
            return await call()
        except RetryAfter as exc:
            await asyncio.sleep(retry_after_seconds(exc))
    return await call()


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply) -> None:
    if reply.document is not None:
        name, content = reply.document
        await _patiently(
            lambda: context.bot.send_document(chat_id, InputFile(content, filename=name), caption=reply.text[:1000])
        )
        return
    parts = split_text(reply.text)
    for index, part in enumerate(parts):
        markup = _markup(reply) if index == len(parts) - 1 else None
        await _patiently(
            lambda part=part, markup=markup: context.bot.send_message(  # type: ignore[misc]
                chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
            )
        )


def _incoming(update: Update, *, text: str | None = None, callback: str | None = None) -> Incoming | None:
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    message = update.effective_message
    reply_to = message.reply_to_message.message_id if message and message.reply_to_message else None
    return Incoming(
        user_id=user.id,
        display_name=user.full_name or "",
        language_code=user.language_code,
        at=(message.date if message and text is not None else None) or _now(),
        text=text,
        callback=callback,
        message_id=message.message_id if message else None,
        reply_to_message_id=reply_to,
    )


def _now() -> Any:
    from domain.timeutil import utcnow

    return utcnow()


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    services: Services = context.application.bot_data["services"]
    return services


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_chat is None or update.effective_chat.type != "private":
        return
    incoming = _incoming(update, text=message.text or message.caption or "")
    if incoming is None:
        return
    replies = await router.handle(_services(context), incoming)
    for reply in replies:
        await _send(context, update.effective_chat.id, reply)


# Telegram message fields that carry something other than text, in the order they are checked.
ATTACHMENT_KINDS = ("photo", "sticker", "voice", "video_note", "video", "audio", "animation", "document",
                    "location", "venue", "contact", "poll", "dice")  # fmt: skip


async def on_attachment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything that is not text (a photo without a caption, a sticker, a voice note…) gets an answer."""
    message = update.effective_message
    if message is None or update.effective_chat is None or update.effective_chat.type != "private":
        return
    kind = next((k for k in ATTACHMENT_KINDS if getattr(message, k, None)), "other")
    if kind == "venue":
        kind = "location"
    incoming = _incoming(update, text="")
    if incoming is None:
        return
    replies = await router.handle(_services(context), replace(incoming, attachment=kind))
    for reply in replies:
        await _send(context, update.effective_chat.id, reply)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    incoming = _incoming(update, callback=query.data)
    if incoming is None:
        return
    await query.answer()
    replies = await router.handle(_services(context), incoming)
    chat_id = query.message.chat.id if query.message else incoming.user_id
    for reply in replies:
        if reply.edit and query.message is not None and reply.document is None and units(reply.text) <= CHUNK:
            try:
                await _patiently(
                    lambda reply=reply: query.edit_message_text(  # type: ignore[misc]
                        reply.text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=_markup(reply),
                        disable_web_page_preview=True,
                    )
                )
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue
                log.info("could not edit, sending instead: %s", exc)
        await _send(context, chat_id, reply)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One error handler: log it, mark blocked users, and tell the person something went wrong."""
    error = context.error
    if isinstance(error, Forbidden) and isinstance(update, Update) and update.effective_user:
        await _mark_unreachable(context, update.effective_user.id)
        return
    log.error("update failed: %s", error, exc_info=error)
    if isinstance(update, Update) and update.effective_chat and update.effective_user:
        language = (update.effective_user.language_code or "en")[:2]
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                update.effective_chat.id, translator(language)._("Sorry, something went wrong. Please try again.")
            )


async def _mark_unreachable(context: ContextTypes.DEFAULT_TYPE, telegram_id: int) -> None:
    async with transaction(_services(context).factory) as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        if person is not None:
            await outbox.mark_unreachable(session, person.id)


async def _set_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await telegram_menus.introduce(application.bot, COMMANDS)  # menus per role once known: bot/telegram_menus.py


@asynccontextmanager
async def running(
    application: Application[Any, Any, Any, Any, Any, Any], *, webhook: dict[str, Any] | None = None, **polling: Any
) -> AsyncIterator[None]:
    """Start the bot (polling, or a webhook server with `webhook` settings) and stop it cleanly.

    PTB calls post_init/post_shutdown only from run_polling/run_webhook, which own the event loop;
    we start by hand (our services live in this loop), so the hooks are called here.
    """
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        updater = application.updater
        assert updater is not None
        try:
            if webhook is not None:
                await updater.start_webhook(**webhook)
            else:
                await updater.start_polling(**({"allowed_updates": ["message", "callback_query"]} | polling))
            try:
                yield
            finally:
                await updater.stop()
        finally:
            await application.stop()
            if application.post_shutdown is not None:
                await application.post_shutdown(application)


def build_application(
    services: Services,
    token: str,
    *,
    base_url: str | None = None,
    with_sender: bool = True,
    sender_config: SenderConfig | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    # Generous timeouts: a send that is slow to be acknowledged was usually delivered, and retrying it
    # after a short timeout is how a notification arrives twice.
    builder = ApplicationBuilder().token(token).concurrent_updates(8).read_timeout(30).write_timeout(30)
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
    stop = asyncio.Event()
    tasks: list[asyncio.Task[Any]] = []

    async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await _set_commands(application)
        if with_sender:
            renderer = NotificationRenderer(services.signer)
            tasks.append(
                asyncio.create_task(
                    run_sender(application.bot, services.factory, renderer, stop_event=stop, config=sender_config)
                )
            )

    async def post_shutdown(_application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        stop.set()
        for task in tasks:
            try:
                await asyncio.wait_for(task, timeout=10)
            except Exception:
                log.exception("outbox sender stopped with an error")

    application = builder.post_init(post_init).post_shutdown(post_shutdown).build()
    application.bot_data["services"] = services
    instrument(application)  # counts and logs every update before the handlers below (bot/ops)
    telegram_menus.install(application, COMMANDS, services.factory)  # each person's menu, after their update
    application.add_handler(MessageHandler(filters.TEXT | filters.COMMAND | filters.CAPTION, on_message))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, on_attachment))
    application.add_handler(CallbackQueryHandler(on_callback))
    application.add_error_handler(on_error)
    return application
