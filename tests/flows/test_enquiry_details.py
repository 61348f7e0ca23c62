"""What an enquiry carries to the school, as the customer said it: the quantity in its unit ("6 kg", "40 osób"; the
school read "Quantity: 6" on a cake sold per kg, and the order card showed no quantity at all, 0016), no budget
taken for a quantity, and their words whole or refused, never cut."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from domain.models import Enquiry, Person
from tests.domain.factories import World, build_world
from tests.flows.helpers import Chat, chat_for, delivered, make_services, text_of


async def _enquire(db: async_sessionmaker[AsyncSession], w: World, language: str, *answers: str) -> Enquiry:
    """The company finds school A's offer, presses ✉️ Enquire and answers the questions in ``answers``."""
    async with transaction(db) as s:
        (await s.get_one(Person, w.owner_c.id)).language = language
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", language)
    await chat.send("/search")
    first = await chat.send(w.listing_a.title)
    await chat.press(chat.button(first, "eq", w.listing_a.id))
    trail = [text_of(await chat.send(a)) for a in answers]
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one_or_none()
    assert enquiry is not None, trail
    return enquiry


@pytest.mark.parametrize(
    ("language", "typed", "unit", "shown"),
    [
        ("en", "6 kg", "kg", "Quantity: 6 kg"),
        ("pl", "na 40 osób", "person", "Ilość: 40 osób"),
        ("ru", "30 человек", "person", "30 человек"),
        ("lt", "20 vnt", "item", "20 vienetų"),
        ("en", "12", None, "Quantity: 12"),
    ],
)
async def test_the_school_reads_the_quantity_in_the_unit_it_was_said_in(
    db: async_sessionmaker[AsyncSession], language: str, typed: str, unit: str | None, shown: str
) -> None:
    w = await build_world(db)
    enquiry = await _enquire(db, w, language, typed, "skip", "no", "yes")
    assert enquiry.quantity_unit == unit
    async with transaction(db) as s:
        (await s.get_one(Person, w.teacher_a.id)).language = language
    received = (await delivered(db, "enquiry_received"))[w.teacher_a.id]
    assert shown in received, received


async def test_a_corrected_number_keeps_the_unit(db: async_sessionmaker[AsyncSession]) -> None:
    """ "6 kg" at "How many?", then "sorry, 8" at "By when?": 8 kg, not 8."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, "en", "6 kg", "sorry, 8 not 6", "skip", "no", "yes")
    assert (enquiry.quantity, enquiry.quantity_unit) == (8, "kg")


async def test_both_sides_see_the_quantity_on_the_order(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    enquiry = await _enquire(db, w, "en", "6kg", "skip", "no", "yes")
    teacher = chat_for(db, w.teacher_a)
    opened = await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry.id))
    await teacher.press(teacher.button(opened, "ea", enquiry.id))
    company = chat_for(db, w.owner_c)
    orders = await company.send("/orders")
    card = await company.press(company.buttons(orders, "oo")[0])
    assert "Quantity: 6 kg" in text_of(card), text_of(card)
    school_orders = await teacher.send("/orders")
    school_card = await teacher.press(teacher.buttons(school_orders, "oo")[0])
    assert "Quantity: 6 kg" in text_of(school_card), text_of(school_card)


async def test_a_budget_at_how_many_is_no_quantity_and_the_brief_is_kept(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "vorrei un sito semplice con menu e prenotazioni, budget 300 euro, entro luglio" at "How many?"
    sent the school "Quantity: 300" (in Cyrillic letters "еуро" is no currency word) and dropped the words."""
    w = await build_world(db)
    brief = "vorrei un sito semplice con menu e prenotazioni, budget 300 euro, entro luglio"
    enquiry = await _enquire(db, w, "it", brief, "1", "salta", "no", "si")
    assert enquiry.quantity == 1 and "menu e prenotazioni" in enquiry.message, enquiry.message


async def test_words_too_long_for_the_message_are_refused_not_cut(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: 3,900 characters added to the enquiry reached the school cut to 2,000, mid-sentence, and
    nobody was told."""
    w = await build_world(db)
    long = "We are a small bakery in Vilnius and need key rings with our logo, 200 pieces, blue. " * 40
    chat = Chat(make_services(db), w.owner_c.telegram_id or 0, "C", "en")
    await chat.send("/search")
    first = await chat.send(w.listing_a.title)
    await chat.press(chat.button(first, "eq", w.listing_a.id))
    for answer in ("20", "skip", "no"):
        await chat.send(answer)
    refused = text_of(await chat.send(long.strip()))
    assert "too long" in refused, refused
    await chat.send("send")
    async with db() as s:
        enquiry = (await s.scalars(select(Enquiry))).one()
    assert enquiry.message == ""


async def test_the_request_goes_to_the_school_with_the_enquiry(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: the budget, the delivery address and the occasion of a first message never reached the school;
    it read the quantity and the date only. The request goes with the enquiry, shown before it is sent."""
    w = await build_world(db)
    request = "we need birthday cakes for the company party, budget up to 100 eur, deliver to Gedimino pr. 10"
    chat = Chat(make_services(db, intents={request: "search_offers"}), w.owner_c.telegram_id or 0, "C", "en")
    found = await chat.send(request)
    asked = await chat.press(chat.button(found, "eq", w.listing_a.id))
    trail = [text_of(asked)] + [text_of(await chat.send(a)) for a in ("5", "skip", "no")]
    assert request in trail[-1], trail  # "Please check your enquiry" shows it
    await chat.send("yes")
    received = (await delivered(db, "enquiry_received"))[w.teacher_a.id]
    assert "Gedimino pr. 10" in received and "budget up to 100 eur" in received, received


async def test_a_whole_answer_at_how_many_gives_quantity_date_and_message(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "Olá, somos 30 pessoas, almoço no dia 20 do próximo mês, precisamos de opção vegetariana. É
    possível?" at "How many?" became 20 (the "no" of "no dia" read as a second thought), due on the 30th of next
    month, and the vegetarian request was dropped."""
    w = await build_world(db)
    answer = "Olá, somos 30 pessoas, almoço no dia 20 do próximo mês, precisamos de opção vegetariana. É possível?"
    enquiry = await _enquire(db, w, "pt", answer, "sim")
    assert enquiry.quantity == 30 and enquiry.quantity_unit == "person"
    assert enquiry.needed_by is not None and enquiry.needed_by.day == 20
    assert "vegetariana" in enquiry.message


async def test_a_command_named_inside_a_sentence_cancels_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "tell me what /cancel does first" at "By when?" cancelled the enquiry being written."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, "en", "20", "tell me what /cancel does first", "skip", "no", "yes")
    assert enquiry.quantity == 20


async def test_a_day_alone_at_the_summary_changes_the_date(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "domingo" at "Please check your enquiry" ran a search, and the "enviar" after it searched too:
    nothing was sent."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, "pt", "5", "sábado", "não", "domingo", "enviar")
    assert enquiry.needed_by is not None and enquiry.needed_by.weekday() == 6


async def test_words_with_the_date_go_to_the_school_and_send_sends(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "logotipą atsiųsiu el. paštu, reikia iki gegužės 20" at "By when?" kept the date and dropped the
    rest; "siųsk" at "Anything to add?" only showed the summary, so the enquiry was easily never sent."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, "lt", "50", "logotipą atsiųsiu el. paštu, reikia iki gegužės 20", "siųsk")
    assert enquiry.needed_by is not None and (enquiry.needed_by.month, enquiry.needed_by.day) == (5, 20)
    assert "el. paštu" in enquiry.message, enquiry.message


@pytest.mark.parametrize(("language", "typed"), [("en", "ASAP"), ("lt", "kuo greičiau"), ("it", "il prima possibile")])
async def test_as_soon_as_possible_at_by_when_reaches_the_school(
    db: async_sessionmaker[AsyncSession], language: str, typed: str
) -> None:
    """Blind tester P-F10 (session 19): "ASAP" at "By when?" got "I did not understand the date", and the urgency
    was dropped. No day is set, and the words go to the school with the enquiry."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, language, "5", typed, "yes")
    assert enquiry.needed_by is None and typed in enquiry.message, enquiry.message


async def test_a_latin_letter_russian_date_in_the_quantity_answer_is_the_date(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester Q-F9 (session 19): "2 kg k 15 yanvarya, shokoladnyj" at "How many?" took 2 kg and asked for
    the date again; "otpravit" then got "I did not understand the date"."""
    w = await build_world(db)
    enquiry = await _enquire(db, w, "ru", "2 kg k 15 yanvarya, shokoladnyj", "net", "da")
    assert (enquiry.quantity, enquiry.needed_by is not None) == (2, True)
    assert enquiry.needed_by is not None and (enquiry.needed_by.month, enquiry.needed_by.day) == (1, 15)
