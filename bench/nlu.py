"""NLU benchmark: training time, Rasa cold start, and parse latency through NluClient.

Usage: python bench/nlu.py [--n 1000] [--no-train]
Last line: one JSON object with train_s (a forced training of nlu/config.yml on nlu/data, into a temporary
directory so the real model is untouched; omitted with --no-train), cold_start_s (process start until
/status reports the model loaded), parse_p50_ms and parse_p95_ms (n parses of the held-out messages
through NluClient, i.e. langid + normalisers + HTTP + Rasa). Goals: p95 <= 50 ms, cold start <= 30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import server
from nlu.client import NluClient
from nlu.evaluation import load_test_sets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def latencies(url: str, token: str, texts: list[str], n: int) -> list[float]:
    async with NluClient(url, token) as client:
        for text in texts[:20]:
            await client.parse(text)  # warm-up: first requests pay for lazy initialisation in Rasa
        times: list[float] = []
        for i in range(n):
            started = time.perf_counter()
            result = await client.parse(texts[i % len(texts)])
            times.append((time.perf_counter() - started) * 1000)
            if result.source != "rasa":
                raise SystemExit(f"Rasa stopped answering at message {i}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--no-train", action="store_true", help="skip the forced training run")
    args = parser.parse_args()
    report: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="vet2b-bench-nlu-") as tmp:
        var_dir = Path(tmp)
        if args.no_train:
            model = server.train(Path("var"), progress=print).model
        else:
            result = server.train(var_dir, force=True, out=var_dir / "models", name="bench", progress=print)
            model = result.model
            report["train_s"] = round(result.seconds, 1)
        url, token = f"http://127.0.0.1:{free_port()}", secrets.token_urlsafe(16)
        started = server.start(url, token, var_dir / "run", model=model, progress=print)
        try:
            report["cold_start_s"] = round(started.seconds, 1)
            texts = [e.text for examples in load_test_sets().values() for e in examples]
            times = sorted(asyncio.run(latencies(url, token, texts, args.n)))
            report["parse_p50_ms"] = round(statistics.median(times), 1)
            report["parse_p95_ms"] = round(times[max(0, int(0.95 * len(times)) - 1)], 1)
            report["n"] = args.n
        finally:
            server.stop(var_dir / "run")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
