"""Search quality on the labelled query set (tests/search/queries.jsonl) over the demo catalogue.

A case is a hit when any of its labelled slugs is in the top 3; a nothing-matches case is a hit when the
search returns nothing. Runs on SQLite and, with VET2B_TEST_DATABASE_URL, on PostgreSQL — there also
through the full-text prefilter, which must give the same top 3 as the in-process index.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search.service import SearchService
from tests.search.quality import SAME_LANGUAGE_KINDS, Outcome, evaluate, hit_rates, load_cases


def _rate(outcomes: list[Outcome], kinds: tuple[str, ...]) -> float:
    rates = hit_rates(outcomes)
    hits = sum(rates[kind][0] for kind in kinds if kind in rates)
    total = sum(rates[kind][1] for kind in kinds if kind in rates)
    return hits / total


def _misses(outcomes: list[Outcome]) -> str:
    return "\n".join(f"{o.case['kind']}: {o.case['query']!r} → {o.top[:3]}" for o in outcomes if not o.hit)


def test_query_set_is_big_and_varied() -> None:
    cases = load_cases()
    kinds = Counter(case["kind"] for case in cases)
    assert len(cases) >= 150
    for kind in (*SAME_LANGUAGE_KINDS, "cross_language", "nothing"):
        assert kinds[kind] >= 15, kind


async def test_hit_at_3_per_kind(demo: async_sessionmaker[AsyncSession]) -> None:
    outcomes = await evaluate(SearchService(refresh_interval=0), demo)
    for kind in SAME_LANGUAGE_KINDS:
        assert _rate(outcomes, (kind,)) >= 0.95, f"{kind}\n{_misses(outcomes)}"
    assert _rate(outcomes, ("cross_language",)) >= 0.85, _misses(outcomes)
    assert _rate(outcomes, ("nothing",)) >= 0.90, _misses(outcomes)


async def test_prefilter_path_ranks_like_the_in_process_index(demo: async_sessionmaker[AsyncSession]) -> None:
    async with demo() as session:
        if session.bind.dialect.name != "postgresql":
            return  # the full-text prefilter exists only on PostgreSQL
    in_process = await evaluate(SearchService(refresh_interval=0), demo)
    prefiltered = await evaluate(SearchService(refresh_interval=0, max_in_process=0), demo)
    differ = [(a.case["query"], a.top[:3], b.top[:3]) for a, b in zip(in_process, prefiltered, strict=True)]
    assert [d for d in differ if d[1] != d[2]] == []
