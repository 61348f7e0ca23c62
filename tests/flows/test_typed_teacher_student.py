"""What a blind tester typed as a teacher and as a student, through the real router (Rasa's intent given where
the row depends on it): the bot asks instead of guessing, and lists instead of relaying."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders, tasks
from domain.db import transaction
from domain.models import (
    Enquiry,
    Order,
    OutboxMessage,
    Person,
    RelayMessage,
    Review,
    Task,
    TaskAssignment,
    TaskMessage,
)
from domain.timeutil import utcnow
from domain.views import EnquiryView
from tests.domain.factories import World, build_world, listing
from tests.flows.helpers import Chat, delivered, make_services, text_of

Factory = async_sessionmaker[AsyncSession]


async def test_accepting_with_two_open_enquiries_asks_which(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        first = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        second = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=9, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db, intents={"priimu užsakymą": "my_enquiries"}), w.teacher_a.telegram_id,
                   "Teacher A", "lt")  # fmt: skip
    asked = await teacher.send("priimu užsakymą")
    choices = teacher.buttons(asked, "ea")
    assert "Which enquiry do you accept?" in text_of(asked) and len(choices) == 2
    assert {int(teacher.action(b).args[0]) for b in choices} == {first.id, second.id}
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Order)) == 0  # nothing accepted on a guess
    await teacher.send("antrą")  # "the second one"
    async with db() as s:
        order = await s.scalar(select(Order))
    assert order is not None and order.enquiry_id == int(teacher.action(choices[1]).args[0])


@pytest.mark.parametrize("typed", ["#1", "1", "nr 1"])
async def test_the_number_of_an_enquiry_at_which_one_is_that_enquiry(db: Factory, typed: str) -> None:
    """Blind tester Q-F1 (session 19): the list starts with the newest enquiry, labelled "1. #2 …"; "#1" and "1"
    accepted enquiry #2, and its company was told of an order it had not been promised. The number on a label is
    that enquiry, and the labels carry no second number."""
    w = await build_world(db)
    async with transaction(db) as s:
        first = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=9, needed_by=None, message="")
    teacher = Chat(make_services(db, intents={"accept": "my_enquiries"}), w.teacher_a.telegram_id or 0, "T", "en")
    asked = await teacher.send("accept")
    assert all(not b.label[:1].isdigit() for b in teacher.buttons(asked, "ea")), text_of(asked)
    await teacher.send(typed.replace("1", str(first.id)))
    async with db() as s:
        order = await s.scalar(select(Order))
    assert order is not None and order.enquiry_id == first.id


async def test_a_student_asking_for_the_list_and_saying_got_it_twice(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake 50 cookies", utcnow() + timedelta(days=4))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    assert w.student_a1.telegram_id is not None
    said = {"what are my tasks?": "my_tasks", "got it": "task_done"}
    student = Chat(make_services(db, intents=said), w.student_a1.telegram_id, "Student A1", "en")
    listed = text_of(await student.send("what are my tasks?"))
    assert "Bake 50 cookies" in listed and "sent to your teacher" not in listed
    await student.send("got it")  # acknowledges the new task
    again = text_of(await student.send("got it"))  # already acknowledged: no "is it done?"
    assert again.startswith("OK.")
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(TaskMessage)) == 0
        assignment = await s.scalar(select(TaskAssignment))
    assert assignment is not None and assignment.status != "done"


async def test_a_typed_task_with_two_orders_open_asks_which_order(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        for quantity in (5, 9):
            enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=quantity, needed_by=None,
                                                     message="")  # fmt: skip
            await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "en")
    asked = await teacher.send("task for the students: print 200 parts by Friday")
    choices = teacher.buttons(asked, "otk")
    assert "Which order is «print 200 parts by Friday» for?" in text_of(asked) and len(choices) == 2
    picker = text_of(await teacher.send("the second one"))
    # the picker for that order's students, the words kept; "by Friday" is the due date, not the title
    assert "print 200 parts" in picker and "print 200 parts by Friday" not in picker
    assert teacher.buttons(await teacher.send("/cancel"), "otk") == []


async def test_a_teacher_answers_in_words_after_opening_the_enquiry_from_the_list(db: Factory) -> None:
    """No notification was just read: the teacher went to /enquiries, opened one, and typed the answer."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=40, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None and w.owner_c.telegram_id is not None
    answer = "Yes, we can bake all 40 by Friday."
    teacher = Chat(make_services(db, intents={answer: "post_offer"}), w.teacher_a.telegram_id, "Teacher A", "en")
    listed = await teacher.send("/enquiries")
    (open_it,) = teacher.buttons(listed, "eo")
    await teacher.press(open_it)
    asked = text_of(await teacher.send(answer))  # reads like a new offer too: asked, not guessed
    assert "Send this to Cafe Centras as your answer to enquiry" in asked
    assert "Sent to" in text_of(await teacher.send("yes"))
    async with db() as s:
        relayed = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == enquiry.id)))
    assert relayed == [answer]
    company = Chat(make_services(db, intents={"I also need 20 cakes": "search_offers"}), w.owner_c.telegram_id,
                   "Owner C", "en")  # fmt: skip
    await company.send("/enquiries")
    card = await company.press(company.buttons(await company.send("/enquiries"), "eo")[0])
    assert answer in text_of(card)  # the company reads the teacher's words on its card
    await company.send("I also need 20 cakes")  # a new search after reading the card: not sent to the school
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(RelayMessage)) == 1


async def test_got_it_with_nothing_to_acknowledge_is_no_search(db: Factory) -> None:
    """A student without tasks (or anyone) typing "ricevuto" gets an OK, not offers found for that word."""
    w = await build_world(db)
    assert w.student_a1.telegram_id is not None
    student = Chat(make_services(db, intents={"ricevuto": "nlu_fallback"}), w.student_a1.telegram_id, "S", "it")
    said = text_of(await student.send("ricevuto"))
    assert said.startswith("OK") and "offert" not in said.casefold()


async def test_accepting_in_words_after_opening_one_of_two_enquiries_takes_that_one(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        second = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=9, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db, intents={"priimu": "affirm"}), w.teacher_a.telegram_id, "Teacher A", "lt")
    listed = await teacher.send("/enquiries")
    (card,) = [b for b in teacher.buttons(listed, "eo") if teacher.action(b).args[0] == str(second.id)]
    await teacher.press(card)
    said = text_of(await teacher.send("priimu"))
    assert "Which enquiry" not in said and "Kurią" not in said
    async with db() as s:
        order = await s.scalar(select(Order))
    assert order is not None and order.enquiry_id == second.id


async def test_after_a_list_of_one_enquiry_the_teachers_words_answer_it(db: Factory) -> None:
    """ "do I have enquiries?" → one listed → the answer typed; a new offer typed there is asked about, and
    "no" serves it as the request it is."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=200, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    answer = "dzien dobry, prosze przeslac logo w dobrej jakosci"
    offer = "pieczemy torty na zamowienie dla firm"
    said = {"mam jakies zapytania?": "my_enquiries", answer: "greet", offer: "post_offer"}
    teacher = Chat(make_services(db, intents=said), w.teacher_a.telegram_id, "Teacher A", "pl")
    await teacher.send("mam jakies zapytania?")
    assert "Cafe Centras" in text_of(await teacher.send(answer))
    await teacher.send("mam jakies zapytania?")
    asked = await teacher.send(offer)
    assert teacher.buttons(asked, "rpn")
    draft = text_of(await teacher.send("nie"))
    async with db() as s:
        relayed = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == enquiry.id)))
    assert relayed == [answer] and offer in draft


async def test_the_teachers_answer_reaches_a_student_who_reported_done_meanwhile(db: Factory) -> None:
    """The teacher is told "sent to the student": it must be, even when the student finished in between."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Paint the sign", utcnow() + timedelta(days=4))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
        assignment = await s.scalar(select(TaskAssignment.id).where(TaskAssignment.task_id == task.id))
        assert assignment is not None
        await tasks.ask_about_task(s, w.student_a1, assignment, "Which colours?")
        await tasks.mark_task_done(s, w.student_a1, assignment)
        await tasks.answer_question(s, w.teacher_a, assignment, "Blue and white, please")
    assert "Blue and white, please" in (await delivered(db, "task_answer")).get(w.student_a1.id, "")


async def test_passing_words_on_when_asked_in_so_many_words(db: Factory) -> None:
    """ "napisz do firmy, że prosimy o logo" (the only enquiry) and "tell the school that …" with two: which one?"""
    w = await build_world(db)
    async with transaction(db) as s:
        first = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None and w.owner_c.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "pl")
    await teacher.send("napisz do firmy, ze prosimy o logo w dobrej jakosci")
    async with transaction(db) as s:
        second = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=9, needed_by=None, message="")
    company = Chat(make_services(db), w.owner_c.telegram_id, "Owner C", "en")
    asked = await company.send("tell the school that we need it a week earlier")
    choices = [company.action(b).args[0] for b in company.buttons(asked, "rpw")]
    assert sorted(choices) == sorted([str(first.id), str(second.id)])
    await company.send(str(choices.index(str(second.id)) + 1))  # its place in the list, typed
    async with db() as s:
        rows = list(await s.execute(select(RelayMessage.enquiry_id, RelayMessage.text).order_by(RelayMessage.id)))
    assert [tuple(r) for r in rows] == [(first.id, "prosimy o logo w dobrej jakosci"),
                                        (second.id, "we need it a week earlier")]  # fmt: skip


async def _enquiry_the_school_wrote_about(db: Factory, w: World, said: str) -> EnquiryView:
    """Cafe Centras's enquiry to school A, and the school's message ``said`` about it, delivered to the company."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, said)
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=utcnow()))
    return enquiry


async def test_a_new_need_right_after_a_message_from_the_school_is_asked_about(db: Factory) -> None:
    """ "preciso de flores para a loja" right after the school's message was relayed to the school unasked."""
    w = await build_world(db)
    await _enquiry_the_school_wrote_about(db, w, "We can do it by Friday")
    assert w.owner_c.telegram_id is not None
    need = "ola bom dia, preciso de flores para a loja"
    company = Chat(make_services(db, intents={need: "search_offers"}), w.owner_c.telegram_id, "Owner C", "pt")
    asked = await company.send(need)
    assert company.buttons(asked, "rpy") and company.buttons(asked, "rpn")
    await company.send("nao")  # for the bot: a search, nothing relayed
    async with db() as s:
        relayed = list(await s.scalars(select(RelayMessage.text).order_by(RelayMessage.id)))
    assert relayed == ["We can do it by Friday"]


async def test_which_one_is_asked_again_once_and_a_no_ends_it(db: Factory) -> None:
    """A yes to "which one?" is asked again with the hint said once (it piled up: "Which one? … Which one? …"); a
    no ends the question instead of looping."""
    w = await build_world(db)
    async with transaction(db) as s:
        for quantity in (5, 9):
            await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=quantity, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    said = {"priimu užsakymą": "my_enquiries", "taip": "affirm", "ne": "deny"}
    teacher = Chat(make_services(db, intents=said), w.teacher_a.telegram_id, "Teacher A", "en")
    await teacher.send("priimu užsakymą")
    await teacher.send("taip")
    again = text_of(await teacher.send("taip"))
    assert again.count("Which one?") == 1 and teacher.buttons(await teacher.send("taip"), "ea")
    ended = await teacher.send("ne")
    assert not teacher.buttons(ended, "ea")
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Order)) == 0


async def test_show_our_orders_shows_orders_once_there_are_some(db: Factory) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.owner_c.telegram_id is not None
    said = {"paradiet musu pasutijumus": "my_enquiries"}
    company = Chat(make_services(db, intents=said), w.owner_c.telegram_id, "Owner C", "lv")
    before = await company.send("paradiet musu pasutijumus")  # no order yet: the enquiry is what they mean
    assert company.buttons(before, "eo")
    async with transaction(db) as s:
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
    after = await company.send("paradiet musu pasutijumus")
    assert [company.action(b).args[0] for b in company.buttons(after, "oo")] == [str(order.id)]


async def _task_typed(db: Factory, language: str, typed: str, who: str) -> Task:
    """The task stored when teacher A, writing in ``language``, types ``typed`` for an accepted order and answers
    "Who does it?" with ``who``."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await s.execute(update(Person).where(Person.id == w.teacher_a.id).values(language=language))
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", language)
    await teacher.send(typed)
    await teacher.send(who)
    async with db() as s:
        return (await s.scalars(select(Task))).one()


async def test_a_typed_tasks_deadline_is_its_due_date_not_part_of_its_title(db: Factory) -> None:
    """Blind tester: "užduotis: padaryti svetainės maketą iki penktadenio" gave students the task "padaryti
    svetainės maketą iki penktadenio" (the deadline, misspelt, read as the due date and kept in the title)."""
    task = await _task_typed(db, "lt", "užduotis: padaryti svetainės maketą iki penktadenio", "visi")
    assert task.title == "padaryti svetainės maketą" and task.due_at is not None and task.due_at.weekday() == 4


@pytest.mark.parametrize(("language", "who"), [("it", "il primo"), ("lt", "pirmą"), ("ru", "первого")])
async def test_the_first_student_is_picked_by_an_ordinal(db: Factory, language: str, who: str) -> None:
    """Blind tester: "il primo" at "Who does it?" got "Choose at least one student first: tap a name"."""
    task = await _task_typed(db, language, "compito per gli studenti: stampare 500 biglietti entro il 20", who)
    async with db() as s:
        assigned = (await s.scalars(select(TaskAssignment).where(TaskAssignment.task_id == task.id))).all()
    assert len(assigned) == 1


async def _accepted_order(db: Factory, w: World) -> int:
    """Company C's enquiry to school A's offer, accepted by teacher A: the order's id."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        return (await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)).id


async def _task_typed_answer(db: Factory, teacher: Chat, who: str) -> Task:
    await teacher.send(who)
    async with db() as s:
        return (await s.scalars(select(Task))).one()


async def test_the_first_order_of_the_list_is_opened_by_an_ordinal(db: Factory) -> None:
    """Blind tester: "первый" at the teacher's order list ran a product search."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "ru")
    await teacher.send("/orders")
    card = await teacher.send("первый")
    assert f"#{order_id}" in text_of(card) and "Найдено" not in text_of(card), text_of(card)


async def test_an_order_named_by_number_after_results_opens_that_order(db: Factory) -> None:
    """Blind tester: "a che punto è l'ordine 2?" after an old search began an enquiry to the second result."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    assert w.owner_c.telegram_id is not None
    company = Chat(make_services(db), w.owner_c.telegram_id, "C", "it")
    shown = await company.send(w.listing_a.title)
    assert company.buttons(shown, "eq")
    card = await company.send(f"a che punto è l'ordine {order_id}?")
    assert f"#{order_id}" in text_of(card) and not company.buttons(card, "eqsend"), text_of(card)


async def test_a_decline_with_its_reason_first_declines_with_that_reason(db: Factory) -> None:
    """Blind tester: "afinal nao temos forno livre, recuso o pedido 15" got "There is nothing to cancel"."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "pt")
    await teacher.send("/enquiries")  # a list is open: its question is what the words meet first
    await teacher.send(f"afinal nao temos forno livre esta semana, recuso o pedido {enquiry.id}")
    async with db() as s:
        stored = await s.get_one(Enquiry, enquiry.id)
    assert stored.status == "declined" and "forno livre" in (stored.decline_reason or "")


async def test_a_student_picked_then_taken_back_is_not_given_the_task(db: Factory) -> None:
    """Blind tester: "Student A, ne, labāk Student B" gave the task to both and told both."""
    task = await _task_typed(
        db, "lv", "uzdevums: uzrakstit uzrakstu uz tortem lidz piektdienai", "Student A1, ne, labak Student A2"
    )
    async with db() as s:
        assigned = (await s.scalars(select(TaskAssignment).where(TaskAssignment.task_id == task.id))).all()
        names = [(await s.get_one(Person, a.student_id)).display_name for a in assigned]
    assert len(names) == 1 and names[0].endswith("A2"), names


async def test_an_acceptance_taken_back_accepts_nothing(db: Factory) -> None:
    """Blind tester: "pieņemu. ne, pagaidi, vēl ne…" accepted the enquiry and told the company."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "lv")
    await teacher.send("pienemu. ne, pagaidi, vel ne, vispirms japrasa skolotajiem")
    async with db() as s:
        assert (await s.get_one(Enquiry, enquiry.id)).status == "open"
        assert (await s.scalar(select(func.count()).select_from(Order))) == 0


async def test_a_task_typed_at_who_does_it_is_a_new_task(db: Factory) -> None:
    """Blind tester: the task typed again while "Who does it?" was open became a public offer draft."""
    said = "uzdevums audzekniem: izcept 10 sokolades tortes lidz piektdienai"
    w = await build_world(db)
    await _accepted_order(db, w)
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db, intents={said: "post_offer"}), w.teacher_a.telegram_id, "Teacher A", "lv")
    await teacher.send(said)
    again = await teacher.send(said)
    assert teacher.buttons(again, "og"), text_of(again)  # "Who does it?" for the new task, no offer draft
    task = await _task_typed_answer(db, teacher, "visi")
    assert task.title.startswith("izcept 10")


async def test_a_russian_teacher_accepts_in_latin_letters(db: Factory) -> None:
    """Blind tester: "ok, prinimayu zakaz" (Russian typed in Latin letters) was relayed to the company as a message
    instead of accepting the enquiry."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "ru")
    await teacher.send("ok, prinimayu zakaz")
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Order)) == 1
        assert await s.scalar(select(func.count()).select_from(RelayMessage)) == 0


async def test_a_request_at_who_does_it_leaves_the_picker(db: Factory) -> None:
    """Blind tester: "мои заказы" at "Who does the task?" got "Choose at least one student first" again and again;
    only "все" got out."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db, intents={"мои заказы": "my_enquiries"}), w.teacher_a.telegram_id, "Teacher A",
                   "ru")  # fmt: skip
    picker = await teacher.send("задание: испечь 5 тортов")
    assert teacher.buttons(picker, "og"), text_of(picker)
    left = await teacher.send("мои заказы")
    assert not teacher.buttons(left, "og") and "Birthday cakes" in text_of(left), text_of(left)
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Task)) == 0


async def test_a_task_deadline_in_russian_latin_letters_is_its_due_date(db: Factory) -> None:
    """Blind tester: "…do 18 dekabrya" (Russian in Latin letters) left the task without a due date, the words in its
    title."""
    task = await _task_typed(db, "ru", "zadanie: napechatat 10 detalej do 18 dekabrya", "vse")
    assert task.title == "napechatat 10 detalej" and task.due_at is not None and task.due_at.day == 18


async def test_giving_work_to_the_students_opens_a_task(db: Factory) -> None:
    """Blind tester: "assegna agli studenti: preparare il buffet…" (no task word) started an offer draft titled
    "Assegna agli studenti…"."""
    task = await _task_typed(db, "it", "assegna agli studenti: preparare il buffet entro venerdì", "tutti")
    assert task.title == "preparare il buffet" and task.due_at is not None and task.due_at.weekday() == 4


@pytest.mark.parametrize(("language", "word"), [("lt", "atmesti"), ("lt", "atsisakyti"), ("en", "decline")])
async def test_a_decline_word_right_after_a_new_enquiry_declines_it(db: Factory, language: str, word: str) -> None:
    """Blind testers: "atmesti" (the Decline button's own label) right after a new enquiry reached the company as a
    message, and the enquiry stayed open."""
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None and w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", language)
    await teacher.send("/menu")
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))
    asked = await teacher.send(word)
    assert teacher.buttons(asked, "edn") or "?" in text_of(asked), text_of(asked)
    async with db() as s:
        assert (await s.scalars(select(RelayMessage))).all() == []


@pytest.mark.parametrize(
    ("who", "language", "typed", "passed_on"),
    [
        ("company", "ru", "напишите в школу, что я приеду в 12 часов", "я приеду в 12 часов"),
        ("teacher", "en", "the cake order is done, please tell the client they can pick it up tomorrow",
         "they can pick it up tomorrow"),
        ("teacher", "it", "l ordine delle sedie e finito, avvisa il cliente che puo ritirarle", "puo ritirarle"),
        # session 18: the other side named ("tell Padaria we can only make 150…" was published as an offer)
        ("teacher", "en", "tell Cafe Centras we can only make 150 by Friday", "we can only make 150 by Friday"),
        ("teacher", "pl", "powiedz Cafe, że możemy zrobić tylko 150", "możemy zrobić tylko 150"),
        ("company", "it", "scrivi a Vilnius VET che arrivo alle 12", "arrivo alle 12"),
    ],
)  # fmt: skip
async def test_words_passed_on_after_an_accepted_order(
    db: Factory, who: str, language: str, typed: str, passed_on: str
) -> None:
    """Blind testers: "напишите в школу, что…" began a new enquiry; "…, please tell the client …" and "…, avvisa il
    cliente" (the relay asked for after a first clause) began an enquiry or answered as a student."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    person = w.owner_c if who == "company" else w.teacher_a
    assert person.telegram_id is not None
    chat = Chat(make_services(db), person.telegram_id, person.display_name, language)
    await chat.send("/menu")
    await chat.send(typed)
    async with db() as s:
        order = await s.get_one(Order, order_id)
        texts = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == order.enquiry_id)))
    assert texts == [passed_on]


@pytest.mark.parametrize(
    ("language", "typed"), [("ru", "хочу поставить оценку школе"), ("en", "I want to rate the school")]
)
async def test_asking_to_rate_in_words_shows_the_stars_or_says_when(db: Factory, language: str, typed: str) -> None:
    """Blind tester: "хочу поставить оценку школе" began a new enquiry and "оцени" an offer. While the order is in
    progress it says when it can be rated; once complete, the stars are shown and "5" rates it."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    assert w.owner_c.telegram_id is not None
    company = Chat(make_services(db), w.owner_c.telegram_id, "C", language)
    await company.send("/menu")
    early = await company.send(typed)
    assert not company.buttons(early, "eqsend") and not company.buttons(early, "rt"), text_of(early)
    async with transaction(db) as s:
        await orders.complete_order(s, w.teacher_a, order_id)
    stars = await company.send(typed)
    assert len(company.buttons(stars, "rt")) == 5, text_of(stars)
    await company.send("5")
    await company.send("skip")
    async with db() as s:
        assert (await s.get_one(Order, order_id)).status == "completed"
        assert [r.rating for r in (await s.scalars(select(Review))).all()] == [5]


@pytest.mark.parametrize(
    ("language", "accept", "note"),
    [("ru", "принимаем", "начнем в понедельник, забрать можно в пятницу"), ("en", "accept it", "we start on Monday")],
)
async def test_a_note_right_after_accepting_reaches_the_customer(
    db: Factory, language: str, accept: str, note: str
) -> None:
    """Blind testers: the note typed right after accepting ran a search ("Подходящих предложений не найдено") or
    became an offer draft; the company never got it."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", language)
    await teacher.send("/menu")
    accepted = await teacher.send(accept)
    assert teacher.buttons(accepted, "rp"), text_of(accepted)
    sent = await teacher.send(note)
    if teacher.buttons(sent, "rpy"):  # asked first when the words read like a request: sent on yes
        await teacher.send("yes")
    async with db() as s:
        texts = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == enquiry.id)))
    assert texts == [note]


@pytest.mark.parametrize(
    ("language", "asked"),
    [("ru", "какой статус?"), ("pl", "co z moim zamowieniem?"), ("pl", "kiedy będzie gotowy?"),
     # session 16: relayed to the school
     ("en", "any news?"), ("pt", "novidades?"), ("ru", "est novosti po zakazu?"), ("lt", "ar yra naujienu?"),
     # session 18: "zapytaniem" held "tani" and answered "nothing cheaper"; "did they reply?" was relayed
     ("pl", "co z moim zapytaniem?"), ("pl", "szkoła odpowiedziała?"), ("en", "did they reply?"),
     ("it", "hanno risposto?"), ("lt", "ar mokykla atsakė?")],
)  # fmt: skip
async def test_a_status_question_right_after_writing_to_the_school_is_for_the_bot(
    db: Factory, language: str, asked: str
) -> None:
    """Blind tester: "какой статус?" right after a message to the school was sent to the school."""
    w = await build_world(db)
    enquiry = await _enquiry_the_school_wrote_about(db, w, "Which flavour?")
    assert w.owner_c.telegram_id is not None
    company = Chat(make_services(db), w.owner_c.telegram_id, "C", language)
    answer = await company.send(asked)
    assert f"#{enquiry.id}" in text_of(answer), text_of(answer)
    async with db() as s:
        texts = list(await s.scalars(select(RelayMessage.text)))
    assert texts == ["Which flavour?"]


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "make a task: bake the chocolate sponge layers by 18 January for Student A1"),
        ("ru", "задание: испечь коржи для Student A1, до 18 января"),
    ],
)
async def test_a_task_naming_its_student_and_date_keeps_neither_in_its_title(
    db: Factory, language: str, typed: str
) -> None:
    """Blind tester: "… by 18 January for Student A" kept both in the title the student read, and "Who does it?"
    had nobody chosen. Now the student is chosen (an "ok" assigns) and the title is what to do."""
    task = await _task_typed(db, language, typed, "ok")
    async with db() as s:
        assigned = list(await s.scalars(select(TaskAssignment.student_id).where(TaskAssignment.task_id == task.id)))
        student = (await s.scalars(select(Person.id).where(Person.display_name == "Student A1"))).one()
    assert "Student" not in task.title and "18" not in task.title, task.title
    assert task.due_at is not None and (task.due_at.month, task.due_at.day) == (1, 18)
    assert assigned == [student]


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "how are my students doing?"), ("it", "come stanno i ragazzi?"), ("lt", "kaip sekasi mokiniams?"),
     ("ru", "как там ученики?")],
)  # fmt: skip
async def test_how_the_students_are_doing_shows_the_orders_with_their_tasks(
    db: Factory, language: str, said: str
) -> None:
    """Blind tester: "how are the students doing?" had no answer of its own (a product search found nothing)."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        await orders.add_task(s, w.teacher_a, order_id, "Bake 40 cakes", None)
    assert w.teacher_a.telegram_id is not None
    teacher = Chat(make_services(db, intents={said: "search_offers"}), w.teacher_a.telegram_id, "Teacher A", language)
    answer = text_of(await teacher.send(said))
    assert f"#{order_id}" in answer and "0/1" in answer, answer


async def test_how_the_students_are_doing_right_after_a_students_question_is_no_answer_to_it(db: Factory) -> None:
    """The question about the students is the teacher's to the bot, even right after a student asked something."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        task = await orders.add_task(s, w.teacher_a, order_id, "Bake 40 cakes", None)
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    assert w.teacher_a.telegram_id is not None and w.student_a1.telegram_id is not None
    student = Chat(make_services(db), w.student_a1.telegram_id, "Student A1", "en")
    teacher = Chat(make_services(db), w.teacher_a.telegram_id, "Teacher A", "en")
    await student.send("/tasks")
    await student.send("Which colour should the box be?")
    answer = await teacher.send("how are my students doing?")
    assert f"#{order_id}" in text_of(answer) and not teacher.buttons(answer, "tay"), text_of(answer)
    async with db() as s:
        said = (await s.scalars(select(TaskMessage.text))).all()
    assert said == ["Which colour should the box be?"]


async def test_a_latvian_five_of_five_rates_the_completed_order(db: Factory) -> None:
    """Blind tester: "5 no 5" (five of five) read as "5, not 5", a change to pass on: "Send this to the school?";
    "nē" asked it again, and "loti labi, 5" ("labi" is a yes) sent it. No rating was stored."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        await orders.complete_order(s, w.teacher_a, order_id)
    assert w.owner_c.telegram_id is not None
    company = Chat(make_services(db), w.owner_c.telegram_id, "C", "lv")
    await company.send("/menu")
    rated = await company.send("vērtējums 5 no 5")
    assert not company.buttons(rated, "rpy"), text_of(rated)
    async with db() as s:
        assert [r.rating for r in (await s.scalars(select(Review))).all()] == [5]
        assert (await s.scalars(select(RelayMessage))).all() == []


async def test_no_this_is_for_the_bot_is_never_asked_again_for_the_same_words(db: Factory) -> None:
    """Blind tester: "No, this is for the bot" re-read the words, and the handler that had asked "Send this to …?"
    asked it again, in a loop the customer could only leave by a yes."""
    w = await build_world(db)
    await _accepted_order(db, w)
    assert w.owner_c.telegram_id is not None
    company = Chat(make_services(db), w.owner_c.telegram_id, "C", "en")
    await company.send("/menu")
    asked = await company.send("I want to change the quantity to 30")
    assert company.buttons(asked, "rpy"), text_of(asked)
    after = await company.press(company.button(asked, "rpn"))
    assert not company.buttons(after, "rpy"), text_of(after)
    async with db() as s:
        assert (await s.scalars(select(RelayMessage))).all() == []


@pytest.mark.parametrize(
    ("language", "typed", "titles"),
    [("pt", "divide em 3 tarefas: preparar a massa, fazer o recheio, embalar",
      ["embalar", "fazer o recheio", "preparar a massa"]),
     ("en", "split the order into tasks: design mockups; build the pages; test on phones",
      ["build the pages", "design mockups", "test on phones"]),
     ("lt", "padalink į užduotis: 1) modeliavimas, 2) spausdinimas, 3) patikra",
      ["modeliavimas", "patikra", "spausdinimas"])],
)  # fmt: skip
async def test_an_order_split_into_listed_tasks_makes_each_task(
    db: Factory, language: str, typed: str, titles: list[str]
) -> None:
    """Blind tester Q-F5 (session 19): "divide em 3 tarefas: preparar a massa, fazer o recheio, embalar" made one task
    titled with the whole sentence; "add 3 tasks: …" made none. Each listed task is made, its students asked in
    turn."""
    w = await build_world(db)
    await _accepted_order(db, w)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "Teacher A", language)
    await teacher.send(typed)
    for _ in titles:
        await teacher.send("Student A1")
    async with db() as s:
        stored = sorted(await s.scalars(select(Task.title)))
    assert stored == titles


@pytest.mark.parametrize(
    ("language", "typed"), [("pt", "sim, aceitamos, custa 270 euros"), ("it", "accetto, ritiro venerdì alle 10")]
)
async def test_words_said_with_the_acceptance_reach_the_customer(db: Factory, language: str, typed: str) -> None:
    """Blind tester P-F5 (session 19): "sim, aceitamos, custa 270 euros" accepted the enquiry, and the price never
    reached the company."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "Teacher A", language)
    await teacher.send(typed)
    async with db() as s:
        assert await s.scalar(select(Order.enquiry_id)) == enquiry.id
        texts = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == enquiry.id)))
    assert texts == [typed]


async def test_the_enquiry_named_by_a_word_of_its_offer_in_another_ending_is_accepted(db: Factory) -> None:
    """Blind tester Q-F2 (session 19): "quella della torta" at "Quale richiesta accetti?" (the offer «Torte per
    compleanni») searched for offers, and the question was dropped."""
    w = await build_world(db)
    async with transaction(db) as s:
        cakes = await listing(s, w.school_a, "Torte per compleanni")
        biscuits = await listing(s, w.school_a, "Biscotti per regali aziendali")
        wanted = await enquiries.create_enquiry(s, w.owner_c, cakes.id, quantity=3, needed_by=None, message="")
        await enquiries.create_enquiry(s, w.owner_c, biscuits.id, quantity=100, needed_by=None, message="")
    teacher = Chat(make_services(db, intents={"accetto": "affirm"}), w.teacher_a.telegram_id or 0, "T", "it")
    asked = await teacher.send("accetto")
    assert teacher.buttons(asked, "ea"), text_of(asked)
    await teacher.send("quella della torta")
    async with db() as s:
        assert await s.scalar(select(Order.enquiry_id)) == wanted.id
