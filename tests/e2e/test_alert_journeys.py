"""Saved searches on Telegram, in four languages, typed and by buttons.

Real PTB Application, flows, services, database, outbox sender (which also matches new listings against saved
searches every 2 s); Telegram is the fake Bot API server on loopback (Rasa is not needed: free text is a
search and the alert words are read by nlu.answers). A company owner searches in their language and keeps the
search — typed ("let me know when something like this appears") or with 🔔 under the results. A teacher of a
school then publishes offers from /listings by buttons (drafts → ✅ Publish):

1. a matching offer → the company gets one alert: 🔔, the offer's title, Details / Enquire / 🔕 buttons;
2. a non-matching offer → nothing;
3. a second matching offer the same day → nothing (at most one alert a day per saved search);
4. /alerts lists the search; it is deleted typed ("stop all alerts", "удали первое") or with 🗑 — and the
   stored saved searches say so.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from itertools import count

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import alerts
from domain.db import transaction
from domain.models import ListingActivation, Membership, OutboxMessage, Person, SavedSearch
from domain.timeutil import utcnow
from tests.domain.factories import listing, org
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import has_button as _has
from tests.e2e.harness import plain, running_bot
from tests.e2e.harness import press_button as _press
from tests.fake_telegram import FakeTelegram


@dataclass(frozen=True)
class Words:
    search: str  # what the company looks for
    cake: str  # a matching offer's title
    cake2: str  # a second matching offer
    keep: str | None  # typed: keep this search as an alert (None: press 🔔)
    delete: str | None  # typed at /alerts: delete it (None: press 🗑)


WORDS = {
    "en": Words("wedding cake", "Wedding cakes", "Wedding cakes with fresh flowers",
                "let me know when something like this appears", "stop all alerts"),
    "lt": Words("vestuvinis tortas", "Vestuviniai tortai", "Vestuviniai tortai su gėlėmis", None, None),
    "ru": Words("свадебный торт", "Свадебные торты", "Свадебные торты с цветами",
                "сообщите, когда появится что-то похожее", "удали первое"),
    "pt": Words("bolo de casamento", "Bolos de casamento", "Bolos de casamento com flores",
                None, "apaga o primeiro"),
}  # fmt: skip
RESULTS_FIRST = ("en", "ru")  # languages whose first search finds an offer already (a birthday cake)
_ids = count(7001)


@dataclass
class Cast:
    company: Chatter
    teacher: Chatter
    cake: int  # drafts of the teacher's school
    web: int
    cake2: int


async def _cast(factory: async_sessionmaker[AsyncSession], server: FakeTelegram, language: str, w: Words) -> Cast:
    async with transaction(factory) as s:
        school = await org(s, "school", "Riga Bakery School", country="LV", city="Riga")
        other = await org(s, "school", "Car School", country="LT", city="Kaunas")
        company = await org(s, "company", "Nordic Events")
        chatters = {}
        for key, organisation, role in (("company", company, "admin"), ("teacher", school, "teacher")):
            user_id = next(_ids)
            row = Person(telegram_id=user_id, display_name=f"SECRET-{key}", language=language, consent_at=utcnow())
            s.add(row)
            await s.flush()
            s.add(Membership(person_id=row.id, organisation_id=organisation.id, role=role))
            server.add_user(user_id, f"SECRET-{key}", username=f"user{user_id}", language_code=language)
            chatters[key] = Chatter(server, user_id, f"SECRET-{key}")
        car = await listing(s, other, "Car repair and service")  # the catalogue is not empty
        car.category, car.description = "car_service", "Brakes, tyres and oil changes"
        if language in RESULTS_FIRST:  # 🔔 under results; elsewhere under "I did not find offers for that."
            await listing(s, other, "Birthday cakes")
        drafts = []
        for title, category in ((w.cake, "bakery"), ("Website design for online shops", "web_design"),
                                (w.cake2, "bakery")):  # fmt: skip
            item = await listing(s, school, title, status="draft")
            item.category, item.language, item.description = category, language, title
            drafts.append(item.id)
    return Cast(chatters["company"], chatters["teacher"], *drafts)


async def _settled(factory: async_sessionmaker[AsyncSession]) -> None:
    """Every activation matched and every notification so far delivered."""
    for _ in range(400):
        async with factory() as s:
            queued = await s.scalar(select(func.count()).select_from(ListingActivation))
            pending = await s.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.status == "pending"))  # fmt: skip
        if not queued and not pending:
            await asyncio.sleep(0.3)
            return
        await asyncio.sleep(0.1)
    raise AssertionError("activations were not matched or notifications not delivered")


async def _publish(c: Cast, listing_id: int) -> None:
    """The teacher: /listings → ⚙️ the draft → ✅ Publish."""
    mark = c.teacher.mark()
    await c.teacher.send("/listings")
    listed = await c.teacher.wait(partial(_has, f"lo:{listing_id}"), after=mark)
    card = await c.teacher.wait(partial(_has, f"lr:{listing_id}"), after=await _press(c.teacher, listed,
                                                                                    f"lo:{listing_id}"))  # fmt: skip
    await c.teacher.wait(after=await _press(c.teacher, card, "lr"))


async def _saved(factory: async_sessionmaker[AsyncSession]) -> list[str]:
    async with factory() as s:
        return list(await s.scalars(select(SavedSearch.text).order_by(SavedSearch.id)))


@pytest.mark.parametrize("language", sorted(WORDS))
async def test_saved_search_alerts_once(db: async_sessionmaker[AsyncSession], language: str) -> None:
    w = WORDS[language]
    async with running_bot(db) as (server, _services):
        c = await _cast(db, server, language, w)

        # the company searches and keeps the search: typed, or 🔔 under the results
        mark = c.company.mark()
        await c.company.send(w.search)
        results = await c.company.wait(partial(_has, "ss"), after=mark)
        assert _has("eq", results) == (language in RESULTS_FIRST)
        if w.keep is None:
            kept = await c.company.wait(after=await _press(c.company, results, "ss"))
        else:
            mark = c.company.mark()
            await c.company.send(w.keep)
            kept = await c.company.wait(after=mark)
        assert plain(kept).startswith("🔔") and w.search in plain(kept) and "/alerts" in plain(kept)
        assert await _saved(db) == [w.search]

        # 1. a matching offer is published → one alert, with the offer's card and its buttons
        mark = c.company.mark()
        await _publish(c, c.cake)
        alert = await c.company.wait(partial(_has, "sx"), after=mark)
        assert plain(alert).startswith("🔔") and w.cake in plain(alert) and "Riga Bakery School" in plain(alert)
        assert _has(f"sd:{c.cake}", alert) and _has(f"eq:{c.cake}", alert)
        await _settled(db)
        got = len(server.events(c.company.user_id))

        # 2. a non-matching offer, 3. a second matching one the same day: nothing more
        await _publish(c, c.web)
        await _settled(db)
        await _publish(c, c.cake2)
        await _settled(db)
        assert len(server.events(c.company.user_id)) == got
        async with db() as s:
            rows = list(await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == alerts.KIND_ALERT)))
        assert [(r.payload["listing_id"], r.status) for r in rows] == [(c.cake, "sent")]

        # 4. /alerts lists it; delete it typed or with 🗑
        mark = c.company.mark()
        await c.company.send("/alerts")
        listed = await c.company.wait(partial(_has, "sx"), after=mark)
        assert plain(listed).startswith("🔔") and f"1. «{w.search}»" in plain(listed)
        if w.delete is None:
            done = await c.company.wait(after=await _press(c.company, listed, "sx"))
        else:
            mark = c.company.mark()
            await c.company.send(w.delete)
            done = await c.company.wait(after=mark)
        assert not _has("sx", done) and f"1. «{w.search}»" not in plain(done)  # nothing left to delete
        assert await _saved(db) == []

        seen = c.company.everything_received()
        assert "SECRET-teacher" not in seen and f"user{c.teacher.user_id}" not in seen
