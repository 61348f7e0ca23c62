"""A coordinator's reports in chat, through the real router: typed ("this year by country") or by button, the
chart as a photo with the headline figures and the CSV as a document; a coordinator of one country sees that
country only, and nobody else gets a report, however they ask.

Coordinators join as people do, by opening a coordinator invite (domain/coordinators.py); nobody else gets a
report, typed, pressed or commanded.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.types import Reply
from domain.coordinators import create_coordinator_invite, redeem_coordinator_invite
from domain.db import transaction
from domain.models import Person
from tests.domain import factories
from tests.domain.report_fixture import build_report_world
from tests.flows.helpers import Chat, make_services, text_of

NOW = datetime(2026, 4, 10, 12, tzinfo=UTC)  # "this year" is then 1 Jan – 10 Apr 2026: all of the fixture


async def _world(db: async_sessionmaker[AsyncSession]) -> tuple[Person, Person]:
    async with transaction(db) as s:
        await build_report_world(s)
        return await factories.person(s, "Coordinator"), await factories.person(s, "Company owner")


def _chat(db: async_sessionmaker[AsyncSession], who: Person) -> Chat:
    assert who.telegram_id is not None
    return Chat(make_services(db, clock=lambda: NOW), who.telegram_id, who.display_name)


async def _coordinator(db: async_sessionmaker[AsyncSession], who: Person, country: str | None) -> None:
    """``who`` opens a coordinator invite link (of one country, or of all)."""
    async with transaction(db) as s:
        invite = await create_coordinator_invite(s, country)
        await redeem_coordinator_invite(s, invite.token, who)


def _files(replies: list[Reply]) -> tuple[Reply, list[list[str]]]:
    """The photo reply and the rows of the CSV document that follows it."""
    (photo,) = [r for r in replies if r.photo is not None]
    (document,) = [r for r in replies if r.document is not None]
    assert photo.photo is not None and photo.photo[0].endswith(".png") and photo.photo[1][:4] == b"\x89PNG"
    assert document.document is not None and document.document[0].endswith(".csv")
    assert replies.index(photo) < replies.index(document)
    return photo, list(csv.reader(io.StringIO(document.document[1].decode("utf-8-sig"))))


async def test_a_coordinator_asks_in_words_and_by_button(db: async_sessionmaker[AsyncSession]) -> None:
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, None)
    chat = _chat(db, coordinator)

    photo, rows = _files(await chat.send("this year by country"))
    assert "VET2B network report by country, 1 Jan 2026 – 10 Apr 2026" in photo.text
    assert "Enquiries: 6 · orders: 5 · completed: 3" in photo.text
    assert "Schools answer in 6 h (median)." in photo.text and "Average rating: 3.7 ★" in photo.text
    assert "Students involved: 4" in photo.text
    assert [r[:4] for r in rows[1:]] == [
        ["LT", "Lithuania", "2", "3"],
        ["LV", "Latvia", "1", "3"],
        ["", "All", "3", "6"],
    ]

    photo, rows = _files(await chat.press(chat.button([photo], "srp", "this_year", "category")))
    assert "report by category" in photo.text
    assert [r[0] for r in rows[1:]] == ["bakery", "catering", "web_design", ""]

    photo, rows = _files(await chat.send("by month"))  # right after a report: the period is kept
    assert "report by month, 1 Jan 2026 – 10 Apr 2026" in photo.text
    assert [r[0] for r in rows[1:-1]] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    forged = await chat.press_data(chat.services.signer.sign(chat.user_id, "srp", "months.999", "nonsense"))
    assert "report by country, 1 Nov 2025 – 10 Apr 2026" in _files(forged)[0].text  # the default, not an error
    assert "report by month, 1 Apr 2026 – 10 Apr 2026" in _files(
        await chat.press(chat.button([photo], "srp", "this_month", "month")))[0].text  # fmt: skip


async def test_a_coordinator_of_one_country_sees_its_schools_only(db: async_sessionmaker[AsyncSession]) -> None:
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, "LV")
    photo, rows = _files(await _chat(db, coordinator).send("statistika šiais metais"))  # any language
    assert "(Latvia)" in photo.text and "Enquiries: 3 · orders: 3 · completed: 1" in photo.text
    assert [r[0] for r in rows[1:]] == ["LV", ""]


async def test_a_period_with_nothing_to_show_says_so_without_files(db: async_sessionmaker[AsyncSession]) -> None:
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, "PT")
    quiet = await _chat(db, coordinator).send("this month by category")
    assert not any(r.photo or r.document for r in quiet)
    assert text_of(quiet) == "Nothing to report for 1 Apr 2026 – 10 Apr 2026: no listings, enquiries or orders."
    assert any(b.label == "🌍 By country" for r in quiet for row in r.buttons for b in row)


async def test_nobody_else_gets_a_report_typed_pressed_or_commanded(db: async_sessionmaker[AsyncSession]) -> None:
    coordinator, owner = await _world(db)
    await _coordinator(db, coordinator, None)
    chat = _chat(db, owner)
    typed = await chat.send("this year by country")
    assert not any(r.photo or r.document for r in typed)
    forged = await chat.press_data(chat.services.signer.sign(chat.user_id, "srp", "months.6", "country"))
    assert text_of(forged) == "Reports are for coordinators of the network."
    assert text_of(await chat.send("/stats")) == "Reports are for coordinators of the network."
    # session 17: "show statistics for this month" from them got "There are no enquiries yet"
    assert text_of(await chat.send("show statistics for this month")) == "Reports are for coordinators of the network."

    photo, _ = _files(await _chat(db, coordinator).send("/stats last year by category"))
    assert "report by category, 1 Jan 2025 – 31 Dec 2025" in photo.text


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("how many orders this month?", "1 Apr 2026 – 10 Apr 2026"),
        ("cik pasūtījumu šogad?", "1 Jan 2026 – 10 Apr 2026"),
        ("skolko zakazov?", "1 Nov 2025 – 10 Apr 2026"),  # no period said: the default
    ],
)
async def test_a_coordinators_how_many_question_is_a_report(
    db: async_sessionmaker[AsyncSession], said: str, period: str
) -> None:
    """Blind testers: "cik pasūtījumu šomēnes?" and "skolko zakazov v Latvii?" were searched for as offers."""
    coordinator, owner = await _world(db)
    await _coordinator(db, coordinator, None)
    replies = await _chat(db, coordinator).send(said)
    assert period in "\n".join(r.text for r in replies), text_of(replies)
    assert not any(r.photo or r.document for r in await _chat(db, owner).send(said))


@pytest.mark.parametrize(
    ("said", "period"),
    [
        ("pokaż statystyki", "1 Nov 2025 – 10 Apr 2026"),
        ("fammi vedere le statistiche", "1 Nov 2025 – 10 Apr 2026"),
        ("show statistics", "1 Nov 2025 – 10 Apr 2026"),
        ("skolko zakazov v etom mesyace?", "1 Apr 2026 – 10 Apr 2026"),
        ("a za etot god po kategoriyam?", "1 Jan 2026 – 10 Apr 2026"),
    ],
)
async def test_statistics_named_in_any_words_are_a_report(
    db: async_sessionmaker[AsyncSession], said: str, period: str
) -> None:
    """Blind tester: "show statistics" in five languages was a search, "OK." or "which offer?"; Russian in Latin
    letters lost its period ("v etom mesyace" gave the last six months)."""
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, None)
    replies = await _chat(db, coordinator).send(said)
    assert period in "\n".join(r.text for r in replies), text_of(replies)


async def test_a_year_is_a_period_and_a_year_to_come_is_said_not_begun(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): "statistics for 2025" and "/stats 2099" silently got the last six months."""
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, "PT")
    chat = _chat(db, coordinator)
    said = text_of(await chat.send("statistics for 2025 by category"))
    assert "2025" in said and "not begun" not in said, said
    future = text_of(await chat.send("/stats 2099"))
    assert "has not begun yet" in future, future


@pytest.mark.parametrize("asked", ["which schools are the most active?", "statistics by school this year",
                                   "самые активные школы", "najbardziej aktywne szkoły"])  # fmt: skip
async def test_the_most_active_schools_are_a_report_by_school(db: async_sessionmaker[AsyncSession], asked: str) -> None:
    """Blind tester L-F3 (session 18): "which schools are the most active?" got "I can only help with offers…";
    there was no report by school. The schools come most active first, the first three under the chart."""
    coordinator, _ = await _world(db)
    await _coordinator(db, coordinator, None)
    photo, rows = _files(await _chat(db, coordinator).send(asked))
    assert "report by school" in photo.text, photo.text
    assert [r[0] for r in rows[1:]] == ["LV school", "LT school", ""]
    assert "1. LV school: 3 orders" in photo.text, photo.text
