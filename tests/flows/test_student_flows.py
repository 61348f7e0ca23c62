"""The student's journey through the real router: /tasks, got it, a question, done, "I finished", easy-read."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.core.types import Button, Reply
from bot.flows.tasks import due_text
from bot.i18n import translator
from bot.notifications import NotificationRenderer
from domain import accounts, enquiries, orders
from domain.db import transaction
from domain.models import Person, TaskAssignment
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world
from tests.flows.helpers import SECRET, Chat, make_services, outbox, said, text_of


async def _order(db: async_sessionmaker[AsyncSession], w: World) -> int:
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=50, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
    return order.id


async def _task(
    db: async_sessionmaker[AsyncSession], w: World, order_id: int, title: str, due: datetime | None, *students: Person
) -> int:
    """A task of the order assigned to ``students`` (student_a1 by default); the first assignment id."""
    async with transaction(db) as s:
        task = await orders.add_task(s, w.teacher_a, order_id, title, due)
        view = await orders.assign_task(s, w.teacher_a, task.id, [p.id for p in students or (w.student_a1,)])
    return view.assignments[0].id


async def _status(db: async_sessionmaker[AsyncSession], assignment_id: int) -> str:
    async with transaction(db) as s:
        row = await s.get(TaskAssignment, assignment_id)
        assert row is not None
        return row.status


def _chat(db: async_sessionmaker[AsyncSession], person: Person, **kwargs: object) -> Chat:
    assert person.telegram_id is not None
    services = make_services(db, **kwargs)  # type: ignore[arg-type]
    return Chat(services, person.telegram_id, person.display_name, person.language)


def _button_count(reply: Reply) -> int:
    return sum(len(row) for row in reply.buttons)


async def test_tasks_lists_what_for_whom_due_and_status(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    due = utcnow() + timedelta(days=3)
    first = await _task(db, w, order_id, "Bake 50 cookies", due)
    second = await _task(db, w, order_id, "Pack <the> boxes & labels", None)
    chat = _chat(db, w.student_a1)

    replies = await chat.send("/tasks")

    text = text_of(replies)
    assert "Bake 50 cookies" in text and "Cafe Centras" in text and translator("en").date(due) in text
    assert "Pack &lt;the&gt; boxes &amp; labels" in text and "<the>" not in text  # user text escaped
    assert "new" in text and "No due date" in text
    for action in ("ta", "tq", "td"):
        assert [chat.action(b).args for b in chat.buttons(replies, action)] == [(str(first),), (str(second),)]


async def test_menu_button_and_my_tasks_intent_open_the_list(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1, intents={"what do i have to do": "my_tasks"})
    menu = await chat.send("/menu")
    assert "Bake 50 cookies" in text_of(await chat.press(chat.button(menu, "m", "tasks")))
    assert "Bake 50 cookies" in text_of(await chat.send("what do i have to do"))


async def test_no_tasks_says_so(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    replies = await _chat(db, w.student_a1).send("/tasks")
    assert "no open tasks" in text_of(replies)


async def test_got_it_acknowledges_without_notifying(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1)
    before = len(await outbox(db))

    replies = await chat.press(chat.button(await chat.send("/tasks"), "ta", assignment))

    assert await _status(db, assignment) == "acknowledged"
    assert "Bake 50 cookies" in text_of(replies)
    assert not chat.buttons(replies, "ta") and chat.buttons(replies, "td")  # "got it" is gone, "done" stays
    assert len(await outbox(db)) == before
    listed = text_of(await chat.send("/tasks"))
    assert "in progress" in listed


async def test_question_is_relayed_to_the_teacher(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1)

    asked = await chat.press(chat.button(await chat.send("/tasks"), "tq", assignment))
    assert "Bake 50 cookies" in text_of(asked) and "/cancel" in text_of(asked)
    sent = await chat.send("Which <b>flour</b> do we use?")

    rows = await outbox(db, "task_question")
    assert [(r.recipient_id, r.payload["assignment_id"]) for r in rows] == [(w.teacher_a.id, assignment)]
    assert [await said(db, r) for r in rows] == ["Which <b>flour</b> do we use?"]
    assert "teacher" in text_of(sent)
    await chat.send("cookies with chocolate")  # not a question any more: back to normal (a search)
    assert len(await outbox(db, "task_question")) == 1


@pytest.mark.parametrize(
    ("said_", "language", "intent"),
    [
        ("sveiki, as sergu, negalesiu rytoj", "lt", "greet"),
        ("es esmu slims", "lv", "search_offers"),
        ("опаздаю", "ru", "affirm"),
        ("sono malata, non posso venire oggi", "it", "out_of_scope"),
        ("I will be late tomorrow", "en", "goodbye"),
        # session 15: "Viso gero!" — "iki" read as a farewell, the day mistyped
        ("nesuspesiu iki tresadienio, gal galima veliau", "lt", "goodbye"),
        ("не успею к среде", "ru", "search_offers"),
        ("as sirgstu, vieluosiu dvi dienas", "lt", "search_offers"),  # session 17: asked, then lost
        # session 18 (K-F2): "There are no enquiries yet" (read as words for a company)
        ("напиши учителю что я заболел", "ru", "search_offers"),
        ("tell my teacher I am sick today", "en", "search_offers"),
        ("parašyk mokytojui kad sergu", "lt", "search_offers"),
    ],
)
async def test_a_student_who_is_ill_or_late_is_heard_by_the_teacher(
    db: async_sessionmaker[AsyncSession], said_: str, language: str, intent: str
) -> None:
    """Blind testers: "as sergu, negalesiu rytoj", "es esmu slims", "опаздаю" got a greeting, a search or "OK" —
    the student believed the teacher told; nothing reached the teacher."""
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = Chat(make_services(db, intents={said_: intent}), w.student_a1.telegram_id or 0, "Student", language)
    await chat.send(said_)
    rows = await outbox(db, "task_question")
    assert [(r.recipient_id, r.payload["assignment_id"]) for r in rows] == [(w.teacher_a.id, assignment)]
    assert [await said(db, r) for r in rows] == [said_]


async def test_a_task_named_by_a_word_of_its_title_is_the_one_done(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: with two tasks, "ho finito il modello" asked which task, and the "sì" after it acknowledged
    «modellare il logo in 3D» as received (never done). A word of one title names it; a yes picks no task."""
    w = await build_world(db)
    order_id = await _order(db, w)
    model = await _task(db, w, order_id, "modellare il logo in 3D", None)
    other = await _task(db, w, order_id, "stampare e imballare 150 portachiavi", None)
    said = {"ho finito il modello": "task_done", "ho finito": "task_done", "sì": "affirm"}
    chat = Chat(make_services(db, intents=said), w.student_a1.telegram_id or 0, "Student", "it")
    await chat.send("ho finito")  # which one? — a yes is no answer
    await chat.send("sì")
    assert (await _status(db, model), await _status(db, other)) == ("assigned", "assigned")
    await chat.send("ho finito il modello")
    await chat.send("sì")
    assert (await _status(db, model), await _status(db, other)) == ("done", "assigned")


async def test_cancel_leaves_the_question(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1)
    await chat.press(chat.button(await chat.send("/tasks"), "tq", assignment))
    assert "Cancelled" in text_of(await chat.send("/cancel"))
    await chat.send("never mind")
    assert await outbox(db, "task_question") == []


async def test_too_long_question_keeps_the_student_in_the_question(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1)
    await chat.press(chat.button(await chat.send("/tasks"), "tq", assignment))
    assert "too long" in text_of(await chat.send("x" * 1500))
    await chat.send("Short question?")
    assert [await said(db, r) for r in await outbox(db, "task_question")] == ["Short question?"]


async def test_done_asks_first_then_tells_the_teacher(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    assignment = await _task(db, w, order_id, "Bake 50 cookies", None)
    await _task(db, w, order_id, "Pack boxes", None)
    chat = _chat(db, w.student_a1)

    confirm = await chat.press(chat.button(await chat.send("/tasks"), "td", assignment))
    assert "Is the task «Bake 50 cookies» done?" in text_of(confirm)
    await chat.press(chat.button(confirm, "tdn"))
    assert await _status(db, assignment) == "assigned" and await outbox(db, "task_done") == []

    done = await chat.press(chat.button(confirm, "tdy", assignment))

    assert await _status(db, assignment) == "done"
    assert [(r.recipient_id, r.payload) for r in await outbox(db, "task_done")] == [
        (w.teacher_a.id, {"assignment_id": assignment})
    ]
    assert "Well done" in text_of(done) and "1 more task" in text_of(done)
    assert "Bake 50 cookies" not in text_of(await chat.send("/tasks"))
    again = await chat.press(chat.button(confirm, "tdy", assignment))  # a stale button: no second notice
    assert "already done" in text_of(again) and len(await outbox(db, "task_done")) == 1


async def test_task_done_intent_with_one_task_asks_about_it(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = _chat(db, w.student_a1, intents={"I finished": "task_done"})

    asked = await chat.send("I finished")

    assert "Is the task «Bake 50 cookies» done?" in text_of(asked)
    await chat.press(chat.button(asked, "tdy", assignment))
    assert await _status(db, assignment) == "done"
    assert len(await outbox(db, "task_done")) == 1


async def test_task_done_intent_with_several_tasks_lists_them(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    first = await _task(db, w, order_id, "Bake 50 cookies", None)
    second = await _task(db, w, order_id, "Pack boxes", None)
    chat = _chat(db, w.student_a1, intents={"done": "task_done", "pack boxes is done": "task_done"})

    listed = await chat.send("done")

    assert "Which task is done?" in text_of(listed)
    assert [chat.action(b).args for b in chat.buttons(listed, "tdy")] == [(str(first),), (str(second),)]
    named = await chat.send("pack boxes is done")  # the title is in the message: ask about that one
    assert "Is the task «Pack boxes» done?" in text_of(named)
    await chat.press(chat.button(listed, "tdy", second))
    assert (await _status(db, first), await _status(db, second)) == ("assigned", "done")


@pytest.mark.parametrize(("language", "answer"), [("lt", "antrą"), ("lt", "2"), ("it", "il secondo"), ("pl", "drugie")])
async def test_which_task_is_done_is_answered_in_words(
    db: async_sessionmaker[AsyncSession], language: str, answer: str
) -> None:
    """Blind tester (a student with two tasks): "antrą" got "students cannot send enquiries", "2" ran a search,
    "il secondo" was off-topic — the student could not report the work done."""
    w = await build_world(db)
    order_id = await _order(db, w)
    first = await _task(db, w, order_id, "Bake 50 cookies", None)
    second = await _task(db, w, order_id, "Pack boxes", None)
    chat = Chat(make_services(db, intents={"done": "task_done"}), w.student_a1.telegram_id or 0, "S", language)
    await chat.send("done")
    await chat.send(answer)
    assert (await _status(db, first), await _status(db, second)) == ("assigned", "done")


async def test_the_task_named_by_its_place_in_i_finished_is_asked_about(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    await _task(db, w, order_id, "Bake 50 cookies", None)
    await _task(db, w, order_id, "Pack boxes", None)
    said = "ho finito il secondo compito"
    chat = Chat(make_services(db, intents={said: "task_done"}), w.student_a1.telegram_id or 0, "S", "it")
    asked = await chat.send(said)
    assert "Pack boxes" in text_of(asked) and "Bake 50 cookies" not in text_of(asked)


@pytest.mark.parametrize(
    ("language", "on", "off"),
    [("lt", "ijunk lengva skaityma", "išjunk lengvą skaitymą"), ("ru", "пиши проще", "выключи простой язык"),
     ("pl", "pisz prościej", "wyłącz łatwe czytanie"), ("en", "easy read please", "turn off easy read"),
     # session 14: the language picker opened
     ("lt", "paprasta kalba", "išjunk lengvą skaitymą"), ("it", "linguaggio semplice", "disattiva lettura facile"),
     # session 15: a search, a question to the teacher, the language picker
     ("en", "I have dyslexia, can you turn on easy read?", "turn off easy read"),
     ("en", "plz rite simpel, i cant reed long texts", "turn off easy read"),
     ("lt", "man sunku skaityti, ar galite rašyti paprasčiau?", "išjunk lengvą skaitymą"),
     ("lt", "as turiu disleksija, rasyk trumpai ir paprastai", "išjunk lengvą skaitymą"),
     ("lv", "lūdzu, ieslēdz vieglo valodu", "izslēdz vieglo valodu"),
     # session 16: Russian in Latin letters was searched for
     ("ru", "pishi proshe pozhalujsta, ja ploho chitaju", "выключи простой язык")],
)  # fmt: skip
async def test_easy_read_is_asked_for_in_words(db: async_sessionmaker[AsyncSession], language: str, on: str,
                                               off: str) -> None:  # fmt: skip
    """Blind tester (a student with dyslexia): "ijunk lengva skaityma" opened the language picker and "rasyk
    paprasciau" ran a product search; only /easy worked."""
    w = await build_world(db)
    chat = Chat(make_services(db, intents={on: "change_language"}), w.student_a1.telegram_id or 0, "S", language)
    await chat.send(on)
    async with db() as s:
        assert (await s.get_one(Person, w.student_a1.id)).easy_read is True
    await chat.send(off)
    async with db() as s:
        assert (await s.get_one(Person, w.student_a1.id)).easy_read is False


async def test_yes_then_no_at_is_it_done_is_a_no(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "sim, quer dizer não, ainda falta uma coisa" marked the task done and the company was told."""
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = Chat(make_services(db, intents={"terminei": "task_done"}), w.student_a1.telegram_id or 0, "S", "pt")
    await chat.send("terminei")
    await chat.send("sim, quer dizer nao, ainda falta uma coisa")
    assert await _status(db, assignment) == "assigned"


@pytest.mark.parametrize(("language", "said"), [("lv", "man ir jautajums"), ("en", "I have a question")])
async def test_i_have_a_question_asks_for_it(db: async_sessionmaker[AsyncSession], language: str, said: str) -> None:
    """Blind tester: "man ir jautājums" was sent to the teacher as the question, and the real question after it ran
    a product search."""
    w = await build_world(db)
    await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = Chat(make_services(db), w.student_a1.telegram_id or 0, "S", language)
    await chat.send(said)
    await chat.send("kadas kastes lietot?")
    sent = await outbox(db, "task_question")
    assert len(sent) == 1


async def test_task_done_intent_without_tasks(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.student_a1, intents={"done": "task_done"})
    assert "no open tasks" in text_of(await chat.send("done"))


async def test_easy_read_one_task_per_message_facts_in_text(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    due = utcnow() + timedelta(days=3)
    first = await _task(db, w, order_id, "Bake 50 cookies", due)
    await _task(db, w, order_id, "Pack boxes", due)
    chat = _chat(db, w.student_a1, intents={"done": "task_done"})
    await chat.send("/easy")

    replies = await chat.send("/tasks")

    assert all(_button_count(r) <= 3 and all(len(row) == 1 for row in r.buttons) for r in replies)
    cards = [r for r in replies if "Cafe Centras" in r.text]
    assert len(cards) == 2  # one task per message
    full_date = due_text(translator("en"), due, easy=True)
    assert due.strftime("%A") in full_date
    for card, title in zip(cards, ["Bake 50 cookies", "Pack boxes"], strict=True):
        assert card.text.startswith("📋") and title in card.text and full_date in card.text
        assert "<b>" not in card.text  # plain sentences
    for reply in await chat.press(chat.button(replies, "td", first)) + await chat.send("done"):
        assert _button_count(reply) <= 3
    await chat.press(chat.button(replies, "tq", first))
    assert all(_button_count(r) <= 3 for r in await chat.send("What size?"))


async def test_someone_elses_task_is_refused(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assignment = await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    mine = _chat(db, w.student_a1)
    other = _chat(db, w.student_a2)
    stolen: Button = mine.button(await mine.send("/tasks"), "td", assignment)
    assert "no longer valid" in text_of(await other.press(stolen))  # signed for someone else
    assert w.student_a2.telegram_id is not None
    forged = Button("x", other.services.signer.sign(w.student_a2.telegram_id, "tdy", assignment))
    assert "could not find" in text_of(await other.press(forged))
    assert await _status(db, assignment) == "assigned"


async def test_russian_student_gets_a_russian_date(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        await accounts.set_language(s, w.student_a1, "ru")
    due = utcnow() + timedelta(days=3)
    await _task(db, w, await _order(db, w), "Испечь печенье", due)
    chat = _chat(db, w.student_a1)
    chat.language = "ru"
    assert translator("ru").date(due) in text_of(await chat.send("/tasks"))


async def _rendered(db: async_sessionmaker[AsyncSession], kind: str, recipient: Person) -> list[Button]:
    """The buttons of the ``kind`` notification to ``recipient``, as the outbox sender would send them."""
    rows = [r for r in await outbox(db, kind) if r.recipient_id == recipient.id]
    assert len(rows) == 1
    async with db() as s:
        person = await s.get(Person, recipient.id)
        assert person is not None
        message = await NotificationRenderer(CallbackSigner(SECRET)).render(s, rows[0], person)
    assert message is not None
    return [Button(label, data) for row in message.buttons for label, data in row]


async def test_notification_buttons_work_in_the_flows(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    order_id = await _order(db, w)
    assignment = await _task(db, w, order_id, "Bake 50 cookies", utcnow() + timedelta(days=3))
    student = _chat(db, w.student_a1)
    got_it, question, done = await _rendered(db, "task_assigned", w.student_a1)

    assert "Bake 50 cookies" in text_of(await student.press(got_it))
    assert await _status(db, assignment) == "acknowledged"
    await student.press(question)
    await student.send("Chocolate or vanilla?")
    assert len(await outbox(db, "task_question")) == 1
    await student.press(student.button(await student.press(done), "tdy", assignment))
    assert await _status(db, assignment) == "done"

    teacher = _chat(db, w.teacher_a)
    (open_order,) = await _rendered(db, "task_done", w.teacher_a)
    assert "Bake 50 cookies" in text_of(await teacher.press(open_order))
    reply, from_question = await _rendered(db, "task_question", w.teacher_a)
    assert teacher.action(from_question).args == (str(order_id),)
    assert teacher.action(reply).name == "tr" and teacher.action(reply).args == (str(assignment),)


@pytest.mark.parametrize("typed", ["já tá fetio", "its dnoe"])
async def test_done_with_two_letters_swapped_asks_about_the_task(
    db: async_sessionmaker[AsyncSession], typed: str
) -> None:
    """Blind tester writing as a dyslexic student: "já tá fetio" (feito) got "OK." and the task stayed open."""
    w = await build_world(db)
    await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    asked = await _chat(db, w.student_a1, intents={typed: "affirm"}).send(typed)
    assert "Is the task «Bake 50 cookies» done?" in text_of(asked)


@pytest.mark.parametrize(
    ("language", "said"),
    [("lt", "paaiškink paprasčiau"), ("lt", "paaiskink paprasciau"), ("en", "explain it simpler please"),
     ("ru", "объясни проще")],
)  # fmt: skip
async def test_explain_it_simpler_shows_the_task_again_in_easy_read(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester: "paaiškink paprasčiau" turned easy-read on and showed the menu; the task was not explained."""
    w = await build_world(db)
    await _task(db, w, await _order(db, w), "Bake 50 cookies", None)
    chat = Chat(make_services(db), w.student_a1.telegram_id or 0, "S", language)
    shown = text_of(await chat.send(said))
    assert "Bake 50 cookies" in shown, shown
    async with db() as s:
        assert (await s.get_one(Person, w.student_a1.id)).easy_read is True
