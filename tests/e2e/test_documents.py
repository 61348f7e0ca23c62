"""Documents on an order and photos/files passed on in conversations, on Telegram, in several languages.

Real PTB Application, flows, services, database and outbox sender; Telegram is the fake Bot API server on
loopback, which stores what people send (a file id the bot may send again, getFile, the download) and what the
bot copies (copyMessage). Each test asserts what the other party received and what was stored:

* a school's teacher adds the agreement with 📎 on the order card (a button); the company is told and downloads
  it with 📥 from its own order card — the very bytes; name, size and SHA-256 are stored and the upload audited;
  the company sends a DOCX with no order in view and types which order it is for;
* a renamed executable and a 25 MB PDF are refused with a clear message (the big one before any download);
* a forged 📥 for another order's document is refused and nothing is sent;
* a photo swipe-replied to an enquiry reaches the company as the bot's copy (copyMessage, no forward origin, no
  teacher's name), and the company's typed answer goes back;
* a student's photo about their task reaches the teacher, the teacher's file reaches the student, no teacher's
  Telegram identity on the student's side.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders
from domain.db import transaction
from domain.models import Attachment, AuditEvent, OrderDocument, OutboxMessage, Person, RelayMessage
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world, listing
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import plain, running_bot
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

Factory = async_sessionmaker[AsyncSession]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(4000) + b"This program cannot be run"
BIG_PDF = b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@dataclass(frozen=True)
class Script:
    language: str
    agreement: str  # the school's PDF
    specification: str  # the company's DOCX, sent without an order in view
    caption: str  # a photo's caption in the enquiry thread
    answer: str  # the company's typed answer to the photo
    pick_by_button: bool  # the order for a document sent without one: pressed, or typed as "#<id>"


SCRIPTS = [
    Script("lt", "Partnerystės sutartis.pdf", "Specifikacija.docx", "Štai mūsų tortai <b>ir</b> pyragai",
           "Puiku, užsakome tokius", False),
    Script("pl", "Umowa partnerska.pdf", "Specyfikacja.docx", "Oto nasze torty <b>i</b> ciasta",
           "Świetnie, zamawiamy takie", True),
    Script("ru", "Договор о партнёрстве.pdf", "Спецификация.docx", "Вот наши торты <b>и</b> пироги",
           "Отлично, заказываем такие", False),
]  # fmt: skip


async def _world(db: Factory, language: str) -> tuple[World, int, int]:
    """School A's order for company C, and school B's order for company D (another deal entirely); everyone has a
    name and username that must not reach the other side. Returns the world, order A–C and order B–D."""
    w = await build_world(db)
    async with transaction(db) as s:
        for who, name in ((w.teacher_a, "SECRET-TEACHER"), (w.owner_c, "SECRET-COMPANY"), (w.student_a1, "Ona"),
                          (w.teacher_b, "OTHER-TEACHER"), (w.member_d, "OTHER-COMPANY")):  # fmt: skip
            await s.execute(update(Person).where(Person.id == who.id).values(display_name=name, language=language))
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=50, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        item = await listing(s, w.school_b, "Web pages")
        other_enquiry = await enquiries.create_enquiry(s, w.member_d, item.id, quantity=1, needed_by=None,
                                                       message="")  # fmt: skip
        other = await enquiries.accept_enquiry(s, w.teacher_b, other_enquiry.id)
    return w, order.id, other.id


def _chatters(server: FakeTelegram, w: World, language: str) -> dict[str, Chatter]:
    people = {"teacher": (w.teacher_a, "SECRET-TEACHER"), "company": (w.owner_c, "SECRET-COMPANY"),
              "student": (w.student_a1, "Ona"), "other_teacher": (w.teacher_b, "OTHER-TEACHER"),
              "other_company": (w.member_d, "OTHER-COMPANY")}  # fmt: skip
    found = {}
    for key, (person, name) in people.items():
        assert person.telegram_id is not None
        server.add_user(person.telegram_id, name, username=f"user{person.telegram_id}", language_code=language)
        found[key] = Chatter(server, person.telegram_id, name)
    return found


async def _rows(db: Factory, model: Any, count: int) -> list[Any]:
    for _ in range(100):
        async with db() as s:
            rows = list(await s.scalars(select(model).order_by(model.id)))
        if len(rows) >= count:
            return rows
        await asyncio.sleep(0.1)
    return rows


async def _acknowledged(db: Factory, person_id: int, record: MessageRecord) -> None:
    """Wait until the sender recorded that this notification reached the person as that Telegram message: a
    swipe-reply to it is read through that record (a person takes longer to swipe than the sender to write it)."""
    for _ in range(100):
        async with db() as s:
            found = await s.scalar(
                select(OutboxMessage.id).where(
                    OutboxMessage.recipient_id == person_id, OutboxMessage.telegram_message_id == record.message_id
                )
            )
        if found is not None:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"message {record.message_id} to person {person_id} was never recorded as delivered")


async def _open_order(who: Chatter, order_id: int) -> MessageRecord:
    mark = who.mark()
    await who.send("/orders")
    await who.press(await who.wait_button("🧰", after=mark), f"#{order_id}")
    return await who.wait(lambda r: f"#{order_id}" in plain(r) and any("📎" in t for t, _ in r.buttons), after=mark)


def _identity(who: Chatter) -> tuple[str, ...]:
    return (who.name, f"user{who.user_id}", str(who.user_id))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.language for s in SCRIPTS])
async def test_an_agreement_reaches_the_company_who_downloads_it(db: Factory, script: Script) -> None:
    w, order_id, _other = await _world(db, script.language)
    async with running_bot(db) as (server, _services):
        people = _chatters(server, w, script.language)
        teacher, company = people["teacher"], people["company"]

        # the school: 📎 on the order card, then the PDF
        card = await _open_order(teacher, order_id)
        await teacher.press(card, "📎")
        await teacher.wait_text("PDF", f"#{order_id}")
        mark = company.mark()
        await server.user_sends_file(teacher.user_id, PDF, file_name=script.agreement, mime_type="application/pdf")
        done = await teacher.wait_text("✔", script.agreement)
        assert "Cafe Centras" in plain(done)

        # the company is told, with 📥, and nothing about who on the school's side sent it
        told = await company.wait(lambda r: "📄" in plain(r) and script.agreement in plain(r), after=mark)
        assert "Vilnius VET school" in plain(told) and any("📥" in t for t, _ in told.buttons)

        # … and downloads it from its own order card: the same bytes, sent again by Telegram's file id
        card = await _open_order(company, order_id)
        assert script.agreement in plain(card)
        mark = company.mark()
        await company.press(card, f"📥 {script.agreement}")
        sent = await company.wait(lambda r: r.document is not None, after=mark)
        assert sent.method == "sendDocument" and sent.document_bytes == PDF and sent.document_name == script.agreement

        stored = await _rows(db, OrderDocument, 1)
        assert [(d.order_id, d.file_name, d.kind, d.size_bytes, d.sha256) for d in stored] == [
            (order_id, script.agreement, "pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
        ]
        async with db() as s:
            audited = list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "order_document.add")))
        assert [(e.actor_id, e.subject_id, e.details["sha256"]) for e in audited] == [
            (w.teacher_a.id, order_id, hashlib.sha256(PDF).hexdigest())
        ]

        # the company sends a DOCX with no order in view: asked which order, it types the number or presses it
        spec = docx()
        mark, seen = company.mark(), teacher.mark()
        await server.user_sends_file(company.user_id, spec, file_name=script.specification,
                                     mime_type="application/octet-stream")  # fmt: skip
        question = await company.wait(lambda r: any("📎" in t for t, _ in r.buttons), after=mark)
        assert script.specification in plain(question)
        if script.pick_by_button:
            await company.press(question, f"#{order_id}")
        else:
            await company.send(f"#{order_id}")
        await company.wait_text("✔", script.specification)
        await teacher.wait(lambda r: "📄" in plain(r) and script.specification in plain(r), after=seen)
        stored = await _rows(db, OrderDocument, 2)
        assert (stored[1].kind, stored[1].sha256, stored[1].organisation_id) == (
            "docx",
            hashlib.sha256(spec).hexdigest(),
            w.company_c.id,
        )

        for secret in _identity(teacher):
            assert secret not in company.everything_received()
        for secret in _identity(company):
            assert secret not in teacher.everything_received()


async def test_a_renamed_program_and_a_25_mb_pdf_are_refused(db: Factory) -> None:
    w, order_id, _other = await _world(db, "it")
    async with running_bot(db) as (server, _services):
        people = _chatters(server, w, "it")
        teacher, company = people["teacher"], people["company"]
        card = await _open_order(teacher, order_id)
        await teacher.press(card, "📎")
        await teacher.wait_text("PDF", f"#{order_id}")

        # a program renamed to .pdf, its type claimed as PDF: refused by what is inside
        await server.user_sends_file(teacher.user_id, EXECUTABLE, file_name="contratto.pdf",
                                     mime_type="application/pdf")  # fmt: skip
        refused = await teacher.wait_text("PDF", "DOCX", "ODT")
        assert "✔" not in plain(refused)

        # still waiting for the document: a 25 MB PDF is refused by its size, without being downloaded
        downloads = server.stats.per_method["getFile"]
        await server.user_sends_file(teacher.user_id, BIG_PDF, file_name="contratto grande.pdf",
                                     mime_type="application/pdf")  # fmt: skip
        too_big = await teacher.wait_text("20 MB")
        assert "✔" not in plain(too_big)
        assert server.stats.per_method["getFile"] == downloads

        # and a real one then goes through
        await server.user_sends_file(teacher.user_id, PDF, file_name="contratto.pdf", mime_type="application/pdf")
        await teacher.wait_text("✔", "contratto.pdf")
        stored = await _rows(db, OrderDocument, 1)
        assert [(d.file_name, d.size_bytes) for d in stored] == [("contratto.pdf", len(PDF))]
        await company.wait_text("📄", "contratto.pdf")

        # a photo out of the blue is told what can be done with it; nothing is passed on
        mark = teacher.mark()
        await server.user_sends_file(company.user_id, b"\xff\xd8\xff" + bytes(500), kind="photo")
        told = await company.wait_text("/orders", "📎")
        assert told.document is None
        await asyncio.sleep(1.0)
        assert not [r for r in server.events(teacher.user_id)[mark:] if r.document is not None]


async def test_a_forged_download_button_for_another_order_is_refused(db: Factory) -> None:
    w, order_id, other_id = await _world(db, "pt")
    async with running_bot(db) as (server, services):
        people = _chatters(server, w, "pt")
        other_teacher, company = people["other_teacher"], people["company"]
        card = await _open_order(other_teacher, other_id)
        await other_teacher.press(card, "📎")
        await other_teacher.wait_text("PDF", f"#{other_id}")
        await server.user_sends_file(other_teacher.user_id, PDF, file_name="Contrato secreto.pdf")
        await other_teacher.wait_text("✔", "Contrato secreto.pdf")
        [document] = await _rows(db, OrderDocument, 1)
        assert document.order_id == other_id

        # company C signs nothing itself, but data can be forged: a correctly signed 📥 for order B–D's document
        await _open_order(company, order_id)
        forged = services.signer.sign(company.user_id, "odd", document.id)
        shown = company.server.last_message(company.user_id)
        assert shown is not None
        mark = company.mark()
        await server.user_presses(company.user_id, shown.message_id, forged, strict=False)
        refused = await company.wait(after=mark)
        assert refused.document is None and "Contrato" not in plain(refused)
        await asyncio.sleep(1.0)
        assert all(r.document is None for r in server.events(company.user_id))


async def test_a_photo_in_an_enquiry_thread_reaches_the_other_side_as_the_bots_copy(db: Factory) -> None:
    script = SCRIPTS[0]  # lt
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Person).where(Person.id == w.teacher_a.id).values(display_name="SECRET-TEACHER",
                                                                                  language="lt"))  # fmt: skip
        await s.execute(update(Person).where(Person.id == w.owner_c.id).values(display_name="SECRET-COMPANY",
                                                                                language="lt"))  # fmt: skip
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=20, needed_by=None,
                                                 message="Ar galite iškepti tortų?")  # fmt: skip
    async with running_bot(db) as (server, _services):
        people = _chatters(server, w, "lt")
        teacher, company = people["teacher"], people["company"]
        received = await teacher.wait_text("📨", f"#{enquiry.id}")
        await _acknowledged(db, w.teacher_a.id, received)

        # the teacher swipe-replies to the enquiry with a photo and a caption
        mark = company.mark()
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(3000)
        sent = await server.user_sends_file(teacher.user_id, photo, kind="photo", caption=script.caption,
                                            reply_to_message_id=received.message_id)  # fmt: skip
        await teacher.wait_text("✔")
        copy = await company.wait(lambda r: r.document is not None, after=mark)
        assert copy.method == "copyMessage" and copy.copied_from == (teacher.user_id, sent["message_id"])
        assert copy.document is not None and copy.document.content == photo
        shown = server._message_json(copy)
        assert "photo" in shown and not {"forward_origin", "forward_from", "forward_sender_name"} & set(shown)
        caption = plain(copy)
        assert "Vilnius VET school" in caption and f"#{enquiry.id}" in caption
        assert script.caption in (copy.caption or "")  # the sender's words as text: "<b>" was escaped, not parsed
        for secret in _identity(teacher):
            assert secret not in caption and secret not in str(shown)

        # the company answers by typing right after: it goes back to the school
        mark = teacher.mark()
        await company.send(script.answer)
        await teacher.wait_text(script.answer, after=mark)
        relays = await _rows(db, RelayMessage, 1)
        assert [r.text for r in relays] == [script.answer]

        # the company sends a PDF with ↩️ Reply: the teacher gets the copy
        mark = teacher.mark()
        await company.press(await company.wait_button("↩️"), "↩️")
        await company.wait(lambda r: "/cancel" in plain(r))
        long_caption = "Mūsų logotipas & spalvos. " * 39  # 1,014 characters: within Telegram's 1,024 for the sender
        await server.user_sends_file(company.user_id, PDF, file_name="brief.pdf", caption=long_caption)
        await company.wait_text("✔")
        copied = await teacher.wait(lambda r: r.document is not None, after=mark)
        assert copied.method == "copyMessage" and copied.document is not None and copied.document.content == PDF
        assert "Cafe Centras" in plain(copied) and "SECRET-COMPANY" not in plain(copied)
        # with the bot's words added it would pass Telegram's limit: the sender's caption is cut, visibly
        assert copied.caption is not None and len(copied.caption) <= 1024 and "…\n" in copied.caption
        assert copied.caption.endswith(f"#{enquiry.id} „Birthday cakes“")  # the bot's own words stay whole

        stored = await _rows(db, Attachment, 2)
        assert [(a.kind, a.enquiry_id, a.sender_role, a.caption) for a in stored] == [
            ("photo", enquiry.id, "teacher", script.caption), ("document", enquiry.id, "admin", long_caption.strip())
        ]  # fmt: skip


@pytest.mark.parametrize("language", ["lv", "en"])
async def test_teacher_and_student_pass_photos_and_files_about_a_task(db: Factory, language: str) -> None:
    w, order_id, _other = await _world(db, language)
    async with transaction(db) as s:
        task = await orders.add_task(s, w.teacher_a, order_id, "Cepumu kaste", utcnow() + timedelta(days=4))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
    async with running_bot(db) as (server, _services):
        people = _chatters(server, w, language)
        teacher, student, company = people["teacher"], people["student"], people["company"]

        # the student presses ❓ on the task and sends a photo instead of words
        assigned = await student.wait_text("Cepumu kaste")
        await student.press(assigned, "❓")
        await student.wait()
        mark = teacher.mark()
        photo = b"\x89PNG\r\n\x1a\n" + bytes(2000)
        await server.user_sends_file(student.user_id, photo, kind="photo", caption="Vai šāds iepakojums der?")
        await student.wait_text("✔")
        got = await teacher.wait(lambda r: r.document is not None, after=mark)
        assert got.method == "copyMessage" and got.document is not None and got.document.content == photo
        assert "Ona" in plain(got) and "Cepumu kaste" in plain(got) and "Vai šāds iepakojums der?" in plain(got)
        await _acknowledged(db, w.teacher_a.id, got)

        # the teacher swipe-replies to it with a file: the student gets the bot's copy, no teacher's identity
        mark = student.mark()
        await server.user_sends_file(teacher.user_id, PDF, file_name="iepakojums.pdf", caption="Šis paraugs",
                                     reply_to_message_id=got.message_id)  # fmt: skip
        await teacher.wait_text("✔")
        back = await student.wait(lambda r: r.document is not None, after=mark)
        assert back.method == "copyMessage" and back.document is not None and back.document.content == PDF
        assert "Cepumu kaste" in plain(back) and "Šis paraugs" in plain(back)
        seen = student.everything_received() + str([server._message_json(r) for r in server.events(student.user_id)])
        for secret in _identity(teacher):
            assert secret not in seen

        # the student answers in words right after: it reaches the teacher as before
        mark = teacher.mark()
        await student.send("Vai drīkst izmantot zilu lenti?")
        await teacher.wait_text("Vai drīkst izmantot zilu lenti?", after=mark)

        stored = await _rows(db, Attachment, 2)
        assert [(a.kind, a.sender_role, a.enquiry_id is None) for a in stored] == [
            ("photo", "student", True),
            ("document", "teacher", True),
        ]
        assert "Cepumu kaste" not in company.everything_received()
