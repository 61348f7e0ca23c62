"""Outbox fan-out throughput under Telegram's limits: N notifications to N distinct chats.

Usage: python bench/fanout.py [--notifications 10000] [--rate 29] [--workers 1] [--database-url URL]
Runs the fake Telegram server as its own process with Telegram's limits (30 msg/s per bot,
1 msg/s per chat), a fresh database (a temporary SQLite file unless --database-url is given;
--workers 2 or more needs an empty PostgreSQL database), and `--workers` processes of
`vet2b outbox work` as the senders, each started with the same `--rate` (they share Telegram's
limit through PostgreSQL). Last line: one JSON object with achieved_per_s (sent_at span of the
delivered rows, all workers together), ratio_to_limit (goal >= 0.95), lost (goal 0), duplicates
(goal 0), http_429 (goal 0), sent_per_worker. 10,000 at 29/s takes about six minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from domain import outbox
from domain.db import make_engine, make_session_factory, transaction
from domain.migrate import upgrade
from domain.models import OutboxMessage
from domain.timeutil import as_utc
from tests.fake_telegram import FakeTelegramControl
from tests.outbox.helpers import TELEGRAM_BASE, make_people

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123:BENCH"
TELEGRAM_LIMIT_PER_S = 30.0


async def start_fake() -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fake_telegram", "--port", "0", "--token", TOKEN,
        "--global-per-s", "30", "--per-chat-per-s", "1", "--per-chat-burst", "3",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
    if not line.startswith("READY "):
        raise RuntimeError(f"fake Telegram did not start: {line!r}")
    return proc, line.split(" ", 1)[1]


async def in_batches(items: range, work: Callable[[int], Awaitable[Any]], width: int = 50) -> list[Any]:
    results: list[Any] = []
    for start in range(0, len(items), width):
        results += await asyncio.gather(*(work(i) for i in items[start : start + width]))
    return results


async def run(args: argparse.Namespace) -> dict[str, Any]:
    n = args.notifications
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='vet2b-fanout-')}/bench.sqlite3"
    await upgrade(url)
    engine = make_engine(url)
    db = make_session_factory(engine)
    people = await make_people(db, n)
    async with transaction(db) as s:
        await outbox.enqueue_many(
            s, [outbox.Notification(p, "bench", {"text": f"bench {i}"}) for i, p in enumerate(people)]
        )
    fake, base_url = await start_fake()
    try:
        async with FakeTelegramControl(base_url) as tg:
            await in_batches(range(n), lambda i: tg.add_user(TELEGRAM_BASE + i, f"S{i}"))
            env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url,
                   "LOG_LEVEL": "WARNING", "METRICS_PORT": "0"}  # fmt: skip
            vet2b = str(Path(sys.executable).with_name("vet2b"))
            command = [vet2b, "outbox", "work", "--rate", str(args.rate)]
            workers = [
                await asyncio.create_subprocess_exec(
                    *command, "--worker-id", f"bench-{n}", env=env, stdout=asyncio.subprocess.PIPE
                )
                for n in range(args.workers)
            ]
            started = time.monotonic()
            while True:
                await asyncio.sleep(2)
                async with db() as s:
                    pending = await s.scalar(select(func.count()).where(OutboxMessage.status == "pending"))
                print(f"{time.monotonic() - started:6.0f}s pending {pending}", file=sys.stderr, flush=True)
                if not pending or any(w.returncode is not None for w in workers):
                    break
            shares = []
            for worker in workers:
                if worker.returncode is None:
                    worker.send_signal(signal.SIGTERM)
                out, _ = await worker.communicate()
                last = (out.decode().strip().splitlines() or ["{}"])[-1]
                shares.append(json.loads(last).get("sent") if last.startswith("{") else None)
            stats = await tg.stats()
            per_chat = await in_batches(range(n), lambda i: tg.messages(TELEGRAM_BASE + i))
    finally:
        fake.send_signal(signal.SIGTERM)
        await fake.wait()
    async with db() as s:
        first, last, sent = (
            await s.execute(
                select(func.min(OutboxMessage.sent_at), func.max(OutboxMessage.sent_at), func.count()).where(
                    OutboxMessage.status == "sent"
                )
            )
        ).one()
    await engine.dispose()
    received = Counter(m["text"] for msgs in per_chat for m in msgs)
    span = (as_utc(last) - as_utc(first)).total_seconds() if sent > 1 else 0.0
    achieved = (sent - 1) / span if span > 0 else 0.0
    return {
        "notifications": n,
        "chats": n,
        "rate_setting_per_s": args.rate,
        "achieved_per_s": round(achieved, 2),
        "ratio_to_limit": round(achieved / TELEGRAM_LIMIT_PER_S, 3),
        "lost": n - len(set(received) & {f"bench {i}" for i in range(n)}),
        "duplicates": sum(received.values()) - len(received),
        "http_429": stats["http_429"],
        "send_requests": stats["per_method"].get("sendMessage", 0),
        "workers": args.workers,
        "sent_per_worker": shares,
        "wall_s": round(time.monotonic() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=29.0)
    parser.add_argument("--workers", type=int, default=1, help="sender processes (2+ need PostgreSQL)")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if args.workers > 1 and not (args.database_url or "").startswith("postgresql"):
        parser.error("--workers 2 or more needs --database-url postgresql://… (an empty database)")
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
