"""Which saved queries a batch of new listings enters the top results of — without a search per query.

Why not simply search: a catalogue import brings a thousand listings, and a thousand saved searches each
searched over the whole catalogue is the slow brute force this replaces. Instead:

1. The new listings are indexed on their own (a small SearchIndex, milliseconds) and each saved query is
   scored against that index with the plan the real search would make — the same query words, expansions
   and word weights, taken from the whole catalogue's index. A listing's score, its filters and the
   "nothing matches" evidence rule depend only on that plan and the listing's own words, so a query that
   finds no new listing there cannot have one in its results over the whole catalogue: most queries stop
   here, after scoring a few postings.
2. Only for a query that some new listing passes, its top ``depth`` over the whole catalogue is ranked by
   the same code as SearchService.search (score_slots: score, evidence, tie-break), in memory, and the new
   listings in it are taken.

Equal queries (many people save "wedding cake") are planned and ranked once. On PostgreSQL catalogues
too large for memory (SearchService.use_prefilter), step 1 plans against the catalogue sample as the
prefilter path does and step 2 is the real search.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Hashable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Listing, ListingStatus, Organisation
from domain.search import postgres
from domain.search.index import SearchIndex
from domain.search.message import focus_weights, need_phrase
from domain.search.normalise import joined_compounds, query_words, surface_forms
from domain.search.ranking import QueryPlan, listing_order, plan_query, score_slots
from domain.search.service import _DOC_COLUMNS, SearchQuery, SearchService, _acceptor, _filtered_slots
from domain.search.stopwords import STOP_WORDS

K = TypeVar("K", bound=Hashable)
YIELD_EVERY = 50  # queries between two yields to the event loop: a bot sharing the process keeps answering


async def new_docs(session: AsyncSession, listing_ids: Collection[int]) -> list[Any]:
    """What the index needs of those of ``listing_ids`` that are active now."""
    rows: list[Any] = []
    ids = sorted(set(listing_ids))
    for start in range(0, len(ids), 500):
        statement = (
            select(*_DOC_COLUMNS)
            .join(Organisation, Organisation.id == Listing.organisation_id)
            .where(Listing.id.in_(ids[start : start + 500]), Listing.status == ListingStatus.active.value)
        )
        rows.extend(tuple(row) for row in await session.execute(statement))
    return rows


async def top_new_listings(
    service: SearchService,
    session: AsyncSession,
    queries: Iterable[tuple[K, SearchQuery]],
    listing_ids: Collection[int],
    depth: int,
) -> dict[K, list[int]]:
    """For each (key, query): the listings of ``listing_ids`` in the query's first ``depth`` results, best
    first — exactly what SearchService.search(query, page 0, page_size ``depth``) would show of them, over the
    catalogue as it is now. Keys whose results hold none of them are left out."""
    await service.refresh(session, force=True)
    rows = await new_docs(session, listing_ids)
    if not rows:
        return {}
    batch = SearchIndex(service.taxonomy)
    batch.add_all(postgres.doc_from_row(row) for row in rows)
    new = {int(row[0]) for row in rows}
    by_query: dict[SearchQuery, list[K]] = {}
    for key, query in queries:
        by_query.setdefault(replace(query, page=0, page_size=depth), []).append(key)
    found: dict[K, list[int]] = {}
    for number, (query, keys) in enumerate(by_query.items()):
        if number % YIELD_EVERY == YIELD_EVERY - 1:
            await asyncio.sleep(0)
        entered = await _entered(service, session, batch, new, query, depth)
        if entered:
            found.update(dict.fromkeys(keys, entered))
    return found


async def _entered(
    service: SearchService, session: AsyncSession, batch: SearchIndex, new: set[int], query: SearchQuery, depth: int
) -> list[int]:
    query = replace(query, text=joined_compounds(query.text, service.knows_word(query.language)))
    content = query_words(query.text)
    if not content and not query.has_filters:
        return []
    full = service.index  # the whole catalogue (or, in prefilter mode, its sample)
    if not content:  # browsing a category or place: oldest first, as the search lists them
        if not _filtered_slots(batch, query):
            return []
        if service.use_prefilter:
            return await _searched(service, session, query, new)
        ranked = listing_order(full, _filtered_slots(full, query), depth)
        return [full.listing_ids[slot] for _score, slot in ranked.top if full.listing_ids[slot] in new]
    plan = _plan(service, batch, content, query)
    if not score_slots(batch, plan, _acceptor(batch, query), query.language, 1).total:
        return []
    if service.use_prefilter:
        return await _searched(service, session, query, new)
    ranked = score_slots(full, plan, _acceptor(full, query), query.language, depth)
    return [full.listing_ids[slot] for _score, slot in ranked.top if full.listing_ids[slot] in new]


def _plan(service: SearchService, batch: SearchIndex, content: list[str], query: SearchQuery) -> QueryPlan:
    """The plan SearchService.search makes for ``query`` (word weights from the whole catalogue)."""
    focus = focus_weights(query.text, content)
    phrase = need_phrase(query.text, query.language, STOP_WORDS)
    linker = service.word_linker  # the dictionaries: an alert for "пицца" hears of a new "Pizza per feste" too
    surface = surface_forms(query.text) if linker is not None else None
    if service.use_prefilter:
        return plan_query(batch, content, service.index, focus, phrase, query.language, linker, surface)
    return plan_query(service.index, content, None, focus, phrase, query.language, linker, surface)


async def _searched(service: SearchService, session: AsyncSession, query: SearchQuery, new: set[int]) -> list[int]:
    page = await service.search(session, query)
    return [hit.listing_id for hit in page.hits if hit.listing_id in new]
