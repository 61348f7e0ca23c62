"""Teacher ↔ student about a task on Telegram, in three languages: by the ❓ and ↩️ buttons, by swipe-reply and by
typing right after a message arrived; stored with the task, shown on the teacher's order card, and no Telegram name,
username or id of a teacher ever reaches the student. And a teacher's changes to the task, by buttons and typed,
each reaching the student.

Real PTB Application, flows, services, database and outbox sender; Telegram is the fake Bot API server on loopback.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders
from domain.db import transaction
from domain.models import Person, Task, TaskMessage
from domain.timeutil import utcnow
from nlu.normalise.dates import resolve_date
from tests.domain.factories import World, build_world
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import all_delivered, plain, running_bot

Factory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Script:
    language: str
    task: str
    question: str  # after ❓
    answer: str  # after ↩️
    follow_up: str  # a swipe-reply to the answer
    typed_answer: str  # typed right after the follow-up arrived, no button
    swiped_answer: str  # a swipe-reply to the first question, later


SCRIPTS = [
    Script("lt", "Iškepti sausainius", "Kokio dydžio turi būti sausainiai?", "Apie 8 cm skersmens.",
           "Ar galima naudoti šokoladą?", "Taip, juodąjį šokoladą.", "Ir dar: be riešutų."),
    Script("pt", "Cozer bolachas", "De que tamanho devem ser as bolachas?", "Cerca de 8 cm.",
           "Posso usar chocolate?", "Sim, chocolate preto.", "E ainda: sem nozes."),
    Script("ru", "Испечь печенье", "Какого размера должно быть печенье?", "Примерно 8 см.",
           "Можно использовать шоколад?", "Да, тёмный шоколад.", "И ещё: без орехов."),
]  # fmt: skip


async def _prepared(db: Factory, script: Script) -> tuple[World, int]:
    """School A's order for company C, with the script's task for student A1; everyone speaks the language and has
    a name that must stay inside the school."""
    w = await build_world(db)
    async with transaction(db) as s:
        for who, name in ((w.teacher_a, "SECRET-TEACHER"), (w.admin_a, "SECRET-ADMIN"), (w.student_a1, "Ona"),
                          (w.owner_c, "SECRET-COMPANY")):  # fmt: skip
            await s.execute(
                update(Person).where(Person.id == who.id).values(display_name=name, language=script.language)
            )
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=50, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, script.task, utcnow() + timedelta(days=4))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    return w, order.id


async def _stored(db: Factory, count: int) -> list[tuple[str, str]]:
    for _ in range(200):
        async with db() as s:
            rows = [(m.sender_role, m.text) for m in await s.scalars(select(TaskMessage).order_by(TaskMessage.id))]
        if len(rows) >= count:
            return rows
        await asyncio.sleep(0.1)
    return rows


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.language for s in SCRIPTS])
async def test_teacher_and_student_talk_about_a_task(db: Factory, script: Script) -> None:
    w, order_id = await _prepared(db, script)
    assert w.teacher_a.telegram_id and w.student_a1.telegram_id and w.admin_a.telegram_id and w.owner_c.telegram_id
    async with running_bot(db) as (server, _services):
        teacher = Chatter(server, w.teacher_a.telegram_id, "SECRET-TEACHER")
        student = Chatter(server, w.student_a1.telegram_id, "Ona")
        for who in (teacher, student, Chatter(server, w.admin_a.telegram_id, "SECRET-ADMIN"),
                    Chatter(server, w.owner_c.telegram_id, "SECRET-COMPANY")):  # fmt: skip
            server.add_user(who.user_id, who.name, username=f"user{who.user_id}", language_code=script.language)

        # the student asks with the ❓ button of the task notification
        assigned = await student.wait_text(script.task)
        await student.press(assigned, "❓")
        await student.wait()
        mark = teacher.mark()
        await student.send(script.question)
        question = await teacher.wait_text(script.question, after=mark)
        assert "Ona" in plain(question)

        # the teacher answers with ↩️ Reply on it
        await teacher.press(question, "↩️")
        prompt = await teacher.wait_text(script.question)
        assert "Ona" in plain(prompt)
        mark = student.mark()
        await teacher.send(script.answer)
        answer = await student.wait_text(script.answer, after=mark)

        # the student swipe-replies to the answer; the teacher types right after, no button
        mark = teacher.mark()
        await student.send(script.follow_up, reply_to=answer.message_id)
        await teacher.wait_text(script.follow_up, after=mark)
        # a person reads before typing: by then the sender has recorded the delivery (what "right after" is from)
        await all_delivered(db)
        mark = student.mark()
        await teacher.send(script.typed_answer)
        await student.wait_text(script.typed_answer, after=mark)

        # later, the teacher swipe-replies to the first question: it still reaches the student
        mark = student.mark()
        await teacher.send(script.swiped_answer, reply_to=question.message_id)
        await student.wait_text(script.swiped_answer, after=mark)

        assert await _stored(db, 5) == [
            ("student", script.question), ("teacher", script.answer), ("student", script.follow_up),
            ("teacher", script.typed_answer), ("teacher", script.swiped_answer),
        ]  # fmt: skip

        # the order card shows the latest of it to the teacher
        mark = teacher.mark()
        await teacher.send("/orders")
        await teacher.press(await teacher.wait_button("🧰", after=mark), f"#{order_id}")
        card = await teacher.wait_text("💬", after=mark)
        assert script.swiped_answer in plain(card) and "Ona" in plain(card)

        # nobody outside the school saw any of it, and the student never saw a teacher's Telegram identity
        seen = student.everything_received()
        for secret in ("SECRET-TEACHER", "SECRET-ADMIN", f"user{teacher.user_id}", str(teacher.user_id)):
            assert secret not in seen
        company = Chatter(server, w.owner_c.telegram_id, "SECRET-COMPANY").everything_received()
        assert script.question not in company and script.answer not in company and "Ona" not in company


@dataclass(frozen=True)
class Changes:
    language: str
    move: str  # typed: move the task to Friday
    friday: str  # the day word alone, resolved here to compare with the stored due date
    delete: str  # typed: delete task 1


CHANGES = [
    Changes("lt", "perkelk užduotį į penktadienį", "penktadienį", "ištrink užduotį 1"),
    Changes("pt", "muda a tarefa para sexta-feira", "sexta-feira", "apaga a tarefa 1"),
    Changes("ru", "перенеси задание на пятницу", "пятницу", "удали задание 1"),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.language for c in CHANGES])
async def test_the_student_hears_of_each_change(db: Factory, change: Changes) -> None:
    """By buttons (✏️ → 📅 → a date) and typed (move to Friday, delete task 1 → 🗑 yes): the student is told each."""
    script = next(s for s in SCRIPTS if s.language == change.language)
    w, order_id = await _prepared(db, script)
    assert w.teacher_a.telegram_id and w.student_a1.telegram_id and w.admin_a.telegram_id and w.owner_c.telegram_id
    in_ten_days = (utcnow() + timedelta(days=10)).date()
    friday = resolve_date(change.friday, change.language, utcnow())
    assert friday is not None
    async with running_bot(db) as (server, _services):
        teacher = Chatter(server, w.teacher_a.telegram_id, "SECRET-TEACHER")
        student = Chatter(server, w.student_a1.telegram_id, "Ona")
        for who in (teacher, student, Chatter(server, w.admin_a.telegram_id, "SECRET-ADMIN"),
                    Chatter(server, w.owner_c.telegram_id, "SECRET-COMPANY")):  # fmt: skip
            server.add_user(who.user_id, who.name, username=f"user{who.user_id}", language_code=script.language)
        await student.wait_text(script.task)

        # by buttons: the order card → ✏️ → the task's card → 📅 → a date
        mark = teacher.mark()
        await teacher.send("/orders")
        await teacher.press(await teacher.wait_button("🧰", after=mark), f"#{order_id}")
        await teacher.press(await teacher.wait_button("✏️", after=mark), "✏️")
        await teacher.press(await teacher.wait_button("📅", after=mark), "📅")
        await teacher.wait_text("📅", script.task, after=mark)  # the question: when is it due now?
        mark = student.mark()
        await teacher.send(in_ten_days.isoformat())
        moved = await student.wait_text("📅", script.task, after=mark)
        assert "SECRET-TEACHER" not in plain(moved)
        assert await _due_day(db) == in_ten_days

        # typed: move to Friday, then delete it (asked first, confirmed with the 🗑 button)
        mark, seen = student.mark(), teacher.mark()
        await teacher.send(change.move)
        await student.wait_text("📅", script.task, after=mark)
        await teacher.wait_button("🗑", after=seen)  # the task's card again, with what changed
        assert await _due_day(db) == friday
        mark = teacher.mark()
        await teacher.send(change.delete)
        confirm = await teacher.wait(lambda r: "🗑" in plain(r) and "?" in plain(r), after=mark)
        assert script.task in plain(confirm) and await _due_day(db) is not None
        mark = student.mark()
        await teacher.press(confirm, "🗑")
        deleted = await student.wait_text("🗑", script.task, after=mark)
        assert deleted is not None and await _due_day(db) is None


async def _due_day(db: Factory) -> date | None:
    """The due day of the (only) task, None once it is deleted. Read after the student was told: the change and
    the notification are committed together."""
    async with db() as s:
        task = await s.scalar(select(Task))
    return task.due_at.date() if task is not None and task.due_at is not None else None
