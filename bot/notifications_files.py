"""Notifications that carry a file: a photo or file passed on in a conversation, a document added to an order.

Why a module of its own: these kinds send a file, not a text — the sender's own message copied (copyMessage, so
no "forwarded from" and no Telegram name shows), or the file sent again by its id — with the bot's caption: who
sent it as an organisation and a role (a student's name only to their own school's teachers), and the sender's
caption escaped and cut to fit Telegram's 1,024-character caption limit. Registered in bot/notifications.py's
table (``kind``); the rules of that module hold here too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.flows.documents import file_size
from bot.flows.tasks import sentence, task_actions
from bot.i18n import Safe, escape
from bot.notifications import (
    Clip,
    NotificationRenderer,
    _int,
    _order_button,
    _Reader,
    _role,
    _student_task,
    _teacher_task,
    fit,
    kind,
)
from bot.outbox_sender.render import OutgoingMessage
from domain import order_documents, orders, roles
from domain.attachments import KIND_RELAY, KIND_TASK
from domain.enquiries import enquiry_view
from domain.models import Attachment, Person, Role

CAPTION_LIMIT = 1000  # UTF-16 units of the caption's HTML; Telegram allows 1,024 after the tags are parsed


async def _file(session: AsyncSession, attachment: Attachment, message: OutgoingMessage) -> OutgoingMessage:
    """The message as a copy of the sender's own (while it can be copied) or the file sent again by its id."""
    sender = await session.get(Person, attachment.sender_person_id) if attachment.sender_person_id else None
    source = sender.telegram_id if sender is not None and sender.erased_at is None else None
    copy_from = (source, attachment.source_message_id) if source and attachment.source_message_id else None
    return replace(message, sent_file=(attachment.kind, attachment.telegram_file_id), copy_from=copy_from)


def _marker(attachment: Attachment) -> str:
    return "📷" if attachment.kind == "photo" else "📎"


@kind(KIND_RELAY)
async def _relay_attachment(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """A photo or file from the other side of an enquiry, introduced like a relayed message."""
    attachment = await session.get(Attachment, _int(payload, "attachment_id"))
    if attachment is None or attachment.enquiry_id is None:
        return None
    view = await enquiry_view(session, r.person, attachment.enquiry_id)  # Forbidden once they are no party
    from_customer = attachment.sender_organisation_id == view.from_organisation_id
    sender = view.from_organisation_name if from_customer else view.to_organisation_name
    tr = r.tr
    sender_org = await roles.organisation(session, attachment.sender_organisation_id)
    role = _role(tr, attachment.sender_role, school=roles.is_school(sender_org))

    def build(clip: Clip) -> str:
        said = clip(attachment.caption) if attachment.caption else _marker(attachment)
        if r.easy:
            return "\n".join(
                [
                    sentence(tr._("💬 Message from {organisation} ({role})", organisation=sender, role=role)),
                    sentence(tr._("About: {listing}", listing=view.listing_title)),
                    said,
                ]
            )
        who = Safe(f"<b>{escape(sender)}</b>")
        return "\n".join(
            [
                tr._("💬 {organisation} ({role}):", organisation=who, role=role) + " " + said,
                Safe("<i>") + tr._("Enquiry #{id} «{listing}»", id=view.id, listing=view.listing_title) + "</i>",
            ]
        )

    rows = [[r.button(tr._("↩️ Reply"), "rp", view.id)]] if view.status in ("open", "accepted") else []
    return await _file(session, attachment, r.message(fit(build, CAPTION_LIMIT), rows))


@kind(KIND_TASK)
async def _task_attachment(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """A student's photo or file to their teachers (with the student's name), or a teacher's to the student
    (from "your teacher", never a name)."""
    attachment = await session.get(Attachment, _int(payload, "attachment_id"))
    if attachment is None or attachment.assignment_id is None:
        return None
    tr = r.tr
    if attachment.sender_role == Role.student.value:
        found = await _teacher_task(session, r, attachment.assignment_id)
        if found is None:
            return None
        order = found.order

        def to_teacher(clip: Clip) -> str:
            lines = [tr._("📎 {student} sent this about «{task}».", student=found.student, task=found.title)]
            if attachment.caption:
                lines.append(Safe("<i>") + clip(attachment.caption) + "</i>")
            lines.append(tr._("Order #{id} «{listing}» for {customer}", id=order.id, listing=order.listing_title,
                              customer=order.customer_name))  # fmt: skip
            return r.lines(lines)

        reply = r.button(tr._("↩️ Reply"), "tr", attachment.assignment_id)
        message = r.message(fit(to_teacher, CAPTION_LIMIT), [[reply, *_order_button(r, order)[0]]])
        return await _file(session, attachment, message)
    task = await _student_task(session, r, attachment.assignment_id)
    if task is None:
        return None

    def to_student(clip: Clip) -> str:
        lines = [tr._("📎 Your teacher sent this about «{task}».", task=task.title)]
        if attachment.caption:
            lines.append(Safe("<i>") + clip(attachment.caption) + "</i>")
        return r.lines(lines)

    message = r.message(fit(to_student, CAPTION_LIMIT), [task_actions(tr, task, r.make, reply=True)])
    return await _file(session, attachment, message)


@kind(order_documents.KIND_ADDED)
async def _order_document(
    _self: NotificationRenderer, session: AsyncSession, payload: dict[str, Any], r: _Reader
) -> OutgoingMessage | None:
    """The other side added a document to the order: what it is, and 📥 to get it (the order card has it too)."""
    found = await order_documents.document(session, r.person, _int(payload, "document_id"))
    view = await orders.order_view(session, r.person, found.order_id)
    if found.side == view.side:  # a colleague added it: they were not the one to be told
        return None
    tr = r.tr
    text = tr._("📄 {organisation} added a document to order #{id} «{listing}»: {name} ({size}).",
                organisation=found.organisation_name, id=view.id, listing=view.listing_title, name=found.file_name,
                size=file_size(tr, found.size_bytes))  # fmt: skip
    rows = [[r.button(tr._("📥 Download"), "odd", found.id)], *_order_button(r, view)]
    return r.message(r.lines([text]), rows)
