"""The delivery loop: claim due rows, deliver them concurrently, keep leases alive, stop cleanly.

Why this shape: sends to different chats overlap (bounded by ``concurrency``) so that network
latency does not cap throughput below Telegram's 30/s, while the pacers keep the rate under it.
The loop holds only about two seconds' worth of rows (``rate * 2``), so a crash re-sends or
delays little, and a heartbeat extends the leases of rows it still holds (e.g. during a 429
pause) so that no other worker takes them over. The same coroutine runs inside the bot process
and as ``vet2b outbox work``. Every sender also runs the periodic scan that writes task reminders and
overdue nudges (domain.task_reminders): rows keyed so that N senders scanning write each one once; and,
given a SearchService, the matching of newly active listings against saved searches (domain.alerts).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.ops.metrics import watch_sender
from bot.outbox_sender.acks import AckWriter
from bot.outbox_sender.dbwrite import write
from bot.outbox_sender.delivery import Delivery, FatalSenderError, SenderStats, deliver, prepare
from bot.outbox_sender.leases import Leases
from bot.outbox_sender.pacing import ChatPacer, GlobalPacer
from bot.outbox_sender.render import Renderer
from bot.outbox_sender.shared_pacing import SharedPacer
from domain import alerts, outbox, task_reminders
from domain.models import OutboxMessage
from domain.search.service import SearchService
from domain.timeutil import utcnow

log = logging.getLogger("vet2b.outbox")


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class SenderConfig:
    """``rate_per_s``: at most this many sends per second from this process (29 leaves a margin).

    ``shared_limit``: on PostgreSQL, all workers also share one limit of Telegram's 30/s (and one
    per-chat gap of ``per_chat_interval_s``), so N workers need no ``rate_per_s / N``.
    """

    worker_id: str = field(default_factory=default_worker_id)
    concurrency: int = 16
    rate_per_s: float = 29.0
    per_chat_interval_s: float = 1.0
    lease_s: float = 60.0
    poll_interval_s: float = 0.5
    hold_s: float = 2.0
    stop_grace_s: float = 5.0
    due_scan_s: float = 60.0  # how often reminders and overdue nudges are looked for (0: never)
    alert_scan_s: float = 2.0  # how often newly active listings are matched against saved searches (0: never)
    retry: outbox.RetryPolicy = outbox.DEFAULT_RETRY
    shared_limit: bool = True

    @property
    def max_held(self) -> int:
        return max(self.concurrency, math.ceil(self.rate_per_s * self.hold_s))


async def _heartbeat(leases: Leases) -> None:
    while True:
        await asyncio.sleep(leases.lease_s / 3)
        try:
            lost = await leases.renew()
        except Exception:
            log.exception("extending outbox leases failed")
            continue
        if lost:
            log.warning("outbox leases of %d rows ran out and were taken over; not sending them", len(lost))


async def _scan_due(factory: async_sessionmaker[AsyncSession], every_s: float, clock: Callable[[], datetime]) -> None:
    """Write the task reminders and overdue nudges owed now; their dedupe keys make each one once."""
    while True:
        try:
            written = await write(factory, task_reminders.scan, clock())
            if written:
                log.debug("due-time scan offered %d reminders/nudges", written)
        except Exception:
            log.exception("the due-time scan failed; trying again in %.0fs", every_s)
        await asyncio.sleep(every_s)


async def _match_alerts(factory: async_sessionmaker[AsyncSession], search: SearchService, every_s: float) -> None:
    """Match listings that became active against the saved searches (domain.alerts), a batch at a time."""
    while True:
        backlog = 0
        try:
            written = await write(factory, alerts.match_activations, search)
            if written:
                log.info("saved-search matching wrote %d alerts", written)
            backlog = await write(factory, alerts.pending_activations)  # a big import: the next batch at once
        except Exception:
            log.exception("saved-search matching failed; trying again in %.0fs", every_s)
        await asyncio.sleep(0 if backlog else every_s)


async def _claim_due(
    session: AsyncSession, worker_id: str, limit: int, lease_s: float, chat_gap_s: float
) -> list[OutboxMessage]:
    return await outbox.claim_due(session, worker_id, limit, lease_s=lease_s, chat_gap_s=chat_gap_s)


def _shares_limits(factory: async_sessionmaker[AsyncSession], config: SenderConfig) -> bool:
    bind = factory.kw.get("bind")
    return config.shared_limit and bind is not None and bind.dialect.name == "postgresql"


def _pacer(factory: async_sessionmaker[AsyncSession], config: SenderConfig) -> GlobalPacer:
    if _shares_limits(factory, config):
        return SharedPacer(config.rate_per_s, factory, config.worker_id)
    return GlobalPacer(config.rate_per_s)


class _Claimer:
    """Claims rows, keeping PostgreSQL's statistics fresh enough for a good claim plan."""

    ANALYZE_EVERY_S = 5.0

    def __init__(self, factory: async_sessionmaker[AsyncSession], config: SenderConfig) -> None:
        self._factory = factory
        self._config = config
        self._checked = -math.inf

    async def __call__(self, limit: int) -> list[OutboxMessage]:
        if time.monotonic() - self._checked >= self.ANALYZE_EVERY_S:
            self._checked = time.monotonic()
            if await write(self._factory, outbox.analyze_if_stale):
                log.info("refreshed outbox statistics")
        config = self._config
        gap = config.per_chat_interval_s if _shares_limits(self._factory, config) else 0.0
        return await write(self._factory, _claim_due, config.worker_id, limit, config.lease_s, gap)


async def run_sender(
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    renderer: Renderer,
    *,
    stop_event: asyncio.Event,
    config: SenderConfig | None = None,
    clock: Callable[[], datetime] = utcnow,
    search: SearchService | None = None,
) -> SenderStats:
    """Deliver outbox rows until ``stop_event`` is set; returns the counters. ``clock`` is the time the
    due-time scan reads (tests move it). With ``search`` (the bot's, in-process) it also matches newly
    active listings against saved searches every ``config.alert_scan_s``.

    ``bot`` must be initialised and have an HTTP pool of at least ``config.concurrency``
    connections (see :func:`bot.outbox_sender.worker.make_bot`).
    """
    config = config or SenderConfig()
    stats = SenderStats()
    watch_sender(stats)  # its counters appear in /metrics
    d = Delivery(
        bot=bot,
        factory=session_factory,
        renderer=renderer,
        pacer=_pacer(session_factory, config),
        chats=ChatPacer(config.per_chat_interval_s),
        slots=asyncio.Semaphore(config.concurrency),
        retry=config.retry,
        stats=stats,
        fatal=asyncio.Event(),
        acks=AckWriter(session_factory),
        leases=Leases(session_factory, config.worker_id, config.lease_s),
    )
    held: dict[int, asyncio.Task[None]] = {}
    freed = asyncio.Event()
    claim = _Claimer(session_factory, config)
    heartbeat = asyncio.create_task(_heartbeat(d.leases))
    chores = [heartbeat]
    if config.due_scan_s > 0:
        chores.append(asyncio.create_task(_scan_due(session_factory, config.due_scan_s, clock)))
    if search is not None and config.alert_scan_s > 0:
        chores.append(asyncio.create_task(_match_alerts(session_factory, search, config.alert_scan_s)))
    stopping = asyncio.create_task(stop_event.wait())
    shared = " (limits shared with other workers)" if isinstance(d.pacer, SharedPacer) else ""
    log.info("outbox sender %s: up to %.1f msg/s%s, concurrency %d", config.worker_id, config.rate_per_s, shared,
             config.concurrency)  # fmt: skip
    try:
        while not stop_event.is_set() and not d.fatal.is_set():
            freed.clear()
            free = config.max_held - len(held)
            rows: list[OutboxMessage] = []
            if free >= max(1, config.max_held // 4) or not held:
                asked_at = d.leases.now()
                try:
                    rows = await claim(free)
                except Exception:
                    log.exception("claiming outbox rows failed; retrying")
                # A row of ours whose lease ran out while it waited (a stalled loop) comes back
                # from the claim; its delivery task is still running, so it must not get a second.
                rows = [row for row in rows if row.id not in held]
                d.leases.add((row.id for row in rows), asked_at)
            stats.claimed += len(rows)
            try:
                ready = await prepare(d, rows) if rows else []
            except Exception:  # the database went away: the leases expire and the rows come back
                log.exception("preparing outbox rows failed")
                ready = []
            for row_id in {row.id for row in rows} - {item.row.id for item in ready}:
                d.leases.drop(row_id)  # settled while preparing
            for item in ready:
                task = asyncio.create_task(deliver(d, item))
                held[item.row.id] = task
                task.add_done_callback(functools.partial(_settled, held, d.leases, item.row.id, stats, freed))
            if len(rows) < free or not rows:
                # Nothing more is due (or we hold enough): wait for a slot, a stop, or the next poll.
                waking = asyncio.create_task(freed.wait())
                await asyncio.wait({stopping, waking}, timeout=config.poll_interval_s, return_when="FIRST_COMPLETED")
                waking.cancel()
    finally:
        await _stop(session_factory, config, held, chores, stopping)
        await d.acks.close()
        await d.pacer.close()
    if d.fatal.is_set():
        raise FatalSenderError("; ".join(stats.errors) or "Telegram rejected the bot token")
    return stats


def _settled(
    held: dict[int, asyncio.Task[None]],
    leases: Leases,
    row_id: int,
    stats: SenderStats,
    freed: asyncio.Event,
    task: asyncio.Task[None],
) -> None:
    held.pop(row_id, None)
    leases.drop(row_id)
    freed.set()
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        stats.errors.append(f"row {row_id}: {error!r}")
        log.error("outbox row %s: delivery crashed: %r (lease will expire and it is retried)", row_id, error)


async def _stop(
    factory: async_sessionmaker[AsyncSession],
    config: SenderConfig,
    held: dict[int, asyncio.Task[None]],
    chores: list[asyncio.Task[None]],
    stopping: asyncio.Task[bool],
) -> None:
    """Let sends in flight finish (so they are recorded, not re-sent), then hand back the rest."""
    if held:
        await asyncio.wait(list(held.values()), timeout=config.stop_grace_s)
    for task in [*held.values(), *chores, stopping]:
        task.cancel()
    for task in [*held.values(), *chores, stopping]:
        with contextlib.suppress(BaseException):
            await task
    try:
        released = await write(factory, outbox.release_claims, config.worker_id)
        log.info("outbox sender %s stopped; %d claimed rows handed back", config.worker_id, released)
    except Exception:
        log.exception("releasing outbox claims failed; they expire after %.0fs", config.lease_s)
