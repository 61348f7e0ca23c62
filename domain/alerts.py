"""Saved searches and their alerts: "let me know when something like this appears".

A person keeps a search (its words and filters, at most SAVED_SEARCHES_MAX). Every path that makes a
listing active — a teacher publishing or resuming an offer (domain/listings.py), a catalogue import
(domain/catalogue.py) — calls :func:`listings_activated` in its own transaction, and nothing else: that
one call queues the listings (table ``listing_activations``). The outbox senders run
:func:`match_activations` every few seconds: it takes the queued listings as one batch, asks
search.batch which saved searches they enter the top ALERT_DEPTH results of (the real ranking, filters and
"nothing matches" rule, without a full search per saved search), and writes one ``saved_search_match``
notification per saved search, in the same transaction that removes the queue rows:

* never for a listing of an organisation the person belongs to;
* at most one a day per saved search (``last_alert_at``; the row is locked and re-read, so two workers
  matching at once cannot both alert it);
* never twice for the same listing and saved search (the outbox dedupe key), e.g. a listing paused and
  resumed, or an import run twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import DateTime, Integer, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from domain import outbox
from domain.errors import Invalid, NotFound
from domain.limits import SAVED_SEARCH_TEXT_MAX, SAVED_SEARCHES_MAX
from domain.models import Listing, ListingActivation, Membership, OutboxMessage, Person, SavedSearch
from domain.roles import load_actor
from domain.rules import audit
from domain.search.batch import top_new_listings
from domain.search.normalise import query_words
from domain.search.service import SearchQuery, SearchService
from domain.text_input import tidy
from domain.timeutil import as_utc, utcnow

KIND_ALERT = "saved_search_match"
# "Would rank in that search's top results": the first two pages of five the search shows.
ALERT_DEPTH = 10
ALERT_EVERY = timedelta(days=1)  # at most one alert per saved search in this time
BATCH = 5_000  # queued activations matched in one transaction
CHUNK = 500  # ids per IN (...)


@dataclass(frozen=True)
class SavedSearchView:
    id: int
    text: str
    category: str | None
    country: str | None
    city: str | None
    max_price: Decimal | None
    max_price_currency: str
    created_at: datetime
    last_alert_at: datetime | None


def _view(row: SavedSearch) -> SavedSearchView:
    return SavedSearchView(
        row.id, row.text, row.category, row.country, row.city, row.max_price, row.max_price_currency,
        row.created_at, row.last_alert_at,
    )  # fmt: skip


def query_of(row: SavedSearch) -> SearchQuery:
    """The search a saved search stands for, as SearchService takes it."""
    return SearchQuery(
        text=row.text, language=row.language, country=row.country, city=row.city, category=row.category,
        max_price=row.max_price, max_price_currency=row.max_price_currency or "EUR", delivers_to=row.delivers_to,
    )  # fmt: skip


def _same(row: SavedSearch, query: SearchQuery) -> bool:
    mine = query_of(row)
    return (mine.text, mine.country, mine.city, mine.category, mine.max_price, mine.delivers_to) == (
        query.text, query.country, query.city, query.category, query.max_price, query.delivers_to,
    )  # fmt: skip


async def _rows(session: AsyncSession, person_id: int) -> list[SavedSearch]:
    result = await session.scalars(
        select(SavedSearch).where(SavedSearch.person_id == person_id).order_by(SavedSearch.id)
    )
    return list(result)


async def save_search(session: AsyncSession, actor: Person, query: SearchQuery) -> tuple[SavedSearchView, bool]:
    """Keep ``query`` for the actor; (the saved search, True) — or (the one already kept, False) when they
    saved the same search before. Invalid("empty_search") for a search of nothing, and
    Invalid("too_many_saved_searches") at SAVED_SEARCHES_MAX."""
    person = await load_actor(session, actor)
    text = " ".join(tidy(query.text).split())[:SAVED_SEARCH_TEXT_MAX]
    query = SearchQuery(
        text=text, language=query.language, country=query.country, city=query.city, category=query.category,
        max_price=query.max_price, max_price_currency=(query.max_price_currency or "EUR").upper(),
        delivers_to=query.delivers_to,
    )  # fmt: skip
    if not query_words(text) and not query.has_filters:
        raise Invalid("empty_search")
    rows = await _rows(session, person.id)
    for row in rows:
        if _same(row, query):
            return _view(row), False
    if len(rows) >= SAVED_SEARCHES_MAX:
        raise Invalid("too_many_saved_searches", f"at most {SAVED_SEARCHES_MAX}")
    row = SavedSearch(
        person_id=person.id, text=text, language=query.language, country=query.country, city=query.city,
        category=query.category, max_price=query.max_price, max_price_currency=query.max_price_currency,
        delivers_to=query.delivers_to,
    )  # fmt: skip
    session.add(row)
    await session.flush()
    audit(session, person.id, "saved_search.create", "saved_search", row.id)
    return _view(row), True


async def saved_searches(session: AsyncSession, actor: Person) -> list[SavedSearchView]:
    """The actor's saved searches, oldest first (the order /alerts numbers them in)."""
    person = await load_actor(session, actor)
    return [_view(row) for row in await _rows(session, person.id)]


async def saved_search(session: AsyncSession, actor: Person, saved_id: int) -> SavedSearchView:
    """One of the actor's saved searches; NotFound for anyone else's (button data can be forged)."""
    person = await load_actor(session, actor)
    row = await session.get(SavedSearch, saved_id)
    if row is None or row.person_id != person.id:
        raise NotFound("saved_search_not_found")
    return _view(row)


async def delete_saved_search(session: AsyncSession, actor: Person, saved_id: int) -> SavedSearchView:
    """Stop one alert of the actor's; NotFound when it is not theirs or already gone."""
    view = await saved_search(session, actor, saved_id)
    await session.execute(delete(SavedSearch).where(SavedSearch.id == saved_id))
    audit(session, actor.id, "saved_search.delete", "saved_search", saved_id)
    return view


async def delete_all_saved_searches(session: AsyncSession, actor: Person) -> int:
    """Stop every alert of the actor's; how many there were."""
    person = await load_actor(session, actor)
    result = await session.execute(delete(SavedSearch).where(SavedSearch.person_id == person.id))
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:
        audit(session, person.id, "saved_search.delete_all", "person", person.id, count=count)
    return count


async def forget_person(session: AsyncSession, person_id: int) -> None:
    """/deleteme: a saved search is the person's own data; it goes with them."""
    await session.execute(delete(SavedSearch).where(SavedSearch.person_id == person_id))


async def count_saved(session: AsyncSession, person_id: int) -> int:
    return int(await session.scalar(select(func.count(SavedSearch.id)).where(SavedSearch.person_id == person_id)) or 0)


# --- activation → alerts ------------------------------------------------------------------------------------


async def listings_activated(session: AsyncSession, listing_ids: Iterable[int], at: datetime | None = None) -> None:
    """The one hook of every path that makes listings active: queue them for matching against saved searches.

    In the caller's transaction, so a rolled-back publication or import alerts nobody.
    """
    when = at or utcnow()
    ids = sorted(set(listing_ids))
    if not ids:
        return
    if session.get_bind().dialect.name == "postgresql":  # one statement: asyncpg's executemany goes row by row
        statement = text(
            "INSERT INTO listing_activations (listing_id, activated_at) SELECT unnest(CAST(:ids AS integer[])), :at"
        ).bindparams(bindparam("ids", type_=ARRAY(Integer)), bindparam("at", type_=DateTime(timezone=True)))
        await session.execute(statement, {"ids": ids, "at": when})
        return
    await session.execute(insert(ListingActivation), [{"listing_id": i, "activated_at": when} for i in ids])


async def _claim(session: AsyncSession, limit: int) -> list[tuple[int, int, datetime]]:
    statement = (
        select(ListingActivation.id, ListingActivation.listing_id, ListingActivation.activated_at)
        .order_by(ListingActivation.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return [(int(a), int(b), as_utc(at)) for a, b, at in await session.execute(statement)]


async def pending_activations(session: AsyncSession) -> int:
    """Listings activated and not yet matched (a backlog when an import was larger than BATCH)."""
    return int(await session.scalar(select(func.count(ListingActivation.id))) or 0)


async def match_activations(
    session: AsyncSession, search: SearchService, now: datetime | None = None, limit: int = BATCH
) -> int:
    """Match the queued activations (up to ``limit``) against every saved search that may be alerted now;
    write the alerts and drop the queue rows. Returns the number of alerts written."""
    now = now or utcnow()
    claimed = await _claim(session, limit)
    if not claimed:
        return 0
    activated: dict[int, datetime] = {}
    for _id, listing_id, at in claimed:
        activated[listing_id] = max(at, activated.get(listing_id, at))
    due = await _alertable(session, now)
    written = 0
    if due:
        queries = [(row.id, query_of(row)) for row in due]
        found = await top_new_listings(search, session, queries, set(activated), ALERT_DEPTH)
        # A listing active before the search was saved is not news to it (matching may lag behind a big import).
        created = {row.id: as_utc(row.created_at) for row in due}
        found = {key: [i for i in ids if activated[i] >= created[key]] for key, ids in found.items()}
        found = {key: ids for key, ids in found.items() if ids}
        if found:
            written = await _alert(session, {row.id: row for row in due}, found, now)
    await session.execute(delete(ListingActivation).where(ListingActivation.id.in_([c[0] for c in claimed])))
    return written


async def _alertable(session: AsyncSession, now: datetime) -> list[SavedSearch]:
    """Saved searches of people still here that have not been alerted in the last ALERT_EVERY."""
    statement = (
        select(SavedSearch)
        .join(Person, Person.id == SavedSearch.person_id)
        .where(Person.erased_at.is_(None), Person.telegram_id.is_not(None))
        .where((SavedSearch.last_alert_at.is_(None)) | (SavedSearch.last_alert_at <= now - ALERT_EVERY))
        .order_by(SavedSearch.id)
    )
    return list(await session.scalars(statement))


async def _alert(
    session: AsyncSession, saved: dict[int, SavedSearch], found: dict[int, list[int]], now: datetime
) -> int:
    people = {saved[saved_id].person_id for saved_id in found}
    own: dict[int, set[int]] = {}
    for person_id, organisation_id in await session.execute(
        select(Membership.person_id, Membership.organisation_id).where(Membership.person_id.in_(people))
    ):
        own.setdefault(person_id, set()).add(organisation_id)
    listing_ids = {listing_id for ids in found.values() for listing_id in ids}
    schools = await session.execute(select(Listing.id, Listing.organisation_id).where(Listing.id.in_(listing_ids)))
    school_of = dict(schools.tuples().all())
    # Lock the matched saved searches and read them again: another worker may have alerted one meanwhile.
    locked = await session.scalars(
        select(SavedSearch)
        .where(SavedSearch.id.in_(list(found)))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    candidates: dict[int, tuple[int, list[int]]] = {}
    for row in locked:
        if row.last_alert_at is not None and as_utc(row.last_alert_at) > now - ALERT_EVERY:
            continue
        theirs = own.get(row.person_id, set())
        fresh = [i for i in found[row.id] if school_of.get(i) not in theirs]
        if fresh:
            candidates[row.id] = (row.person_id, fresh)
    done = await _alerted(session, [dedupe_key(s, i) for s, (_p, ids) in candidates.items() for i in ids])
    notes: list[outbox.Notification] = []
    for saved_id, (person_id, ids) in candidates.items():
        fresh = [i for i in ids if dedupe_key(saved_id, i) not in done]
        if fresh:
            payload = {"saved_search_id": saved_id, "listing_id": fresh[0], "more": len(fresh) - 1}
            notes.append(outbox.Notification(person_id, KIND_ALERT, payload, dedupe_key=dedupe_key(saved_id, fresh[0])))
    await outbox.enqueue_many(session, notes)
    alerted = [note.payload["saved_search_id"] for note in notes]
    for start in range(0, len(alerted), CHUNK):
        chunk = alerted[start : start + CHUNK]
        await session.execute(update(SavedSearch).where(SavedSearch.id.in_(chunk)).values(last_alert_at=now))
    return len(notes)


def dedupe_key(saved_id: int, listing_id: int) -> str:
    return f"alert:{saved_id}:{listing_id}"


async def _alerted(session: AsyncSession, keys: list[str]) -> set[str]:
    """Which of these alerts (by dedupe key) were written before: a listing is not alerted twice to one search."""
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        existing = await session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk)))
        found.update(key for key in existing if key is not None)
    return found
