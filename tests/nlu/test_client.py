"""NluClient: bad input never crashes, Rasa down or hanging gives the local fallback within 2 s.

The fallback tests need no Rasa at all (a closed port, and a tiny aiohttp server that never answers);
the bad-input tests run against the real server too (marked `rasa`).
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web

from domain.taxonomy import load_taxonomy
from nlu.client import FALLBACK_INTENT, NluClient, NluResult

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "help", "search_offers", "post_offer", "send_enquiry",
    "my_enquiries", "my_listings", "my_tasks", "task_done", "change_language", "out_of_scope", FALLBACK_INTENT,
}  # fmt: skip
BAD_INPUTS = [
    "",
    "   \n\t ",
    "x" * 10_000,
    "reikia tortų Kaune " * 600,
    "🎂🎂🎂🙏",
    "\x00\x01\x02\x1b[31m\u200b\ufeff",
    "Labas, нужен website для firmy w Krakowie 3D",
    "12345 678",
    "\ud800 broken surrogate",
    "ﷺ ℌ𝔢𝔩𝔩𝔬 ۝",
]


def check_valid(result: NluResult, text: str) -> None:
    assert result.text == text
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0
    assert result.language in {"lt", "lv", "en", "pl", "it", "pt", "ru", "unknown"}
    assert result.source in {"rasa", "fallback"}
    entities = result.entities
    assert set(entities) <= {"category", "country", "city", "quantity", "date", "price"}
    if "category" in entities:
        assert entities["category"] in load_taxonomy()
    if "quantity" in entities:
        assert isinstance(entities["quantity"], int)
    if "date" in entities:
        datetime.fromisoformat(entities["date"])
    if "price" in entities:
        assert set(entities["price"]) == {"amount", "currency"}
    json.dumps(result.to_json())


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the with-block ends


@pytest.fixture
async def hanging_server() -> AsyncIterator[str]:
    """An HTTP server that accepts the request and never answers."""

    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(3600)
        return web.Response()

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hang)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def fake_rasa() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A Rasa stand-in returning a fixed low-confidence answer; records the requests it got."""
    seen: list[dict[str, Any]] = []

    async def parse(request: web.Request) -> web.Response:
        seen.append({"token": request.query.get("token"), "body": await request.json()})
        entities = [{"entity": "category", "value": "tortų", "start": 0, "end": 5}]
        return web.json_response({"intent": {"name": "search_offers", "confidence": 0.12}, "entities": entities})

    app = web.Application()
    app.router.add_post("/model/parse", parse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", seen
    finally:
        await runner.cleanup()


async def test_closed_port_gives_fallback_fast_with_local_entities() -> None:
    async with NluClient(f"http://127.0.0.1:{closed_port()}", "t") as client:
        started = time.monotonic()
        result = await client.parse("preciso de 200 pasteis de nata ate sexta no Porto", now=NOW)
        assert time.monotonic() - started < 2.0
    assert result.source == "fallback" and result.intent == FALLBACK_INTENT
    assert result.language == "pt"
    assert result.entities == {
        "category": "bakery", "quantity": 200, "date": "2026-11-20", "city": "Porto", "country": "PT",
    }  # fmt: skip


async def test_hanging_server_gives_fallback_within_two_seconds(hanging_server: str) -> None:
    async with NluClient(hanging_server, "t", timeout_s=2.0) as client:
        started = time.monotonic()
        result = await client.parse("нужен сайт для нашей фирмы в Риге", now=NOW)
        elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert result.source == "fallback"
    assert result.entities == {"category": "web_design", "city": "Rīga", "country": "LV"}


async def test_circuit_breaker_stops_calling_after_failures(hanging_server: str) -> None:
    async with NluClient(hanging_server, "t", timeout_s=0.3, failure_threshold=2, cooldown_s=60) as client:
        for _ in range(2):
            await client.parse("need a website")
        assert client.circuit_open
        started = time.monotonic()
        result = await client.parse("need a website")
        assert time.monotonic() - started < 0.1, "an open circuit must not wait for Rasa"
    assert result.source == "fallback" and result.entities["category"] == "web_design"


async def test_low_confidence_becomes_fallback_intent_and_category_is_mapped(
    fake_rasa: tuple[str, list[dict[str, Any]]],
) -> None:
    url, seen = fake_rasa
    async with NluClient(url, "secret") as client:
        result = await client.parse("tortų reikia")
    assert seen[0] == {"token": "secret", "body": {"text": "tortų reikia"}}
    assert result.source == "rasa" and result.intent == FALLBACK_INTENT
    assert result.entities["category"] == "bakery"


@pytest.mark.parametrize("text", BAD_INPUTS)
async def test_bad_input_in_fallback_mode(text: str) -> None:
    async with NluClient(f"http://127.0.0.1:{closed_port()}", "t") as client:
        started = time.monotonic()
        result = await client.parse(text, now=NOW)
        assert time.monotonic() - started < 2.0
    check_valid(result, text)


@pytest.mark.rasa
@pytest.mark.parametrize("text", BAD_INPUTS)
async def test_bad_input_against_real_rasa(rasa_client: NluClient, text: str) -> None:
    started = time.monotonic()
    result = await rasa_client.parse(text, now=NOW)
    assert time.monotonic() - started < 2.0
    check_valid(result, text)
    if text.strip():
        assert result.source == "rasa", "the real server should answer every non-empty message"


@pytest.mark.rasa
async def test_examples_from_the_issue(rasa_client: NluClient) -> None:
    cases = [
        ("preciso de 200 pasteis de nata ate sexta", "pt", "search_offers",
         {"category": "bakery", "quantity": 200, "date": "2026-11-20"}),
        ("нужен сайт для нашей фирмы", "ru", "search_offers", {"category": "web_design"}),
        ("mūsų mokiniai gali atspausdinti 3D detales po 5 eur", "lt", "post_offer",
         {"category": "3d_printing", "price": {"amount": "5.00", "currency": "EUR"}}),
    ]  # fmt: skip
    for text, language, intent, entities in cases:
        result = await rasa_client.parse(text, now=NOW)
        assert (result.language, result.intent, result.entities) == (language, intent, entities), result


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("ok what about 3d printing then", "en", "search_offers"),
        ("a co z tortami?", "pl", "search_offers"),
        ("e che ne dici di torte?", "it", "search_offers"),
        ("what about my enquiry?", "en", "my_enquiries"),
        ("who painted the mona lisa?", "en", "out_of_scope"),
        ("no, I don't need cakes", "en", "deny"),
    ],
)
async def test_what_about_a_category_is_a_search(rasa_client: NluClient, text: str, language: str, intent: str) -> None:
    """After results people ask "and what about X?"; it read as "my enquiries", out of scope or a no."""
    assert (await rasa_client.parse(text, lang_hint=language)).intent == intent


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("laba diena, ar yra nauju uzklausu?", "lt", "my_enquiries"),
        ("здравствуйте, есть новые заявки?", "ru", "my_enquiries"),
        ("bom dia, alguém me ouve?", "pt", "greet"),
        ("ola, bom dia", "pt", "greet"),
    ],
)
async def test_a_request_after_a_greeting_is_that_request(
    rasa_client: NluClient, text: str, language: str, intent: str
) -> None:
    """A teacher's "hello, any new enquiries?" was a greeting — and right after a notification it was relayed
    to the company instead of listing the enquiries."""
    assert (await rasa_client.parse(text, lang_hint=language)).intent == intent


async def test_a_need_between_a_greeting_and_thanks_is_a_search(rasa_client: NluClient) -> None:
    """A whole chat message around a need said in so many words, naming a category, read as a goodbye; thanks and
    farewells without a need stay small talk."""
    need = "Bom dia! Precisávamos de pasteis de nata até ao fim do mês, quanto custa? Obrigada"
    assert (await rasa_client.parse(need, lang_hint="pt")).intent == "search_offers"
    for text in ("obrigada, até amanhã", "muito obrigado pela ajuda!", "bom dia a todos"):
        assert (await rasa_client.parse(text, lang_hint="pt")).intent in {"greet", "goodbye", "thank"}
