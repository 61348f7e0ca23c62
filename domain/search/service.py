"""The search service the bot and the CLI call: one per process, holding the in-process index.

Freshness without coordination between bot replicas: before a search the service asks the database
for ``count(*)`` and ``max(updated_at)`` of listings (one indexed aggregate, at most every
``refresh_interval`` seconds); when they moved it reads only the rows updated since, and rebuilds only
when rows disappeared, too many slots are dead, or an organisation changed (``max(organisations.updated_at)``:
a school's city or country is part of every one of its listings). On PostgreSQL catalogues larger than
``max_in_process`` are not held in memory: a full-text prefilter fetches candidates and the same ranking
orders them (postgres.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Listing, ListingStatus, Organisation
from domain.search import postgres
from domain.search.budget import price_ceiling
from domain.search.dictionary import is_headword, link_word
from domain.search.index import SearchIndex
from domain.search.message import focus_weights, need_phrase
from domain.search.money import in_eur, within
from domain.search.normalise import fold, joined_compounds, query_words, surface_forms, words
from domain.search.places import city_named, country_named, is_place_word, near_place_word
from domain.search.ranking import WordLinker, listing_order, plan_query, score_slots
from domain.search.stopwords import BROWSE_WORDS, EVERYTHING_WORDS, STOP_WORDS, near_stop_word
from domain.search.suggest import suggest_categories
from domain.search.translit import looks_like_translit_russian, to_cyrillic
from domain.taxonomy import Taxonomy, load_taxonomy
from domain.text_input import plain_words, without_markup

MAX_PAGE_SIZE = 50
CHEAPEST_DEPTH = 100  # how many of the best matches are put in price order for "cheaper"
# In prefilter mode the in-process index holds a random sample of the catalogue: word statistics and
# vocabulary for typo matching. Re-sampled when the catalogue grew or shrank by a tenth.
SAMPLE_SIZE = 20_000


def _close(before: int, now: int) -> bool:
    return before > 0 and abs(now - before) <= before / 10


@dataclass(frozen=True)
class SearchQuery:
    text: str
    language: str | None = None
    country: str | None = None
    city: str | None = None
    category: str | None = None
    max_price: Decimal | None = None
    delivers_to: str | None = None
    max_price_currency: str = "EUR"  # other currencies are compared through money.EUR_PER_UNIT
    cheapest_first: bool = False  # "cheaper": the matches by price, lowest first (no price last), not by score
    page: int = 0
    page_size: int = 5

    @property
    def has_filters(self) -> bool:
        return any(v is not None for v in (self.country, self.city, self.category, self.max_price, self.delivers_to))


@dataclass(frozen=True)
class SearchHit:
    listing_id: int
    slug: str
    title: str
    organisation_slug: str
    organisation_name: str
    city: str
    country: str
    category: str
    language: str
    price_amount: Decimal | None
    price_currency: str | None
    price_unit: str | None
    lead_time_days: int | None
    score: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    suggestions: list[str]  # category keys, when nothing matched
    # a ranked listing was no longer searchable when read (hidden, paused, deleted since the index was refreshed):
    # the page is short and the total too high ("Showing 1–4 of 11" right after a coordinator hid one)
    stale: bool = False


@dataclass(frozen=True)
class _Signature:
    count: int
    max_updated: datetime | None
    organisations_updated: datetime | None = None


class SearchService:
    """Holds the index for one database; safe to share between the tasks of one event loop."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        refresh_interval: float = 2.0,
        max_in_process: int = 250_000,
        rebuild_dead_ratio: float = 0.3,
        word_linker: WordLinker | None = link_word,
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.refresh_interval = refresh_interval
        self.max_in_process = max_in_process
        self.rebuild_dead_ratio = rebuild_dead_ratio
        self.word_linker = word_linker  # the bundled dictionaries (domain.search.dictionary); None: none
        self.index = SearchIndex(self.taxonomy)
        self.use_prefilter = False
        self._signature: _Signature | None = None
        self._seen_ids: set[int] = set()
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()
        self._sampled_count = 0

    # --- public -----------------------------------------------------------------------------------

    async def search(self, session: AsyncSession, query: SearchQuery) -> SearchPage:
        """One page of active listings for ``query``, best first; empty with suggestions when nothing fits.

        Russian typed in Latin letters is searched in Cyrillic: at once when its words say so ("nuzhen sait dlya
        kafe"), or, when the query is said to be Russian but its words could be anything ("torty na zakaz",
        "pizza"), only if the letters as typed find nothing."""
        await self.refresh(session)
        if "<" in query.text:  # "<b>нужен торт</b>": the tags are no words of the need
            query = replace(query, text=without_markup(query.text))
        if not query.text.isascii():  # "то\u200bрт", "тoрт нa юбилей" with a Latin o and a: the words a person sees
            query = replace(query, text=plain_words(query.text))
        converted = _in_cyrillic(query)
        page = await self._search(session, converted)
        if page.stale:  # a listing hidden or paused since the last refresh: read again, so the page and total agree
            await self.refresh(session, force=True)
            page = await self._search(session, converted)
        if page.hits or converted is not query or not _latin_said_russian(query):
            return page
        retried = await self._search(session, replace(query, text=to_cyrillic(query.text)))
        return retried if retried.hits else page

    async def _search(self, session: AsyncSession, query: SearchQuery) -> SearchPage:
        query = replace(query, text=joined_compounds(query.text, self.knows_word(query.language)))
        content = query_words(query.text)
        slips = frozenset(
            w for w in content if w not in self.index.term_ids and (near_stop_word(w) or near_place_word(w))
        )
        if slips:  # "preciiso de 200 pastéis", "keitimas Klipėdoje": a request word or a place mistyped, not the need
            content = [w for w in content if w not in slips]
        browsed = _browsed(query, content)
        if browsed is not None:  # "what do schools in Porto offer?": no thing asked for, the place's offers
            query, content = browsed, []
        if not content and not query.has_filters and browsed is None:
            return SearchPage([], 0, query.page, [])
        stats = None
        if self.use_prefilter:
            index = await postgres.candidate_index(session, self.taxonomy, content, query, self.index)
            stats = self.index
        else:
            index = self.index
        size = max(1, min(query.page_size, MAX_PAGE_SIZE))
        page = max(0, query.page)
        depth = max((page + 1) * size, CHEAPEST_DEPTH if query.cheapest_first else 0)
        if content:
            focus = focus_weights(query.text, content)
            phrase = need_phrase(query.text, query.language, STOP_WORDS | slips)
            linker, surface = self.word_linker, None
            if linker is not None:
                surface = surface_forms(query.text)
            plan = plan_query(index, content, stats, focus, phrase, query.language, linker, surface)
            budget = _budget_preference(index, query)
            ranked = score_slots(index, plan, _acceptor(index, query), query.language, depth, budget)
        else:
            ranked = listing_order(index, _filtered_slots(index, query), depth)
        if not ranked.total:
            return SearchPage([], 0, query.page, suggest_categories(self.index, self.taxonomy, content))
        top = ranked.top
        if query.cheapest_first:  # the matches ranked (up to the ranking's depth), then by price
            top = sorted(top, key=lambda hit: _eur_or_last(index, hit[1]))
        chosen = top[page * size : depth]
        scored = {index.listing_ids[slot]: score for score, slot in chosen}
        hits = await _load_hits(session, scored)
        return SearchPage(hits, ranked.total, page, [], stale=len(hits) < len(scored))

    async def categories_offered(self, session: AsyncSession, limit: int = 6) -> list[tuple[str, int]]:
        """The categories with the most offers search may show, largest first, with their counts: what "what do
        you have?" is answered with (a newcomer does not know what to ask for)."""
        count = func.count(Listing.id)
        rows = await session.execute(
            select(Listing.category, count).where(_SEARCHABLE).group_by(Listing.category)
            .order_by(count.desc(), Listing.category).limit(limit)
        )  # fmt: skip
        return [(key, n) for key, n in rows.tuples() if key in self.taxonomy]

    async def refresh(self, session: AsyncSession, *, force: bool = False) -> None:
        """Bring the index up to date with the database, cheaply when nothing changed."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.refresh_interval:
            return
        async with self._lock:
            if not force and time.monotonic() - self._checked_at < self.refresh_interval:
                return
            signature = await _signature(session)
            if signature != self._signature:
                await self._apply_changes(session, signature)
            self._checked_at = time.monotonic()

    def knows_word(self, language: str | None) -> Callable[[str], bool]:
        """Whether a folded word is a dictionary word as it stands ("haircut" for "hair cut"): a word of the
        catalogue is not enough ("water test" is no "watertest" because one listing writes "water-test")."""
        if self.word_linker is None:
            return lambda _word: False
        return lambda word: is_headword(word, language)

    # --- keeping the index fresh ------------------------------------------------------------------

    async def _apply_changes(self, session: AsyncSession, signature: _Signature) -> None:
        is_postgres = session.bind.dialect.name == "postgresql"
        active = await _active_count(session) if is_postgres else 0
        if is_postgres and active > self.max_in_process:
            if not self.use_prefilter or not _close(self._sampled_count, active):
                self.index = SearchIndex(self.taxonomy)
                sample = await postgres.sample_rows(session, SAMPLE_SIZE)
                self.index.add_all(postgres.doc_from_row(row) for row in sample)
                self._sampled_count = active
            self.use_prefilter = True
            self._seen_ids = set()
            self._signature = signature
            return
        self.use_prefilter = False
        previous = self._signature
        if (
            previous is None
            or previous.max_updated is None
            or self.index.dead_ratio > self.rebuild_dead_ratio
            or previous.organisations_updated != signature.organisations_updated
        ):
            await self.rebuild(session, signature)
            return
        rows = await _changed_rows(session, previous.max_updated)
        created = sum(1 for listing_id, *_ in rows if listing_id not in self._seen_ids)
        if previous.count + created != signature.count:
            await self.rebuild(session, signature)  # some rows were deleted: nothing short of a re-read sees that
            return
        self._apply_rows(rows)
        self._signature = signature

    async def rebuild(self, session: AsyncSession, signature: _Signature | None = None) -> None:
        """Read every active listing into a fresh index (startup, deletions, too many dead slots)."""
        signature = signature or await _signature(session)
        self.index = SearchIndex(self.taxonomy)
        self._seen_ids = set()
        self._apply_rows(await _changed_rows(session, None))
        self._signature = signature

    def _apply_rows(self, rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            listing_id, status = row[0], row[-1]
            self._seen_ids.add(listing_id)
            if status == ListingStatus.active.value:
                self.index.add(postgres.doc_from_row(row))
            else:
                self.index.remove(listing_id)


# --- database reads ---------------------------------------------------------------------------------


async def _signature(session: AsyncSession) -> _Signature:
    organisations = select(func.max(Organisation.updated_at)).scalar_subquery()
    row = (await session.execute(select(func.count(Listing.id), func.max(Listing.updated_at), organisations))).one()
    return _Signature(int(row[0]), row[1], row[2])


async def _active_count(session: AsyncSession) -> int:
    count = await session.scalar(select(func.count(Listing.id)).where(_SEARCHABLE))
    return int(count or 0)


# Published by the school and not hidden by a coordinator (0012): what search may show.
_SEARCHABLE = (Listing.status == ListingStatus.active.value) & Listing.hidden_at.is_(None)
# The row's last column: the status as search reads it, "hidden" when a coordinator hid the listing.
_SEARCH_STATUS = case((Listing.hidden_at.is_not(None), "hidden"), else_=Listing.status)

_DOC_COLUMNS = (
    Listing.id,
    Listing.title,
    Listing.description,
    Listing.category,
    Listing.language,
    Organisation.country,
    Organisation.city,
    Listing.price_amount,
    Listing.price_currency,
    Listing.delivers_to,
    _SEARCH_STATUS,
)


async def _changed_rows(session: AsyncSession, since: datetime | None) -> list[tuple[Any, ...]]:
    """Listings updated at or after ``since`` (all active ones when None), with what the index needs."""
    statement = select(*_DOC_COLUMNS).join(Organisation, Organisation.id == Listing.organisation_id)
    statement = statement.where(_SEARCHABLE if since is None else Listing.updated_at >= since)
    result = await session.execute(statement.order_by(Listing.id))
    return [tuple(row) for row in result]


async def _load_hits(session: AsyncSession, scored: dict[int, float]) -> list[SearchHit]:
    if not scored:
        return []
    # Plain columns, not ORM entities: building two objects per hit was a third of a 10k search.
    rows = {row[0]: row for row in (await session.execute(_HITS, {"ids": list(scored)})).tuples()}
    hits = []
    for listing_id, score in scored.items():
        row = rows.get(listing_id)
        if row is None:
            continue  # deleted, hidden or unpublished between the index refresh and now
        hits.append(SearchHit(**dict(zip(_HIT_FIELDS, row, strict=True)), score=round(score, 1)))
    return hits


_HIT_COLUMNS = (  # in SearchHit's field order
    Listing.id,
    Listing.slug,
    Listing.title,
    Organisation.slug,
    Organisation.name,
    Organisation.city,
    Organisation.country,
    Listing.category,
    Listing.language,
    Listing.price_amount,
    Listing.price_currency,
    Listing.price_unit,
    Listing.lead_time_days,
)
_HIT_FIELDS = [field.name for field in fields(SearchHit) if field.name != "score"]
# Built once (every search with results reads its page of hits): binding the ids is all a call costs.
_HITS = (
    select(*_HIT_COLUMNS)
    .join(Organisation, Organisation.id == Listing.organisation_id)
    .where(Listing.id.in_(bindparam("ids", expanding=True)), _SEARCHABLE)
)  # searchable now: a listing hidden, paused or archived since the index was last refreshed (up to
# refresh_interval ago) is not shown — a coordinator's "it is out of search" held only after that


# --- filters ----------------------------------------------------------------------------------------


def _same_city(wanted: str, city: str) -> bool:
    """ "Kaune", "Kaunas" and "kaunas" are the same city: equal, or sharing a long prefix."""
    if wanted == city:
        return True
    shared = 0
    for a, b in zip(wanted, city, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= 4 and shared >= min(len(wanted), len(city)) - 2


def _acceptor(index: SearchIndex, query: SearchQuery) -> Callable[[int], bool]:
    country = query.country.upper() if query.country else None
    delivers = query.delivers_to.upper() if query.delivers_to else None
    city = fold(query.city).strip() if query.city else None
    max_price = float(query.max_price) if query.max_price is not None else None
    currency = (query.max_price_currency or "EUR").upper()
    on_request_too = not query.cheapest_first  # "cheaper" asks for a price known to be lower

    def within_cap(price: float | None, price_currency: str | None, limit: float) -> bool:
        """A budget keeps "price on request" (within it, maybe; ranked after the priced, _budget_preference)."""
        return (price is None and on_request_too) or within(price, price_currency, limit, currency)

    def accept(slot: int) -> bool:
        if country is not None and index.countries[slot] != country:
            return False
        if query.category is not None and index.categories[slot] != query.category:
            return False
        if city is not None and not _same_city(city, index.cities[slot]):
            return False
        if max_price is not None and not within_cap(index.prices[slot], index.currencies[slot], max_price):
            return False
        return delivers is None or delivers in index.delivers[slot] or index.countries[slot] == delivers

    return accept


def _browsed(query: SearchQuery, content: list[str]) -> SearchQuery | None:
    """The query as a look around a place or the whole catalogue, when its words ask for nothing but that: "Porto",
    "what do schools in Porto offer?", "co oferują szkoły w Krakowie?", "show me all offers". A place named becomes
    the filter unless the caller set one; without a place, only a request for everything ("all offers") browses.
    None for anything else (a word of a thing, or "show me" alone): those are ranked as needs."""
    places = [word for word in content if is_place_word(word)]
    if any(word not in BROWSE_WORDS for word in content if word not in places):
        return None
    if not content and not EVERYTHING_WORDS.intersection(words(query.text)):
        return None  # "show me" alone ("show" is a stop word of needs)
    if query.city or query.country:
        return query
    for word in places:
        city = city_named(word)
        if city is not None:
            return replace(query, city=city)
        country = country_named(word)
        if country is not None:
            return replace(query, country=country)
    if places or not EVERYTHING_WORDS.intersection(words(query.text)):
        return None
    return query


def looks_around(text: str) -> bool:
    """Whether a message only asks what a place (or the catalogue) offers: the search lists it, so a caller that
    read the message as something else ("what do you offer in Lithuania?" as off-topic) can search it instead."""
    return _browsed(SearchQuery(text=text), query_words(text)) is not None


def _in_cyrillic(query: SearchQuery) -> SearchQuery:
    """Russian typed in Latin letters ("nuzhen sait dlya kafe", "sadovye raboty") searched as Russian: listings
    and the taxonomy's Russian synonyms are in Cyrillic. Only when its words say it is Russian
    (translit.looks_like_translit_russian) and the query is said to be Russian or of no language: a Russian
    speaker's "pizza" or "wordpress" stays as typed."""
    if query.language not in (None, "ru") or not looks_like_translit_russian(query.text):
        return query
    return replace(query, text=to_cyrillic(query.text), language="ru")


def _latin_said_russian(query: SearchQuery) -> bool:
    """Said to be Russian, with letters and not one of them Cyrillic ("torty na zakaz")."""
    text = query.text
    return (
        query.language == "ru"
        and any(c.isalpha() for c in text)
        and not any("а" <= c <= "я" or c == "ё" for c in text.lower())
    )


def _budget_preference(index: SearchIndex, query: SearchQuery) -> Callable[[int], bool] | None:
    """Which listings are within the price ceiling: max_price, else one the text names. With max_price it puts
    the listings priced within it before those with their price on request (the filter lets those through: a
    budget of 100 EUR should not hide the one baker who quotes per order)."""
    if query.max_price is not None:
        limit_set, currency_set = float(query.max_price), (query.max_price_currency or "EUR").upper()
        return lambda slot: within(index.prices[slot], index.currencies[slot], limit_set, currency_set)
    ceiling = price_ceiling(query.text)
    if ceiling is None:
        return None
    limit, currency = ceiling
    return lambda slot: within(index.prices[slot], index.currencies[slot], limit, currency)


def _filtered_slots(index: SearchIndex, query: SearchQuery) -> list[int]:
    accept = _acceptor(index, query)
    if query.category is not None:
        pool: Any = index.category_members.get(query.category, set())
    else:
        pool = index.slot_of.values()
    return [slot for slot in pool if index.alive[slot] and accept(slot)]


def _eur_or_last(index: SearchIndex, slot: int) -> tuple[bool, float]:
    price = in_eur(index.prices[slot], index.currencies[slot])
    return (price is None, price or 0.0)
