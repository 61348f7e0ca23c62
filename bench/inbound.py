"""Inbound load: simulated Telegram users against one bot process — throughput, latency, CPU, fairness.

Usage: python bench/inbound.py [--users 100] [--saturation-users 150] [--think-s 1.0] [--latency-ms 30]
                               [--database-url URL] [--no-nlu] [--profile FILE]

Processes: the bot (`vet2b run`, polling, outbox sender inside), the real Rasa NLU server (started
as `vet2b nlu start` does, on a free port; --no-nlu points the bot at a closed port instead, so
free text is taken as a search, and the output says "nlu": "off"), and this process, which runs
the fake Telegram Bot API server (tests/fake_telegram: Telegram's per-chat limit of 1 message/s
with a burst of 3, answering 429 beyond it; every API call delayed by --latency-ms) and plays the
users on its side. The database is a fresh SQLite file with the demo catalogue, or --database-url
(a scratch PostgreSQL database: its public schema is dropped and recreated).

Telegram's overall limit (~30 messages/s per bot) is not applied: with it no bot answers more
than 30 messages a second, and this measures the bot. Each user: /start, presses "Change
language", picks a language, three searches in that language (6 updates; each waits for the
bot's first answer, then the user thinks --think-s). Phases, each with new users:

1. saturation: --saturation-users users with no pause and the per-chat limit lifted, so the bot is
   the bottleneck: updates_per_s (updates / wall time), cpu_ms_per_update (the bot process's CPU
   time / updates; also given for Rasa and for this process, which shares the machine's cores);
2. concurrent: --users users at once (started within one second), pausing --think-s: p50_ms,
   p95_ms of the time from a user's action to the bot's first answer;
3. flood: the same, while one more user sends 100 messages in 2 s and gets 429s:
   others_p95_ms, and what the flooder got (flood_http_429, flood_told = slow-down notices).

Last line: one JSON object. Goals: updates_per_s >= 200, p95_ms <= 250, others_p95_ms <= 1000.
--profile FILE: the bot runs under cProfile during the saturation phase only; FILE gets the stats
and the top entries are printed to stderr (the figures of such a run are slower: not the ones to quote).
--py-spy FILE: py-spy (if installed) samples the bot's threads during saturation; the leaf functions
and packages with the most samples are printed to stderr (little overhead: the figures stand).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import secrets
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bot.i18n import LANGUAGE_NAMES, translator
from domain.catalogue import import_catalogue
from domain.db import make_engine, make_session_factory
from domain.migrate import upgrade
from domain.taxonomy import DATA_DIR, LANGUAGES, load_taxonomy
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-INBOUND"
QUERIES = ROOT / "tests" / "search" / "queries.jsonl"
STEP_TIMEOUT_S = 60.0
FLOOD_MESSAGES, FLOOD_SECONDS = 100, 2.0
Predicate = Callable[[MessageRecord], bool]


class BenchTelegram(FakeTelegram):
    """The fake server, telling each waiting user (and only them) when a message for their chat is stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: dict[int, list[tuple[Predicate, asyncio.Future[tuple[float, MessageRecord]]]]] = {}

    def _store(self, record: MessageRecord) -> None:
        super()._store(record)
        waiting = self._waiting.get(record.chat_id)
        if not waiting:
            return
        now = time.monotonic()
        for entry in list(waiting):
            predicate, future = entry
            if not future.done() and predicate(record):
                future.set_result((now, record))
                waiting.remove(entry)

    async def act(
        self, chat_id: int, action: Callable[[], Awaitable[Any]], answer: Predicate
    ) -> tuple[float, MessageRecord]:
        """Do ``action`` as the user; return the seconds until the first bot message matching ``answer``."""
        future: asyncio.Future[tuple[float, MessageRecord]] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat_id, []).append((answer, future))
        started = time.monotonic()
        await action()
        try:
            answered, record = await asyncio.wait_for(future, STEP_TIMEOUT_S)
        finally:
            entries = self._waiting.get(chat_id, [])
            self._waiting[chat_id] = [e for e in entries if e[1] is not future]
        return answered - started, record


def _has_button(label_part: str) -> Predicate:
    return lambda r: any(label_part in label for label, _ in FakeTelegram.buttons(r))


def _button(record: MessageRecord, label_part: str) -> str:
    for label, data in FakeTelegram.buttons(record):
        if label_part in label and data is not None:
            return data
    raise AssertionError(f"no button {label_part!r} in {FakeTelegram.buttons(record)}")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    updates: int = 0
    failures: int = 0


async def user(tg: BenchTelegram, user_id: int, language: str, queries: list[str], think_s: float,
               results: Results, rng: random.Random) -> None:  # fmt: skip
    """/start, "Change language", a language, three searches; each action waits for the bot's first answer."""

    async def pause() -> None:
        if think_s > 0:
            await asyncio.sleep(think_s * rng.uniform(0.8, 1.2))

    async def step(action: Callable[[], Awaitable[Any]], answer: Predicate) -> MessageRecord:
        seconds, record = await tg.act(user_id, action, answer)
        results.latencies.append(seconds)
        results.updates += 1
        return record

    sent: dict[str, int] = {}
    said: list[str] = []

    async def say(words: str) -> None:
        sent["id"] = (await tg.user_sends(user_id, words))["message_id"]
        said.append(words)

    def after_it(record: MessageRecord) -> bool:
        return record.message_id > sent.get("id", 1 << 60)

    try:
        welcome = await step(lambda: say("/start"), _has_button("🌐"))
        await pause()
        change = _button(welcome, "🌐")
        choices = await step(lambda: tg.user_presses(user_id, welcome.message_id, change),
                             _has_button(LANGUAGE_NAMES["lv"]))  # fmt: skip
        await pause()
        pick = _button(choices, LANGUAGE_NAMES[language])
        switched = translator(language)._("I will speak English with you now.")
        await step(lambda: tg.user_presses(user_id, choices.message_id, pick), lambda r: switched in (r.text or ""))
        for query in queries:
            await pause()
            await step(lambda q=query: say(q), after_it)  # type: ignore[misc]
    except (TimeoutError, AssertionError, KeyError, ValueError) as exc:
        results.failures += 1
        got = [(e.message_id, (e.text or "")[:60]) for e in tg.events(user_id)]
        print(f"user {user_id} ({language}): {type(exc).__name__} {exc} after {said}; got {got}", file=sys.stderr)


def load_queries() -> dict[str, list[str]]:
    by_language: dict[str, list[str]] = {code: [] for code in LANGUAGES}
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item.get("lang") in by_language and item["query"].strip():  # every kind: typos, filters, nothing found
            by_language[item["lang"]].append(item["query"])
    return by_language


async def crowd(tg: BenchTelegram, first_id: int, count: int, think_s: float, ramp_s: float,
                queries: dict[str, list[str]], seed: int) -> Results:  # fmt: skip
    rng = random.Random(seed)
    results = Results()

    async def one(index: int) -> None:
        user_id = first_id + index
        language = LANGUAGES[index % len(LANGUAGES)]
        tg.add_user(user_id, f"User {user_id}", language_code="en")
        await asyncio.sleep(rng.uniform(0, ramp_s))
        pool = queries[language] or queries["en"]
        await user(tg, user_id, language, rng.sample(pool, min(3, len(pool))), think_s, results, rng)

    await asyncio.gather(*(one(i) for i in range(count)))
    return results


def percentile_ms(values: list[float], q: float) -> float | None:
    if len(values) < 2:
        return None
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000, 1)


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def prepare_database(url: str | None, tmp: Path) -> str:
    if url and url.startswith("postgres"):
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    url = url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    await upgrade(url)
    engine = make_engine(url)
    report = await import_catalogue(
        make_session_factory(engine), (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy()
    )
    await engine.dispose()
    if not report.ok:
        raise SystemExit(f"importing the demo catalogue failed: {report.errors[:3]}")
    return url


@dataclass
class Nlu:
    url: str
    token: str
    pid: int | None = None
    var_dir: Path | None = None


def start_nlu(no_nlu: bool, tmp: Path) -> Nlu:
    if no_nlu:
        return Nlu(f"http://127.0.0.1:{free_port()}", "off")  # nothing listens: the bot falls back at once
    from nlu import server

    if not server.rasa_bin().exists():
        raise SystemExit(f"Rasa is not installed ({server.rasa_bin()}): run 'make nlu-venv', or pass --no-nlu")
    url, token, var_dir = f"http://127.0.0.1:{free_port()}", secrets.token_urlsafe(16), tmp / "rasa"
    started = server.start(url, token, var_dir, progress=lambda m: print(f"nlu: {m}", file=sys.stderr, flush=True))
    return Nlu(url, token, started.pid, var_dir)


def stop_nlu(nlu: Nlu) -> None:
    if nlu.var_dir is not None:
        from nlu import server

        server.stop(nlu.var_dir)


def profiled_bot(path: str) -> None:
    """The bot's `run` command under cProfile, switched on by SIGUSR1 and off (stats written) by SIGUSR2."""
    from bot.cli import main

    profile = cProfile.Profile()

    def on(_sig: int, _frame: object) -> None:
        profile.enable()

    def off(_sig: int, _frame: object) -> None:
        profile.disable()
        profile.dump_stats(path)

    signal.signal(signal.SIGUSR1, on)
    signal.signal(signal.SIGUSR2, off)
    sys.argv = ["vet2b", "run"]
    main()


async def start_bot(
    base_url: str, database_url: str, nlu: Nlu, tmp: Path, profile: str | None
) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN,
           "TELEGRAM_API_BASE_URL": base_url, "RASA_URL": nlu.url, "RASA_TOKEN": nlu.token,
           "LOG_LEVEL": "WARNING", "VET2B_VAR_DIR": str(tmp / "var")}  # fmt: skip
    code, argv = "from bot.cli import main; main()", ["run"]
    if profile:
        code, argv = f"import bench.inbound as b; b.profiled_bot({str(Path(profile).resolve())!r})", []
    # `python -c` from the repository root: this checkout's code, not whichever one is installed.
    return await asyncio.create_subprocess_exec(sys.executable, "-c", code, *argv, cwd=ROOT, env=env)


async def start_py_spy(pid: int, path: str) -> asyncio.subprocess.Process:
    """py-spy sampling the bot (all its threads, so SQLite's worker thread too) until SIGINT."""
    exe = Path(sys.executable).with_name("py-spy")
    command = [str(exe) if exe.exists() else "py-spy", "record", "--pid", str(pid), "--format", "raw",
               "--rate", "250", "--output", path]  # fmt: skip
    return await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL)


def print_samples(path: Path, top: int = 30) -> None:
    """py-spy's raw (collapsed) stacks as tables: where the samples are (leaf function), and by package."""
    leaves: dict[str, int] = {}
    packages: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames, n = stack.split(";"), int(count)
        total += n
        leaf = frames[-1]
        leaves[leaf] = leaves.get(leaf, 0) + n
        where = leaf.split("(", 1)[1] if "(" in leaf else leaf
        package = (
            where.split("site-packages/", 1)[1].split("/")[0] if "site-packages/" in where else where.split(":")[0]
        )
        packages[package] = packages.get(package, 0) + n
    print(f"py-spy: {total} samples", file=sys.stderr)
    for title, table in (("leaf functions", leaves), ("by package or file", packages)):
        print(f"-- {title}", file=sys.stderr)
        for name, n in sorted(table.items(), key=lambda item: -item[1])[:top]:
            print(f"{100 * n / max(1, total):5.1f}%  {name}", file=sys.stderr)


async def until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def flood(tg: BenchTelegram, user_id: int, queries: list[str]) -> None:
    tg.add_user(user_id, "Flood", language_code="en")
    for i in range(FLOOD_MESSAGES):
        await tg.user_sends(user_id, queries[i % len(queries)])
        await asyncio.sleep(FLOOD_SECONDS / FLOOD_MESSAGES)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="vet2b-inbound-"))
    database_url = await prepare_database(args.database_url, tmp)
    queries = load_queries()
    nlu = start_nlu(args.no_nlu, tmp)
    report: dict[str, Any] = {}
    try:
        tg = BenchTelegram(TOKEN, global_per_s=None, per_chat_per_s=1.0, per_chat_burst=3,
                           latency_s=args.latency_ms / 1000)  # fmt: skip
        async with tg:
            bot = await start_bot(tg.base_url, database_url, nlu, tmp, args.profile)
            try:
                await until(lambda: tg.stats.per_method.get("getUpdates", 0) > 0, 60, "the bot to poll")
                await crowd(tg, 10_000, 7, 0.0, 0.0, queries, 1)  # warm-up: imports, caches, the first parses

                tg.configure(per_chat_per_s=None)
                print("saturation...", file=sys.stderr, flush=True)
                if args.profile:
                    bot.send_signal(signal.SIGUSR1)
                spy = await start_py_spy(bot.pid, args.py_spy) if args.py_spy else None
                cpu_before, started, own_before = cpu_s(bot.pid), time.monotonic(), time.process_time()
                calls_before = dict(tg.stats.per_method)
                nlu_before = cpu_s(nlu.pid) if nlu.pid else 0.0
                saturation = await crowd(tg, 100_000, args.saturation_users, 0.0, 0.0, queries, 2)
                wall, own_cpu = time.monotonic() - started, time.process_time() - own_before
                calls = {k: v - calls_before.get(k, 0) for k, v in tg.stats.per_method.items()}
                cpu, nlu_cpu = cpu_s(bot.pid) - cpu_before, (cpu_s(nlu.pid) - nlu_before) if nlu.pid else None
                if args.profile:
                    bot.send_signal(signal.SIGUSR2)
                if spy is not None:
                    spy.send_signal(signal.SIGINT)  # py-spy writes its samples on Ctrl-C
                    await asyncio.wait_for(spy.wait(), 60)
                tg.configure(per_chat_per_s=1.0)
                concurrent, others, http_429, concurrent_429, flood_events = Results(), Results(), 0, 0, []
                notice = translator("en")._("You are sending a lot right now. Please wait a little and try again.")
                if not args.saturation_only:
                    await asyncio.sleep(2.0)  # Telegram's allowance for each chat is back
                    print("concurrent...", file=sys.stderr, flush=True)
                    before_429 = tg.stats.http_429
                    concurrent = await crowd(tg, 200_000, args.users, args.think_s, 1.0, queries, 3)
                    concurrent_429 = tg.stats.http_429 - before_429
                    await asyncio.sleep(2.0)

                    print("flood...", file=sys.stderr, flush=True)
                    flooder, before_429 = 400_000, tg.stats.http_429

                    async def flood_later() -> None:
                        await asyncio.sleep(1.0)
                        await flood(tg, flooder, queries["en"])

                    others, _ = await asyncio.gather(
                        crowd(tg, 300_000, args.users, args.think_s, 1.0, queries, 4), flood_later()
                    )
                    http_429 = tg.stats.http_429 - before_429
                    await asyncio.sleep(args.drain_s)  # queued replies and the notice arrive at 1/s
                    flood_events = tg.events(flooder)
            finally:
                bot.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(bot.wait(), 30)
                except TimeoutError:
                    bot.kill()
    finally:
        stop_nlu(nlu)
    updates = saturation.updates
    report = {
        "updates_per_s": round(updates / wall, 1),
        "p50_ms": percentile_ms(concurrent.latencies, 50),
        "p95_ms": percentile_ms(concurrent.latencies, 95),
        "cpu_ms_per_update": round(cpu * 1000 / updates, 2) if updates else None,
        "others_p95_ms": percentile_ms(others.latencies, 95),
        "saturation_updates": updates,
        "saturation_s": round(wall, 1),
        "saturation_p95_ms": percentile_ms(saturation.latencies, 95),
        "api_calls_per_update": {k: round(v / updates, 2) for k, v in sorted(calls.items()) if v} if updates else {},
        "nlu_cpu_ms_per_update": round(nlu_cpu * 1000 / updates, 2) if nlu_cpu is not None and updates else None,
        "fake_and_users_cpu_ms_per_update": round(own_cpu * 1000 / updates, 2) if updates else None,
        "load_average": round(os.getloadavg()[0], 2),
        "concurrent_updates": concurrent.updates,
        "concurrent_http_429": concurrent_429,
        "flood_http_429": http_429,
        "flood_told": sum(notice in (e.text or "") for e in flood_events),
        "flood_answered": len(flood_events),
        "failures": saturation.failures + concurrent.failures + others.failures,
        "users": args.users,
        "saturation_users": args.saturation_users,
        "think_s": args.think_s,
        "latency_ms": args.latency_ms,
        "nlu": "off" if args.no_nlu else "rasa",
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "profiled": bool(args.profile or args.py_spy),
    }
    if args.py_spy:
        print_samples(Path(args.py_spy))
    if args.profile:
        stats = pstats.Stats(args.profile, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--saturation-users", type=int, default=150)
    parser.add_argument("--think-s", type=float, default=1.0)
    parser.add_argument("--latency-ms", type=float, default=30.0, help="delay of every Bot API call")
    parser.add_argument("--drain-s", type=float, default=15.0, help="wait for the flooder's queued replies")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--no-nlu", action="store_true", help="no Rasa: free text is taken as a search")
    parser.add_argument("--saturation-only", action="store_true", help="skip the concurrent and flood phases")
    parser.add_argument("--profile", default=None, help="cProfile the bot during the saturation phase into FILE")
    parser.add_argument("--py-spy", default=None, help="sample the bot with py-spy during saturation into FILE")
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
