"""NotificationRenderer: every outbox kind, in en/lt/ru, normal and easy-read, for the person who receives it.

The privacy check gives everyone a distinctive display name ("SECRET-NAME-<id>") and greps every
rendered text, button label and callback for the names and Telegram ids of everyone but the
recipient. The only exception is by design: a teacher sees the name of their own student on
task_question and task_done.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import BadCallback, CallbackSigner
from bot.flows.tasks import due_text
from bot.i18n import translator
from bot.notifications import MAX_TEXT, NotificationRenderer, clip_escaped, fit
from bot.outbox_sender.render import OutgoingMessage
from domain import enquiries, orders, outbox, task_changes, task_reminders, tasks
from domain.db import transaction
from domain.models import Membership, OutboxMessage, Person, Task
from domain.timeutil import as_utc, utcnow
from tests.domain.factories import World, build_world
from tests.fake_telegram.formatting import parse_html, utf16_len

SIGNER = CallbackSigner(b"test")
LANGUAGES = ("en", "lt", "ru")
ALLOWED_TAGS = {"b", "i"}
ACTIONS = {
    "enquiry_received": {"rp", "ea", "ed"},
    "relay_message": {"rp"},
    "enquiry_accepted": {"rp"},
    "enquiry_declined": {"m"},
    "task_assigned": {"ls", "ta", "tq", "td"},  # ls: 🔊 Listen, in easy-read
    "task_reminder": {"ls", "ta", "tq", "td"},
    "task_question": {"tr", "oo"},
    "task_answer": {"ls", "tq", "td"},
    "task_changed": {"ta", "tq", "td"},
    "task_unassigned": set(),
    "task_deleted": set(),
    "task_overdue": {"otd", "oo"},
    "task_done": {"oo"},
    "order_completed": {"rt"},
    "review_received": {"oo"},
    "recipient_unreachable": set(),
}
EARLY = ("task_assigned", "task_reminder", "task_answer", "task_changed", "task_unassigned", "task_deleted",
         "task_overdue")  # fmt: skip  # rendered before the task is done and the order closes
MARKERS = {
    "enquiry_received": "📨",
    "relay_message": "💬",
    "enquiry_accepted": "✅",
    "enquiry_declined": "✖️",
    "task_assigned": "📋",
    "task_reminder": "⏰",
    "task_question": "❓",
    "task_answer": "💬",
    "task_changed": "✏️",
    "task_unassigned": "🚫",
    "task_deleted": "🗑",
    "task_overdue": "⏰",
    "task_done": "✅",
    "order_completed": "🎉",
    "review_received": "⭐",
    "recipient_unreachable": "⚠️",
}


@dataclass
class Scenario:
    w: World
    people: dict[int, Person]  # id → person (names are SECRET-NAME-<id>)
    due: datetime
    order_id: int
    enquiry_id: int
    declined_id: int  # its enquiry_received rows have nothing to say any more (a colleague declined it)
    rows: dict[str, list[OutboxMessage]] = field(default_factory=dict)  # rendered while they still matter
    gone: set[int] = field(default_factory=set)  # task_assigned rows of assignments taken away: nothing to say now


async def _rows(db: async_sessionmaker[AsyncSession], *kinds: str) -> dict[str, list[OutboxMessage]]:
    async with transaction(db) as s:
        found = await s.scalars(select(OutboxMessage).where(OutboxMessage.kind.in_(kinds)).order_by(OutboxMessage.id))
        result: dict[str, list[OutboxMessage]] = {k: [] for k in kinds}
        for row in found:
            result[row.kind].append(row)
        return result


async def build(db: async_sessionmaker[AsyncSession]) -> Scenario:
    """The journey up to the tasks (rendered while the order is open), with user text that tries to
    inject markup at every step."""
    w = await build_world(db)
    async with transaction(db) as s:
        people = {p.id: p for p in await s.scalars(select(Person))}
        for p in people.values():
            p.display_name = f"SECRET-NAME-{p.id}"
    due = utcnow() + timedelta(days=2)
    async with transaction(db) as s:
        enq = await enquiries.create_enquiry(
            s, w.owner_c, w.listing_a.id, quantity=40, needed_by=utcnow().date() + timedelta(days=9),
            message="For our <script>opening</script> & party",
        )  # fmt: skip
        await enquiries.relay_message(s, w.owner_c, enq.id, "Gluten <evil>free</evil>?")
        await enquiries.relay_message(s, w.teacher_a, enq.id, "Yes & no")
        other = await enquiries.create_enquiry(s, w.member_d, w.listing_a.id, quantity=None, needed_by=None, message="")
        await enquiries.decline_enquiry(s, w.teacher_a, other.id, "Too <busy> & sorry")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enq.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake <40> cupcakes", due)
        view = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
        first = view.assignments[0].id
        await tasks.ask_about_task(s, w.student_a1, first, "What <u>size</u> & colour?")
        await tasks.answer_question(s, w.teacher_a, first, "Small <i>ones</i> & blue")
    async with transaction(db) as s:
        await tasks.acknowledge_task(s, w.student_a1, first)
        both = [w.student_a1.id, w.student_a2.id]
        wrap = await orders.add_task(s, w.teacher_a, order.id, "Wrap <gifts>", None)
        wrapping = await orders.assign_task(s, w.teacher_a, wrap.id, both)
        dropped = await orders.add_task(s, w.teacher_a, order.id, "Paint <signs> & boards", None)
        painting = await orders.assign_task(s, w.teacher_a, dropped.id, both)
    taken = {wrapping.assignments[1].id, *(a.id for a in painting.assignments)}
    gone = {r.id for r in (await _rows(db, "task_assigned"))["task_assigned"] if r.payload["assignment_id"] in taken}
    async with transaction(db) as s:
        await task_changes.unassign_students(s, w.teacher_a, wrap.id, [w.student_a2.id])
        await task_changes.delete_task(s, w.teacher_a, dropped.id)
        late = await orders.add_task(s, w.teacher_a, order.id, "Sweep <floor>", due)
        await orders.assign_task(s, w.teacher_a, late.id, both)
        await task_changes.rename_task(s, w.teacher_a, late.id, "Sweep <the> floor & stairs")
        await s.execute(update(Task).where(Task.id == late.id).values(due_at=utcnow() - timedelta(hours=1)))
        await task_reminders.scan(s, as_utc(due) - timedelta(hours=23))  # the day before: reminders
        await task_reminders.scan(s, utcnow())  # now: the late task's overdue nudge
    scenario = Scenario(w, people, due, order.id, enq.id, other.id, gone=gone)
    scenario.rows.update(await _rows(db, *EARLY))
    return scenario


async def finish(db: async_sessionmaker[AsyncSession], scenario: Scenario) -> Scenario:
    """The rest of the journey: done, someone unreachable, order complete, rated."""
    w = scenario.w
    first = scenario.rows["task_assigned"][0].payload["assignment_id"]
    async with transaction(db) as s:
        await tasks.mark_task_done(s, w.student_a1, first)
        await outbox.mark_unreachable(s, w.student_a2.id)  # their task rows were escalated to teacher_a
        await outbox.enqueue(
            s, recipient_id=w.teacher_a.id, kind="recipient_unreachable",
            payload={"person_id": w.owner_c.id, "undelivered_kinds": ["relay_message"]},
        )  # fmt: skip
    async with transaction(db) as s:
        await orders.complete_order(s, w.teacher_a, scenario.order_id)
    async with transaction(db) as s:
        await orders.rate_order(s, w.owner_c, scenario.order_id, 5, "Great <3 & <b>thanks</b>")
    kinds = [k for k in ACTIONS if k not in scenario.rows]
    scenario.rows.update(await _rows(db, *kinds))
    return scenario


async def render(
    db: async_sessionmaker[AsyncSession],
    row: OutboxMessage,
    *,
    language: str = "en",
    easy: bool = False,
    clock: Callable[[], datetime] = utcnow,
) -> OutgoingMessage | None:
    """Render ``row`` for its recipient as if they used ``language`` and ``easy``; nothing is committed."""
    async with db() as s:
        person = await s.get(Person, row.recipient_id)
        assert person is not None
        person.language, person.easy_read = language, easy
        await s.flush()
        message = await NotificationRenderer(SIGNER, clock=clock).render(s, row, person)
        await s.rollback()
        return message


def _visible(message: OutgoingMessage) -> str:
    return "\n".join([message.text] + [f"{label} {data}" for row in message.buttons for label, data in row])


def _check_html(text: str) -> None:
    """Only our own tags, balanced; no user-written markup got through unescaped."""
    tags = re.findall(r"<(/?)([a-zA-Z0-9]+)[^>]*>", text)
    assert {name for _, name in tags} <= ALLOWED_TAGS, text
    depth: list[str] = []
    for closing, name in tags:
        if closing:
            assert depth and depth.pop() == name, text
        else:
            depth.append(name)
    assert not depth, text
    assert re.search(r"&(?!amp;|lt;|gt;|quot;|#)", text) is None, text  # every & is an entity


def _forbidden(s: Scenario, row: OutboxMessage) -> list[str]:
    """Names and Telegram ids of everyone but the recipient (and the student a teacher asks about)."""
    allowed = {row.recipient_id}
    if row.kind in ("task_question", "task_done"):
        allowed.add(s.w.student_a1.id)  # the teacher's own student: same school
    found = []
    for pid, person in s.people.items():
        if pid not in allowed:
            found.append(person.display_name)
            if person.telegram_id is not None:
                found.append(str(person.telegram_id))
    return found


@pytest.mark.parametrize("easy", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_kind_renders_safely(db: async_sessionmaker[AsyncSession], language: str, easy: bool) -> None:
    s = await build(db)
    await _check_all(db, s, EARLY, language, easy)
    await finish(db, s)
    assert all(s.rows[k] for k in ACTIONS), {k: len(v) for k, v in s.rows.items()}
    await _check_all(db, s, [k for k in ACTIONS if k not in EARLY], language, easy)


async def _check_all(
    db: async_sessionmaker[AsyncSession], s: Scenario, kinds: Sequence[str], language: str, easy: bool
) -> None:
    for kind in kinds:
        assert s.rows[kind], kind
        for row in s.rows[kind]:
            message = await render(db, row, language=language, easy=easy)
            if kind == "enquiry_received" and row.payload["enquiry_id"] == s.declined_id:
                assert message is None
                continue
            if row.id in s.gone:
                assert message is None, (kind, message)
                continue
            assert message is not None, (kind, row.recipient_id)
            recipient = s.people[row.recipient_id]
            assert recipient.telegram_id is not None
            text = _visible(message)
            for secret in _forbidden(s, row):
                assert secret not in text, (kind, secret, text)
            assert "SECRET-NAME" not in text or kind in ("task_question", "task_done")
            assert len(message.text) <= MAX_TEXT and message.parse_mode == "HTML"
            _check_html(message.text)
            for button_row in message.buttons:
                for _label, data in button_row:
                    action = SIGNER.verify(recipient.telegram_id, data)
                    assert action.name in ACTIONS[kind], (kind, action)
                    with pytest.raises(BadCallback):
                        SIGNER.verify(recipient.telegram_id + 1, data)
            assert MARKERS[kind] in message.text.splitlines()[0], (kind, message.text)
            if easy:
                assert sum(len(r) for r in message.buttons) <= 3 and all(len(r) == 1 for r in message.buttons)
                assert "<b>" not in message.text and "★" not in message.text


async def test_what_each_kind_says(db: async_sessionmaker[AsyncSession]) -> None:
    s = await build(db)
    w = s.w
    tr = translator("en")

    async def one(kind: str, recipient: Person, **kwargs: object) -> OutgoingMessage:
        rows = [r for r in s.rows[kind] if r.recipient_id == recipient.id]
        rows = [r for r in rows if not (kind == "enquiry_received" and r.payload["enquiry_id"] == s.declined_id)]
        assert rows, kind  # the first: about the first task (the scenario gives out more)
        message = await render(db, rows[0], **kwargs)  # type: ignore[arg-type]
        assert message is not None
        return message

    def actions(message: OutgoingMessage, recipient: Person) -> list[tuple[str, tuple[str, ...]]]:
        assert recipient.telegram_id is not None
        return [
            (a.name, a.args)
            for a in (SIGNER.verify(recipient.telegram_id, d) for row in message.buttons for _, d in row)
        ]

    assigned = await one("task_assigned", w.student_a2, easy=True)  # student_a1 has pressed "got it" already
    lines = assigned.text.splitlines()
    assert lines[0] == "📋 You have a new task: Bake &lt;40&gt; cupcakes."  # plain language (bot/easy_read.py)
    assert lines[1] == "It is for Cafe Centras." and lines[2] == f"Finish by {due_text(tr, s.due, easy=True)}."
    assert lines[3] == "Status: new."
    assert [name for name, _ in actions(assigned, w.student_a2)] == ["ls", "ta", "td"]  # 🔊 Listen, no ❓ (typed)
    acknowledged = await one("task_assigned", w.student_a1)
    assert [name for name, _ in actions(acknowledged, w.student_a1)] == ["tq", "td"]
    day_before = as_utc(s.due) - timedelta(hours=24)
    reminder = await one("task_reminder", w.student_a1, clock=lambda: day_before)
    assert reminder.text.startswith("⏰ Tomorrow:") and "Bake &lt;40&gt; cupcakes" in reminder.text
    answer = await one("task_answer", w.student_a1)  # the teacher's answer, to the student who asked
    assert "Small &lt;i&gt;ones&lt;/i&gt; &amp; blue" in answer.text and "Your teacher answers" in answer.text
    asked = str(answer_row(s, w.student_a1).payload["assignment_id"])
    assert actions(answer, w.student_a1) == [("tq", (asked,)), ("td", (asked,))]
    assert [label for row in answer.buttons for label, _ in row] == ["↩️ Reply", "🏁 Done"]
    changed = await one("task_changed", w.student_a2)  # the late task was renamed
    assert changed.text.startswith("✏️ New name for your task: <b>Sweep &lt;the&gt; floor &amp; stairs</b>")
    unassigned = await one("task_unassigned", w.student_a2)
    assert unassigned.text.startswith("🚫 The task «Wrap &lt;gifts&gt;» is not yours any more")
    deleted = [await render(db, r) for r in s.rows["task_deleted"]]
    assert sorted(r.recipient_id for r in s.rows["task_deleted"]) == sorted([w.student_a1.id, w.student_a2.id])
    assert all(d is not None and "deleted the task «Paint &lt;signs&gt; &amp; boards»" in d.text for d in deleted)
    overdue = await one("task_overdue", w.teacher_a)
    assert overdue.text.startswith("⏰ «Sweep &lt;the&gt; floor &amp; stairs» is overdue: it was due ")
    assert "0 of 2 students finished this task" in overdue.text
    assert [name for name, _ in actions(overdue, w.teacher_a)] == ["otd", "oo"]

    await finish(db, s)

    received = await one("enquiry_received", w.teacher_a)
    assert "Cafe Centras" in received.text and "Birthday cakes" in received.text
    assert "&lt;script&gt;opening&lt;/script&gt; &amp; party" in received.text
    assert "already accepted" in received.text and [n for n, _ in actions(received, w.teacher_a)] == ["rp"]

    relays = [r for r in s.rows["relay_message"] if r.recipient_id == w.teacher_a.id]
    relay = await render(db, relays[0])
    assert relay is not None and "💬" in relay.text and "Cafe Centras" in relay.text
    assert "Gluten &lt;evil&gt;free&lt;/evil&gt;?" in relay.text and "company" in relay.text
    answer = await one("relay_message", w.owner_c)
    assert "Vilnius VET school" in answer.text and "teacher" in answer.text and "Yes &amp; no" in answer.text

    accepted = await one("enquiry_accepted", w.owner_c)
    assert "Vilnius VET school accepted" in accepted.text and f"#{s.order_id}" in accepted.text
    declined = await one("enquiry_declined", w.member_d)
    assert "Too &lt;busy&gt; &amp; sorry" in declined.text

    question = await one("task_question", w.teacher_a)
    assert s.people[w.student_a1.id].display_name in question.text
    assert "What &lt;u&gt;size&lt;/u&gt; &amp; colour?" in question.text
    asked_row = next(r for r in s.rows["task_question"] if r.recipient_id == w.teacher_a.id)
    first = str(asked_row.payload["assignment_id"])
    assert actions(question, w.teacher_a) == [("tr", (first,)), ("oo", (str(s.order_id),))]
    assert question.buttons[0][0][0] == "↩️ Reply"
    done = await one("task_done", w.teacher_a)
    assert "finished «Bake &lt;40&gt; cupcakes»" in done.text and "1 of 2 students finished" in done.text
    assert "0 of 3 tasks done" in done.text

    completed = await one("order_completed", w.owner_c)
    assert "Vilnius VET school" in completed.text
    # owner_c already rated in the scenario: no rating buttons any more
    assert completed.buttons == []
    thanks = await one("order_completed", w.student_a1)
    assert "Thank you" in thanks.text and "#" not in thanks.text

    review = await one("review_received", w.teacher_a)
    assert "Cafe Centras rated «Birthday cakes» 5/5" in review.text
    assert "Great &lt;3 &amp; &lt;b&gt;thanks&lt;/b&gt;" in review.text

    notices = [await render(db, r) for r in s.rows["recipient_unreachable"] if r.recipient_id == w.teacher_a.id]
    texts = sorted(n.text for n in notices if n is not None)
    assert any("A student of Vilnius VET school could not be reached" in t and "a new task" in t for t in texts)
    assert any("the company Cafe Centras could not be reached" in t for t in texts)


def answer_row(s: Scenario, student: Person) -> OutboxMessage:
    return next(r for r in s.rows["task_answer"] if r.recipient_id == student.id)


async def test_rating_buttons_before_the_review(db: async_sessionmaker[AsyncSession]) -> None:
    s = await finish(db, await build(db))
    async with transaction(db) as session:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.kind == "review_received"))
        from domain.models import Review

        await session.execute(delete(Review))
    row = next(r for r in s.rows["order_completed"] if r.recipient_id == s.w.owner_c.id)
    assert s.w.owner_c.telegram_id is not None
    normal = await render(db, row)
    assert normal is not None
    assert [SIGNER.verify(s.w.owner_c.telegram_id, d).args for r in normal.buttons for _, d in r] == [
        (str(s.order_id), str(n)) for n in range(1, 6)
    ]
    assert f"Order #{s.order_id} «Birthday cakes» from Vilnius VET school is complete" in normal.text
    easy = await render(db, row, easy=True)
    assert easy is not None and len(easy.buttons) == 3
    assert [SIGNER.verify(s.w.owner_c.telegram_id, r[0][1]).args[1] for r in easy.buttons] == ["5", "3", "1"]


async def test_lithuanian_and_russian_dates(db: async_sessionmaker[AsyncSession]) -> None:
    s = await build(db)
    row = next(r for r in s.rows["task_assigned"] if r.recipient_id == s.w.student_a1.id)
    for language in ("lt", "ru"):
        for easy in (False, True):
            message = await render(db, row, language=language, easy=easy)
            assert message is not None
            assert due_text(translator(language), s.due, easy=easy) in message.text


async def test_nothing_to_say_when_the_subject_or_the_membership_is_gone(db: async_sessionmaker[AsyncSession]) -> None:
    s = await finish(db, await build(db))
    row = next(r for r in s.rows["enquiry_received"] if r.recipient_id == s.w.admin_a.id)
    async with transaction(db) as session:
        await session.execute(delete(Membership).where(Membership.person_id == s.w.admin_a.id))
    assert await render(db, row) is None  # left the school: not theirs to see any more
    ghost = OutboxMessage(id=0, recipient_id=s.w.teacher_a.id, kind="relay_message", payload={"relay_id": 999_999})
    assert await render(db, ghost) is None
    broken = OutboxMessage(id=0, recipient_id=s.w.teacher_a.id, kind="task_done", payload={"assignment_id": "x"})
    assert await render(db, broken) is None
    unknown = OutboxMessage(id=0, recipient_id=s.w.teacher_a.id, kind="no_such_kind", payload={})
    assert await render(db, unknown) is None
    # the order is complete now: a late task message to a student has nothing to say
    late = next(r for r in s.rows["task_assigned"] if r.recipient_id == s.w.student_a1.id)
    assert await render(db, late) is None


async def test_long_relayed_text_is_cut_not_the_markup(db: async_sessionmaker[AsyncSession]) -> None:
    s = await build(db)
    async with transaction(db) as session:
        await enquiries.relay_message(session, s.w.owner_c, s.enquiry_id, "&" * 4000)
    row = (await _rows(db, "relay_message"))["relay_message"][-1]
    for easy in (False, True):
        message = await render(db, row, easy=easy)
        assert message is not None and len(message.text) <= MAX_TEXT
        _check_html(message.text)
        assert "&amp;" * 100 in message.text and "…" in message.text


async def test_relayed_emoji_fit_what_telegram_counts(db: async_sessionmaker[AsyncSession]) -> None:
    """Telegram counts UTF-16 units: 2,048 emoji are one incoming message, but 4,096 units of text."""
    s = await build(db)
    async with transaction(db) as session:
        await enquiries.relay_message(session, s.w.owner_c, s.enquiry_id, "😀" * 2048)
    row = (await _rows(db, "relay_message"))["relay_message"][-1]
    for easy in (False, True):
        message = await render(db, row, easy=easy)
        assert message is not None
        shown = parse_html(message.text).text
        assert utf16_len(shown) <= 4096 and "😀" * 1000 + "…" in shown


def test_fit_and_clip() -> None:
    assert clip_escaped("a<b", 10) == "a&lt;b"
    assert clip_escaped("<<<<", 9) == "&lt;&lt;…"
    text = fit(lambda clip: "<b>head</b>\n" + clip("x" * 5000) + "\n" + clip("<" * 5000), limit=1000)
    assert len(text) <= 1000 and text.startswith("<b>head</b>\n") and text.count("…") == 2
    assert fit(lambda clip: "hi " + clip("a & b")) == "hi a &amp; b"


async def test_open_enquiry_offers_reply_accept_decline(db: async_sessionmaker[AsyncSession]) -> None:
    s = await build(db)
    async with transaction(db) as session:
        enq = await enquiries.create_enquiry(session, s.w.member_c, s.w.listing_a.id, quantity=3, needed_by=None,
                                             message="")  # fmt: skip
    row = next(r for r in await _rows_of(db, "enquiry_received") if r.payload == {"enquiry_id": enq.id})
    teacher = s.people[row.recipient_id]
    assert teacher.telegram_id is not None
    for easy, shape in ((False, [1, 2]), (True, [1, 1, 1])):
        message = await render(db, row, easy=easy)
        assert message is not None and [len(r) for r in message.buttons] == shape
        found = [SIGNER.verify(teacher.telegram_id, d) for r in message.buttons for _, d in r]
        assert [(a.name, a.args) for a in found] == [(n, (str(enq.id),)) for n in ("rp", "ea", "ed")]
        assert "Quantity: 3" in message.text


async def _rows_of(db: async_sessionmaker[AsyncSession], kind: str) -> list[OutboxMessage]:
    return (await _rows(db, kind))[kind]
