"""A standalone sender process (``vet2b outbox work``): bot client, signals, the loop.

Why separate from the bot: when one process cannot keep up, or the bot runs as several webhook
replicas, delivery scales as its own workers (PostgreSQL; SQLite keeps one). SIGTERM/SIGINT
stop it gracefully: sends in flight are recorded, unsent claims are handed back.
"""

from __future__ import annotations

import asyncio
import signal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.outbox_sender.delivery import SenderStats
from bot.outbox_sender.loop import SenderConfig, run_sender
from bot.outbox_sender.render import DefaultRenderer, Renderer
from bot.telegram_http import AiohttpRequest
from domain.search.service import SearchService

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


def make_bot(token: str, base_url: str | None = None, *, concurrency: int = 16, timeout_s: float = 30.0) -> Bot:
    """A Bot whose HTTP pool fits ``concurrency`` parallel sends (PTB's Bot default is tuned for polling), over
    our aiohttp client (bot/telegram_http.py: a third of httpx's CPU per request)."""
    request = AiohttpRequest(
        connection_pool_size=concurrency + 2,
        read_timeout=timeout_s,
        write_timeout=timeout_s,
        connect_timeout=timeout_s,
        pool_timeout=timeout_s,
    )
    return Bot(token, base_url=base_url or DEFAULT_API_BASE_URL, request=request)


async def run_worker(
    token: str,
    factory: async_sessionmaker[AsyncSession],
    config: SenderConfig,
    *,
    base_url: str | None = None,
    renderer: Renderer | None = None,
    search: SearchService | None = None,
) -> SenderStats:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with make_bot(token, base_url, concurrency=config.concurrency) as bot:
            return await run_sender(
                bot, factory, renderer or DefaultRenderer(), stop_event=stop, config=config, search=search
            )
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
