"""Composition: build the long-lived collaborators (database, NLU client, search, signer) once per process."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.core.callbacks import CallbackSigner
from bot.core.turn import Services
from bot.ops.metered import MeteredNluClient, MeteredSearchService
from bot.ops.metrics import watch_engine
from domain.db import is_sqlite, make_engine, make_session_factory
from domain.timeutil import utcnow


def callback_secret(settings: Settings) -> bytes:
    """The key for signed buttons: CALLBACK_SECRET if set, else derived from the bot token (or the Rasa
    token on a machine without a bot token), so replicas of one bot agree without extra configuration."""
    base = settings.callback_secret or settings.telegram_bot_token or settings.rasa_token
    return hashlib.sha256(f"vet2b-callbacks|{base}".encode()).digest()


def skip_missing_sniffio() -> None:
    """Make `import sniffio` fail at once when it is not installed.

    Why: httpcore (under httpx, so every Telegram and Rasa request) tries `import sniffio` each time it
    sets up a lock, and a failed import searches sys.path again every time: measured 0.15 ms of CPU per
    Telegram request (of 0.95). A None in sys.modules makes the import fail without searching; httpcore
    then assumes asyncio, which is what we run. If sniffio is installed, nothing changes.
    """
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


POOL_KEPT, POOL_MAX = 12, 15  # database connections kept open, and at most at once


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    skip_missing_sniffio()
    # A pre-ping finds PostgreSQL connections that the server closed; a SQLite file has none, and the ping
    # would be one more statement (and thread hop) per transaction.
    # The pool keeps as many connections as are used at once under load (8 updates handled at once, the menu
    # refresh, the outbox sender): with SQLAlchemy's default 5 kept and 10 more allowed, the ones above 5 were
    # closed as they came back and opened again for the next update (on SQLite a new thread each, plus its
    # pragmas; on PostgreSQL a new login). At most 15 at once, as before.
    engine = make_engine(
        settings.database_url,
        pool_pre_ping=not is_sqlite(settings.database_url),
        pool_size=POOL_KEPT,
        max_overflow=POOL_MAX - POOL_KEPT,
    )
    watch_engine(engine)
    nlu = MeteredNluClient(settings.rasa_url, settings.rasa_token)
    try:
        yield Services(
            factory=make_session_factory(engine),
            nlu=nlu,
            search=MeteredSearchService(),
            signer=CallbackSigner(callback_secret(settings)),
            bot_username=settings.telegram_bot_username,
            clock=utcnow,
            contact=settings.contact,
        )
    finally:
        await nlu.aclose()
        await engine.dispose()
