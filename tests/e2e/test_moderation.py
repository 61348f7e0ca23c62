"""Coordinators and moderation on Telegram, end to end.

Real PTB Application, flows, services, database and outbox sender; Telegram is the fake Bot API server on
loopback (Rasa is not needed: free text is a search, and the report and moderation words are read by
nlu.answers). A coordinator for Lithuania (English) joins by an invite link; a Lithuanian company types
"pranešti apie šį pasiūlymą" with its own reason, a Portuguese company presses 🚩 and picks a reason; the
coordinator hears of both (never who reported), hides the offer — it leaves search and the school's teacher
is told why — and, typing "restore it", brings it back (the teacher is told again). A forged hide button
from a company and a real one from Latvia's coordinator are refused; a repeat report counts once. Every step
is in the audit log.
"""

from __future__ import annotations

import asyncio
from functools import partial
from itertools import count

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.coordinators import create_coordinator_invite
from domain.db import transaction
from domain.models import AuditEvent, Listing, ListingReport, Membership, OutboxMessage, Person
from domain.timeutil import utcnow
from tests.domain.factories import listing, org
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import all_delivered as _delivered
from tests.e2e.harness import button_data as _data
from tests.e2e.harness import has_button as _has
from tests.e2e.harness import plain, running_bot
from tests.e2e.harness import press_button as _press
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

Factory = async_sessionmaker[AsyncSession]
TITLE = "Šakotis su medumi"
SCHOOL = "Kauno kepykla"
LT_REASON = "Nuotraukos paimtos iš interneto, ne mokinių darbas"
_ids = count(8101)


async def _member(s: AsyncSession, server: FakeTelegram, organisation_id: int, role: str, language: str) -> Chatter:
    user_id = next(_ids)
    name = f"SECRET-{role.upper()}-{user_id}"
    row = Person(telegram_id=user_id, display_name=name, language=language, consent_at=utcnow())
    s.add(row)
    await s.flush()
    s.add(Membership(person_id=row.id, organisation_id=organisation_id, role=role))
    server.add_user(user_id, name, username=f"user{user_id}", language_code=language)
    return Chatter(server, user_id, name)


def _newcomer(server: FakeTelegram, language: str) -> Chatter:
    user_id = next(_ids)
    name = f"SECRET-COORDINATOR-{user_id}"
    server.add_user(user_id, name, username=f"user{user_id}", language_code=language)
    return Chatter(server, user_id, name)


async def _hidden(db: Factory, listing_id: int) -> bool:
    async with db() as s:
        row = await s.get_one(Listing, listing_id)
        return row.hidden_at is not None


async def _join(db: Factory, who: Chatter, country: str) -> MessageRecord:
    async with transaction(db) as s:
        token = (await create_coordinator_invite(s, country, uses=1, days=1)).token
    mark = who.mark()
    await who.send(f"/start {token}")
    return await who.wait(after=mark)


async def _search(who: Chatter, words: str) -> MessageRecord:
    """/search with the words: without Rasa, a bare word right after a list would be read as a pick."""
    mark = who.mark()
    await who.send(f"/search {words}")
    return await who.wait(after=mark)


async def test_report_hide_restore_and_refusals(db: Factory) -> None:
    async with running_bot(db) as (server, services):
        async with transaction(db) as s:
            bakery = await org(s, "school", SCHOOL)  # LT
            lisbon = await org(s, "school", "Escola de Lisboa", country="PT", city="Lisboa")
            buyer_lt = await org(s, "company", "UAB Šventės")
            buyer_pt = await org(s, "company", "Doces Lda", country="PT", city="Porto")
            cake = await listing(s, bakery, TITLE)
            pastel = await listing(s, lisbon, "Pastéis de nata")
            teacher = await _member(s, server, bakery.id, "teacher", "lt")
            lt_company = await _member(s, server, buyer_lt.id, "admin", "lt")
            pt_company = await _member(s, server, buyer_pt.id, "admin", "pt")
        coordinator = _newcomer(server, "en")
        latvian = _newcomer(server, "ru")

        # 1. the coordinators join by link: Lithuania's in English, Latvia's in Russian
        welcome = await _join(db, coordinator, "LT")
        assert "coordinator" in plain(welcome) and "Lithuania" in plain(welcome) and _has("m:reports", welcome)
        assert "Латви" in plain(await _join(db, latvian, "LV"))

        # 2. typed, in Lithuanian: the offer just found, then the reason in words
        found = await _search(lt_company, "šakotis")
        assert TITLE in plain(found) and _has(f"rpt:{cake.id}", found)
        details = await lt_company.wait(after=await _press(lt_company, found, f"sd:{cake.id}"))
        assert TITLE in plain(details) and _has(f"rpt:{cake.id}", details)
        mark = lt_company.mark()
        await lt_company.send("pranešti apie šį pasiūlymą")
        asked = await lt_company.wait(partial(_has, "rpr"), after=mark)
        assert TITLE in plain(asked)
        mark, heard = lt_company.mark(), coordinator.mark()
        await lt_company.send(LT_REASON)
        assert TITLE in plain(await lt_company.wait(after=mark))
        report = await coordinator.wait(partial(_has, "mh"), after=heard)
        assert TITLE in plain(report) and LT_REASON in plain(report) and SCHOOL in plain(report)

        # 3. by buttons, in Portuguese: 🚩 under the card, then a reason picked
        found = await _search(pt_company, "šakotis")
        asked = await pt_company.wait(partial(_has, "rpr"), after=await _press(pt_company, found, f"rpt:{cake.id}"))
        heard = coordinator.mark()
        thanks = await pt_company.wait(after=await _press(pt_company, asked, f"rpr:{cake.id}:misleading"))
        assert TITLE in plain(thanks)
        report = await coordinator.wait(partial(_has, "mh"), after=heard)
        assert "Misleading or wrong information" in plain(report) and "2 reports" in plain(report)

        # 4. the same company again: it counts once, and nobody is told again
        asked = await pt_company.wait(partial(_has, "rpr"), after=await _press(pt_company, found, f"rpt:{cake.id}"))
        again = await pt_company.wait(after=await _press(pt_company, asked, f"rpr:{cake.id}:spam"))
        assert TITLE in plain(again) and again.message_id != thanks.message_id
        await _delivered(db)
        async with db() as s:
            reports = await s.scalar(select(func.count()).where(ListingReport.listing_id == cake.id))
            notes = await s.scalar(select(func.count()).where(OutboxMessage.kind == "listing_reported"))
        assert (reports, notes) == (2, 2)  # Latvia's coordinator is not told of a Lithuanian offer

        # 5. forged: a company's own signed "hide", and Latvia's coordinator hiding a Lithuanian offer
        for who, words in ((pt_company, "coordenadores"), (latvian, "координатор")):
            forged = services.signer.sign(who.user_id, "mh", cake.id, 0)
            mark = who.mark()
            await server.user_presses(who.user_id, server.events(who.user_id)[-1].message_id, forged, strict=False)
            refusal = await who.wait(after=mark)
            assert words in plain(refusal).lower(), plain(refusal)
            assert not await _hidden(db, cake.id)

        # 6. hidden: out of search, and the school's teacher hears why (in Lithuanian)
        heard = teacher.mark()
        done = await coordinator.wait(after=await _press(coordinator, report, "mh"))
        assert TITLE in plain(done) and "hidden" in plain(done)
        assert await _hidden(db, cake.id)
        told = await teacher.wait(after=heard)
        assert TITLE in plain(told) and "Klaidinanti" in plain(told) and plain(told).startswith("🙈")
        await asyncio.sleep(0.1)  # past the search index's refresh interval (0 in tests)
        assert TITLE not in plain(await _search(lt_company, "šakotis"))
        assert "Pastéis de nata" in plain(await _search(pt_company, "pastéis de nata"))  # others stay
        mark = lt_company.mark()
        await server.user_presses(lt_company.user_id, found.message_id, _data(found, "eq") or "", strict=False)
        assert "nebegalioja" in plain(await lt_company.wait(after=mark)).lower()  # the old card's Enquire: not any more

        # 7. typed "restore it": shown again, and the teacher is told
        heard, mark = teacher.mark(), coordinator.mark()
        await coordinator.send("restore it")
        assert "shown again" in plain(await coordinator.wait(after=mark))
        assert not await _hidden(db, cake.id)
        assert plain(await teacher.wait(after=heard)).startswith("✅")
        assert TITLE in plain(await _search(lt_company, "šakotis"))

        # 8. the audit log: joining, both reports, hide and restore, and the queue is empty of this offer
        async with db() as s:
            actions = list(await s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        for action in ("invite.redeem", "coordinator.add", "listing.report", "listing.hide", "listing.restore"):
            assert action in actions, (action, actions)
        assert actions.count("listing.report") == 2
        mark = coordinator.mark()
        await coordinator.send("/audit")
        log = plain(await coordinator.wait(after=mark))
        # in words, with the offer's title (session 17: "listing.hide listing #4 · by #5" was shown)
        assert "🙈 Offer hidden" in log and "↩️ Offer shown again" in log and f"listing #{pastel.id}" not in log
        assert f"«{TITLE}»" in log and "listing.hide" not in log
        async with db() as s:
            reporters = list(await s.scalars(select(ListingReport.reporter_id)))
            reporter_names = [(await s.get_one(Person, r)).display_name for r in reporters if r is not None]
        reported = [line for line in log.splitlines() if line.startswith("🚩 Offer reported")]
        assert len(reported) == 2, log
        assert not [n for n in reporter_names if n and any(n in line for line in reported)]  # nobody said who

        # nobody saw who reported, and the school never saw the companies
        seen_by_coordinator = coordinator.everything_received()
        seen_by_teacher = teacher.everything_received()
        for reporter, company in ((lt_company, "UAB Šventės"), (pt_company, "Doces Lda")):
            for seen in (seen_by_coordinator, seen_by_teacher):
                assert reporter.name not in seen and f"user{reporter.user_id}" not in seen
                assert company not in seen
