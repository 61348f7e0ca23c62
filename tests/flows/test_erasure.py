"""What is left in the database after /deleteme, and what is stored before a person consents.

Why through the router: the leftovers came from the turn machinery around the flow (the dialogue
state saved after the flow had erased the person), so only the real path of a message shows them.
Every check reads the tables themselves.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, enquiries, orders, tasks
from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.invites import create_invite
from domain.models import ConversationState, OutboxMessage, Person, TaskMessage
from domain.taxonomy import DATA_DIR, load_taxonomy
from tests.domain.factories import World, build_world
from tests.flows.helpers import Chat, make_services, person_by_telegram, text_of

SEARCH = "birthday cakes for my daughter Ugnė"


async def _erase(chat: Chat) -> None:
    asked = await chat.send("/deleteme")
    done = await chat.press(chat.button(asked, "del", "yes"))
    assert "has been deleted" in text_of(done)


async def _everything_stored(db: async_sessionmaker[AsyncSession]) -> str:
    """Every conversation state and outbox payload, as one text to search in."""
    async with transaction(db) as s:
        states = [(r.flow, r.step, r.data) for r in await s.scalars(select(ConversationState))]
        payloads = [r.payload for r in await s.scalars(select(OutboxMessage))]
    return json.dumps([states, payloads], ensure_ascii=False)


async def test_deleteme_leaves_no_conversation_state(db: async_sessionmaker[AsyncSession]) -> None:
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db), 6200, "Rūta Searcher", "en")
    await chat.send("/start")
    assert "I found" in text_of(await chat.send(SEARCH))  # the search is remembered for refining
    person = await person_by_telegram(db, chat.user_id)
    assert "Ugnė" in await _everything_stored(db)

    await _erase(chat)

    async with transaction(db) as s:
        assert await s.get(ConversationState, person.id) is None
        erased = await s.get(Person, person.id)
        assert erased is not None and erased.erased_at is not None and erased.display_name == ""
    assert "Ugnė" not in await _everything_stored(db)


async def test_deleteme_removes_a_students_question_from_the_outbox(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    question = "Can I come at 9 instead? My mum Ona drives me."
    async with transaction(db) as s:
        await _order(s, w)
        assignment = (await tasks.my_tasks(s, w.student_a1))[0].assignment_id
        await tasks.ask_about_task(s, w.student_a1, assignment, question)
    assert w.student_a1.telegram_id is not None

    await _erase(Chat(make_services(db), w.student_a1.telegram_id, "Student A1", "en"))

    # no words in any state or outbox payload; in the task's conversation the words stay the school's record,
    # like a relayed message, but nobody is their author any more
    assert "Ona drives" not in await _everything_stored(db)
    async with transaction(db) as s:
        to_teacher = select(OutboxMessage.kind).where(OutboxMessage.recipient_id == w.teacher_a.id)
        assert "task_question" in list(await s.scalars(to_teacher))
        kept = list(await s.scalars(select(TaskMessage).where(TaskMessage.text == question)))
        assert kept and all(m.sender_person_id is None for m in kept)


async def _order(s: AsyncSession, w: World) -> int:
    enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=3, needed_by=None, message="Hi")
    order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
    task = await orders.add_task(s, w.teacher_a, order.id, "Bake", None)
    await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    return order.id


async def _name(db: async_sessionmaker[AsyncSession], telegram_id: int) -> str:
    return (await person_by_telegram(db, telegram_id)).display_name


async def test_no_name_is_stored_before_consent(db: async_sessionmaker[AsyncSession]) -> None:
    chat = Chat(make_services(db), 6300, "Jonas Jonaitis", "en")
    await chat.send("/start")
    await chat.send("website design")
    assert await _name(db, chat.user_id) == ""  # first contact and a search: no consent given yet

    welcome = await chat.send("/start")
    await chat.press(chat.button(welcome, "role", "company"))  # "By continuing you agree that we store your name"
    assert await _name(db, chat.user_id) == "Jonas Jonaitis"


async def test_an_invite_is_consent_and_stores_the_name(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        invite = await create_invite(s, w.school_a.slug, "student")
    chat = Chat(make_services(db), 6400, "Ona Student", "en")
    assert "as a student" in text_of(await chat.send(f"/start {invite.token}"))
    assert await _name(db, chat.user_id) == "Ona Student"


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("istrinkite viska apie mane", "lt"),
        ("udali vse moi dannye", "ru"),
        ("delete everything about me", "en"),
        # session 14: searched for, a greeting, "no orders yet" — and a later "sim" got "OK", read as done
        ("visgi ištrinkit viską", "lt"),
        ("apaga tudo", "pt"),
        ("izdzēs mani", "lv"),
        ("zapomnij o mnie", "pl"),
        ("забудьте меня", "ru"),
        ("izdzēsiet manu kontu", "lv"),  # session 15: a search
    ],
)
async def test_erasure_asked_in_words_without_a_data_word_is_asked_to_confirm(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind tester: "ištrinkite viską apie mane" (delete everything about me) and "udali vse moi dannye" (Russian in
    Latin letters) were searched for as offers (one found culinary workshops); they ask what /deleteme asks."""
    chat = Chat(make_services(db, intents={said: "search_offers"}), 6210, "Someone", language)
    await chat.send("/start")
    asked = await chat.send(said)
    assert chat.buttons(asked, "del"), text_of(asked)


async def test_delete_everything_with_a_draft_open_is_no_erasure(db: async_sessionmaker[AsyncSession]) -> None:
    """ "apaga tudo" while an enquiry is being written may mean the draft: never the person's data."""
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None
    services = make_services(db, intents={"apaga tudo": "deny"})
    chat = Chat(services, w.owner_c.telegram_id, "Owner", "pt")
    how_many = await chat.press_data(services.signer.sign(chat.user_id, "eq", w.listing_a.id))
    assert "How many" in text_of(how_many) or "Quant" in text_of(how_many), text_of(how_many)
    asked = await chat.send("apaga tudo")
    assert not chat.buttons(asked, "del"), text_of(asked)


async def test_what_the_database_holds_about_me_is_my_data(db: async_sessionmaker[AsyncSession]) -> None:
    said = "kas ir jūsu datubāzē par mani?"
    chat = Chat(make_services(db, intents={said: "search_offers"}), 6211, "Kāds", "lv")
    await chat.send("/start")
    shown = await chat.send(said)
    assert any(r.document is not None for r in shown), text_of(shown)


async def test_a_message_to_a_company_nobody_is_left_in_is_not_sent(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 15): after the company's people deleted their data, the school's answer to its
    enquiry got "✔ Sent to …" and reached nobody. It is refused, saying why; nothing waits in the outbox."""
    w = await build_world(db)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        for person in (w.owner_c, w.member_c):
            await accounts.erase_person(s, person)
    teacher = Chat(make_services(db), w.teacher_a.telegram_id or 0, "Teacher", "en")
    await teacher.send("/enquiries")
    await teacher.send(f"open {enquiry.id}")
    replies = await teacher.send("reply: we can make them, 0.85 each")
    assert "Nobody on the other side can be reached" in text_of(replies), text_of(replies)
    async with db() as s:
        relays = list(await s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "relay_message")))
    assert relays == []


@pytest.mark.parametrize(
    ("language", "question"),
    [("en", "what happens to my orders?"), ("pt", "e as minhas encomendas?"), ("ru", "а что будет с заказами?")],
)
async def test_a_question_at_the_confirmation_is_answered_and_nothing_is_deleted(
    db: async_sessionmaker[AsyncSession], language: str, question: str
) -> None:
    """Blind tester: "what happens to my orders?" at the /deleteme confirmation got "There are no enquiries yet."
    The confirmation, which says what goes and what stays, is shown again; a yes after it erases."""
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None
    chat = Chat(make_services(db, intents={question: "my_enquiries"}), w.owner_c.telegram_id, "Owner", language)
    await chat.send("/deleteme")
    asked = await chat.send(question)
    assert chat.buttons(asked, "del"), text_of(asked)
    async with db() as s:
        assert (await s.get_one(Person, w.owner_c.id)).consent_at is not None  # nothing erased yet


@pytest.mark.parametrize(
    ("language", "said"), [("en", "ok please delete everything"), ("it", "cancellate tutto per favore")]
)
async def test_delete_everything_with_a_please_asks_to_confirm(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester (session 16): "ok please delete everything" got "OK." and "cancellate tutto per favore" a metalwork
    search; the user believed the data gone."""
    chat = Chat(make_services(db, intents={said: "affirm"}), 6231, "Someone", language)
    await chat.send("/start")
    asked = await chat.send(said)
    assert chat.buttons(asked, "del"), text_of(asked)


async def test_forget_me_at_the_confirmation_erases_and_a_request_mid_sign_up_asks(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester (session 16): "forget me" at "Delete your personal data?" was read as No ("Nothing was deleted"),
    and "voglio cancellare i miei dati" at a sign-up question got a text about posting offers."""
    chat = Chat(make_services(db), 6232, "Someone", "en")
    await chat.send("/start")
    await chat.send("I represent a company")
    await chat.send("Trattoria Il Portico")
    asked = await chat.send("voglio cancellare i miei dati")
    assert chat.buttons(asked, "del"), text_of(asked)
    done = await chat.send("forget me")
    assert "deleted" in text_of(done) and "Nothing was deleted" not in text_of(done), text_of(done)
    async with db() as s:
        assert await s.scalar(select(Person).where(Person.telegram_id == 6232, Person.consent_at.is_not(None))) is None


async def test_what_data_is_kept_asked_under_results_sends_my_data(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): "quali dati tenete su di me?" with a list of offers on screen opened an offer's
    details, not what /mydata sends."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    w = await build_world(db)
    assert w.owner_c.telegram_id is not None
    chat = Chat(make_services(db), w.owner_c.telegram_id, "Owner", "it")
    assert chat.buttons(await chat.send("/search torta"), "eq")
    sent = await chat.send("quali dati tenete su di me?")
    assert any(r.sent_file or r.document for r in sent), text_of(sent)


async def test_mydata_says_in_short_what_is_stored_before_the_file(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "o que sabem sobre mim?" got a JSON file only; a bakery owner reads a short summary first."""
    w = await build_world(db)
    async with transaction(db) as s:
        await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    assert w.owner_c.telegram_id is not None
    chat = Chat(make_services(db), w.owner_c.telegram_id, w.owner_c.display_name)
    replies = await chat.send("/mydata")
    summary = replies[0].text
    assert w.owner_c.display_name in summary and w.company_c.name in summary and "1 enquiry sent" in summary, summary
    assert any(r.document for r in replies)
