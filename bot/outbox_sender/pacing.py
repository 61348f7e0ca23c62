"""Telegram's flood limits, kept on our side: about 30 messages/s per bot and 1/s per chat.

Why our own pacing: python-telegram-bot's AIORateLimiter throttles group chats only, and a
bot that relies on 429s to find the limit gets penalised (long ``retry_after``) and delivers
late. :class:`GlobalPacer` spaces sends evenly at ``rate`` per second, makes up briefly for turns
missed while the event loop was busy, and never lets more than Telegram's limit reach it within
any second; on a 429 it stops everything for
``retry_after`` and lowers the rate (multiplicative decrease), then climbs back slowly
(additive increase). :class:`ChatPacer` keeps one chat at one message per ``interval``.
Both are per process; :class:`bot.outbox_sender.shared_pacing.SharedPacer` adds the limit all
workers share (PostgreSQL), so N workers need no ``rate / N``.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

TELEGRAM_PER_SECOND = 30


class Send:
    """One send's place in the pacer's window: it counts from release until Telegram answered, plus 1 s."""

    __slots__ = ("answered_at", "slot")

    def __init__(self) -> None:
        self.answered_at: float | None = None
        self.slot: int | None = None  # the shared send slot it holds (SharedPacer), if any


class GlobalPacer:
    def __init__(
        self,
        rate_per_s: float,
        *,
        per_second_limit: int | None = None,
        min_rate_per_s: float = 1.0,
        decrease: float = 0.85,
        recover_per_send: float = 0.05,
        catch_up_s: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate_per_s <= 0 or (per_second_limit is not None and per_second_limit < 1):
            raise ValueError("rate and limit must be positive")
        self.max_rate = rate_per_s
        self.rate = rate_per_s
        # Telegram's 30/s; a rate set above it (a test against a fake server) is taken as meant.
        self.limit = per_second_limit or max(TELEGRAM_PER_SECOND, math.ceil(rate_per_s))
        self.min_rate = min(min_rate_per_s, rate_per_s)
        self._decrease = decrease
        self._recover = recover_per_send
        self._catch_up = catch_up_s
        self._clock = clock
        self._next = 0.0
        self._paused_until = 0.0
        self._window: list[Send] = []

    async def acquire(self) -> Send:
        """Wait for this sender's turn; re-queues behind a pause imposed while waiting.

        Pass the returned :class:`Send` to :meth:`answered` when Telegram's reply arrives.
        A turn missed because the event loop ran late (a database write, a claim) is made up
        for, up to ``catch_up_s`` worth of sends: without that, every stall was throughput lost
        for good (measured 0.93 of the limit at 29/s). The window below keeps any catch-up
        within Telegram's per-second limit.
        """
        while True:
            now = self._clock()
            slot = max(now - self._catch_up, self._next, self._paused_until)
            self._next = slot + 1.0 / self.rate
            if slot > now:
                await asyncio.sleep(slot - now)
            if self._clock() + 1e-3 < self._paused_until:
                continue  # a 429 paused everyone while we waited: queue again behind the pause
            await self._window_turn()
            if self._clock() + 1e-3 < self._paused_until:
                continue
            send = Send()
            self._window.append(send)
            self.rate = min(self.max_rate, self.rate + self._recover)
            return send

    def answered(self, send: Send) -> None:
        """Telegram answered (or the request failed): the send leaves the window one second from now."""
        send.answered_at = self._clock()

    @property
    def _cap(self) -> int:
        """Sends allowed in the window: Telegram's limit, lower while the rate is lowered after a 429."""
        return max(1, min(self.limit, math.floor(self.rate) + 1))

    async def _window_turn(self) -> None:
        """Wait until fewer than the cap of sends could fall into one second at Telegram.

        Why sends count until one second after their answer, not after their release: Telegram
        stamps a request somewhere between the two, and network or event-loop delays can bunch
        requests released evenly (measured: 4 × 429 in 10,000 when counting from the release).
        Counted this way, no second at Telegram can hold more than the cap, whatever the delays.
        """
        while True:
            now = self._clock()
            self._window = [s for s in self._window if s.answered_at is None or s.answered_at > now - 1.0]
            if len(self._window) < self._cap:
                return
            answered = [s.answered_at for s in self._window if s.answered_at is not None]
            await asyncio.sleep(min(answered) + 1.0 - now if answered else 0.01)

    def penalise(self, retry_after_s: float) -> None:
        """Telegram said 429: nobody sends for ``retry_after_s``, and the rate drops."""
        self._paused_until = max(self._paused_until, self._clock() + retry_after_s)
        self._next = max(self._next, self._paused_until)
        self.rate = max(self.min_rate, self.rate * self._decrease)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    async def close(self) -> None:
        """Nothing to hand back here (the shared pacer frees its slots)."""


class ChatPacer:
    """Earliest next send per chat; entries in the past are dropped so memory stays bounded."""

    def __init__(self, interval_s: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval_s
        self._clock = clock
        self._next: dict[int, float] = {}

    def wait_s(self, chat_id: int) -> float:
        return max(0.0, self._next.get(chat_id, 0.0) - self._clock())

    def sent(self, chat_id: int) -> None:
        now = self._clock()
        self._next[chat_id] = now + self.interval
        if len(self._next) > 4096:
            self._next = {chat: t for chat, t in self._next.items() if t > now}
