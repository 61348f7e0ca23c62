"""Authorisation matrix: every service × every role that must not use it → the right code, nothing changed.

The failing call runs inside a transaction that then COMMITS (the caller caught the error), so
"nothing changed" proves the service checked before writing, not merely that a rollback happened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, cancellations, enquiries, listings, orders, task_changes, task_messages, tasks
from domain.db import transaction
from domain.errors import ALL_CODES, DomainError, Forbidden, NotFound
from domain.models import Person
from domain.timeutil import utcnow
from domain.views import ListingDraft
from tests.domain.factories import World, build_world, snapshot


@dataclass
class Scene:
    w: World
    enquiry_open: int
    order_id: int  # in progress, one task assigned to student_a1
    task_id: int
    assignment_id: int
    order_done: int  # completed, not rated


async def build_scene(db: async_sessionmaker[AsyncSession]) -> Scene:
    w = await build_world(db)
    async with transaction(db) as s:
        e1 = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=1, needed_by=None, message="a")
        e2 = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=2, needed_by=None, message="b")
        e3 = await enquiries.create_enquiry(s, w.member_c, w.listing_a.id, quantity=3, needed_by=None, message="c")
        order = await enquiries.accept_enquiry(s, w.teacher_a, e2.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", utcnow() + timedelta(days=2))
        task = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
        done = await enquiries.accept_enquiry(s, w.teacher_a, e3.id)
        await orders.complete_order(s, w.teacher_a, done.id)
    return Scene(w, e1.id, order.id, task.id, task.assignments[0].id, done.id)


Call = Callable[[AsyncSession, Person, Scene], Awaitable[Any]]
DRAFT = ListingDraft("Pizza", "Hot", "catering", "en", Decimal("5.00"), "EUR", "item")

# Operation → the call, and the expected code for each outsider who must not use it.
# Outsiders: other_teacher (teacher of school B), student (student A2 of the school concerned, not assigned),
# other_company (member of company D), stranger (no organisation at all).
NOT_MEMBER = {"other_teacher": "not_a_member", "student": "not_a_teacher", "other_company": "not_a_member",
              "stranger": "not_a_member"}  # fmt: skip
NOT_PARTY = {"other_teacher": "not_a_party", "student": "not_a_teacher", "other_company": "not_a_party",
             "stranger": "not_a_party"}  # fmt: skip
NOT_ASSIGNED = dict.fromkeys(("other_teacher", "student", "other_company", "stranger"), "not_assigned")
OPERATIONS: dict[str, tuple[Call, dict[str, str]]] = {
    "create_listing": (lambda s, a, c: listings.create_listing(s, a, c.w.school_a.id, DRAFT, publish=True), NOT_MEMBER),
    "update_listing": (lambda s, a, c: listings.update_listing(s, a, c.w.listing_a.id, title="Mine"), NOT_MEMBER),
    "set_listing_status": (lambda s, a, c: listings.set_listing_status(s, a, c.w.listing_a.id, "archived"), NOT_MEMBER),
    "school_listings": (lambda s, a, c: listings.school_listings(s, a, c.w.school_a.id), NOT_MEMBER),
    "create_enquiry": (  # other schools' teachers and other companies may enquire: not outsiders here
        lambda s, a, c: enquiries.create_enquiry(s, a, c.w.listing_a.id, quantity=1, needed_by=None, message="x"),
        {"student": "students_cannot_enquire", "stranger": "no_organisation"},
    ),
    "relay_message": (lambda s, a, c: enquiries.relay_message(s, a, c.enquiry_open, "hi"), NOT_PARTY),
    "decline_enquiry": (lambda s, a, c: enquiries.decline_enquiry(s, a, c.enquiry_open), NOT_PARTY),
    "accept_enquiry": (lambda s, a, c: enquiries.accept_enquiry(s, a, c.enquiry_open), NOT_PARTY),
    "enquiry_view": (lambda s, a, c: enquiries.enquiry_view(s, a, c.enquiry_open), NOT_PARTY),
    "add_task": (lambda s, a, c: orders.add_task(s, a, c.order_id, "Steal", None), NOT_PARTY),
    "assign_task": (lambda s, a, c: orders.assign_task(s, a, c.task_id, [c.w.student_a2.id]), NOT_PARTY),
    "school_students": (lambda s, a, c: orders.school_students(s, a, c.w.school_a.id), NOT_MEMBER),
    "order_view": (lambda s, a, c: orders.order_view(s, a, c.order_id), NOT_PARTY),
    "complete_order": (lambda s, a, c: orders.complete_order(s, a, c.order_id), NOT_PARTY),
    "rate_order": (
        lambda s, a, c: orders.rate_order(s, a, c.order_done, 1, "bad"),
        {**NOT_PARTY, "student": "not_the_customer"},
    ),
    "withdraw_enquiry": (
        lambda s, a, c: cancellations.withdraw_enquiry(s, a, c.enquiry_open),
        {**NOT_PARTY, "student": "not_the_customer"},
    ),
    "cancel_order": (lambda s, a, c: cancellations.cancel_order(s, a, c.order_id, "because"), NOT_PARTY),
    "acknowledge_task": (lambda s, a, c: tasks.acknowledge_task(s, a, c.assignment_id), NOT_ASSIGNED),
    "mark_task_done": (lambda s, a, c: tasks.mark_task_done(s, a, c.assignment_id), NOT_ASSIGNED),
    "ask_about_task": (lambda s, a, c: tasks.ask_about_task(s, a, c.assignment_id, "?"), NOT_ASSIGNED),
    "answer_question": (lambda s, a, c: tasks.answer_question(s, a, c.assignment_id, "!"), NOT_MEMBER),
    "rename_task": (lambda s, a, c: task_changes.rename_task(s, a, c.task_id, "Mine"), NOT_PARTY),
    "redate_task": (lambda s, a, c: task_changes.redate_task(s, a, c.task_id, None), NOT_PARTY),
    "unassign_students": (
        lambda s, a, c: task_changes.unassign_students(s, a, c.task_id, [c.w.student_a1.id]),
        NOT_PARTY,
    ),
    "delete_task": (lambda s, a, c: task_changes.delete_task(s, a, c.task_id), NOT_PARTY),
    "staff_thread": (lambda s, a, c: task_messages.staff_thread(s, a, c.assignment_id), NOT_MEMBER),
}
OUTSIDERS = {
    "other_teacher": lambda w: w.teacher_b,
    "student": lambda w: w.student_a2,
    "other_company": lambda w: w.member_d,
    "stranger": lambda w: w.stranger,
}


async def _refused(db: async_sessionmaker[AsyncSession], call: Call, actor: Person, scene: Scene) -> DomainError:
    before = await snapshot(db)
    async with transaction(db) as s:  # the caller catches the error and commits whatever was written
        with pytest.raises(DomainError) as caught:
            await call(s, actor, scene)
    assert await snapshot(db) == before
    return caught.value


@pytest.mark.parametrize("operation", list(OPERATIONS))
async def test_outsiders_are_refused(db: async_sessionmaker[AsyncSession], operation: str) -> None:
    """One scene per operation: each refusal is checked to change nothing, so the next outsider meets the same scene."""
    scene = await build_scene(db)
    call, codes = OPERATIONS[operation]
    for who, code in codes.items():
        error = await _refused(db, call, OUTSIDERS[who](scene.w), scene)
        assert isinstance(error, Forbidden) and (who, error.code) == (who, code)
        assert error.code in ALL_CODES


async def test_erased_actor_is_refused(db: async_sessionmaker[AsyncSession]) -> None:
    """Someone holding the Person object of an erased account (a stale or forged caller) can do nothing."""
    scene = await build_scene(db)
    async with transaction(db) as s:
        for ghost in (scene.w.teacher_a, scene.w.student_a1, scene.w.owner_c):
            await accounts.erase_person(s, Person(id=ghost.id))
    for operation, (call, _codes) in OPERATIONS.items():
        for ghost in (scene.w.teacher_a, scene.w.student_a1, scene.w.owner_c):
            error = await _refused(db, call, ghost, scene)
            assert isinstance(error, Forbidden) and (operation, error.code) == (operation, "account_erased")


async def test_teacher_cannot_rate_own_order(db: async_sessionmaker[AsyncSession]) -> None:
    scene = await build_scene(db)
    error = await _refused(db, OPERATIONS["rate_order"][0], scene.w.teacher_a, scene)
    assert error.code == "not_the_customer"


async def test_company_cannot_act_for_the_school(db: async_sessionmaker[AsyncSession]) -> None:
    scene = await build_scene(db)
    for op in ("accept_enquiry", "decline_enquiry", "add_task", "complete_order"):
        error = await _refused(db, OPERATIONS[op][0], scene.w.owner_c, scene)
        assert error.code == "not_a_teacher", op
    error = await _refused(db, OPERATIONS["create_listing"][0], scene.w.owner_c, scene)
    assert error.code == "not_a_member"


async def test_the_school_cannot_withdraw_the_customers_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    scene = await build_scene(db)
    for staff in (scene.w.teacher_a, scene.w.admin_a):
        error = await _refused(db, OPERATIONS["withdraw_enquiry"][0], staff, scene)
        assert error.code == "not_the_customer"


async def test_unknown_ids_are_not_found(db: async_sessionmaker[AsyncSession]) -> None:
    scene = await build_scene(db)
    a = scene.w.admin_a
    missing: list[tuple[Callable[[AsyncSession], Awaitable[Any]], str]] = [
        (lambda s: listings.update_listing(s, a, 999_999, title="x"), "listing_not_found"),
        (lambda s: listings.listing_view(s, 999_999), "listing_not_found"),
        (lambda s: enquiries.create_enquiry(s, a, 999_999, quantity=1, needed_by=None, message=""),
         "listing_not_found"),
        (lambda s: enquiries.relay_message(s, a, 999_999, "x"), "enquiry_not_found"),
        (lambda s: orders.add_task(s, a, 999_999, "x", None), "order_not_found"),
        (lambda s: orders.assign_task(s, a, 999_999, [1]), "task_not_found"),
        (lambda s: tasks.mark_task_done(s, a, 999_999), "assignment_not_found"),
        (lambda s: cancellations.withdraw_enquiry(s, a, 999_999), "enquiry_not_found"),
        (lambda s: cancellations.cancel_order(s, a, 999_999, "x"), "order_not_found"),
        (lambda s: listings.create_listing(s, Person(id=999_999), scene.w.school_a.id, DRAFT, publish=True),
         "person_not_found"),
    ]  # fmt: skip
    for call, code in missing:
        before = await snapshot(db)
        async with transaction(db) as s:
            with pytest.raises(NotFound) as caught:
                await call(s)
        assert caught.value.code == code and await snapshot(db) == before


async def test_lists_show_outsiders_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    scene = await build_scene(db)
    w = scene.w
    async with transaction(db) as s:
        for outsider in (w.teacher_b, w.member_d, w.stranger, w.student_a2):
            assert await enquiries.enquiries_for(s, outsider) == []
            assert await orders.orders_for(s, outsider) == []
            assert await tasks.my_tasks(s, outsider, include_done=True) == []
        assert len(await enquiries.enquiries_for(s, w.member_c)) == 3  # the whole company sees its enquiries
        assert len(await orders.orders_for(s, w.admin_a)) == 2
        assert len(await tasks.my_tasks(s, w.student_a1)) == 1
