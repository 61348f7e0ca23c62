"""Limits: rate limits, text lengths, ranges, dates, listing rules and state transitions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, listings, orders, tasks
from domain.db import transaction
from domain.errors import ALL_CODES, INVALID_CODES, Invalid, RateLimited
from domain.models import Enquiry
from domain.ratelimit import HOUR, MINUTE, retry_after
from domain.timeutil import utcnow
from domain.views import ListingDraft
from tests.domain.factories import World, member, snapshot


async def _invalid(db: async_sessionmaker[AsyncSession], call: Callable[[AsyncSession], Awaitable[Any]]) -> Invalid:
    before = await snapshot(db)
    async with transaction(db) as s:
        with pytest.raises(Invalid) as caught:
            await call(s)
    assert await snapshot(db) == before
    assert caught.value.code in INVALID_CODES
    return caught.value


def test_retry_after_arithmetic() -> None:
    now = utcnow()
    stamps = [now - timedelta(seconds=s) for s in (1, 2, 3, 4, 50)]
    assert retry_after(stamps, [(MINUTE, 5)], now) == 10  # the 5th newest (50 s old) leaves the window in 10 s
    assert retry_after(stamps, [(MINUTE, 6)], now) is None
    assert retry_after(stamps, [(MINUTE, 6), (HOUR, 5)], now) == 3550


async def test_enquiry_rate_limits(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    for _ in range(5):
        async with transaction(db) as s:
            await enquiries.create_enquiry(s, w.member_d, w.listing_a.id, quantity=1, needed_by=None, message="")
    error = await _invalid(
        db, lambda s: enquiries.create_enquiry(s, w.member_d, w.listing_a.id, quantity=1, needed_by=None, message="")
    )
    assert isinstance(error, RateLimited) and error.code == "rate_limited" and 3500 < error.retry_after_s <= 3600
    # the daily limit: 20 in 24 hours, counted from older enquiries too
    async with transaction(db) as s:
        for hours in range(2, 17):  # 15 more, two to sixteen hours old
            s.add(Enquiry(listing_id=w.listing_a.id, from_organisation_id=w.company_c.id, from_person_id=w.owner_c.id,
                          to_organisation_id=w.school_a.id, created_at=utcnow() - timedelta(hours=hours)))  # fmt: skip
    for _ in range(5):
        async with transaction(db) as s:
            await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
    async with transaction(db) as s:
        for e in await enquiries.enquiries_for(s, w.owner_c):  # the last 5 leave the hourly window
            row = await s.get(Enquiry, e.id)
            assert row is not None
            if row.from_person_id == w.owner_c.id and row.message == "":
                row.created_at = row.created_at - timedelta(minutes=61) if row.quantity == 1 else row.created_at
    error = await _invalid(
        db, lambda s: enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
    )
    assert isinstance(error, RateLimited) and error.retry_after_s > 3600  # waits for the oldest of 20 to age out


async def test_relay_and_question_rate_limits(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        for i in range(5):
            await enquiries.relay_message(s, w.owner_c, enq.id, f"message {i}")
    error = await _invalid(db, lambda s: enquiries.relay_message(s, w.owner_c, enq.id, "one too many"))
    assert isinstance(error, RateLimited) and 0 < error.retry_after_s <= 60
    async with transaction(db) as s:  # the other side has its own budget
        await enquiries.relay_message(s, w.teacher_a, enq.id, "slow down please")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
        task = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
        for i in range(10):
            await tasks.ask_about_task(s, w.student_a1, task.assignments[0].id, f"question {i}")
    error = await _invalid(db, lambda s: tasks.ask_about_task(s, w.student_a1, task.assignments[0].id, "again"))
    assert isinstance(error, RateLimited) and 3500 < error.retry_after_s <= 3600


async def test_enquiry_rules(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    lid = w.listing_a.id

    def enquire(actor: Any = w.owner_c, **kw: Any) -> Callable[[AsyncSession], Awaitable[Any]]:
        args = {"quantity": 1, "needed_by": None, "message": "", **kw}
        return lambda s: enquiries.create_enquiry(s, actor, args.pop("listing", lid), **args)

    assert (await _invalid(db, enquire(quantity=0))).code == "bad_quantity"
    assert (await _invalid(db, enquire(quantity=1_000_001))).code == "bad_quantity"
    assert (await _invalid(db, enquire(needed_by=utcnow().date() - timedelta(days=1)))).code == "date_in_past"
    assert (await _invalid(db, enquire(message="x" * 2001))).code == "text_too_long"
    assert (await _invalid(db, enquire(actor=w.teacher_a))).code == "own_listing"
    assert (await _invalid(db, enquire(actor=w.teacher_a, from_organisation_id=w.school_a.id))).code == "own_listing"
    async with transaction(db) as s:
        await member(s, w.owner_c, w.company_d, "member")
        paused = await listings.set_listing_status(s, w.teacher_a, lid, "paused")
    assert paused.status == "paused"
    assert (await _invalid(db, enquire())).code == "choose_organisation"
    assert (await _invalid(db, enquire(from_organisation_id=w.company_c.id))).code == "listing_not_active"
    async with transaction(db) as s:
        await listings.set_listing_status(s, w.teacher_a, lid, "active")
        enq = await enquiries.create_enquiry(
            s, w.owner_c, lid, quantity=None, needed_by=utcnow().date(), message="", from_organisation_id=w.company_d.id
        )
    assert enq.from_organisation_id == w.company_d.id
    assert (await _invalid(db, lambda s: enquiries.relay_message(s, w.owner_c, enq.id, "   "))).code == "empty_text"
    too_long = "x" * 4001
    assert (await _invalid(db, lambda s: enquiries.relay_message(s, w.owner_c, enq.id, too_long))).code == (
        "text_too_long"
    )


async def test_order_rules(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
    t = w.teacher_a
    past = utcnow() - timedelta(minutes=5)
    assert (await _invalid(db, lambda s: orders.add_task(s, t, order.id, "Late", past))).code == "date_in_past"
    assert (await _invalid(db, lambda s: orders.add_task(s, t, order.id, " ", None))).code == "empty_text"
    assert (await _invalid(db, lambda s: orders.add_task(s, t, order.id, "x" * 201, None))).code == "text_too_long"
    assert (await _invalid(db, lambda s: orders.assign_task(s, t, task.id, []))).code == "no_students"
    for outsider in (w.student_b.id, w.teacher_a.id, w.stranger.id):
        error = await _invalid(
            db, partial(orders.assign_task, actor=t, task_id=task.id, student_ids=[w.student_a1.id, outsider])
        )
        assert error.code == "not_a_student_of_school"
    assert (await _invalid(db, lambda s: orders.rate_order(s, w.owner_c, order.id, 5))).code == "order_not_completed"
    async with transaction(db) as s:
        await orders.complete_order(s, t, order.id)
    assert (await _invalid(db, lambda s: orders.complete_order(s, t, order.id))).code == "order_not_in_progress"
    assert (await _invalid(db, lambda s: orders.add_task(s, t, order.id, "More", None))).code == "order_not_in_progress"
    for rating in (0, 6, -1):
        error = await _invalid(db, partial(orders.rate_order, actor=w.owner_c, order_id=order.id, rating=rating))
        assert error.code == "bad_rating"
    long_comment = "x" * 1001
    assert (await _invalid(db, lambda s: orders.rate_order(s, w.owner_c, order.id, 3, long_comment))).code == (
        "text_too_long"
    )
    async with transaction(db) as s:
        review = await orders.rate_order(s, w.owner_c, order.id, 3, "ok")
    assert review.rating == 3
    assert (await _invalid(db, lambda s: orders.rate_order(s, w.member_c, order.id, 5))).code == "already_rated"


DRAFT = ListingDraft("Pizza for events", "Hot and fresh", "catering", "en", Decimal("5.5"), "eur", "item", 3, 10,
                     ["lt", "LV", "LT"])  # fmt: skip


async def test_listing_rules(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        view = await listings.create_listing(s, w.teacher_a, w.school_a.id, DRAFT, publish=False)
    assert view.status == "draft" and view.price_amount == Decimal("5.50") and view.price_currency == "EUR"
    assert view.delivers_to == ["LT", "LV"] and view.slug.startswith("pizza-for-events-")
    assert view.organisation_name == "Vilnius VET school" and view.rating_count == 0 and view.rating_avg is None
    bad: list[tuple[dict[str, Any], str]] = [
        ({"title": ""}, "bad_title"), ({"title": "x" * 121}, "bad_title"),
        ({"description": "x" * 2001}, "bad_description"), ({"category": "spaceships"}, "bad_category"),
        ({"language": "de"}, "bad_language"), ({"price_amount": Decimal("0")}, "bad_price"),
        ({"price_amount": Decimal("1000000.01")}, "bad_price"), ({"price_amount": Decimal("1.001")}, "bad_price"),
        ({"price_currency": None}, "bad_price"), ({"price_currency": "XYZ"}, "bad_currency"),
        ({"price_unit": "litre"}, "bad_unit"), ({"lead_time_days": -1}, "bad_lead_time"),
        ({"min_quantity": 0}, "bad_min_quantity"), ({"delivers_to": ["XX"]}, "bad_delivers_to"),
        ({"colour": "red"}, "unknown_field"),
    ]  # fmt: skip
    for changes, code in bad:
        error = await _invalid(db, partial(listings.update_listing, actor=w.teacher_a, listing_id=view.id, **changes))
        assert error.code == code, changes
    async with transaction(db) as s:
        cheaper = await listings.update_listing(s, w.admin_a, view.id, price_amount=Decimal("4"), title="Pizza")
        free = await listings.update_listing(s, w.admin_a, view.id, price_amount=None, price_currency=None,
                                             price_unit=None)  # fmt: skip
        published = await listings.set_listing_status(s, w.teacher_a, view.id, "active")
        mine = await listings.school_listings(s, w.teacher_a)
    assert cheaper.title == "Pizza" and cheaper.price_amount == Decimal("4.00") and free.price_amount is None
    assert published.status == "active" and {m.id for m in mine} == {view.id, w.listing_a.id}
    assert (await _invalid(db, lambda s: listings.set_listing_status(s, w.teacher_a, view.id, "draft"))).code == (
        "bad_status"
    )
    async with transaction(db) as s:
        await listings.set_listing_status(s, w.teacher_a, view.id, "archived")
    for status in ("active", "paused", "bogus"):
        error = await _invalid(
            db, partial(listings.set_listing_status, actor=w.teacher_a, listing_id=view.id, status=status)
        )
        assert error.code in ("listing_archived", "bad_status")
    assert (await _invalid(db, lambda s: listings.update_listing(s, w.teacher_a, view.id, title="x"))).code == (
        "listing_archived"
    )
    async with transaction(db) as s:
        company_school = await listings.create_listing(s, w.admin_a, w.school_a.id, DRAFT, publish=True)
    assert company_school.status == "active"
    await member_in_company_cannot_list(db, world)


async def member_in_company_cannot_list(db: async_sessionmaker[AsyncSession], w: World) -> None:
    error = await _invalid(db, lambda s: listings.create_listing(s, w.owner_c, w.company_c.id, DRAFT, publish=True))
    assert error.code == "not_a_school"


def test_every_code_is_listed() -> None:
    assert {"rate_limited", "already_rated", "bad_rating", "text_too_long", "empty_text"} <= ALL_CODES
