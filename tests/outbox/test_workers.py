"""Real worker processes: `kill -9` in the middle of a fan-out, and two workers sharing PostgreSQL.

Why processes: the promises under test are about what survives a process (rows, leases) and
what two processes do to each other (SKIP LOCKED), which in-process tests cannot show.
The fake's global limit is off and the workers run at 1,000 msg/s so the suite stays fast;
pacing itself is tested in test_sender.py and measured by bench/fanout.py at Telegram's 30/s.
"""

from __future__ import annotations

import asyncio
import os
import signal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import outbox
from domain.db import transaction
from domain.models import OutboxMessage
from tests.fake_telegram import FakeTelegram
from tests.outbox.helpers import TELEGRAM_BASE, make_people, make_task_assignment
from tests.outbox.processes import (
    count,
    delivered,
    fan_out,
    reaped,
    settled_deliveries,
    start_worker,
    stop_worker,
    wait_for,
)

Factory = async_sessionmaker[AsyncSession]
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")]

PENDING = OutboxMessage.status == "pending"
SENT = OutboxMessage.status == "sent"


async def test_kill_9_mid_fanout_loses_nothing(db: Factory, database_url: str) -> None:
    total = 5000
    async with FakeTelegram(token="123:TEST", global_per_s=None, per_chat_per_s=1, per_chat_burst=3) as server:
        await fan_out(db, server, total, 1)
        procs: list[asyncio.subprocess.Process] = []
        async with reaped(procs):
            first = await start_worker(server, database_url, "crash-1", rate=1000, lease_s=5)
            procs.append(first)

            async def some_sent() -> bool:
                return await count(db, SENT) >= total // 3

            await wait_for(some_sent, 240, [first])
            first.send_signal(signal.SIGKILL)
            await first.wait()
            in_flight = await count(db, PENDING, OutboxMessage.claimed_by == "crash-1")
            unrecorded = sum((await settled_deliveries(server, total)).values()) - await count(db, SENT)

            second = await start_worker(server, database_url, "crash-2", rate=1000, lease_s=5)
            procs.append(second)

            async def all_sent() -> bool:
                return await count(db, PENDING) == 0

            await wait_for(all_sent, 480, [second])
            code, _, err = await stop_worker(second)
            assert code == 0, err
        received = delivered(server, total)
        duplicates = sum(received.values()) - len(received)
        print(f"\ncrash: claimed at kill {in_flight}, delivered-but-unrecorded {unrecorded}, duplicates {duplicates}")
        assert set(received) == {f"{i}/0" for i in range(total)}  # every notification delivered
        assert await count(db, SENT) == total
        assert duplicates == unrecorded <= in_flight


@pytest.mark.skipif(not os.environ.get("VET2B_TEST_DATABASE_URL"), reason="needs PostgreSQL")
async def test_two_workers_on_postgresql_deliver_each_row_once_in_order(db: Factory, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL (SKIP LOCKED); SQLite runs one")
    recipients, per_recipient = 2500, 4
    total = recipients * per_recipient
    # Telegram's 1 message/s per chat, without even a burst: consecutive rows of one recipient are
    # claimed by either worker, so only a limit the two share keeps them a second apart.
    async with FakeTelegram(token="123:TEST", global_per_s=None, per_chat_per_s=1, per_chat_burst=1) as server:
        await fan_out(db, server, recipients, per_recipient)
        workers: list[asyncio.subprocess.Process] = []
        async with reaped(workers):
            workers += [await start_worker(server, database_url, f"pg-{n}", rate=1000, lease_s=30) for n in (1, 2)]

            async def all_sent() -> bool:
                return await count(db, PENDING) == 0

            await wait_for(all_sent, 480, workers)
            results = [await stop_worker(w) for w in workers]
        assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
        received = delivered(server, recipients)
        for _, _, err in results:  # why a worker retried, if it did (shown when the assertion fails)
            print(
                "\n".join(line for line in err.splitlines() if "retry" in line.lower() or "timed" in line.lower())[
                    -3000:
                ]
            )
        assert sum(received.values()) == total and len(received) == total  # each exactly once
        assert server.stats.http_429 == 0
        for i in range(0, recipients, 97):
            texts = [m.text for m in server.messages(TELEGRAM_BASE + i)]
            assert texts == [f"{i}/{n}" for n in range(per_recipient)]  # order per recipient kept
        shares = [int(out.strip().splitlines()[-1].split('"sent": ')[1].split(",")[0]) for _, out, _ in results]
        print(f"\ntwo workers: {total} rows, sent per worker {shares}")
        assert sum(shares) == total and min(shares) > total // 10  # both did real work


@pytest.mark.skipif(not os.environ.get("VET2B_TEST_DATABASE_URL"), reason="needs PostgreSQL")
async def test_two_workers_at_full_rate_share_telegrams_limit(db: Factory, database_url: str) -> None:
    """Each worker may send 29/s on its own; together they must still stay within Telegram's 30/s."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL (SKIP LOCKED); SQLite runs one")
    total = 600
    async with FakeTelegram(token="123:TEST", global_per_s=30, per_chat_per_s=1, per_chat_burst=1) as server:
        workers: list[asyncio.subprocess.Process] = []
        async with reaped(workers):
            for n in (1, 2):  # both running before there is anything to send: neither may take it all
                worker = await start_worker(server, database_url, f"limit-{n}", rate=29, lease_s=30, wait_ready=True)
                workers.append(worker)
            await fan_out(db, server, total, 1)

            async def all_sent() -> bool:
                return await count(db, PENDING) == 0

            await wait_for(all_sent, 240, workers)
            results = [await stop_worker(w) for w in workers]
        assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
        received = delivered(server, total)
        shares = [int(out.strip().splitlines()[-1].split('"sent": ')[1].split(",")[0]) for _, out, _ in results]
        print(f"\nshared limit: {total} rows, sent per worker {shares}, 429s {server.stats.http_429}")
        assert len(received) == total and sum(received.values()) == total
        assert server.stats.http_429 == 0
        assert min(shares) > total // 10  # both sent: the limit is shared, not taken by one


async def test_a_worker_process_renders_what_the_journeys_write(db: Factory, database_url: str) -> None:
    """`vet2b outbox work` must word a task, an enquiry… as the bot does, not skip what it cannot render."""
    async with FakeTelegram(token="123:TEST", global_per_s=None) as server:
        (student,) = await make_people(db, 1)
        server.add_user(TELEGRAM_BASE, "P0")
        assignment = await make_task_assignment(db, student)
        async with transaction(db) as s:
            await outbox.enqueue(s, recipient_id=student, kind="task_assigned", payload={"assignment_id": assignment})
        workers: list[asyncio.subprocess.Process] = []
        async with reaped(workers):
            workers.append(await start_worker(server, database_url, "render-1", rate=1000))

            async def all_sent() -> bool:
                return await count(db, PENDING) == 0

            await wait_for(all_sent, 60, workers)
            code, _, err = await stop_worker(workers[0])
        assert code == 0, err
        texts = [m.text or "" for m in server.messages(TELEGRAM_BASE)]
    assert len(texts) == 1 and "Bake" in texts[0]  # the task's title, in the student's message
    assert await count(db, SENT, OutboxMessage.telegram_message_id.is_not(None)) == 1
