"""The path of one message: person and state from the database → the flow that handles it → replies.

Everything a turn changes (including the dialogue state) is committed in one transaction; a domain
rule that refuses the action rolls it all back and the person gets a clear message instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.core import registry
from bot.core.callbacks import BadCallback
from bot.core.turn import Services, State, Turn
from bot.core.types import Incoming, Reply
from bot.flows import errors as error_messages
from bot.i18n import translator
from domain import accounts, dialogue, outbox
from domain.db import transaction
from domain.errors import DomainError
from domain.models import Person
from domain.replies import enquiry_replied_to

log = logging.getLogger(__name__)
MAX_TEXT = 4000  # longer messages are cut: Telegram itself stops at 4,096


class _PerUser:
    """One lock per user, dropped when nobody waits on it, so the table stays as small as the traffic."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: Counter[int] = Counter()

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(user_id, asyncio.Lock())
        self._holders[user_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._holders[user_id] -= 1
            if not self._holders[user_id]:
                del self._holders[user_id]
                self._locks.pop(user_id, None)


_turns = _PerUser()


async def handle(services: Services, incoming: Incoming) -> list[Reply]:
    """Answer one incoming message or button press; never raises for anything a user can do.

    A person's turns run one at a time: a quick second message must see the state the first one
    left. In-process a lock per user; across replicas the person's row is locked (PostgreSQL).
    """
    async with _turns.hold(incoming.user_id):
        return await _handle(services, incoming)


async def _handle(services: Services, incoming: Incoming) -> list[Reply]:
    async with transaction(services.factory) as session:
        person, _created = await accounts.get_or_create_person(session, incoming.user_id, incoming.language_code)
        if person.unreachable_at is not None:  # they blocked the bot once and are back: deliver again
            await outbox.mark_reachable(session, person.id)
        stored = await dialogue.load_state(session, person.id)
    state = State(stored.flow, stored.step, dict(stored.data))
    try:
        async with transaction(services.factory) as session:
            fresh = await session.get(Person, person.id, with_for_update=True)
            assert fresh is not None
            turn = Turn(fresh, state, session, services, incoming.at, incoming.message_id, incoming.display_name)
            await _dispatch(turn, incoming)
            if fresh.erased_at is None:  # /deleteme just deleted the state: saving it would bring it back
                now = turn.state  # unchanged from what was loaded (stored): nothing is written
                await dialogue.save_state(session, fresh.id, now.flow, now.step, now.data, loaded=stored)
            return turn.replies
    except DomainError as exc:
        return [Reply(error_messages.describe(translator(person.language), exc))]
    except BadCallback:
        return [Reply(translator(person.language)._("This button is no longer valid. Send /menu to start again."))]


async def _dispatch(turn: Turn, incoming: Incoming) -> None:
    if incoming.callback is not None:
        assert turn.person.telegram_id is not None
        action = turn.services.signer.verify(turn.person.telegram_id, incoming.callback)
        handler = registry.BUTTONS.get(action.name)
        if handler is None:
            raise BadCallback(action.name)
        await handler(turn, action)
        return
    text = (incoming.text or "").strip()[:MAX_TEXT]
    command = incoming.command
    if command is not None:
        name, args = command
        await registry.COMMANDS.get(name, registry.COMMANDS["help"])(turn, args)
        return
    if not text:
        await registry.COMMANDS["help"](turn, "")
        return
    step = registry.STEPS.get((turn.state.flow or "", turn.state.step or ""))
    if step is not None:
        await step(turn, text)
        return
    if incoming.reply_to_message_id is not None:
        enquiry_id = await enquiry_replied_to(turn.session, turn.person.id, incoming.reply_to_message_id)
        if enquiry_id is not None:  # a swipe-reply to a relayed message goes to the other side
            turn.goto("relay", "compose", enquiry_id=enquiry_id)
            await registry.STEPS[("relay", "compose")](turn, text)
            return
    result = await turn.understand(text)
    log.debug("intent %s %.2f %s", result.intent, result.confidence, result.source)
    by_intent = registry.INTENTS.get(result.intent) or registry.INTENTS["search_offers"]
    await by_intent(turn, text)
