"""One send limit for all outbox workers: the local pacer, then a slot shared through PostgreSQL.

Why both: the local :class:`GlobalPacer` spaces this worker's sends evenly and reacts to a 429 at
once; the shared slots (domain/send_budget.py) make sure that N workers together never put more
than ``cap`` sends into any second at Telegram, so adding a worker never causes 429s and nobody
has to divide ``--rate`` by hand. The per-chat limit is shared through the claim instead
(``outbox.claim_due(chat_gap_s=…)``).

Costs one short transaction to take a slot and one (batched) to free it per message: at
Telegram's 30/s that is well within what one PostgreSQL does without noticing. Only one task per
process asks for a slot at a time; the others queue behind it in the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender.dbwrite import write
from bot.outbox_sender.pacing import TELEGRAM_PER_SECOND, GlobalPacer, Send
from domain import send_budget

log = logging.getLogger("vet2b.outbox")
MAX_POLL_S = 0.1  # while every slot is in flight nobody knows when one frees: look again this often


class SharedPacer(GlobalPacer):
    def __init__(
        self,
        rate_per_s: float,
        factory: async_sessionmaker[AsyncSession],
        holder: str,
        *,
        lease_s: float = 35.0,
        **local: Any,
    ) -> None:
        super().__init__(rate_per_s, **local)
        # Telegram's 30/s; a rate above it (tests against a fake server with no limit) is taken as meant,
        # as by GlobalPacer. Every worker of one bot must use the same.
        self.cap = max(TELEGRAM_PER_SECOND, math.ceil(rate_per_s))
        self._factory = factory
        self._holder = holder
        self._lease_s = lease_s  # longer than a send can take (PTB's 30 s timeouts): a dead worker's slots return
        self._taking = asyncio.Lock()
        self._ready = False
        self._releases: list[int] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._closing = False
        self._background: set[asyncio.Task[Any]] = set()

    async def acquire(self) -> Send:
        send = await super().acquire()
        try:
            send.slot = await self._take()
        except BaseException:
            super().answered(send)
            raise
        return send

    async def _take(self) -> int:
        async with self._taking:
            if not self._ready:
                await write(self._factory, send_budget.ensure_slots, self.cap)
                self._ready = True
            while True:
                slot, wait = await write(self._factory, send_budget.take_slot, self._holder, self.cap, self._lease_s)
                if slot is not None:
                    return slot
                await asyncio.sleep(min(max(wait, 0.001), MAX_POLL_S))

    def answered(self, send: Send) -> None:
        super().answered(send)
        if send.slot is None:
            return
        self._releases.append(send.slot)
        send.slot = None
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_releases())
        self._wake.set()

    async def _write_releases(self) -> None:
        """Free answered slots, every answer that arrived meanwhile in one statement."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._flush()
            if self._closing:
                return

    async def _flush(self) -> None:
        batch, self._releases = self._releases, []
        if not batch:
            return
        try:
            await write(self._factory, send_budget.release_slots, self._holder, batch)
        except Exception:  # the slots free themselves when their lease runs out
            log.exception("freeing %d shared send slots failed", len(batch))

    def penalise(self, retry_after_s: float) -> None:
        super().penalise(retry_after_s)
        task = asyncio.create_task(write(self._factory, send_budget.pause, retry_after_s))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        """Free the slots still held, so other workers need not wait for their leases."""
        self._closing = True
        if self._writer is not None and not self._writer.done():
            self._wake.set()
            with contextlib.suppress(Exception):
                await self._writer
        await self._flush()
        for task in list(self._background):
            with contextlib.suppress(Exception):
                await task
