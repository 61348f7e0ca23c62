"""The conversation about a task, stored: who reads what, and what /deleteme leaves of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, enquiries, orders, task_messages, tasks
from domain.db import transaction
from domain.errors import Forbidden, Invalid
from domain.models import TaskMessage
from tests.domain.factories import World, outbox_rows

Factory = async_sessionmaker[AsyncSession]


async def _conversation(db: Factory, w: World) -> tuple[int, int]:
    """Order of school A for company C, task for student A1: a question, an answer, another question."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
        assignment = (await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])).assignments[0].id
        await tasks.ask_about_task(s, w.student_a1, assignment, "Which flour?")
        await tasks.answer_question(s, w.admin_a, assignment, "Rye flour")  # any staff member may answer
        await tasks.ask_about_task(s, w.student_a1, assignment, "How much?")
    return order.id, assignment


async def test_each_side_reads_its_own_view(db: Factory, world: World) -> None:
    w = world
    order_id, assignment = await _conversation(db, w)
    async with transaction(db) as s:
        mine = (await tasks.my_tasks(s, w.student_a1))[0]
        staff = await orders.order_view(s, w.teacher_a, order_id)
        customer = await orders.order_view(s, w.owner_c, order_id)
        thread = await task_messages.staff_thread(s, w.teacher_a, assignment)
    # the student: "you" and "a teacher", no names (the last three)
    assert [(m.from_student, m.text, m.student_name) for m in mine.messages] == [
        (True, "Which flour?", None), (False, "Rye flour", None), (True, "How much?", None),
    ]  # fmt: skip
    # staff: whose conversation it is, on the order card; the customer: nothing
    assert [(m.student_name, m.task_title, m.text) for m in staff.messages] == [
        ("Student A1", "Bake", "Which flour?"),
        ("Student A1", "Bake", "Rye flour"),
        ("Student A1", "Bake", "How much?"),
    ]
    assert customer.messages == []
    assert thread.student_name == "Student A1" and thread.open and [m.text for m in thread.messages][-1] == "How much?"
    # the notifications carry ids, the words are in one place
    question, answer = await outbox_rows(db, "task_question"), await outbox_rows(db, "task_answer")
    assert all(set(r.payload) == {"assignment_id", "message_id"} for r in [*question, *answer])
    assert [r.recipient_id for r in answer] == [w.student_a1.id]


async def test_only_staff_of_the_school_open_a_students_conversation(db: Factory, world: World) -> None:
    w = world
    _order_id, assignment = await _conversation(db, w)
    for outsider, code in ((w.student_a1, "not_a_teacher"), (w.student_a2, "not_a_teacher"),
                           (w.teacher_b, "not_a_member"), (w.owner_c, "not_a_member")):  # fmt: skip
        async with transaction(db) as s:
            with pytest.raises(Forbidden) as caught:
                await task_messages.staff_thread(s, outsider, assignment)
        assert caught.value.code == code
        async with transaction(db) as s:
            with pytest.raises(Forbidden):
                await tasks.answer_question(s, outsider, assignment, "STEAL")
    async with db() as s:
        assert "STEAL" not in [m.text for m in await s.scalars(select(TaskMessage))]


async def test_answers_are_checked_like_questions(db: Factory, world: World) -> None:
    w = world
    _order_id, assignment = await _conversation(db, w)
    for text, code in (("   ", "empty_text"), ("x" * 1001, "text_too_long")):
        async with transaction(db) as s:
            with pytest.raises(Invalid) as caught:
                await tasks.answer_question(s, w.teacher_a, assignment, text)
        assert caught.value.code == code


async def test_deleteme_cuts_the_author_off_and_keeps_the_words(db: Factory, world: World) -> None:
    w = world
    order_id, _assignment = await _conversation(db, w)
    async with transaction(db) as s:
        exported = await accounts.export_person(s, w.student_a1)
    assert [m["text"] for m in exported["task_messages_written"]] == ["Which flour?", "How much?"]
    async with transaction(db) as s:
        await accounts.erase_person(s, w.student_a1)
        await accounts.erase_person(s, w.admin_a)
    async with db() as s:
        found = await s.scalars(select(TaskMessage).order_by(TaskMessage.id))
        stored = [(m.sender_person_id, m.sender_role, m.text) for m in found]
    assert stored == [(None, "student", "Which flour?"), (None, "admin", "Rye flour"), (None, "student", "How much?")]
    async with transaction(db) as s:
        staff = await orders.order_view(s, w.teacher_a, order_id)
    assert {(m.student_name, m.student_erased) for m in staff.messages} == {("", True)}
