"""Documents on an order: either side shares a PDF, DOCX or ODT (the partnership agreement) with the other.

Why the checks are here and not only in the bot: callback data can be forged and a flow can be reached by
typing, so every call checks that the person is on one of the two sides of that very order — a teacher or
admin of its school, or one of the buying organisation's people (students are not a side of the order).
The type is read from the bytes (domain.file_types) and the size checked against DOCUMENT_MAX_BYTES again
here, whatever the bot checked before downloading. The bytes are not stored: Telegram keeps them and the
file id sends them again; the name, size and SHA-256 are stored so anyone can tell later which file it was.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import ratelimit
from domain.errors import Forbidden, Invalid, NotFound
from domain.file_types import document_kind
from domain.limits import DOCUMENT_MAX_BYTES, FILE_NAME_MAX
from domain.models import Enquiry, Order, OrderDocument, OrderStatus, Organisation, Person
from domain.roles import STAFF_ROLES, buyer_role, customer_side, load_actor, require, role_in, school_side
from domain.rules import audit, notify
from domain.text_input import clean_name
from domain.views import OrderDocumentView, Side

KIND_ADDED = "order_document"  # the outbox kind that tells the other side
UPLOAD_LIMITS: list[ratelimit.Window] = [(ratelimit.HOUR, 30), (ratelimit.DAY, 100)]
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt"}


async def order_side(session: AsyncSession, person_id: int, order: Order) -> Side:
    """The side of this order the person is on; Forbidden for anyone else (a student included)."""
    school_role = await role_in(session, person_id, order.school_id)
    if school_role in STAFF_ROLES:
        return "school"
    if await buyer_role(session, person_id, order.customer_id) is not None:
        return "customer"
    require(school_role is None, "not_a_teacher")
    raise Forbidden("not_a_party")


async def _order(session: AsyncSession, order_id: int) -> Order:
    order = await session.get(Order, order_id)
    if order is None:
        raise NotFound("order_not_found")
    return order


def check_size(size: int | None) -> None:
    """Refuse a file over the limit before anything is downloaded (the size Telegram gives), and after."""
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise Invalid("document_too_large")


def stored_name(raw: str | None, kind: str) -> str:
    """The name shown to the other side: cleaned, on one line, with the extension of what the file really is
    ("agreement.exe" that is a PDF becomes "agreement.pdf")."""
    name = clean_name(raw).replace("/", "_").replace("\\", "_")
    extension = EXTENSIONS[kind]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .") or "document"
    return stem[: FILE_NAME_MAX - len(extension)].rstrip() + extension


def _view(document: OrderDocument, order: Order, names: dict[int, str]) -> OrderDocumentView:
    side: Side = "school" if document.organisation_id == order.school_id else "customer"
    return OrderDocumentView(
        id=document.id, order_id=document.order_id, file_name=document.file_name, kind=document.kind,
        size_bytes=document.size_bytes, sha256=document.sha256, telegram_file_id=document.telegram_file_id,
        organisation_name=names.get(document.organisation_id, ""), side=side, created_at=document.created_at,
    )  # fmt: skip


async def _names(session: AsyncSession, order: Order) -> dict[int, str]:
    rows = await session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_([order.school_id, order.customer_id]))
    )
    return {i: n for i, n in rows.all()}


async def add_document(
    session: AsyncSession, actor: Person, order_id: int, *, file_name: str | None, content: bytes, telegram_file_id: str
) -> OrderDocumentView:
    """Store a document one side adds to the order, audit it, and tell the other side through the outbox."""
    person = await load_actor(session, actor)
    order = await _order(session, order_id)
    side = await order_side(session, person.id, order)
    if order.status == OrderStatus.cancelled.value:  # a completed order may still get its invoice or agreement
        raise Invalid("order_not_in_progress")
    check_size(len(content))
    kind = document_kind(content)
    if kind is None:
        raise Invalid("document_type")
    if not content or not telegram_file_id or len(telegram_file_id) > 255:
        raise Invalid("document_type")
    uploads = [OrderDocument.uploaded_by_id == person.id]
    await ratelimit.check(session, person.id, OrderDocument.created_at, uploads, UPLOAD_LIMITS)
    document = OrderDocument(
        order_id=order.id,
        organisation_id=order.school_id if side == "school" else order.customer_id,
        uploaded_by_id=person.id,
        file_name=stored_name(file_name, kind.value),
        kind=kind.value,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        telegram_file_id=telegram_file_id,
    )
    session.add(document)
    await session.flush()
    audit(session, person.id, "order_document.add", "order", order.id, document_id=document.id,
          name=document.file_name, size=document.size_bytes, sha256=document.sha256, kind=document.kind,
          side=side)  # fmt: skip
    if side == "school":
        enquiry = await session.get(Enquiry, order.enquiry_id)
        other = await customer_side(session, order.customer_id, enquiry.from_person_id if enquiry else None)
    else:
        other = await school_side(session, order.school_id, order.accepted_by_id)
    await notify(session, other, KIND_ADDED, {"document_id": document.id}, exclude=person.id)
    return _view(document, order, await _names(session, order))


async def documents_of(session: AsyncSession, order: Order) -> list[OrderDocumentView]:
    """The order's documents, oldest first. The caller has checked that the viewer is a side of the order."""
    rows = await session.scalars(
        select(OrderDocument).where(OrderDocument.order_id == order.id).order_by(OrderDocument.id)
    )
    found = list(rows)
    if not found:
        return []
    names = await _names(session, order)
    return [_view(d, order, names) for d in found]


async def document(session: AsyncSession, actor: Person, document_id: int) -> OrderDocumentView:
    """One document, for a person on either side of its order (to download it, or to be told of it)."""
    person = await load_actor(session, actor)
    row = await session.get(OrderDocument, document_id)
    if row is None:
        raise NotFound("document_not_found")
    order = await _order(session, row.order_id)
    await order_side(session, person.id, order)
    return _view(row, order, await _names(session, order))


async def download(session: AsyncSession, actor: Person, document_id: int) -> OrderDocumentView:
    """:func:`document`, recorded: who of which side fetched which document (an AuditEvent)."""
    view = await document(session, actor, document_id)
    audit(session, actor.id, "order_document.download", "order", view.order_id, document_id=view.id)
    return view


__all__ = ["KIND_ADDED", "add_document", "check_size", "document", "documents_of", "download", "order_side"]
