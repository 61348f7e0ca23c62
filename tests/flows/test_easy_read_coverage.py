"""Every message a student meets in easy-read mode has a plain-language version (bot/i18n.py, msgctxt "easy").

Why by driving the flows: the list of messages a student can see is whatever the code says to them, so the
student's journey is run here in easy-read mode — help, menu, settings, tasks, got it, a question, done,
errors, every task notification, listening — and every message asked for without a plain version is caught
by the translator (``Translator.missed``). A new message for students that forgets its plain version fails
here, naming it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.i18n import translator
from bot.notifications import NotificationRenderer
from domain import cancellations, enquiries, orders, task_changes, task_reminders, tasks
from domain.db import transaction
from domain.models import OutboxMessage, Person
from domain.timeutil import utcnow
from tests.domain.factories import build_world
from tests.flows.helpers import SECRET, Chat, make_services

Factory = async_sessionmaker[AsyncSession]
Step = Callable[[AsyncSession, Person, Person], Awaitable[object]]


async def _render_all(db: Factory, person_id: int, clock_days: float = 0.0) -> None:
    """Every notification the student has, rendered for them (easy-read, their language)."""
    renderer = NotificationRenderer(CallbackSigner(SECRET), clock=lambda: utcnow() + timedelta(days=clock_days))
    async with db() as s:
        who = await s.get(Person, person_id)
        assert who is not None
        for row in await s.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == person_id)):
            await renderer.render(s, row, who)


async def test_a_student_in_easy_read_meets_only_plain_language(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Person).where(Person.id == w.student_a1.id).values(easy_read=True, language="en"))
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        first = await orders.add_task(s, w.teacher_a, order.id, "Bake cakes", utcnow() + timedelta(days=1, hours=2))
        second = await orders.add_task(s, w.teacher_a, order.id, "Pack boxes", None)
        third = await orders.add_task(s, w.teacher_a, order.id, "Write labels", utcnow() + timedelta(days=5))
        for task in (first, second, third):
            await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    plain = translator("en", easy=True)
    plain.missed.clear()
    assert w.student_a1.telegram_id is not None
    intents = {"thanks": "thank", "bye": "goodbye", "hello": "greet", "I finished": "task_done", "ok": "affirm"}
    chat = Chat(make_services(db, intents=intents), w.student_a1.telegram_id, "Ona", "en")
    await _render_all(db, w.student_a1.id)  # the new tasks, as notifications

    for command in ("/start", "/help", "/menu", "/tasks", "/language", "/cancel", "/mydata", "/deleteme", "/oops"):
        await chat.send(command)
    await chat.press(chat.button(chat.received, "lang", "en"))
    await chat.press(chat.button(chat.received, "del", "no"))
    listed = await chat.send("/tasks")
    mine = await _assignments(db, w.student_a1.id)
    await chat.press(chat.button(listed, "ta", mine[0]))
    asked = await chat.press(chat.button(listed, "tq", mine[1]))
    assert asked
    await chat.send("x" * 5000)  # too long: the limit, said plainly
    await chat.send("What colour should the boxes be?")
    done = await chat.press(chat.button(listed, "td", mine[0]))
    await chat.press(chat.button(done, "tdn"))
    done = await chat.press(chat.button(listed, "td", mine[0]))
    await chat.press(chat.button(done, "tdy", mine[0]))
    await chat.press(chat.button(listed, "td", mine[0]))  # already done
    await chat.press_data("forged-data")  # an invalid button
    await chat.send("listen")
    await chat.send("/easy")  # off, then on again: both said in the words of the mode being left / entered
    await chat.send("/easy")
    for text in ("I finished", "hello", "ok", "thanks", "bye"):
        await chat.send(text)

    steps: list[Step] = [  # the teacher answers and changes things; the orders end — each told as it happens
        lambda s, t, o: tasks.answer_question(s, t, mine[1], "Blue, please."),
        lambda s, t, o: task_reminders.scan(s, utcnow() + timedelta(days=4, hours=23)),
        lambda s, t, o: task_changes.redate_task(s, t, third.id, utcnow() + timedelta(days=6)),
        lambda s, t, o: task_changes.rename_task(s, t, third.id, "Write big labels"),
        lambda s, t, o: task_changes.unassign_students(s, t, second.id, [w.student_a1.id]),
        lambda s, t, o: task_changes.delete_task(s, t, third.id),
        lambda s, t, o: cancellations.cancel_order(s, o, order.id, "No longer needed"),
    ]
    for step in steps:
        async with transaction(db) as s:
            teacher, owner = await s.get(Person, w.teacher_a.id), await s.get(Person, w.owner_c.id)
            assert teacher is not None and owner is not None
            await step(s, teacher, owner)
        for days in (0, 4, 5):  # reminders say "today", "tomorrow" or the date
            await _render_all(db, w.student_a1.id, clock_days=days)
    async with transaction(db) as s:  # another order, completed
        teacher = await s.get(Person, w.teacher_a.id)
        assert teacher is not None
        other = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        done_order = await enquiries.accept_enquiry(s, teacher, other.id)
        extra = await orders.add_task(s, teacher, done_order.id, "Clean trays", None)
        await orders.assign_task(s, teacher, extra.id, [w.student_a1.id])
        await orders.complete_order(s, teacher, done_order.id)
    await _render_all(db, w.student_a1.id)

    assert not plain.missed, "no plain-language version (add it to bot/easy_read.py):\n" + "\n".join(
        sorted(plain.missed)
    )


async def _assignments(db: Factory, person_id: int) -> list[int]:
    async with db() as s:
        who = await s.get(Person, person_id)
        assert who is not None
        return [t.assignment_id for t in await tasks.my_tasks(s, who)]
