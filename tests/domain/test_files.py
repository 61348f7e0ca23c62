"""Documents on an order and files in conversations, in the domain: who may, what is stored and who is told, and
what /mydata and /deleteme do with them. (Through Telegram: tests/e2e/test_documents.py.)"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import accounts, attachments, enquiries, order_documents, orders
from domain.db import transaction
from domain.errors import Forbidden, Invalid
from domain.limits import DOCUMENT_MAX_BYTES
from domain.models import Attachment, OrderDocument
from tests.domain.factories import World, outbox_rows

Factory = async_sessionmaker[AsyncSession]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


async def _order(db: Factory, w: World) -> tuple[int, int]:
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=5, needed_by=None, message="")
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
    return enquiry.id, order.id


async def _add(db: Factory, who: object, order_id: int, content: bytes = PDF, name: str = "deal.pdf") -> object:
    async with transaction(db) as s:
        return await order_documents.add_document(s, who, order_id, file_name=name, content=content,  # type: ignore[arg-type]
                                                  telegram_file_id="BQAC-1")  # fmt: skip


async def test_either_side_adds_a_document_and_the_other_side_is_told(db: Factory, world: World) -> None:
    w = world
    _enquiry, order_id = await _order(db, w)
    before = len(await outbox_rows(db, order_documents.KIND_ADDED))
    await _add(db, w.teacher_a, order_id, name="Sutartis.exe")  # the name's extension follows the content
    await _add(db, w.member_c, order_id)
    async with transaction(db) as s:
        stored = list(await s.scalars(select(OrderDocument).order_by(OrderDocument.id)))
        card = await orders.order_view(s, w.owner_c, order_id)
    assert [(d.file_name, d.kind, d.sha256, d.organisation_id) for d in stored] == [
        ("Sutartis.pdf", "pdf", hashlib.sha256(PDF).hexdigest(), w.school_a.id),
        ("deal.pdf", "pdf", hashlib.sha256(PDF).hexdigest(), w.company_c.id),
    ]
    assert [d.side for d in card.documents] == ["school", "customer"]
    told = (await outbox_rows(db, order_documents.KIND_ADDED))[before:]
    assert [r.recipient_id for r in told] == [w.owner_c.id, w.teacher_a.id]  # each time the other side


@pytest.mark.parametrize("who", ["student_a1", "teacher_b", "member_d", "stranger"])
async def test_nobody_else_may_add_or_download(db: Factory, world: World, who: str) -> None:
    w = world
    _enquiry, order_id = await _order(db, w)
    with pytest.raises(Forbidden):
        await _add(db, getattr(w, who), order_id)
    await _add(db, w.teacher_a, order_id)
    async with transaction(db) as s:
        document_id = await s.scalar(select(OrderDocument.id))
        assert document_id is not None
        with pytest.raises(Forbidden):
            await order_documents.download(s, getattr(w, who), document_id)


async def test_what_is_not_a_document_or_too_big_is_refused(db: Factory, world: World) -> None:
    w = world
    _enquiry, order_id = await _order(db, w)
    with pytest.raises(Invalid, match="document_type"):
        await _add(db, w.teacher_a, order_id, b"MZ\x90\x00" + bytes(100), "deal.pdf")
    with pytest.raises(Invalid, match="document_too_large"):
        await _add(db, w.teacher_a, order_id, b"%PDF-" + bytes(DOCUMENT_MAX_BYTES), "big.pdf")
    async with transaction(db) as s:
        assert await s.scalar(select(OrderDocument.id)) is None


async def test_files_in_conversations_follow_who_may_write_there(db: Factory, world: World) -> None:
    w = world
    enquiry_id, order_id = await _order(db, w)
    photo = attachments.FileRef("photo", "AgAC-1", 7, None, 1234)
    async with transaction(db) as s:
        await attachments.to_enquiry(s, w.owner_c, enquiry_id, photo, "our logo")
        task = await orders.add_task(s, w.teacher_a, order_id, "Bake", None)
        assignment = (await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])).assignments[0].id
        await attachments.to_task(s, w.student_a1, assignment, photo, "")
    for outsider in (w.member_d, w.student_b, w.teacher_b):
        async with transaction(db) as s:
            with pytest.raises(Forbidden):
                await attachments.to_enquiry(s, outsider, enquiry_id, photo, "")
        async with transaction(db) as s:
            with pytest.raises(Forbidden):
                await attachments.to_task(s, outsider, assignment, photo, "")
    async with transaction(db) as s:
        with pytest.raises(Forbidden):  # another student of the school: not their task
            await attachments.to_task(s, w.student_a2, assignment, photo, "")
    relayed = await outbox_rows(db, attachments.KIND_RELAY)
    to_teachers = await outbox_rows(db, attachments.KIND_TASK)
    assert w.owner_c.id not in [r.recipient_id for r in relayed] and relayed
    assert [r.recipient_id for r in to_teachers] == [w.teacher_a.id]


async def test_mydata_lists_them_and_deleteme_cuts_the_person_off(db: Factory, world: World) -> None:
    w = world
    enquiry_id, order_id = await _order(db, w)
    await _add(db, w.owner_c, order_id)
    async with transaction(db) as s:
        await attachments.to_enquiry(s, w.owner_c, enquiry_id, attachments.FileRef("document", "BQAC-2", 3, "a.pdf", 9),
                                     "see")  # fmt: skip
        data = await accounts.export_person(s, w.owner_c)
    assert [d["file_name"] for d in data["order_documents_added"]] == ["deal.pdf"]
    assert [(f["kind"], f["caption"]) for f in data["files_sent"]] == [("document", "see")]
    async with transaction(db) as s:
        await accounts.erase_person(s, w.owner_c)
    async with transaction(db) as s:
        assert await s.scalar(select(OrderDocument.uploaded_by_id)) is None
        assert await s.scalar(select(Attachment.sender_person_id)) is None
        assert await s.scalar(select(OrderDocument.sha256)) == hashlib.sha256(PDF).hexdigest()  # the record stays


async def test_a_cancelled_order_takes_no_more_documents(db: Factory, world: World) -> None:
    from domain import cancellations

    w = world
    _enquiry, order_id = await _order(db, w)
    async with transaction(db) as s:
        await cancellations.cancel_order(s, w.owner_c, order_id, "No longer needed")
    with pytest.raises(Invalid, match="order_not_in_progress"):
        await _add(db, w.teacher_a, order_id)
