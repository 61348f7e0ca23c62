"""Candidates from PostgreSQL for catalogues too large to hold in memory (a million listings).

The full-text GIN index of migration 0005 answers "which active listings contain one of these words"
from its posting lists, without reading rows. Each query word asks for its inflection-stable prefix
(`tortu:*`, as ranking's prefix matching does), its transliteration (Cyrillic → Latin cognates), the
words a sample of the catalogue suggests for it (typo corrections, cognates) and the stems of its
concepts (concepts.py: "birthday" → `gimtadien:*`, `urodzin:*`, ...). Listings with every query word
come first (an AND over the words), then listings with each word, rarest first, at most TEXT_CANDIDATES;
listings of the categories the query names through the taxonomy are added, a bounded number of each,
because they all score alike. The candidates are then indexed and ranked by exactly the code that ranks
the in-process index, so both paths order listings the same way.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

from domain.search.dictionary import translations
from domain.search.index import ListingDoc, SearchIndex
from domain.search.money import EUR_PER_UNIT
from domain.search.ranking import MAX_EXPANSIONS, MIN_PREFIX, categories_scoring_alone, expand, plan_query
from domain.taxonomy import Taxonomy

TEXT_CANDIDATES = 500
# Listings with every query word are the best candidates; when at least this many have them, the OR
# over all the words (whose common words cost the most to scan) adds nothing that could rank first.
ENOUGH_WITH_EVERY_WORD = 100
CATEGORY_CANDIDATES = 60
SQL_EXPANSIONS = MAX_EXPANSIONS  # all: the labelled set must rank alike on both paths (a cut at 16 lost one)
_SELECT = """
SELECT l.id, l.title, l.description, l.category, l.language, o.country, o.city,
       l.price_amount, l.price_currency, l.delivers_to
FROM listings l JOIN organisations o ON o.id = l.organisation_id
WHERE l.status = 'active' AND l.hidden_at IS NULL
"""
_DOCUMENT = "vet2b_search_tsv(l.title, l.description)"
_TSQUERY = "to_tsquery('pg_catalog.simple', lower(public.unaccent('public.unaccent'::regdictionary, :{name})))"
_TO_EUR = "CASE l.price_currency {} END".format(" ".join(f"WHEN '{c}' THEN {r}" for c, r in EUR_PER_UNIT.items()))


class Filters(Protocol):
    """The filter part of a SearchQuery (a protocol, so this module does not import service)."""

    @property
    def country(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def max_price(self) -> Any: ...
    @property
    def max_price_currency(self) -> str: ...
    @property
    def delivers_to(self) -> str | None: ...
    @property
    def cheapest_first(self) -> bool: ...


def prefix(word: str) -> str:
    """The part of a word its inflections share: ¾ of it, at least MIN_PREFIX letters."""
    return word[: max(MIN_PREFIX, math.ceil(0.75 * len(word)))] if len(word) > MIN_PREFIX else word


def word_alternatives(word: str, sample: SearchIndex) -> set[str]:
    """tsquery operands any of which may stand for ``word`` in a listing: exact words, see the module docstring.

    Exact words, because GIN streams an exact word's postings (and skips through them in an AND) but
    loads every word under a prefix (`foto:*`) into a bitmap first: 150 ms instead of 5 for a query
    with common prefixes at a million listings. The sample's vocabulary stands in for the catalogue's;
    a word the sample does not know (rare, so cheap) is also asked for as a prefix.
    """
    found = {word}
    if not word.isascii():  # "логотип" also finds "logotipas", as the in-process skeletons do
        latin = "".join(c for c in unidecode(word).lower() if c.isalnum())
        if latin:
            found.add(latin)
    # The closest words only: every operand is a posting list to read, and a common word's is long.
    expansion = expand(sample, word)[:SQL_EXPANSIONS]
    found.update(term for term, _sim in expansion)
    if not expansion:  # what the ranking's word linker may place it as (a few exact words: cheap operands)
        found.update(translations(word))
    if len(word) >= MIN_PREFIX and word not in sample.term_ids:
        found.add(f"{prefix(word)}:*")
    return {operand for operand in found if operand.removesuffix(":*").isalnum()}


def tsquery_texts(words: list[str], sample: SearchIndex) -> tuple[str, list[str]]:
    """The query for listings with every word, ``(a | a2) & (b | b2)``, and one per word, rarest first.

    Listings with any of the words are fetched word by word, the rarest word first (by the sample's
    counts), so a common word's long posting list is read only when the rarer words left room.
    """
    groups = [sorted(word_alternatives(word, sample)) for word in words]
    every = " & ".join(f"({' | '.join(group)})" for group in groups)

    def frequency(group: list[str]) -> int:
        ids = (sample.term_ids.get(operand) for operand in group)
        return sum(sample.text_df.get(term_id, 0) for term_id in ids if term_id is not None)

    return every, [" | ".join(group) for group in sorted(groups, key=frequency)]


async def _filter_sql(session: AsyncSession, query: Filters, params: dict[str, Any]) -> str | None:
    """SQL conditions on ``l`` for the query's filters; None when no listing can pass them.

    Place filters are resolved to organisation ids first (a small table): joined conditions on the
    organisation let the planner re-run the text scan once per matching school, seconds at a million rows.
    """
    clauses = []
    if query.country or query.city:
        org_params: dict[str, Any] = {}
        org_clauses = []
        if query.country:
            org_clauses.append("o.country = :country")
            org_params["country"] = query.country.upper()
        if query.city:
            org_clauses.append("lower(public.unaccent(o.city)) LIKE :city")
            org_params["city"] = _city_pattern(query.city.lower())
        sql = f"SELECT o.id FROM organisations o WHERE {' AND '.join(org_clauses)}"
        ids = [row[0] for row in await session.execute(text(sql), org_params)]
        if not ids:
            return None
        clauses.append("l.organisation_id = ANY(:organisations)")
        params["organisations"] = ids
    if query.category:
        clauses.append("l.category = :category")
        params["category"] = query.category
    if query.max_price is not None:
        currency = (query.max_price_currency or "EUR").upper()
        same = "l.price_currency = :currency AND l.price_amount <= :max_price"
        on_request = "" if query.cheapest_first else " OR l.price_amount IS NULL"  # as service._acceptor
        clauses.append(f"(({same}) OR l.price_amount * {_TO_EUR} <= :max_eur{on_request})")
        params["currency"] = currency
        params["max_price"] = query.max_price
        rate = EUR_PER_UNIT.get(currency)
        params["max_eur"] = float(query.max_price) * rate if rate is not None else -1.0
    if query.delivers_to:
        country = query.delivers_to.upper()
        sql = "SELECT o.id FROM organisations o WHERE o.country = :country"
        params["delivers_from"] = [row[0] for row in await session.execute(text(sql), {"country": country})]
        clauses.append("(l.delivers_to::jsonb ? :delivers_to OR l.organisation_id = ANY(:delivers_from))")
        params["delivers_to"] = country
    return "".join(f" AND {clause}" for clause in clauses)


def _city_pattern(city: str) -> str:
    """``stem%`` for a city as written ("Kaune" → "kaun%"), with LIKE's metacharacters escaped."""
    stem = prefix(unidecode(city).strip())
    return stem.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def candidate_index(
    session: AsyncSession, taxonomy: Taxonomy, words: list[str], query: Filters, sample: SearchIndex
) -> SearchIndex:
    """A small index of the listings that may match ``words`` under the query's filters."""
    params: dict[str, Any] = {}
    filters = await _filter_sql(session, query, params)
    index = SearchIndex(taxonomy)
    if filters is None:
        return index
    rows: dict[int, tuple[Any, ...]] = {}
    if words:
        every, each = tsquery_texts(words, sample)
        queries = ([every] if len(words) > 1 else []) + each
        for number, tsquery in enumerate(queries):
            if len(rows) >= (ENOUGH_WITH_EVERY_WORD if number == 1 and len(words) > 1 else TEXT_CANDIDATES):
                break
            sql = f"{_SELECT}{filters} AND {_DOCUMENT} @@ {_TSQUERY.format(name='q')} LIMIT {TEXT_CANDIDATES}"
            async with _bitmap_scans_only(session):
                found = (await session.execute(text(sql), params | {"q": tsquery})).all()
            for row in found:
                if len(rows) < TEXT_CANDIDATES or row[0] in rows:
                    rows[row[0]] = tuple(row)
        # Only categories whose listings rank by the category alone: the others need a word of their own,
        # and listings with query words come from the text query.
        categories = categories_scoring_alone(plan_query(sample, words))
    else:
        categories = [query.category] if query.category else [""]
    per_category = CATEGORY_CANDIDATES if words else TEXT_CANDIDATES
    for key in categories:
        # Any listings of the category, as the (status, category) index yields them: they all score alike.
        in_category = " AND l.category = :key" if key else ""
        sql = f"{_SELECT}{filters}{in_category} LIMIT {per_category}"
        for row in await session.execute(text(sql), params | {"key": key}):
            rows[row[0]] = tuple(row)
    index.add_all(doc_from_row(row) for _id, row in sorted(rows.items()))
    return index


@asynccontextmanager
async def _bitmap_scans_only(session: AsyncSession) -> AsyncIterator[None]:
    """Within the block, the planner may read listings only through bitmap index scans.

    With LIMIT and a generous row estimate, PostgreSQL prefers walking a table or a B-tree and testing
    each row, which recomputes the tsvector of every row it passes (the index is on an expression):
    58 s instead of 5 ms for one measured query. Transaction-local settings, restored after.
    """
    before = (
        await session.execute(
            text(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
        )
    ).one()
    try:
        yield
    finally:
        await session.execute(
            text("SELECT set_config('enable_seqscan', :seq, true), set_config('enable_indexscan', :index, true)"),
            {"seq": before[0], "index": before[1]},
        )


async def sample_rows(session: AsyncSession, size: int) -> list[tuple[Any, ...]]:
    """A random sample of active listings, in the row shape of service._changed_rows."""
    sql = f"SELECT * FROM ({_SELECT}) AS s ORDER BY random() LIMIT :size"
    sql = sql.replace("l.delivers_to\n", "l.delivers_to, l.status\n")
    return [tuple(row) for row in await session.execute(text(sql), {"size": size})]


def doc_from_row(row: tuple[Any, ...]) -> ListingDoc:
    """A listing row (id, title, description, category, language, country, city, price, currency, delivers_to)."""
    listing_id, title, description, category, language, country, city, price, currency, delivers_to = row[:10]
    return ListingDoc(
        listing_id=listing_id,
        title=title,
        description=description or "",
        category=category,
        language=language,
        country=country,
        city=city,
        price_amount=price,
        delivers_to=tuple(delivers_to or ()),
        price_currency=currency,
    )
