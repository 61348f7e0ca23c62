"""An answer typed the moment a notification shows: it must answer that notification.

Why: Telegram shows a message to the recipient before the bot hears back that it was sent, and a
notification counts as seen (opens a thread) only once that answer is recorded. A fast typist, or a
client that answers at once, landed in between and was read on its own (bot/core/inflight.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries
from domain.db import transaction
from domain.models import RelayMessage
from tests.domain.factories import build_world
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import running_bot

Factory = async_sessionmaker[AsyncSession]


async def test_a_teacher_answering_at_once_reaches_the_company(db: Factory) -> None:
    w = await build_world(db)
    assert w.teacher_a.telegram_id and w.owner_c.telegram_id and w.admin_a.telegram_id
    answer = "Yes, we can bake all 40 by Friday"
    async with running_bot(db, return_latency_s=0.4) as (server, _services):
        teacher = Chatter(server, w.teacher_a.telegram_id, "Teacher")
        company = Chatter(server, w.owner_c.telegram_id, "Company")
        for who in (teacher, company, Chatter(server, w.admin_a.telegram_id, "Admin")):
            server.add_user(who.user_id, who.name, language_code="en")
        async with transaction(db) as s:
            await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=40, needed_by=None, message="")
        await teacher.wait_text(w.listing_a.title)  # shown; the bot has not heard back yet
        mark = company.mark()
        await teacher.send(answer)
        relayed = await company.wait_text(answer, after=mark)
        assert "Teacher" not in (relayed.text or "")  # the school speaks, not the person
    async with db() as s:
        assert list(await s.scalars(select(RelayMessage.text))) == [answer]
