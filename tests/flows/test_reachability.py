"""Someone who blocked the bot (so was marked unreachable) and writes again gets notifications again."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import outbox
from domain.db import transaction
from domain.models import Person
from tests.flows.helpers import Chat, make_services, person_by_telegram


async def test_writing_again_makes_a_person_reachable(db: async_sessionmaker[AsyncSession]) -> None:
    chat = Chat(make_services(db), 5151, "Rūta", "lt")
    await chat.send("/start")
    person = await person_by_telegram(db, 5151)
    async with transaction(db) as session:
        await outbox.mark_unreachable(session, person.id)
    async with db() as session:
        assert (await session.get(Person, person.id)).unreachable_at is not None  # type: ignore[union-attr]

    replies = await chat.send("/help")

    assert replies
    async with db() as session:
        assert (await session.get(Person, person.id)).unreachable_at is None  # type: ignore[union-attr]
