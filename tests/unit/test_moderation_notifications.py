"""The moderation notifications as their recipients read them, in en/lt/ru, normal and easy-read: a report to
a coordinator (the offer, the reason, the decision buttons — never the reporter), a hidden or restored offer to
the school's staff (and nobody else)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import BadCallback
from domain import moderation
from domain.coordinators import create_coordinator_invite, redeem_coordinator_invite
from domain.db import transaction
from domain.models import Coordinator, OutboxMessage, Person
from tests.domain.factories import build_world, person
from tests.unit.test_notifications import SIGNER, _check_html, _visible, render

Factory = async_sessionmaker[AsyncSession]
REASON = "Fake <b>photos</b> & a stolen text"
REASON_LT = {"en": "Spam or a scam", "lt": "Šlamštas ar sukčiavimas", "ru": "Спам или мошенничество"}


async def _rows(db: Factory, kind: str) -> list[OutboxMessage]:
    async with db() as s:
        return list(await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)))


@pytest.mark.parametrize("easy", [False, True])
@pytest.mark.parametrize("language", ["en", "lt", "ru"])
async def test_reports_hidden_and_restored(db: Factory, language: str, easy: bool) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        coordinator = await person(s, "SECRET-COORDINATOR")
        await redeem_coordinator_invite(s, (await create_coordinator_invite(s, "LT")).token, coordinator)
        typed = await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason=REASON)
        await moderation.report_listing(s, w.member_d, w.listing_a.id, reason_code="spam")
    reports = await _rows(db, "listing_reported")
    assert [r.recipient_id for r in reports] == [coordinator.id, coordinator.id]
    reporters: list[Person] = [w.owner_c, w.member_d]
    for row in reports:
        message = await render(db, row, language=language, easy=easy)
        assert message is not None
        text = _visible(message)
        _check_html(message.text)
        assert message.text.startswith("🚩") and w.listing_a.title in text and w.school_a.name in text
        if row.payload["report_id"] == typed.report_id:
            assert "Fake &lt;b&gt;photos&lt;/b&gt; &amp; a stolen text" in message.text
        else:
            assert REASON_LT[language] in message.text
        for reporter in reporters:  # neither who reported nor their company
            assert reporter.display_name not in text and str(reporter.telegram_id) not in text
        assert w.company_c.name not in text and w.company_d.name not in text
        assert coordinator.telegram_id is not None
        actions = {SIGNER.verify(coordinator.telegram_id, data).name for r in message.buttons for _, data in r}
        assert actions == {"mh", "mx", "m"}
        with pytest.raises(BadCallback):
            SIGNER.verify(coordinator.telegram_id + 1, message.buttons[0][0][1])
        if easy:
            assert len(message.buttons) <= 3 and all(len(r) == 1 for r in message.buttons)

    async with transaction(db) as s:
        await moderation.hide_listing(s, coordinator, w.listing_a.id, report_id=typed.report_id)
    hidden = await _rows(db, "listing_hidden")
    assert {r.recipient_id for r in hidden} == {w.admin_a.id, w.teacher_a.id}
    for row in hidden:
        message = await render(db, row, language=language, easy=easy)
        assert message is not None and message.text.startswith("🙈") and w.listing_a.title in message.text
        # the reporter's own words are the coordinators' only: a blind tester's report carried their name and phone
        # number to the school they reported (reporters are told they stay anonymous)
        assert "Fake" not in message.text and "photos" not in message.text
        _check_html(message.text)
    # a student of the school, or someone who left it, is not told (the row is re-addressed to test that)
    stray = hidden[0]
    stray.recipient_id = w.student_a1.id
    assert await render(db, stray, language=language, easy=easy) is None

    async with transaction(db) as s:
        await moderation.restore_listing(s, coordinator, w.listing_a.id)
    assert await render(db, hidden[0], language=language) is None  # no longer hidden: that news is stale
    restored = await _rows(db, "listing_restored")
    assert {r.recipient_id for r in restored} == {w.admin_a.id, w.teacher_a.id}
    message = await render(db, restored[0], language=language, easy=easy)
    assert message is not None and message.text.startswith("✅") and w.listing_a.title in message.text


async def test_a_coordinator_of_another_country_is_not_shown_the_report(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        everywhere = await person(s, "Everywhere")
        await redeem_coordinator_invite(s, (await create_coordinator_invite(s, None)).token, everywhere)
        await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason_code="offensive")
    (row,) = await _rows(db, "listing_reported")
    async with transaction(db) as s:  # the role was narrowed to Latvia after the report was written
        coordinator = await s.scalar(select(Coordinator).where(Coordinator.person_id == everywhere.id))
        assert coordinator is not None
        coordinator.country = "LV"
    assert await render(db, row) is None
