"""Helpers for tests that run `vet2b outbox work` as real OS processes against an in-process fake Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import outbox
from domain.db import transaction
from domain.models import OutboxMessage
from tests.fake_telegram import FakeTelegram
from tests.outbox.helpers import TELEGRAM_BASE, make_people

VET2B = Path(sys.executable).with_name("vet2b")


async def start_worker(
    server: FakeTelegram,
    database_url: str,
    worker_id: str,
    *,
    rate: float,
    concurrency: int = 32,
    lease_s: float = 5,
    wait_ready: bool = False,
) -> asyncio.subprocess.Process:
    """Start ``vet2b outbox work``; with ``wait_ready``, return once its delivery loop runs.

    Why wait: a worker's start (imports, the search index) takes seconds on a loaded CI machine; a
    test about how workers share rows must not let the first one send everything before the
    second is up.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "LOG_LEVEL": "INFO" if wait_ready else "WARNING",
        "METRICS_PORT": "0",  # several workers on one host: no health server each
    }
    args = ["outbox", "work", "--worker-id", worker_id, "--rate", str(rate), "--concurrency", str(concurrency),
            "--lease", str(lease_s)]  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        str(VET2B), *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    if wait_ready:
        await _started(proc, worker_id)
    return proc


async def _started(proc: asyncio.subprocess.Process, worker_id: str, timeout: float = 120) -> None:
    """Read the worker's log until its loop announces itself ("outbox sender <id>: up to …")."""
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while f"outbox sender {worker_id}:" not in (seen[-1] if seen else ""):
        line = await asyncio.wait_for(proc.stderr.readline(), max(deadline - time.monotonic(), 0.1))
        if not line:
            raise AssertionError(f"worker {worker_id} exited before it was ready: {''.join(seen)[-2000:]}")
        seen.append(line.decode())


async def stop_worker(proc: asyncio.subprocess.Process, timeout: float = 20) -> tuple[int, str, str]:
    """SIGTERM, then the exit code and output (a graceful stop must exit 0)."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode or 0, out.decode(), err.decode()


@contextlib.asynccontextmanager
async def reaped(procs: list[asyncio.subprocess.Process]) -> AsyncIterator[None]:
    """Kill any worker still running when the test ends, pass or fail (no orphans on a shared machine)."""
    try:
        yield
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


async def count(db: async_sessionmaker[AsyncSession], *where: object) -> int:
    async with db() as s:
        return int(await s.scalar(select(func.count()).select_from(OutboxMessage).where(*where)) or 0)  # type: ignore[arg-type]


async def wait_for(
    check: Callable[[], Awaitable[bool]], timeout: float, procs: list[asyncio.subprocess.Process]
) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        for proc in procs:
            if proc.returncode is not None:
                _, err = await proc.communicate()
                raise AssertionError(f"worker exited {proc.returncode}: {err.decode()[-2000:]}")
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def fan_out(
    db: async_sessionmaker[AsyncSession], server: FakeTelegram, recipients: int, per_recipient: int
) -> list[int]:
    """Rows numbered in the text as "<person index>/<n>" so the fake's records can be checked."""
    people = await make_people(db, recipients)
    for i in range(recipients):
        server.add_user(TELEGRAM_BASE + i, f"P{i}")
    notes = [outbox.Notification(p, "test", {"text": f"{i}/{n}"}) for n in range(per_recipient)
             for i, p in enumerate(people)]  # fmt: skip
    async with transaction(db) as s:
        for start in range(0, len(notes), 2000):
            await outbox.enqueue_many(s, notes[start : start + 2000])
    return people


def delivered(server: FakeTelegram, recipients: int) -> Counter[str]:
    """How many times the fake received each text."""
    return Counter(m.text or "" for i in range(recipients) for m in server.messages(TELEGRAM_BASE + i))


async def settled_deliveries(server: FakeTelegram, recipients: int, quiet_s: float = 1.0) -> Counter[str]:
    """:func:`delivered` once the fake has received nothing new for ``quiet_s``.

    Why: requests a killed worker had already written to its sockets still reach the fake after
    the process is gone; counted too early they look like duplicates made later.
    """
    last = delivered(server, recipients)
    for _ in range(30):
        await asyncio.sleep(quiet_s)
        now = delivered(server, recipients)
        if now == last:
            return now
        last = now
    return last
