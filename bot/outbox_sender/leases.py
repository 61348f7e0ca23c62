"""The rows this worker has claimed and until when it may still send them.

Why a worker checks before each send: a lease can run out while the worker is busy (a large
batch being prepared, a 429 pause, a slow machine), and then another worker may claim the row
and send it too. Every claimed row is tracked from the claim until it is settled, the heartbeat
renews them all, and a send goes out only while the row's lease has a margin left; a row whose
lease was lost is dropped silently, because its new holder sends it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender.dbwrite import write
from domain import outbox


class Leases:
    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        worker_id: str,
        lease_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._worker_id = worker_id
        self.lease_s = lease_s
        self.margin_s = lease_s / 3
        self._clock = clock
        self._deadline: dict[int, float] = {}

    def now(self) -> float:
        return self._clock()

    def add(self, row_ids: Iterable[int], asked_at: float) -> None:
        """Rows just claimed; ``asked_at`` (taken before the claim) errs on the short side."""
        for row_id in row_ids:
            self._deadline[row_id] = asked_at + self.lease_s

    def drop(self, row_id: int) -> None:
        self._deadline.pop(row_id, None)

    async def renew(self, row_ids: Iterable[int] | None = None) -> set[int]:
        """Extend the leases of ``row_ids`` (default: all held); returns the ids that were lost."""
        ids = list(self._deadline if row_ids is None else row_ids)
        if not ids:
            return set()
        asked_at = self._clock()
        kept = await write(self._factory, outbox.extend_leases, self._worker_id, ids, self.lease_s)
        lost = set()
        for row_id in ids:
            if row_id not in self._deadline:
                continue  # settled while the renewal ran
            if row_id in kept:
                self._deadline[row_id] = asked_at + self.lease_s
            else:
                lost.add(row_id)
                del self._deadline[row_id]
        return lost

    async def confirm(self, row_id: int) -> bool:
        """May this row be sent now? Renews the lease first if it is about to run out."""
        deadline = self._deadline.get(row_id)
        if deadline is None:
            return False
        if deadline - self._clock() >= self.margin_s:
            return True
        await self.renew([row_id])
        return row_id in self._deadline
