"""The NLU client and the search service with their calls timed and counted for /metrics.

Why subclasses built in bot/services.py rather than metrics calls inside nlu/ and domain/: those
packages stay free of any monitoring library, and tests that build their own services measure
nothing unless they ask to.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ops import metrics
from domain.search.service import SearchPage, SearchQuery, SearchService
from nlu.client import FALLBACK_INTENT, SOURCE_FALLBACK, NluClient, NluResult


class MeteredNluClient(NluClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        metrics.NLU_CIRCUIT_OPEN.set_function(lambda: 1.0 if self.circuit_open else 0.0)

    async def parse(self, text: str, *, lang_hint: str | None = None, now: datetime | None = None) -> NluResult:
        started = time.perf_counter()
        result = await super().parse(text, lang_hint=lang_hint, now=now)
        metrics.NLU_SECONDS.observe(time.perf_counter() - started)
        metrics.NLU_CALLS.labels(result.source).inc()
        if result.source == SOURCE_FALLBACK:
            metrics.NLU_FALLBACKS.labels("unavailable").inc()
        elif result.intent == FALLBACK_INTENT:
            metrics.NLU_FALLBACKS.labels("low_confidence").inc()
        return result


class MeteredSearchService(SearchService):
    async def search(self, session: AsyncSession, query: SearchQuery) -> SearchPage:
        with metrics.SEARCH_SECONDS.time():
            return await super().search(session, query)
