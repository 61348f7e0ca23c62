"""Compare trained pipelines on the held-out sets: ``python -m nlu.compare MODEL.tar.gz [...]``.

Why a script: the pipeline in nlu/config.yml was chosen with these numbers (nlu/README.md), and anyone
changing the pipeline or the data should be able to rerun the comparison. For each model it starts a
Rasa server on a free port (cold start = process start until /status reports the model), sends every
held-out message once, scores intents, categories under each category strategy and each confidence
threshold, and times 1,000 parses through ``NluClient``. Prints one JSON object per model.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import socket
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from nlu import server
from nlu.client import NluClient, rasa_category
from nlu.evaluation import NLU_DIR, TESTS_DIR, Example, Score, load_test_sets, table
from nlu.langid import detect_language
from nlu.normalise.categories import default_matcher

STRATEGIES = ("rasa", "local", "rasa_then_local", "local_then_rasa")
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pick_category(strategy: str, text: str, language: str, raw: dict[str, Any]) -> str | None:
    from_rasa = rasa_category(raw.get("entities") or [], language)
    local = default_matcher().find_key(text, language)
    return {
        "rasa": from_rasa,
        "local": local,
        "rasa_then_local": from_rasa or local,
        "local_then_rasa": local or from_rasa,
    }[strategy]


async def raw_parses(url: str, token: str, examples: list[Example]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as http:
        out = []
        for example in examples:
            response = await http.post(f"{url}/model/parse", params={"token": token}, json={"text": example.text})
            out.append(response.json())
        return out


async def latency(url: str, token: str, texts: list[str], n: int = 1000) -> tuple[float, float]:
    async with NluClient(url, token) as client:
        for text in texts[:20]:
            await client.parse(text)  # warm-up
        times = []
        for i in range(n):
            started = time.perf_counter()
            result = await client.parse(texts[i % len(texts)])
            times.append((time.perf_counter() - started) * 1000)
            assert result.source == "rasa", "Rasa stopped answering during the latency run"
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def evaluate(model: Path, var_dir: Path, n_latency: int, tests_dir: Path = TESTS_DIR) -> dict[str, Any]:
    token = secrets.token_urlsafe(16)
    url = f"http://127.0.0.1:{free_port()}"
    run_dir = var_dir / model.name.removesuffix(".tar.gz")
    started = server.start(url, token, run_dir, model=model)
    try:
        sets = load_test_sets(tests_dir)
        examples = [e for lang in sets.values() for e in lang]
        raws = asyncio.run(raw_parses(url, token, examples))
        dump = run_dir / "raw-parses.json"
        dump.write_text(json.dumps([{"example": e.__dict__, "rasa": r} for e, r in zip(examples, raws, strict=True)]))
        languages = [detect_language(e.text) for e in examples]
        report: dict[str, Any] = {
            "model": model.name, "tests": str(tests_dir.relative_to(NLU_DIR)), "cold_start_s": round(started.seconds, 1)
        }  # fmt: skip
        for strategy in STRATEGIES:
            total = Score()
            for example, raw, language in zip(examples, raws, languages, strict=True):
                total.add(example, "", pick_category(strategy, example.text, language, raw), language)
            report[f"category_f1_{strategy}"] = round(total.category_f1, 4)
        for threshold in THRESHOLDS:
            ok = sum(
                (raw["intent"]["name"] if raw["intent"]["confidence"] >= threshold else "nlu_fallback") == e.intent
                for e, raw in zip(examples, raws, strict=True)
            )
            report[f"intent_acc_at_{threshold}"] = round(ok / len(examples), 4)
        per_lang: dict[str, Score] = {}
        for example, raw, language in zip(examples, raws, languages, strict=True):
            per_lang.setdefault(example.language, Score()).add(
                example, raw["intent"]["name"], pick_category("rasa_then_local", example.text, language, raw), language
            )
        print(table(per_lang))
        for example, raw in zip(examples, raws, strict=True):
            if raw["intent"]["name"] != example.intent:
                conf = raw["intent"]["confidence"]
                print(f"  {example.language} {example.intent} -> {raw['intent']['name']} ({conf:.2f}): {example.text}")
        p50, p95 = asyncio.run(latency(url, token, [e.text for e in examples], n_latency))
        report.update(parse_p50_ms=round(p50, 1), parse_p95_ms=round(p95, 1))
        return report
    finally:
        server.stop(run_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--var-dir", type=Path, default=Path("var/nlu-exp"))
    parser.add_argument("--latency-n", type=int, default=1000)
    parser.add_argument("--tests", type=Path, action="append", help="held-out directory (repeatable; nlu/tests)")
    args = parser.parse_args()
    for model in args.models:
        for tests_dir in args.tests or [TESTS_DIR]:
            report = evaluate(model.resolve(), args.var_dir, args.latency_n, tests_dir.resolve())
            print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
