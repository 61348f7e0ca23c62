"""Property-based: arbitrary updates through the real router, on SQLite and PostgreSQL.

Whatever a modified client sends — any Unicode (NUL, controls, bidi overrides, zero-width
characters, lone surrogates), any button payload, text far over any limit — no exception escapes
the router, every reply is something Telegram accepts (non-empty, valid HTML, each part within
4,096 UTF-16 units), and input that is refused leaves nothing behind.

Example counts are modest (the suite must stay fast); the database is shared by the examples of one
test, so each example uses a new person where state would get in the way.
"""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.flows  # noqa: F401  (registers the flows)
from bot.core import registry
from bot.core.types import Button, Reply
from bot.telegram_text import split_text
from domain import enquiries
from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.limits import INCOMING_MAX, RELAY_MAX
from domain.models import Enquiry, Membership, Organisation, OutboxMessage, Person, RelayMessage
from domain.taxonomy import DATA_DIR, load_taxonomy
from domain.text_input import DIRECTION_CONTROLS, tidy
from tests.domain.factories import build_world, person, snapshot
from tests.fake_telegram.formatting import parse_html, utf16_len
from tests.flows.helpers import Chat, make_services, text_of

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
INVALID_BUTTON = "This button is no longer valid. Send /menu to start again."
HIDDEN_NAME = "Please type the name in plain letters: invisible characters and text-direction marks are not allowed."
TOO_LONG = "That message is too long: at most {n} characters. Please make it shorter."

SPECIAL = list("\x00\x07\x1b\x7f\x85\r\n\t &<>;/~:\u00a0\u200b\u200d\u200e\u202e\u2066\u2069\u3164\u2800\ufeff\u0301😀")
INVISIBLE = list("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u3164\u115f\u2800\u00ad \t\n\u00a0\u3000\x00\x1b")
CHARS = st.one_of(st.characters(codec=None), st.sampled_from(SPECIAL))  # surrogates included
TEXT = st.text(CHARS, max_size=120)
COMMANDS = st.sampled_from(["/", "/start ", "/help@x ", "/deleteme", "/cancel "])
MESSAGES = st.one_of(TEXT, st.builds(lambda head, body: head + body, COMMANDS, TEXT))
BUTTONS = [*sorted(registry.BUTTONS), "unknown"]  # every action a button can carry
VISIBLE = st.characters(categories=["L", "N", "P", "S"])
ASCII = st.text(st.characters(codec="ascii", exclude_characters="~:"), max_size=8)

_users = itertools.count(950_000_001)


def _valid(replies: list[Reply]) -> None:
    """What Telegram would accept: text in every reply, valid HTML in parts of at most 4,096 units."""
    assert replies
    for reply in replies:
        assert reply.text.strip()
        for part in split_text(reply.text):
            shown = parse_html(part).text  # raises on markup Telegram refuses
            assert 0 < utf16_len(shown) <= 4096
        for row in reply.buttons:
            for button in row:
                assert button.label.strip() and len(button.data.encode()) <= 64


def _chat(db: async_sessionmaker[AsyncSession], name: str = "Test User") -> Chat:
    return Chat(make_services(db), next(_users), name)


async def _world_chat(db: async_sessionmaker[AsyncSession], display_name: str) -> Chat:
    """A person of the shared world (tests.domain.factories), built by the first example that needs it."""
    async with transaction(db) as s:
        found = await s.scalar(select(Person).where(Person.display_name == display_name))
    if found is None:
        await build_world(db)
        return await _world_chat(db, display_name)
    assert found.telegram_id is not None
    return Chat(make_services(db), found.telegram_id, display_name)


async def _count(db: async_sessionmaker[AsyncSession], table: type) -> int:
    async with transaction(db) as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


@EXAMPLES
@given(name=TEXT, messages=st.lists(MESSAGES, min_size=1, max_size=3))
async def test_any_text_from_anyone_gets_a_valid_answer(
    db: async_sessionmaker[AsyncSession], name: str, messages: list[str]
) -> None:
    chat = _chat(db, name)
    for message in messages:
        _valid(await chat.send(message))
    async with db() as s:  # "/deleteme" then "y" erases the person: nothing of them is left to check
        person = await s.scalar(select(Person).where(Person.telegram_id == chat.user_id))
    stored = person.display_name if person is not None else ""
    assert stored == stored.strip() and all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in stored)


PAYLOADS = st.one_of(
    st.text(CHARS, max_size=80),
    st.builds("{}~{}".format, st.text(CHARS, max_size=30), st.text(CHARS, max_size=12)),  # action~signature
)


@EXAMPLES
@given(data=PAYLOADS)
async def test_any_button_payload_is_refused_cleanly(db: async_sessionmaker[AsyncSession], data: str) -> None:
    chat = _chat(db)
    await chat.send("/start")
    before = await snapshot(db)
    replies = await chat.press_data(data)
    assert text_of(replies) == INVALID_BUTTON
    assert await snapshot(db) == before


@EXAMPLES
@given(
    name=st.sampled_from(BUTTONS),
    args=st.lists(st.one_of(st.sampled_from(["1", "2", "0", "yes", "LT", "menu"]), ASCII), max_size=3),
    who=st.sampled_from(["Teacher A", "Owner C", "Student A1", None]),
)
async def test_signed_buttons_with_arbitrary_arguments_never_crash(
    db: async_sessionmaker[AsyncSession], name: str, args: list[str], who: str | None
) -> None:
    """A button we did sign, replayed with other arguments or by someone it was not meant for."""
    chat = await _world_chat(db, who) if who else _chat(db)
    await chat.send("/start")
    data = chat.services.signer.sign(chat.user_id, name, *args)
    _valid(await chat.press(Button("forged", data)))


@EXAMPLES
@given(unit=st.text(VISIBLE, min_size=1, max_size=8), extra=st.integers(1, 3000))
async def test_text_over_telegram_limit_is_refused_and_nothing_stored(
    db: async_sessionmaker[AsyncSession], unit: str, extra: int
) -> None:
    text = unit * (INCOMING_MAX // len(unit) + 1) + "x" * extra
    assert len(tidy(text).strip()) > INCOMING_MAX
    chat = _chat(db)
    await chat.send("/start")
    before = await snapshot(db)
    assert text_of(await chat.send(text)) == TOO_LONG.format(n="4,096")
    assert await snapshot(db) == before


@EXAMPLES
@given(
    invisible=st.text(st.sampled_from(INVISIBLE), min_size=1, max_size=10),
    letters=st.text(VISIBLE, min_size=2, max_size=20),
    control=st.sampled_from(sorted(DIRECTION_CONTROLS)),
    where=st.integers(0, 20),
)
async def test_invisible_or_direction_controlled_company_names_create_nothing(
    db: async_sessionmaker[AsyncSession], invisible: str, letters: str, control: str, where: int
) -> None:
    chat = _chat(db)
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    for name in (invisible, letters[:where] + control + letters[where:]):
        replies = await chat.send(name)
        _valid(replies)
        if tidy(name).strip():  # (a message of only spaces and controls is no message: the help is shown)
            assert text_of(replies) == HIDDEN_NAME
    assert await _count(db, Organisation) == 0


@EXAMPLES
@given(name=TEXT)
async def test_any_accepted_company_name_is_visible_plain_text(db: async_sessionmaker[AsyncSession], name: str) -> None:
    chat = _chat(db)
    menu = await chat.send("/start")
    await chat.press(chat.button(menu, "role", "company"))
    asked = await chat.send(name)
    _valid(asked)
    if not chat.buttons(asked, "cc"):
        return  # refused (or a command): asked again
    await chat.press(chat.button(asked, "cc", "LT"))
    _valid(await chat.send("Vilnius"))
    async with transaction(db) as s:
        stored = await s.scalar(select(Organisation.name).order_by(Organisation.id.desc()).limit(1))
    assert stored is not None and 2 <= len(stored) <= 200 and stored == stored.strip()
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in stored)


@EXAMPLES
@given(unit=st.text(CHARS, min_size=1, max_size=20), times=st.integers(1, 450))
async def test_relay_is_passed_on_whole_or_refused_whole(
    db: async_sessionmaker[AsyncSession], unit: str, times: int
) -> None:
    if not await _count(db, Enquiry):  # the first example sets the scene
        world = await build_world(db)
        async with transaction(db) as s:
            await enquiries.create_enquiry(s, world.owner_c, world.listing_a.id, quantity=1, needed_by=None, message="")
    async with transaction(db) as s:  # a new member of the company for each example: the relay rate limit is per person
        enquiry = await s.scalar(select(Enquiry))
        assert enquiry is not None
        writer = await person(s, "Writer")
        await s.execute(insert(Membership).values(person_id=writer.id, organisation_id=enquiry.from_organisation_id,
                                                  role="member"))  # fmt: skip
    assert writer.telegram_id is not None
    chat = Chat(make_services(db), writer.telegram_id, "Writer")
    asked = await chat.press(Button("↩️", chat.services.signer.sign(chat.user_id, "rp", enquiry.id)))
    assert "Write your message" in text_of(asked)
    text = unit * times
    relays, queued = await _count(db, RelayMessage), await _count(db, OutboxMessage)
    replies = await chat.send(text)
    _valid(replies)
    body = tidy(text).strip()
    if len(body) > RELAY_MAX:
        limit = "4,096" if len(body) > INCOMING_MAX else "4,000"
        assert text_of(replies) == TOO_LONG.format(n=limit)
    if "✔ Sent to" in text_of(replies):
        async with transaction(db) as s:
            stored = await s.scalar(select(RelayMessage.text).order_by(RelayMessage.id.desc()).limit(1))
        assert stored == body  # whole, cleaned, not cut
    else:
        assert (await _count(db, RelayMessage), await _count(db, OutboxMessage)) == (relays, queued)


async def test_html_around_a_need_is_read_without_its_tags(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind testers: "<script>alert(1)</script>" opened the alerts list ("You have no alerts"), and tags around
    "нужен торт" hid the cakes; tags are no words of the message."""
    assert (await import_catalogue(db, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(), load_taxonomy())).ok
    chat = Chat(make_services(db), 6700, "Tester", "en")
    await chat.send("/start")
    await chat.send("just looking")
    scripted = text_of(await chat.send('<script>alert("x")</script>'))
    assert "no alerts" not in scripted.casefold(), scripted  # (the help is shown: nothing was said)
    cakes = text_of(await chat.send("<b>birthday</b> <i>cakes</i>"))
    assert "I found" in cakes, cakes
