"""The rows of issue 9's table, each typed (no button pressed) and checked by what a person would notice.

Through the real router and flows on the test database; the NLU intent is given by a fake Rasa where a row
depends on it (the real model is exercised by tests/e2e/test_typed_journeys.py).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import registry
from bot.core.types import Button, Reply
from domain import enquiries, orders, tasks
from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.models import (
    ConversationState,
    Enquiry,
    Listing,
    Order,
    Organisation,
    OutboxMessage,
    Person,
    RelayMessage,
    Review,
    Task,
    TaskAssignment,
    TaskMessage,
)
from domain.taxonomy import DATA_DIR, load_taxonomy
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world, listing
from tests.flows.helpers import Chat, delivered, make_services, outbox, person_by_telegram, said, text_of

NLU_DATA = Path(__file__).resolve().parents[2] / "nlu" / "data"


def _chat(db: async_sessionmaker[AsyncSession], person: Person, **kwargs: object) -> Chat:
    assert person.telegram_id is not None
    return Chat(make_services(db, **kwargs), person.telegram_id, person.display_name, person.language)  # type: ignore[arg-type]


async def _speaks(db: async_sessionmaker[AsyncSession], person: Person, language: str) -> None:
    """``person``'s language is ``language`` from now on (as if they had chosen it)."""
    async with transaction(db) as s:
        (await s.get_one(Person, person.id)).language = language


async def _delivered(db: async_sessionmaker[AsyncSession]) -> None:
    """Mark every notification delivered, as the outbox sender would after sending it."""
    async with transaction(db) as s:
        await s.execute(update(OutboxMessage).values(status="sent", sent_at=func.now()))


async def _count(db: async_sessionmaker[AsyncSession], model: type) -> int:
    async with db() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def _accepted_order(db: async_sessionmaker[AsyncSession], w: World) -> int:
    """Cafe Centras's enquiry for school A's offer, accepted by its teacher: the order's id."""
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        return (await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)).id


async def _task_for_student_a1(db: async_sessionmaker[AsyncSession], w: World, title: str) -> None:
    """An accepted order with one task, assigned to student A1."""
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        task = await orders.add_task(s, w.teacher_a, order_id, title, None)
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])


def test_every_trained_intent_has_a_handler() -> None:
    trained = set()
    for path in NLU_DATA.glob("*/nlu.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                trained.add(block["intent"])
    assert trained, "no NLU training data found"
    assert trained - set(registry.INTENTS) == set(), "intents the bot cannot act on"


async def _start_enquiry(chat: Chat, w: World) -> list[Reply]:
    """The company finds school A's offer by its title and presses ✉️ Enquire: "How many do you need?"."""
    await chat.send("/search")
    first = await chat.send(w.listing_a.title)
    return await chat.press(chat.button(first, "eq", w.listing_a.id))


async def _to_confirm(db: async_sessionmaker[AsyncSession], w: World, chat: Chat) -> None:
    """The company's enquiry about school A's offer, up to "Please check your enquiry" (all typed)."""
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    confirm = await chat.send("no")  # nothing to add
    assert chat.buttons(confirm, "eqsend"), text_of(confirm)


@pytest.mark.parametrize(("language", "day"), [("pt", "ate dia 18"), ("en", "by the 18th"), ("ru", "k subbote")])
async def test_a_date_at_how_many_is_the_date_and_the_quantity_is_asked_again(
    db: async_sessionmaker[AsyncSession], language: str, day: str
) -> None:
    """Blind tester: "ate dia 18" at "How many?" became the quantity 18; "k subbote" left it out silently."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    await _start_enquiry(chat, w)
    again = await chat.send(day)
    assert "20" in text_of(again), text_of(again)  # "Please type a number, for example 20": How many? again
    trail = [text_of(await chat.send(t)) for t in ("12", "-", "ok")]
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one_or_none()
    assert enquiry is not None, trail
    assert enquiry.quantity == 12 and enquiry.needed_by is not None


async def test_at_by_when_a_corrected_quantity_and_a_proposed_date_are_kept(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: at "By when?" (✔ the date from the request) "5 eat no meat" and "no, 45 not 40" dropped the date
    proposed, and the 45 was lost."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await chat.send("/search")
    first = await chat.send(f"{w.listing_a.title} by Friday")
    await chat.press(chat.button(first, "eq", w.listing_a.id))
    await chat.send("40")
    await chat.send("no, 45 not 40")
    await chat.send("5 of them eat no meat")
    await chat.send("the vegetarians matter")
    await chat.send("skip")
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 45 and enquiry.needed_by is not None and enquiry.needed_by.weekday() == 4


@pytest.mark.parametrize(
    ("answer", "message"), [("no", None), ("yes", "birthday cake in Riga for 15 people, max 100 euro")]
)
async def test_a_new_search_at_anything_to_add_is_asked_about(
    db: async_sessionmaker[AsyncSession], answer: str, message: str | None
) -> None:
    """Blind tester: "birthday cake in Krakow for 15 person…, max 100 euro" typed at "Anything to add?" went to the
    school as the message of an enquiry about another offer."""
    said = "birthday cake in Riga for 15 people, max 100 euro"
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={said: "search_offers"})
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    asked = await chat.send(said)
    assert "message to the school?" in text_of(asked), text_of(asked)
    after = await chat.send(answer)
    if message is None:
        assert chat.buttons(after, "eq"), text_of(after)  # the search ran
        async with db() as s:
            state = await s.get(ConversationState, w.owner_c.id)
        assert state is not None and state.flow != "enquiry"
        return
    assert chat.buttons(after, "eqsend"), text_of(after)
    await chat.send("yes")
    async with db() as s:
        assert (await s.scalars(select(Enquiry))).one().message == message


@pytest.mark.parametrize("yes", ["sim, pode enviar", "taip, siųsk", "да, отправляй", "sì", "yes", "tak", "jā", "ok"])
async def test_typed_yes_sends_the_enquiry_in_every_language(db: async_sessionmaker[AsyncSession], yes: str) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    sent = await chat.send(yes)
    assert await _count(db, Enquiry) == 1, f"{yes!r}: {text_of(sent)}"
    assert "📨" in text_of(sent)


@pytest.mark.parametrize("yes", ["yes send it", "taip siusk", "sim pode enviar", "da otpravlyai"])
async def test_yes_send_at_anything_to_add_sends(db: async_sessionmaker[AsyncSession], yes: str) -> None:
    """ "Anything to add for the school?" answered "yes send it" became the message, and nothing was sent."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    sent = await chat.send(yes)
    assert await _count(db, Enquiry) == 1 and "📨" in text_of(sent), text_of(sent)
    async with db() as s:
        assert (await s.scalar(select(Enquiry.message))) == ""


@pytest.mark.parametrize("no", ["no", "nie", "nav", "нет", "nao", "non"])
async def test_a_bare_no_at_the_summary_asks_what_to_change_and_a_second_one_cancels(
    db: async_sessionmaker[AsyncSession], no: str
) -> None:
    """A plain "no" to "Please check your enquiry" means something is wrong, not "throw it all away": the bot asks
    what to change and keeps the summary; "30" then changes the quantity (not the date), and "yes" sends it."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    asked = await chat.send(no)
    assert "What should I change?" in text_of(asked) and chat.buttons(asked, "eqsend"), text_of(asked)
    again = await chat.send("30")
    assert "30" in text_of(again) and chat.buttons(again, "eqsend"), text_of(again)
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 30 and enquiry.needed_by is None


async def test_no_twice_at_the_summary_cancels(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send("no")
    cancelled = await chat.send("no")
    assert "Cancelled" in text_of(cancelled), text_of(cancelled)
    assert await _count(db, Enquiry) == 0


@pytest.mark.parametrize("nothing", ["nessun messagio", "no coment", "bez uwag", "без комментариев", "sem observacoes"])
async def test_no_message_in_words_at_anything_to_add_leaves_it_empty(
    db: async_sessionmaker[AsyncSession], nothing: str
) -> None:
    """ "nessun messagio" (misspelt) to "Anything to add for the school?" became the message the school received."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    confirm = await chat.send(nothing)
    assert chat.buttons(confirm, "eqsend"), text_of(confirm)
    await chat.send("yes")
    async with db() as s:
        assert (await s.scalar(select(Enquiry.message))) == ""


@pytest.mark.parametrize(("language", "said"), [("lv", "lūdzu no apses"), ("lv", "no apses koka"), ("pt", "no Porto")])
async def test_a_message_opening_with_the_preposition_no_is_the_message(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester (session 15): "lūdzu no apses" (please, from aspen) to "Anything to add?" was read as a "no" and
    the school got no message; Latvian "no" is "from", Portuguese "no" is "in the"."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    confirm = await chat.send(said)
    assert chat.buttons(confirm, "eqsend"), text_of(confirm)
    await chat.press(chat.button(confirm, "eqsend"))
    async with db() as s:
        assert (await s.scalar(select(Enquiry.message))) == said


@pytest.mark.parametrize(
    ("correction", "field"),
    [
        ("nao, a data e ate sexta da semana que vem", "date"),
        ("no, it's for 12 January", "date"),
        ("ne, 30", "quantity"),
        # session 15: only the date changed
        ("desculpe, afinal preciso de 30 e so para dia 20", "both"),
    ],
)
async def test_a_correction_at_the_summary_changes_it_and_cancels_nothing(
    db: async_sessionmaker[AsyncSession], correction: str, field: str
) -> None:
    """ "não, a data é até sexta da semana que vem" typed at "Please check your enquiry" read as a no, and the
    whole enquiry was cancelled; the date (or the quantity) changes, the summary is shown again, and a yes sends
    it with the correction."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    again = await chat.send(correction)
    assert "Cancelled" not in text_of(again) and chat.buttons(again, "eqsend"), text_of(again)
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    if field in ("date", "both"):
        assert enquiry.needed_by is not None
    if field in ("quantity", "both"):
        assert enquiry.quantity == 30


@pytest.mark.parametrize("word", ["no, cancel", "ne, atšaukti", "cancelar", "atcelt", "отмена", "stop"])
async def test_typed_cancel_words_send_nothing(db: async_sessionmaker[AsyncSession], word: str) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    replies = await chat.send(word)
    assert await _count(db, Enquiry) == 0, word
    assert "Cancelled" in text_of(replies)


async def test_cancel_words_work_in_the_middle_of_an_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    for word in ("cancel", "cancelar", "stop", "atcelt", "отмена", "anuluj", "annulla", "atšaukti"):
        chat = _chat(db, w.owner_c)
        await chat.send("/search")
        first = await chat.send(w.listing_a.title)
        await chat.press(chat.button(first, "eq", w.listing_a.id))  # "How many do you need?"
        replies = await chat.send(word)
        assert "Cancelled" in text_of(replies), f"{word!r}: {text_of(replies)}"
        async with db() as s:
            state = await s.get(ConversationState, w.owner_c.id)
            assert state is not None and state.flow is None


async def test_numbers_and_dates_in_words_and_the_date_given_early(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    asked = await chat.send("two hundred, by Friday")  # the date before it was asked
    assert "Anything to add" in text_of(asked)
    await chat.send("please make them chocolate")
    await chat.send("ok send it")
    async with db() as s:
        enquiry = await s.scalar(select(Enquiry))
        assert enquiry is not None and enquiry.quantity == 200 and enquiry.needed_by is not None
        assert enquiry.needed_by.weekday() == 4 and enquiry.message == "please make them chocolate"


async def test_price_cap_and_cheaper_refine_the_results(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db, intents={"iki 100 eurų": "post_offer"}), 6200, "Buyer", "lt")
    await chat.send("/start")
    await chat.send("reikia svetainės mūsų įmonei")
    capped = text_of(await chat.send("iki 100 eurų"))  # no website of the demo costs 100 EUR or less
    assert "Only teachers" not in capped and "Tokių pasiūlymų neradau" in capped and "kainos" in capped
    async with db() as s:
        state = await s.get(ConversationState, (await person_by_telegram(db, 6200)).id)
        assert state is not None and state.data["memory"]["search"]["max_price"] == "100.00"

    en = Chat(chat.services, 6201, "Buyer", "en")
    await en.send("/start")
    await en.send("catering for 40 people")
    under = text_of(await en.send("under 100 euros"))
    assert "1." in under or "did not find" in under
    async with db() as s:
        state = await s.get(ConversationState, (await person_by_telegram(db, 6201)).id)
        assert state is not None and state.data["memory"]["search"]["max_price"] == "100.00"

    small = Chat(chat.services, 6202, "Buyer", "en")  # a limit under the number of results shown: no pick
    await small.send("/start")
    await small.send("catering for 40 people")
    narrowed = text_of(await small.send("up to 5 euro"))
    assert "How many do you need" not in narrowed and "company" not in narrowed
    async with db() as s:
        state = await s.get(ConversationState, (await person_by_telegram(db, 6202)).id)
        assert state is not None and state.data["memory"]["search"]["max_price"] == "5.00"


async def test_i_want_to_order_this_enquires_about_the_offer_shown(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    intents = {"I want to order this": "send_enquiry", "quero encomendar o primeiro": "send_enquiry"}
    chat = _chat(db, w.owner_c, intents=intents)
    await chat.send("/search")
    results = await chat.send(w.listing_a.title)
    await chat.press(chat.button(results, "sd", w.listing_a.id))  # looked at the details of one
    asked = text_of(await chat.send("I want to order this"))
    assert "How many do you need" in asked and w.listing_a.title in asked

    other = _chat(db, w.member_d, intents=intents)
    await other.send("/search")
    await other.send(w.listing_a.title)
    asked = text_of(await other.send("quero encomendar o primeiro"))
    assert "How many do you need" in asked


@pytest.mark.parametrize("said", ["supratau", "ok dostałem", "dostałam, zaczynam"])  # session 17: Polish was no ack
async def test_student_got_it_acknowledges_and_never_marks_done(
    db: async_sessionmaker[AsyncSession], said: str
) -> None:
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Bake")
    student = _chat(db, w.student_a1)
    replies = await student.send(said)
    async with db() as s:
        assert (await s.scalar(select(TaskAssignment.status))) == "acknowledged", text_of(replies)
    assert "Is the task" not in text_of(replies)


async def test_teacher_accepts_in_words_and_answers_a_students_question(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    teacher = _chat(db, w.teacher_a)
    await teacher.send(f"priimu užsakymą {enquiry.id}")
    assert await _count(db, Order) == 1
    await teacher.send("task for the students: bake 5 cakes")
    await teacher.send("all of them")
    assert await _count(db, TaskAssignment) >= 1

    student = _chat(db, w.student_a1)
    await student.send("What colour should the icing be?")
    assert len(await outbox(db, "task_question")) >= 1
    await _delivered(db)  # the teacher has seen the question (no sender runs in flow tests)
    answer = text_of(await teacher.send("White icing, please"))
    assert "is sent to the student" in answer
    answers = [r for r in await outbox(db, "task_answer") if r.recipient_id == w.student_a1.id]
    assert answers and await said(db, answers[0]) == "White icing, please"


async def test_typed_rating_sets_stars_and_comment(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    company = _chat(db, w.owner_c)
    await company.send("ottimo lavoro, 5 stelle!")
    async with db() as s:
        review = await s.scalar(select(Review))
        assert review is not None and review.rating == 5 and "ottimo lavoro" in review.comment


async def test_a_place_name_is_not_a_language_switch(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db, intents={"and in Italy?": "change_language"}), 6300, "Buyer", "en")
    await chat.send("/start")
    await chat.send("birthday cakes")
    await chat.send("and in Italy?")
    assert (await person_by_telegram(db, 6300)).language == "en"


async def test_the_bot_follows_the_language_people_write_in(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db), 6400, "Comprador", "en")
    await chat.send("/start")
    await chat.send("just looking")  # chose in English: from now on it takes a pattern to switch
    await chat.send("preciso de um bolo de aniversário para sexta")
    assert (await person_by_telegram(db, 6400)).language == "en"  # one message is not yet a pattern
    replies = await chat.send("queremos também salgados para a festa")
    assert (await person_by_telegram(db, 6400)).language == "pt"
    assert "português" in text_of(replies).lower()

    german = text_of(await chat.send("Ich brauche einen Kuchen bis Freitag"))
    assert "Lietuvių" in german and "Русский" in german


@pytest.mark.parametrize(
    ("first", "language", "welcome"),
    [
        ("ola, bom dia", "pt", "Olá!"),
        ("labas", "lt", "Sveiki!"),
        ("Добрый день", "ru", "Здравствуйте!"),
        ("czesc", "pl", "Dzień dobry!"),
    ],
)
async def test_a_newcomer_is_answered_in_the_language_of_their_first_words(
    db: async_sessionmaker[AsyncSession], first: str, language: str, welcome: str
) -> None:
    chat = Chat(make_services(db, intents={first: "greet"}), 6450, "Novo", "en")  # the app's language, not theirs
    replies = await chat.send(first)
    assert (await person_by_telegram(db, 6450)).language == language
    assert text_of(replies).startswith(welcome)


@pytest.mark.parametrize(
    "first",
    ["hello", "hi", "'; DROP TABLE users; --",
     # session 16: four "words" of code, and a link's markup, switched a Polish app to English
     "Robert'); DROP TABLE offers;--", '<a href="http://evil.example">click here</a>'],
)  # fmt: skip
async def test_a_few_english_words_first_keep_the_apps_language(
    db: async_sessionmaker[AsyncSession], first: str
) -> None:
    """Blind tester (session 15): "hello" (or an SQL-looking line) from a Lithuanian app switched the bot to English
    for good; the Lithuanian need after it was answered in English. English everyone types does not outweigh the
    app's language; a Lithuanian need after it is answered in Lithuanian."""
    need = "reikia catering 30 zmoniu Vilniuje"
    chat = Chat(make_services(db, intents={first: "greet", need: "search_offers"}), 6455, "Jonas", "lt")
    await chat.send(first)
    replies = await chat.send(need)
    assert (await person_by_telegram(db, 6455)).language == "lt"
    assert "radau" in text_of(replies).casefold(), text_of(replies)


async def test_a_chosen_language_is_not_second_guessed(db: async_sessionmaker[AsyncSession]) -> None:
    chat = Chat(make_services(db), 6460, "Novo", "en")
    first = await chat.send("/start")
    await chat.press(chat.button(first, "m", "language"))
    await chat.press(chat.button(await chat.send("/language"), "lang", "lv"))
    await chat.send("ola, bom dia")
    assert (await person_by_telegram(db, 6460)).language == "lv"


@pytest.mark.parametrize(("code", "language"), [("ru", "ru"), ("LT", "lt"), ("pt", "pt")])
async def test_a_language_code_typed_at_the_picker_is_chosen(
    db: async_sessionmaker[AsyncSession], code: str, language: str
) -> None:
    """Blind tester (session 16): "ru" typed at the language picker was not understood."""
    chat = Chat(make_services(db), 6462, "Novo", "en")
    await chat.send("/start")
    await chat.send("/language")
    await chat.send(code)
    assert (await person_by_telegram(db, 6462)).language == language


@pytest.mark.parametrize(("typed", "language"), [("/language en", "en"), ("/language polski", "pl"),
                                                 ("/language русский", "ru"), ("/language lv", "lv")])  # fmt: skip
async def test_a_language_named_after_the_command_is_switched_to(
    db: async_sessionmaker[AsyncSession], typed: str, language: str
) -> None:
    """Blind testing: "/language en" showed the picker, as if nothing had been said after the command."""
    chat = Chat(make_services(db), 6461, "Novo", "it")
    await chat.send("/start")
    replies = await chat.send(typed)
    assert (await person_by_telegram(db, 6461)).language == language
    assert not chat.buttons(replies, "lang")


@pytest.mark.parametrize(
    ("answer", "country", "city"),
    [("Porto", "PT", "Porto"), ("в Даугавпилсе", "LV", "Daugavpils"), ("Portugal, Braga", "PT", "Braga")],
)
async def test_a_town_answers_the_country_question_too(
    db: async_sessionmaker[AsyncSession], answer: str, country: str, city: str
) -> None:
    chat = Chat(make_services(db), 6470, "Dono", "pt")
    await chat.send("/start")
    await chat.send("represento uma empresa")
    await chat.send("Padaria Sol")
    replies = await chat.send(answer)
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == "Padaria Sol"))
    assert company is not None and (company.country, company.city) == (country, city)
    assert "Padaria Sol" in text_of(replies)


async def test_a_town_typed_in_lower_case_is_stored_as_the_town(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): "porto" at "And the city?" was stored as "porto" ("📍 porto, Portugal")."""
    chat = Chat(make_services(db), 6472, "Dono", "pt")
    await chat.send("/start")
    await chat.send("represento uma empresa")
    await chat.send("Padaria Sol")
    await chat.send("Portugal")
    await chat.send("porto")
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == "Padaria Sol"))
    assert company is not None and company.city == "Porto"


async def test_an_emoji_is_no_name_and_a_slip_in_the_country_is_read(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "🍰🍰" was stored as the company name, and "Portgual" was not recognised."""
    chat = Chat(make_services(db), 6471, "Dono", "en")
    await chat.send("/start")
    await chat.send("I represent a company")
    assert "company name" in text_of(await chat.send("🍰🍰"))
    await chat.send("Padaria Sol")
    assert "city" in text_of(await chat.send("Portgual")).lower()
    await chat.send("Braga")
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == "Padaria Sol"))
        assert company is not None and (company.country, company.city) == ("PT", "Braga")
        assert await s.scalar(select(Organisation).where(Organisation.name == "🍰🍰")) is None


async def test_a_request_instead_of_a_country_is_served(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    need = "preciso de um bolo de aniversario para 30 pessoas"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 6480, "Dono", "pt")
    await chat.send("/start")
    await chat.send("represento uma empresa")
    await chat.send("Padaria Sol")
    again = await chat.send("Marte")  # not a country, and no request: asked again, with the buttons
    assert len(chat.buttons(again, "cc")) == 5 and "Portugal" in text_of(again)
    replies = await chat.send(need)
    assert "Bolos de aniversário" in text_of(replies)


async def test_a_newcomer_saying_they_run_a_business_is_registered(db: async_sessionmaker[AsyncSession]) -> None:
    said = "mam firmę budowlaną"
    chat = Chat(make_services(db, intents={said: "post_offer"}), 6490, "Nowy", "pl")
    await chat.send("/help")  # "Who are you?" is not the open question any more
    replies = await chat.send(said)
    assert "Jak nazywa się twoja firma?" in text_of(replies)
    assert "nauczyciele" not in text_of(replies)  # never "only teachers post offers"


async def test_a_company_introduced_in_one_message_is_registered_as_said(
    db: async_sessionmaker[AsyncSession],
) -> None:
    said = "ciao sono Giulia Rossi, ho un'azienda di eventi, Eventi Rossi srl a Torino"
    chat = Chat(make_services(db, intents={said: "post_offer"}), 6491, "Giulia", "it")
    replies = await chat.send(said)
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == "Eventi Rossi srl"))
    assert company is not None and (company.country, company.city) == ("IT", "Torino")
    assert "Eventi Rossi srl è registrata" in text_of(replies)
    assert "insegnanti" not in text_of(replies)  # never "only teachers post offers"


@pytest.mark.parametrize(
    ("language", "said", "name", "city"),
    [("it", "ciao! mi chiamo Marco, gestisco l'Osteria del Ponte a Torino", "Osteria del Ponte", "Torino"),
     ("it", "salve, sono Giulia della Trattoria Il Portico a Firenze", "Trattoria Il Portico", "Firenze"),
     ("pt", "boa tarde, o meu nome e Joao e tenho a Padaria Sao Bento no Porto", "Padaria Sao Bento", "Porto"),
     ("pl", "jestem Kasia z agencji Fajne Eventy z Gdanska", "Fajne Eventy", "Gdańsk")],
)  # fmt: skip
async def test_a_business_introduced_by_its_name_is_registered_by_that_name(
    db: async_sessionmaker[AsyncSession], language: str, said: str, name: str, city: str
) -> None:
    """Blind tester (session 16): "gestisco l'Osteria del Ponte a Torino" registered "Ponte"; "sono Giulia della
    Trattoria Il Portico", "tenho a Padaria São Bento", "z agencji Fajne Eventy" were searched for."""
    chat = Chat(make_services(db, intents={said: "search_offers"}), 6493, "Someone", language)
    await chat.send(said)
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == name))
    assert company is not None and company.city == city, [o.name for o in (await _organisations(db))]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("it", "ciao, ho un B&B a Firenze e mi servono 3 torte per sabato"),
        ("en", "I run a Hotel in Riga, need a website"),
    ],
)
async def test_a_kind_of_business_is_no_company_name(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester J-F3 (session 18): "ho un B&B a Firenze" registered a company named "B&B". The kind of business
    is no name: nothing is registered under it, and the need is served."""
    chat = Chat(make_services(db, intents={said: "search_offers"}), 6494, "Someone", language)
    await chat.send(said)
    assert [o.name for o in await _organisations(db)] == []


async def _organisations(db: async_sessionmaker[AsyncSession]) -> list[Organisation]:
    async with db() as s:
        return list(await s.scalars(select(Organisation)))


async def test_an_introduction_with_a_need_asks_only_what_is_missing_then_searches(
    db: async_sessionmaker[AsyncSession],
) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    said = "Здравствуйте, я Ольга, у меня кафе ООО «Ромашка», нужен торт на 30 человек"
    chat = Chat(make_services(db, intents={said: "search_offers"}), 6492, "Ольга", "ru")
    asked = await chat.send(said)
    assert "В какой стране" in text_of(asked)
    assert "Как называется" not in text_of(asked)  # the name was said
    await chat.send("Латвия")
    replies = await chat.send("Даугавпилс")
    async with db() as s:
        company = await s.scalar(select(Organisation).where(Organisation.name == "ООО «Ромашка»"))
    assert company is not None and (company.country, company.city) == ("LV", "Daugavpils")
    assert "зарегистрирована" in text_of(replies)
    assert "Торты на заказ" in text_of(replies)  # the cake asked for with the introduction was searched


async def test_a_language_asked_for_at_the_name_question_is_no_name(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "can we speak english please?" was stored as the company's name (and "more" as its city)."""
    chat = Chat(make_services(db), 6493, "Jānis", "lv")
    await chat.send("/start")
    await chat.send("pārstāvu uzņēmumu")
    switched = await chat.send("can we speak english please?")
    assert "I will speak English with you now." in text_of(switched)
    await chat.send("Medus Māja")
    await chat.send("Latvia")
    await chat.send("Valmiera")
    async with db() as s:
        names = list(await s.scalars(select(Organisation.name)))
    assert names == ["Medus Māja"]


async def test_a_request_instead_of_a_city_is_served(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    need = "reikia elektros instaliacijos darbų biurui"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 6495, "Naujas", "lt")
    await chat.send("/start")
    await chat.send("atstovauju įmonei")
    await chat.send("Elektra UAB")
    await chat.send("Lietuva")
    kept = await chat.send(need)  # session 15: kept for later, the city asked again (the sign-up was dropped)
    async with db() as s:
        assert await s.scalar(select(Organisation).where(Organisation.name == "Elektra UAB")) is None
    assert "miestas?" in text_of(kept)
    replies = await chat.send("Kaunas")
    async with db() as s:
        assert await s.scalar(select(Organisation).where(Organisation.name == "Elektra UAB")) is not None
    assert "Radau" in text_of(replies)  # "Radau N pasiūlymų": the need was searched


@pytest.mark.parametrize(("text", "language"), [("iki penktadienio", "lt"), ("ate sexta", "pt"), ("до пятницы", "ru")])
async def test_a_deadline_is_no_goodbye(db: async_sessionmaker[AsyncSession], text: str, language: str) -> None:
    w = await build_world(db)
    chat = Chat(make_services(db, intents={text: "goodbye"}), w.owner_c.telegram_id or 0, "C", language)
    replies = await chat.send(text)
    assert "40" in text_of(replies)  # "What do you need by then? … «40 cakes by Friday»"


async def test_a_company_asking_about_the_work_sees_its_orders(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"what about the work": "my_tasks"})
    replies = await chat.send("what about the work")
    assert "no open tasks" not in text_of(replies)


async def test_cheaper_when_nothing_is_cheaper_keeps_the_results(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    need = "нужно настроить компьютеры в офисе"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 6510, "Покупатель", "ru")
    await chat.send("/start")
    await chat.send("просто смотрю")
    first = await chat.send(need)
    assert "Настройка компьютеров" in text_of(first)
    cheapest = await chat.send("дешевле")
    cheapest = await chat.send("дешевле")  # the second time nothing is cheaper
    assert "ничего нет" in text_of(cheapest) and "Дешевле" in text_of(cheapest) and "Найдено" in text_of(cheapest)
    elsewhere = await chat.send("а в Литве?")  # the "cheaper" cap was for the other place's offers
    assert "Kompiuterių" in text_of(elsewhere), text_of(elsewhere)


async def test_a_date_or_two_misses_at_how_many_never_loop(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await chat.send("/search")
    first = await chat.send(w.listing_a.title)
    await chat.press(chat.button(first, "eq", w.listing_a.id))  # "How many do you need?"
    replies = await chat.send("day after tomorrow")  # the date came instead: kept, the quantity asked again
    assert "Please type a number" in text_of(replies)
    replies = await chat.send("not sure")  # the second miss leaves it open; the date is known: no "By when?"
    assert "leave that open" in text_of(replies) and "Anything to add" in text_of(replies)

    await chat.send("/cancel")
    first = await chat.send(w.listing_a.title)
    await chat.press(chat.button(first, "eq", w.listing_a.id))
    assert "Please type a number" in text_of(await chat.send("lots"))
    replies = await chat.send("hmm, many")
    assert "leave that open" in text_of(replies) and "By when" in text_of(replies)


async def test_results_say_which_schools_cannot_answer_yet(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)  # school A has a teacher in the chat
    chat = _chat(db, w.owner_c)
    await chat.send("/search")
    shown = text_of(await chat.send(w.listing_a.title))
    card_a = shown.split(w.listing_a.title)[1].split("\n\n")[0]
    assert "No teacher of this school" not in card_a
    async with transaction(db) as s:  # the teacher leaves the chat (blocked the bot)
        await s.execute(update(Person).where(Person.id == w.teacher_a.id).values(unreachable_at=func.now()))
    await chat.send("/cancel")
    shown = text_of(await chat.send(f"/search {w.listing_a.title}"))
    assert "No teacher of this school is in the chat yet" in shown.split(w.listing_a.title)[1].split("\n\n")[0], shown


async def test_photos_stickers_and_voice_get_an_answer(db: async_sessionmaker[AsyncSession]) -> None:
    from bot.core import router
    from bot.core.types import Incoming

    services = make_services(db)
    for kind in ("photo", "sticker", "voice", "document", "location"):
        replies = await router.handle(services, Incoming(6500, "X", "lt", services.clock(), text="", attachment=kind))
        assert replies and replies[0].text, kind
    assert await _count(db, Person) == 1


async def test_a_new_request_instead_of_a_number_leaves_the_question(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"actually we need a website for our shop": "search_offers"})
    await chat.send("/search")
    first = await chat.send(w.listing_a.title)
    await chat.press(chat.button(first, "eq", w.listing_a.id))  # "How many do you need?"
    replies = text_of(await chat.send("actually we need a website for our shop"))
    assert "Please type a number" not in replies
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
        assert (
            state is not None and state.flow is None and state.data["memory"]["search"]["text"].startswith("actually")
        )


async def test_a_teacher_corrects_and_publishes_a_draft_in_words(db: async_sessionmaker[AsyncSession]) -> None:
    from domain.models import Listing

    w = await build_world(db)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("/offer Our students bake honey cakes")
    corrected = text_of(await teacher.send("25 eur per kg, within 4 days"))
    assert "25" in corrected and "4" in corrected
    await teacher.send("tak")
    async with db() as s:
        listing = await s.scalar(select(Listing).where(Listing.title.ilike("%honey%")))
        assert listing is not None and listing.status == "active"
        assert (listing.price_amount, listing.price_unit, listing.lead_time_days) == (Decimal(25), "kg", 4)


async def test_who_are_you_answered_in_words(db: async_sessionmaker[AsyncSession]) -> None:
    chat = Chat(make_services(db), 6600, "Nova", "pt")
    await chat.send("/start")
    asked = text_of(await chat.send("somos uma empresa"))
    await chat.send("Padaria Aurora")
    await chat.send("Portugal")
    await chat.send("Porto")
    async with db() as s:
        from domain.models import Organisation

        company = await s.scalar(select(Organisation).where(Organisation.kind == "company"))
        assert company is not None and company.name == "Padaria Aurora", asked


async def test_the_choice_may_bring_quantity_and_date(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await chat.send("/search")
    await chat.send(w.listing_a.title)
    asked = text_of(await chat.send("the first one, 20 pieces by Friday"))
    assert "Anything to add" in asked, asked
    await chat.send("no")
    await chat.send("yes")
    async with db() as s:
        enquiry = await s.scalar(select(Enquiry))
        assert enquiry is not None and enquiry.quantity == 20 and enquiry.needed_by is not None


async def test_nothing_near_and_nothing_elsewhere_is_said_once(db: async_sessionmaker[AsyncSession]) -> None:
    """ "Nothing there yet — here are offers from other places." followed by "I did not find offers" contradicted
    itself; offers elsewhere are still shown when there are some."""
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None
    said = {"space rocket launch in Kaunas": "search_offers", "birthday cakes in Kaunas": "search_offers"}
    company = Chat(make_services(db, intents=said), w.owner_c.telegram_id, "Owner C", "en")
    nowhere = text_of(await company.send("space rocket launch in Kaunas"))
    assert "other places" not in nowhere and "did not find" in nowhere
    elsewhere = text_of(await company.send("birthday cakes in Kaunas"))
    assert "other places" in elsewhere and "Birthday cakes" in elsewhere


async def test_the_price_limit_can_be_lifted_in_words(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="item"))  # fmt: skip
    said = {"birthday cakes up to 10 euro": "search_offers", "e sem limite de preço?": "nlu_fallback"}
    company = Chat(make_services(db, intents=said), w.owner_c.telegram_id, "Owner C", "pt")
    capped = text_of(await company.send("birthday cakes up to 10 euro"))
    assert "Birthday cakes" not in capped, capped
    lifted = text_of(await company.send("e sem limite de preço?"))
    assert "Birthday cakes" in lifted


async def test_asking_for_a_language_in_another_one_switches_once(db: async_sessionmaker[AsyncSession]) -> None:
    """ "change language to portuguese" as the second English message of a Lithuanian conversation said "I will
    speak English with you now." and then the same in Portuguese."""
    w = await build_world(db)
    said = {"show me birthday cakes please": "search_offers", "change language to portuguese": "change_language"}
    chat = _chat(db, w.owner_c, intents=said)
    async with transaction(db) as s:
        await s.execute(update(Person).where(Person.id == w.owner_c.id).values(language="lt"))
    await chat.send("show me birthday cakes please")
    switched = text_of(await chat.send("change language to portuguese"))
    assert "English" not in switched and "português" in switched
    assert (await person_by_telegram(db, chat.user_id)).language == "pt"


async def test_registration_steps_take_what_people_type_there(db: async_sessionmaker[AsyncSession]) -> None:
    """A need typed as the company's name is served, not stored as the name; a name with its legal form typed at
    the country question corrects the name and the country is asked again."""
    need = "looking for someone who can 3d print plastic parts"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 930_100_001, "New Owner", "en")
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    served = text_of(await chat.send(need))
    assert "In which country" not in served
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    await chat.send("Kauno sventes")
    again = text_of(await chat.send("UAB Kauno sventes"))
    assert "In which country" in again
    done = text_of(await chat.send("Kaunas"))
    assert "UAB Kauno sventes is set up" in done, done


async def test_russian_in_latin_letters_is_searched_as_russian(db: async_sessionmaker[AsyncSession]) -> None:
    """ "nuzhen remont mashiny v daugavpilse" found nothing; the same in Cyrillic finds Daugavpils' car repair."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db), 6300, "Buyer", "ru")
    await chat.send("/start")
    found = text_of(await chat.send("nuzhen remont mashiny v daugavpilse"))
    assert "Ремонт автомобилей" in found, found


async def test_the_details_said_with_the_choice_survive_registering(db: async_sessionmaker[AsyncSession]) -> None:
    """ "order the first one, 30 pieces by next monday" from someone without a company: after the company is set
    up, the enquiry goes on without asking how many or by when again."""
    w = await build_world(db)
    choice = "order the first one, 30 pieces by next monday"
    chat = Chat(make_services(db, intents={choice: "send_enquiry"}), 930_200_001, "Newcomer", "en")
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "guest"))
    await chat.send(f"/search {w.listing_a.title}")
    assert "What is its name?" in text_of(await chat.send(choice))
    await chat.send("Cafe Nova")
    await chat.send("Lithuania")
    asked = text_of(await chat.send("Vilnius"))
    assert "Anything to add" in asked and "How many" not in asked, asked


@pytest.mark.parametrize("choice", ["order the first one, 2 sets by next monday", "the first one, two boxes please"])
async def test_a_small_quantity_said_with_the_choice_is_kept(db: async_sessionmaker[AsyncSession], choice: str) -> None:
    """ "o primeiro, duas carrinhas" / "zamawiam, dwa kilo": a number up to a page of offers was taken for the
    choice itself, and the bot asked how many again; when the choice is said in words, the number is the quantity."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={choice: "send_enquiry"})
    await chat.send(f"/search {w.listing_a.title}")
    replies = await chat.send(choice)
    assert "How many" not in text_of(replies), text_of(replies)
    for _ in range(3):  # no date, nothing to add
        if chat.buttons(replies, "eqsend"):
            break
        replies = await chat.send("skip")
    await chat.send("yes")
    async with db() as s:
        assert (await s.scalar(select(Enquiry.quantity))) == 2


async def test_cheaper_lists_by_price(db: async_sessionmaker[AsyncSession]) -> None:
    """ "piu economico" said "these are the cheapest" over 300 / 400 / 250 / 350 €: by price, lowest first."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db, intents={"website for a small shop": "search_offers"}), 6400, "Buyer", "en")
    await chat.send("/start")
    await chat.send("website for a small shop")
    cheaper = text_of(await chat.send("cheaper"))
    prices = [float(p.replace(",", "")) for p in re.findall(r"€([\d,]+\.\d\d)", cheaper)]
    assert len(prices) >= 2 and prices == sorted(prices), cheaper


async def test_a_number_beyond_the_offers_shown_is_asked_about(db: async_sessionmaker[AsyncSession]) -> None:
    """ "the second one" when one offer was shown started an enquiry about that one; it says there is one only
    (session 17; it asked "Which one?" before)."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"the second one": "send_enquiry", "order this one": "send_enquiry"})
    await chat.send(f"/search {w.listing_a.title}")
    asked = await chat.send("the second one")
    assert "only 1 offer" in text_of(asked) and "How many" not in text_of(asked), text_of(asked)
    assert "How many" in text_of(await chat.send("order this one"))


@pytest.mark.parametrize("choice", ["pierwsza, 2 sztuki do 20 grudnia", "the first one, 2 boxes by friday the 18th"])
async def test_a_choice_with_a_date_after_up_to_is_no_price_limit(
    db: async_sessionmaker[AsyncSession], choice: str
) -> None:
    """ "pierwsza, 1 sztuka do 20 grudnia": "do 20" read as a price limit of 20, so the choice became a new search
    ("no offers found"); and "by friday the 18th" was the 11th. The choice goes on with its quantity and date."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await chat.send(f"/search {w.listing_a.title}")
    replies = await chat.send(choice)
    assert "did not find" not in text_of(replies) and "How many" not in text_of(replies), text_of(replies)
    for _ in range(3):
        if chat.buttons(replies, "eqsend"):
            break
        replies = await chat.send("skip")
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 2 and enquiry.needed_by is not None
    assert enquiry.needed_by.day in (18, 20) and enquiry.needed_by.month == 12


async def test_a_choice_in_russian_latin_letters_keeps_its_quantity_and_date(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """ "pervyj, dve korobki k pyatnice 18" sent quantity 18 and asked for the date again; read in Cyrillic it is
    the first offer, two boxes, by Friday the 18th."""
    w = await build_world(db)
    async with transaction(db) as s:
        (await s.get_one(Person, w.owner_c.id)).language = "ru"
    chat = _chat(db, w.owner_c)
    await chat.send(f"/search {w.listing_a.title}")
    replies = await chat.send("pervyj, dve korobki k pyatnice 18")
    for _ in range(3):  # no date, nothing to add
        if chat.buttons(replies, "eqsend"):
            break
        replies = await chat.send("skip")
    assert chat.buttons(replies, "eqsend"), text_of(replies)
    await chat.send("da")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 2 and enquiry.needed_by is not None and enquiry.needed_by.day == 18


@pytest.mark.parametrize(
    ("correction", "quantity", "date_changed"),
    [
        ("quantity 30", 30, False),
        ("30 persons i said", 30, False),
        ("no, make it 30 persons and on friday", 30, True),
        ("ne, 25 gabali un uz piektdienu", 25, True),
        ("no, not 20 but 5", 5, False),
        ("nie 20 tylko 5", 5, False),
        # blind tester, session 9: the new value first, the old one after a negation, kept 20 (and sent it)
        ("nie, 30 nie 20", 30, False),
        ("30 a nie 20", 30, False),
        ("18, а не 20", 18, False),
        ("исправьте: не 20, а 18", 18, False),
        # blind tester, session 10: a search ("actually…"), and "Please answer yes or no" (the old value was sent)
        ("actually make it 45 items", 45, False),
        ("change the quantity to 55", 55, False),
        ("niech będzie jednak 35 sztuk", 35, False),
        # blind tester, session 13: added to the message, the old quantity kept
        ("ai ne, padaryk 45 zmones", 45, False),
        ("слушай, давай лучше 40 человек", 40, False),
    ],
)
async def test_corrections_at_the_summary_in_words_change_what_they_say(
    db: async_sessionmaker[AsyncSession], correction: str, quantity: int, date_changed: bool
) -> None:
    """Blind testers: "quantity 30" and "30 persons i said" at "Please check your enquiry" ran searches and the
    draft was lost; "no, make it 30 persons and on friday" changed the date and silently kept the old quantity."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    again = await chat.send(correction)
    assert chat.buttons(again, "eqsend"), text_of(again)
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == quantity
    assert (enquiry.needed_by is not None) == date_changed


@pytest.mark.parametrize("cancel", ["нет, не надо, отмена", "nie, nie trzeba, anuluj", "não, não precisa, cancela"])
async def test_a_no_then_cancel_at_the_summary_cancels(db: async_sessionmaker[AsyncSession], cancel: str) -> None:
    """Blind tester: "нет, не надо, отмена" asked what to change, and the "да" that followed sent the enquiry."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send(cancel)
    await chat.send("да")
    assert await _count(db, Enquiry) == 0


async def _relayed(db: async_sessionmaker[AsyncSession], row: OutboxMessage) -> str:
    async with db() as s:
        return (await s.get_one(RelayMessage, row.payload["relay_id"])).text


async def test_an_answer_to_the_schools_question_after_results_goes_to_the_school(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: right after the teacher's relayed question ("what time and where?"), the company's "at 12
    o'clock, Brivibas iela 10 Riga" narrowed the search shown earlier to Riga ("I did not find offers…") and the
    school never got the answer."""
    w = await build_world(db)
    company = _chat(db, w.owner_c)
    await company.send("birthday cakes")
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, "What time do you need it and where?")
    await _delivered(db)
    replies = await company.send("at 12 o'clock, Brivibas iela 10 Riga")
    if company.buttons(replies, "rpy"):  # asked whether it is for the school: yes
        replies = await company.send("yes")
    to_school = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.teacher_a.id]
    assert to_school and await _relayed(db, to_school[-1]) == "at 12 o'clock, Brivibas iela 10 Riga", text_of(replies)


async def test_an_answer_after_work_started_goes_to_the_school(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: the school asked for the company colours, then accepted and assigned students; "blu e
    arancione" came after the "students started" notification and got "I can only help with offers"."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, "Which company colours?")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    await _delivered(db)
    assert [r for r in await outbox(db, "order_started") if r.recipient_id == w.owner_c.id]
    company = _chat(db, w.owner_c)
    replies = await company.send("blue and orange")
    if company.buttons(replies, "rpy"):
        replies = await company.send("yes")
    to_school = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.teacher_a.id]
    assert to_school and await _relayed(db, to_school[-1]) == "blue and orange", text_of(replies)


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("pytanie do nauczyciela jaki kolor plastiku", "search_offers"),
        ("a co mam dokladine robic jkai kolr pastiku", "my_tasks"),
        ("jautajums skolotajam: kadas krasas lietot?", "help"),
        ("kokias spalvas naudoti?", "help"),
        ("а чо делать то какой цвет и рзамер", "search_offers"),
        ("nao percebi que cor e para fazer", "help"),
    ],
)
async def test_a_students_question_typed_reaches_the_teacher(
    db: async_sessionmaker[AsyncSession], question: str, read_as: str
) -> None:
    """Blind testers, five languages: a student's question about the task (misspelt or not) became a search, the
    help text or the task list; only the ❓ button reached the teacher."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Print 40 key rings")
    student = _chat(db, w.student_a1, intents={question: read_as})
    replies = await student.send(question)
    asked = [r for r in await outbox(db, "task_question") if r.recipient_id == w.teacher_a.id]
    assert asked and await said(db, asked[-1]) == question, text_of(replies)


async def test_what_are_my_tasks_still_lists_them(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Print 40 key rings")
    student = _chat(db, w.student_a1, intents={"what are my tasks?": "my_tasks"})
    replies = await student.send("what are my tasks?")
    assert "Print 40 key rings" in text_of(replies)
    assert await outbox(db, "task_question") == []


@pytest.mark.parametrize("yes", ["ok pasuje", "ja der", "ok", "moze byc"])
async def test_a_yes_to_by_when_takes_the_date_suggested(db: async_sessionmaker[AsyncSession], yes: str) -> None:
    """Blind testers: "By when? ✔ 11 December" answered "ok pasuje" or "ja" left the date open; "ok", "moze byc"
    got "I did not understand the date"."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await chat.send("/search")
    await chat.send("birthday cakes by friday")
    await chat.send("the first one")
    asked = await chat.send("20")
    assert chat.buttons(asked, "eqk"), text_of(asked)  # ✔ the date said with the search
    await chat.send(yes)
    await chat.send("skip")
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.needed_by is not None and enquiry.quantity == 20


async def test_a_teachers_long_accept_accepts_and_passes_the_words_on(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "riga is far for us but ok, we accept this order" (ten words) was asked about as a message to
    send, and the teacher's "no i want accept the order" then ran a search for sewing offers."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    said = "riga is far for us but ok, we accept this order"
    teacher = _chat(db, w.teacher_a, intents={said: "search_offers"})
    await teacher.send("/enquiries")
    replies = await teacher.send(said)
    assert await _count(db, Order) == 1, text_of(replies)
    to_company = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.owner_c.id]
    assert to_company and await _relayed(db, to_company[-1]) == said


@pytest.mark.parametrize(
    ("said", "accepted"),
    [("yes we accept this order, we can do it", True), ("ok we'll take it", True),
     ("Sorry, we cannot do 200 by then, our oven is booked… Decline.", False)],
)  # fmt: skip
async def test_a_teachers_decision_in_a_sentence_decides(
    db: async_sessionmaker[AsyncSession], said: str, accepted: bool
) -> None:
    """Blind tester (session 16): "yes we accept this order, we can do it" and "ok we'll take it" were relayed to the
    company (it read "we accept" and no order existed); "… Decline." was relayed and the enquiry stayed open."""
    w = await build_world(db)
    async with transaction(db) as s:
        view = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    teacher = _chat(db, w.teacher_a, intents={said: "search_offers"})
    await teacher.send("/enquiries")
    replies = await teacher.send(said)
    assert await _count(db, Order) == (1 if accepted else 0), text_of(replies)
    if not accepted:
        assert "Why do you decline" in text_of(replies) or "declined" in text_of(replies), text_of(replies)
        async with db() as s:
            assert (await s.get_one(Enquiry, view.id)).status in ("open", "declined")


@pytest.mark.parametrize(
    ("text", "read_as", "language"),
    [
        ("Здравствуйте! у меня небольшая кондитерская в Даугавпилсе, хочу зарегистрироваться", "post_offer", "ru"),
        ("ola bom dia, tenho uma padaria no porto e queria registar a minha empresa", "search_offers", "pt"),
        ("dzien dobry, mam firme i szukam czegos dla niej", "search_offers", "pl"),
        ("chcę zarejestrować firmę", "search_offers", "pl"),  # no business named: the firm to register is one
        ("хочу зарегистрировать компанию", "search_offers", "ru"),
        ("gribu reģistrēt uzņēmumu", "post_offer", "lv"),
    ],
)
async def test_a_business_owner_who_wants_to_register_is_asked_the_company_name(
    db: async_sessionmaker[AsyncSession], text: str, read_as: str, language: str
) -> None:
    """Blind testers: a pastry shop owner "wanting to register" was told only teachers post offers; a bakery
    owner's "queria registar a minha empresa" was run as a search."""
    chat = Chat(make_services(db, intents={text: read_as}), 6600, "Owner", language)
    await chat.send("/start")
    replies = await chat.send(text)
    assert chat.buttons(replies, "role") == [] and await _count(db, Organisation) == 0
    person = await person_by_telegram(db, 6600)
    async with db() as s:
        state = await s.get(ConversationState, person.id)
    assert state is not None and state.flow == "company", text_of(replies)  # "What is your company called?"


async def test_a_task_typed_with_the_day_of_the_month_is_due_then(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "tarefa: imprimir 50 porta chaves ate dia 20" gave the student a task with no deadline."""
    w = await build_world(db)
    await _accepted_order(db, w)
    async with transaction(db) as s:
        (await s.get_one(Person, w.teacher_a.id)).language = "pt"
    teacher = _chat(db, w.teacher_a)
    await teacher.send("tarefa: imprimir 50 porta chaves ate dia 20")
    await teacher.send("todos")
    async with db() as s:
        task = (await s.scalars(select(Task))).one()
    assert task.due_at is not None and task.due_at.day == 20


async def test_a_teachers_question_opening_with_hi_goes_to_the_company(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: right after the enquiry arrived, "hi, do you have already domain and hosting? we need to know
    before we start" (read as help) got the help text and the company never got the question."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    said = "hi, do you have already domain and hosting? we need to know before we start"
    teacher = _chat(db, w.teacher_a, intents={said: "help"})
    replies = await teacher.send(said)
    to_company = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.owner_c.id]
    assert to_company and await _relayed(db, to_company[-1]) == said, text_of(replies)


async def test_a_no_with_words_not_understood_at_the_summary_cancels_nothing(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "нет, не так, я имел в виду другое" at "Please check your enquiry" answered "Cancelled" and the
    draft was gone; a no that says more than no asks what to change."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    replies = await chat.send("no, that is not what I meant at all")
    assert "Cancelled" not in text_of(replies) and chat.buttons(replies, "eqsend"), text_of(replies)


async def test_a_date_in_russian_latin_letters_answers_by_when(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "do 31 yanvarya" and "dva" at the enquiry's questions were left open."""
    w = await build_world(db)
    async with transaction(db) as s:
        (await s.get_one(Person, w.owner_c.id)).language = "ru"
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("dva")
    await chat.send("do 31 yanvarya")
    await chat.send("net")
    await chat.send("da")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 2 and enquiry.needed_by is not None and enquiry.needed_by.month == 1


@pytest.mark.parametrize("typed", ["запрос {id}", "покажи запрос номер {id}", "show enquiry {id}"])
async def test_an_enquiry_is_opened_by_its_number(db: async_sessionmaker[AsyncSession], typed: str) -> None:
    """Blind tester: a teacher's "запрос 5" started an enquiry to an old search result; "покажи запрос номер 5"
    searched."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    said = typed.format(id=enquiry.id)
    teacher = _chat(db, w.teacher_a, intents={said: "search_offers"})
    replies = await teacher.send(said)
    assert f"#{enquiry.id} Birthday cakes" in text_of(replies) and teacher.buttons(replies, "ea"), text_of(replies)


@pytest.mark.parametrize(("typed", "who"), [("студент А2", "student_a2"), ("os dois", "both")])
async def test_students_named_in_cyrillic_or_both_in_portuguese(
    db: async_sessionmaker[AsyncSession], typed: str, who: str
) -> None:
    """Blind testers: "студент А и студент Б" (Cyrillic letters, as a Russian keyboard types) and "os dois" (both)
    assigned nobody."""
    w = await build_world(db)
    await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("task for the students: bake 5 cakes")
    replies = await teacher.send(typed)
    async with db() as s:
        assigned = set(await s.scalars(select(TaskAssignment.student_id)))
    expected = {w.student_a1.id, w.student_a2.id} if who == "both" else {w.student_a2.id}
    assert assigned == expected, text_of(replies)


async def test_cancel_then_send_it_after_all_sends(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "atcelt... ai ne, tomer suti" (cancel… oh no, send it after all) at the summary cancelled."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send("atcelt... ai ne, tomer suti")
    assert await _count(db, Enquiry) == 1


async def test_more_typed_under_results_shows_the_next_page(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "mais" under a result list searched for the word "mais"."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db), 6800, "Comprador", "pt")
    await chat.send("/start")
    first = await chat.send("catering")
    assert "1–5" in text_of(first), text_of(first)
    more = await chat.send("mais")
    assert "6–" in text_of(more), text_of(more)


async def test_russian_asked_for_in_latin_letters_switches_to_russian(db: async_sessionmaker[AsyncSession]) -> None:
    """ "govori po russki" (a tester on a phone without Cyrillic) stayed in English: no Latin stem named Russian."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"govori po russki pozhaluista": "change_language"})
    switched = text_of(await chat.send("govori po russki pozhaluista"))
    assert (await person_by_telegram(db, chat.user_id)).language == "ru"
    assert any("\u0400" <= char <= "\u04ff" for char in switched)


@pytest.mark.parametrize(
    ("typed", "code"), [("pomenyaj yazyk na litovskij", "lt"), ("na latyshskom pozhaluista", "lv")]
)
async def test_a_language_named_in_russian_latin_letters_is_switched_to(
    db: async_sessionmaker[AsyncSession], typed: str, code: str
) -> None:
    """Blind tester, session 9: "pomenyaj yazyk na litovskij" only showed the language picker."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={typed: "change_language"})
    await chat.send(typed)
    assert (await person_by_telegram(db, chat.user_id)).language == code


async def _quantity_sent_after_typing(db: async_sessionmaker[AsyncSession], language: str, typed: str) -> int | None:
    """The quantity of the enquiry sent when the company, writing in ``language``, types ``typed`` at "How many?"
    and skips the rest with the buttons."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    by_when = await chat.send(typed)
    anything_else = await chat.press(chat.button(by_when, "eqs", "date"))
    summary = await chat.press(chat.button(anything_else, "eqs", "message"))
    await chat.press(chat.button(summary, "eqsend"))
    async with db() as s:
        return (await s.scalars(select(Enquiry))).one().quantity


@pytest.mark.parametrize(
    ("language", "typed"),
    [("lt", "40 vnt nu gal 30"), ("en", "20 or maybe 30"), ("ru", "20, а может 30"), ("pt", "20 ou talvez 30")],
)
async def test_a_second_thought_at_how_many_takes_the_number_said_last(
    db: async_sessionmaker[AsyncSession], language: str, typed: str
) -> None:
    """Blind tester: "40 vnt nu gal 30" (40 pieces, or maybe 30) at "How many?" sent an enquiry for 40."""
    assert await _quantity_sent_after_typing(db, language, typed) == 30


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("lt", "kokius mano duomenis saugot?"),
        ("ru", "какие данные вы обо мне храните?"),
        ("en", "what data do you keep"),
        ("lv", "ko jūs glabājat par mani?"),  # blind tester, session 9: "you have no open tasks"
        ("ru", "а вы мои данные кому-то передаёте?"),  # session 11: a product search
        ("en", "do you share my data with anyone?"),
        # session 15: the orders, the enquiries or the help text
        ("pl", "jakie dane o mnie macie?"),
        ("pt", "que dados têm sobre mim?"),
        ("pt", "o que sabes sobre mim?"),
        ("it", "cosa sai di me?"),
        ("ru", "chto vy obo mne znaete?"),
    ],
)
async def test_asking_in_words_what_is_stored_sends_ones_data(
    db: async_sessionmaker[AsyncSession], language: str, typed: str
) -> None:
    """Blind tester: "kokius mano duomenis saugot?" (what data of mine do you keep?) listed the enquiries."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c, intents={typed: "my_enquiries"})
    replies = await chat.send(typed)
    (document,) = [r.document for r in replies if r.document is not None]
    assert document[0] == "vet2b-my-data.json" and w.owner_c.display_name in document[1].decode()


async def test_number_words_of_another_language_answer_how_many(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "двадцать пять" typed in a Lithuanian chat at "How many?" was refused, and the enquiry went out
    without a quantity."""
    assert await _quantity_sent_after_typing(db, "lt", "двадцать пять") == 25


@pytest.mark.parametrize(("language", "typed"), [("it", "un logo solo"), ("pt", "uma carrinha"), ("en", "one website")])
async def test_one_thing_named_at_how_many_is_one(
    db: async_sessionmaker[AsyncSession], language: str, typed: str
) -> None:
    """Blind testers: "un logo solo" ran a search ("solo" ~ "solos") and lost the enquiry; "uma carrinha": refused."""
    assert await _quantity_sent_after_typing(db, language, typed) == 1


async def test_a_correction_said_again_keeps_the_draft(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "45", then "afinal são 45 pessoas" at the summary ran a search (nothing changed), and "enviar"
    then started an enquiry to that search's result; the draft was lost."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"afinal são 45 pessoas": "search_offers"})
    await _to_confirm(db, w, chat)
    async with transaction(db) as s:
        (await s.get_one(Person, w.owner_c.id)).language = "pt"
    await chat.send("45")
    again = await chat.send("afinal são 45 pessoas")
    assert chat.buttons(again, "eqsend"), text_of(again)
    await chat.send("enviar")
    async with db() as s:
        assert (await s.scalars(select(Enquiry))).one().quantity == 45


async def test_a_language_switch_right_after_a_notice_keeps_the_thread(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: right after the new-enquiry notice the teacher asked to talk Russian; the next line, a question
    for the company, was run as a search and never reached the company."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    switch, question = "пожалуйста, говорите со мной по-русски", "Уточните, пожалуйста, какой крем нужен?"
    teacher = _chat(db, w.teacher_a, intents={switch: "change_language", question: "search_offers"})
    await teacher.send(switch)
    assert (await person_by_telegram(db, teacher.user_id)).language == "ru"
    await teacher.send(question)
    async with db() as s:
        relayed = (await s.scalars(select(RelayMessage))).all()
    assert [r.text for r in relayed] == [question]


@pytest.mark.parametrize(
    ("language", "typed", "yes"),
    [
        ("ru", "хочу изменить количество на 30", "да"),
        ("pt", "queria mudar a quantidade para 120", "sim"),
        ("lv", "vajag 10 kg nevis 8", "jā"),  # session 10: a search, nothing reached the school
        # session 16: a number taken back right after sending was searched for
        ("en", "sorry, I actually need 250", "yes"),
        ("pt", "desculpe, afinal preciso de 8 kg", "sim"),
        ("it", "scusa, in realtà me ne servono 250", "sì"),
        ("ru", "izvinite, nas budet 60 a ne 50", "da"),
        # session 17: "I meant" in Lithuanian, Latvian and Polish was searched for (the results were still shown)
        ("lt", "atsiprašau, turėjau omenyje 250 vienetų", "taip"),
        ("lv", "atvainojiet, es domāju 80 detaļas", "jā"),
        ("pl", "przepraszam, chodziło mi o 250 sztuk", "tak"),
    ],
)
async def test_a_change_asked_in_words_is_offered_to_the_school_as_a_message(
    db: async_sessionmaker[AsyncSession], language: str, typed: str, yes: str
) -> None:
    """Blind tester: "хочу изменить количество на 30" about the enquiry just sent ran a search (nothing found); the
    school decides on changes, so the words are offered to it as a message."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    company = _chat(db, w.owner_c, intents={typed: "search_offers"})
    asked = await company.send(typed)
    assert f"#{enquiry.id}" in text_of(asked) and company.buttons(asked, "rpy"), text_of(asked)
    await company.send(yes)
    async with db() as s:
        assert [r.text for r in (await s.scalars(select(RelayMessage))).all()] == [typed]


async def test_a_need_with_a_town_at_and_the_city_registers_the_town_and_searches(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: at "And the city?" a whole search ("… w krakowie, budzet do 500 zl") was saved as the city, and
    the search never ran."""
    await build_world(db)
    need = "szukam tortu na urodziny dla 30 osob na 15 grudnia w krakowie, budzet do 500 zl"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 930_100_077, "Marek", "pl")
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    await chat.send("Piekarnia Nowak")
    await chat.send("Polska")
    replies = await chat.send(need)
    async with db() as s:
        company = (await s.scalars(select(Organisation).where(Organisation.name == "Piekarnia Nowak"))).one()
    assert company.city == "Kraków"
    assert "ofert" in text_of(replies), text_of(replies)  # searched ("Nie znaleziono ofert…" in this small world)


async def test_a_cancel_request_at_send_this_to_the_school_is_served(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: at "Send this to … as a message about enquiry #7?" the next line, "i want to cancel my enquiry",
    served the earlier words as a search instead."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    change = "can we change the quantity to 20 instead?"
    company = _chat(db, w.owner_c, intents={change: "search_offers", "i want to cancel my enquiry": "deny"})
    asked = await company.send(change)
    assert company.buttons(asked, "rpy"), text_of(asked)
    replies = await company.send("i want to cancel my enquiry")
    assert company.buttons(replies, "xwy") and f"#{enquiry.id}" in text_of(replies), text_of(replies)
    async with db() as s:
        assert (await s.scalars(select(RelayMessage))).all() == []


@pytest.mark.parametrize("typed", ["компания", "20", "я представляю компанию"])
async def test_words_about_a_company_are_no_company_name(db: async_sessionmaker[AsyncSession], typed: str) -> None:
    """Blind testers: "компания" was stored ("Компания компания сохранена"), and so were "20" and "я представляю
    компанию"; the name is asked again."""
    chat = Chat(make_services(db, intents={typed: "greet"}), 930_100_088, "Owner", "ru")
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    again = text_of(await chat.send(typed))
    assert "2" in again and "200" in again, again  # "Please send the company name (2 to 200 characters)."
    await chat.send("ООО Балтик Логистик")
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(Organisation)) == 0  # not yet: the country is asked
    assert (await person_by_telegram(db, chat.user_id)).language == "ru"


async def test_a_dash_at_anything_to_add_is_no_message(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "-" typed at "Anything to add?" was sent to the school as the message ("Wiadomość: -")."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    summary = await chat.send("-")
    assert chat.buttons(summary, "eqsend") and "Message:" not in text_of(summary), text_of(summary)
    await chat.press(chat.button(summary, "eqsend"))
    async with db() as s:
        assert (await s.scalars(select(Enquiry))).one().message == ""


async def _catering_result_opened(
    db: async_sessionmaker[AsyncSession], language: str, said: str, place: int
) -> tuple[World, list[tuple[str, ...]], tuple[str, ...]]:
    """Company C searches the demo catalogue for catering and types ``said``: the offers whose details it got (their
    ✉️ Enquire buttons) and the offer at ``place`` in the results."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    w = await build_world(db)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    shown = await chat.send("catering")
    wanted = chat.action(chat.buttons(shown, "sd")[place - 1]).args
    details = await chat.send(said)
    return w, [chat.action(b).args for b in chat.buttons(details, "eq")], wanted


@pytest.mark.parametrize(
    ("language", "said"), [("lv", "parādi sīkāk otro"), ("pl", "pokaż drugi"), ("en", "show the second")]
)
async def test_show_the_second_opens_its_details_not_an_enquiry(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester: "parādi sīkāk otro" (show the second in more detail) started an enquiry to it."""
    w, opened, wanted = await _catering_result_opened(db, language, said, 2)
    assert opened == [wanted]
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
    assert state is None or state.flow != "enquiry"


@pytest.mark.parametrize(
    ("language", "need", "pick", "title"),
    [
        ("pt", "bolos no Porto", "quero encomendar o dos bolos de aniversario", "Bolos de aniversário"),
        ("en", "website", "I want to order the one from Riga please", "Mājas lapu"),
    ],
)
async def test_an_order_naming_one_result_starts_its_enquiry(
    db: async_sessionmaker[AsyncSession], language: str, need: str, pick: str, title: str
) -> None:
    """Blind tester: "quero encomendar o dos bolos de aniversario" and "the one from Riga please, I want to order
    this" ran new searches; the words of one result's title (or its town) pick it."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    w = await build_world(db)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    shown = await chat.send(need)
    assert len(chat.buttons(shown, "eq")) > 1, text_of(shown)
    asked = await chat.send(pick)
    # the enquiry to it begins (the demo's schools have no teacher in the chat: that is what it says)
    assert title in text_of(asked) or "No teacher of this school" in text_of(asked), text_of(asked)
    assert not chat.buttons(asked, "eq"), text_of(asked)  # never a new search


@pytest.mark.parametrize(
    "said", ["how much it cost for 10 tabels?", "chce zamowic", "mi interessa, voglio chiedere un preventivo"]
)
async def test_a_question_at_the_company_name_is_no_name(db: async_sessionmaker[AsyncSession], said: str) -> None:
    """Blind tester: "how much it cost for 10 tabels?" became the company's name the school saw, and every answer
    after it fell one question behind ("twelve" became the city)."""
    chat = Chat(make_services(db), 6494, "Ahmed", "en")
    await chat.send("/start")
    await chat.send("I represent a company")
    again = await chat.send(said)
    assert "company name" in text_of(again), text_of(again)
    await chat.send("Cafe Ahmed")
    await chat.send("Lithuania")
    await chat.send("Vilnius")
    async with db() as s:
        assert list(await s.scalars(select(Organisation.name))) == ["Cafe Ahmed"]


@pytest.mark.parametrize(
    ("language", "pick"),
    [("pl", "ten pierwszy, ile by kosztowal na 30 osob?"), ("it", "il primo, quanto verrebbe per 25 persone?")],
)
async def test_a_price_question_about_a_result_shows_its_details(
    db: async_sessionmaker[AsyncSession], language: str, pick: str
) -> None:
    """Blind tester: the price question opened the enquiry (and its people became the quantity in kg)."""
    _w, opened, wanted = await _catering_result_opened(db, language, pick, 1)
    assert opened == [wanted]


async def test_an_amount_at_which_one_is_no_choice(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "2 kg" typed after results opened the enquiry to result #2 (gingerbread, not the cake)."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    w = await build_world(db)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", "en")
    await chat.send("catering")
    replies = await chat.send("2 kg")
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
    assert state is None or state.flow != "enquiry", text_of(replies)


async def test_a_price_question_with_one_offer_shown_shows_that_offer(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "quanto costa?" with a single result shown got "Which one? Type its number"."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"quanto costa?": "search_offers"})
    shown = await chat.send(w.listing_a.title)
    assert len(chat.buttons(shown, "eq")) == 1, text_of(shown)
    details = await chat.send("quanto costa?")
    assert "Which one" not in text_of(details) and chat.buttons(details, "eq"), text_of(details)


async def test_a_new_search_at_the_summary_leaves_the_enquiry_and_the_first_one_picks_a_result(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: at "Please check your enquiry" a new search showed results but the draft stayed open, so "the
    first one" after them set the draft's quantity to 1 instead of opening the first result."""
    w = await build_world(db)
    search = "we also need birthday cakes for a party in Vilnius"
    chat = _chat(db, w.owner_c, intents={search: "search_offers"})
    await _to_confirm(db, w, chat)
    found = await chat.send(search)
    assert chat.buttons(found, "eq"), text_of(found)
    picked = await chat.send("the first one")
    assert "Quantity: 1" not in text_of(picked) and not chat.buttons(picked, "eqsend"), text_of(picked)
    assert "How many" in text_of(picked), text_of(picked)
    assert await _count(db, Enquiry) == 0


@pytest.mark.parametrize("cheapest", ["the cheapest one", "o mais barato", "самый дешёвый", "najtańszy", "pigiausią"])
async def test_the_cheapest_one_after_results_picks_the_lowest_price_in_euros(
    db: async_sessionmaker[AsyncSession], cheapest: str
) -> None:
    """Blind tester: "the cheapest one" after results sorted them again instead of taking the cheapest (60 zł is
    cheaper than 25 €: prices are compared in euros)."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="item"))  # fmt: skip
        other = await listing(s, w.school_b, "Birthday cakes with cream")
        other.price_amount, other.price_currency, other.price_unit = Decimal("60"), "PLN", "item"
        other_id = other.id
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers"})
    found = await chat.send("birthday cakes")
    assert chat.buttons(found, "eq"), text_of(found)
    trail = [text_of(await chat.send(t)) for t in (cheapest, "3", "skip", "no", "yes")]
    async with db() as s:
        assert (await s.scalars(select(Enquiry.listing_id))).all() == [other_id], trail


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("I'll take the cheaper one", "search_offers"),
        ("ok we will take the cheaper one", "affirm"),
        ("beru deshevyj", "search_offers"),
    ],
)
async def test_taking_the_cheaper_one_starts_its_enquiry(
    db: async_sessionmaker[AsyncSession], said: str, intent: str
) -> None:
    """Blind tester: "I'll take the cheaper one" ran the search again; every answer after it (the quantity, the
    date, "max 300 eur") became a search and "confirm" got "OK.": nothing was sent and nothing said so."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="item"))  # fmt: skip
        other = await listing(s, w.school_b, "Birthday cakes with cream")
        other.price_amount, other.price_currency, other.price_unit = Decimal("20"), "EUR", "item"
        other_id = other.id
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", said: intent})
    assert chat.buttons(await chat.send("birthday cakes"), "eq")
    trail = [text_of(await chat.send(t)) for t in (said, "3", "skip", "no", "yes")]
    async with db() as s:
        assert (await s.scalars(select(Enquiry.listing_id))).all() == [other_id], trail


@pytest.mark.parametrize(
    ("said", "intent", "results"),
    [
        ("enquire about it", "my_enquiries", 1),
        ("labi, pasūtām", "affirm", 2),
        ("chcę zamówić ten tort", "search_offers", 2),
    ],
)
async def test_an_order_in_words_with_results_shown_starts_the_enquiry_or_asks_which(
    db: async_sessionmaker[AsyncSession], said: str, intent: str, results: int
) -> None:
    """Blind tester: "enquire about it" answered "There are no enquiries yet." (read as "my enquiries"), "labi,
    pasūtām" ("ok, we order") got "Labi." — the enquiry never began. With one result shown it is that one; with
    two, which one is asked and the results stay."""
    w = await build_world(db)
    async with transaction(db) as s:
        if results == 2:
            await listing(s, w.school_b, "Birthday cakes with cream")
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", said: intent})
    assert len(chat.buttons(await chat.send("birthday cakes"), "eq")) == results
    replies = await chat.send(said)
    if results == 1:
        assert "How many" in text_of(replies), text_of(replies)
    else:
        assert "Which one?" in text_of(replies) and len(chat.buttons(replies, "eq")) == 2, text_of(replies)


async def test_an_order_for_the_second_after_nothing_was_found_is_no_category(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "quero pedir o segundo" after "nothing found" pressed the second suggested category; its first
    offer's enquiry (lawn mowing in Jelgava, for a uniforms need) was then sent."""
    w = await build_world(db)
    need, said = "uniforms for our staff embroidered", "quero pedir o segundo"
    chat = _chat(db, w.owner_c, intents={need: "search_offers", said: "send_enquiry"})
    found = await chat.send(need)
    assert not chat.buttons(found, "eq") and chat.buttons(found, "sc"), text_of(found)
    replies = await chat.send(said)
    assert not chat.buttons(replies, "eq") and not chat.buttons(replies, "sc"), text_of(replies)


@pytest.mark.parametrize(("yes", "sent"), [("yes, send it", 1), ("sì, invia", 1), ("yes", 0)])
async def test_yes_send_at_add_this_as_your_message_sends_it(
    db: async_sessionmaker[AsyncSession], yes: str, sent: int
) -> None:
    """Blind tester: "sì, invia" at "Add this to your enquiry as your message?" only added it; the summary waited
    for a second yes and the user left believing the enquiry sent. A bare yes adds it and shows the summary."""
    w = await build_world(db)
    said = "gluten free please, for 15 persons, max 100 euro"
    chat = _chat(db, w.owner_c, intents={said: "search_offers", yes: "affirm"})
    await _start_enquiry(chat, w)
    await chat.send("5")
    await chat.send("skip")
    asked = await chat.send(said)
    assert chat.buttons(asked, "eqma"), text_of(asked)
    await chat.send(yes)
    async with db() as s:
        messages = list(await s.scalars(select(Enquiry.message)))
    assert len(messages) == sent and all(said in m for m in messages), messages


@pytest.mark.parametrize("more", ["aha i chcemy tez sklep internetowy", "ah and we also want an online shop"])
async def test_a_new_wish_at_the_summary_is_no_yes(db: async_sessionmaker[AsyncSession], more: str) -> None:
    """Blind tester: "jeszcze nie wiem" at the summary, then "aha i chcemy tez sklep internetowy" sent the enquiry
    (without a yes, and without the wish)."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send("jeszcze nie wiem")
    answered = await chat.send(more)
    assert await _count(db, Enquiry) == 0, text_of(answered)


@pytest.mark.parametrize(
    ("language", "correction", "quantity", "month_day"),
    [
        ("ru", "нет, подождите, 25 человек, не 30", 25, None),
        ("lt", "ne, palaukit, 8 vienetai", 8, None),
        ("pl", "nie, jednak 22 stycznia", 20, (1, 22)),
        # session 14: stored as the message, quantity unchanged
        ("pt", "afinal são 8 kg", 8, None),
        ("en", "actually make it 25", 25, None),
        ("pt", "afinal sao 8 kg, desculpe", 8, None),
    ],
)
async def test_a_correction_at_anything_to_add_changes_the_answer_and_is_no_message(
    db: async_sessionmaker[AsyncSession], language: str, correction: str, quantity: int, month_day: tuple[int, int]
) -> None:
    """Blind tester: at "Anything to add?" a corrected quantity or date was lost (30 was sent, with "пока не
    знаю" as the message) or became the message."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")  # no date
    again = await chat.send(correction)
    assert chat.buttons(again, "eqs"), text_of(again)  # "Anything to add?" again
    trail = [text_of(await chat.send(t)) for t in ("-", "ok")]
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one_or_none()
    assert enquiry is not None, trail
    assert enquiry.quantity == quantity and not enquiry.message, (enquiry.quantity, enquiry.message)
    if month_day is not None:
        assert enquiry.needed_by is not None and (enquiry.needed_by.month, enquiry.needed_by.day) == month_day


async def test_a_second_thought_about_the_quantity_at_by_when_changes_it(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "actually wait, just 1 website" at "By when?" got "I did not understand the date" and 2 stayed."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("2")
    again = await chat.send("actually wait, just 1 website")
    assert "By when" in text_of(again), text_of(again)
    trail = [text_of(await chat.send(t)) for t in ("skip", "skip", "yes")]
    async with db() as s:
        assert (await s.scalars(select(Enquiry.quantity))).all() == [1], trail


@pytest.mark.parametrize(
    ("language", "said", "then", "stored"),
    [("pl", "ten z Poznania", ["25", "skip"], 25), ("pt", "não sei ainda", ["skip"], None)],
)
async def test_a_word_that_is_a_number_in_another_language_is_no_quantity(
    db: async_sessionmaker[AsyncSession], language: str, said: str, then: list[str], stored: int | None
) -> None:
    """Blind tester: Polish "ten" ("this one") at "How many?" was English ten, and the school got 10; Portuguese
    "não sei" ("I don't know") was Italian six. Now the number is asked again, or left open."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    await _start_enquiry(chat, w)
    trail = [text_of(await chat.send(t)) for t in (said, *then, "-", "ok")]
    async with db() as s:
        assert (await s.scalars(select(Enquiry.quantity))).all() == [stored], trail


@pytest.mark.parametrize("more", ["show more", "pokaż więcej", "rādi vēl", "rodyk daugiau"])
async def test_more_when_every_result_is_shown_keeps_the_results(
    db: async_sessionmaker[AsyncSession], more: str
) -> None:
    """Blind tester: "pokaz wiecej" with every result on screen searched for "pokaz wiecej" (nothing found), and
    "the first one" after it picked nothing."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers"})
    await chat.send("birthday cakes")
    said = await chat.send(more)
    assert "That is all" in text_of(said) and chat.buttons(said, "eq"), text_of(said)
    picked = await chat.send("the first one")
    assert "How many" in text_of(picked), text_of(picked)


@pytest.mark.parametrize(
    ("language", "said", "month_day"),
    [
        ("en", "by the 20th of next month", (1, 20)),
        ("pl", "do 20 przyszłego miesiąca", (1, 20)),
        ("it", "il 14 febbraio, anzi no, il 15", (2, 15)),
    ],
)
async def test_by_when_a_day_of_next_month_and_a_day_taken_back(
    db: async_sessionmaker[AsyncSession], language: str, said: str, month_day: tuple[int, int]
) -> None:
    """Blind testers: "by the 20th of next month" (6 December) was sent as 1 January; "il 14 febbraio, anzi no,
    il 15" as the 14th."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    clock = lambda: datetime(2026, 12, 6, 12, tzinfo=UTC)  # noqa: E731
    chat = Chat(make_services(db, clock=clock), w.owner_c.telegram_id or 0, "C", language)
    await _start_enquiry(chat, w)
    trail = [text_of(await chat.send(t)) for t in ("20", said, "-", "ok")]
    async with db() as s:
        needed = (await s.scalars(select(Enquiry.needed_by))).one()
    assert needed is not None and (needed.month, needed.day) == month_day, trail


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "how much time i have"), ("lv", "cik laika man ir?"), ("ru", "сколько у меня времени"),
     ("lv", "ko darit?"), ("ru", "а что делать"), ("lv", "ok un talak?"),
     ("lt", "ka as turu darit"), ("lt", "kas tolau"),  # session 13: sent to the teacher, and a catalogue search
     ("ru", "chto mne nado delat i do kakogo chisla?"), ("pl", "co mam robic i na kiedy?"),  # session 17: the teacher
     ("lt", "kada reik atiduot")],
)  # fmt: skip
async def test_a_student_asking_how_much_time_is_left_sees_the_task(
    db: async_sessionmaker[AsyncSession], language: str, typed: str
) -> None:
    """Blind tester (a student with dyslexia): "how much time i have" was answered "Goodbye!"; "ko darīt?" got the
    help text, "а что делать" and "ok un tālāk?" went to the teacher as questions the bot could answer."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Bake the sponge layers")
    await _speaks(db, w.student_a1, language)
    student = _chat(db, w.student_a1)
    shown = text_of(await student.send(typed))
    assert "Bake the sponge layers" in shown, shown


@pytest.mark.parametrize(
    ("language", "typed", "passed_on"),
    [
        ("en", "im not finished yet, glaze needs one more day", True),
        ("lt", "dar nebaigiau", False),
        ("ru", "я еще не закончил, нужно еще два дня", True),
        ("ru", "я не доделал", False),
    ],
)
async def test_a_student_not_finished_yet_keeps_the_task_open(
    db: async_sessionmaker[AsyncSession], language: str, typed: str, passed_on: bool
) -> None:
    """Blind tester: "im not finished yet, glaze needs one more day" ran a product search; "я еще не закончил" and
    "dar nebaigiau" asked "Is the task done?"."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Glaze the cake")
    await _speaks(db, w.student_a1, language)
    student = _chat(db, w.student_a1)
    said = await student.send(typed)
    assert "Glaze the cake" in text_of(said) and not student.buttons(said, "tdy"), text_of(said)
    async with db() as s:
        assert (await s.scalars(select(TaskAssignment.status))).one() != "done"
        messages = list(await s.scalars(select(func.count()).select_from(TaskMessage)))
    assert messages == [1 if passed_on else 0]


@pytest.mark.parametrize("typed", ["i dont understand", "nesapratu", "vai var vienkarsak?"])
async def test_a_student_who_does_not_understand_gets_easy_read(
    db: async_sessionmaker[AsyncSession], typed: str
) -> None:
    """Blind tester: "i dont understand" showed the language picker to a student with dyslexia; "nesapratu" got
    the help text and "vai var vienkāršāk?" went to the teacher. Easy-read goes on, and the task is shown again."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Glaze the cake")
    student = _chat(db, w.student_a1)
    await student.send(typed)
    async with db() as s:
        assert (await s.get_one(Person, w.student_a1.id)).easy_read
        assert (await s.scalar(select(func.count()).select_from(TaskMessage))) == 0


@pytest.mark.parametrize(
    ("typed", "language"),
    [("hi, I don't understand my task, pack what?", "en"), ("labas, ka man reikia daryt? nesuprantu uzduotes", "lt"),
     ("as pavelusiu dvi dienas", "lt"), ("es slimoju, nevaru atnakt lidz tresdienai", "lv"),
     ("ya opazdyvayu na 2 dnya, avtobus slomalsya", "ru"),
     ("mozhno prostymi slovami? ne ponyal chto takoe breloki", "ru")],
)  # fmt: skip
async def test_a_stuck_late_or_ill_student_reaches_the_teacher(
    db: async_sessionmaker[AsyncSession], typed: str, language: str
) -> None:
    """Blind tester (session 16, dyslexic spelling, no diacritics): "as pavelusiu dvi dienas" got "Goodbye!", "es
    slimoju, nevaru atnakt…" a question about what is needed by then; "I don't understand my task, pack what?" turned
    easy-read on and the teacher never knew. The teacher gets the words."""
    w = await build_world(db)
    await _speaks(db, w.student_a1, language)
    await _task_for_student_a1(db, w, "Glaze the cake")
    student = _chat(db, w.student_a1)
    said = await student.send(typed)
    async with db() as s:
        assert (await s.scalars(select(TaskMessage.text))).all() == [typed], text_of(said)


@pytest.mark.parametrize("typed", ["sveiki gavou uzduoti, supratau", "hi, ok, got it"])
async def test_a_greeting_and_got_it_acknowledges_the_new_task(
    db: async_sessionmaker[AsyncSession], typed: str
) -> None:
    """Blind tester (a student with dyslexia): "sveiki gavou uzduoti, supratau" was answered "Is the task done?";
    a "taip" to that would have marked the task done."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Glaze the cake")
    student = _chat(db, w.student_a1)
    said = await student.send(typed)
    assert not student.buttons(said, "tdy"), text_of(said)
    async with db() as s:
        assert (await s.scalars(select(TaskAssignment.status))).one() == "acknowledged"


async def test_cheaper_in_portuguese_narrows_the_results(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "mais barato" turned the page (its "mais" read as More ▶) and showed a 550 € offer."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="item"))  # fmt: skip
        for n in range(6):  # seven results: a More ▶ button
            other = await listing(s, w.school_b, "Birthday cakes with cream" if n == 0 else f"Birthday cakes no. {n}")
            other.price_amount, other.price_currency, other.price_unit = Decimal(15 + 10 * n), "EUR", "item"
    await _speaks(db, w.owner_c, "pt")
    chat = Chat(make_services(db, intents={"birthday cakes": "search_offers"}), w.owner_c.telegram_id or 0, "C", "pt")
    await chat.send("birthday cakes")
    cheaper = text_of(await chat.send("mais barato"))  # cheaper than the cheapest shown: nothing, said so
    assert "mais barat" in cheaper and cheaper.index("15,00") < cheaper.index("25,00"), cheaper


@pytest.mark.parametrize(("typed", "intent"), [("pigiau", "task_done"), ("show me the cheapest", "my_enquiries")])
async def test_cheaper_after_results_whatever_the_intent(
    db: async_sessionmaker[AsyncSession], typed: str, intent: str
) -> None:
    """Blind tester: "pigiau" after results got the students' "You have no open tasks", and "show me the cheapest"
    "There are no enquiries yet" (the intent model's reading)."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="item"))  # fmt: skip
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", typed: intent})
    await chat.send("birthday cakes")
    said = text_of(await chat.send(typed))
    assert "Birthday cakes" in said and "tasks" not in said and "enquiries" not in said, said


async def test_a_need_with_its_occasion_finds_the_offer_in_the_town_named(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "нужен торт на юбилей в Даугавпилсе" said "nothing there yet" and showed Kaunas, though
    "торт в Даугавпилсе" found the Daugavpils cakes: the occasion's word matched only elsewhere."""
    w = await build_world(db)
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    said = "нужен торт на юбилей в Даугавпилсе"
    await _speaks(db, w.owner_c, "ru")
    chat = Chat(make_services(db, intents={said: "search_offers"}), w.owner_c.telegram_id or 0, "C", "ru")
    found = text_of(await chat.send(said))
    assert "Даугавпилс" in found or "Daugavpils" in found, found
    assert "Kaunas" not in found, found


@pytest.mark.parametrize(
    ("language", "more", "intent"),
    [
        ("lv", 'jubilejas torte ar uzrakstu "SIA Liepa 10"', "search_offers"),
        ("en", "also please write Happy 25th Birthday Ana on the cake", "search_offers"),
        ("pt", "temos umas 20 fotos para o site, enviamos depois", "inform"),
    ],
)
async def test_more_words_at_the_summary_are_added_to_the_message_and_change_nothing(
    db: async_sessionmaker[AsyncSession], language: str, more: str, intent: str
) -> None:
    """Blind tester: a sentence typed at "Please check your enquiry" changed the date to 10 July 2027 (the "10" of
    an inscription) or the quantity to 20 (photos), or ran a search and the enquiry was silently never sent; the
    school got the wrong date and no inscription. It is added to the message; "yes" sends it all."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = Chat(make_services(db, intents={more: intent}), w.owner_c.telegram_id or 0, "C", language)
    await _to_confirm(db, w, chat)
    again = await chat.send(more)
    assert chat.buttons(again, "eqsend"), text_of(again)
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert (enquiry.quantity, enquiry.needed_by, enquiry.message) == (20, None, more)


@pytest.mark.parametrize(
    ("language", "typed", "after", "name", "country", "city"),
    [
        ("pt", "chama-se Padaria Doce Ribeira", ["Portugal", "Porto"], "Padaria Doce Ribeira", "PT", "Porto"),
        ("pl", "nazwa to Baltbud", ["Polska", "Gdynia"], "Baltbud", "PL", "Gdynia"),
        ("it", "Gusto Sabaudo srl, Torino, Italia", [], "Gusto Sabaudo srl", "IT", "Torino"),
        ("pt", "o nome e Padaria Doce Ribeira, fica no Porto", [], "Padaria Doce Ribeira", "PT", "Porto"),
        ("en", "Nordline Logistics", ["Lithuania", "no wait, actually the company is in Gdansk"],
         "Nordline Logistics", "PL", "Gdańsk"),
        # session 13: "we are …" was stored whole ("we are Brightside Events GmbH"), and so was "aspetta, annulla"
        ("en", "we are Brightside Events GmbH", ["Poland", "Warsaw"], "Brightside Events GmbH", "PL", "Warszawa"),
    ],
)  # fmt: skip
async def test_a_company_is_registered_with_what_the_answers_mean(
    db: async_sessionmaker[AsyncSession],
    language: str,
    typed: str,
    after: list[str],
    name: str,
    country: str,
    city: str,
) -> None:
    """Blind tester: "chama-se Padaria Doce Ribeira", "nazwa to Baltbud" were stored as the names; "Gusto Sabaudo
    srl, Torino, Italia" too, and country and city were asked again; "o nome e …, fica no Porto" was refused and
    the next answer, "portugal", became the name; "no wait, actually the company is in Gdansk" was stored as the
    city, under Lithuania (the Lithuanian coordinators saw it to verify). Coordinators and schools read these."""
    assert await _registered_after(db, language, [typed, *after]) == (name, country, city)


async def _registered_after(db: async_sessionmaker[AsyncSession], language: str, lines: list[str]) -> tuple[str, ...]:
    """Someone new presses 🏢 I represent a company and types ``lines``: the company's name, country and city."""
    chat = Chat(make_services(db), 930_300_001, "New Owner", language)
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    for line in lines:
        await chat.send(line)
    async with db() as s:
        org = (await s.scalars(select(Organisation).where(Organisation.kind == "company"))).one()
    return (org.name, org.country, org.city)


@pytest.mark.parametrize(
    ("language", "answers_given", "name", "country", "city"),
    [
        # session 15 (blind testers): each of these was stored as typed
        ("en", ["Doce Lar", "Portugal", "register my company", "Braga"], "Doce Lar", "PT", "Braga"),
        ("lt", ["nezinau", "Kepykla Ona", "Lietuva", "nežinau", "Kaunas"], "Kepykla Ona", "LT", "Kaunas"),
        ("it", ["Dolci Sapori srl", "Italia", "Italia", "Torino"], "Dolci Sapori srl", "IT", "Torino"),
        ("lv", ["SIA Maize", "Lietuva", "Latvija", "Rīga"], "SIA Maize", "LV", "Rīga"),
        ("it", ["perché vi serve il nome?", "ok, Trattoria da Gino", "Italia", "ma chi vede questi dati?", "Firenze"],
         "Trattoria da Gino", "IT", "Firenze"),
        ("ru", ["OOO Baltic Logistik", "Latvija", "Daugavpils"], "OOO Baltic Logistik", "LV", "Daugavpils"),
        ("it", ["non ho un'azienda, sono una mamma", "Giulia Rossi", "si", "Italia", "Bologna"], "Giulia Rossi", "IT",
         "Bologna"),
        ("pt", ["Pastelaria Doce Lar Lda", "desculpe, o nome esta errado, é Pastelaria Doce Lar, Unipessoal Lda",
                "Portugal", "Porto"], "Pastelaria Doce Lar, Unipessoal Lda", "PT", "Porto"),
    ],
)  # fmt: skip
async def test_answers_that_name_no_name_or_city_are_asked_again(
    db: async_sessionmaker[AsyncSession],
    language: str,
    answers_given: list[str],
    name: str,
    country: str,
    city: str,
) -> None:
    """Blind testers: "register my company" and "Italia" were stored as the city, "nezinau" (I don't know) as the
    name; a country typed at "And the city?" after another was pressed registered the company in the wrong one."""
    assert await _registered_after(db, language, answers_given) == (name, country, city)


@pytest.mark.parametrize(
    ("language", "correction", "name", "country", "city"),
    [
        ("en", "the city is Braga", "Doce Lar", "PT", "Braga"),
        ("en", "change the company name to Doce Lar, Lda.", "Doce Lar, Lda.", "PT", "Porto"),
        ("pl", "zmień nazwę firmy na Piekarnia Ala", "Piekarnia Ala", "PT", "Porto"),
        ("ru", "город — Даугавпилс", "Doce Lar", "LV", "Daugavpils"),
        ("lt", "ne, Kaune", "Doce Lar", "LT", "Kaunas"),
        ("pt", "não, Braga", "Doce Lar", "PT", "Braga"),
        ("it", "il paese è Italia", "Doce Lar", "IT", "Porto"),
        ("pt", "o nome é Ferragens Silva & Filhos Lda", "Ferragens Silva & Filhos Lda", "PT", "Porto"),
        ("lv", "atvainojiet, pilsēta nav Porto bet Jelgava", "Doce Lar", "LV", "Jelgava"),
        ("lv", "Pag, nosaukumu mainīsim uz SIA Koka Meistari", "SIA Koka Meistari", "PT", "Porto"),
        ("en", "oh sorry the city is Wieliczka actually", "Doce Lar", "PT", "Wieliczka"),  # not "Wieliczka actually"
        ("it", "la città è Reggio Emilia per favore", "Doce Lar", "IT", "Reggio Emilia"),
    ],
)  # fmt: skip
async def test_a_company_corrects_its_details_in_words(
    db: async_sessionmaker[AsyncSession], language: str, correction: str, name: str, country: str, city: str
) -> None:
    """Blind testers: a slip at sign-up could not be corrected. The stored details are shown when the company is
    set up, and its admin changes them in words; a new name takes the coordinators' verification away."""
    chat = Chat(make_services(db), 930_300_003, "New Owner", language)
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    await chat.send("Doce Lar")
    await chat.send("PT")
    set_up = text_of(await chat.send("Porto"))
    assert "Doce Lar · 📍 Porto" in set_up, set_up
    async with transaction(db) as s:
        org = (await s.scalars(select(Organisation).where(Organisation.kind == "company"))).one()
        org.verified = True
    saved = text_of(await chat.send(correction))
    async with db() as s:
        org = (await s.scalars(select(Organisation).where(Organisation.kind == "company"))).one()
    assert (org.name, org.country, org.city) == (name, country, city), saved
    assert org.verified == (name == "Doce Lar")
    assert f"{name} · 📍 {city}" in html.unescape(saved), saved


async def test_someone_elses_words_about_a_name_change_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    """Only a company's admin changes its details: a teacher's "change the name to …" is about an offer."""
    w = await build_world(db)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("the city is Braga")
    async with db() as s:
        cities = set(await s.scalars(select(Organisation.city)))
    assert "Braga" not in cities


@pytest.mark.parametrize(
    ("said", "intent", "asked"),
    [("labdien", "greet", False), ("hello", "greet", False), ("какой у них бюджет?", "search_offers", True)],
)
async def test_a_teachers_words_to_the_bot_as_the_enquiry_arrives_are_not_relayed(
    db: async_sessionmaker[AsyncSession], said: str, intent: str, asked: bool
) -> None:
    """Blind tester: right after a new enquiry arrived, the teacher's "labdien", "hello" and "какой у них бюджет?"
    (what is *their* budget: a question to the bot) were sent to the company at once. A greeting is greeted back;
    a question about them is asked about first."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={said: intent})
    replies = await teacher.send(said)
    assert bool(teacher.buttons(replies, "rpy")) == asked, text_of(replies)
    assert await outbox(db, "relay_message") == []


async def test_a_command_to_the_bot_after_the_acceptance_is_not_relayed(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: right after the school accepted, the company's "mostra o registo de auditoria" (for the bot)
    was delivered to the teacher without a question."""
    w = await build_world(db)
    await _accepted_order(db, w)
    await _delivered(db)
    said = "mostra o registo de auditoria"
    company = _chat(db, w.owner_c, intents={said: "out_of_scope"})
    replies = await company.send(said)
    assert company.buttons(replies, "rpy"), text_of(replies)
    assert await outbox(db, "relay_message") == []


@pytest.mark.parametrize(("first", "intent"), [("ok", "affirm"), ("спасибо", "thank"), ("hello", "greet")])
async def test_an_ok_or_thanks_first_leaves_the_schools_message_answerable(
    db: async_sessionmaker[AsyncSession], first: str, intent: str
) -> None:
    """Blind tester: "ok" or "спасибо" first, then the real answer to the school's question: the answer was run as a
    search (the "ok" had used up the reply) and the school never got it."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, "Which icing would you like?")
    await _delivered(db)
    answer = "white icing with blue letters"
    company = _chat(db, w.owner_c, intents={first: intent, answer: "search_offers"})
    await company.send(first)
    replies = await company.send(answer)
    texts = [await _relayed(db, row) for row in await outbox(db, "relay_message")]
    assert answer in texts or company.buttons(replies, "rpy"), (texts, text_of(replies))


@pytest.mark.parametrize(
    ("then", "intent", "relayed", "asked"),
    [
        ("and please make them with chocolate icing", "inform", True, False),
        ("ok", "affirm", False, False),
        ("no", "deny", False, False),
        ("ačiū!", "thank", False, False),
        ("👍", "affirm", False, False),
        ("when will it be ready?", "inform", False, False),  # the enquiries, as "what's the status?" shows
        ("do you also have a vegan one?", "inform", False, True),
        ("kada bus paruošta?", "my_enquiries", False, False),
    ],
)  # fmt: skip
async def test_after_ones_own_message_is_passed_on_only_more_for_the_school_follows_it(
    db: async_sessionmaker[AsyncSession], then: str, intent: str, relayed: bool, asked: bool
) -> None:
    """Blind tester: once the company had answered the school's message, every later line went to the school too
    ("no", "ok", "when is it ready?" meant for the bot). More words still go; an "ok", "no" or thanks is said to
    the bot; a question is asked about first."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, "Which icing would you like?")
    await _delivered(db)
    first = "white icing, please"
    company = _chat(db, w.owner_c, intents={first: "inform", then: intent})
    await company.send(first)
    replies = await company.send(then)
    texts = list(dict.fromkeys([await _relayed(db, row) for row in await outbox(db, "relay_message")]))
    assert texts[1:] == [first, then] if relayed else texts[1:] == [first], (texts, text_of(replies))
    assert bool(company.buttons(replies, "rpy")) == asked, text_of(replies)


@pytest.mark.parametrize(
    ("said", "intent", "reason"),
    [
        ("desculpe, nao podemos aceitar, os alunos estao em estagio ate fevereiro", "post_offer",
         "os alunos estao em estagio ate fevereiro"),
        ("rejeito o pedido porque os alunos estao em estagio ate fevereiro", "inform",
         "os alunos estao em estagio ate fevereiro"),
        ("sorry, we can't take this one, our students are busy until January", "inform",
         "our students are busy until January"),
        ("не можем принять заказ, печь сломалась", "inform", "печь сломалась"),
        # replayed by typing in two more languages, with a typo and without diacritics
        ("purtroppo non possiamo accetare, i ragazzi sono in stage fino a febbraio", "post_offer",
         "i ragazzi sono in stage fino a febbraio"),
        ("diemzel nevaram pienemt, audzekni ir prakse", "inform", "audzekni ir prakse"),
        # session 14: the command words went to the company as a message, and the enquiry stayed open
        ("recusar o pedido: não temos alunos suficientes em dezembro", "inform",
         "não temos alunos suficientes em dezembro"),
        ("noraidit, diemzel studenti ir aiznemti lidz martam", "inform", "diemzel studenti ir aiznemti lidz martam"),
        # session 16: relayed, and the enquiry stayed open
        ("niestety musimy odmowic, uczniowie maja egzaminy w grudniu", "inform", "uczniowie maja egzaminy w grudniu"),
        ("atmetam - studenti ir prakse lidz aprilim", "inform", "studenti ir prakse lidz aprilim"),
    ],
)  # fmt: skip
async def test_a_teacher_declines_in_plain_words_with_the_reason(
    db: async_sessionmaker[AsyncSession], said: str, intent: str, reason: str
) -> None:
    """Blind tester: "desculpe, não podemos aceitar, …" became an offer draft titled "Desculpe"; "rejeito o pedido
    porque …" and "sorry, we can't take this one, …" were relayed to the company and the enquiry stayed open."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={said: intent})
    await teacher.send(said)
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert (enquiry.status, enquiry.decline_reason) == ("declined", reason)
    assert await outbox(db, "relay_message") == []


@pytest.mark.parametrize(("choice", "intent"), [("task", "inform"), ("send", "inform"), ("task", "post_offer")])
async def test_a_plan_typed_right_after_accepting_is_asked_about(
    db: async_sessionmaker[AsyncSession], choice: str, intent: str
) -> None:
    """Blind testers: "Jonas atspausdina pakabukus iki penktadienio, Ona supakuoja juos" right after accepting (the bot
    had asked to split the order into tasks) was offered to the client as the answer. Now the teacher says which."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    plan = "Jonas bakes the cakes by Friday, Ona packs them"
    teacher = _chat(db, w.teacher_a, intents={plan: intent})  # read as an offer by the real model: asked the same
    accepted = await teacher.press_data(teacher.services.signer.sign(teacher.user_id, "ea", enquiry.id))
    assert teacher.buttons(accepted, "ot"), text_of(accepted)
    asked = await teacher.send(plan)
    assert teacher.buttons(asked, "otk") and teacher.buttons(asked, "rpy"), text_of(asked)
    if choice == "task":
        picked = await teacher.press(teacher.button(asked, "otk"))
        assert await outbox(db, "relay_message") == [], text_of(picked)
        async with db() as s:
            state = await s.get(ConversationState, w.teacher_a.id)
        assert state is not None and (state.flow, state.step) == ("addtask", "pick"), text_of(picked)
    else:
        await teacher.send("yes")
        assert {await _relayed(db, row) for row in await outbox(db, "relay_message")} == {plan}


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("labas, esu profesinės mokyklos direktorius, norime prisijungti prie tinklo", "lt"),
        ("I am from a school", "en"),
    ],
)
async def test_a_school_not_in_yet_hears_how_it_joins(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind testers: a director whose school wanted to join was told to ask the school's administrator (that is
    them) for a link; who gives a new school its first link was never said."""
    chat = Chat(make_services(db, intents={said: "post_offer"}), 6400, "Director", language)
    await chat.send("/start")
    replies = await chat.send(said)
    assert "VET2B" in text_of(replies), text_of(replies)


async def test_open_and_a_number_opens_that_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "open 1" under the new enquiry was offered to the company as the teacher's answer."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={"open 1": "search_offers"})
    replies = await teacher.send(f"open {enquiry.id}")
    assert f"#{enquiry.id} Birthday cakes" in text_of(replies) and not teacher.buttons(replies, "rpy"), text_of(replies)
    assert await outbox(db, "relay_message") == []


@pytest.mark.parametrize(
    "said",
    ["handed over", "the cakes were handed over to the client today",
     # session 16: the "yes" after it reached the company as a message
     "order 1 is done", "zrobione, mozna zamknac zamowienie", "uzbaik uzsakyma"],
)  # fmt: skip
async def test_handed_over_on_the_order_asks_to_complete_it(db: async_sessionmaker[AsyncSession], said: str) -> None:
    """Blind tester: "handed over" typed at the order card reached the company as a message; the order stayed open."""
    w = await build_world(db)
    order_id = await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a, intents={said: "inform"})
    card = await teacher.press_data(teacher.services.signer.sign(teacher.user_id, "oo", order_id))
    assert teacher.buttons(card, "oc"), text_of(card)
    replies = await teacher.send(said)
    assert teacher.buttons(replies, "ocy") or "complete" in text_of(replies).lower(), text_of(replies)
    assert await outbox(db, "relay_message") == []


async def test_a_delivery_question_about_several_results_answers_each_and_keeps_them(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "consegnano anche a Torino?" with four results shown was read as "only in Torino", found
    nothing, and every later answer ("e quanto ci mettono?", "voglio fare una richiesta") fell on the empty list."""
    w = await build_world(db)
    async with transaction(db) as s:
        await listing(s, w.school_b, "Birthday cakes with cream")
    said = {"birthday cakes": "search_offers", "do they deliver to Kaunas?": "search_offers"}
    chat = _chat(db, w.owner_c, intents=said)
    assert len(chat.buttons(await chat.send("birthday cakes"), "eq")) == 2
    answered = await chat.send("do they deliver to Kaunas?")
    assert "Birthday cakes with cream" in text_of(answered) and "Lithuania" in text_of(answered), text_of(answered)
    picked = await chat.send("the first one")
    assert "How many" in text_of(picked), text_of(picked)


async def test_only_in_a_country_with_a_card_open_starts_no_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "so em Portugal" (only in Portugal) with an offer's card open started an enquiry to it ("so" is
    Latvian "šo", this one), and "più economico" (cheaper) one to another offer."""
    w = await build_world(db)
    said = {"birthday cakes": "search_offers", "so em Portugal": "search_offers"}
    chat = _chat(db, w.owner_c, intents=said)
    await chat.send("birthday cakes")
    await chat.press_data(chat.services.signer.sign(chat.user_id, "sd", w.listing_a.id))
    replies = await chat.send("so em Portugal")
    assert "How many" not in text_of(replies), text_of(replies)
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
    assert state is None or state.flow != "enquiry"


async def test_changing_the_orders_date_in_words_completes_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "zmień termin zamówienia na 23 grudnia" (change the order's deadline) offered to complete it
    ("termin" read as Italian "terminato")."""
    w = await build_world(db)
    await _accepted_order(db, w)
    said = "zmień termin zamówienia na 23 grudnia"
    teacher = _chat(db, w.teacher_a, intents={said: "inform"})
    replies = await teacher.send(said)
    assert not teacher.buttons(replies, "ocy"), text_of(replies)


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("Hi! Portuguese is fine, we can prepare the menu in Portuguese too", "change_language"),
        ("we also need the site in Latvian and English", "change_language"),
    ],
)
async def test_a_language_named_in_an_answer_to_the_other_side_switches_nothing(
    db: async_sessionmaker[AsyncSession], said: str, intent: str
) -> None:
    """Blind tester: a teacher's reply that mentions Portuguese switched the teacher's own bot to Portuguese, and the
    reply was never sent."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.owner_c, enquiry.id, "Can the menu be in Portuguese?")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={said: intent})
    replies = await teacher.send(said)
    async with db() as s:
        assert (await s.get_one(Person, w.teacher_a.id)).language == "en"
    texts = [await _relayed(db, row) for row in await outbox(db, "relay_message")]
    assert said in texts or teacher.buttons(replies, "rpy"), (texts, text_of(replies))


async def test_a_country_after_results_is_a_place_not_a_language(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "em Portugal" after results (read as a wish to change language) showed the language picker."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    said = {"preciso de um site": "search_offers", "em Portugal": "change_language"}
    chat = Chat(make_services(db, intents=said), 6310, "Comprador", "pt")
    await chat.send("/start")
    await chat.send("preciso de um site")
    replies = await chat.send("em Portugal")
    assert not chat.buttons(replies, "lang") and "Portugal" in text_of(replies), text_of(replies)
    assert "Lisboa" in text_of(replies), text_of(replies)


@pytest.mark.parametrize("question", ["which one is the cheapest?", "kura ir lētākā?", "ktory jest najtanszy?"])
async def test_which_is_the_cheapest_shows_it_among_offers_priced_alike(
    db: async_sessionmaker[AsyncSession], question: str
) -> None:
    """Blind tester: "which one is the cheapest?" after cakes opened an enquiry form for custard tarts (0.90 € per
    item is no cheaper than cakes per kg); "kura ir lētākā?" searched again. The question is answered with the
    cheapest offer's card, among those priced by the first result's unit; nothing is begun."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(
            price_amount=Decimal("25"), price_currency="EUR", price_unit="kg"))  # fmt: skip
        cake = await listing(s, w.school_b, "Birthday cakes with cream")
        cake.price_amount, cake.price_currency, cake.price_unit = Decimal("18"), "EUR", "kg"
        tart = await listing(s, w.school_b, "Birthday cakes mini tarts")
        tart.price_amount, tart.price_currency, tart.price_unit = Decimal("0.90"), "EUR", "item"
        cake_id = cake.id
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", question: "search_offers"})
    found = await chat.send("birthday cakes")
    assert len(chat.buttons(found, "eq")) == 3, text_of(found)
    answer = await chat.send(question)
    assert "Birthday cakes with cream" in text_of(answer) and "How many" not in text_of(answer), text_of(answer)
    assert [chat.action(b).args[0] for b in chat.buttons(answer, "eq")] == [str(cake_id)], text_of(answer)


@pytest.mark.parametrize(
    ("said", "language"),
    [("man reikia 50 tortų kitam penktadieniui", "lt"), ("vajag 20 tortes nākamajai piektdienai", "lv")],
)
async def test_a_day_in_a_case_search_does_not_know_still_finds_the_need(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind tester: "man reikia 50 keksiukų kitam penktadieniui" found nothing, "50 keksiukų Kaune" the cakes: the
    day, in the dative, counted as words of the need. The day is kept (asked as "by when?") and searched without."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c, intents={said: "search_offers"})
    found = await chat.send(said)
    assert chat.buttons(found, "eq"), text_of(found)


async def test_a_rating_typed_after_send_this_to_the_school_is_left_open_is_the_rating(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "Send this to … as your answer?" was left unanswered; the order was completed and "How was
    it?" arrived; "five!!! super tasty" got "Please answer yes or no" and no rating was stored. The newer question
    wins: the old words are not sent, the rating is stored."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    change = "can we change the quantity to 20 instead?"
    rating = "five!!! super tasty, thank you students"
    company = _chat(db, w.owner_c, intents={change: "search_offers", rating: "affirm"})
    assert company.buttons(await company.send(change), "rpy")
    async with transaction(db) as s:
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    await _delivered(db)
    await company.send(rating)
    async with db() as s:
        review = await s.scalar(select(Review))
        assert review is not None and review.rating == 5 and "super tasty" in review.comment
        assert (await s.scalars(select(RelayMessage))).all() == []


@pytest.mark.parametrize(
    ("typed", "language", "stars"),
    [
        ("четыре, немного опоздали", "ru", 4),
        ("5", "en", 5),
        ("trys.", "lt", 3),
        # session 14: searched for, or "До свидания!", and the rating was lost
        ("Direi un 4, buonissimo ma un po' in ritardo", "it", 4),
        ("ставлю четыре, немного опоздали", "ru", 4),
        ("daję 5, było super", "pl", 5),
        # session 18 (I-F5): school marks said as nouns were a comment, or searched for
        ("ставлю четвёрку, немного опоздали", "ru", 4),
        ("daję piątkę, było super", "pl", 5),
        ("пятёрка, всё отлично", "ru", 5),
    ],
)
async def test_a_number_alone_is_the_awaited_rating(
    db: async_sessionmaker[AsyncSession], typed: str, language: str, stars: int
) -> None:
    """Blind tester: "четыре, немного опоздали" under "How was it? Rate it from 1 to 5 stars" was not read as a
    rating (only "4 звезды" was)."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    chat = _chat(db, w.owner_c, intents={typed: "nlu_fallback"})
    await chat.send(typed)
    async with db() as s:
        review = await s.scalar(select(Review))
    if typed.strip(".").isdigit() or typed == "trys.":
        # a number alone: the comment is asked for, as after the ⭐ button (session 16: "ottimo" after "5" was lost)
        assert review is None
        await chat.send("ottimo, grazie")
        async with db() as s:
            review = await s.scalar(select(Review))
        assert review is not None and review.comment == "ottimo, grazie"
    assert review is not None and review.rating == stars


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("kiek laiko gamina pirma?", "lt"),
        ("сколько делают первый?", "ru"),
        ("the first one looks good, how long they need to prepare?", "en"),
        ("e o primeiro, entregam em Braga?", "pt"),
        # session 14: a dative ordinal was no ordinal ("Kuru? Uzrakstiet tā numuru")
        ("cik ilgi jāgaida otrajam?", "lv"),
        ("сколько ждать второму?", "ru"),
    ],
)
async def test_a_question_about_a_result_shows_it_and_starts_no_enquiry(
    db: async_sessionmaker[AsyncSession], question: str, language: str
) -> None:
    """Blind tester: "kiek laiko gamina pirmą?" (how long does the first one take?) after results began an enquiry
    ("How many do you need?"); its card, with the days and where it is delivered, answers it."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    async with transaction(db) as s:
        await listing(s, w.school_b, "Birthday cakes with cream")
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", question: "search_offers"})
    assert chat.buttons(await chat.send("birthday cakes"), "eq")
    shown = await chat.send(question)
    assert chat.buttons(shown, "eq") and not chat.buttons(shown, "sd"), text_of(shown)  # one card: Enquire on it
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
    assert state is None or state.flow != "enquiry", text_of(shown)


@pytest.mark.parametrize(("reply", "language"), [("atsakyti", "lt"), ("reply", "en"), ("ответить", "ru")])
async def test_the_reply_word_under_a_students_question_answers_the_student(
    db: async_sessionmaker[AsyncSession], reply: str, language: str
) -> None:
    """Blind tester: a teacher typed "atsakyti" (the ↩️ Reply button's word) under a student's question; the bot
    listed the school's enquiries and the next line, "Taip, mobilią versiją irgi darykite", reached the client."""
    w = await build_world(db)
    await _task_for_student_a1(db, w, "Build the website")
    await _speaks(db, w.teacher_a, language)
    await _chat(db, w.student_a1).send("do we need a mobile version?")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={reply: "my_enquiries"})
    await teacher.send(reply)
    await teacher.send("Taip, mobilią versiją irgi darykite")
    answers_to_student = [r for r in await outbox(db, "task_answer") if r.recipient_id == w.student_a1.id]
    assert answers_to_student and await said(db, answers_to_student[0]) == "Taip, mobilią versiją irgi darykite"
    async with db() as s:
        assert (await s.scalars(select(RelayMessage))).all() == []


@pytest.mark.parametrize(("typed", "language"), [("aspetta, annulla", "it"), ("palaukit, atšaukit", "lt")])
async def test_wait_then_cancel_at_the_company_name_cancels(
    db: async_sessionmaker[AsyncSession], typed: str, language: str
) -> None:
    """Blind tester: "aspetta, annulla" (wait, cancel) at "What is your company called?" became the company's name."""
    chat = Chat(make_services(db), 930_300_002, "New Owner", language)
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    await chat.send(typed)
    for line in ("Italia", "Torino"):
        await chat.send(line)
    assert await _count(db, Organisation) == 0


async def test_the_need_in_a_newcomers_introduction_is_searched_once_registered(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "esu įmonės savininkas, turiu nedidelę kavinę Kaune ir man reikia 50 tortų…" started the
    registration, and once the company was set up the bot asked "what do you need?": the cakes were forgotten."""
    w = await build_world(db)
    said = "esu imones savininkas, turiu nedidele kavine Kaune ir man reikia 50 tortu gimtadieniui"
    chat = Chat(make_services(db, intents={said: "search_offers"}), 930_300_003, "Owner", "lt")
    await chat.send("/start")
    asked = await chat.send(said)
    assert "?" in text_of(asked) and await _count(db, Organisation) == 4, text_of(asked)  # asked the name: none yet
    replies = await chat.send("Kavinė Pupa")  # the café in Kaunas, said first: no country or city asked (session 15)
    assert chat.buttons(replies, "eq"), text_of(replies)
    assert w.listing_a.title in text_of(replies)


@pytest.mark.parametrize(
    ("question", "language", "answer"),
    [
        ("ar galit atvezti i Kauna?", "lt", "Lietuv"),
        ("e entregam em Braga?", "pt", "Portugal"),
        ("can they deliver to Riga?", "en", "not to Latvia"),
        # replayed by typing in Latvian, without diacritics: "Rigu" was no town, "atvest" no delivery
        ("vai varat atvest uz Rigu?", "lv", "Latvij"),
    ],
)
async def test_a_delivery_question_about_the_offer_looked_at_is_answered(
    db: async_sessionmaker[AsyncSession], question: str, language: str, answer: str
) -> None:
    """Blind tester: "e entregam em Braga?" after the Porto catering's card was read as "only in Braga" (nothing
    found, three categories offered); "o primeiro" then picked a category and the journey was lost."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Listing).where(Listing.id == w.listing_a.id).values(delivers_to=["LT", "PT"]))
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", question: "search_offers"})
    found = await chat.send("birthday cakes")
    await chat.press(chat.button(found, "sd"))
    said = await chat.send(question)
    assert answer in text_of(said) and chat.buttons(said, "eq"), text_of(said)


@pytest.mark.parametrize("yes", ["yes", "taip", "sim"])
async def test_a_bare_yes_at_anything_to_add_shows_the_summary_and_sends_nothing(
    db: async_sessionmaker[AsyncSession], yes: str
) -> None:
    """Blind tester: "yes" to "Anything to add for the school?" sent the enquiry at once, with no summary and no
    message (they meant to add something). "yes send it" still sends."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _start_enquiry(chat, w)
    await chat.send("20")
    await chat.send("skip")
    summary = await chat.send(yes)
    assert chat.buttons(summary, "eqsend") and await _count(db, Enquiry) == 0, text_of(summary)


async def test_a_brief_typed_at_how_many_is_kept_as_the_message(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "Hi guys, our company is Ribeira bakery in Porto, we want modern logo with bread and wave.
    Colors blue and white. Thanks!" at "How many?" was dropped ("I will leave that open"); the school got no brief."""
    w = await build_world(db)
    brief = "Hi guys, we want the cakes with a modern logo of bread and a wave. Colors blue and white. Thanks!"
    chat = _chat(db, w.owner_c, intents={brief: "search_offers"})
    await _start_enquiry(chat, w)
    again = await chat.send(brief)
    assert "How many" in text_of(again), text_of(again)
    await chat.send("2")
    summary = await chat.send("skip")  # no date; the message is known already
    assert chat.buttons(summary, "eqsend"), text_of(summary)
    await chat.send("yes")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.quantity == 2 and enquiry.message == brief


async def test_nothing_in_the_town_shows_the_same_country_first(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind testers: "ieškau kateringo 40 žmonių Vilniuje" (nothing in Vilnius) listed Bologna, Kraków and Porto above
    Kaunas; "catering a Torino" put Kraków before Bologna. The town's country comes first."""
    w = await build_world(db)
    async with transaction(db) as s:
        riga_cakes = await listing(s, w.school_b, "Birthday cakes with cream")  # Riga, Latvia
        riga_cakes.delivers_to = ["LV"]
    said = "birthday cakes in Kaunas"
    company = _chat(db, w.owner_c, intents={said: "search_offers"})
    found = await company.send(said)
    assert "other places" in text_of(found)
    offered = [int(company.action(b).args[0]) for b in company.buttons(found, "eq")]
    assert offered == [w.listing_a.id], text_of(found)  # Vilnius (Lithuania) only; Riga's are not shown first


@pytest.mark.parametrize(("said", "intent"), [("👍", "affirm"), ("ok thanks", "thank")])
async def test_a_thumbs_up_after_results_is_no_choice_asked_again(
    db: async_sessionmaker[AsyncSession], said: str, intent: str
) -> None:
    """Blind tester: "👍" after results got "Which one? Type its number, for example «2»." and the whole list again."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c, intents={"birthday cakes": "search_offers", said: intent})
    assert chat.buttons(await chat.send("birthday cakes"), "eq")
    answered = await chat.send(said)
    assert "Which one?" not in text_of(answered) and not chat.buttons(answered, "eq"), text_of(answered)


@pytest.mark.parametrize(("answer", "language"), [("yes", "en"), ("jā", "lv"), ("não", "pt"), ("ok", "en")])
async def test_a_yes_or_no_to_the_schools_question_reaches_the_school(
    db: async_sessionmaker[AsyncSession], answer: str, language: str
) -> None:
    """Blind tester (session 15): the school asked "Can you pick them up at the school yourselves?" and the
    company's "yes" (and "jā") got "OK." and the menu; the school never got an answer."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    company = _chat(db, w.owner_c)
    await company.send("/enquiries")
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        await enquiries.relay_message(s, w.teacher_a, enquiry.id, "Can you pick them up at the school yourselves?")
    await _delivered(db)
    replies = await company.send(answer)
    if company.buttons(replies, "rpy"):  # asked whether it is for the school: yes
        replies = await company.send({"lv": "jā", "pt": "sim"}.get(language, "yes"))
    to_school = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.teacher_a.id]
    assert to_school and await _relayed(db, to_school[-1]) == answer, text_of(replies)


@pytest.mark.parametrize(
    ("language", "add", "another"),
    [("en", "add a task", "add another task: print and pack the keychains"),
     ("lt", "pridėk naują užduotį", "pridėk dar vieną užduotį: supakuoti pakabukus"),
     ("pl", "dodaj zadanie", "dodaj kolejne zadanie: pakowanie breloków")],
)  # fmt: skip
async def test_a_task_added_in_words_is_a_new_task(
    db: async_sessionmaker[AsyncSession], language: str, add: str, another: str
) -> None:
    """Blind tester (session 15): "add a task" right after accepting showed the order list, and every line after it
    searched; "add another task: …" added the next student to the first task, and the second task was lost."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    order_id = await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("/orders")
    asked = text_of(await teacher.send(add))
    assert f"#{order_id}" in asked, asked
    await teacher.send("design the 3D model of the logo")
    await teacher.send("skip")
    await teacher.send(w.student_a1.display_name or "")
    await teacher.send("ok")
    await teacher.send(another)
    await teacher.send(w.student_a2.display_name or "")
    await teacher.send("ok")
    async with db() as s:
        tasks = list(await s.scalars(select(Task).order_by(Task.id)))
        people = [set(await s.scalars(select(TaskAssignment.student_id).where(TaskAssignment.task_id == t.id)))
                  for t in tasks]  # fmt: skip
    assert tasks[0].title == "design the 3D model of the logo"
    assert len(tasks) == 2 and people == [{w.student_a1.id}, {w.student_a2.id}], [t.title for t in tasks]


@pytest.mark.parametrize(
    ("language", "plan", "titles"),
    [
        ("en", "task: Student A1 designs the 3D model, Student A2 prints and packs them, both by Friday",
         ["designs the 3D model", "prints and packs them"]),
        ("lt", "užduotis: Student A1 modeliuoja logotipą ir Student A2 spausdina ir pakuoja, abu iki penktadienio",
         ["modeliuoja logotipą", "spausdina ir pakuoja"]),
        ("pl", "zadanie: Student A1 piecze pierniki do piątku; Student A2 pakuje", ["piecze pierniki", "pakuje"]),
        # session 16: without "task:", offered to the company as the answer
        ("pt", "o Student A1 imprime os porta-chaves e o Student A2 embala, ambos até sexta",
         ["imprime os porta-chaves", "embala"]),
        ("en", "Student A1 bakes the cakes and Student A2 packs them", ["bakes the cakes", "packs them"]),
        # "and both …" was merged into the part before it; "Student A1: …; Student A2: …" lost the first name
        ("en", "Student A1 makes the model, Student A2 prints the keychains, and both pack them",
         ["makes the model", "prints the keychains", "pack them"]),
        ("pt", "Student A1: modelo 3D; Student A2: imprimir 200 porta-chaves",
         ["modelo 3D", "imprimir 200 porta-chaves"]),
    ],
)  # fmt: skip
async def test_a_plan_in_one_message_becomes_a_task_per_student(
    db: async_sessionmaker[AsyncSession], language: str, plan: str, titles: list[str]
) -> None:
    """Blind testers (sessions 13–15): "Jonas designs the 3D model, Ona prints and packs them, both by Friday" became
    one task titled with the whole sentence and nobody on it. Each part becomes a task with its students, after a
    yes; the students are told."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a)
    shown = text_of(await teacher.send(plan))
    assert all(title in shown for title in titles), shown
    assert await _count(db, Task) == 0  # nothing before the yes
    await teacher.send({"lt": "taip", "pl": "tak", "pt": "sim"}.get(language, "yes"))
    async with db() as s:
        tasks = list(await s.scalars(select(Task).order_by(Task.id)))
        people = [set(await s.scalars(select(TaskAssignment.student_id).where(TaskAssignment.task_id == t.id)))
                  for t in tasks]  # fmt: skip
    assert [t.title for t in tasks] == titles
    assert people[:2] == [{w.student_a1.id}, {w.student_a2.id}]
    assert people[2:] in ([], [{w.student_a1.id, w.student_a2.id}])  # "both pack them": everyone's part
    if "Friday" in plan or "penktadien" in plan or "sexta" in plan:
        assert tasks[0].due_at is not None and tasks[0].due_at == tasks[1].due_at
    told = {r.recipient_id for r in await outbox(db, "task_assigned")}
    assert {w.student_a1.id, w.student_a2.id} <= told


async def test_one_student_named_in_a_task_is_no_plan(db: async_sessionmaker[AsyncSession]) -> None:
    """One task with its student ("…, Student A1, by friday") stays the one-task picker with the student chosen."""
    w = await build_world(db)
    await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("task: design the 3D model of the logo, Student A1, by friday")
    await teacher.send("ok")
    async with db() as s:
        task = (await s.scalars(select(Task))).one()
        people = set(await s.scalars(select(TaskAssignment.student_id)))
    assert task.title == "design the 3D model of the logo" and people == {w.student_a1.id}


@pytest.mark.parametrize(
    ("language", "asked"),
    [("en", "who hasn't finished yet?"), ("en", "how is the order going?"), ("lt", "kas dar nebaigė?"),
     ("pl", "jak idzie zamówienie?"), ("ru", "как там заказ?"),
     ("lv", "kas ir pabeidzis?"), ("lv", "kurs jau pabeidza?"),  # session 16: sent to the student, or "no tasks"
     ("it", "a che punto sono gli studenti?"), ("ru", "на каком этапе заказ?")],  # session 17: the enquiries list
)  # fmt: skip
async def test_a_teacher_asking_how_far_the_work_is_sees_the_order(
    db: async_sessionmaker[AsyncSession], language: str, asked: str
) -> None:
    """Blind tester (session 15): "who hasn't finished yet?" offered to complete the order (a yes would have closed
    it and asked the company to rate) and "how is the keychain order going?" searched for offers."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    await _task_for_student_a1(db, w, "Bake 50 cookies")
    teacher = _chat(db, w.teacher_a, intents={asked: "search_offers"})
    shown = text_of(await teacher.send(asked))
    assert "Bake 50 cookies" in shown and "Student A1" in shown, shown
    await teacher.send({"lt": "taip", "pl": "tak", "ru": "да", "lv": "jā"}.get(language, "yes"))
    async with db() as s:
        assert (await s.scalar(select(Order.status))) == "in_progress"


@pytest.mark.parametrize(("language", "send"), [("ru", "otpravit"), ("pl", "wyślij"), ("it", "invia")])
async def test_a_send_word_alone_at_the_summary_sends(
    db: async_sessionmaker[AsyncSession], language: str, send: str
) -> None:
    """Blind tester (session 15): "otpravit" (send, in Latin letters) at "Please check your enquiry" asked "How
    many?" again, and nothing was sent."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c, intents={send: "send_enquiry"})
    await _to_confirm(db, w, chat)
    await chat.send(send)
    assert await _count(db, Enquiry) == 1


async def test_ya_ot_kompanii_is_someone_from_a_company(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 15): "ya ot kompanii" (I'm from a company) got "only teachers can post offers"."""
    chat = Chat(make_services(db, intents={"ya ot kompanii": "post_offer"}), 930_300_009, "New", "ru")
    await chat.send("/start")
    asked = text_of(await chat.send("ya ot kompanii"))
    assert "Как называется ваша компания?" in asked or "компани" in asked.lower(), asked


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Hello, I'm the director of a vocational school in Kaunas. How can our school join?"),
     ("lt", "Laba diena, esu profesinio mokymo centro direktorius Siauliuose, norime prisijungti. Ka daryti?"),
     ("pl", "jak zarejestrować szkołę?"),
     ("lv", "sveiki, es esmu students Rigas tehnikuma, skolotajs teica lai pierakstos seit"),
     ("ru", "привет я студент колледжа в Даугавпилсе, хочу получать задания")],
)  # fmt: skip
async def test_someone_from_a_school_not_in_yet_hears_how_to_join(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester (session 15): a director asking how the school joins got a search, the welcome again or the
    off-topic answer; a student without an invite was told about posting offers and promised tasks."""
    chat = Chat(make_services(db, intents={said: "search_offers"}), 930_300_011, "New", language)
    await chat.send("/start")
    replies = await chat.send(said)
    assert chat.buttons(replies, "sd") == [] and "VET2B" in text_of(replies), text_of(replies)


async def test_the_town_said_before_the_name_and_a_need_at_the_city_are_kept(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester (session 15): "у меня компания в Риге" was followed by the country and the city questions, and a
    need typed at "And the city?" was searched at once while the sign-up was dropped (the next enquiry asked the
    name again). The town said first sets the company up; a need at the city question is searched once it is."""
    intro, need = "здравствуйте, у меня компания в Риге", "нужно обслуживание автомобиля, замена масла"
    chat = Chat(make_services(db, intents={need: "search_offers"}), 930_300_012, "New", "ru")
    await chat.send(intro)
    await chat.send("ООО Балтик Сервис")
    async with db() as s:
        org = (await s.scalars(select(Organisation).where(Organisation.kind == "company"))).one()
    assert (org.name, org.country, org.city) == ("ООО Балтик Сервис", "LV", "Rīga")

    other = Chat(make_services(db, intents={need: "search_offers"}), 930_300_013, "New", "ru")
    await other.send("/start")
    await other.press(other.button(await other.send("/start"), "role", "company"))
    await other.send("ООО Даугава")
    await other.send("Латвия")
    kept = text_of(await other.send(need))
    assert "А город?" in kept, kept
    done = text_of(await other.send("Даугавпилс"))
    async with db() as s:
        cities = set(await s.scalars(select(Organisation.city).where(Organisation.kind == "company")))
    assert "Daugavpils" in cities and "ООО Даугава" in done


@pytest.mark.parametrize(
    ("language", "words", "stars"),
    [("pt", "estava bom mas chegou atrasado", "4"), ("en", "tasty, but the box was a bit damaged", "3")],
)
async def test_words_before_the_stars_are_the_comment(
    db: async_sessionmaker[AsyncSession], language: str, words: str, stars: str
) -> None:
    """Blind tester (session 15): "estava bom mas chegou atrasado" at "How was it?" got the off-topic answer, and the
    rating was lost. The words are kept as the comment and the stars asked."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    rate = {"pt": "quero avaliar a escola"}.get(language, "I want to rate the order")
    chat = _chat(db, w.owner_c, intents={rate: "nlu_fallback", words: "out_of_scope", stars: "nlu_fallback"})
    await chat.send(rate)
    asked = await chat.send(words)
    assert chat.buttons(asked, "rt"), text_of(asked)
    await chat.send(stars)
    async with db() as s:
        review = await s.scalar(select(Review))
    assert review is not None and (review.rating, review.comment) == (int(stars), words)


@pytest.mark.parametrize(
    ("language", "words", "intent"),
    [("pt", "correu muito bem, obrigado, mas chegou tarde", "thank"), ("en", "it was great, thank you!", "thank")],
)
async def test_thanks_in_words_about_the_work_are_the_comment(
    db: async_sessionmaker[AsyncSession], language: str, words: str, intent: str
) -> None:
    """Blind tester Q-F4 (session 19): "correu muito bem, obrigado, mas chegou tarde" right after "How was it?" got
    "De nada!" (read as thanks), and the rating and the complaint were lost."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    chat = _chat(db, w.owner_c, intents={words: intent, "4": "nlu_fallback"})
    await chat.send("/menu")  # the company's last message: "How was it?" arrives after it
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    await _delivered(db)
    asked = await chat.send(words)
    assert chat.buttons(asked, "rt"), text_of(asked)
    await chat.send("4")
    async with db() as s:
        review = await s.scalar(select(Review))
    assert review is not None and (review.rating, review.comment) == (4, words)


async def test_a_task_plan_with_no_order_is_no_offer(db: async_sessionmaker[AsyncSession]) -> None:
    """Replayed by typing (session 15): a teacher's plan naming two students, with no order to split, became an offer
    draft titled with it, and the "tak" after it published it."""
    w = await build_world(db)
    plan = "Student A1 piecze pierniki, Student A2 pakuje, oboje do piątku"
    teacher = _chat(db, w.teacher_a, intents={plan: "post_offer", "tak": "affirm"})
    await teacher.send(plan)
    await teacher.send("tak")
    assert await _count(db, Listing) == 1  # the world's own listing only


@pytest.mark.parametrize(
    ("language", "everyone", "one"),
    [("en", "send a reminder to everyone who hasn't finished", "remind Student A2 please"),
     ("lv", "atgādini visiem par termiņu", "atgādini Student A2 par termiņu"),
     ("ru", "напомни всем про сроки", "напомни Student A2"),
     ("lt", "priminti mokiniams apie užduotis", "priminti Student A2")],  # session 17: became an offer draft
)  # fmt: skip
async def test_a_teacher_reminds_students_in_words(
    db: async_sessionmaker[AsyncSession], language: str, everyone: str, one: str
) -> None:
    """Blind tester (session 16): "remind Student B" was offered to the company as a message, "atgādini Student A par
    termiņu" became an offer draft, "напомни всем про сроки" listed the school's offers. The students with an
    unfinished part get a reminder; one who is done does not."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        task = await orders.add_task(s, w.teacher_a, order_id, "Bake 50 cookies", None)
        view = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
        done = next(a.id for a in view.assignments if a.student_id == w.student_a1.id)
        await tasks.mark_task_done(s, w.student_a1, done)
    teacher = _chat(db, w.teacher_a)
    said = text_of(await teacher.send(everyone))
    assert "Student A2" in said and "Student A1" not in said, said
    assert [r.recipient_id for r in await outbox(db, "task_reminder")] == [w.student_a2.id]
    assert "Bake 50 cookies" in (await delivered(db, "task_reminder"))[w.student_a2.id]
    await teacher.send(one)
    assert [r.recipient_id for r in await outbox(db, "task_reminder")] == [w.student_a2.id] * 2
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a2, next(a.id for a in view.assignments if a.id != done))
    assert "Student A2" not in text_of(await teacher.send(one))  # nobody left to remind: said so
    assert len(await outbox(db, "task_reminder")) == 2


@pytest.mark.parametrize(
    ("language", "said", "expected"),
    [("ru", "я из Даугавпилса, работаю в управлении образования, хочу быть координатором", "Координатор"),
     ("ru", "kak mne stat koordinatorom? ja iz Daugavpilsskogo upravlenija obrazovanija", "Координатор"),
     ("lt", "o kaip susisiekti su VET2B komanda? koks el pastas?", "VET2B"),
     ("en", "how do I become a coordinator?", "Coordinators")],
)  # fmt: skip
async def test_how_to_join_as_a_coordinator_and_whom_to_write_to(
    db: async_sessionmaker[AsyncSession], language: str, said: str, expected: str
) -> None:
    """Blind tester (session 16): a regional education office asking how to become a coordinator got the text about
    posting offers or "nothing found"; a director asking how to reach the VET2B team got a search. They hear how
    coordinators join, and the team's address when VET2B_CONTACT gives one."""
    services = make_services(db)
    services.contact = "team@vet2b.example"
    chat = Chat(services, 6490, "Someone", language)
    await chat.send("/start")
    answer = text_of(await chat.send(said))
    assert expected in answer and "team@vet2b.example" in answer, answer
    services.contact = ""
    assert "team@vet2b.example" not in text_of(await chat.send(said))


async def test_a_date_in_the_acceptance_is_the_orders_date(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): "ok, pieņemu - 5 kg līdz 13.06, 90 eur" accepted, and the order kept the enquiry's
    14.06; the customer read one date in the chat and saw another on the order."""
    w = await build_world(db)
    asked_for = utcnow().date() + timedelta(days=30)
    agreed = utcnow().date() + timedelta(days=20)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=asked_for, message="")
    said = f"ok, pieņemu - 5 kg līdz {agreed.day:02d}.{agreed.month:02d}, 90 eur"
    teacher = _chat(db, w.teacher_a, intents={said: "inform"})
    await teacher.send("/enquiries")
    await teacher.send(said)
    async with db() as s:
        order = (await s.scalars(select(Order))).one()
        enquiry = await s.get_one(Enquiry, order.enquiry_id)
    assert enquiry.needed_by == agreed
    to_company = [r for r in await outbox(db, "relay_message") if r.recipient_id == w.owner_c.id]
    assert to_company and await _relayed(db, to_company[-1]) == said  # the words, 5 kg and 90 eur, reach it too


@pytest.mark.parametrize(("language", "asked"), [("lt", "ar atvažiuoja į vietą ar reikia atvežti?"),
                                                 ("en", "do they come to us or do we bring it?")])  # fmt: skip
async def test_a_question_under_several_results_keeps_them_and_asks_which(
    db: async_sessionmaker[AsyncSession], language: str, asked: str
) -> None:
    """Blind tester (session 16): "ar atvažiuoja į vietą…?" under computer-repair results searched again (websites),
    and "užsakau pirmą" then enquired about a website. The list stays, and which offer is asked."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    w = await build_world(db)
    chat = Chat(make_services(db, intents={asked: "search_offers"}), w.owner_c.telegram_id or 0, "C", language)
    shown = await chat.send("catering")
    before = [chat.action(b).args for b in chat.buttons(shown, "eq")]
    again = await chat.send(asked)
    assert [chat.action(b).args for b in chat.buttons(again, "eq")] == before, text_of(again)


async def test_words_typed_while_send_this_waits_are_joined_or_the_first_said_not_sent(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind testers (session 16): typing again while "Send this to …?" waited dropped the first words without a
    word, and the second were searched for. More words for the school join the first; a request of its own is served,
    and the waiting words are said not to be sent."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    first, more = "queria mudar a quantidade para 8 kg", "e sem nozes por favor, alergia"
    company = _chat(db, w.owner_c, intents={first: "search_offers", more: "inform"})
    await _speaks(db, w.owner_c, "pt")
    assert company.buttons(await company.send(first), "rpy")
    asked = await company.send(more)
    assert company.buttons(asked, "rpy"), text_of(asked)  # asked once more, for both
    await company.send("sim")
    async with db() as s:
        assert [r.text for r in (await s.scalars(select(RelayMessage))).all()] == [f"{first}\n{more}"]
    assert company.buttons(await company.send(first), "rpy")
    status = text_of(await company.send("qual o estado do meu pedido?"))
    assert "Não enviado" in status or "Not sent" in status, status


async def test_a_teachers_yes_in_the_chat_can_accept_in_one_tap(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): "yes we can do it, 45 pln per person" was passed on and nothing else happened: no
    order, and no word that accepting is a separate step. The "Sent" under it offers ✅ Accept and ✖️ Decline."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    teacher = _chat(db, w.teacher_a)
    await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry.id))
    await teacher.press(teacher.button(teacher.received, "rp", enquiry.id))
    sent = await teacher.send("yes we can do it, 45 pln per person")
    assert "Sent to" in text_of(sent) and teacher.buttons(sent, "ed"), text_of(sent)
    await teacher.press(teacher.button(sent, "ea", enquiry.id))
    assert await _count(db, Order) == 1


@pytest.mark.parametrize(
    ("language", "said"),
    [("pt", "quero encomendar outra vez o mesmo, 4 unidades"), ("en", "order the same again please, 4 pieces"),
     ("ru", "повторите заказ, 4 штуки")],
)  # fmt: skip
async def test_order_the_same_again_starts_an_enquiry_for_that_offer(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind testers (session 16): "quero encomendar outra vez o mesmo, 4 kg para 15 de janeiro" searched and asked
    "Which one?". The offer of the newest order is enquired about, with the quantity said."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, language)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        await orders.complete_order(s, w.teacher_a, order.id)
    company = _chat(db, w.owner_c, intents={said: "search_offers"})
    await company.send(said)
    async with db() as s:
        state = await s.get(ConversationState, w.owner_c.id)
    assert state is not None and state.flow == "enquiry", state
    assert state.data.get("listing_id") == w.listing_a.id and state.data.get("quantity") == 4, state.data


async def _two_open_enquiries(db: async_sessionmaker[AsyncSession], w: World) -> tuple[int, int]:
    """Cafe Centras asks school A about its cakes (#1) and then its logo design (#2); the teacher has read both."""
    async with transaction(db) as s:
        logo = await listing(s, w.school_a, "Logo design for small businesses")
        cakes = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=200, needed_by=None, message="")
        design = await enquiries.create_enquiry(s, w.owner_c, logo.id, quantity=1, needed_by=None, message="")
    await _delivered(db)
    return cakes.id, design.id


@pytest.mark.parametrize(("language", "words"), [("lt", "priimu"), ("en", "we accept"), ("pl", "przyjmujemy")])
async def test_a_bare_acceptance_with_two_new_enquiries_asks_which(
    db: async_sessionmaker[AsyncSession], language: str, words: str
) -> None:
    """Blind tester: two enquiries had just arrived and "priimu" accepted the newer one, unasked."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    await _two_open_enquiries(db, w)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    asked = await teacher.send(words)
    assert len(teacher.buttons(asked, "ea")) == 2, text_of(asked)
    assert await _count(db, Order) == 0


async def test_a_decision_naming_the_offer_takes_that_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "decline the logo enquiry, we have no time" declined the other (keychain) enquiry, and the
    company was told; with the logo one already accepted it must say so, not decline another."""
    w = await build_world(db)
    cakes, design = await _two_open_enquiries(db, w)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("accept the logo enquiry")
    async with db() as s:
        assert (await s.get_one(Enquiry, design)).status == "accepted"
        assert (await s.get_one(Enquiry, cakes)).status == "open"
    said = text_of(await teacher.send("decline the logo enquiry, we have no time"))
    async with db() as s:
        assert (await s.get_one(Enquiry, cakes)).status == "open", said
    assert "not open any more" in said, said


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", "Могли бы принять заказ, если срок перенести на 25 мая. Подойдёт?"),
        ("lv", "Mēs varētu pieņemt, ja termiņš būtu 15. marts. Der?"),
        ("lt", "rytoj pasakysim ar priimam, dar reikia pasitarti su kolegom"),
        ("lt", "ar nepriimtumet 150 vnt vietoj 200? tiek spesim"),
        ("en", "we could accept it if the deadline were the 25th"),
        # session 17: an acceptance with a condition or new terms is a counter-offer (it accepted, and moved the date)
        ("it", "accettiamo l'ordine ma solo se confermate entro venerdì il menu"),
        ("lt", "priimu, bet kaina bus 4 eur uz vieneta nes dvi spalvos"),
        ("pl", "przyjmuję, ale tylko 150 szt. i na 17 grudnia"),
    ],
)
async def test_a_proposal_or_a_promise_to_decide_accepts_nothing(
    db: async_sessionmaker[AsyncSession], language: str, words: str
) -> None:
    """Blind tester: a teacher's "could accept if…", "we'll tell you tomorrow whether we accept" and "would you take
    150 instead?" accepted the enquiry, and moved the order's date to the one proposed; the company was asked
    nothing."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=200, needed_by=None, message="")
    await _delivered(db)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    said = text_of(await teacher.send(words))
    assert await _count(db, Order) == 0, said


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "move Student A1's deadline to 22 December"), ("it", "cambia la scadenza di Student A1 al 22 dicembre")],
)
async def test_a_students_deadline_moves_their_task_not_the_order(
    db: async_sessionmaker[AsyncSession], language: str, words: str
) -> None:
    """Blind tester: "move Student A's deadline to 22 December" moved the customer's order date (and told the
    company); Student A's task kept its date."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        model = await orders.add_task(s, w.teacher_a, order_id, "3D model", None)
        await orders.assign_task(s, w.teacher_a, model.id, [w.student_a1.id])
        printing = await orders.add_task(s, w.teacher_a, order_id, "printing", None)
        await orders.assign_task(s, w.teacher_a, printing.id, [w.student_a2.id])
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    said = text_of(await teacher.send(words))
    async with db() as s:
        tasks = {t.title: t.due_at for t in await s.scalars(select(Task))}
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert tasks["3D model"] is not None and (tasks["3D model"].month, tasks["3D model"].day) == (12, 22), said
    assert tasks["printing"] is None and enquiry.needed_by is None, said
    assert await outbox(db, "order_date_moved") == []


@pytest.mark.parametrize(
    ("language", "words", "intent"),
    [
        ("ru", "я апаздаю на 2 дня, принтер сломался", "search_offers"),
        ("en", "il be lait 2 days, the printr is brokn", "out_of_scope"),
        ("lt", "kdaa reik atiduot", "nlu_fallback"),
    ],
)
async def test_a_students_words_the_bot_cannot_place_are_offered_to_the_teacher(
    db: async_sessionmaker[AsyncSession], language: str, words: str, intent: str
) -> None:
    """Blind tester: dyslexic students' "I'll be late", "when is it due" in phonetic spelling became a search of
    offers or "I can only help with offers", and the teacher never heard. Asked, they reach the teacher."""
    w = await build_world(db)
    await _speaks(db, w.student_a1, language)
    await _task_for_student_a1(db, w, "Print 200 keychains")
    student = _chat(db, w.student_a1, intents={words: intent})
    asked = await student.send(words)
    assert student.buttons(asked, "tqy"), text_of(asked)
    await student.press(student.button(asked, "tqy"))
    questions = [r for r in await outbox(db, "task_question") if r.recipient_id == w.teacher_a.id]
    assert len(questions) == 1
    assert words in (await delivered(db, "task_question"))[w.teacher_a.id]


@pytest.mark.parametrize(
    ("language", "words", "answer", "declined"),
    [("lv", "Diemžēl jāatsakās, nevarēsim paspēt", "jā", True),
     ("ru", "К сожалению, не сможем — у группы экзамены в мае", "да", True),
     ("lt", "deja, negalėsime, studentai praktikoje", "taip", True),
     # session 18 (I-F1): "send it" alone is a yes, and the yes there declined the enquiry
     ("ru", "К сожалению, не сможем — у группы экзамены в мае", "просто отправь", False),
     ("en", "Unfortunately we can't, the students are on placement", "just send it", False),
     ("lt", "deja, negalėsime, studentai praktikoje", "tik išsiųsk žinutę", False),
     ("it", "purtroppo non possiamo, gli studenti sono in stage", "invialo e basta", False)],
)  # fmt: skip
async def test_a_refusal_without_the_word_decline_asks_to_decline(
    db: async_sessionmaker[AsyncSession], language: str, words: str, answer: str, declined: bool
) -> None:
    """Blind tester: "jāatsakās", "не сможем" were only relayed; the enquiry waited for an answer for ever. Asked,
    a yes declines it with the words as the reason; "just send it" only sends them (📨 Only send the message)."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    asked = await teacher.send(words)
    assert teacher.buttons(asked, "edw"), text_of(asked)
    await teacher.send(answer)
    async with db() as s:
        stored = await s.get_one(Enquiry, enquiry.id)
        texts = list(await s.scalars(select(RelayMessage.text).where(RelayMessage.enquiry_id == enquiry.id)))
    if declined:
        assert (stored.status, stored.decline_reason) == ("declined", words)
    else:
        assert (stored.status, texts) == ("open", [words])


async def test_a_counter_offer_with_a_question_is_no_refusal(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    await _speaks(db, w.teacher_a, "ru")
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=6, needed_by=None, message="")
    await _delivered(db)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", "ru")
    asked = await teacher.send("6 кг к 20 мая не успеем, можем 5 кг к 22 мая, цена 95 евро. Подходит?")
    assert not teacher.buttons(asked, "edw"), text_of(asked)


async def _completed_order(db: async_sessionmaker[AsyncSession], w: World) -> int:
    order_id = await _accepted_order(db, w)
    async with transaction(db) as s:
        await orders.complete_order(s, w.teacher_a, order_id)
    await _delivered(db)
    return order_id


async def test_a_complaint_right_after_how_was_it_is_the_comment(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "торт привезли на день позже и без надписи, недоволен" right after "How was it?" was searched
    for, and the complaint was lost. It is kept as the comment, and the stars are asked."""
    w = await build_world(db)
    await _speaks(db, w.owner_c, "ru")
    await _completed_order(db, w)
    complaint = "торт привезли на день позже и без надписи, недоволен"
    company = _chat(db, w.owner_c, intents={complaint: "search_offers"})
    asked = await company.send(complaint)
    assert company.buttons(asked, "rt"), text_of(asked)
    await company.send("2")
    async with db() as s:
        review = (await s.scalars(select(Review))).one()
    assert (review.rating, review.comment) == (2, complaint)


async def test_ordering_again_at_the_comment_is_no_comment(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "gribu pasūtīt to pašu vēlreiz" after the stars was published as the review's comment, and
    nothing was ordered."""
    w = await build_world(db)
    order_id = await _completed_order(db, w)
    company = _chat(db, w.owner_c)
    await company.press(Button("5", company.services.signer.sign(company.user_id, "rt", order_id, 5)))
    asked = await company.send("I want to order the same again")
    async with db() as s:
        review = (await s.scalars(select(Review))).one()
        state = await s.get(ConversationState, w.owner_c.id)
    assert (review.rating, review.comment) == (5, ""), text_of(asked)
    assert state is not None and state.flow == "enquiry", text_of(asked)


async def test_a_second_task_typed_before_the_first_is_given_out_comes_next(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "pridėk užduotį: …", then "dar viena užduotis: …" before choosing who does the first: the first
    task was lost without a word. Both are kept, the second asked about after the first."""
    w = await build_world(db)
    await _accepted_order(db, w)
    teacher = _chat(db, w.teacher_a)
    await teacher.send("task: model the keyring by Friday")
    await teacher.send("another task: print 200 keyrings")
    await teacher.send("Student A1")
    await teacher.send("Student A2")
    async with db() as s:
        given = {t.title: {a.student_id for a in await s.scalars(select(TaskAssignment).where(
            TaskAssignment.task_id == t.id))} for t in await s.scalars(select(Task))}  # fmt: skip
    assert given == {"model the keyring": {w.student_a1.id}, "print 200 keyrings": {w.student_a2.id}}, given


async def test_an_ok_right_after_accepting_is_for_the_bot(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: a teacher's "ok" right after accepting reached the customer at once as a message."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = _chat(db, w.teacher_a, intents={"ok": "affirm"})
    await teacher.press(Button("✅", teacher.services.signer.sign(teacher.user_id, "ea", enquiry.id)))
    await teacher.send("ok")
    assert await outbox(db, "relay_message") == []


@pytest.mark.parametrize(
    ("language", "typed", "relayed"),
    [("pt", "responde à empresa: sim, temos opção vegetariana", "sim, temos opção vegetariana"),
     ("lt", "atsakyk imonei kad galima dvieju spalvu, kaina ta pati", "galima dvieju spalvu, kaina ta pati"),
     ("pt", "responder ao pedido 1: Bom dia Ana, temos sim", "Bom dia Ana, temos sim")],
)  # fmt: skip
async def test_the_words_that_ask_to_answer_are_not_passed_on(
    db: async_sessionmaker[AsyncSession], language: str, typed: str, relayed: str
) -> None:
    """Blind tester: the company received "à empresa: sim, …", "imonei kad …" and "responder ao pedido 1: …"."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    await _delivered(db)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    said = text_of(await teacher.send(typed))
    texts = [await _relayed(db, row) for row in await outbox(db, "relay_message")]
    assert texts == [relayed], (said, texts)


async def test_a_customer_accepting_their_own_enquiry_is_told_the_school_decides(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: a company's "accept enquiry #1" began a second enquiry to the same offer."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send("send")
    said = text_of(await chat.send("accept enquiry #1"))
    assert "school decides" in said, said
    assert await _count(db, Enquiry) == 1


@pytest.mark.parametrize(
    ("language", "words"), [("pl", "przypisz zadania uczniom"), ("en", "assign tasks to students")]
)
async def test_assigning_tasks_to_students_asks_what_the_task_is(
    db: async_sessionmaker[AsyncSession], language: str, words: str
) -> None:
    """Blind tester: "przypisz zadania uczniom" added a task titled "uczniom"."""
    w = await build_world(db)
    await _speaks(db, w.teacher_a, language)
    await _accepted_order(db, w)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "T", language)
    asked = text_of(await teacher.send(words))
    assert "uczniom" not in asked and "to students" not in asked, asked  # the picker for a task titled so
    assert await _count(db, Task) == 0


async def test_a_number_under_my_enquiries_opens_that_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "1" typed under /enquiries began a second enquiry to the first search result of before."""
    w = await build_world(db)
    chat = _chat(db, w.owner_c)
    await _to_confirm(db, w, chat)
    await chat.send("send")
    await chat.send("/enquiries")
    opened = text_of(await chat.send("1"))
    assert await _count(db, Enquiry) == 1 and w.listing_a.title in opened, opened


@pytest.mark.parametrize(
    ("language", "asked"), [("en", "is it free?"), ("lt", "ar tai nemokama?"), ("ru", "eto besplatno?")]
)
async def test_is_it_free_is_answered(db: async_sessionmaker[AsyncSession], language: str, asked: str) -> None:
    """Blind tester: the commonest first question got "OK." ("Gerai.", "Хорошо.") or a search for offers."""
    chat = Chat(make_services(db), 930_100, "New", language)
    await chat.send("/start")
    answered = text_of(await chat.send(asked))
    assert "VET2B Chat" in answered and ("free" in answered or "nemokam" in answered or "бесплат" in answered), answered


async def test_order_details_at_the_name_question_are_no_company(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "3 kg, spalio 10 d., Kaunas" at "What is its name?" registered a company called "3 kg"."""
    w = await build_world(db)
    chat = Chat(make_services(db), 930_101, "New", "lt")
    await chat.send("/start")
    await chat.send("/search")
    found = await chat.send(w.listing_a.title)
    await chat.press(chat.button(found, "eq", w.listing_a.id))
    await chat.send("3 kg, spalio 10 d., Kaunas")
    async with db() as s:
        names = set(await s.scalars(select(Organisation.name)))
    assert "3 kg" not in names and not any(n.startswith("3 kg") for n in names), names


async def test_is_it_free_at_the_company_name_question_is_answered_and_the_name_still_taken(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester P-F7 (session 19): "e gratis?" at "Como se chama a sua empresa?" got "Envie o nome da empresa (de
    2 a 200 caracteres)" — a nine-letter question refused as a name."""
    chat = Chat(make_services(db), 6495, "Someone", "pt")
    await chat.send("ola")
    await chat.send("sou dono de uma padaria no Porto")
    answered = text_of(await chat.send("e gratis?"))
    assert "gratuito" in answered and "caracteres" not in answered, answered
    await chat.send("Padaria Ribeira")
    assert [o.name for o in await _organisations(db)] == ["Padaria Ribeira"]


@pytest.mark.parametrize(
    ("language", "asked"), [("lt", "kas tu toks?"), ("pt", "o que e isto?"), ("ru", "что это такое?")]
)
async def test_what_is_this_says_what_the_bot_is(
    db: async_sessionmaker[AsyncSession], language: str, asked: str
) -> None:
    """Blind tester P-F12 (session 19): "kas tu toks?" got "I can only help with offers…", an off-topic refusal."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db, intents={asked: "out_of_scope"}), 6496, "Someone", language)
    await chat.send("/start")
    assert chat.buttons(await chat.send(asked), "sc")
