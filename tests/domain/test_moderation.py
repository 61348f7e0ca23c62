"""Moderation rules in the services: who may hide, restore, dismiss, verify and read the log (checked on every
call, so a forged button changes nothing), a repeat report that counts once, hidden listings out of search and
closed to enquiries, coordinator invites refused like organisation invites, erasure."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, enquiries, moderation
from domain.audit_log import coordinator_audit
from domain.coordinators import (
    CoordinatorScope,
    coordinator_scope,
    create_coordinator_invite,
    redeem_coordinator_invite,
    require_coordinator,
)
from domain.db import transaction
from domain.errors import ALL_CODES, DomainError, Forbidden, Invalid, NotFound
from domain.models import CoordinatorInvite, ListingReport, Person
from domain.search.service import SearchQuery, SearchService
from domain.timeutil import utcnow
from tests.domain.factories import build_world, outbox_rows, person, snapshot

Factory = async_sessionmaker[AsyncSession]


async def _coordinator(db: Factory, country: str | None, name: str = "Coordinator") -> Person:
    async with transaction(db) as s:
        someone = await person(s, name)
        token = (await create_coordinator_invite(s, country)).token
        await redeem_coordinator_invite(s, token, someone)
        return someone


async def test_scope_and_require(db: Factory) -> None:
    w = await build_world(db)
    lt, everywhere = await _coordinator(db, "LT"), await _coordinator(db, None, "Everywhere")
    async with transaction(db) as s:
        assert await coordinator_scope(s, w.owner_c.id) is None
        assert await coordinator_scope(s, lt.id) == CoordinatorScope(frozenset({"LT"}))
        assert (await coordinator_scope(s, everywhere.id)) == CoordinatorScope(None)
        assert (await require_coordinator(s, everywhere.id, "PT")).covers("PT")
        with pytest.raises(Forbidden) as no_role:
            await require_coordinator(s, w.teacher_a.id, None)
        with pytest.raises(Forbidden) as other_country:
            await require_coordinator(s, lt.id, "LV")
    assert (no_role.value.code, other_country.value.code) == ("not_a_coordinator", "not_your_country")
    assert {"not_a_coordinator", "not_your_country", "report_not_found", "bad_reason"} <= ALL_CODES


Call = Callable[[AsyncSession, Person, int], Awaitable[Any]]
ACTIONS: dict[str, Call] = {
    "hide": lambda s, p, i: moderation.hide_listing(s, p, i),
    "restore": lambda s, p, i: moderation.restore_listing(s, p, i),
    "dismiss": lambda s, p, i: moderation.dismiss_reports(s, p, i),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
async def test_only_a_coordinator_of_the_country_decides(db: Factory, action: str) -> None:
    """The school's own teacher, a company, and Latvia's coordinator: refused, and nothing is written."""
    w = await build_world(db)  # listing_a is in Lithuania
    latvian = await _coordinator(db, "LV")
    async with transaction(db) as s:
        await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason_code="spam")
        if action == "restore":
            await moderation.hide_listing(s, await _coordinator_in(s, "LT"), w.listing_a.id)
    before = await snapshot(db)
    for who, code in ((w.teacher_a, "not_a_coordinator"), (w.owner_c, "not_a_coordinator"),
                      (latvian, "not_your_country")):  # fmt: skip
        async with transaction(db) as s:
            with pytest.raises(Forbidden) as refused:
                await ACTIONS[action](s, who, w.listing_a.id)
        assert refused.value.code == code
    assert await snapshot(db) == before


async def _coordinator_in(s: AsyncSession, country: str) -> Person:
    someone = await person(s, f"Coordinator {country}")
    await redeem_coordinator_invite(s, (await create_coordinator_invite(s, country)).token, someone)
    return someone


async def test_report_once_hide_restore(db: Factory) -> None:
    w = await build_world(db)
    lt, lv = await _coordinator(db, "LT"), await _coordinator(db, "LV", "Latvian")
    everywhere = await _coordinator(db, None, "Everywhere")
    search = SearchService(refresh_interval=0.0)
    query = SearchQuery(text="birthday cakes", language="en", page_size=5)
    async with transaction(db) as s:
        first = await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason="Photos are stolen")
        again = await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason_code="spam")
        other = await moderation.report_listing(s, w.member_d, w.listing_a.id, reason_code="misleading")
        with pytest.raises(Invalid):
            await moderation.report_listing(s, w.member_c, w.listing_a.id, reason_code="boring")
        with pytest.raises(Invalid):
            await moderation.report_listing(s, w.member_c, w.listing_a.id, reason="   ")
        assert [h.listing_id for h in (await search.search(s, query)).hits] == [w.listing_a.id]
    assert (first.new, again.new, again.report_id, other.new) == (True, False, first.report_id, True)
    assert first.coordinators_told == 2  # Lithuania's and everywhere's, not Latvia's
    told = await outbox_rows(db, "listing_reported")
    assert sorted(r.recipient_id for r in told) == sorted([lt.id, everywhere.id] * 2)
    assert all(set(r.payload) == {"report_id"} for r in told)  # the row itself names nobody
    async with transaction(db) as s:
        view = await moderation.report_view(s, lt, first.report_id)
        assert (view.open_reports, view.reason, view.reason_code) == (2, "Photos are stolen", None)
        with pytest.raises(Forbidden):
            await moderation.report_view(s, lv, first.report_id)
        queue = await moderation.moderation_queue(s, lt)
        assert [i.listing_id for i in queue.reported] == [w.listing_a.id] and not queue.hidden
        assert not (await moderation.moderation_queue(s, lv)).reported

        hidden = await moderation.hide_listing(s, lt, w.listing_a.id, report_id=first.report_id)
        assert (hidden.changed, hidden.reports) == (True, 2)
        assert not (await moderation.hide_listing(s, everywhere, w.listing_a.id)).changed
        assert not (await search.search(s, query)).hits
        with pytest.raises(Invalid) as closed:
            await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        assert closed.value.code == "listing_not_active"
        with pytest.raises(Invalid):  # nothing to report on a hidden offer
            await moderation.report_listing(s, w.member_c, w.listing_a.id, reason_code="spam")
        assert [i.listing_id for i in (await moderation.moderation_queue(s, lt)).hidden] == [w.listing_a.id]
    school_told = await outbox_rows(db, "listing_hidden")
    assert {r.recipient_id for r in school_told} == {w.admin_a.id, w.teacher_a.id}
    async with transaction(db) as s:
        restored = await moderation.restore_listing(s, everywhere, w.listing_a.id)
        assert restored.changed and [h.listing_id for h in (await search.search(s, query)).hits] == [w.listing_a.id]
        grouped = await s.execute(select(ListingReport.status, func.count()).group_by(ListingReport.status))
        counts = {status: int(n) for status, n in grouped.all()}
    assert counts == {"hidden": 2}
    assert {r.recipient_id for r in await outbox_rows(db, "listing_restored")} == {w.admin_a.id, w.teacher_a.id}


async def test_dismiss_verify_and_the_log_by_country(db: Factory) -> None:
    w = await build_world(db)
    lt, lv = await _coordinator(db, "LT"), await _coordinator(db, "LV", "Latvian")
    async with transaction(db) as s:
        await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason_code="offensive")
        kept = await moderation.dismiss_reports(s, lt, w.listing_a.id)
        assert (kept.changed, kept.reports) == (True, 1)
        assert not (await moderation.moderation_queue(s, lt)).reported
        found, total = await moderation.unverified_organisations(s, lv)
        assert [o.id for o in found] == [w.school_b.id] and total == 1
        with pytest.raises(Forbidden):
            await moderation.verify_organisation(s, lv, w.school_a.id)
        assert await moderation.verify_organisation(s, lt, w.school_a.id) == (w.school_a.name, True)
        assert await moderation.verify_organisation(s, lt, w.school_a.id) == (w.school_a.name, False)
        mine, _older = await coordinator_audit(s, lt)
        theirs, _ = await coordinator_audit(s, lv)
        with pytest.raises(Forbidden):
            await coordinator_audit(s, w.owner_c)
    assert {"listing.report", "listing.dismiss_reports", "organisation.verify", "coordinator.add"} <= {
        e.action for e in mine
    }
    assert all(e.country == "LT" for e in mine)
    assert [e.action for e in theirs] == ["coordinator.add", "invite.redeem", "invite.create"]


async def test_coordinator_invites_refused_like_others(db: Factory) -> None:
    async with transaction(db) as s:
        one, two = await person(s, "One"), await person(s, "Two")
        used = (await create_coordinator_invite(s, "PT", uses=1)).token
        await redeem_coordinator_invite(s, used, one)
        spare = (await create_coordinator_invite(s, "PT", uses=1)).token
        again = await redeem_coordinator_invite(s, spare, one)  # already covers PT: nothing used up
        left = await s.scalar(select(CoordinatorInvite.uses_left).where(CoordinatorInvite.token == spare))
        expired = (await create_coordinator_invite(s, "PT")).token
        row = await s.scalar(select(CoordinatorInvite).where(CoordinatorInvite.token == expired))
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
        refusals: list[tuple[str, type[DomainError]]] = []
        for token in (used, expired, "no-such-token"):
            try:
                await redeem_coordinator_invite(s, token, two)
            except DomainError as exc:
                refusals.append((exc.code, type(exc)))
        with pytest.raises(Invalid):
            await create_coordinator_invite(s, "ZZ")
    assert not again.added and left == 1
    assert refusals == [("invite_used_up", Invalid), ("invite_expired", Invalid), ("invite_unknown", NotFound)]


async def test_erasure_ends_the_role_and_forgets_the_reporter(db: Factory) -> None:
    w = await build_world(db)
    lt = await _coordinator(db, "LT")
    async with transaction(db) as s:
        await moderation.report_listing(s, w.owner_c, w.listing_a.id, reason="Wrong address")
        mine = await accounts.export_person(s, w.owner_c)  # /mydata shows both
        assert [r["reason"] for r in mine["listing_reports_made"]] == ["Wrong address"]
        assert [c["country"] for c in (await accounts.export_person(s, lt))["coordinator_of"]] == ["LT"]
        await accounts.erase_person(s, lt)
        await accounts.erase_person(s, w.owner_c)
    async with transaction(db) as s:
        assert await coordinator_scope(s, lt.id) is None
        report = await s.scalar(select(ListingReport))
        assert report is not None and report.reporter_id is None and report.reason == "Wrong address"
