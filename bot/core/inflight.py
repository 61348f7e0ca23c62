"""Messages to a chat that Telegram may already show but whose delivery is not recorded yet.

Why: what someone types right after a notification answers it (bot.flows.threads) — but a notification
counts as seen only once the sender has recorded Telegram's answer (``outbox.sent_at``), a few
milliseconds after the person could read it. A quick reply (a person who types fast, a client that
answers at once) landed in that gap and was read on its own: a teacher's answer became a draft offer. The
sender marks a message here from just before its request until its delivery is committed, and the router
lets that person's next text wait for it (bounded): in the same process, without a database round trip.

Process-local on purpose: a separate ``vet2b outbox work`` process is not seen, and there the gap is as
before. Nobody else waits: only the recipient's own next message, and at most ``SETTLE_MAX_S``.
"""

from __future__ import annotations

import asyncio
from typing import Final

SETTLE_MAX_S: Final = 2.0  # longer than a send plus its commit; a 429 pause is not waited out


class InFlight:
    def __init__(self) -> None:
        self._rows: dict[int, int] = {}  # outbox row id → chat id
        self._chats: dict[int, set[int]] = {}  # chat id → rows in flight
        self._settled: dict[int, asyncio.Event] = {}

    def begin(self, row_id: int, chat_id: int) -> None:
        """The row's request is about to leave (idempotent: a retry of the same row)."""
        if row_id in self._rows:
            return
        self._rows[row_id] = chat_id
        self._chats.setdefault(chat_id, set()).add(row_id)
        self._settled.setdefault(chat_id, asyncio.Event()).clear()

    def end(self, row_id: int) -> None:
        """Recorded as sent, or failed, or given up: no longer in flight."""
        chat_id = self._rows.pop(row_id, None)
        if chat_id is None:
            return
        rows = self._chats.get(chat_id, set())
        rows.discard(row_id)
        if not rows:
            self._chats.pop(chat_id, None)
            event = self._settled.pop(chat_id, None)
            if event is not None:
                event.set()

    def sending_to(self, chat_id: int) -> bool:
        return chat_id in self._chats

    async def settled(self, chat_id: int, timeout: float = SETTLE_MAX_S) -> None:
        """Return once nothing is in flight to ``chat_id`` (at once when nothing is), or after ``timeout``."""
        event = self._settled.get(chat_id)
        if event is None or chat_id not in self._chats:
            return
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return


IN_FLIGHT: Final = InFlight()
