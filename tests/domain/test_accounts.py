"""Accounts: first contact, preferences, company sign-up, conversation state, erasure and export."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, dialogue, enquiries, orders, tasks
from domain.db import transaction
from domain.errors import Invalid
from domain.models import (
    ConversationState,
    Enquiry,
    Listing,
    Membership,
    Order,
    OutboxMessage,
    Person,
    RelayMessage,
    Review,
)
from domain.views import DialogueState
from tests.domain.factories import World


@pytest.mark.parametrize(
    ("code", "expected"),
    [("pt-BR", "pt"), ("en-US", "en"), ("LT", "lt"), ("lv", "lv"), ("ru_RU", "ru"), ("de", "en"), (None, "en")],
)
def test_language_normalised(code: str | None, expected: str) -> None:
    assert accounts.normalise_language(code) == expected


async def test_get_or_create_person(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        p, created = await accounts.get_or_create_person(s, 42, "pt-BR")
        again, created_again = await accounts.get_or_create_person(s, 42, "en")
    assert created and not created_again and again.id == p.id
    assert p.language == "pt" and p.display_name == ""  # no name before consent
    async with transaction(db) as s:
        await accounts.set_language(s, p, "lv")
        await accounts.set_easy_read(s, p, True)
        await accounts.give_consent(s, p, "Ona " + "x" * 300)
        assert len(p.display_name) == 200
        with pytest.raises(Invalid) as bad:
            await accounts.set_language(s, p, "de")
        assert bad.value.code == "bad_language"
        stored = await s.get(Person, p.id)
        assert stored is not None and stored.language == "lv" and stored.easy_read and stored.consent_at is not None
        await accounts.erase_person(s, p)
    async with transaction(db) as s:
        fresh, created = await accounts.get_or_create_person(s, 42, "lt")
    assert created and fresh.id != p.id and fresh.language == "lt"


async def test_create_company(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        p, _ = await accounts.get_or_create_person(s, 7, "lt")
        view = await accounts.create_company(s, p, "  Kavinė Šarūnas  ", "lt", "Kaunas")
        other = await accounts.create_company(s, p, "Kavinė Šarūnas", "LT", "Kaunas")
        mine = await accounts.memberships(s, p.id)
    assert view.name == "Kavinė Šarūnas" and view.country == "LT" and view.kind == "company" and view.role == "admin"
    assert view.slug.startswith("kavine-sarunas-") and view.slug != other.slug
    assert [m.organisation_id for m in mine] == [view.organisation_id, other.organisation_id]
    for args, code in [(("X", "LT", "K"), "bad_name"), (("Firm", "XX", "K"), "bad_country"),
                       (("Firm", "LT", ""), "bad_city"), (("Firm", "LT", "k" * 101), "bad_city")]:  # fmt: skip
        async with transaction(db) as s:
            with pytest.raises(Invalid) as caught:
                await accounts.create_company(s, p, *args)
        assert caught.value.code == code


async def test_dialogue_state(db: async_sessionmaker[AsyncSession], world: World) -> None:
    pid = world.teacher_a.id
    async with transaction(db) as s:
        assert await dialogue.load_state(s, pid) == DialogueState(None, None, {})
        await dialogue.save_state(s, pid, "offer", "confirm", {"title": "Cakes"})
        await dialogue.save_state(s, pid, "offer", "price", {"title": "Cakes", "price": "5"})
    async with transaction(db) as s:
        state = await dialogue.load_state(s, pid)
        assert (state.flow, state.step, state.data) == ("offer", "price", {"title": "Cakes", "price": "5"})
        with pytest.raises(Invalid) as big:
            await dialogue.save_state(s, pid, "offer", "x", {"blob": "x" * 17_000})
        assert big.value.code == "state_too_large"
        await dialogue.clear_state(s, pid)
        assert (await dialogue.load_state(s, pid)).flow is None


async def test_a_turn_that_changes_nothing_writes_nothing(db: async_sessionmaker[AsyncSession], world: World) -> None:
    pid = world.teacher_a.id
    async with transaction(db) as s:
        empty = await dialogue.load_state(s, pid)
        await dialogue.save_state(s, pid, None, None, {}, loaded=empty)
        assert await s.get(ConversationState, pid) is None  # nothing to keep: no row
        await dialogue.save_state(s, pid, "search", "results", {"memory": {"search": {"q": "cakes"}}}, loaded=empty)
    async with transaction(db) as s:
        stored = await dialogue.load_state(s, pid)
        written = (await s.get(ConversationState, pid, populate_existing=True)).updated_at  # type: ignore[union-attr]
        await dialogue.save_state(s, pid, stored.flow, stored.step, stored.data, loaded=stored)
    async with transaction(db) as s:
        row = await s.get(ConversationState, pid, populate_existing=True)
        assert row is not None and row.updated_at == written  # unchanged: not written again
    async with transaction(db) as s:
        stored = await dialogue.load_state(s, pid)
        stored.data["memory"]["search"]["q"] = "pies"  # a turn changes nested data in place
        await dialogue.save_state(s, pid, stored.flow, stored.step, stored.data, loaded=stored)
    async with transaction(db) as s:
        assert (await dialogue.load_state(s, pid)).data == {"memory": {"search": {"q": "pies"}}}


async def test_a_loaded_state_is_saved_again_even_when_its_row_went_away(
    db: async_sessionmaker[AsyncSession], world: World
) -> None:
    """A state whose row existed is updated in place; if the turn cleared the row meanwhile, it is written anew."""
    pid = world.teacher_a.id
    async with transaction(db) as s:
        await dialogue.save_state(s, pid, "offer", "title", {"n": 1}, loaded=await dialogue.load_state(s, pid))
    async with transaction(db) as s:
        await dialogue.save_state(s, pid, "offer", "price", {"n": 2}, loaded=await dialogue.load_state(s, pid))
    async with transaction(db) as s:
        stored = await dialogue.load_state(s, pid)
        assert (stored.flow, stored.step, stored.data) == ("offer", "price", {"n": 2})
        await dialogue.clear_state(s, pid)
        await dialogue.save_state(s, pid, "search", "results", {"n": 3}, loaded=stored)
    async with transaction(db) as s:
        again = await dialogue.load_state(s, pid)
        assert (again.flow, again.step, again.data) == ("search", "results", {"n": 3})


async def _count(s: AsyncSession, model: type) -> int:
    return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_erase_and_export(db: async_sessionmaker[AsyncSession], world: World) -> None:
    w = world
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=3, needed_by=None, message="Hi")
        await enquiries.relay_message(s, w.owner_c, enq.id, "Our address is Main St 1")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
        assignment = (await tasks.my_tasks(s, w.student_a1))[0].assignment_id
        await tasks.mark_task_done(s, w.student_a1, assignment)
        await orders.complete_order(s, w.teacher_a, order.id)
        await orders.rate_order(s, w.owner_c, order.id, 4, "Good")
        await dialogue.save_state(s, w.owner_c.id, "search", "results", {"q": "cakes"})
        await enquiries.relay_message(s, w.teacher_a, enq.id, "Thank you!")  # leaves a pending row for owner_c

    async with transaction(db) as s:
        data = await accounts.export_person(s, w.owner_c)
    json.dumps(data)  # JSON-able
    assert data["profile"]["display_name"] == "Owner C" and data["profile"]["telegram_id"] == w.owner_c.telegram_id
    assert [m["name"] for m in data["memberships"]] == ["Cafe Centras"]
    assert [e["message"] for e in data["enquiries_sent"]] == ["Hi"]
    assert [r["text"] for r in data["relay_messages_written"]] == ["Our address is Main St 1"]
    assert [(r["rating"], r["comment"]) for r in data["reviews_written"]] == [(4, "Good")]
    assert data["conversation_state"]["flow"] == "search"
    assert {"enquiry.create", "relay.send", "order.rate"} <= {e["action"] for e in data["audit_events"]}
    async with transaction(db) as s:
        student_data = await accounts.export_person(s, w.student_a1)
    assert [(a["task_title"], a["status"]) for a in student_data["task_assignments"]] == [("Bake", "done")]

    async with transaction(db) as s:
        counts = {m: await _count(s, m) for m in (Listing, Order, Enquiry, RelayMessage, Review)}
        await accounts.erase_person(s, w.owner_c)
    async with transaction(db) as s:
        person = await s.get(Person, w.owner_c.id)
        assert person is not None and person.display_name == "" and person.telegram_id is None
        assert person.erased_at is not None
        assert await s.scalar(select(func.count()).where(Membership.person_id == person.id)) == 0
        assert await s.get(ConversationState, person.id) is None
        assert {m: await _count(s, m) for m in counts} == counts  # business records stay
        stored_enquiry = await s.get(Enquiry, enq.id)
        assert stored_enquiry is not None and stored_enquiry.from_person_id is None
        relay = await s.scalar(select(RelayMessage).where(RelayMessage.text == "Our address is Main St 1"))
        assert relay is not None and relay.sender_person_id is None and relay.sender_organisation_id == w.company_c.id
        review = await s.scalar(select(Review))
        assert (
            review is not None and review.author_person_id is None and review.author_organisation_id == w.company_c.id
        )
        pending = await s.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient_id == person.id, OutboxMessage.status == "pending")
        )
        assert list(pending) == []
        cancelled = await s.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == person.id))
        assert {(r.status, r.last_error, json.dumps(r.payload)) for r in cancelled} == {("failed", "erased", "{}")}
    # the company's other member still sees the enquiry and its messages
    async with transaction(db) as s:
        seen = await enquiries.enquiry_view(s, w.member_c, enq.id)
    assert [m.text for m in seen.last_messages] == ["Our address is Main St 1", "Thank you!"]
    # and the school's replies now reach the remaining member
    async with transaction(db) as s:
        reply = await enquiries.relay_message(s, w.teacher_a, enq.id, "Anything else?")
        rows = await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "relay_message"))
        assert [r.recipient_id for r in rows if r.payload.get("relay_id") == reply.id] == [w.member_c.id]
