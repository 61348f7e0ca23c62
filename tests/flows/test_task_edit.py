"""A teacher changes a task given out — by the buttons of its card and typed in several languages — through the real
router; each change is checked where a person would notice it: the stored task, and who was told what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders, tasks
from domain.db import transaction
from domain.models import Person, Task, TaskAssignment
from domain.timeutil import utcnow
from nlu.normalise.dates import resolve_date
from tests.domain.factories import World, build_world
from tests.flows.helpers import Chat, make_services, outbox, text_of

Factory = async_sessionmaker[AsyncSession]


def _chat(db: Factory, person: Person, language: str = "en") -> Chat:
    assert person.telegram_id is not None
    return Chat(make_services(db), person.telegram_id, person.display_name, language)


async def _named(db: Factory, w: World) -> None:
    """First names the teacher can type: Ona (student A1) and Jonas (student A2)."""
    async with transaction(db) as s:
        for who, name in ((w.student_a1, "Ona Petraitė"), (w.student_a2, "Jonas Jonaitis")):
            await s.execute(update(Person).where(Person.id == who.id).values(display_name=name))


async def _order(db: Factory, w: World, *titles: str, students: tuple[Person, ...] = ()) -> tuple[int, list[int]]:
    """An order of school A with these tasks (due in 5 days), each for ``students`` (student A1 by default)."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        ids = []
        for title in titles:
            task = await orders.add_task(s, w.teacher_a, order.id, title, utcnow() + timedelta(days=5))
            await orders.assign_task(s, w.teacher_a, task.id, [p.id for p in students or (w.student_a1,)])
            ids.append(task.id)
    return order.id, ids


async def _task(db: Factory, task_id: int) -> Task | None:
    async with db() as s:
        return await s.get(Task, task_id)


async def _on_task(db: Factory, task_id: int) -> set[int]:
    async with db() as s:
        return set(await s.scalars(select(TaskAssignment.student_id).where(TaskAssignment.task_id == task_id)))


async def _told(db: Factory, kind: str) -> list[tuple[int, dict[str, object]]]:
    return [(r.recipient_id, r.payload) for r in await outbox(db, kind)]


def _day(text: str, language: str = "en") -> date:
    found = resolve_date(text, language, datetime.now(UTC))
    assert found is not None
    return found


async def test_every_change_by_the_buttons_of_the_task_card(db: Factory) -> None:
    w = await build_world(db)
    await _named(db, w)
    order_id, (task_id,) = await _order(db, w, "Bake cookies")
    teacher = _chat(db, w.teacher_a)
    card = await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order_id))
    task_card = await teacher.press(teacher.button(card, "otw", order_id))  # one open task: its card at once
    assert "Bake cookies" in text_of(task_card) and "Ona Petraitė" in text_of(task_card)

    asked = await teacher.press(teacher.button(task_card, "otd", task_id))
    assert "When is «Bake cookies» due now?" in text_of(asked)
    moved = text_of(await teacher.send("next Monday"))
    stored = await _task(db, task_id)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day("next Monday")
    assert "1 student was told." in moved
    assignment = next(iter(await _told(db, "task_assigned")))[1]["assignment_id"]
    assert await _told(db, "task_changed") == [(w.student_a1.id, {"assignment_id": assignment, "what": "due"})]

    await teacher.press(teacher.button(teacher.received, "otn", task_id))
    renamed = text_of(await teacher.send("Bake 60 chocolate cookies"))
    assert "The task is now called «Bake 60 chocolate cookies»" in renamed
    stored = await _task(db, task_id)
    assert stored is not None and stored.title == "Bake 60 chocolate cookies"
    assert [p["what"] for _r, p in await _told(db, "task_changed")] == ["due", "title"]

    picker = await teacher.press(teacher.button(teacher.received, "ots", task_id))
    names = [b.label for b in teacher.buttons(picker, "og")]
    assert names == ["☐ Jonas Jonaitis"]  # Ona is on it already
    await teacher.press(teacher.button(picker, "og", w.student_a2.id))
    added = text_of(await teacher.press(teacher.button(teacher.received[-1:], "oa")))
    assert "Added to «Bake 60 chocolate cookies»: Jonas Jonaitis" in added
    assert await _on_task(db, task_id) == {w.student_a1.id, w.student_a2.id}
    assert [r for r, _p in await _told(db, "task_assigned")][-1] == w.student_a2.id

    picker = await teacher.press(teacher.button(teacher.received, "otu", task_id))
    assert "Who stops doing" in text_of(picker)
    await teacher.press(teacher.button(picker, "og", w.student_a1.id))
    removed = text_of(await teacher.press(teacher.button(teacher.received[-1:], "oa")))
    assert "Taken off «Bake 60 chocolate cookies»: Ona Petraitė" in removed
    assert await _on_task(db, task_id) == {w.student_a2.id}
    assert await _told(db, "task_unassigned") == [(w.student_a1.id, {"task_id": task_id})]

    confirm = await teacher.press(teacher.button(teacher.received, "otx", task_id))
    assert "Delete the task «Bake 60 chocolate cookies»?" in text_of(confirm)
    deleted = text_of(await teacher.press(teacher.button(confirm, "otxy", task_id)))
    assert "The task «Bake 60 chocolate cookies» is deleted.\n1 student was told." in deleted
    assert await _task(db, task_id) is None and await _on_task(db, task_id) == set()
    assert await _told(db, "task_deleted") == [
        (w.student_a2.id, {"school_id": w.school_a.id, "title": "Bake 60 chocolate cookies"})
    ]
    # the student taken off earlier heard only that; the one still on it heard of the deletion
    assert {r for r, _p in await _told(db, "task_deleted")} == {w.student_a2.id}


async def test_typed_changes_in_three_languages(db: Factory) -> None:
    w = await build_world(db)
    await _named(db, w)
    order_id, (bake, pack) = await _order(db, w, "Bake cookies", "Pack boxes")
    teacher = _chat(db, w.teacher_a)
    await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order_id))  # the order on screen

    moved = text_of(await teacher.send("move task 1 to Monday"))
    stored = await _task(db, bake)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day("Monday")
    assert "1 student was told." in moved

    lt = _chat(db, w.teacher_a, "lt")
    await lt.send("perkelk užduotį 2 į penktadienį")
    stored = await _task(db, pack)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day("penktadienį", "lt")

    await teacher.send("rename task 2: Pack 60 boxes")
    stored = await _task(db, pack)
    assert stored is not None and stored.title == "Pack 60 boxes"

    await teacher.send("add Jonas to task 2")
    assert await _on_task(db, pack) == {w.student_a1.id, w.student_a2.id}
    await teacher.send("remove Ona from task 2")
    assert await _on_task(db, pack) == {w.student_a2.id}
    assert [r for r, _p in await _told(db, "task_unassigned")] == [w.student_a1.id]

    ru = _chat(db, w.teacher_a, "ru")
    asked = text_of(await ru.send("удали задание 1"))
    assert "Bake cookies" in asked and await _task(db, bake) is not None  # asked first
    await ru.send("да")
    assert await _task(db, bake) is None
    assert [r for r, _p in await _told(db, "task_deleted")] == [w.student_a1.id]


async def test_an_unclear_task_is_picked_and_the_command_goes_on(db: Factory) -> None:
    """Two orders and no card opened: "delete task 1" could be either; the teacher types which, then confirms."""
    w = await build_world(db)
    _first, (one,) = await _order(db, w, "Bake cookies")
    _second, (other,) = await _order(db, w, "Paint signs")
    teacher = _chat(db, w.teacher_a)
    which = await teacher.send("delete task 1")
    choices = teacher.buttons(which, "otp")
    assert "Which one?" in text_of(which) and len(choices) == 2
    second = int(teacher.action(choices[1]).args[0])  # as /orders lists them: the newest order first
    title = "Bake cookies" if second == one else "Paint signs"
    assert f"Delete the task «{title}»?" in text_of(await teacher.send("2"))
    await teacher.send("yes")
    assert await _task(db, second) is None and await _task(db, other if second == one else one) is not None


async def test_not_by_students_not_on_done_tasks_not_in_the_past(db: Factory) -> None:
    w = await build_world(db)
    order_id, (task_id,) = await _order(db, w, "Bake cookies")
    student = _chat(db, w.student_a1)
    await student.send("delete task 1")
    assert await _task(db, task_id) is not None  # a student's words are no teacher's command

    teacher = _chat(db, w.teacher_a)
    await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order_id))
    refused = text_of(await teacher.send("move task 1 to 01.01.2020"))
    assert "already passed" in refused
    stored = await _task(db, task_id)
    assert stored is not None and stored.due_at is not None and stored.due_at.year != 2020

    async with transaction(db) as s:
        mine = (await tasks.my_tasks(s, w.student_a1))[0]
        await tasks.mark_task_done(s, w.student_a1, mine.assignment_id)
    assert "This task is already done." in text_of(await teacher.send("delete task 1"))
    assert await _task(db, task_id) is not None


async def test_what_a_polish_and_a_lithuanian_teacher_typed(db: Factory) -> None:
    """Found by a blind tester: a new date, a question and "add Tomas" made new tasks; "delete task 2" typed at
    "Delete task 1?" deleted task 1."""
    w = await build_world(db)
    await _named(db, w)
    order_id, (bake, pack) = await _order(db, w, "Bake cookies", "Pack boxes")
    pl = _chat(db, w.teacher_a, "pl")
    await pl.press(pl.button(await pl.send("/orders"), "oo", order_id))
    await pl.send("zmien termin zadania 2 na piatek")
    stored = await _task(db, pack)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day("piątek", "pl")
    await pl.send(f"jakie sa zadania w zamowieniu {order_id}?")
    asked = text_of(await pl.send("usun zadanie 1"))
    assert "Bake cookies" in asked
    await pl.send("usun zadanie 2")  # at "Delete «Bake cookies»?": the other one is meant, asked about first
    assert await _task(db, bake) is not None and await _task(db, pack) is not None
    lt = _chat(db, w.teacher_a, "lt")
    await lt.send("pridek Jonas prie uzduoties 1")
    assert await _on_task(db, bake) == {w.student_a1.id, w.student_a2.id}
    async with db() as s:
        titles = list(await s.scalars(select(Task.title).where(Task.order_id == order_id)))
    assert sorted(titles) == ["Bake cookies", "Pack boxes"]  # no task made of the words typed


async def test_a_tasks_field_named_before_the_task_is_changed_not_a_new_task(db: Factory) -> None:
    """Blind tester (session 16): "pakeisk 2 užduoties terminą į kovo 20" began a new task titled "terminą į kovo 20"
    (in Latvian one was given to a student, who was told), "cambia il titolo del compito 1 in …" searched for offers,
    and "muda o nome da tarefa 1 para …" asked for a date."""
    w = await build_world(db)
    order_id, (bake, pack) = await _order(db, w, "Bake cookies", "Pack boxes")
    count = len(await outbox(db, "task_assigned"))
    lt = _chat(db, w.teacher_a, "lt")
    await lt.send("pakeisk 2 užduoties terminą į kovo 20")
    stored = await _task(db, pack)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day("kovo 20", "lt")
    await _chat(db, w.teacher_a, "it").send("cambia il titolo del compito 1 in modello del logo con Blender")
    stored = await _task(db, bake)
    assert stored is not None and stored.title == "modello del logo con Blender"
    await _chat(db, w.teacher_a, "pt").send("muda o nome da tarefa 2 para embalar as caixas")
    stored = await _task(db, pack)
    assert stored is not None and stored.title == "embalar as caixas"
    async with db() as s:
        assert len((await s.scalars(select(Task).where(Task.order_id == order_id))).all()) == 2
    assert len(await outbox(db, "task_assigned")) == count


async def test_a_student_taken_off_by_full_name_is_taken_off(db: Factory) -> None:
    """Blind tester: "nuimk Console Student A nuo šios užduoties, tegul daro tik B" (the full name between the verb
    and the task) became a plan of two nonsense tasks; it takes that student off the task."""
    w = await build_world(db)
    async with transaction(db) as s:
        for who, name in ((w.student_a1, "Console Student A"), (w.student_a2, "Console Student B")):
            await s.execute(update(Person).where(Person.id == who.id).values(display_name=name))
    order_id, (printing,) = await _order(db, w, "Print 200 keyrings", students=(w.student_a1, w.student_a2))
    lt = _chat(db, w.teacher_a, "lt")
    await lt.press(lt.button(await lt.send("/orders"), "oo", order_id))
    await lt.send("nuimk Console Student A nuo šios užduoties, tegul daro tik B")
    assert await _on_task(db, printing) == {w.student_a2.id}
    async with db() as s:
        assert len(list(await s.scalars(select(Task.title).where(Task.order_id == order_id)))) == 1


async def test_removing_a_student_in_words_at_the_task_card(db: Factory) -> None:
    """Blind tester: "pasalinti mokini" (remove a student) at a task's card began an offer draft titled so, and the
    teacher was stuck in it."""
    w = await build_world(db)
    order_id, (printing,) = await _order(db, w, "Print 200 keyrings", students=(w.student_a1, w.student_a2))
    lt = _chat(db, w.teacher_a, "lt")
    order = await lt.press(lt.button(await lt.send("/orders"), "oo", order_id))
    changing = await lt.press(lt.button(order, "otw", order_id))
    card = await lt.press(lt.buttons(changing, "otp")[0]) if lt.buttons(changing, "otp") else changing
    assert lt.buttons(card, "otu"), text_of(card)
    await lt.send("pasalinti mokini")
    await lt.send("Student A2")
    assert await _on_task(db, printing) == {w.student_a1.id}


@pytest.mark.parametrize(
    ("language", "typed", "day"),
    [("it", "cambia la scadenza del compito home page al 25 gennaio", "25 gennaio"),
     ("en", "move the deadline of the pack boxes task to 25 January", "25 January"),
     ("lt", "pakeisk užduoties pack boxes terminą į sausio 25", "sausio 25"),
     ("it", "cambia la scadenza del compito 2 al 25 gennaio", "25 gennaio")],
)  # fmt: skip
async def test_a_tasks_deadline_named_by_its_title_is_changed(db: Factory, language: str, typed: str, day: str) -> None:
    """Blind tester K-F6 (session 18): "cambia la scadenza del compito home page al 25 gennaio" (the task named by
    its title, not its number) changed nothing, or began a new task."""
    w = await build_world(db)
    order_id, (bake, pack) = await _order(db, w, "Bake cookies", "Pack boxes" if language != "it" else "home page")
    await _chat(db, w.teacher_a, language).send(typed)
    stored, other = await _task(db, pack), await _task(db, bake)
    assert stored is not None and stored.due_at is not None and stored.due_at.date() == _day(day, language)
    assert other is not None and other.due_at is not None and other.due_at.date() != _day(day, language)
    async with db() as s:
        assert len((await s.scalars(select(Task).where(Task.order_id == order_id))).all()) == 2
