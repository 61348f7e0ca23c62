"""Which conversation a person's typed message continues: the enquiry or task behind a notification.

People answer a relayed message by swiping to reply to it, or simply by writing right after it arrived;
both continue the thread that notification belongs to — an enquiry between a company and a school, or a
student's question to their teacher about a task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import Attachment, Order, OutboxMessage, RelayMessage, Role, TaskAssignment

ENQUIRY_KINDS = ("enquiry_received", "enquiry_accepted", "enquiry_declined")
# Notifications that invite an answer in words: a new enquiry, a relayed message, a question, an answer.
# The school's acceptance too: "thanks! can you put our logo on it?" is for the school.
# A relayed photo or file (domain.attachments) is answered the same way.
# The customer's "students started" and "order ready" too: "blu e arancione" after them answers the school's
# question asked just before, and "when can we pick it up?" is for the school.
ORDER_PROGRESS_KINDS = ("order_started", "order_ready")
THREAD_KINDS = ("enquiry_received", "enquiry_accepted", "relay_message", "task_question", "task_answer",
                "relay_attachment", "task_attachment", *ORDER_PROGRESS_KINDS)  # fmt: skip


@dataclass(frozen=True)
class Thread:
    """``enquiry`` (id: the enquiry) or ``task`` (id: the task assignment); ``asked`` is True for a student's
    question to a teacher (the teacher's words answer it), False for a teacher's answer to a student."""

    kind: Literal["enquiry", "task"]
    id: int
    asked: bool = False


async def _thread_of(session: AsyncSession, kind: str, payload: dict[str, Any] | None) -> Thread | None:
    """The thread a notification of this kind and payload belongs to."""
    payload = payload or {}
    if kind in ENQUIRY_KINDS and isinstance(payload.get("enquiry_id"), int):
        return Thread("enquiry", int(payload["enquiry_id"]))
    if kind == "relay_message" and isinstance(payload.get("relay_id"), int):
        found = await session.scalar(select(RelayMessage.enquiry_id).where(RelayMessage.id == payload["relay_id"]))
        return Thread("enquiry", int(found)) if found is not None else None
    if kind in ORDER_PROGRESS_KINDS and isinstance(payload.get("order_id"), int):
        found = await session.scalar(select(Order.enquiry_id).where(Order.id == payload["order_id"]))
        return Thread("enquiry", int(found)) if found is not None else None
    if kind in ("task_question", "task_answer") and isinstance(payload.get("assignment_id"), int):
        return Thread("task", int(payload["assignment_id"]), asked=kind == "task_question")
    if kind in ("relay_attachment", "task_attachment") and isinstance(payload.get("attachment_id"), int):
        attachment = await session.get(Attachment, payload["attachment_id"])
        if attachment is None:
            return None
        if attachment.enquiry_id is not None:
            return Thread("enquiry", attachment.enquiry_id)
        if attachment.assignment_id is not None:  # the student's file is answered by a teacher, and back
            return Thread("task", attachment.assignment_id, asked=attachment.sender_role == Role.student.value)
    return None


async def thread_replied_to(session: AsyncSession, person_id: int, telegram_message_id: int) -> Thread | None:
    """The thread behind the notification this person received as that Telegram message, if any."""
    row = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient_id == person_id, OutboxMessage.telegram_message_id == telegram_message_id
        )
    )
    return await _thread_of(session, row.kind, row.payload) if row is not None else None


async def enquiry_replied_to(session: AsyncSession, person_id: int, telegram_message_id: int) -> int | None:
    """The enquiry behind a notification this person received as that Telegram message, if any."""
    thread = await thread_replied_to(session, person_id, telegram_message_id)
    return thread.id if thread is not None and thread.kind == "enquiry" else None


# Built once (with and without ``since``): every typed message asks it, and building the statement, its cache key
# and an entity for the row cost more than the query; only the two columns the thread is read from are loaded.
# The newest message of any kind counts: after "✅ accepted" and then "📄 a document was added", a photo sent
# is no answer to the acceptance any more.
_NEWEST = select(OutboxMessage.kind, OutboxMessage.payload).where(
    OutboxMessage.recipient_id == bindparam("person_id"),
    OutboxMessage.sent_at.is_not(None),  # only what they have seen can be answered
)
_OPEN_EVER = _NEWEST.order_by(OutboxMessage.id.desc()).limit(1)
_OPEN_SINCE = _NEWEST.where(OutboxMessage.created_at > bindparam("since")).order_by(OutboxMessage.id.desc()).limit(1)
_ALL_SINCE = _NEWEST.where(OutboxMessage.created_at > bindparam("since")).order_by(OutboxMessage.id.desc())
NOTICES_LOOKED_AT = 20  # the newest notifications read to tell whether several enquiries wait for an answer


async def newest_since(
    session: AsyncSession, person_id: int, since: datetime | None
) -> tuple[str, dict[str, Any]] | None:
    """The kind and payload of the newest notification that reached this person since ``since`` (ever: None)."""
    if since is None:
        row = (await session.execute(_OPEN_EVER, {"person_id": person_id})).first()
    else:
        row = (await session.execute(_OPEN_SINCE, {"person_id": person_id, "since": since})).first()
    return (str(row.kind), dict(row.payload or {})) if row is not None else None


async def enquiries_since(session: AsyncSession, person_id: int, since: datetime | None) -> set[int]:
    """The enquiries this person heard about since ``since`` (their previous message; None: ever, of the newest
    notifications): when there are several, a bare "I accept" answers none of them for sure."""
    if since is None:  # their first message: everything they heard so far
        query = _NEWEST.order_by(OutboxMessage.id.desc()).limit(NOTICES_LOOKED_AT)
        rows = (await session.execute(query, {"person_id": person_id})).all()
    else:
        rows = (
            await session.execute(_ALL_SINCE.limit(NOTICES_LOOKED_AT), {"person_id": person_id, "since": since})
        ).all()
    found: set[int] = set()
    for row in rows:
        thread = await _thread_of(session, row.kind, row.payload) if row.kind in THREAD_KINDS else None
        if thread is not None and thread.kind == "enquiry":
            found.add(thread.id)
    return found


async def open_thread(session: AsyncSession, person_id: int, since: datetime | None) -> Thread | None:
    """The thread of the newest notification that reached this person (was delivered) after ``since`` (their
    previous message that changed anything), when it invites an answer: what they write next most likely
    answers it. None when the newest is of another kind (a reminder, a document added)."""
    if since is None:
        row = (await session.execute(_OPEN_EVER, {"person_id": person_id})).first()
    else:
        row = (await session.execute(_OPEN_SINCE, {"person_id": person_id, "since": since})).first()
    if row is None or row.kind not in THREAD_KINDS:
        return None
    return await _thread_of(session, row.kind, row.payload)


_NEWEST_QUESTION = _NEWEST.where(OutboxMessage.kind == "task_question").order_by(OutboxMessage.id.desc()).limit(1)


async def latest_question(session: AsyncSession, person_id: int) -> Thread | None:
    """The newest student's question this teacher received: "atsakyk mokiniui: …" answers it, whatever came
    after it (another notice, a search)."""
    row = (await session.execute(_NEWEST_QUESTION, {"person_id": person_id})).first()
    return await _thread_of(session, row.kind, row.payload) if row is not None else None


QUESTIONS_LOOKED_AT = 50  # a teacher's newest questions read to find one student's


async def latest_question_from(session: AsyncSession, person_id: int, student_id: int) -> Thread | None:
    """The newest question this teacher received from one student: "ответить Student B: …", "tell Jonas: …" answer
    that student, not the newest question (nor the company: the words reached the customer)."""
    newest = _NEWEST.where(OutboxMessage.kind == "task_question").order_by(OutboxMessage.id.desc())
    rows = (await session.execute(newest.limit(QUESTIONS_LOOKED_AT), {"person_id": person_id})).all()
    for row in rows:
        assignment_id = row.payload.get("assignment_id") if isinstance(row.payload, dict) else None
        if not isinstance(assignment_id, int):
            continue
        assignment = await session.get(TaskAssignment, assignment_id)
        if assignment is not None and assignment.student_id == student_id:
            return Thread("task", assignment_id, asked=True)
    return None
