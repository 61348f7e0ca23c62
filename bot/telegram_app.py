"""The Telegram adapter: a thin python-telegram-bot Application around the transport-agnostic core.

It holds no state of its own (everything is in the database), so several replicas can serve one bot
behind a webhook. Notifications to other people go through the outbox sender, started in-process
unless `--no-sender` (then run `vet2b outbox work` separately).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from telegram import Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

import bot.flows  # noqa: F401  (registers the flows)
from bot import telegram_menus
from bot.core import router
from bot.core.inbound import Admission, InboundGate, InboundLimits
from bot.core.turn import Services
from bot.core.types import Incoming, Reply
from bot.i18n import N_, translator
from bot.notifications import NotificationRenderer
from bot.ops.updates import instrument
from bot.outbox_sender.loop import SenderConfig, run_sender
from bot.outbox_sender.render import OutgoingMessage
from bot.telegram_files import TelegramFiles
from bot.telegram_http import AiohttpRequest
from bot.telegram_replies import Outgoing, ReplySender, edit_text
from bot.telegram_text import split_text
from bot.telegram_updates import FairUpdateProcessor
from domain import outbox
from domain.accounts import normalise_language
from domain.attachments import FileRef
from domain.db import transaction
from domain.limits import REPLY_MAX
from domain.models import Person

log = logging.getLogger(__name__)
TELEGRAM_TEXT_MAX = 4096
CHUNK = REPLY_MAX
PLACES = 8  # updates thought about at once (database and NLU overlap; not sending): bot/telegram_updates.py

COMMANDS = [
    ("start", N_("Start or restart")),
    ("menu", N_("Main menu")),
    ("search", N_("Find offers")),
    ("enquiries", N_("Enquiries and answers")),
    ("alerts", N_("Alerts about new offers")),
    ("offer", N_("Post an offer (teachers)")),
    ("listings", N_("Our listings (teachers)")),
    ("orders", N_("Orders and tasks (teachers)")),
    ("invite", N_("Invite teachers or students (school staff)")),
    ("visits", N_("Class visits at inclusive employers")),
    ("tasks", N_("My tasks (students)")),
    ("reports", N_("Reported offers (coordinators)")),
    ("verify", N_("Verify organisations (coordinators)")),
    ("audit", N_("Audit log (coordinators)")),
    ("stats", N_("Network figures: chart and CSV (coordinators)")),
    ("easy", N_("Easy-read mode on or off")),
    ("language", N_("Change language")),
    ("help", N_("How this works")),
    ("cancel", N_("Stop what we are doing")),
    ("mydata", N_("What we store about you")),
    ("deleteme", N_("Delete your personal data")),
]


def _items(reply: Reply, edit: Callable[[OutgoingMessage], Awaitable[Any]] | None = None) -> list[Outgoing]:
    """A reply as Telegram messages: long text in parts (buttons on the last), or a file with a caption.

    ``edit`` (a button's reply that replaces the pressed message) is used when the reply fits one message.
    """
    buttons = [[(b.label, b.data) for b in row] for row in reply.buttons]
    if reply.photo is not None:
        return [Outgoing(OutgoingMessage(reply.text, buttons=buttons, photo=reply.photo))]
    if reply.document is not None:
        return [Outgoing(OutgoingMessage(reply.text, parse_mode=None, document=reply.document))]
    if reply.sent_file is not None:  # a file Telegram has (an order's document): sent again by its id
        return [Outgoing(OutgoingMessage(reply.text, buttons=buttons, sent_file=reply.sent_file))]
    if reply.photos:  # a caption already fits (bot.telegram_text.fit_caption); a picture is never edited in
        return [Outgoing(OutgoingMessage(reply.text, buttons=buttons, photos=list(reply.photos)))]
    if reply.voice is not None:
        return [Outgoing(OutgoingMessage(reply.text, buttons=buttons, voice=reply.voice))]
    parts = split_text(reply.text)
    messages = [OutgoingMessage(part, buttons=buttons if i == len(parts) - 1 else []) for i, part in enumerate(parts)]
    if edit is not None and reply.edit and len(messages) == 1:
        return [Outgoing(messages[0], functools.partial(edit, messages[0]))]
    return [Outgoing(m) for m in messages]


def _replies(context: ContextTypes.DEFAULT_TYPE) -> ReplySender:
    sender: ReplySender = context.application.bot_data["replies"]
    return sender


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
        file=_file_of(message) if message is not None and callback is None else None,
    )


def _now() -> Any:
    from domain.timeutil import utcnow

    return utcnow()


def _place(context: ContextTypes.DEFAULT_TYPE) -> asyncio.Semaphore:
    """One of the places in which updates are thought about (bot/telegram_updates.py): held for the turn, not for
    sending its replies."""
    place: asyncio.Semaphore = context.application.bot_data["place"]
    return place


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
    async with _place(context):
        replies = await router.handle(_services(context), incoming)
    await _replies(context).deliver(context.bot, update.effective_chat.id, [i for r in replies for i in _items(r)])


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
    async with _place(context):
        replies = await router.handle(_services(context), replace(incoming, attachment=kind))
    await _replies(context).deliver(context.bot, update.effective_chat.id, [i for r in replies for i in _items(r)])


def _file_of(message: Message) -> FileRef | None:
    """The photo (its largest size) or document of a message, as the flows pass it on (domain.attachments)."""
    if message.photo:
        largest = message.photo[-1]
        return FileRef("photo", largest.file_id, message.message_id, None, largest.file_size)
    if message.document is not None:  # also set for an animation (a GIF), which Telegram sends as a document too
        doc = message.document
        return FileRef("document", doc.file_id, message.message_id, doc.file_name, doc.file_size, doc.mime_type)
    return None


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document, with or without a caption: the flows decide where it goes (bot/flows/attachments.py)."""
    message = update.effective_message
    if message is None or update.effective_chat is None or update.effective_chat.type != "private":
        return
    file = _file_of(message)
    incoming = _incoming(update, text=message.caption or "")
    if incoming is None or file is None:
        return
    async with _place(context):
        replies = await router.handle(_services(context), replace(incoming, attachment=file.kind, file=file))
    await _replies(context).deliver(context.bot, update.effective_chat.id, [i for r in replies for i in _items(r)])


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    incoming = _incoming(update, callback=query.data)
    if incoming is None:
        return
    await query.answer()
    async with _place(context):
        replies = await router.handle(_services(context), incoming)
    chat_id = query.message.chat.id if query.message else incoming.user_id

    async def edit(message: OutgoingMessage) -> None:
        assert query.message is not None
        await edit_text(context.bot, query.message.chat.id, query.message.message_id, message)

    editable = edit if query.message is not None else None
    await _replies(context).deliver(context.bot, chat_id, [i for r in replies for i in _items(r, editable)])


async def _refused(application: Application[Any, Any, Any, Any, Any, Any], update: Update, verdict: Admission) -> None:
    """An update the inbound gate dropped: stop the button's spinner, and tell the person once per burst."""
    with contextlib.suppress(TelegramError):
        if update.callback_query is not None:
            await update.callback_query.answer()
        chat, user = update.effective_chat, update.effective_user
        if verdict is not Admission.TELL or chat is None or chat.type != "private" or user is None:
            return
        # Their language as Telegram has it: looking up the one chosen in the bot would mean the database.
        tr = translator(normalise_language(user.language_code))
        # The words of the domain's own rate limit: already in every catalogue, and true here (what they sent
        # meanwhile was not read, so "try again" is the advice).
        notice = OutgoingMessage(tr._("You are sending a lot right now. Please wait a little and try again."))
        sender: ReplySender = application.bot_data["replies"]
        await sender.deliver(application.bot, chat.id, [Outgoing(notice)])


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
    inbound: InboundLimits | None = None,
    places: int = PLACES,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot: ``places`` updates handled at once, each user within ``inbound`` limits (bot.core.inbound)."""
    gate = InboundGate(inbound)
    application_ref: list[Application[Any, Any, Any, Any, Any, Any]] = []

    async def refused(update: Update, verdict: Admission) -> None:
        await _refused(application_ref[0], update, verdict)

    processor = FairUpdateProcessor(gate, refused, places=places)
    # Generous timeouts: a send that is slow to be acknowledged was usually delivered, and retrying it
    # after a short timeout is how a notification arrives twice.
    # Our aiohttp client (bot/telegram_http.py), for a third of the CPU per request of PTB's httpx one.
    requests = AiohttpRequest(read_timeout=30, write_timeout=30)
    builder = ApplicationBuilder().token(token).concurrent_updates(processor).request(requests)
    builder = builder.get_updates_request(AiohttpRequest(connection_pool_size=1, read_timeout=30, write_timeout=30))
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
                    run_sender(
                        application.bot,
                        services.factory,
                        renderer,
                        stop_event=stop,
                        config=sender_config,
                        search=services.search,
                    )
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
    application_ref.append(application)
    if services.files is None:  # what people send is downloaded through this bot (getFile)
        services.files = TelegramFiles(application.bot)
    application.bot_data["services"] = services
    application.bot_data["replies"] = ReplySender(services.factory)
    application.bot_data["gate"] = gate
    application.bot_data["place"] = processor.place
    instrument(application)  # counts and logs every update before the handlers below (bot/ops)
    telegram_menus.install(
        application, COMMANDS, services.factory, processor.place
    )  # each one's menu, after their update
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & (filters.PHOTO | filters.Document.ALL), on_file))
    application.add_handler(MessageHandler(filters.TEXT | filters.COMMAND | filters.CAPTION, on_message))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, on_attachment))
    application.add_handler(CallbackQueryHandler(on_callback))
    application.add_error_handler(on_error)
    return application
