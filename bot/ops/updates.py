"""Every Telegram update, counted by kind and logged (without its text) before the handlers see it.

Why a handler in group -1 of the PTB Application: it runs before the dialogue's handlers for every
update, in the same task, so the update id and the person's hash it puts into the logging context
(bot.ops.logs) appear on every log line written while that update is handled — on any replica.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.ops import logs, metrics

log = logging.getLogger("vet2b.updates")


def kind_of(update: Update) -> str:
    """message, command, callback, attachment or other (what the dialogue will be asked to handle)."""
    if update.callback_query is not None:
        return "callback"
    message = update.message or update.edited_message
    if message is None:
        return "other"
    if message.text is not None:
        return "command" if message.text.startswith("/") else "message"
    return "message" if message.caption else "attachment"


async def observe(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    kind = kind_of(update)
    metrics.UPDATES.labels(kind).inc()
    logs.UPDATE_ID.set(update.update_id)
    user = update.effective_user
    logs.PERSON.set(logs.person_hash(user.id) if user is not None else None)
    log.info("update %s: %s", update.update_id, kind, extra={"kind": kind})


def instrument(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, observe), group=-1)
