"""Search's tolerance of one slip of the finger, measured on queries we did not write with typos in mind.

Usage: python -m bench.search_typos [--show]
Every same-language query of the development and tune sets (tests/search/queries.jsonl, tune/queries.jsonl) gets
one edit — a letter dropped, doubled, replaced or swapped with its neighbour — in its longest word, twice with
different edits (seeded, so every run makes the same typos). Printed: hit@3 per catalogue, and with --show the
misses. The longest word is often the request word ("potrzebujemy", "preciso"), not the thing asked for, which
is how this found that a slip in a request word made search find nothing.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.search.service import SearchService
from domain.taxonomy import load_taxonomy
from tests.search import quality

EDITS_PER_QUERY = 2
MIN_LETTERS = 5


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioukstrnl") + word[i + 1 :]


def _cases(path: Path, kinds: tuple[str, ...], rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for case in quality.load_cases(path):
        if case["kind"] not in kinds or not case["expect"]:
            continue
        words = case["query"].split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if len(words[longest]) < MIN_LETTERS:
            continue
        for _ in range(EDITS_PER_QUERY):
            typed = list(words)
            typed[longest] = _typo(words[longest], rng)
            cases.append({**case, "query": " ".join(typed), "kind": "typo"})
    return cases


async def _run(name: str, catalogue: Path, queries: Path, kinds: tuple[str, ...], show: bool) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/typos.sqlite3"
        await upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        report = await import_catalogue(factory, catalogue.read_bytes(), load_taxonomy())
        assert report.ok, report.errors
        path = Path(workdir) / "typos.jsonl"
        path.write_text("\n".join(json.dumps(c) for c in _cases(queries, kinds, random.Random(7))), encoding="utf-8")
        outcomes = await quality.evaluate(SearchService(refresh_interval=0), factory, path)
        await engine.dispose()
    hits = sum(o.hit for o in outcomes)
    print(f"{name:<12} {len(outcomes):>4} typed queries  hit@3 {100 * hits / len(outcomes):5.1f}%")
    for outcome in outcomes if show else []:
        if not outcome.hit:
            print(f"  MISS {outcome.case['query']!r} → {outcome.top[:3]}")


async def main() -> None:
    show = "--show" in sys.argv[1:]
    await _run("tune", quality.TUNE_CATALOGUE_PATH, quality.TUNE_QUERIES_PATH,
               ("same_language", "no_diacritics", "inflection"), show)  # fmt: skip
    await _run("development", quality.CATALOGUE_PATH, quality.QUERIES_PATH,
               ("same_language", "no_diacritics", "inflected"), show)  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
