"""Prometheus metrics of one process (bot replica or outbox worker), served at ``GET /metrics``.

Why these: they answer the questions an operator asks first — is the bot answering and how fast
(updates by kind, handler latency), is understanding degraded (NLU calls by source, latency,
fallbacks, circuit state), is search slow, are notifications flowing (backlog, oldest pending age,
sent / failed / 429s), is the database failing. Counters are per process; Prometheus sums replicas.

Everything is registered in prometheus_client's default registry (which also carries the
process's CPU, memory and file-descriptor metrics).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.core import REGISTRY, CounterMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from bot.outbox_sender.delivery import SenderStats

# Seconds: a reply within 1 s feels instant; NLU's budget is 2 s; a turn over 5 s is broken.
_LATENCY = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)

UPDATES = Counter("vet2b_updates", "Telegram updates received, by kind", ["kind"])
HANDLER_SECONDS = Histogram("vet2b_handler_seconds", "Time to answer one update (router.handle)", buckets=_LATENCY)
NLU_CALLS = Counter("vet2b_nlu_calls", "NLU parses, by who answered: rasa or fallback (local only)", ["source"])
NLU_SECONDS = Histogram("vet2b_nlu_seconds", "Time of one NLU parse, local work included", buckets=_LATENCY)
NLU_FALLBACKS = Counter(
    "vet2b_nlu_fallbacks", "Parses that ended as nlu_fallback: Rasa unavailable, or below the threshold", ["reason"]
)
NLU_CIRCUIT_OPEN = Gauge("vet2b_nlu_circuit_open", "1 while the NLU circuit breaker is open (Rasa not asked)")
SEARCH_SECONDS = Histogram("vet2b_search_seconds", "Time of one catalogue search", buckets=_LATENCY)
DATABASE_ERRORS = Counter("vet2b_database_errors", "Database errors seen by this process (connect and statements)")
DATABASE_UP = Gauge("vet2b_database_up", "1 if the last health probe reached the database")
OUTBOX_PENDING = Gauge("vet2b_outbox_pending", "Outbox rows pending (whole database, at the last probe)")
OUTBOX_DUE = Gauge("vet2b_outbox_due", "Pending outbox rows already due (whole database, at the last probe)")
OUTBOX_OLDEST_DUE_AGE = Gauge(
    "vet2b_outbox_oldest_due_age_seconds", "How late the most overdue pending row is (0 when none)"
)


class SenderCollector(Collector):
    """The outbox senders' own counters (SenderStats), read at scrape time.

    Why a collector instead of counters incremented in the delivery code: the sender already
    counts every outcome for its logs, tests and the benchmark; reading those counts keeps one
    source of truth and the delivery code free of metrics calls.
    """

    FIELDS = (
        ("sent", "Notifications delivered by this process"),
        ("failed", "Notifications that failed for good (bad request, gave up retrying)"),
        ("retry_after", "429 Too Many Requests answers Telegram gave this process's sender"),
        ("unreachable", "Recipients found unreachable (blocked the bot, deactivated)"),
        ("skipped", "Notifications skipped as no longer relevant"),
        ("network_retries", "Sends rescheduled after a network error or timeout"),
    )

    def __init__(self) -> None:
        self._stats: list[SenderStats] = []

    def watch(self, stats: SenderStats) -> None:
        self._stats.append(stats)

    def collect(self) -> Iterator[CounterMetricFamily]:
        for name, help_text in self.FIELDS:
            family = CounterMetricFamily(f"vet2b_outbox_{name}", help_text)
            family.add_metric([], float(sum(getattr(s, name) for s in self._stats)))
            yield family

    def describe(self) -> Iterable[Any]:
        return []  # the families are built at scrape time; describing them would collect early


SENDERS = SenderCollector()
REGISTRY.register(SENDERS)


def watch_sender(stats: SenderStats) -> None:
    """Report this sender's counters (all senders of the process are summed)."""
    SENDERS.watch(stats)


def watch_engine(engine: AsyncEngine) -> None:
    """Count every failed statement and every failed attempt to connect.

    Why two hooks: SQLAlchemy reports a failed statement through ``handle_error``, but a refused
    connection (the server is down) surfaces as a plain OSError from the driver that no event
    sees; so connecting goes through ``do_connect`` here, which counts what it raises.
    """

    def on_error(context: Any) -> None:
        if context.statement is not None:  # connect failures are counted below; a failed pre-ping is routine
            DATABASE_ERRORS.inc()

    def connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception:
            DATABASE_ERRORS.inc()
            raise

    event.listen(engine.sync_engine, "handle_error", on_error)
    event.listen(engine.sync_engine, "do_connect", connect)
