"""Recording Telegram's acknowledgements with group commit.

Why: a commit per message, serialised (SQLite has one writer) and each waiting its turn on a
busy event loop, capped delivery at a few messages per second under load. Here every ack that
arrives while a commit is running goes into the next one. A delivery task still waits for its
own commit before it counts as done, so the rows that can be re-sent after a crash are still
only those sent but not yet committed: the ones in flight.
"""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender.dbwrite import write
from domain import outbox


class AckWriter:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._pending: list[tuple[int, int | None, asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def sent(self, row_id: int, message_id: int | None) -> None:
        """Return once the row is committed as sent."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((row_id, message_id, done))
        self._wake.set()
        await done

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                await write(self._factory, outbox.mark_sent_many, [(row, message) for row, message, _ in batch])
            except Exception as exc:
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for _, _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
