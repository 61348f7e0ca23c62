"""Photos and files in conversations: between a company and a school (an enquiry), a student and their teachers
(a task). The same people may send them as may write there, with the same checks on every call.

Why re-sent by the bot and not forwarded: a forwarded message shows "Forwarded from <name>", and a file's
caption is whatever its sender typed; the bot copies the message (copyMessage drops the origin) with a caption
of its own — the sending organisation and role, as for relayed words — and the sender's caption escaped and
capped inside it (bot/notifications.py). What is stored is what the bot needs to send it again (the Telegram
file id, and the sender's message for copyMessage) and what the record needs (kind, name, size, caption,
who sent it for which side); the bytes stay with Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain import ratelimit
from domain.enquiries import CLOSED, _enquiry, _order_of, _side
from domain.errors import Forbidden, Invalid, NotFound
from domain.limits import CAPTION_MAX, FILE_NAME_MAX
from domain.models import Attachment, AttachmentKind, Person, Role, TaskAssignment
from domain.roles import STAFF_ROLES, customer_side, load_actor, role_in, school_side
from domain.rules import audit, notify
from domain.tasks import _detail_query, _require_open, _teachers
from domain.text_input import clean_name, tidy

KIND_RELAY = "relay_attachment"  # to the other side of an enquiry
KIND_TASK = "task_attachment"  # between a student and their teachers
LIMITS: list[ratelimit.Window] = [(ratelimit.MINUTE, 10), (ratelimit.HOUR, 60)]


@dataclass(frozen=True)
class FileRef:
    """A photo or file as Telegram delivered it to the bot: ``message_id`` is the sender's message (copied)."""

    kind: str  # photo | document
    file_id: str
    message_id: int | None = None
    file_name: str | None = None
    size: int | None = None  # what Telegram says: checked before anything is downloaded
    mime_type: str | None = None  # what the sender's app claims (never trusted: types are read from the bytes)

    @property
    def as_photo(self) -> bool:
        """Sent as a photo (Telegram keeps a JPEG of it), not as a file."""
        return self.kind == "photo"

    @property
    def name(self) -> str | None:
        return self.file_name


@dataclass(frozen=True)
class Sent:
    """What the sender is told: which conversation it went to (an enquiry, or a task assignment)."""

    attachment_id: int
    enquiry_id: int | None
    assignment_id: int | None


def _checked(file: FileRef, caption: str | None) -> tuple[str, str | None]:
    if file.kind not in {k.value for k in AttachmentKind} or not file.file_id or len(file.file_id) > 255:
        raise Invalid("attachment_kind")
    text = tidy(caption).strip()
    if len(text) > CAPTION_MAX:  # Telegram's own limit: a longer caption did not come from Telegram
        text = text[:CAPTION_MAX]
    name = clean_name(file.file_name)[:FILE_NAME_MAX] or None
    return text, name


async def _store(
    session: AsyncSession, person: Person, file: FileRef, caption: str | None, *, organisation_id: int, role: str,
    enquiry_id: int | None = None, assignment_id: int | None = None,
) -> Attachment:  # fmt: skip
    text, name = _checked(file, caption)
    await ratelimit.check(session, person.id, Attachment.created_at, [Attachment.sender_person_id == person.id], LIMITS)
    row = Attachment(
        kind=file.kind, enquiry_id=enquiry_id, assignment_id=assignment_id, sender_person_id=person.id,
        sender_organisation_id=organisation_id, sender_role=role, telegram_file_id=file.file_id,
        source_message_id=file.message_id, file_name=name, size_bytes=file.size, caption=text,
    )  # fmt: skip
    session.add(row)
    await session.flush()
    return row


async def to_enquiry(session: AsyncSession, actor: Person, enquiry_id: int, file: FileRef, caption: str | None) -> Sent:
    """A photo or file to the other side of an enquiry (open, accepted, or after the order), like a message."""
    person = await load_actor(session, actor)
    enquiry = await _enquiry(session, enquiry_id)
    side, role = await _side(session, person.id, enquiry)
    if enquiry.status in CLOSED:
        raise Invalid("enquiry_closed")
    sender_org = enquiry.from_organisation_id if side == "customer" else enquiry.to_organisation_id
    row = await _store(session, person, file, caption, organisation_id=sender_org, role=role, enquiry_id=enquiry.id)
    audit(session, person.id, "relay.attachment", "enquiry", enquiry.id, attachment_id=row.id, kind=row.kind,
          side=side)  # fmt: skip
    if side == "customer":
        order = await _order_of(session, enquiry.id)
        recipients = await school_side(session, enquiry.to_organisation_id, order.accepted_by_id if order else None)
    else:
        recipients = await customer_side(session, enquiry.from_organisation_id, enquiry.from_person_id)
    await notify(session, recipients, KIND_RELAY, {"attachment_id": row.id}, exclude=person.id)
    return Sent(row.id, enquiry.id, None)


async def to_task(session: AsyncSession, actor: Person, assignment_id: int, file: FileRef, caption: str | None) -> Sent:
    """A photo or file about a task: the student's reaches their teachers, a teacher's reaches that student.

    Who may: the student of the assignment, or a teacher/admin of the order's school; the order in progress."""
    person = await load_actor(session, actor)
    row = (await session.execute(_detail_query().where(TaskAssignment.id == assignment_id))).first()
    if row is None:
        raise NotFound("assignment_not_found")
    assignment, order = row[0], row[2]
    role = await role_in(session, person.id, order.school_id)
    if role == Role.student.value and assignment.student_id == person.id:
        from_student = True
    elif role in STAFF_ROLES:
        from_student = False
    else:
        raise Forbidden("not_assigned" if role == Role.student.value else "not_a_member")
    assert role is not None
    _require_open(row)
    sent = await _store(session, person, file, caption, organisation_id=order.school_id, role=role,
                        assignment_id=assignment.id)  # fmt: skip
    audit(session, person.id, "task.attachment", "task_assignment", assignment.id, attachment_id=sent.id,
          kind=sent.kind)  # fmt: skip
    if from_student:
        recipients = await _teachers(session, row)
    else:
        student = await session.get(Person, assignment.student_id)
        recipients = [student] if student is not None else []
    await notify(session, recipients, KIND_TASK, {"attachment_id": sent.id}, exclude=person.id)
    return Sent(sent.id, None, assignment.id)


__all__ = ["KIND_RELAY", "KIND_TASK", "FileRef", "Sent", "to_enquiry", "to_task"]
