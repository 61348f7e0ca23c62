"""Teacher ↔ student about a task, through the real router: typed, by ↩️ Reply, by swipe-reply; stored with the
task, shown on the order card and the student's list, and nobody outside the school sees any of it.

Notifications are rendered by the real renderer and "delivered" by giving the outbox row a Telegram message id,
as the sender does, so that a swipe-reply can point at it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.core.types import Button
from bot.notifications import NotificationRenderer
from domain import enquiries, orders, tasks
from domain.db import transaction
from domain.models import OutboxMessage, Person, TaskMessage
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world
from tests.flows.helpers import SECRET, Chat, make_services, outbox, said, text_of

Factory = async_sessionmaker[AsyncSession]
_message_ids = itertools.count(5000)


@dataclass
class Delivered:
    text: str
    buttons: list[Button]
    telegram_message_id: int


async def deliver(db: Factory, kind: str, recipient: Person) -> Delivered:
    """The newest undelivered ``kind`` notification to ``recipient``, rendered and marked sent as the sender does."""
    async with transaction(db) as s:
        row = await s.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.kind == kind, OutboxMessage.recipient_id == recipient.id,
                   OutboxMessage.telegram_message_id.is_(None))
            .order_by(OutboxMessage.id.desc())
        )  # fmt: skip
        assert row is not None, f"no {kind} for {recipient.display_name}"
        person = await s.get(Person, recipient.id)
        assert person is not None
        message = await NotificationRenderer(CallbackSigner(SECRET)).render(s, row, person)
        assert message is not None
        telegram_id = next(_message_ids)
        sent = {"status": "sent", "telegram_message_id": telegram_id}
        await s.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(**sent))
    return Delivered(message.text, [Button(label, data) for r in message.buttons for label, data in r], telegram_id)


def _chat(db: Factory, person: Person) -> Chat:
    assert person.telegram_id is not None
    return Chat(make_services(db), person.telegram_id, person.display_name, person.language)


async def _assigned(db: Factory, w: World, *students: Person) -> tuple[int, list[int]]:
    """An order of school A with the task "Bake 50 cookies" for ``students``: the order and assignment ids."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=50, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake 50 cookies", utcnow() + timedelta(days=4))
        view = await orders.assign_task(s, w.teacher_a, task.id, [p.id for p in students])
    return order.id, [a.id for a in view.assignments]


async def _stored(db: Factory) -> list[tuple[int, str, str]]:
    async with db() as s:
        rows = await s.scalars(select(TaskMessage).order_by(TaskMessage.id))
        return [(m.assignment_id, m.sender_role, m.text) for m in rows]


async def test_reply_buttons_both_ways_store_the_conversation(db: Factory) -> None:
    w = await build_world(db)
    order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    await student.press(student.button(await student.send("/tasks"), "tq", assignment))
    await student.send("Chocolate or vanilla?")

    question = await deliver(db, "task_question", w.teacher_a)
    assert "Student A1" in question.text and "Chocolate or vanilla?" in question.text
    reply = next(b for b in question.buttons if teacher.action(b).name == "tr")
    assert reply.label == "↩️ Reply"
    prompt = text_of(await teacher.press(reply))
    assert "💬 Student A1: Chocolate or vanilla?" in prompt and "Write your answer to Student A1" in prompt
    sent = text_of(await teacher.send("Chocolate, please"))
    assert "is sent to the student" in sent

    answer = await deliver(db, "task_answer", w.student_a1)
    assert "Chocolate, please" in answer.text and "Teacher A" not in answer.text
    back = next(b for b in answer.buttons if b.label == "↩️ Reply")
    prompt = text_of(await student.press(back))
    assert "💬 You: Chocolate or vanilla?" in prompt and "💬 Teacher: Chocolate, please" in prompt
    await student.send("Dark or milk chocolate?")

    assert await _stored(db) == [
        (assignment, "student", "Chocolate or vanilla?"),
        (assignment, "teacher", "Chocolate, please"),
        (assignment, "student", "Dark or milk chocolate?"),
    ]
    questions = await outbox(db, "task_question")
    assert [r.recipient_id for r in questions] == [w.teacher_a.id] * 2
    assert await said(db, questions[-1]) == "Dark or milk chocolate?"
    assert [r.recipient_id for r in await outbox(db, "task_answer")] == [w.student_a1.id]

    # the last few are on the teacher's order card and under the student's task, never on the company's card
    card = text_of(await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order_id)))
    assert "Latest messages" in card and "«Bake 50 cookies» · Student A1: Dark or milk chocolate?" in card
    assert "Teacher to Student A1: Chocolate, please" in card
    listed = text_of(await student.send("/tasks"))
    assert "💬 Teacher: Chocolate, please" in listed and "💬 You: Dark or milk chocolate?" in listed
    assert "Teacher A" not in listed
    company = _chat(db, w.owner_c)
    seen = text_of(await company.press(company.button(await company.send("/orders"), "oo", order_id)))
    assert "Progress" in seen and "chocolate" not in seen.lower() and "Student A1" not in seen


async def test_swipe_reply_answers_the_question_it_points_at(db: Factory) -> None:
    """Two students ask; the teacher, in the middle of adding a task, swipes to the older question: the answer
    goes to that student, and the task wizard is still where it was."""
    w = await build_world(db)
    order_id, (first, second) = await _assigned(db, w, w.student_a1, w.student_a2)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a1, first, "How big should they be?")
    older = await deliver(db, "task_question", w.teacher_a)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a2, second, "Can I bake at home?")
    await deliver(db, "task_question", w.teacher_a)

    teacher = _chat(db, w.teacher_a)
    await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order_id))
    asked = await teacher.press(teacher.button(teacher.received, "ot", order_id))
    assert "what is the task" in text_of(asked)
    answered = text_of(await teacher.reply(older.telegram_message_id, "About 8 cm across"))
    assert "is sent to the student" in answered
    assert (await _stored(db))[-1] == (first, "teacher", "About 8 cm across")
    assert [r.recipient_id for r in await outbox(db, "task_answer")] == [w.student_a1.id]
    assert "When is it due" in text_of(await teacher.send("Pack the cookies"))  # the wizard went on

    student = _chat(db, w.student_a1)
    answer = await deliver(db, "task_answer", w.student_a1)
    said_back = text_of(await student.reply(answer.telegram_message_id, "Thanks! And the icing colour"))
    assert "sent to your teacher" in said_back
    assert (await _stored(db))[-1] == (first, "student", "Thanks! And the icing colour")


async def test_typed_answer_right_after_the_question(db: Factory) -> None:
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    await teacher.send("/menu")  # the teacher's previous message: the question arrives after it
    await student.send("What colour should the icing be?")  # typed, no button
    assert (await _stored(db)) == [(assignment, "student", "What colour should the icing be?")]
    async with transaction(db) as s:  # delivered, as the outbox sender would (none runs in flow tests)
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    assert "is sent to the student" in text_of(await teacher.send("White, please"))
    assert (await _stored(db))[-1] == (assignment, "teacher", "White, please")


async def test_an_answer_named_for_the_student_reaches_them_later(db: Factory) -> None:
    """Blind tester: "atsakyk mokiniui: …" typed after something else came in between made an offer draft of it,
    and nothing reached the student."""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    await student.send("What colour should the icing be?")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    await teacher.send("/listings")  # something else first: the question is no longer the newest thing
    await teacher.send("/menu")
    sent = await teacher.send("atsakyk mokiniui: balta, su mėlynomis raidėmis")
    assert "is sent to the student" in text_of(sent) or "išsiųstas mokiniui" in text_of(sent), text_of(sent)
    assert (await _stored(db))[-1] == (assignment, "teacher", "balta, su mėlynomis raidėmis")


async def test_an_answer_for_the_student_with_an_enquiry_open_reaches_the_student(db: Factory) -> None:
    """Blind tester: "odpowiedz uczniowi: niebieski plastik" went to the company (a bare "odpowiedz: …" passes words
    to the client): words named for the student are the student's."""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    teacher = _chat(db, w.teacher_a)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=2, needed_by=None, message="")
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    await teacher.press_data(teacher.services.signer.sign(teacher.user_id, "eo", enquiry.id))  # its card, ↩️ Reply
    await teacher.send("odpowiedz uczniowi: niebieski plastik")  # no question from a student waits
    assert assignment and all(role != "teacher" for _a, role, _t in await _stored(db))
    async with db() as s:
        relayed = await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "relay_message"))
        assert list(relayed) == []


async def test_nobody_outside_the_school_can_answer_or_read(db: Factory) -> None:
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a1, assignment, "SECRET question")
    for outsider in (w.teacher_b, w.owner_c, w.student_a2, w.student_a1):
        chat = _chat(db, outsider)
        replies = await chat.press_data(chat.services.signer.sign(chat.user_id, "tr", assignment))
        assert "SECRET question" not in text_of(replies)
        assert "Write your answer" not in text_of(replies)
        await chat.send("STEAL answer")
    assert [text for _a, _r, text in await _stored(db)] == ["SECRET question"]


async def test_a_question_about_the_students_right_after_a_question_is_asked_before_it_is_sent(db: Factory) -> None:
    """Blind tester: "how are my students doing?" right after a student's question reached that student as the
    teacher's answer. Now it is asked; "No, this is for the bot" sends nothing, 📨 Send sends it. (How the students
    are doing is answered with the orders, never asked: tests/flows/test_typed_teacher_student.py.)"""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    await teacher.send("/menu")
    await student.send("Which colour should the box be?")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    asked = await teacher.send("are all my students registered?")
    assert "as your answer about" in text_of(asked) and teacher.buttons(asked, "tay"), text_of(asked)
    await teacher.send("no")
    assert (await _stored(db)) == [(assignment, "student", "Which colour should the box be?")]
    await teacher.send("/menu")
    await student.send("And the colour?")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    await teacher.send("ar visi mokiniai prisiregistravo?")
    sent = await teacher.send("yes")
    assert "is sent to the student" in text_of(sent), text_of(sent)
    assert (await _stored(db))[-1] == (assignment, "teacher", "ar visi mokiniai prisiregistravo?")


async def test_tell_him_is_said_to_the_bot_not_to_the_student(db: Factory) -> None:
    """Blind tester: the teacher's "tell him: use the blue plastic" reached the student as "tell him: use the blue
    plastic". Whom the words are for is the bot's, typed right after the question or after ↩️ Reply."""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    await teacher.send("/menu")
    await student.send("Which plastic should I use?")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    assert "is sent to the student" in text_of(await teacher.send("tell him: use the blue plastic"))
    assert (await _stored(db))[-1] == (assignment, "teacher", "use the blue plastic")
    await teacher.press(teacher.button(teacher.received, "tr", assignment))  # ↩️ Write more
    await teacher.send("powiedz mu, że może wydrukować w piątek")
    assert (await _stored(db))[-1] == (assignment, "teacher", "może wydrukować w piątek")
    answer = await deliver(db, "task_answer", w.student_a1)
    assert "powiedz mu" not in answer.text and "może wydrukować w piątek" in answer.text


async def test_news_from_a_student_is_not_labelled_a_question(db: Factory) -> None:
    """Blind tester: "I am ill, I cannot come tomorrow" reached the teacher as "❓ Student A1 asks about …"."""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a1, assignment, "I am ill, I cannot come tomorrow")
    told = await deliver(db, "task_question", w.teacher_a)
    assert "Student A1 writes about «Bake 50 cookies»" in told.text and "asks" not in told.text, told.text
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a1, assignment, "Can I bake them at home")
    assert "Student A1 asks about «Bake 50 cookies»" in (await deliver(db, "task_question", w.teacher_a)).text


async def test_a_reply_naming_the_student_answers_that_students_question(db: Factory) -> None:
    """Blind tester (session 16): "ответить Student A2: …" and "rispondi a Student A2: …" went to the company, and
    "tell Student A2: …" reached the student as "A2: …". The named student's question is answered, with the words
    after the name."""
    w = await build_world(db)
    _order_id, (first, second) = await _assigned(db, w, w.student_a1, w.student_a2)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a2, second, "Which boxes?")
        await tasks.ask_about_task(s, w.student_a1, first, "How big?")  # the newest question is A1's
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    teacher = _chat(db, w.teacher_a)
    for typed, words in (("ответить Student A2: белые коробки", "белые коробки"),
                        ("rispondi a Student A2: le scatole bianche", "le scatole bianche"),
                        ("tell Student A2: the white ones", "the white ones"),
                        ("tell Student A2: a bit bigger", "a bit bigger")):  # fmt: skip
        await teacher.send(typed)
        assert (await _stored(db))[-1] == (second, "teacher", words), typed
    assert await outbox(db, "relay_message") == []


async def test_an_answer_opening_with_a_students_name_reaches_that_student(db: Factory) -> None:
    """Blind tester K-F1 (session 18): "Student A2, the white boxes are in room 12" after two students' questions
    went to the company of the open enquiry. A message opening with a student's whole name and a comma answers
    that student's question; a name not followed by a comma is a sentence about them ("Student A2 did well")."""
    w = await build_world(db)
    _order_id, (first, second) = await _assigned(db, w, w.student_a1, w.student_a2)
    async with transaction(db) as s:
        await tasks.ask_about_task(s, w.student_a2, second, "Which boxes?")
        await tasks.ask_about_task(s, w.student_a1, first, "How big?")  # the newest question is A1's
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    teacher = _chat(db, w.teacher_a)
    await teacher.send("Student A2, the white boxes are in room 12")
    assert (await _stored(db))[-1] == (second, "teacher", "the white boxes are in room 12")
    await teacher.send("student a1: about 20 cm")
    assert (await _stored(db))[-1] == (first, "teacher", "about 20 cm")
    assert await outbox(db, "relay_message") == []


@pytest.mark.parametrize("typed", ["reply: yes, get well soon, new deadline 15 May", "otvetit: da, vyzdoravlivaj"])
async def test_reply_colon_right_after_a_students_question_answers_the_student(db: Factory, typed: str) -> None:
    """Blind tester R-F3 (session 19): "reply: yes, get well soon…" typed right after a student's "I am sick today,
    can I hand it in later?" went to the client company of the open enquiry ("✔ Sent to Padaria…"): the student's
    illness told to a client, and the student answered nothing."""
    w = await build_world(db)
    _order_id, (assignment,) = await _assigned(db, w, w.student_a1)
    student, teacher = _chat(db, w.student_a1), _chat(db, w.teacher_a)
    async with transaction(db) as s:  # a company's enquiry is open too: a bare "reply: …" used to go to it
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=2, needed_by=None, message="")
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    await teacher.send("/menu")
    await student.send("I am sick today, can I hand it in later?")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    await teacher.send(typed)
    assert (await _stored(db))[-1] == (assignment, "teacher", typed.split(":", 1)[1].strip())
    assert await outbox(db, "relay_message") == []
