"""Search's robustness, measured on queries we did not write for it: one slip of the finger, and the need wrapped
in a chat message.

Usage: python -m bench.search_robustness [--show]
Every same-language query of the development and tune sets (tests/search/queries.jsonl, tune/queries.jsonl):
  typo     gets one edit — a letter dropped, doubled, replaced or swapped with its neighbour — in its longest word,
           twice with different edits (seeded, so every run makes the same typos). The longest word is often the
           request word ("potrzebujemy", "preciso"), which is how this found that a slip there made search find
           nothing;
  chat     is put inside two chat messages of its language (a greeting, who writes, a request verb, a deadline, a
           price question, thanks: CHAT_TEMPLATES), as people write to the bot;
  latin    (Russian queries only) is spelt in Latin letters as unidecode spells it ("nuzhen sait dlia nashei
           firmy"), with the language not given, as from the CLI or a phone without a Cyrillic keyboard.
Printed: hit@1 / hit@3 per catalogue and measure, and with --show the misses. These are our own queries, so the
figures say where search breaks, not how good it is on other people's words (docs/search.md has those).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from unidecode import unidecode

from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.search.service import SearchService
from domain.taxonomy import load_taxonomy
from tests.search import quality

EDITS_PER_QUERY = 2
MIN_LETTERS = 5
CHAT_TEMPLATES = {
    "lt": ("Sveiki, esame nedidelė įmonė iš Vilniaus. Ieškome: {q}. Gal galite padėti? Ačiū!",
           "Laba diena! Mūsų biurui reikėtų {q}, kuo greičiau. Kiek kainuotų? Dėkui"),
    "lv": ("Labdien! Mēs esam maza firma Rīgā un meklējam {q}. Vai varat palīdzēt? Paldies!",
           "Sveiki, mūsu uzņēmumam vajadzētu {q} līdz mēneša beigām. Cik tas maksātu?"),
    "pl": ("Dzień dobry, jesteśmy małą firmą z Krakowa i szukamy: {q}. Czy możecie pomóc? Dziękuję",
           "Cześć! Potrzebujemy {q} do końca miesiąca, ile to kosztuje? Pozdrawiam"),
    "it": ("Buongiorno, siamo una piccola azienda di Torino e cerchiamo {q}. Potete aiutarci? Grazie!",
           "Ciao! Ci servirebbe {q} entro fine mese, quanto costa? Grazie mille"),
    "pt": ("Olá, somos uma pequena empresa do Porto e procuramos {q}. Podem ajudar? Obrigado!",
           "Bom dia! Precisávamos de {q} até ao fim do mês, quanto custa? Obrigada"),
    "ru": ("Здравствуйте, мы небольшая фирма из Риги и ищем {q}. Можете помочь? Спасибо!",
           "Добрый день! Нам бы {q} до конца месяца, сколько это стоит? Спасибо"),
    "en": ("Hi there, we're a small company in Vilnius looking for {q}. Can you help? Thanks!",
           "Hello! We'd need {q} by the end of the month, how much would it cost? Cheers"),
}  # fmt: skip


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


def _chat_cases(path: Path, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {**case, "query": template.format(q=case["query"]), "kind": "chat"}
        for case in quality.load_cases(path)
        if case["kind"] in kinds and case["expect"]
        for template in CHAT_TEMPLATES.get(case["lang"], ())
    ]


def _latin_cases(path: Path, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {**case, "query": unidecode(case["query"]).replace("'", ""), "lang": None, "kind": "latin"}
        for case in quality.load_cases(path)
        if case["kind"] in kinds and case["expect"] and case["lang"] == "ru" and not case["query"].isascii()
    ]


def _typo_cases(path: Path, kinds: tuple[str, ...], rng: random.Random) -> list[dict[str, Any]]:
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
        url = f"sqlite:///{workdir}/robustness.sqlite3"
        await upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        report = await import_catalogue(factory, catalogue.read_bytes(), load_taxonomy())
        assert report.ok, report.errors
        measures = {
            "typo": _typo_cases(queries, kinds, random.Random(7)),
            "chat": _chat_cases(queries, kinds),
            "latin": _latin_cases(queries, (*kinds, "cross_language", "chatty", "filter", "filtered")),
        }
        for measure, cases in measures.items():
            path = Path(workdir) / f"{measure}.jsonl"
            path.write_text("\n".join(json.dumps(c) for c in cases), encoding="utf-8")
            outcomes = await quality.evaluate(SearchService(refresh_interval=0), factory, path)
            first, hits = sum(o.first for o in outcomes), sum(o.hit for o in outcomes)
            print(f"{name:<12} {measure:<5} {len(outcomes):>4} queries  hit@1 {100 * first / len(outcomes):5.1f}%  "
                  f"hit@3 {100 * hits / len(outcomes):5.1f}%")  # fmt: skip
            for outcome in outcomes if show else []:
                if not outcome.hit:
                    print(f"  MISS {outcome.case['query']!r} → {outcome.top[:3]}")
        await engine.dispose()


async def main() -> None:
    show = "--show" in sys.argv[1:]
    await _run("tune", quality.TUNE_CATALOGUE_PATH, quality.TUNE_QUERIES_PATH,
               ("same_language", "no_diacritics", "inflection"), show)  # fmt: skip
    await _run("development", quality.CATALOGUE_PATH, quality.QUERIES_PATH,
               ("same_language", "no_diacritics", "inflected"), show)  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
