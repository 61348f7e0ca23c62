"""The bot's way to understand a message: Rasa for intent (and category), local normalisers for the rest.

Why this split: Rasa (its own Python 3.10 server) is good at intents and at spotting category words in
context, while dates, numbers, prices and places need rules that know the message time and every
inflection — those live in ``nlu.normalise`` and run in-process, so they work even when Rasa is down.

Failure handling, because the bot must stay usable when the NLU server is not:
* one time budget (``timeout_s``, default 2 s) for the whole call, local work included; the Rasa request
  gets what is left, split over at most two attempts (the retry only happens when time remains);
* a circuit breaker: after ``failure_threshold`` consecutive failed calls, Rasa is not asked at all for
  ``cooldown_s`` seconds (then one trial call decides), so a dead server costs nothing per message;
* on any failure the result is still complete — language and entities from the local code — with
  ``source="fallback"`` and intent ``nlu_fallback`` (the bot then treats free text as a search).
An answer below ``confidence_threshold`` also becomes ``nlu_fallback`` (threshold chosen by measurement,
see nlu/README.md).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from domain.search.translit import looks_like_translit_russian, to_cyrillic
from domain.taxonomy import load_taxonomy
from domain.text_input import plain_words, without_markup
from nlu.answers import after_greeting, need_start, stance, yes_no
from nlu.langid import UNKNOWN, detect_language, get_detector
from nlu.normalise.categories import default_matcher
from nlu.normalise.dates import resolve_date
from nlu.normalise.money import extract_price
from nlu.normalise.numbers import extract_quantity
from nlu.normalise.places import find_city, find_country

log = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and Rasa's token travels in the query string (Rasa reads it only
# from there): keep it out of the bot's and the CLI's logs.
logging.getLogger("httpx").setLevel(logging.WARNING)

FALLBACK_INTENT: Final = "nlu_fallback"
SEARCH: Final = "search_offers"
OFFER: Final = "post_offer"
GREET: Final = "greet"
REQUESTS_AFTER_GREETING: Final = frozenset(
    {"my_enquiries", "my_listings", "my_tasks", "change_language", "send_enquiry", "task_done"}
)
SOURCE_RASA: Final = "rasa"
SOURCE_FALLBACK: Final = "fallback"
# Chosen on the held-out sets (nlu/README.md): with the larger training set 0.3 costs 0.6 pt there, 0.2 nothing.
DEFAULT_CONFIDENCE_THRESHOLD: Final = 0.2
# Rasa only needs the start of a message to tell its intent; a 10,000-character paste would cost it
# hundreds of milliseconds of featurising for nothing.
_MAX_RASA_CHARS: Final = 1000
# Time kept back from the budget for building the result after Rasa answers.
_RESULT_MARGIN_S: Final = 0.05


@dataclass(frozen=True)
class NluResult:
    """What a message means. ``entities`` holds only what was found (see ``to_json`` for the shapes)."""

    text: str
    language: str
    intent: str
    confidence: float
    entities: dict[str, Any]
    source: str

    def to_json(self) -> dict[str, Any]:
        """The CLI/JSON contract: text, language, intent, confidence (rounded), entities, source."""
        return {
            "text": self.text,
            "language": self.language,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "entities": dict(self.entities),
            "source": self.source,
        }


@dataclass
class _Breaker:
    """Consecutive-failure circuit breaker: open for ``cooldown_s`` after ``threshold`` failures."""

    threshold: int
    cooldown_s: float
    failures: int = 0
    opened_at: float | None = None
    _trial_running: bool = field(default=False, repr=False)

    def allow(self) -> bool:
        if self.opened_at is None:
            return True
        if time.monotonic() - self.opened_at < self.cooldown_s or self._trial_running:
            return False
        self._trial_running = True  # half-open: let one call through to see if Rasa is back
        return True

    def success(self) -> None:
        self.failures, self.opened_at, self._trial_running = 0, None, False

    def failure(self) -> None:
        self.failures += 1
        self._trial_running = False
        if self.failures >= self.threshold:
            if self.opened_at is None:
                log.warning(
                    "Rasa NLU failed %d times in a row: not asking it for %.0f s", self.failures, self.cooldown_s
                )
            self.opened_at = time.monotonic()

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


def local_entities(text: str, language: str, now: datetime) -> dict[str, Any]:
    """Entities found by the in-process normalisers (everything except Rasa's category)."""
    entities: dict[str, Any] = {}
    lang = language if language != UNKNOWN else "unknown"
    city = find_city(text)
    country = find_country(text)
    if country is None and city is not None:
        country = city[1]
    if country is not None:
        entities["country"] = country
    if city is not None:
        entities["city"] = city[0]
    quantity = extract_quantity(text, lang)
    if quantity is not None:
        entities["quantity"] = int(quantity)
    day = resolve_date(text, lang, now)
    if day is not None:
        entities["date"] = day.isoformat()
    price = extract_price(text)
    if price is not None:
        entities["price"] = {"amount": str(price.amount), "currency": price.currency}
    return entities


def rasa_category(entities: list[dict[str, Any]], language: str) -> str | None:
    """The first category entity Rasa found, as a taxonomy key (its value, or its text looked up locally)."""
    keys = load_taxonomy().categories
    for entity in entities:
        if entity.get("entity") != "category":
            continue
        value = str(entity.get("value") or "")
        if value in keys:
            return value
        key = default_matcher().find_key(value, language) or default_matcher().closest_key(value)
        if key is not None:
            return key
    return None


# Intents that a message naming a category of the catalogue contradicts ("a co z tortami?", "e per le torte?"
# read as out of scope or a no): it is a request for that category. A plain yes or no stays one.
NO_REQUEST_INTENTS: Final = frozenset({"out_of_scope", "deny", "affirm"})
NO_REQUEST_DOUBT: Final = 0.6  # below this confidence; "who painted the Mona Lisa?" is out of scope at 0.9+
SMALL_TALK_INTENTS: Final = frozenset({"greet", "goodbye", "thank"})


def _overrule(intent: str, text: str, category: str | None = None, confidence: float = 1.0) -> str:
    """A need read as an offer (or the other way) when the message says in so many words which it is; a
    short question about a category read as no request at all."""
    doubted = intent in NO_REQUEST_INTENTS and confidence < NO_REQUEST_DOUBT
    if doubted and category is not None and yes_no(text) is None:
        return SEARCH
    # "Bom dia! Precisávamos de pastéis de nata até ao fim do mês, quanto custa? Obrigada" read as a goodbye: the
    # greeting and the thanks around a need said in so many words, with a category named, do not make it small talk.
    if intent in SMALL_TALK_INTENTS and category is not None and stance(text) == "need":
        return SEARCH
    if intent in (SEARCH, OFFER):
        said = stance(text)
        if said is not None:
            return SEARCH if said == "need" else OFFER
    return intent


def _clean(text: str) -> str:
    """Text safe for every analyser: lone surrogates (from broken JSON escapes) become U+FFFD, HTML tags go
    ("<script>alert(1)</script>" asks for no alert, "<b>нужен торт</b>" for a cake)."""
    text = plain_words(without_markup(text))  # "то\u200bрт", "тoрт нa юбилей": the words a person sees
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


class NluClient:
    """Async client of the Rasa server (``POST /model/parse``) plus the local normalisers."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 2.0,
        confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        category_strategy: str = "local_then_rasa",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """Build the client; also loads the language models and taxonomy now, not on the first message."""
        if timeout_s > 2.0 or timeout_s <= 0:
            raise ValueError("timeout_s must be in (0, 2] seconds: the bot must answer quickly")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout_s = timeout_s
        self.confidence_threshold = confidence_threshold
        self.category_strategy = category_strategy
        self._breaker = _Breaker(failure_threshold, cooldown_s)
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout_s)
        get_detector()
        default_matcher()

    @property
    def circuit_open(self) -> bool:
        return self._breaker.is_open

    async def aclose(self) -> None:
        await self._http.aclose()

    async def health(self, timeout_s: float = 1.0) -> str:
        """ "ok" (Rasa answers with our token and has a model), "no model", "token refused" or "unreachable".

        For the bot's /healthz: Rasa's root page answers anyone, so only /status, which needs the
        token, shows whether this bot can actually use the server.
        """
        try:
            response = await self._http.get(f"{self.base_url}/status", params={"token": self._token}, timeout=timeout_s)
            data = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return "unreachable"
        if response.status_code in (401, 403):
            return "token refused"
        if not isinstance(data, dict):
            return "unreachable"
        return "ok" if data.get("model_file") else "no model"

    async def __aenter__(self) -> NluClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def parse(self, text: str, *, lang_hint: str | None = None, now: datetime | None = None) -> NluResult:
        """Understand ``text``; never raises for bad input or a broken Rasa, always answers within the budget."""
        started = time.monotonic()
        original = text if isinstance(text, str) else str(text)
        text = _clean(original)
        now = now or datetime.now(UTC)
        language = detect_language(text, lang_hint)
        if looks_like_translit_russian(text):  # "nuzhen sait dlya kafe": read as the Russian it is, in Cyrillic
            text, language = to_cyrillic(text), "ru"
        entities = local_entities(text, language, now)
        rasa = None
        if text.strip() and self._breaker.allow():
            remaining = self.timeout_s - (time.monotonic() - started) - _RESULT_MARGIN_S
            rasa = await self._ask_rasa(text[:_MAX_RASA_CHARS], remaining)
        category = self._category(text, language, rasa)
        analysed, text = text, original
        if category is not None:
            entities["category"] = category
        if rasa is None:
            return NluResult(text, language, FALLBACK_INTENT, 0.0, entities, SOURCE_FALLBACK)
        intent_data = rasa.get("intent") or {}
        intent = str(intent_data.get("name") or FALLBACK_INTENT)
        confidence = float(intent_data.get("confidence") or 0.0)
        if intent == GREET and (request := after_greeting(analysed)) is not None:
            intent, confidence = await self._after_greeting(request, started, intent, confidence, category)
        if confidence < self.confidence_threshold:
            intent = FALLBACK_INTENT
        intent = _overrule(intent, analysed, category, confidence)
        return NluResult(text, language, intent, confidence, entities, SOURCE_RASA)

    async def _after_greeting(
        self, request: str, started: float, intent: str, confidence: float, category: str | None
    ) -> tuple[str, float]:
        """ "Laba diena, ar yra naujų užklausų?": the model hears the greeting; the words after it say what is
        wanted. They are asked about on their own (a second call, only for a greeting with more after it), and
        taken when they ask the bot for something — a search or an offer only when it names a category
        ("bom dia, alguém me ouve?" stays a greeting)."""
        remaining = self.timeout_s - (time.monotonic() - started) - _RESULT_MARGIN_S
        again = await self._ask_rasa(request[:_MAX_RASA_CHARS], remaining) if self._breaker.allow() else None
        found = (again or {}).get("intent") or {}
        name, sure = str(found.get("name") or FALLBACK_INTENT), float(found.get("confidence") or 0.0)
        wanted = name in REQUESTS_AFTER_GREETING or (name in (SEARCH, OFFER) and category is not None)
        if not wanted or sure < self.confidence_threshold:
            return intent, confidence
        return name, sure

    def _category(self, text: str, language: str, rasa: dict[str, Any] | None) -> str | None:
        from_rasa = rasa_category(rasa.get("entities") or [], language) if rasa else None
        strategy = self.category_strategy
        if strategy == "rasa" and rasa is not None:
            return from_rasa
        if strategy == "local_then_rasa" or rasa is None:
            return self._local_category(text, language) or from_rasa
        return from_rasa or default_matcher().find_key(text, language)

    @staticmethod
    def _local_category(text: str, language: str) -> str | None:
        """The category named after the words that say the need, else anywhere: "we run a bakery and need paper
        bags" is about the bags (the sender's own trade comes first in such messages)."""
        start = need_start(text)
        if start:
            key = default_matcher().find_key(text[start:], language)
            if key is not None:
                return key
        return default_matcher().find_key(text, language)

    async def _ask_rasa(self, text: str, budget_s: float) -> dict[str, Any] | None:
        """Rasa's parse of ``text`` or None; at most two attempts within ``budget_s``."""
        deadline = time.monotonic() + budget_s
        url = f"{self.base_url}/model/parse"
        for attempt in (1, 2):
            remaining = deadline - time.monotonic()
            if remaining <= 0.01:
                break
            # The first attempt leaves time for a retry; the retry gets whatever is left.
            attempt_timeout = remaining * 0.6 if attempt == 1 else remaining
            try:
                async with asyncio.timeout(attempt_timeout):
                    response = await self._http.post(
                        url, params={"token": self._token}, json={"text": text}, timeout=attempt_timeout
                    )
                if response.status_code in (401, 403):
                    log.error("Rasa NLU refused the token (HTTP %d): check RASA_TOKEN", response.status_code)
                    break
                response.raise_for_status()
                data = response.json()
                if not isinstance(data, dict):
                    raise ValueError("unexpected answer from Rasa")
                self._breaker.success()
                return data
            except (httpx.HTTPError, TimeoutError, ValueError) as exc:
                log.debug("Rasa NLU attempt %d failed: %s", attempt, type(exc).__name__)
                if attempt == 1:
                    await asyncio.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        self._breaker.failure()
        return None
