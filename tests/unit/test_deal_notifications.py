"""The notifications of a deal ending early or moving on (withdrawn, cancelled, started, ready, a school nobody
answers for), rendered for each recipient in en/lt/ru, normal and easy-read: nobody else's name or Telegram
id, valid HTML, the marker first, the right buttons — and nothing once the news no longer holds.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox_sender.render import OutgoingMessage
from domain import cancellations, enquiries, tasks
from domain.db import transaction
from domain.models import OutboxMessage, Person
from tests.domain.factories import listing, member, org, outbox_rows, person
from tests.unit.test_notifications import SIGNER, Scenario, _check_html, _rows, _visible, build, render

LANGUAGES = ("en", "lt", "ru")
KINDS = {  # kind → (marker, button actions)
    "order_started": ("🧰", {"oo"}),
    "order_ready": ("✅", {"oo"}),
    "order_cancelled": ("✖️", {"oo"}),
    "enquiry_withdrawn": ("✖️", set()),
    "school_waiting": ("🔔", set()),
}


async def _people(db: async_sessionmaker[AsyncSession]) -> dict[int, Person]:
    async with db() as s:
        return {p.id: p for p in await s.scalars(select(Person))}


async def _all_tasks_done(db: async_sessionmaker[AsyncSession], scenario: Scenario) -> None:
    w = scenario.w
    async with transaction(db) as s:  # every part still given to each student of the scenario
        for student in (w.student_a1, w.student_a2):
            for task in await tasks.my_tasks(s, student):
                await tasks.mark_task_done(s, student, task.assignment_id)


def _check(message: OutgoingMessage, kind: str, row: OutboxMessage, people: dict[int, Person], easy: bool) -> None:
    marker, actions = KINDS[kind]
    recipient = people[row.recipient_id]
    assert recipient.telegram_id is not None
    text = _visible(message)
    for pid, other in people.items():
        if pid != row.recipient_id:
            assert other.display_name not in text and str(other.telegram_id) not in text, (kind, other.display_name)
    _check_html(message.text)
    assert marker in message.text.splitlines()[0], (kind, message.text)
    for button_row in message.buttons:
        for _label, data in button_row:
            assert SIGNER.verify(recipient.telegram_id, data).name in actions, kind
    if easy:
        assert sum(len(r) for r in message.buttons) <= 3 and all(len(r) == 1 for r in message.buttons)


@pytest.mark.parametrize("easy", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_endings_render_for_their_recipients_only(
    db: async_sessionmaker[AsyncSession], language: str, easy: bool
) -> None:
    scenario = await build(db)
    w = scenario.w
    async with transaction(db) as s:
        await cancellations.cancel_order(s, w.teacher_a, scenario.order_id, "Oven <broken> & sorry")
        other = await enquiries.create_enquiry(s, w.member_c, w.listing_a.id, quantity=2, needed_by=None, message="")
        await cancellations.withdraw_enquiry(s, w.member_c, other.id)
        lonely = await org(s, "school", "Lonely <School>")
        principal = await person(s, "SECRET-NAME-principal")
        await member(s, principal, lonely, "admin")
        offer = await listing(s, lonely, "Sourdough")
        await enquiries.school_can_answer(s, w.owner_c, offer.id)
    rows = await _rows(db, "order_cancelled", "enquiry_withdrawn", "school_waiting")
    assert {k: {r.recipient_id for r in v} for k, v in rows.items()} == {
        "order_cancelled": {w.owner_c.id, w.student_a1.id, w.student_a2.id},
        "enquiry_withdrawn": {w.admin_a.id, w.teacher_a.id},
        "school_waiting": {principal.id},
    }
    people = await _people(db)
    for kind, found in rows.items():
        for row in found:
            message = await render(db, row, language=language, easy=easy)
            assert message is not None, (kind, row.recipient_id)
            _check(message, kind, row, people, easy)
            if kind == "order_cancelled" and row.recipient_id == w.owner_c.id and language == "en":
                assert "Oven &lt;broken&gt; &amp; sorry" in message.text


async def test_started_and_ready_render_only_while_the_order_is_in_progress(
    db: async_sessionmaker[AsyncSession],
) -> None:
    scenario = await build(db)
    w = scenario.w
    await _all_tasks_done(db, scenario)
    rows = await _rows(db, "order_started", "order_ready")
    people = await _people(db)
    for kind in ("order_started", "order_ready"):
        assert [r.recipient_id for r in rows[kind]] == [w.owner_c.id], kind
        for language in LANGUAGES:
            for easy in (False, True):
                message = await render(db, rows[kind][0], language=language, easy=easy)
                assert message is not None
                _check(message, kind, rows[kind][0], people, easy)
    ready = await render(db, rows["order_ready"][0])
    assert ready is not None and "is ready: all its tasks are done" in ready.text
    async with transaction(db) as s:
        await cancellations.cancel_order(s, w.owner_c, scenario.order_id, "Changed plans")
    for kind in ("order_started", "order_ready"):  # a cancelled order: old news is not sent late
        assert await render(db, rows[kind][0]) is None
    told = {r.recipient_id for r in await outbox_rows(db, "order_cancelled")}
    assert told == {w.teacher_a.id, w.student_a1.id, w.student_a2.id}
