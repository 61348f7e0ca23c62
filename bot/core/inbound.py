"""Fair share of the bot for every user: a rate limit per user and a short queue per user, before any work.

Why: the bot handles a few updates at a time. One person sending 100 messages in two seconds
used to fill those places (their updates, waiting for each other's turn, each held one) and
everyone else waited seconds. Here, before an update gets a place or touches the database:

* **a token bucket per user**: a burst of ``burst`` updates, then ``per_s`` a second. Eight is
  more than a person types or taps in a quick exchange; one a second is faster than anyone reads
  the replies (and Telegram itself delivers about one message a second into a chat);
* **a bound on the updates of one user in the bot at once** (one being handled, ``max_waiting``
  waiting their turn): taps on several buttons at once are served in order, a pile-up is not.

An update over either limit is dropped, and the person is told once per burst (the
:attr:`Admission.TELL` verdict): again only after they paused long enough for the bucket to fill.

The state is per process. With several replicas behind a webhook, a user's updates may be spread
over them, so the effective limit is up to the number of replicas times this one; that is
acceptable, the point is that one user cannot take a whole process. Users back to a full bucket
are forgotten when the table passes 4,096 entries (or twice what the last sweep left), so it
stays about as small as the traffic.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

SWEEP_AT = 4096


@dataclass(frozen=True)
class InboundLimits:
    burst: int = 8
    per_s: float = 1.0
    max_waiting: int = 3


class Admission(enum.Enum):
    ADMIT = "admit"
    TELL = "tell"  # drop it, and tell the person to slow down (first drop of a burst)
    DROP = "drop"  # drop it silently: they were told already


@dataclass
class _User:
    tokens: float
    at: float
    told: bool = False
    inside: int = 0  # updates admitted and not finished: one handled, the others waiting for it
    lock: asyncio.Lock | None = None


class InboundGate:
    def __init__(self, limits: InboundLimits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or InboundLimits()
        self._clock = clock
        self._users: dict[int, _User] = {}
        self._sweep_at = SWEEP_AT
        self.dropped = 0

    def admit(self, user_id: int) -> Admission:
        """Whether this update may go in; an admitted one must then run inside :meth:`turn`."""
        now = self._clock()
        user = self._refill(user_id, now)
        if user.tokens >= 1.0 and user.inside <= self.limits.max_waiting:
            user.tokens -= 1.0
            user.inside += 1
            return Admission.ADMIT
        self.dropped += 1
        if user.told:
            return Admission.DROP
        user.told = True
        return Admission.TELL

    @asynccontextmanager
    async def turn(self, user_id: int) -> AsyncIterator[None]:
        """Run an admitted update: one user's updates one at a time, in the order they came."""
        user = self._users[user_id]
        if user.lock is None:
            user.lock = asyncio.Lock()
        try:
            async with user.lock:
                yield
        finally:
            user.inside -= 1

    def _refill(self, user_id: int, now: float) -> _User:
        burst = float(self.limits.burst)
        user = self._users.get(user_id)
        if user is None:
            if len(self._users) >= self._sweep_at:
                self._sweep(now)
            user = self._users[user_id] = _User(burst, now)
            return user
        user.tokens = min(burst, user.tokens + (now - user.at) * self.limits.per_s)
        user.at = now
        if user.tokens >= burst:
            user.told = False  # they paused: a new burst may be told again
        return user

    def _sweep(self, now: float) -> None:
        """Forget users with nothing inside and a full bucket again: they are as good as new."""
        for user_id in list(self._users):
            user = self._users[user_id]
            if not user.inside and user.at + (self.limits.burst - user.tokens) / self.limits.per_s <= now:
                del self._users[user_id]
        self._sweep_at = max(SWEEP_AT, 2 * len(self._users))  # many busy users: do not sweep on every new one

    def __len__(self) -> int:
        return len(self._users)
