"""CPU per Bot API request: PTB's HTTPXRequest against our AiohttpRequest (bot/telegram_http.py).

Usage: python bench/telegram_http.py [--requests 3000] [--concurrency 8] [--rounds 3]

Why: the HTTP client was about a third of the bot's CPU per update (bench/inbound.py --profile), and
aiohttp had to show that it costs less before the bot used it. A local aiohttp server (in a child
process, so its CPU is not counted) answers every request at once with what Telegram answers a
sendMessage; this process sends ``--requests`` sendMessage calls through ``telegram.Bot``, so PTB's
own work (encoding the parameters, parsing the Message) is in the figure as in the bot, ``--concurrency``
at a time, and reports this process's CPU time per request for each client, best of ``--rounds``.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import BaseRequest, HTTPXRequest

from bot.services import skip_missing_sniffio
from bot.telegram_http import AiohttpRequest

TOKEN = "123456:BENCH-HTTP"
ANSWER = {
    "ok": True,
    "result": {
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": {"id": 42, "type": "private", "first_name": "Ona"},
        "from": {"id": 1, "is_bot": True, "first_name": "VET2B", "username": "vet2b_bot"},
        "text": "I found 3 offers: …",
        "reply_markup": {"inline_keyboard": [[{"text": "ℹ️ 1. Details", "callback_data": "x" * 60}]] * 5},
    },
}
ME = {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "VET2B", "username": "vet2b_bot"}}


def serve(port: int) -> None:
    """The stand-in for Telegram: getMe, and every other method answered like a sendMessage."""
    answer, me = json.dumps(ANSWER).encode(), json.dumps(ME).encode()

    async def handle(request: web.Request) -> web.Response:
        await request.read()
        body = me if request.path.endswith("/getMe") else answer
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_listening(port: int) -> None:
    for _ in range(200):
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise SystemExit("the stand-in server did not start")


async def one_round(request: BaseRequest, base_url: str, requests: int, concurrency: int) -> float:
    """CPU milliseconds of this process per sendMessage, ``concurrency`` requests in flight."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(f"ℹ️ {i}. Details", callback_data="x" * 60)] for i in range(5)])
    bot = Bot(TOKEN, base_url=base_url, request=request, get_updates_request=request)
    async with bot:
        for _ in range(50):  # warm-up: connections, caches
            await bot.send_message(42, "warm-up", reply_markup=markup)
        left = requests

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                await bot.send_message(42, "I found 3 offers: " + "x" * 300, reply_markup=markup)

        started = time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return (time.process_time() - started) * 1000 / requests


async def run(args: argparse.Namespace) -> dict[str, Any]:
    skip_missing_sniffio()  # as the bot does (bot/services.py): httpx as fast as we had it
    port = free_port()
    server = multiprocessing.Process(target=serve, args=(port,), daemon=True)
    server.start()
    try:
        await wait_listening(port)
        base_url = f"http://127.0.0.1:{port}/bot"
        results: dict[str, list[float]] = {"httpx": [], "aiohttp": []}
        for _ in range(args.rounds):  # interleaved, so a burst of load elsewhere on the machine hits both
            results["httpx"].append(await one_round(HTTPXRequest(), base_url, args.requests, args.concurrency))
            results["aiohttp"].append(await one_round(AiohttpRequest(), base_url, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.join(5)
    best = {name: round(min(values), 3) for name, values in results.items()}
    return {
        "cpu_ms_per_request": best,
        "all_rounds": {name: [round(v, 3) for v in values] for name, values in results.items()},
        "ratio": round(best["aiohttp"] / best["httpx"], 2),
        "requests": args.requests,
        "concurrency": args.concurrency,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
