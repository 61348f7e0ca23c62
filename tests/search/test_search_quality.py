"""Search quality on the labelled query set (tests/search/queries.jsonl) over the demo catalogue.

A case is a hit when any of its labelled slugs is in the top 3; a nothing-matches case is a hit when the
search returns nothing. Runs on SQLite and, with VET2B_TEST_DATABASE_URL, on PostgreSQL — there also
through the full-text prefilter, which must give the same top 3 as the in-process index.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search.service import SearchService
from tests.search.quality import (
    BLIND3_QUERIES_PATH,
    BLIND_QUERIES_PATH,
    FRESH2_QUERIES_PATH,
    SAME_LANGUAGE_KINDS,
    TUNE_QUERIES_PATH,
    Outcome,
    evaluate,
    hit_rates,
    load_cases,
    summary,
)


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


# --- issue 10: goals and honest floors on the tuning set and on the blind held-out set -------------------------
#
# Goals (issue 10): same-language hit@3 / hit@1 >= 97 / 90 %, cross-language >= 90 / 80 %, nothing-matches
# -> no results >= 95 %, whole chat messages hit@3 >= 95 %. Where a goal is not reached the floor below is
# the figure measured when it was written (docs/search.md), so that a change can only keep or raise it.
# Figures are (hit@1, hit@3) in per cent of the group's cases; see quality.summary for the groups.

TUNE_FLOORS = {
    "=same-language": (90.0, 97.0),  # goal reached
    "=cross-language": (70.0, 90.0),  # goal 80 / 90: hit@3 reached (bilingual dictionaries: was 56.7 / 76.7)
    "=nothing": (77.0, 77.0),  # goal 95: not reached (15 harder cases added with the chatty ones below: was 80)
    "chatty": (85.0, 90.0),  # goal 95 (hit@3): not reached
}
BLIND_FLOORS = {
    "=same-language": (81.0, 87.0),  # goal 90 / 97: not reached (session 7: 79.6 / 85.5 → 81.2 / 87.6)
    # goal 80 / 90: not reached (taxonomy word links: was 47.1 / 52.9; 55.9 → 54.4 hit@3, one case, since a look-alike
    # of a word the listings use is no evidence: the price-capped website search no longer shows a haircut)
    # bilingual dictionaries (session 9): 50.0 / 54.4 → 51.5 / 57.4
    "=cross-language": (51.0, 57.0),
    "=nothing": (81.0, 81.0),  # goal 95: not reached
    "chatty": (56.0, 73.0),  # goal 95 (hit@3): not reached
}

# Written blind in session 7 (docs/search.md): fresh2 against the tune catalogue (tuned on after its first run),
# blind3 with its own catalogue (held out, aggregates only). Floors at the figures measured when they were written.
FRESH2_FLOORS = {
    "=same-language": (92.0, 96.0),  # goal 90 / 97: hit@1 reached, hit@3 not
    "=cross-language": (55.0, 67.0),  # goal 80 / 90: not reached (bilingual dictionaries: 47.5 / 60 → 55 / 67.5)
    # goal 95: not reached (62.5 → 57.5 with the dictionaries: "питьевой" and "schermo" now name what water
    # analysis and laptop repair listings say, docs/search.md)
    "=nothing": (57.0, 57.0),
    "chatty": (80.0, 87.0),  # goal 95 (hit@3): not reached
}
BLIND3_FLOORS = {
    "=same-language": (88.0, 93.0),  # goal 90 / 97: not reached
    # goal 80 / 90: far from it (19 of the 30 misses found nothing at all; bilingual dictionaries: 24 / 40 → 26 / 44)
    "=cross-language": (26.0, 44.0),
    # goal 95: not reached (61.9 when written; 59.5 after the need phrase starts at the request verb — one case,
    # not chased, so that this set stays held out; docs/search.md)
    # 57.1 with the bilingual dictionaries, one case (docs/search.md, "Issue 10, sixth round")
    "=nothing": (57.0, 57.0),
    "chatty": (63.0, 73.0),  # goal 95 (hit@3): not reached
}


def _below(table: dict[str, tuple[int, int, int]], floors: dict[str, tuple[float, float]]) -> list[str]:
    """Aggregate figures under their floors (never the queries themselves: the blind set stays unread)."""
    low = []
    for group, (floor_1, floor_3) in floors.items():
        first, hits, total = table[group]
        if 100 * first / total < floor_1 or 100 * hits / total < floor_3:
            low.append(f"{group}: hit@1 {100 * first / total:.1f} (floor {floor_1}), hit@3 {100 * hits / total:.1f}")
    return low


async def test_tune_set_floors(tune_catalogue: async_sessionmaker[AsyncSession]) -> None:
    outcomes = await evaluate(SearchService(refresh_interval=0), tune_catalogue, TUNE_QUERIES_PATH)
    assert _below(summary(outcomes), TUNE_FLOORS) == [], _misses(outcomes)


async def test_blind_set_floors(blind_catalogue: async_sessionmaker[AsyncSession]) -> None:
    outcomes = await evaluate(SearchService(refresh_interval=0), blind_catalogue, BLIND_QUERIES_PATH)
    assert _below(summary(outcomes), BLIND_FLOORS) == []


async def test_fresh2_set_floors(tune_catalogue: async_sessionmaker[AsyncSession]) -> None:
    outcomes = await evaluate(SearchService(refresh_interval=0), tune_catalogue, FRESH2_QUERIES_PATH)
    assert _below(summary(outcomes), FRESH2_FLOORS) == [], _misses(outcomes)


async def test_blind3_set_floors(blind3_catalogue: async_sessionmaker[AsyncSession]) -> None:
    outcomes = await evaluate(SearchService(refresh_interval=0), blind3_catalogue, BLIND3_QUERIES_PATH)
    assert _below(summary(outcomes), BLIND3_FLOORS) == []
