"""Composition: build the long-lived collaborators (database, NLU client, search, signer) once per process."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.core.callbacks import CallbackSigner
from bot.core.turn import Services
from domain.db import make_engine, make_session_factory
from domain.search.service import SearchService
from domain.timeutil import utcnow
from nlu.client import NluClient


def callback_secret(settings: Settings) -> bytes:
    """The key for signed buttons: CALLBACK_SECRET if set, else derived from the bot token (or the Rasa
    token on a machine without a bot token), so replicas of one bot agree without extra configuration."""
    base = settings.callback_secret or settings.telegram_bot_token or settings.rasa_token
    return hashlib.sha256(f"vet2b-callbacks|{base}".encode()).digest()


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    engine = make_engine(settings.database_url, pool_pre_ping=True)
    nlu = NluClient(settings.rasa_url, settings.rasa_token)
    try:
        yield Services(
            factory=make_session_factory(engine),
            nlu=nlu,
            search=SearchService(),
            signer=CallbackSigner(callback_secret(settings)),
            bot_username=settings.telegram_bot_username,
            clock=utcnow,
        )
    finally:
        await nlu.aclose()
        await engine.dispose()
