"""/healthz and /metrics as an operator uses them: after a short conversation the counters moved, the
backlog is reported, and an unreachable database turns the answer into 503.

The bot is the real PTB Application polling the fake Telegram server, with the metered NLU client and
search service `vet2b run` builds; the health server is the one `vet2b run` and `vet2b outbox work` start.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.core.turn import Services
from bot.ops.health import Probe, serving
from bot.ops.metered import MeteredNluClient, MeteredSearchService
from bot.ops.metrics import watch_engine
from bot.outbox_sender.loop import SenderConfig
from bot.telegram_app import build_application, running
from domain import outbox
from domain.accounts import get_or_create_person
from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory, transaction
from domain.taxonomy import DATA_DIR, load_taxonomy
from domain.timeutil import utcnow
from nlu.client import NluClient
from tests.e2e.harness import TOKEN, Person
from tests.fake_telegram import FakeTelegram

Factory = async_sessionmaker[AsyncSession]
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def _samples(http: httpx.AsyncClient, port: int | None) -> Samples:
    assert port is not None, "the health server did not start"
    page = await http.get(f"http://127.0.0.1:{port}/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(page.text)
        for s in family.samples
    }


def _grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


@asynccontextmanager
async def _bot_with_health(db: Factory) -> AsyncIterator[tuple[FakeTelegram, httpx.AsyncClient, int]]:
    async with FakeTelegram(token=TOKEN) as server:
        # Rasa is not running on port 9: NLU answers from the local fallback, as when Rasa is down
        nlu = MeteredNluClient("http://127.0.0.1:9", "x", timeout_s=0.3)
        services = Services(db, nlu, MeteredSearchService(refresh_interval=0.0), CallbackSigner(b"ops"),
                            "vet2b_test_bot", utcnow)  # fmt: skip
        config = SenderConfig(poll_interval_s=0.1)
        application = build_application(services, TOKEN, base_url=server.base_url, sender_config=config)
        async with (
            running(application, poll_interval=0.0, timeout=1),
            serving(Probe(db, "bot", nlu), "127.0.0.1", 0) as port,
            httpx.AsyncClient(timeout=10) as http,
        ):
            assert port is not None
            yield server, http, port
        await nlu.aclose()


async def test_a_short_conversation_moves_the_counters_and_health_reports_the_backlog(db: Factory) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    async with _bot_with_health(db) as (server, http, port):
        before = await _samples(http, port)
        server.add_user(7001, "Ona")
        ona = Person(server, 7001, "Ona")
        await ona.send("/start")
        await ona.wait_button("🏢")  # "Who are you?"
        await ona.send("birthday cakes in Riga")
        await ona.wait_text("offers")  # searched, though she has not said who she is yet
        async with transaction(db) as session:  # a notification owed to her, delivered by the sender
            person, _ = await get_or_create_person(session, 7001, "en")
            await outbox.enqueue(session, recipient_id=person.id, kind="test", payload={"text": "ping"})
        await ona.wait_text("ping")
        for _ in range(100):  # the sender records the send just after Telegram answered: wait for that
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            if health.json()["outbox"].get("pending") == 0:
                break
            await asyncio.sleep(0.05)
        after = await _samples(http, port)

    assert _grew(before, after, "vet2b_updates_total", kind="command") == 1
    assert _grew(before, after, "vet2b_updates_total", kind="message") == 1
    assert _grew(before, after, "vet2b_handler_seconds_count") == 2
    assert _grew(before, after, "vet2b_nlu_calls_total", source="fallback") >= 1
    assert _grew(before, after, "vet2b_nlu_fallbacks_total", reason="unavailable") >= 1
    assert _grew(before, after, "vet2b_search_seconds_count") >= 1
    assert _grew(before, after, "vet2b_outbox_sent_total") >= 1  # "ping", and any reply that waited out a 429
    assert after[("vet2b_database_up", ())] == 1
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded" and body["role"] == "bot"  # answering, but without Rasa
    assert body["database"]["status"] == "ok"
    assert body["nlu"] == {"status": "unreachable", "circuit": body["nlu"]["circuit"]}
    assert body["outbox"] == {"pending": 0, "due": 0, "oldest_due_age_s": None}


async def test_backlog_and_its_age_are_reported(db: Factory) -> None:
    async with transaction(db) as session:
        person, _ = await get_or_create_person(session, 7002, "en")
        row = await outbox.enqueue(session, recipient_id=person.id, kind="test", payload={"text": "late"})
        assert row is not None
        await outbox.reschedule(session, row, "timed out")  # tried once, now waiting
    async with serving(Probe(db, "outbox-worker"), "127.0.0.1", 0) as port, httpx.AsyncClient() as http:
        health = await http.get(f"http://127.0.0.1:{port}/healthz")
        samples = await _samples(http, port)
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["nlu"] == {"status": "not used"}
    assert health.json()["outbox"]["pending"] == 1
    assert samples[("vet2b_outbox_pending", ())] == 1


async def test_unreachable_database_answers_503_and_counts_the_error() -> None:
    engine = make_engine("postgresql://vet2b@127.0.0.1:1/nowhere")  # nothing listens on port 1
    watch_engine(engine)
    try:
        probe = Probe(make_session_factory(engine), "bot")
        async with serving(probe, "127.0.0.1", 0) as port, httpx.AsyncClient() as http:
            before = await _samples(http, port)
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            after = await _samples(http, port)
    finally:
        await engine.dispose()
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "unavailable" and body["database"]["status"] == "unreachable"
    assert "error" in body["database"] and body["outbox"] == {}
    assert after[("vet2b_database_up", ())] == 0
    assert _grew(before, after, "vet2b_database_errors_total") >= 1


async def test_a_rasa_that_refuses_our_token_is_reported(db: Factory) -> None:
    """Rasa's front page answers anyone; only /status with the token shows the bot can use it."""

    async def status(request: web.Request) -> web.Response:
        if request.query.get("token") != "right":
            return web.json_response({"error": "unauthorized"}, status=401)
        return web.json_response({"model_file": "nlu.tar.gz"})

    app = web.Application()
    app.router.add_get("/status", status)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    rasa = f"http://127.0.0.1:{runner.addresses[0][1]}"
    answers = []
    try:
        for token in ("wrong", "right"):
            nlu = NluClient(rasa, token, timeout_s=0.5)
            async with serving(Probe(db, "bot", nlu), "127.0.0.1", 0) as port, httpx.AsyncClient() as http:
                answers.append((await http.get(f"http://127.0.0.1:{port}/healthz")).json())
            await nlu.aclose()
    finally:
        await runner.cleanup()
    assert [(a["status"], a["nlu"]["status"]) for a in answers] == [("degraded", "token refused"), ("ok", "ok")]
