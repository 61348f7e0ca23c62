"""`vet2b outbox status|work`: what is owed and how late, and a standalone delivery worker."""

from __future__ import annotations

import dataclasses
import json
import os

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, catalogues_ready, cli, notice, settings, with_database
from bot.core.callbacks import CallbackSigner
from bot.notifications import NotificationRenderer
from bot.ops import health, logs
from bot.ops.metrics import watch_engine
from bot.outbox_sender import FatalSenderError, SenderConfig, SenderStats, default_worker_id, run_worker
from bot.services import callback_secret
from domain.db import is_sqlite
from domain.outbox import OutboxReport, outbox_status
from domain.search.service import SearchService


@cli.group("outbox")
def outbox() -> None:
    """Notifications waiting for delivery (the outbox)."""


@outbox.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status(as_json: bool) -> None:
    """Pending (due now / scheduled), sent, skipped and failed counts, and how late the oldest due row is."""

    async def work(factory: async_sessionmaker[AsyncSession]) -> OutboxReport:
        async with factory() as session:
            return await outbox_status(session)

    report = with_database(work)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report)))
        return
    age = "-" if report.oldest_due_age_s is None else f"{report.oldest_due_age_s:.0f}s"
    click.echo(f"pending   {report.pending:>8}  (due now {report.due}, scheduled {report.pending - report.due})")
    click.echo(f"sent      {report.sent:>8}")
    click.echo(f"skipped   {report.skipped:>8}")
    click.echo(f"failed    {report.failed:>8}")
    click.echo(f"oldest due pending row waits {age}")


@outbox.command("work")
@click.option("--worker-id", default=None, help="Unique per live worker (default host:pid).")
@click.option("--concurrency", type=click.IntRange(1, 512), default=16, show_default=True, help="Parallel sends.")
@click.option("--rate", type=click.FloatRange(0.1, None), default=29.0, show_default=True,
              help="At most this many messages/s from this worker. On PostgreSQL all workers also share "
                   "Telegram's 30/s and 1/s per chat, so N workers need no 29/N.")  # fmt: skip
@click.option("--lease", "lease_s", type=click.FloatRange(5, None), default=60.0, show_default=True,
              help="Seconds a claimed row stays reserved if this worker dies.")  # fmt: skip
def work(worker_id: str | None, concurrency: int, rate: float, lease_s: float) -> None:
    """Deliver outbox rows until SIGTERM/SIGINT.

    Needs TELEGRAM_BOT_TOKEN; TELEGRAM_API_BASE_URL (e.g. http://127.0.0.1:8081/bot) points it at
    a local Bot API server. Several workers share the load on PostgreSQL; on SQLite run one.
    """
    config = settings()
    if not config.telegram_bot_token:
        raise UserError("TELEGRAM_BOT_TOKEN is not set")
    catalogues_ready()  # notifications are worded in each recipient's language
    token = config.telegram_bot_token
    sender = SenderConfig(
        worker_id=worker_id or default_worker_id(), concurrency=concurrency, rate_per_s=rate, lease_s=lease_s
    )
    if is_sqlite(config.database_url):
        notice("vet2b outbox work: SQLite database: run a single worker", err=True)

    # The same renderer as inside `vet2b run`: every kind the journeys write, in each recipient's language.
    renderer = NotificationRenderer(CallbackSigner(callback_secret(config)))
    logs.set_person_key(callback_secret(config))

    async def run(factory: async_sessionmaker[AsyncSession]) -> SenderStats:
        watch_engine(factory.kw["bind"])
        async with health.serve(config, health.Probe(factory, "outbox-worker")):
            return await run_worker(
                token,
                factory,
                sender,
                base_url=os.environ.get("TELEGRAM_API_BASE_URL") or None,
                renderer=renderer,
                search=SearchService(),  # saved-search alerts are matched by the senders (domain.alerts)
            )

    try:
        stats = with_database(run)
    except FatalSenderError as exc:
        raise UserError(str(exc)) from None
    counts = {k: v for k, v in dataclasses.asdict(stats).items() if k != "errors"}
    if config.log_format == "json":
        notice("outbox worker stopped", stats=counts)
    else:
        click.echo(json.dumps(counts))
