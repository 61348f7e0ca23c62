"""``python -m tests.fake_telegram``: run the fake as its own process (for benchmarks).

Prints ``READY <base_url>`` on stdout once listening, so a parent process can wait for that
line (and learn the port when ``--port 0`` is used). Stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from .server import FakeTelegram


def _limit(value: str) -> float | None:
    """``0`` or ``none`` disables a limit on the command line."""
    return None if value.lower() in ("0", "none", "off") else float(value)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fake_telegram", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="123:TEST")
    parser.add_argument("--global-per-s", type=_limit, default=30.0)
    parser.add_argument("--per-chat-per-s", type=_limit, default=1.0)
    parser.add_argument("--per-chat-burst", type=int, default=3)
    parser.add_argument("--latency-s", type=float, default=0.0)
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    server = FakeTelegram(
        args.token,
        host=args.host,
        port=args.port,
        global_per_s=args.global_per_s,
        per_chat_per_s=args.per_chat_per_s,
        per_chat_burst=args.per_chat_burst,
        latency_s=args.latency_s,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        print(f"READY {server.base_url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
