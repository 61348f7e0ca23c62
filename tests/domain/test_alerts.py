"""Saved searches and their alerts, through the domain services: what is stored and what the outbox owes whom.

The matching itself is checked against brute force (every saved query searched in full after an import) by
bench/alerts.py at 100 × 100 here; the rules around it — every path that activates a listing, never the
person's own organisation, once a day, never the same listing twice, the cap, erasure — one by one.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.alerts import run
from domain import accounts, alerts, listings
from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.errors import Invalid, NotFound
from domain.limits import SAVED_SEARCHES_MAX
from domain.models import ListingActivation, Person, SavedSearch
from domain.search.service import SearchQuery, SearchService
from domain.taxonomy import load_taxonomy
from domain.timeutil import utcnow
from domain.views import ListingDraft
from tests.domain.factories import World, outbox_rows

CAKE = ListingDraft("Wedding cakes", "Three-tier wedding cakes with fresh flowers", "bakery", "en")
WEB = ListingDraft("Websites for small shops", "An online shop on WordPress", "web_design", "en")


async def test_batch_matching_equals_brute_force_and_never_alerts_twice(db: async_sessionmaker[AsyncSession]) -> None:
    figures = await run(db, saved=100, new=100, old=100)
    assert figures.alerts == figures.expected > 20  # a real test: many saved searches get an alert
    assert figures.mismatches == 0
    assert figures.second_run_alerts == 0


async def _save(
    db: async_sessionmaker[AsyncSession], who: Person, text: str, country: str | None = None,
    max_price: Decimal | None = None,
) -> int:  # fmt: skip
    async with transaction(db) as s:
        query = SearchQuery(text=text, language="en", country=country, max_price=max_price)
        view, _created = await alerts.save_search(s, who, query)
        return view.id


async def _match(db: async_sessionmaker[AsyncSession], search: SearchService, later: timedelta = timedelta()) -> int:
    async with transaction(db) as s:
        return await alerts.match_activations(s, search, utcnow() + later)


async def _publish(db: async_sessionmaker[AsyncSession], world: World, draft: ListingDraft) -> int:
    async with transaction(db) as s:
        view = await listings.create_listing(s, world.teacher_b, world.school_b.id, draft, publish=True)
        return view.id


async def test_a_published_offer_alerts_once_a_day_and_never_the_own_school(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    search = SearchService(refresh_interval=0)
    mine = await _save(db, world.owner_c, "wedding cake")
    await _save(db, world.teacher_a, "wedding cake")  # school A's teacher: not alerted about school A's offers
    assert await _match(db, search) == 0  # nothing queued yet
    first = await _publish(db, world, CAKE)
    assert await _match(db, search) == 2  # school B's cake: both searchers hear of it
    rows = await outbox_rows(db, alerts.KIND_ALERT)
    assert sorted((r.recipient_id, r.payload["listing_id"]) for r in rows) == sorted(
        [(world.owner_c.id, first), (world.teacher_a.id, first)]
    )
    await _publish(db, world, WEB)  # not a cake: nothing
    assert await _match(db, search) == 0
    await _publish(db, world, CAKE)  # a second cake the same day: no second alert
    assert await _match(db, search) == 0
    third = await _publish(db, world, CAKE)
    assert await _match(db, search, timedelta(days=1, minutes=1)) == 2  # a day later: yes
    async with transaction(db) as s:  # school A's own cake: the company hears, school A's teacher does not
        view = await listings.create_listing(s, world.teacher_a, world.school_a.id, CAKE, publish=True)
    assert await _match(db, search, timedelta(days=3)) == 1
    latest = (await outbox_rows(db, alerts.KIND_ALERT))[-1]
    assert (latest.recipient_id, latest.payload["listing_id"]) == (world.owner_c.id, view.id)
    assert third in {r.payload["listing_id"] for r in await outbox_rows(db, alerts.KIND_ALERT)}
    assert mine in {r.payload["saved_search_id"] for r in await outbox_rows(db, alerts.KIND_ALERT)}


async def test_resuming_and_importing_activate_too_and_a_listing_is_never_alerted_twice(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    search = SearchService(refresh_interval=0)
    await _save(db, world.owner_c, "wedding cake")
    async with transaction(db) as s:
        draft = await listings.create_listing(s, world.teacher_b, world.school_b.id, CAKE, publish=False)
    assert await _match(db, search) == 0  # a draft is not active
    async with transaction(db) as s:
        await listings.set_listing_status(s, world.teacher_b, draft.id, "active")
    assert await _match(db, search) == 1
    async with transaction(db) as s:
        await listings.set_listing_status(s, world.teacher_b, draft.id, "paused")
        await listings.set_listing_status(s, world.teacher_b, draft.id, "active")  # resumed
    assert await _match(db, search, timedelta(days=2)) == 0  # the same listing again: never twice
    catalogue = f"""
listings:
  - slug: imported-cakes
    organization: {world.school_b.slug}
    language: en
    title: "Wedding cakes with flowers"
    description: "Wedding cakes, three tiers"
    category: bakery
""".encode()
    report = await import_catalogue(db, catalogue, load_taxonomy())
    assert report.ok, report.errors
    assert await _match(db, search, timedelta(days=2)) == 1
    report = await import_catalogue(db, catalogue, load_taxonomy())  # unchanged: nothing is queued
    async with transaction(db) as s:
        assert await s.scalar(select(func.count(ListingActivation.id))) == 0


async def test_filters_are_kept_and_respected(db: async_sessionmaker[AsyncSession], world: World) -> None:
    search = SearchService(refresh_interval=0)
    await _save(db, world.owner_c, "wedding cake", country="LT")  # school B is in Latvia
    await _publish(db, world, CAKE)
    assert await _match(db, search) == 0
    await _save(db, world.member_d, "wedding cake", max_price=Decimal("10"))
    async with transaction(db) as s:
        await listings.create_listing(
            s, world.teacher_b, world.school_b.id,
            ListingDraft("Wedding cakes", "Big", "bakery", "en", Decimal("250"), "EUR", "item"), publish=True,
        )  # fmt: skip
    assert await _match(db, search) == 0  # over the price cap


async def test_cap_duplicates_deletion_and_erasure(db: async_sessionmaker[AsyncSession], world: World) -> None:
    first = await _save(db, world.owner_c, "wedding cake")
    assert await _save(db, world.owner_c, "  wedding   cake ") == first  # the same search is kept once
    for n in range(SAVED_SEARCHES_MAX - 1):
        await _save(db, world.owner_c, f"catering for {n + 2} people")
    with pytest.raises(Invalid) as refused:
        await _save(db, world.owner_c, "3d printing")
    assert refused.value.code == "too_many_saved_searches"
    with pytest.raises(Invalid):
        await _save(db, world.owner_c, "the and of")  # nothing to search for
    with pytest.raises(NotFound):  # someone else's: as if it did not exist
        async with transaction(db) as s:
            await alerts.delete_saved_search(s, world.member_d, first)
    async with transaction(db) as s:
        await alerts.delete_saved_search(s, world.owner_c, first)
        assert len(await alerts.saved_searches(s, world.owner_c)) == SAVED_SEARCHES_MAX - 1
        await s.execute(update(SavedSearch).values(last_alert_at=utcnow()))
    async with transaction(db) as s:
        await accounts.erase_person(s, world.owner_c)
    async with transaction(db) as s:
        assert await s.scalar(select(func.count(SavedSearch.id))) == 0


async def test_a_listing_active_before_the_search_was_saved_is_no_news(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    """Matching may lag behind a big import: what was published before the search was kept is not alerted."""
    search = SearchService(refresh_interval=0)
    await _publish(db, world, CAKE)  # queued, not yet matched
    await _save(db, world.owner_c, "wedding cake")
    assert await _match(db, search) == 0
    await _publish(db, world, CAKE)
    assert await _match(db, search) == 1


async def test_an_alert_hears_of_an_offer_written_in_another_language(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    """The alert matcher plans like the search, dictionaries included: a Russian "пицца" alert hears of a new
    Italian "Pizza" offer, as a search for it would find it."""
    search = SearchService(refresh_interval=0)
    async with transaction(db) as s:
        await alerts.save_search(s, world.owner_c, SearchQuery(text="пицца", language="ru"))
    await _publish(db, world, ListingDraft("Pizza per feste", "Pizza napoletana al forno a legna", "catering", "it"))
    assert await _match(db, search) == 1
