"""The real outbox renderer: every notification kind the domain writes, as the recipient should read it.

Why here and not in the domain: an outbox row holds a kind and ids; the words, the language, the
easy-read form and the buttons are decided at delivery time, for the person who receives it (their
language may have changed since the row was written).

Rules every kind follows:
* the other side is named by organisation and role, never by a person's Telegram name, username or
  id (a student's name reaches only teachers of the same school, on task_question/task_done);
* what the subject is comes from the domain views, with the recipient as the actor — so a recipient
  who has since left the organisation, or a subject that vanished, renders nothing (None: the
  sender skips the row);
* user text (relayed messages, questions, reasons, comments, titles) is HTML-escaped, and the whole
  text is kept within Telegram's limit (counted in UTF-16 units, as Telegram counts: an emoji is two)
  by shortening the user text, never the markup;
* buttons are signed for the recipient with the same action names the flows handle (rp, ea, ed, rt,
  oo, m, the task actions ta/tq/td of bot/flows/tasks.py, tr of bot/flows/task_talk.py, otd of
  bot/flows/task_edit.py);
* easy-read: plain language (the ``easy`` versions of bot/i18n.py), short sentences, an emoji marker
  for the kind of message, every fact in the text, at most three buttons, one per row; task
  notifications, reminders and teachers' answers lead with 🔊 Listen (ls of bot/flows/listen.py,
  which reads this outbox row aloud), and the ❓ question button makes way for it (typed questions work).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.callbacks import CallbackSigner
from bot.flows.alerts import describe as describe_search
from bot.flows.cards import offer_card, quantity_text
from bot.flows.offer_reports import reason_text
from bot.flows.orders import progress_text
from bot.flows.task_edit import DUE_LABEL
from bot.flows.tasks import sentence, task_actions, task_card
from bot.i18n import N_, Safe, Translator, escape, translator
from bot.outbox_sender.render import OutgoingMessage, replay
from bot.telegram_text import split_text, units
from domain import accounts, alerts, moderation, orders, roles, tasks, visits
from domain.coordinators import require_coordinator
from domain.enquiries import enquiry_view
from domain.errors import Forbidden, NotFound
from domain.limits import REPLY_MAX
from domain.listings import listing_view
from domain.models import Listing, Order, OutboxMessage, Person, RelayMessage, Review, Task, TaskAssignment, TaskMessage
from domain.outbox import KIND_REPLY
from domain.text_input import clean_name
from domain.timeutil import as_utc, utcnow
from domain.views import AssignmentDetail, EnquiryView, ListingView, OrderView
from domain.voice_notes import LISTEN_KINDS
from nlu import answers

log = logging.getLogger(__name__)

MAX_TEXT = REPLY_MAX  # UTF-16 units of the HTML; Telegram stops at 4,096 units after entities are parsed
MAX_BUTTONS_EASY = 3
ROLE_NAMES = {"teacher": N_("teacher"), "admin": N_("school"), "member": N_("company"), "student": N_("student")}
LISTEN_LABEL = N_("🔊 Listen")
UNDELIVERED = {"task_assigned": N_("a new task"), "task_reminder": N_("a reminder about a task")}

ButtonRow = list[tuple[str, str]]
Clip = Callable[[str], str]


def clip_escaped(text: str, room: int) -> str:
    """The longest start of ``text`` whose escaped form fits ``room`` UTF-16 units ("…" marks a cut)."""
    escaped = html.escape(text, quote=False)
    if units(escaped) <= room:
        return escaped
    out: list[str] = []
    used = 0
    for char in text:
        piece = html.escape(char, quote=False)
        if used + units(piece) > room - 1:
            break
        out.append(piece)
        used += units(piece)
    return "".join(out) + "…"


def fit(build: Callable[[Clip], str], limit: int = MAX_TEXT) -> str:
    """Build a text whose user-written parts (passed through ``clip``) are shortened until it fits.

    ``build`` is called with a function that turns raw user text into escaped, `Safe` text; first
    in full, and if the result is too long, again with every user text cut to an equal share of
    the room the rest of the message leaves.
    """
    text = build(lambda raw: Safe(html.escape(raw, quote=False)))
    if units(text) <= limit:
        return text
    calls = 0

    def nothing(_raw: str) -> str:
        nonlocal calls
        calls += 1
        return Safe("")

    overhead = units(build(nothing))
    room = max(1, (limit - overhead) // max(1, calls))
    return _at_most(build(lambda raw: Safe(clip_escaped(raw, room))), limit)


def _at_most(text: str, limit: int = MAX_TEXT) -> str:
    """A last resort when our own words are too long: the first part, cut between tags and entities."""
    return text if units(text) <= limit else split_text(text, limit)[0]


@dataclass
class _Reader:
    """The recipient as the text is written for them: language, easy-read, signed buttons."""

    person: Person
    tr: Translator
    easy: bool
    signer: CallbackSigner
    listen: int | None = None  # the outbox row a 🔊 Listen button reads aloud (easy-read task messages)

    def button(self, label: str, action: str, *args: object) -> tuple[str, str]:
        assert self.person.telegram_id is not None
        return label, self.signer.sign(self.person.telegram_id, action, *args)

    def make(self, label: str, action: str, arg: int) -> tuple[str, str]:
        return self.button(label, action, arg)

    def lines(self, lines: list[str]) -> str:
        """Easy-read: every line is a sentence of its own."""
        kept = [line for line in lines if line]
        return "\n".join(sentence(line) for line in kept) if self.easy else "\n".join(kept)

    def message(self, text: str, rows: list[ButtonRow] | None = None) -> OutgoingMessage:
        rows = [row for row in rows or [] if row]
        if self.listen is not None:  # first, so that it is the first thing a screen reader reaches
            rows.insert(0, [self.button(self.tr._(LISTEN_LABEL), "ls", self.listen)])
        if self.easy:
            rows = [[b] for row in rows for b in row][:MAX_BUTTONS_EASY]
        return OutgoingMessage(_at_most(text), buttons=rows)


Handler = Callable[["NotificationRenderer", AsyncSession, dict[str, Any], _Reader], Awaitable[OutgoingMessage | None]]
KINDS: dict[str, Handler] = {}


def kind(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        KINDS[name] = handler
        return handler

    return register


class NotificationRenderer:
    """Implements bot.outbox_sender.render.Renderer for every kind the journey services write."""

    def __init__(self, signer: CallbackSigner, clock: Callable[[], datetime] = utcnow) -> None:
        self.signer = signer
        self.clock = clock

    async def render(self, session: AsyncSession, row: OutboxMessage, person: Person) -> OutgoingMessage | None:
        if person.telegram_id is None:
            return None
        if row.kind in ("test", "bench"):  # the delivery machinery's own kinds (benchmarks, smoke tests)
            return OutgoingMessage(_at_most(html.escape(str(row.payload.get("text", "")), quote=False)))
        if row.kind == KIND_REPLY:  # a direct reply that waited out a 429: already written for them
            return replay(row.payload or {})
        handler = KINDS.get(row.kind)
        if handler is None:
            log.warning("outbox row %s: no renderer for kind %r", row.id, row.kind)
            return None
        easy = bool(person.easy_read)
        listen = row.id if easy and row.kind in LISTEN_KINDS else None
        reader = _Reader(person, translator(person.language, easy=easy), easy, self.signer, listen)
        try:
            return await handler(self, session, dict(row.payload or {}), reader)
        except (NotFound, Forbidden) as exc:  # the subject is gone, or the recipient no longer a party
            log.info("outbox row %s (%s): nothing to say (%s)", row.id, row.kind, exc.code)
            return None
        except (KeyError, TypeError, ValueError):
            log.warning("outbox row %s (%s): malformed payload %r", row.id, row.kind, row.payload)
            return None


# --- enquiries and relayed messages ------------------------------------------------------------------


def _int(payload: dict[str, Any], key: str) -> int:
    value = payload[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(key)
    return value


def _enquiry_facts(r: _Reader, view: EnquiryView, clip: Clip) -> list[str]:
    tr = r.tr
    facts: list[str] = []
    if view.quantity:
        facts.append(tr._("Quantity: {n}", n=quantity_text(tr, view.quantity, view.quantity_unit)))
    if view.needed_by:
        facts.append(tr._("Needed by: {date}", date=tr.date(view.needed_by)))
    if view.message:
        facts.append(tr._("Message: {text}", text=clip(view.message)))
    return facts


@kind("enquiry_received")
async def _enquiry_received(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await enquiry_view(session, r.person, _int(payload, "enquiry_id"))
    if view.side != "school" or view.status in ("declined", "cancelled"):
        return None
    tr = r.tr

    def build(clip: Clip) -> str:
        head = [
            tr._("📨 New enquiry #{id} about «{listing}».", id=view.id, listing=view.listing_title),
            tr._("From: {customer}", customer=view.from_organisation_name),
        ]
        if view.from_inclusive:
            head.append(tr._("♿ Inclusive employer, verified"))
        if view.status == "accepted":
            head.append(tr._("It is already accepted."))
        return r.lines(head + _enquiry_facts(r, view, clip))

    rows = [[r.button(tr._("↩️ Reply"), "rp", view.id)]]
    if view.status == "open":
        rows.append([r.button(tr._("✅ Accept"), "ea", view.id), r.button(tr._("✖️ Decline"), "ed", view.id)])
    return r.message(fit(build), rows)


def _role(tr: Translator, role: str, *, school: bool) -> str:
    """How a sender is introduced: a company's admin is "company", a school's admin "school"."""
    if role == "admin" and not school:
        return tr._(ROLE_NAMES["member"])
    return tr._(ROLE_NAMES[role]) if role in ROLE_NAMES else ""


@kind("relay_message")
async def _relay_message(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    relay = await session.get(RelayMessage, _int(payload, "relay_id"))
    if relay is None:
        return None
    view = await enquiry_view(session, r.person, relay.enquiry_id)
    sender = (
        view.from_organisation_name
        if relay.sender_organisation_id == view.from_organisation_id
        else (view.to_organisation_name)
    )
    tr = r.tr
    sender_org = await roles.organisation(session, relay.sender_organisation_id)
    role = _role(tr, relay.sender_role, school=roles.is_school(sender_org))

    def build(clip: Clip) -> str:
        if r.easy:
            return "\n".join(
                [
                    sentence(tr._("💬 Message from {organisation} ({role})", organisation=sender, role=role)),
                    sentence(tr._("About: {listing}", listing=view.listing_title)),
                    clip(relay.text),
                ]
            )
        who = Safe(f"<b>{escape(sender)}</b>")
        return "\n".join(
            [
                tr._("💬 {organisation} ({role}):", organisation=who, role=role) + " " + clip(relay.text),
                Safe("<i>") + tr._("Enquiry #{id} «{listing}»", id=view.id, listing=view.listing_title) + "</i>",
            ]
        )

    rows = [[r.button(tr._("↩️ Reply"), "rp", view.id)]] if view.status in ("open", "accepted") else []
    return r.message(fit(build), rows)


@kind("enquiry_accepted")
async def _enquiry_accepted(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await enquiry_view(session, r.person, _int(payload, "enquiry_id"))
    if view.side != "customer":
        return None
    tr = r.tr
    lines = [tr._("✅ {school} accepted your enquiry about «{listing}».", school=view.to_organisation_name,
                  listing=view.listing_title)]  # fmt: skip
    if view.order_id:
        lines.append(tr._("Order #{id}: the students are starting the work.", id=view.order_id))
    lines.append(tr._("I will tell you when it is complete."))
    return r.message(r.lines(lines), [[r.button(tr._("↩️ Write to the school"), "rp", view.id)]])


@kind("enquiry_declined")
async def _enquiry_declined(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await enquiry_view(session, r.person, _int(payload, "enquiry_id"))
    if view.side != "customer":
        return None
    tr = r.tr

    def build(clip: Clip) -> str:
        lines = [tr._("✖️ {school} declined your enquiry about «{listing}».", school=view.to_organisation_name,
                      listing=view.listing_title)]  # fmt: skip
        if view.decline_reason:
            lines.append(tr._("Reason: {reason}", reason=clip(view.decline_reason)))
        lines.append(tr._("Other schools may offer it: describe what you need and I will search."))
        return r.lines(lines)

    # A declined enquiry is closed (relaying would be refused), so the way on is a new search.
    return r.message(fit(build), [[r.button(tr._("🔎 Find offers"), "m", "search")]])


# --- tasks: to the student ---------------------------------------------------------------------------


async def _student_task(
    session: AsyncSession, r: _Reader, assignment_id: int, *, include_done: bool = False
) -> AssignmentDetail | None:
    """The recipient's own open task; None once it is done (unless ``include_done``), the order closed, or it is
    not theirs."""
    for task in await tasks.my_tasks(session, r.person, include_done=include_done):
        if task.assignment_id == assignment_id:
            return task
    return None


def _task_message(r: _Reader, task: AssignmentDetail, headline: str) -> OutgoingMessage:
    # With 🔊 Listen the question button makes way (three buttons at most): a question can be typed.
    actions = task_actions(r.tr, task, r.make, ask=r.listen is None)
    return r.message(task_card(r.tr, task, easy=r.easy, headline=headline), [actions])


async def _said(session: AsyncSession, payload: dict[str, Any]) -> str:
    """The words of a question or answer: the stored message (rows written before 0006 carry the text)."""
    if "message_id" not in payload:
        return str(payload.get("text") or "").strip()
    message = await session.get(TaskMessage, _int(payload, "message_id"))
    if message is None or message.assignment_id != _int(payload, "assignment_id"):
        return ""
    return message.text


@kind("task_assigned")
async def _task_assigned(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    task = await _student_task(session, r, _int(payload, "assignment_id"))
    if task is None:
        return None
    tr = r.tr
    if r.easy:
        headline = sentence(tr._("📋 New task: {title}", title=task.title))
    else:
        headline = tr._("📋 New task: {title}", title=Safe(f"<b>{escape(task.title)}</b>"))
    return _task_message(r, task, headline)


@kind("task_answer")
async def _task_answer(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """The teacher's answer to the student's question; the student can ask again or report done. Delivered even
    when the student reported the task done meanwhile: the teacher was told it is sent, and it may say more."""
    task = await _student_task(session, r, _int(payload, "assignment_id"), include_done=True)
    answer = await _said(session, payload) if task is not None else ""
    if task is None or not answer:
        return None
    tr = r.tr

    def build(clip: Clip) -> str:
        if r.easy:
            return "\n".join([sentence(tr._("💬 Your teacher answers about «{task}»", task=task.title)), clip(answer)])
        return "\n".join(
            [tr._("💬 Your teacher answers about «{task}»:", task=task.title), Safe("<i>") + clip(answer) + "</i>"]
        )

    return r.message(fit(build), [task_actions(tr, task, r.make, reply=True, ask=r.listen is None)])


@kind("task_reminder")
async def _task_reminder(
    self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    task = await _student_task(session, r, _int(payload, "assignment_id"))
    if task is None or task.status == "done":
        return None
    tr = r.tr
    title = task.title if r.easy else Safe(f"<b>{escape(task.title)}</b>")
    days = (as_utc(task.due_at).date() - self.clock().date()).days if task.due_at is not None else None
    if days == 1:
        headline = tr._("⏰ Tomorrow: {title}", title=title)
    elif days == 0:
        headline = tr._("⏰ Today: {title}", title=title)
    else:
        headline = tr._("⏰ Reminder: {title}", title=title)
    return _task_message(r, task, sentence(headline) if r.easy else headline)


@kind("task_changed")
async def _task_changed(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """The teacher renamed the task or moved its due date: the task as it is now, with what changed on top."""
    task = await _student_task(session, r, _int(payload, "assignment_id"))
    if task is None:
        return None
    tr = r.tr
    title = task.title if r.easy else Safe(f"<b>{escape(task.title)}</b>")
    if payload.get("what") == "due":
        headline = tr._("📅 New due date for your task: {title}", title=title)
    else:
        headline = tr._("✏️ New name for your task: {title}", title=title)
    return _task_message(r, task, sentence(headline) if r.easy else headline)


async def _was_students_task(session: AsyncSession, r: _Reader, school_id: int) -> bool:
    return await roles.role_in(session, r.person.id, school_id) == "student"


@kind("task_unassigned")
async def _task_unassigned(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """Taken off a task: said only while the recipient is a student of the school and not on it again."""
    task = await session.get(Task, _int(payload, "task_id"))
    if task is None:
        return None
    order = await orders.order_school(session, task.order_id)
    again = await session.scalar(
        select(TaskAssignment.id).where(TaskAssignment.task_id == task.id, TaskAssignment.student_id == r.person.id)
    )
    if order is None or again is not None or not await _was_students_task(session, r, order):
        return None
    text = r.tr._("🚫 The task «{title}» is not yours any more: your teacher changed who does it.", title=task.title)
    return r.message(r.lines([text]))


@kind("task_deleted")
async def _task_deleted(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """The task is gone (its title came with the notice): said while the recipient is a student of the school."""
    title = str(payload.get("title") or "")
    if not title or not await _was_students_task(session, r, _int(payload, "school_id")):
        return None
    text = r.tr._("🗑 Your teacher deleted the task «{title}». You do not need to do it.", title=title)
    return r.message(r.lines([text]))


# --- tasks and orders: to the teacher ----------------------------------------------------------------


@dataclass(frozen=True)
class _TaskContext:
    order: OrderView
    title: str
    student: str
    finished: int  # students who finished this task
    assigned: int  # students it was given to


async def _teacher_task(session: AsyncSession, r: _Reader, assignment_id: int) -> _TaskContext | None:
    """The order as the recipient (a teacher of its school) may see it, and the task and student asked about."""
    assignment = await session.get(TaskAssignment, assignment_id)
    if assignment is None:
        return None
    task = await session.get(Task, assignment.task_id)
    if task is None:
        return None
    view = await orders.order_view(session, r.person, task.order_id)
    if view.side != "school":
        return None
    for task_view in view.tasks:
        for a in task_view.assignments:
            if a.id == assignment_id:
                finished = sum(1 for x in task_view.assignments if x.status == "done")
                student = clean_name(a.student_name) or r.tr._("A student")  # stored before cleaning too
                return _TaskContext(view, task_view.title, student, finished, len(task_view.assignments))
    return None


def _order_button(r: _Reader, order: OrderView) -> list[ButtonRow]:
    return [[r.button(r.tr._("🧰 Order #{id}", id=order.id), "oo", order.id)]]


@kind("task_question")
async def _task_question(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    found = await _teacher_task(session, r, _int(payload, "assignment_id"))
    question = await _said(session, payload) if found is not None else ""
    if found is None or not question:
        return None
    tr, order = r.tr, found.order
    asks = answers.is_question(question)  # "I am ill, I can't come tomorrow" was labelled a question

    def build(clip: Clip) -> str:
        if r.easy:
            return "\n".join(
                [
                    sentence(
                        tr._("❓ {student} asks about the task «{task}»", student=found.student, task=found.title)
                        if asks
                        else tr._(
                            "💬 {student} writes about the task «{task}»", student=found.student, task=found.title
                        )
                    ),
                    sentence(tr._("Order #{id} for {customer}", id=order.id, customer=order.customer_name)),
                    clip(question),
                ]
            )
        return "\n".join(
            [
                tr._("❓ {student} asks about «{task}»:", student=found.student, task=found.title)
                if asks
                else tr._("💬 {student} writes about «{task}»:", student=found.student, task=found.title),
                Safe("<i>") + clip(question) + "</i>",
                tr._(
                    "Order #{id} «{listing}» for {customer}",
                    id=order.id,
                    listing=order.listing_title,
                    customer=order.customer_name,
                ),
            ]
        )

    reply = r.button(tr._("↩️ Reply"), "tr", _int(payload, "assignment_id"))
    return r.message(fit(build), [[reply, *_order_button(r, order)[0]]])


@kind("task_done")
async def _task_done(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    found = await _teacher_task(session, r, _int(payload, "assignment_id"))
    if found is None:
        return None
    tr, order = r.tr, found.order
    progress = tr.n_("{done} of {n} task done", "{done} of {n} tasks done", order.total_count,
                     done=tr.number(order.done_count))  # fmt: skip
    lines = [tr._("✅ {student} finished «{task}».", student=found.student, task=found.title)]
    if found.assigned > 1:  # the task is done only when all its students are
        lines.append(tr.n_("{done} of {n} student finished this task.", "{done} of {n} students finished this task.",
                           found.assigned, done=tr.number(found.finished)))  # fmt: skip
    lines.append(
        tr._("Order #{id} for {customer}: {progress}.", id=order.id, customer=order.customer_name, progress=progress)
    )
    return r.message(r.lines(lines), _order_button(r, order))


@kind("task_overdue")
async def _task_overdue(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """A task past its due time and not done, to a teacher of the school: who finished, and a way to re-date it."""
    task = await session.get(Task, _int(payload, "task_id"))
    if task is None or task.due_at is None:
        return None
    view = await orders.order_view(session, r.person, task.order_id)
    found = next((t for t in view.tasks if t.id == task.id), None)
    if view.side != "school" or found is None or found.due_at is None:
        return None
    tr = r.tr
    lines = [tr._("⏰ «{task}» is overdue: it was due {date}.", task=found.title, date=tr.date(found.due_at))]
    if found.assignments:
        finished = sum(1 for a in found.assignments if a.status == "done")
        lines.append(tr.n_("{done} of {n} student finished this task.", "{done} of {n} students finished this task.",
                           len(found.assignments), done=tr.number(finished)))  # fmt: skip
    lines.append(tr._("Order #{id} for {customer}", id=view.id, customer=view.customer_name))
    rows = [[r.button(tr._(DUE_LABEL), "otd", task.id), *_order_button(r, view)[0]]]
    return r.message(r.lines(lines), rows)


@kind("order_completed")
async def _order_completed(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    order_id = _int(payload, "order_id")
    tr = r.tr
    mine = [t for t in await tasks.my_tasks(session, r.person, include_done=True) if t.order_id == order_id]
    if mine:  # a student who worked on it: no order numbers, just the thanks
        return r.message(
            r.lines(
                [
                    tr._(
                        "🎉 The order «{listing}» for {customer} is complete.",
                        listing=mine[0].listing_title,
                        customer=mine[0].customer_name,
                    ),
                    tr._("Thank you for your work!"),
                ]
            )
        )
    view = await orders.order_view(session, r.person, order_id)
    if view.status != "completed":
        return None
    if view.side == "school":
        return r.message(r.lines([tr._("🎉 Order #{id} for {customer} is complete.", id=view.id,
                                           customer=view.customer_name)]))  # fmt: skip
    lines = [tr._("🎉 Order #{id} «{listing}» from {school} is complete.", id=view.id, listing=view.listing_title,
                  school=view.school_name)]  # fmt: skip
    if view.review is not None:
        return r.message(r.lines(lines))
    if r.easy:
        lines.append(tr._("How was it? Choose the stars: 5 is the best."))
        rows = [
            [r.button(tr._("⭐⭐⭐⭐⭐ Very good"), "rt", view.id, 5)],
            [r.button(tr._("⭐⭐⭐ OK"), "rt", view.id, 3)],
            [r.button(tr._("⭐ Bad"), "rt", view.id, 1)],
        ]
        return r.message(r.lines(lines), rows)
    lines.append(tr._("How was it? Rate it from 1 to 5 stars."))
    return r.message(r.lines(lines), [[r.button(f"{n} ⭐", "rt", view.id, n) for n in range(1, 6)]])


@kind("review_received")
async def _review_received(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    review = await session.get(Review, _int(payload, "review_id"))
    if review is None:
        return None
    view = await orders.order_view(session, r.person, review.order_id)
    if view.side != "school" or view.review is None:
        return None
    tr, rated = r.tr, view.review

    def build(clip: Clip) -> str:
        lines = [
            tr._(
                "⭐ {customer} rated «{listing}» {rating}/5.",
                customer=rated.author_organisation_name,
                listing=view.listing_title,
                rating=rated.rating,
            ),
        ]
        if not r.easy:  # a screen reader would spell out five star symbols
            lines.append("★" * rated.rating + "☆" * (5 - rated.rating))
        if rated.comment:
            lines.append(tr._("Comment: {text}", text=clip(rated.comment)))
        lines.append(tr._("Order #{id}", id=view.id))
        return r.lines(lines)

    return r.message(fit(build), _order_button(r, view))


# --- a deal ending early, and how far the work has come ------------------------------------------------


@kind("enquiry_withdrawn")
async def _enquiry_withdrawn(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await enquiry_view(session, r.person, _int(payload, "enquiry_id"))
    if view.side != "school" or view.status != "cancelled":
        return None
    text = r.tr._("✖️ {customer} withdrew enquiry #{id} about «{listing}».", customer=view.from_organisation_name,
                  id=view.id, listing=view.listing_title)  # fmt: skip
    reason = str(payload.get("reason") or "")

    def build(clip: Clip) -> str:
        return r.lines([text, r.tr._("Reason: {reason}", reason=clip(reason))] if reason else [text])

    return r.message(fit(build))


@kind("order_cancelled")
async def _order_cancelled(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To the other side: who cancelled and why. To a student of it: only that their tasks are closed."""
    order_id = _int(payload, "order_id")
    order = await session.get(Order, order_id)
    if order is None or order.status != "cancelled":
        return None
    tr = r.tr
    mine = [t for t in await tasks.my_tasks(session, r.person, include_done=True) if t.order_id == order_id]
    if mine:
        return r.message(r.lines([tr._("✖️ The order «{listing}» for {customer} is cancelled. Your tasks for it are "
                                       "closed: there is nothing more to do.", listing=mine[0].listing_title,
                                       customer=mine[0].customer_name)]))  # fmt: skip
    view = await orders.order_view(session, r.person, order_id)

    def build(clip: Clip) -> str:
        lines = [tr._("✖️ {organisation} cancelled order #{id} «{listing}».", organisation=view.cancelled_by_name,
                      id=view.id, listing=view.listing_title)]  # fmt: skip
        if view.cancel_reason:
            lines.append(tr._("Reason: {reason}", reason=clip(view.cancel_reason)))
        return r.lines(lines)

    return r.message(fit(build), _order_button(r, view))


async def _term_changed(session: AsyncSession, payload: dict[str, Any], r: _Reader) -> tuple[OrderView, str] | None:
    """The order in progress whose agreed term changed, and who changed it (the school, as domain/order_terms.py
    lets only the school do)."""
    view = await orders.order_view(session, r.person, _int(payload, "order_id"))
    if view.status != "in_progress":
        return None
    return view, view.school_name if payload.get("side") == "school" else view.customer_name


@kind("order_date_moved")
async def _order_date_moved(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To the other side of the order: who moved its date, and to when (a date agreed in the chat, put on it)."""
    changed = await _term_changed(session, payload, r)
    if changed is None or changed[0].due_on is None:
        return None
    view, mover = changed
    text = r.tr._("📅 {organisation} moved the date of order #{id} «{listing}» to {date}.", organisation=mover,
                  id=view.id, listing=view.listing_title, date=r.tr.date(changed[0].due_on))  # fmt: skip
    return r.message(r.lines([text]), _order_button(r, view))


@kind("order_quantity_changed")
async def _order_quantity_changed(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To the other side of the order: who changed its quantity, and to how much (agreed in the chat)."""
    changed = await _term_changed(session, payload, r)
    if changed is None or changed[0].quantity is None:
        return None
    view, changer = changed
    text = r.tr._("🔢 {organisation} changed the quantity of order #{id} «{listing}» to {quantity}.",
                  organisation=changer, id=view.id, listing=view.listing_title,
                  quantity=quantity_text(r.tr, changed[0].quantity, view.quantity_unit))  # fmt: skip
    return r.message(r.lines([text]), _order_button(r, view))


def _plan(r: _Reader, view: OrderView) -> list[str]:
    """Progress and due date, as the customer sees them on the order."""
    lines = [r.tr._("Progress: {progress}", progress=progress_text(r.tr, view))]
    if view.due_on is not None:
        lines.append(r.tr._("Due: {date}", date=r.tr.date(view.due_on)))
    if view.planned_late is not None:
        lines.append(r.tr._("The school plans to finish on {date}, later than you asked.",
                            date=r.tr.date(view.planned_late)))  # fmt: skip
    return lines


async def _customer_order(session: AsyncSession, r: _Reader, payload: dict[str, Any]) -> OrderView | None:
    view = await orders.order_view(session, r.person, _int(payload, "order_id"))
    return view if view.side == "customer" and view.status == "in_progress" else None


@kind("order_started")
async def _order_started(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """The first task of the order reached students: the work has begun (told once, not for each task)."""
    view = await _customer_order(session, r, payload)
    if view is None:
        return None
    head = r.tr._("🧰 {school} started work on order #{id} «{listing}».", school=view.school_name, id=view.id,
                  listing=view.listing_title)  # fmt: skip
    return r.message(r.lines([head, *_plan(r, view)]), _order_button(r, view))


@kind("order_ready")
async def _order_ready(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """Every task is done; the school still completes the order (and then the customer rates it)."""
    view = await _customer_order(session, r, payload)
    if view is None or not view.total_count or view.done_count < view.total_count:
        return None
    tr = r.tr
    lines = [
        tr._(
            "✅ Order #{id} «{listing}» from {school} is ready: all its tasks are done.",
            id=view.id,
            listing=view.listing_title,
            school=view.school_name,
        ),
        tr._("I will tell you when the school marks it as handed over."),
    ]
    return r.message(r.lines(lines), _order_button(r, view))  # fmt: skip


@kind("school_waiting")
async def _school_waiting(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To a school's admin: someone tried to enquire, but no teacher has joined to answer (nobody is named)."""
    listing = await listing_view(session, _int(payload, "listing_id"))
    if await roles.role_in(session, r.person.id, listing.organisation_id) not in roles.STAFF_ROLES:
        return None
    text = r.tr._("🔔 Someone wants to enquire about «{listing}», but no teacher of {school} has joined yet. Share "
                  "a teacher invite link with your teachers (send /invite to make one) so that enquiries reach "
                  "them.", listing=listing.title, school=listing.organisation_name)  # fmt: skip
    return r.message(r.lines([text]))


# --- delivery problems -------------------------------------------------------------------------------


@kind("recipient_unreachable")
async def _recipient_unreachable(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """Who could not be reached, as an organisation and a role: never their name or Telegram account."""
    tr = r.tr
    theirs = await accounts.memberships(session, _int(payload, "person_id"))
    mine = {m.organisation_id: m for m in await accounts.memberships(session, r.person.id)}
    shared = [m for m in theirs if m.organisation_id in mine]
    who: str
    if shared and shared[0].role == "student":
        who = tr._("A student of {school} could not be reached.", school=shared[0].name)
    elif shared:
        who = tr._("Someone from {organisation} could not be reached.", organisation=shared[0].name)
    elif theirs and theirs[0].kind == "company":
        who = tr._("Someone from the company {company} could not be reached.", company=theirs[0].name)
    elif theirs:
        who = tr._("Someone from {organisation} could not be reached.", organisation=theirs[0].name)
    else:
        who = tr._("Someone could not be reached.")
    kinds = [str(k) for k in payload.get("undelivered_kinds") or []]
    missed = [tr._(UNDELIVERED[k]) for k in kinds if k in UNDELIVERED]
    lines = ["⚠️ " + who, tr._("They blocked the bot or left Telegram.")]
    if missed:
        lines.append(tr._("They did not get: {what}.", what=", ".join(dict.fromkeys(missed))))
    lines.append(tr._("Please reach them another way."))
    return r.message(r.lines(lines))


# --- moderation: reports to coordinators, hidden and restored offers to the school ---------------------


@kind("listing_reported")
async def _listing_reported(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To a coordinator of the offer's country: the offer, the reason and the decision buttons — never who
    reported it (moderation.report_view names no reporter, and refuses anyone who is no coordinator there)."""
    item = await moderation.report_view(session, r.person, _int(payload, "report_id"))
    tr = r.tr
    reason = reason_text(tr, item.reason_code, item.reason)
    place = f"{item.organisation_name} · {item.city}, {tr.country(item.country)}"

    def build(clip: Clip) -> str:
        lines = [
            tr._("🚩 An offer was reported: «{title}»", title=item.title),
            tr._("School: {school}", school=place),
            tr._("Reason: {reason}", reason=Safe(escape(reason)) if item.reason_code else clip(reason)),
            tr.n_(
                "{n} report about this offer waits for a decision.",
                "{n} reports about this offer wait for a decision.",
                item.open_reports,
            ),
        ]
        if item.hidden:
            lines.append(tr._("It is hidden already."))
        return r.lines(lines)

    if item.hidden:
        rows = [[r.button(tr._("↩️ Restore"), "mr", item.listing_id)]]
    else:
        rows = [[r.button(tr._("🙈 Hide"), "mh", item.listing_id, item.report_id or 0),
                 r.button(tr._("✔ Keep"), "mx", item.listing_id)]]  # fmt: skip
    rows.append([r.button(tr._("🚩 Reports"), "m", "reports")])
    return r.message(fit(build), rows)


async def _school_listing(session: AsyncSession, r: _Reader, payload: dict[str, Any]) -> ListingView | None:
    view = await listing_view(session, _int(payload, "listing_id"))
    if await roles.role_in(session, r.person.id, view.organisation_id) not in roles.STAFF_ROLES:
        return None
    return view


@kind("listing_hidden")
async def _listing_hidden(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To the school's staff: their offer is hidden, and why (the reason of the report it answered)."""
    view = await _school_listing(session, r, payload)
    listing = await session.get(Listing, _int(payload, "listing_id"))
    if view is None or listing is None or listing.hidden_at is None:
        return None
    tr = r.tr
    # The kind of reason only: the reporter's own words are for the coordinators (one wrote their name and phone
    # number, and it reached the school they reported, who had been told reports are anonymous).
    reason = reason_text(tr, listing.hidden_reason_code, None)
    note = payload.get("note") if isinstance(payload.get("note"), str) else ""

    def build(clip: Clip) -> str:
        lines = [tr._("🙈 The network's coordinators hid your offer «{title}»: it is not shown in search and takes "
                      "no enquiries.", title=view.title)]  # fmt: skip
        if reason:
            lines.append(tr._("Reason: {reason}", reason=Safe(escape(reason))))
        if note:  # what the coordinator wrote for the school when hiding it
            lines.append(tr._("The coordinators wrote: {note}", note=clip(note)))
        lines.append(tr._("Please correct the offer; the coordinators can show it again."))
        return r.lines(lines)

    return r.message(fit(build), [[r.button(tr._("📋 Our listings"), "m", "listings")]])


@kind("listing_restored")
async def _listing_restored(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await _school_listing(session, r, payload)
    if view is None or view.hidden:
        return None
    text = r.tr._("✅ The network's coordinators restored your offer «{title}»: it is shown again.", title=view.title)
    return r.message(r.lines([text]), [[r.button(r.tr._("📋 Our listings"), "m", "listings")]])


__all__ = ["KINDS", "NotificationRenderer", "clip_escaped", "fit"]


# --- saved searches ------------------------------------------------------------------------------------


@kind(alerts.KIND_ALERT)
async def _saved_search_match(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """A new offer for a saved search: the offer's card with Details and Enquire, and a way to stop the alert.
    Nothing when the person deleted the saved search or the offer is no longer active."""
    saved = await alerts.saved_search(session, r.person, _int(payload, "saved_search_id"))
    view = await listing_view(session, _int(payload, "listing_id"))
    if view.status != "active":
        return None
    tr = r.tr
    more = payload.get("more") if isinstance(payload.get("more"), int) else 0
    lines = [
        tr._("🔔 A new offer for your alert {search}:", search=describe_search(tr, saved)),
        "",
        offer_card(tr, view),
    ]
    if more:
        lines += ["", tr.n_("And {n} more new offer like it: search again to see it.",
                            "And {n} more new offers like it: search again to see them.", more)]  # fmt: skip
    rows = [
        [r.button(tr._("ℹ️ Details"), "sd", view.id), r.button(tr._("✉️ Enquire"), "eq", view.id)],
        [r.button(tr._("🔕 Stop this alert"), "sx", saved.id)],
    ]
    return r.message("\n".join(lines), rows)


from bot import notifications_files  # noqa: E402,F401  (registers the kinds that carry a file)

# --- inclusive employers and class visits (domain/visits.py, bot/flows/visits.py) --------------------------


@kind("inclusive_declared")
async def _inclusive_declared(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To a coordinator of the company's country: the company (by name, never who declared) and ♿ Confirm."""
    org = await roles.organisation(session, _int(payload, "organisation_id"))
    await require_coordinator(session, r.person.id, org.country)
    if org.inclusive_employer:
        return None  # another coordinator confirmed it before this was sent
    tr = r.tr
    text = r.lines([tr._("♿ {company} ({place}) declared itself an inclusive employer: it employs people with "
                         "disabilities or special needs. Please confirm it if you know it is true.",
                         company=org.name, place=f"{org.city}, {tr.country(org.country)}")])  # fmt: skip
    return r.message(text, [[r.button(tr._("♿ Confirm inclusive"), "vok", org.id)]])


@kind("inclusive_verified")
async def _inclusive_verified(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    org = await roles.organisation(session, _int(payload, "organisation_id"))
    if await roles.role_in(session, r.person.id, org.id) not in roles.COMPANY_ROLES:
        return None
    tr = r.tr
    text = r.lines([tr._("♿ {company} is confirmed as an inclusive employer. Schools see the tag, and you can "
                         "offer class visits.", company=org.name)])  # fmt: skip
    return r.message(text, [[r.button(tr._("➕ New visit offer"), "vnew", org.id)]])


@kind("visit_requested")
async def _visit_requested(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """To the offering company: which school (never which teacher), when, how many, and their needs."""
    view = await visits.request_view(session, r.person, _int(payload, "request_id"))
    if not view.company_side:
        return None
    tr = r.tr

    def build(clip: Clip) -> str:
        lines = [
            tr._("🚌 A school asks to visit: «{what}»", what=Safe(clip(view.offer.what))),
            tr._("School: {school}", school=f"{view.school_name} · {view.school_city}"),
            tr._("Date: {date}", date=tr.date(view.visit_date)),
            tr.n_("{n} student", "{n} students", view.group_size),
        ]
        if view.needs:
            lines.append(tr._("Accessibility needs: {needs}", needs=Safe(clip(view.needs))))
        return r.lines(lines)

    rows = [[r.button(tr._("✅ Accept"), "vac", view.id), r.button(tr._("✖ Decline"), "vdc", view.id)]]
    return r.message(fit(build), rows if view.status == "pending" else [])


@kind("visit_decided")
async def _visit_decided(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    view = await visits.request_view(session, r.person, _int(payload, "request_id"))
    if view.company_side:
        return None
    tr = r.tr
    values = {"company": view.offer.organisation_name, "what": view.offer.what, "date": tr.date(view.visit_date)}
    if view.status == "accepted":
        text = tr._("✅ {company} accepted your class visit «{what}» on {date}.", **values)
    else:
        text = tr._("{company} declined your class visit «{what}» on {date}.", **values)
    return r.message(r.lines([text]))
