"""Inclusive employers and class visits on Telegram, end to end (issue 13 part 5).

Real PTB Application, flows, services, database and outbox sender against the fake Bot API server. A Lithuanian
bakery types that it employs people with disabilities and confirms; Lithuania's coordinator hears of it and
confirms it (a forged confirmation by a teacher is refused first); the bakery publishes a visit offer through the
wizard; a Lithuanian teacher types "įmonių lankymas Vilniuje", picks it and answers every question in words; the
bakery receives the request — naming the school, never the teacher — and accepts; the teacher is told. A company
that is not confirmed cannot publish a visit offer, even with a forged button.
"""

from __future__ import annotations

import asyncio
from functools import partial
from itertools import count

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.coordinators import create_coordinator_invite
from domain.db import transaction
from domain.models import AuditEvent, Membership, Organisation, OutboxMessage, Person, VisitOffer, VisitRequest
from domain.timeutil import utcnow
from tests.domain.factories import org
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import has_button as _has
from tests.e2e.harness import plain, running_bot
from tests.e2e.harness import press_button as _press
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

Factory = async_sessionmaker[AsyncSession]
BAKERY = "UAB Duonos namai"
OTHER = "UAB Paprasta"
SCHOOL = "Vilniaus profesinė mokykla"
WHAT = "Kaip kepama duona, 1 valanda"
NOTES = "Įėjimas be laiptų, tyli patalpa"
NEEDS = "Vienas mokinys važiuoja vežimėliu"
_ids = count(9101)


async def _say(who: Chatter, text: str) -> MessageRecord:
    mark = who.mark()
    await who.send(text)
    return await who.wait(after=mark)


async def _member(s: AsyncSession, server: FakeTelegram, organisation_id: int, role: str, language: str) -> Chatter:
    user_id = next(_ids)
    name = f"SECRET-{role.upper()}-{user_id}"
    row = Person(telegram_id=user_id, display_name=name, language=language, consent_at=utcnow())
    s.add(row)
    await s.flush()
    s.add(Membership(person_id=row.id, organisation_id=organisation_id, role=role))
    server.add_user(user_id, name, username=f"user{user_id}", language_code=language)
    return Chatter(server, user_id, name)


async def _forged(server: FakeTelegram, services: object, who: Chatter, action: str, *args: object) -> MessageRecord:
    forged = services.signer.sign(who.user_id, action, *args)  # type: ignore[attr-defined]
    mark = who.mark()
    await server.user_presses(who.user_id, server.events(who.user_id)[-1].message_id, forged, strict=False)
    return await who.wait(after=mark)


async def test_inclusive_employer_offers_a_visit_and_a_teacher_gets_it(db: Factory) -> None:
    async with running_bot(db) as (server, services):
        async with transaction(db) as s:
            bakery = await org(s, "company", BAKERY)
            other = await org(s, "company", OTHER)
            school = await org(s, "school", SCHOOL)
            baker = await _member(s, server, bakery.id, "admin", "en")
            plain_company = await _member(s, server, other.id, "admin", "en")
            teacher = await _member(s, server, school.id, "teacher", "lt")
            token = (await create_coordinator_invite(s, "LT", uses=1, days=1)).token
        coordinator = Chatter(server, next(_ids), "SECRET-COORDINATOR")
        server.add_user(coordinator.user_id, coordinator.name, username="coordinatoruser", language_code="en")
        await _say(coordinator, f"/start {token}")
        await _say(teacher, "/start")

        # 1. the bakery says it in words and confirms; the coordinator hears of it
        asked = await _say(baker, "We employ people with disabilities")
        assert BAKERY in plain(asked) and _has("vdy", asked)
        heard = coordinator.mark()
        done = await baker.wait(after=await _press(baker, asked, "vdy"))
        assert "coordinators are asked" in plain(done)
        note = await coordinator.wait(partial(_has, "vok"), after=heard)
        assert BAKERY in plain(note) and baker.name not in plain(note)

        # 2. refused: a teacher's forged confirmation, and an unconfirmed company's visit offer
        refusal = await _forged(server, services, teacher, "vok", bakery.id)
        assert "koordinator" in plain(refusal).lower(), plain(refusal)
        refusal = await _forged(server, services, baker, "vnew", bakery.id)
        assert "inclusive employers can offer" in plain(refusal), plain(refusal)
        status = await _say(plain_company, "/visits")  # its profile offers to declare, not to publish
        assert _has("vdi", status) and not _has("vnew", status)
        refusal = await _forged(server, services, plain_company, "vnew", other.id)
        assert "inclusive employers can offer" in plain(refusal), plain(refusal)
        async with db() as s:
            assert not (await s.get_one(Organisation, bakery.id)).inclusive_employer

        # 3. the coordinator confirms (also listed in /verify); the bakery is told, with ➕ New visit offer
        mark = coordinator.mark()
        await coordinator.send("/verify")
        listed = await coordinator.wait(partial(_has, "vok"), after=mark)
        assert BAKERY in plain(listed)
        told = baker.mark()
        done = await coordinator.wait(after=await _press(coordinator, note, "vok"))
        assert "confirmed" in plain(done)
        confirmed = await baker.wait(partial(_has, "vnew"), after=told)
        assert "confirmed" in plain(confirmed)

        # 4. the visit offer wizard: what, city (the company's, by button), size typed, notes typed
        asked = await baker.wait(after=await _press(baker, confirmed, "vnew"))
        asked = await _say(baker, WHAT)
        asked = await baker.wait(after=await _press(baker, asked, "vci"))
        asked = await _say(baker, "12")
        published = await _say(baker, NOTES)
        assert "published" in plain(published) and WHAT in plain(published) and "12" in plain(published)

        # 5. the teacher finds it by typing in Lithuanian and asks for a visit in words
        found = await _say(teacher, "įmonių lankymas Vilniuje")
        assert WHAT in plain(found) and BAKERY in plain(found) and _has("vrq", found)
        assert "♿" in plain(found)
        asked = await _say(teacher, "1")
        assert _has("vrq", found) and "date" not in plain(asked).lower()
        asked = await _say(teacher, "gegužės 12")
        asked = await _say(teacher, "atvyks 10 mokinių")
        heard = baker.mark()
        sent = await _say(teacher, NEEDS)
        assert "📨" in plain(sent)

        # 6. the bakery receives it (the school, never the teacher) and accepts; the teacher is told
        request = await baker.wait(partial(_has, "vac"), after=heard)
        text = plain(request)
        assert WHAT in text and SCHOOL in text and NEEDS in text and "10 students" in text
        assert teacher.name not in text and f"user{teacher.user_id}" not in text
        told = teacher.mark()
        done = await baker.wait(after=await _press(baker, request, "vac"))
        assert "accepted" in plain(done).lower()
        answer = await teacher.wait(after=told)
        assert BAKERY in plain(answer) and plain(answer).startswith("✅")

        async with db() as s:
            row = await s.scalar(select(VisitRequest))
            assert row is not None and row.status == "accepted" and row.group_size == 10 and row.needs == NEEDS
            assert await s.scalar(select(func.count()).select_from(VisitOffer)) == 1
            actions = list(await s.scalars(select(AuditEvent.action)))
            for action in ("organisation.inclusive_declare", "organisation.inclusive_verify", "visit_offer.create",
                           "visit.request", "visit.accepted"):  # fmt: skip
                assert action in actions, (action, actions)
            assert await s.scalar(select(func.count()).where(OutboxMessage.kind == "visit_decided")) == 1
        for seen in (baker.everything_received(), coordinator.everything_received()):
            assert teacher.name not in seen and baker.name not in coordinator.everything_received()
        await asyncio.sleep(0)
