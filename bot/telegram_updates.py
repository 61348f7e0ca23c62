"""python-telegram-bot's update processor with the inbound gate (bot.core.inbound) in front of the places.

Why a processor of our own: PTB takes a place (its semaphore) before it calls the processor, so
anything done in a handler — a rate check, waiting for the same user's previous update — already
holds one. PTB's own bound is therefore set high (``in_flight``, a guard against unbounded
memory), and the real bound on updates handled at once (``places``) is taken after the gate has
admitted the update and after the user's previous update has finished. A refused update never
reaches a handler and never touches the database.

A place is held while the update is thought about — the dialogue's turn (database, NLU) and the
menu's read, each handler takes it (:attr:`FairUpdateProcessor.place`) — not while its answer
travels to Telegram: with every Bot API call taking tens of milliseconds, places held through
sending spent most of their time waiting for Telegram, and eight of them capped the bot at about
a hundred updates a second with the CPU half idle (bench/inbound.py). The user's own order is
still kept: their next update waits for this one to be delivered (the gate's turn).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.core.inbound import Admission, InboundGate

log = logging.getLogger(__name__)

Refused = Callable[[Update, Admission], Awaitable[None]]
IN_FLIGHT = 4096


def user_of(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_user is not None and not update.effective_user.is_bot:
        return update.effective_user.id
    return None


class FairUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, gate: InboundGate, refused: Refused, *, places: int = 8, in_flight: int = IN_FLIGHT) -> None:
        super().__init__(max_concurrent_updates=in_flight)
        self.gate = gate
        self._refused = refused
        self.place = asyncio.Semaphore(places)  # taken by the handlers around their thinking (module docstring)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user_id = user_of(update)
        if user_id is None:  # nobody's turn to keep in order: the place is held throughout
            async with self.place:
                await coroutine
            return
        verdict = self.gate.admit(user_id)
        if verdict is not Admission.ADMIT:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never run: no "coroutine was never awaited" warning
            assert isinstance(update, Update)
            await self._refused(update, verdict)
            return
        async with self.gate.turn(user_id):  # the handlers take a place for their thinking
            await coroutine

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
