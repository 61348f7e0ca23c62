"""Hostile and odd input through the real router: NUL and control characters, invisible and
right-to-left-override names, over-long relays, forged buttons with non-ASCII payloads.

Each test is a case the hardening round (issue 12) found in the product: what the person sees, what is
stored and what reaches the other side.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, enquiries, orders
from domain.db import transaction
from domain.invites import create_invite
from domain.models import Organisation, Person, RelayMessage
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world, snapshot
from tests.flows.helpers import Chat, make_services, outbox, person_by_telegram, text_of

INVALID_BUTTON = "This button is no longer valid. Send /menu to start again."
HIDDEN_NAME = "Please type the name in plain letters: invisible characters and text-direction marks are not allowed."


def _chat(db: async_sessionmaker[AsyncSession], person: Person | None = None, *, user_id: int = 0,
          name: str = "Test User") -> Chat:  # fmt: skip
    telegram_id = person.telegram_id if person is not None else user_id
    assert telegram_id
    return Chat(make_services(db), telegram_id, person.display_name if person is not None else name)


async def _open_enquiry(db: async_sessionmaker[AsyncSession], w: World) -> int:
    async with transaction(db) as s:
        view = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
    return view.id


async def _compose(chat: Chat, enquiry_id: int) -> None:
    """Press «Reply» on the enquiry, as from /enquiries → Open → Reply."""
    listing = await chat.send("/enquiries")
    opened = await chat.press(chat.button(listing, "eo", enquiry_id))
    asked = await chat.press(chat.button(opened, "rp", enquiry_id))
    assert "Write your message" in text_of(asked)


async def _relays(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with transaction(db) as s:
        return list(await s.scalars(select(RelayMessage.text).order_by(RelayMessage.id)))


async def _organisations(db: async_sessionmaker[AsyncSession]) -> int:
    async with transaction(db) as s:
        return int(await s.scalar(select(func.count()).select_from(Organisation)) or 0)


async def _to_company_name_step(chat: Chat) -> None:
    menu = await chat.send("/start")
    asked = await chat.press(chat.button(menu, "role", "company"))
    assert "name of your company" in text_of(asked)


# --- item 2: NUL characters --------------------------------------------------------------------------------


async def test_nul_in_company_name_is_dropped(db: async_sessionmaker[AsyncSession]) -> None:
    chat = _chat(db, user_id=930_000_001)
    await _to_company_name_step(chat)
    asked = await chat.send("Acme\x00 Bakery\x07")
    assert "In which country" in text_of(asked)
    await chat.press(chat.button(asked, "cc", "LT"))
    done = await chat.send("Vil\x00nius")
    assert "Acme Bakery is set up" in text_of(done)
    async with transaction(db) as s:
        org = await s.scalar(select(Organisation).where(Organisation.kind == "company"))
    assert org is not None and (org.name, org.city) == ("Acme Bakery", "Vilnius")


async def test_a_bare_yes_is_no_company_name(db: async_sessionmaker[AsyncSession]) -> None:
    """ "sim" typed at "What is the name of your company?" (a yes to the question before) set up a company called
    "sim"; the name is asked for again, and a real name then goes on."""
    chat = _chat(db, user_id=930_000_009)
    await _to_company_name_step(chat)
    for answer in ("sim", "ok", "taip"):
        again = await chat.send(answer)
        assert "Please type the name of your company" in text_of(again)  # "2 to 200 characters" was no help
    asked = await chat.send("Pastelaria Sim Senhor")
    assert "In which country" in text_of(asked)
    await chat.press(chat.button(asked, "cc", "PT"))
    assert "Please send the city name" in text_of(await chat.send("ok"))
    assert await _organisations(db) == 0
    assert "Pastelaria Sim Senhor is set up" in text_of(await chat.send("Faro"))


async def test_nul_in_relay_is_dropped(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    enquiry_id = await _open_enquiry(db, w)
    owner = _chat(db, w.owner_c)
    await _compose(owner, enquiry_id)
    sent = await owner.send("See you\x00 on Friday\x1b[31m\nbye\tnow")
    assert "✔ Sent to Vilnius VET school" in text_of(sent)
    assert await _relays(db) == ["See you on Friday[31m\nbye\tnow"]
    assert len(await outbox(db, "relay_message")) == 2  # the school's admin and teacher


async def test_nul_in_search_and_invite_is_harmless(db: async_sessionmaker[AsyncSession]) -> None:
    chat = _chat(db, user_id=930_000_002)
    assert text_of(await chat.send("cakes\x00 in Kaunas"))
    refused = await chat.send("/start abc\x00def")
    assert "invite link is not valid" in text_of(refused)


# --- item 4: a relay over the limit is refused, not cut ----------------------------------------------------


async def test_relay_over_limit_is_refused_not_cut(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    enquiry_id = await _open_enquiry(db, w)
    owner = _chat(db, w.owner_c)
    await _compose(owner, enquiry_id)
    before = await snapshot(db)
    refused = await owner.send("x" * 4001)
    assert text_of(refused) == "That message is too long: at most 4,000 characters. Please make it shorter."
    assert await snapshot(db) == before  # nothing relayed, nothing queued, still writing the message
    sent = await owner.send("y" * 4000)  # the person can send a shorter one right away
    assert "✔ Sent to" in text_of(sent)
    assert await _relays(db) == ["y" * 4000]


async def test_any_message_over_telegram_limit_is_refused(db: async_sessionmaker[AsyncSession]) -> None:
    chat = _chat(db, user_id=930_000_003)
    await chat.send("/start")
    refused = await chat.send("cake " * 1000)
    assert text_of(refused) == "That message is too long: at most 4,096 characters. Please make it shorter."


async def test_decline_reason_over_limit_is_refused_not_cut(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    enquiry_id = await _open_enquiry(db, w)
    teacher = _chat(db, w.teacher_a)
    listing = await teacher.send("/enquiries")
    opened = await teacher.press(teacher.button(listing, "eo", enquiry_id))
    await teacher.press(teacher.button(opened, "ed", enquiry_id))
    before = await snapshot(db)
    refused = await teacher.send("no " * 500)
    assert text_of(refused) == "That message is too long: at most 1,000 characters. Please make it shorter."
    assert await snapshot(db) == before


# --- item 5: forged buttons with non-ASCII payloads --------------------------------------------------------


async def test_non_ascii_button_payload_is_refused(db: async_sessionmaker[AsyncSession]) -> None:
    chat = _chat(db, user_id=930_000_004)
    await chat.send("/start")
    for data in ("é~abcdefghij", "eo:1~жжжжжжжжжж", "ж", "m:menu~\udcff\udcff", "\x00~\x00", "~", ""):
        refused = await chat.press_data(data)
        assert text_of(refused) == INVALID_BUTTON, data


# --- item 6: invisible and right-to-left-override names ----------------------------------------------------


async def test_invisible_or_reversed_company_name_is_refused(db: async_sessionmaker[AsyncSession]) -> None:
    chat = _chat(db, user_id=930_000_005)
    await _to_company_name_step(chat)
    for name in ("\u200b\u200b", "\u202eadL ociF", "\u2066Acme\u2069", "\u3164\u3164", "\u2800 \u200d"):
        refused = await chat.send(name)
        assert text_of(refused) == HIDDEN_NAME, repr(name)
    assert await _organisations(db) == 0
    asked = await chat.send("Fico\u200b Lda")  # a stray zero-width space in a real name is just dropped
    await chat.press(chat.button(asked, "cc", "PT"))
    await chat.send("\u202eobsiL")
    assert await _organisations(db) == 0  # the city is a typed name too
    done = await chat.send("Lisboa")
    assert "Fico Lda is set up" in text_of(done)


async def test_telegram_display_names_are_sanitised(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    async with transaction(db) as s:
        invite = await create_invite(s, w.school_a.slug, "student", uses=5)
    reversed_name = Chat(make_services(db), 930_000_006, "\u202eadL ociF\u200b\x00")
    blank_name = Chat(make_services(db), 930_000_007, "\u200b\u200b \u2066\u2069")
    for chat in (reversed_name, blank_name):
        assert "You joined Vilnius VET school as a student" in text_of(await chat.send(f"/start {invite.token}"))
    assert (await person_by_telegram(db, 930_000_006)).display_name == "adL ociF"
    assert (await person_by_telegram(db, 930_000_007)).display_name == ""
    # the teacher picks students for a task: the blank name shows as a neutral placeholder
    enquiry_id = await _open_enquiry(db, w)
    async with transaction(db) as s:
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry_id)
    teacher = _chat(db, w.teacher_a)
    opened = await teacher.send("/orders")
    asked = await teacher.press(teacher.button(await teacher.press(teacher.button(opened, "oo", order.id)), "ot"))
    assert "what is the task" in text_of(asked)
    due = await teacher.send("Bake")
    picker = await teacher.press(teacher.button(due, "ods"))
    labels = [b.label for b in teacher.buttons(picker, "og")]
    assert "☐ adL ociF" in labels and "☐ (no name)" in labels
    assert all("\u202e" not in label and label.strip("☐ ") for label in labels)


async def test_erased_student_shows_as_former_student(db: async_sessionmaker[AsyncSession]) -> None:
    w = await build_world(db)
    enquiry_id = await _open_enquiry(db, w)
    async with transaction(db) as s:
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry_id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake", utcnow() + timedelta(days=3))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
    async with transaction(db) as s:
        await accounts.erase_person(s, w.student_a1)
    teacher = _chat(db, w.teacher_a)
    shown = text_of(await teacher.press(teacher.button(await teacher.send("/orders"), "oo", order.id)))
    assert "🆕 former student: new" in shown and "🆕 Student A2: new" in shown
    assert "🆕 : " not in shown


async def test_cancel_in_any_language_at_a_typed_question_cancels(db: async_sessionmaker[AsyncSession]) -> None:
    """ "annulla" / "отмена" typed at "What is the name of your company?" set up a company called so."""
    for word in ("annulla", "отмена", "cancel"):
        chat = _chat(db, user_id=930_000_100 + len(word))
        await _to_company_name_step(chat)
        cancelled = await chat.send(word)
        assert "In which country" not in text_of(cancelled), word
        assert "name of your company" not in text_of(await chat.send("Acme Bakery")), word
    assert await _organisations(db) == 0


async def test_help_at_a_typed_question_shows_help_and_keeps_the_question(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """ "palidziba" / "помощь" at "In which country is the company?" was "I did not recognise that country"."""
    chat = _chat(db, user_id=930_000_200)
    await _to_company_name_step(chat)
    assert "In which country" in text_of(await chat.send("Acme Bakery"))
    for word in ("palidziba", "помощь"):
        helped = await chat.send(word)
        assert "I connect companies with vocational schools" in text_of(helped), word
    assert "And the city?" in text_of(await chat.send("Lithuania"))


async def test_an_emoji_or_a_lone_everyone_is_no_yes_and_no_goodbye(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind testers: "🤔" got "OK." (read as a yes) and "wszyscy", "visi" with nothing to pick from got "Goodbye!".
    They are said not to be understood, with the menu; a heart is thanks, 👍 still a yes."""
    w = await build_world(db)
    company = _chat(db, w.owner_c)
    for unclear in ("🤔🤔", "...", "wszyscy", "visi"):
        said = text_of(await company.send(unclear))
        assert "not sure what you mean" in said and "Goodbye" not in said, (unclear, said)
        assert any(r.buttons for r in company.received), unclear  # the menu, a way on
    assert "welcome" in text_of(await company.send("❤️"))
    assert "not sure" not in text_of(await company.send("👍"))
