"""Flood control and failure injection, shaped like Telegram's.

Why: a bot that answers fine in a unit test can still melt under real traffic because Telegram
answers 429 once a bot exceeds ~30 messages/s overall or ~1 message/s in one chat (with a small
burst allowance). Benchmarks and e2e tests need those 429s — with the real ``retry_after`` in
``parameters`` — to exercise PTB's RetryAfter handling and any rate limiter the bot installs.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import ApiError, too_many_requests

# Methods that Telegram counts as "sending a message" for flood control.
RATE_LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVoice",
        "copyMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    }
)


@dataclass
class RateLimits:
    """Limits; ``None`` disables one. Defaults are Telegram's documented ones."""

    global_per_s: float | None = 30.0
    per_chat_per_s: float | None = 1.0
    per_chat_burst: int = 3


class RateLimiter:
    """Sliding 1-second window for the whole bot plus a token bucket per chat.

    The check is all-or-nothing: a request refused by either limit consumes nothing, so a
    client that honours ``retry_after`` is never punished twice.
    """

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._window: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}  # chat_id -> (tokens, last refill)

    def reset(self) -> None:
        self._window.clear()
        self._buckets.clear()

    def _chat_tokens(self, chat_id: int, now: float, rate: float) -> float:
        burst = float(max(1, self.limits.per_chat_burst))
        tokens, last = self._buckets.get(chat_id, (burst, now))
        return min(burst, tokens + (now - last) * rate)

    def acquire(self, chat_id: int | None) -> None:
        """Record one message, or raise the 429 Telegram would answer with."""
        now = self._clock()
        retry: float = 0.0
        global_cap = self.limits.global_per_s
        if global_cap is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= max(1, math.floor(global_cap)):
                retry = max(retry, self._window[0] + 1.0 - now)
        rate = self.limits.per_chat_per_s
        tokens = 0.0
        if chat_id is not None and rate is not None and rate > 0:
            tokens = self._chat_tokens(chat_id, now, rate)
            if tokens < 1.0:
                retry = max(retry, (1.0 - tokens) / rate)
        if retry > 0:
            raise too_many_requests(max(1, math.ceil(retry)))
        if global_cap is not None:
            self._window.append(now)
        if chat_id is not None and rate is not None and rate > 0:
            self._buckets[chat_id] = (tokens - 1.0, now)


@dataclass
class InjectedFailure:
    """One scripted error reply (see :meth:`FailureInjector.add`)."""

    code: int
    description: str
    retry_after: int | None
    methods: frozenset[str] | None

    def matches(self, method: str) -> bool:
        if self.methods is None:
            # getUpdates is excluded by default: the polling loop would otherwise race the
            # test for the injected failure and make it nondeterministic which call gets it.
            return method != "getUpdates"
        return method in self.methods

    def error(self) -> ApiError:
        return ApiError(self.code, self.description, retry_after=self.retry_after)


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class FailureInjector:
    """FIFO of scripted failures consumed by the next matching API calls."""

    def __init__(self) -> None:
        self._queue: list[InjectedFailure] = []

    def add(
        self,
        count: int,
        code: int = 429,
        *,
        retry_after: int | None = 1,
        description: str | None = None,
        methods: Iterable[str] | None = None,
    ) -> None:
        if code == 429:
            after = 1 if retry_after is None else retry_after
            desc = description or f"Too Many Requests: retry after {after}"
            failure = InjectedFailure(code, desc, after, None)
        else:
            desc = description or _DEFAULT_DESCRIPTIONS.get(code, f"Error {code}")
            failure = InjectedFailure(code, desc, None, None)
        if methods is not None:
            failure.methods = frozenset(methods)
        self._queue.extend(InjectedFailure(**vars(failure)) for _ in range(count))

    def take(self, method: str) -> ApiError | None:
        for index, failure in enumerate(self._queue):
            if failure.matches(method):
                del self._queue[index]
                return failure.error()
        return None

    def clear(self) -> None:
        self._queue.clear()

    def __len__(self) -> int:
        return len(self._queue)
