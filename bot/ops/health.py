"""``GET /healthz`` and ``GET /metrics`` on a small HTTP server of their own (METRICS_LISTEN:METRICS_PORT).

Why a separate port and not the webhook server: polling replicas and outbox workers have no HTTP
server, and health must not be reachable from the internet where the webhook is. Why 503 only for
the database: without it the bot can do nothing, so a load balancer should stop sending it
updates; without Rasa it still answers (free text is treated as a search), so that is reported
as ``"degraded"`` with 200.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.ops import metrics
from domain.models import OutboxMessage, OutboxStatus
from domain.timeutil import as_utc, utcnow
from nlu.client import NluClient

log = logging.getLogger(__name__)
DATABASE_TIMEOUT_S = 3.0
NLU_TIMEOUT_S = 1.0
PENDING = OutboxStatus.pending.value


@dataclass
class Probe:
    """What this process depends on: the database always, the NLU server in a bot replica."""

    factory: async_sessionmaker[AsyncSession]
    role: str  # "bot" or "outbox-worker": which process answered, in the report
    nlu: NluClient | None = None

    async def report(self) -> tuple[int, dict[str, Any]]:
        """HTTP status and the JSON body of /healthz; also updates the backlog gauges."""
        database, outbox = await self._database()
        nlu = await self._nlu() if self.nlu is not None else {"status": "not used"}
        if database["status"] != "ok":
            status = "unavailable"
        elif nlu["status"] not in ("ok", "not used"):
            status = "degraded"
        else:
            status = "ok"
        body = {"status": status, "role": self.role, "database": database, "nlu": nlu, "outbox": outbox}
        return (503 if status == "unavailable" else 200), body

    async def _database(self) -> tuple[dict[str, Any], dict[str, Any]]:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_S), self.factory() as session:
                backlog = await _backlog(session)
        except Exception as exc:  # unreachable, timed out, schema missing: all mean "cannot serve"
            metrics.DATABASE_UP.set(0)
            if isinstance(exc, TimeoutError):
                metrics.DATABASE_ERRORS.inc()  # a timeout never reaches the driver's error hook
            reason = (str(exc).strip().splitlines() or [""])[0][:200]
            return {"status": "unreachable", "error": f"{type(exc).__name__}: {reason}".rstrip(": ")}, {}
        metrics.DATABASE_UP.set(1)
        metrics.OUTBOX_PENDING.set(backlog["pending"])
        metrics.OUTBOX_DUE.set(backlog["due"])
        metrics.OUTBOX_OLDEST_DUE_AGE.set(backlog["oldest_due_age_s"] or 0.0)
        return {"status": "ok", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}, backlog

    async def _nlu(self) -> dict[str, Any]:
        assert self.nlu is not None
        circuit = "open" if self.nlu.circuit_open else "closed"
        return {"status": await self.nlu.health(NLU_TIMEOUT_S), "circuit": circuit}


async def _backlog(session: AsyncSession) -> dict[str, Any]:
    """Pending rows, those already due, and how late the oldest due one is: two indexed aggregates.

    Not domain.outbox.outbox_status: that counts every row by status, a full scan of a table
    that only grows, too slow for a probe every few seconds.
    """
    now = utcnow()
    pending = await session.scalar(select(func.count()).where(OutboxMessage.status == PENDING))
    due, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.not_before)).where(
                OutboxMessage.status == PENDING, OutboxMessage.not_before <= now
            )
        )
    ).one()
    age = None if oldest is None else round(max(0.0, (now - as_utc(oldest)).total_seconds()), 1)
    return {"pending": int(pending or 0), "due": int(due or 0), "oldest_due_age_s": age}


def make_app(probe: Probe) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        status, body = await probe.report()
        return web.json_response(body, status=status)

    async def metrics_page(_request: web.Request) -> web.Response:
        await probe.report()  # fresh backlog and database gauges for this scrape
        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    return app


@asynccontextmanager
async def serve(settings: Settings, probe: Probe) -> AsyncIterator[int | None]:
    """:func:`serving` on METRICS_LISTEN:METRICS_PORT, or nothing when METRICS_PORT is 0."""
    if settings.metrics_port == 0:
        yield None
        return
    async with serving(probe, settings.metrics_listen, settings.metrics_port) as port:
        yield port


@asynccontextmanager
async def serving(probe: Probe, host: str, port: int) -> AsyncIterator[int | None]:
    """Serve /healthz and /metrics while the block runs; yields the port (None if it could not bind).

    A port that cannot be bound is logged, not fatal: the bot itself can still serve people,
    and the operator's health check will show the problem.
    """
    runner = web.AppRunner(make_app(probe), access_log=None)  # probes every few seconds: no access log
    await runner.setup()
    bound: int | None = None
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            log.error("health and metrics server could not listen on %s:%s: %s", host, port, exc.strerror or exc)
        else:
            bound = int(runner.addresses[0][1]) if runner.addresses else port
            log.info("health and metrics on http://%s:%s/healthz and /metrics", host, bound)
        yield bound
    finally:
        await runner.cleanup()
