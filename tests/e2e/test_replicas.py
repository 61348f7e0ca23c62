"""Several replicas, proven: two `vet2b run --webhook` processes behind a round-robin proxy and one
`vet2b outbox work`, on PostgreSQL, serve one person's conversation exactly as one process does.

The company's consecutive updates alternate between the two replicas (as a proxy spreading webhook
calls would send them); the same conversation is then replayed with every update going to one
replica, and both runs must end alike: the same replies in the same order, the same stored state,
the school's teacher notified exactly once. The test plays Telegram: it takes the updates the local
Bot API server queues and POSTs them to a replica's webhook with the secret token. The NLU server is
the real Rasa when it can run here (always under `make test`), else the bot's local fallback.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue, sync_categories
from domain.db import transaction
from domain.invites import create_invite
from domain.models import Base, ConversationState, Enquiry, Membership, Organisation, OutboxMessage, Person
from domain.outbox import KIND_REPLY
from domain.search.service import SearchQuery, SearchService
from domain.taxonomy import DATA_DIR, load_taxonomy
from tests.e2e.harness import TOKEN, plain
from tests.e2e.harness import Person as Chatter
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")]
Factory = async_sessionmaker[AsyncSession]
ROOT = Path(__file__).resolve().parents[2]
SECRET = "replica-secret_42"
PUBLIC_URL = "https://bot.example.org/telegram"  # what Telegram is told; the test POSTs to each replica itself
COMPANY, TEACHER = 1001, 2001
NEED = "birthday cakes for our office party"
NO_RASA = "http://127.0.0.1:9"
QUIET_S = 2.0  # after the last step: long enough for a duplicate notification to show up


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def nlu(request: pytest.FixtureRequest, database_url: str) -> tuple[str, str]:
    """The Rasa server's URL and token if it can run here, else an address where nothing answers."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several replicas need PostgreSQL (SQLite serves one process)")
    try:
        rasa = request.getfixturevalue("rasa_server")  # fails (not skips) under VET2B_REQUIRE_RASA=1
    except pytest.skip.Exception:
        return NO_RASA, "no-rasa"
    return rasa.url, rasa.token


@dataclass
class Process:
    name: str
    proc: asyncio.subprocess.Process
    log: Path
    metrics_port: int
    webhook_port: int | None = None

    def tail(self) -> str:
        return f"--- {self.name} ---\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


async def _start(name: str, args: list[str], env: dict[str, str], tmp: Path, webhook_port: int | None) -> Process:
    log = tmp / f"{name}.log"
    metrics_port = _free_port()
    environment = {**env, "METRICS_PORT": str(metrics_port)}
    if webhook_port is not None:
        environment["PORT"] = str(webhook_port)
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from bot.cli import main; main()", *args,
            cwd=ROOT, env=environment, stdout=out, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
    return Process(name, proc, log, metrics_port, webhook_port)


async def _ready(process: Process, http: httpx.AsyncClient, timeout: float = 90.0) -> None:
    """Health answers 200 and, for a replica, the webhook port accepts connections."""
    deadline = time.monotonic() + timeout
    while True:
        assert process.proc.returncode is None, f"{process.name} exited\n{process.tail()}"
        assert time.monotonic() < deadline, f"{process.name} did not start\n{process.tail()}"
        with contextlib.suppress(httpx.HTTPError):
            health = await http.get(f"http://127.0.0.1:{process.metrics_port}/healthz")
            if health.status_code == 200 and (process.webhook_port is None or _listening(process.webhook_port)):
                return
        await asyncio.sleep(0.2)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def _stop(processes: list[Process]) -> None:
    for process in processes:
        if process.proc.returncode is None:
            process.proc.terminate()
    for process in processes:
        try:
            await asyncio.wait_for(process.proc.wait(), 20)
        except TimeoutError:
            process.proc.kill()
            await process.proc.wait()


@contextlib.asynccontextmanager
async def _deployment(
    server: FakeTelegram, database_url: str, nlu: tuple[str, str], tmp: Path
) -> AsyncIterator[tuple[list[Process], Process]]:
    """Two webhook replicas without a sender, and one outbox worker, as deploy/ runs them."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "WEBHOOK_PORT", "LOG_FORMAT")}
    env.update(DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server.base_url,
               TELEGRAM_BOT_USERNAME="vet2b_test_bot", WEBHOOK_SECRET=SECRET, CALLBACK_SECRET="replicas-share-this",
               WEBHOOK_LISTEN="127.0.0.1", RASA_URL=nlu[0], RASA_TOKEN=nlu[1], LOG_LEVEL="WARNING",
               VET2B_VAR_DIR=str(tmp), PYTHONPATH=str(ROOT))  # fmt: skip
    run = ["run", "--webhook", PUBLIC_URL, "--no-sender"]
    processes: list[Process] = []
    try:
        for n in (1, 2):
            processes.append(await _start(f"replica-{n}", run, env, tmp, _free_port()))
        processes.append(await _start("worker", ["outbox", "work", "--worker-id", "replicas-test"], env, tmp, None))
        async with httpx.AsyncClient(timeout=5) as http:
            for process in processes:
                await _ready(process, http)
        yield processes[:2], processes[2]
    except BaseException:
        for process in processes:
            print(process.tail())
        raise
    finally:
        await _stop(processes)


class Telegram:
    """Telegram's side of the webhook: each person's updates go to the replicas in turn (or all to one)."""

    def __init__(self, server: FakeTelegram, replicas: list[Process], http: httpx.AsyncClient, alternate: bool):
        self.server = server
        self.replicas = replicas
        self.http = http
        self.alternate = alternate
        self.sent: dict[int, list[str]] = {}  # user id -> the replica each of their updates went to

    async def deliver(self) -> None:
        for update in self.server.take_updates():
            body = update.get("message") or update.get("callback_query") or {}
            user = int(body["from"]["id"])
            served = self.sent.setdefault(user, [])
            replica = self.replicas[len(served) % len(self.replicas) if self.alternate else 0]
            served.append(replica.name)
            response = await self.http.post(
                f"http://127.0.0.1:{replica.webhook_port}/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            assert response.status_code == 200, response.text


class Someone(Chatter):
    """A person whose every action reaches the bot through :class:`Telegram`."""

    telegram: Telegram

    async def send(self, text: str, *, reply_to: int | None = None) -> None:
        await super().send(text, reply_to=reply_to)
        await self.telegram.deliver()

    async def press(self, record: MessageRecord, label_part: str) -> None:
        await super().press(record, label_part)
        await self.telegram.deliver()


def _transcript(server: FakeTelegram, chat: int) -> list[tuple[str, str, list[str]]]:
    return [(r.event, plain(r), [label for label, _ in FakeTelegram.buttons(r)]) for r in server.events(chat)]


async def _state(db: Factory) -> dict[str, Any]:
    async with db() as session:
        company = await session.scalar(select(Person).where(Person.telegram_id == COMPANY))
        assert company is not None
        state = await session.get(ConversationState, company.id)
        organisations = (
            await session.execute(
                select(Organisation.name, Organisation.country, Organisation.city, Membership.role)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .where(Membership.person_id == company.id)
            )
        ).all()
        enquiries = (await session.execute(select(Enquiry.listing_id, Enquiry.status, Enquiry.quantity))).all()
        outbox = (  # notifications; not the direct replies Telegram's 1/s per chat deferred (their number is timing)
            await session.execute(
                select(OutboxMessage.recipient_id, OutboxMessage.kind, OutboxMessage.status)
                .where(OutboxMessage.kind != KIND_REPLY)
                .order_by(OutboxMessage.id)
            )
        ).all()
    return {
        "language": company.language,
        "dialogue": None if state is None else (state.flow, state.step, state.data),
        "organisations": [tuple(row) for row in organisations],
        "enquiries": [tuple(row) for row in enquiries],
        "outbox": [tuple(row) for row in outbox],
    }


async def _prepare(db: Factory) -> str:
    """Empty tables, the demo catalogue, and an invitation for the teacher of the school that has the cakes."""
    async with transaction(db) as session:
        names = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
        await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        await sync_categories(session, load_taxonomy())
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    async with db() as session:
        page = await SearchService().search(session, SearchQuery(text=NEED, language="en"))
        school = page.hits[0].organisation_slug
    async with transaction(db) as session:
        return (await create_invite(session, school, "teacher", uses=1, days=1)).token


async def _conversation(
    db: Factory, database_url: str, nlu: tuple[str, str], tmp: Path, *, alternate: bool
) -> dict[str, Any]:
    tmp.mkdir(parents=True, exist_ok=True)
    invite = await _prepare(db)
    async with FakeTelegram(token=TOKEN) as server:
        server.add_user(COMPANY, "Company Owner", language_code="en")
        server.add_user(TEACHER, "Teacher", language_code="en")
        async with _deployment(server, database_url, nlu, tmp) as (replicas, worker), httpx.AsyncClient() as http:
            telegram = Telegram(server, replicas, http, alternate)
            company, teacher = Someone(server, COMPANY, "Company Owner"), Someone(server, TEACHER, "Teacher")
            company.telegram = teacher.telegram = telegram

            await teacher.send(f"/start {invite}")
            await teacher.wait_button("📨")
            joined = teacher.mark()

            # the company's conversation: who they are, where, what they need, an enquiry sent
            await company.send("/start")
            await company.press(await company.wait_button("🏢"), "🏢")
            await company.wait()
            await company.send("Bright Office Ltd")
            await company.wait()
            await company.send("LV")
            await company.wait()
            await company.send("Riga")
            await company.wait()
            await company.send(NEED)
            await company.press(await company.wait_button("✉️"), "✉️")
            await company.wait()
            await company.send("20")
            await company.press(await company.wait_button("⏭"), "⏭")
            await company.press(await company.wait_button("⏭"), "⏭")
            await company.press(await company.wait_button("📨"), "📨")
            await company.wait()

            await teacher.wait_button("✅", after=joined)  # the school is told, through the outbox worker
            await asyncio.sleep(QUIET_S)  # …and only once
            metrics = {r.name: (await http.get(f"http://127.0.0.1:{r.metrics_port}/metrics")).text for r in replicas}
            health = (await http.get(f"http://127.0.0.1:{worker.metrics_port}/healthz")).json()
        return {
            "company": _transcript(server, COMPANY),
            "teacher": _transcript(server, TEACHER)[joined:],
            "state": await _state(db),
            "served": telegram.sent[COMPANY],
            "metrics": metrics,
            "worker_health": health,
        }


async def test_two_replicas_serve_one_conversation_exactly_as_one_process(
    db: Factory, database_url: str, nlu: tuple[str, str], tmp_path: Path
) -> None:
    one = await _conversation(db, database_url, nlu, tmp_path / "one", alternate=False)
    two = await _conversation(db, database_url, nlu, tmp_path / "two", alternate=True)

    assert set(one["served"]) == {"replica-1"}
    assert two["served"][:4] == ["replica-1", "replica-2", "replica-1", "replica-2"]  # consecutive updates alternate
    assert two["company"] == one["company"]  # the same replies, in the same order
    assert two["teacher"] == one["teacher"]
    assert two["state"] == one["state"]
    (notice,) = [event for event in two["teacher"] if event[0] == "sent"]  # notified exactly once
    assert "✅" in " ".join(notice[2])
    kinds = [kind for _, kind, status in two["state"]["outbox"] if status == "sent"]
    assert kinds == ["enquiry_received"] and len(two["state"]["outbox"]) == 1
    for name, page in two["metrics"].items():  # both replicas did real work, and say so
        assert 'vet2b_updates_total{kind="callback"}' in page or 'vet2b_updates_total{kind="message"}' in page, name
    if nlu[0] != NO_RASA:  # the replicas did ask Rasa
        assert any('vet2b_nlu_calls_total{source="rasa"}' in page for page in two["metrics"].values())
    assert two["worker_health"]["status"] == "ok" and two["worker_health"]["role"] == "outbox-worker"
