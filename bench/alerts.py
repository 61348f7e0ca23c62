"""Saved-search alerts: N saved searches and a catalogue import of M new listings, checked against brute force.

Usage: python bench/alerts.py [--saved 1000] [--new 1000] [--old 1000] [--database-url URL]
Without --database-url a fresh SQLite file is used; a PostgreSQL URL names a database the benchmark may
empty (its public schema is dropped and migrated afresh).

What it does: imports the demo catalogue and --old reworded copies of its listings (the catalogue people
already search), saves --saved searches (the labelled queries of tests/search, with their filters, spread
over people of several companies, at most SAVED_SEARCHES_MAX each), then imports --new more reworded
copies through `vet2b catalogue import`'s code. The matching (domain.alerts.match_activations: what the
outbox senders run) is timed. Brute force: every saved query searched in full over the catalogue after the
import (SearchService.search, first ALERT_DEPTH results), the first new listing in them is what its alert
must be about. The run then re-imports the same file and re-queues the same listings and matches again:
no alert may be written twice. Last line: one JSON object with the figures; exit status 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import alerts
from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory, transaction
from domain.limits import SAVED_SEARCHES_MAX
from domain.migrate import upgrade
from domain.models import Listing, Membership, Organisation, OutboxMessage, Person, SavedSearch
from domain.search.service import SearchService
from domain.taxonomy import load_taxonomy
from tests.search.quality import CATALOGUE_PATH, HOLDOUT_PATH, load_cases, to_query

COMPANIES = 20


@dataclass
class Figures:
    saved: int
    new_listings: int
    catalogue: int
    alerts: int
    expected: int
    matching_s: float
    brute_force_s: float
    second_run_alerts: int
    mismatches: int

    @property
    def ok(self) -> bool:
        return self.mismatches == 0 and self.second_run_alerts == 0 and self.alerts == self.expected


def reworded(count: int, prefix: str, seed: int) -> bytes:
    """A catalogue file of ``count`` reworded copies of the demo listings (slugs ``prefix-N``)."""
    rng = random.Random(seed)
    demo = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))["listings"]
    copies = []
    for i in range(count):
        source = dict(demo[(i * 7 + seed) % len(demo)])
        words = str(source.get("description", "")).split()
        kept = [w for w in words if rng.random() > 0.25]
        rng.shuffle(kept)
        source["slug"] = f"{prefix}-{i}"
        source["title"] = f"{source['title']} {rng.randrange(1000)}"[:120]
        source["description"] = " ".join(kept)[:2000]
        if "price" in source:
            price = dict(source["price"])
            price["amount"] = round(float(price["amount"]) * rng.uniform(0.5, 2.0), 2)
            source["price"] = price
        copies.append(source)
    return yaml.safe_dump({"listings": copies}, allow_unicode=True, sort_keys=False).encode()


async def _import(factory: async_sessionmaker[AsyncSession], data: bytes) -> None:
    report = await import_catalogue(factory, data, load_taxonomy())
    assert report.ok, report.errors[:3]


async def _save_searches(factory: async_sessionmaker[AsyncSession], count: int, seed: int) -> None:
    """``count`` saved searches of people in COMPANIES companies; drawn from the labelled queries."""
    rng = random.Random(seed)
    cases = [case for case in load_cases() + load_cases(HOLDOUT_PATH) if case.get("query")]
    people = -(-count // SAVED_SEARCHES_MAX)
    async with transaction(factory) as session:
        companies = []
        for c in range(COMPANIES):
            org = Organisation(slug=f"bench-co-{c}", kind="company", name=f"Co {c}", country="LT", city="Vilnius")
            session.add(org)
            companies.append(org)
        await session.flush()
        rows: list[dict[str, Any]] = []
        for p in range(people):
            person = Person(telegram_id=900_000_000 + p, language="en")
            session.add(person)
            await session.flush()
            session.add(Membership(person_id=person.id, organisation_id=companies[p % COMPANIES].id, role="admin"))
            for _ in range(min(SAVED_SEARCHES_MAX, count - len(rows))):
                query = to_query(rng.choice(cases))
                rows.append(
                    {"person_id": person.id, "text": query.text, "language": query.language, "country": query.country,
                     "city": query.city, "category": query.category, "max_price": query.max_price,
                     "max_price_currency": query.max_price_currency, "delivers_to": query.delivers_to}
                )  # fmt: skip
        await session.execute(insert(SavedSearch), rows)


async def _alerts(factory: async_sessionmaker[AsyncSession]) -> set[tuple[int, int]]:
    async with transaction(factory) as session:
        payloads = await session.scalars(select(OutboxMessage.payload).where(OutboxMessage.kind == alerts.KIND_ALERT))
        return {(int(p["saved_search_id"]), int(p["listing_id"])) for p in payloads}


async def brute_force(
    factory: async_sessionmaker[AsyncSession], new_ids: set[int], max_in_process: int = 250_000
) -> tuple[dict[int, int], float]:
    """Each saved search searched in full over the catalogue now: the first new listing of its top results."""
    service = SearchService(refresh_interval=3600, max_in_process=max_in_process)
    expected: dict[int, int] = {}
    async with transaction(factory) as session:
        await service.refresh(session, force=True)
        saved = list(await session.scalars(select(SavedSearch).order_by(SavedSearch.id)))
        started = time.perf_counter()
        for row in saved:
            query = replace(alerts.query_of(row), page=0, page_size=alerts.ALERT_DEPTH)
            page = await service.search(session, query)
            first = next((hit.listing_id for hit in page.hits if hit.listing_id in new_ids), None)
            if first is not None:
                expected[row.id] = first
        return expected, time.perf_counter() - started


async def run(
    factory: async_sessionmaker[AsyncSession], saved: int, new: int, old: int, max_in_process: int = 250_000
) -> Figures:
    """The whole benchmark on an empty, migrated database behind ``factory``. A small ``max_in_process`` puts
    search (and so the matching) in its PostgreSQL prefilter mode, as for a catalogue too large for memory."""
    search = SearchService(refresh_interval=3600, max_in_process=max_in_process)  # the sender's, kept warm
    await _import(factory, CATALOGUE_PATH.read_bytes())
    if old:
        await _import(factory, reworded(old, "old", seed=1))
    async with transaction(factory) as session:  # nobody has saved anything yet: nothing to alert
        while await alerts.pending_activations(session):
            assert await alerts.match_activations(session, search) == 0
        await search.refresh(session, force=True)
    await _save_searches(factory, saved, seed=3)
    batch = reworded(new, "new", seed=2)
    await _import(factory, batch)
    started = time.perf_counter()
    async with transaction(factory) as session:
        written = await alerts.match_activations(session, search)
    matching_s = time.perf_counter() - started
    async with transaction(factory) as session:
        new_ids = set(await session.scalars(select(Listing.id).where(Listing.slug.like("new-%"))))
        catalogue = len(list(await session.scalars(select(Listing.id))))
    expected, brute_s = await brute_force(factory, new_ids, max_in_process)
    got = await _alerts(factory)
    mismatches = len(got ^ set(expected.items()))
    # Again: the same file re-imported (nothing changes, nothing is queued) and the same listings queued anew.
    await _import(factory, batch)
    async with transaction(factory) as session:
        await alerts.listings_activated(session, new_ids)
    async with transaction(factory) as session:
        again = await alerts.match_activations(session, search)
    return Figures(saved, len(new_ids), catalogue, written, len(expected), round(matching_s, 3), round(brute_s, 3),
                   again, mismatches)  # fmt: skip


async def _fresh(url: str | None, workdir: Path) -> str:
    if url is None:
        url = f"sqlite:///{workdir / 'alerts.sqlite3'}"
    else:
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    await upgrade(url)
    return url


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saved", type=int, default=1000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--old", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--max-in-process", type=int, default=250_000, help="PostgreSQL: below the catalogue's "
                        "size, search and matching use the prefilter path")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        url = await _fresh(args.database_url, Path(workdir))
        engine = make_engine(url)
        try:
            figures = await run(make_session_factory(engine), args.saved, args.new, args.old, args.max_in_process)
        finally:
            await engine.dispose()
    result: dict[str, Any] = dict(vars(figures), ok=figures.ok, backend=url.split(":", 1)[0])
    print(json.dumps(result))
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
