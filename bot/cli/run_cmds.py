"""`vet2b run` (the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else the console chat) and `vet2b chat`."""

from __future__ import annotations

import asyncio
import signal
from urllib.parse import urlparse

import click

from bot.cli.app import UserError, catalogues_ready, cli, notice, run_async, settings
from bot.config import Settings
from domain.taxonomy import LANGUAGES


@cli.command("chat")
@click.option("--lang", default="en", show_default=True, type=click.Choice(LANGUAGES), help="Language of the personas.")
def chat(lang: str) -> None:
    """The console chat: the same flows as on Telegram, with personas (company, teacher, students)."""
    from bot.console import run_console
    from bot.services import open_services

    catalogues_ready()

    async def work() -> None:
        async with open_services(settings()) as services:
            await run_console(services, lang)

    try:
        run_async(work)
    except RuntimeError as exc:
        raise UserError(str(exc)) from None


@cli.command("run")
@click.option("--webhook", "webhook_url", default=None, help="Public HTTPS URL for Telegram's webhook (production).")
@click.option("--no-sender", is_flag=True, help="Do not deliver notifications here (run 'vet2b outbox work').")
@click.option("--lang", default="en", show_default=True, type=click.Choice(LANGUAGES), help="Console language.")
def run(webhook_url: str | None, no_sender: bool, lang: str) -> None:
    """Start the bot: polling (default) or --webhook URL; the console chat when no TELEGRAM_BOT_TOKEN is set."""
    config = settings()
    catalogues_ready()
    if not config.telegram_bot_token:
        notice("TELEGRAM_BOT_TOKEN is not set: starting the console chat instead.", err=True)
        chat.callback(lang=lang)  # type: ignore[misc]
        return
    if webhook_url and not config.webhook_secret:
        raise UserError("--webhook needs WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -) to verify Telegram's calls")
    _run_telegram(config, webhook_url, with_sender=not no_sender)


def _run_telegram(config: Settings, webhook_url: str | None, *, with_sender: bool) -> None:
    from bot.ops import health, logs
    from bot.services import callback_secret, open_services
    from bot.telegram_app import build_application, running

    assert config.telegram_bot_token is not None
    logs.set_person_key(callback_secret(config))
    webhook = None
    if webhook_url:
        webhook = {
            "listen": config.webhook_listen,
            "port": config.webhook_port,
            "url_path": urlparse(webhook_url).path.lstrip("/") or "telegram",
            "webhook_url": webhook_url,
            "secret_token": config.webhook_secret,
            "allowed_updates": ["message", "callback_query"],
        }

    async def work() -> None:
        async with open_services(config) as services:
            application = build_application(
                services,
                config.telegram_bot_token or "",
                base_url=config.telegram_api_base_url,
                with_sender=with_sender,
            )
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            probe = health.Probe(services.factory, "bot", services.nlu)
            async with health.serve(config, probe), running(application, webhook=webhook):
                await stop.wait()

    run_async(work)
