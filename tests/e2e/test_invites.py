"""Invitations made in chat, on Telegram: a school admin invites a teacher (by button, in Lithuanian), the teacher
invites students (typed, in English), people join by the link, and every refusal has its own answer.

Real PTB Application, flows, services and database; Telegram is the fake server on loopback. The QR code the
bot sends is read back from the PNG's pixels and compared with the QR code of the link in the message.
"""

from __future__ import annotations

import asyncio
import re
import struct
import zlib
from datetime import timedelta

import pytest
import segno
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import translator
from domain.db import transaction
from domain.invites import create_invite
from domain.models import AuditEvent, Invite, Membership, Person
from domain.timeutil import utcnow
from tests.domain.factories import org
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import plain, running_bot
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import MessageRecord

REVOKED = "Revoked: {invite}. The link does not work any more; people who joined with it stay."
LINK = re.compile(r"https://t\.me/vet2b_test_bot\?start=([A-Za-z0-9_-]+)")
SETTLE_S = 0.3


async def _turn(person: Chatter, text: str | None = None, *, press: tuple[MessageRecord, int] | None = None) -> str:
    """Type ``text`` or press a button (record, index); the bot's whole answer as plain text."""
    mark = person.mark()
    if press is not None:
        await person.press_at(*press)
    else:
        assert text is not None
        await person.send(text)
    await person.wait(after=mark)
    await asyncio.sleep(SETTLE_S)
    return "\n".join(plain(r) for r in person.server.events(person.user_id)[mark:])


def _last_with_buttons(person: Chatter) -> MessageRecord:
    return next(r for r in reversed(person.server.events(person.user_id)) if FakeTelegram.buttons(r))


def _png_modules(png: bytes) -> list[list[bool]]:
    """The dark/light modules of a black-on-white QR code PNG (8-bit or 1-bit greyscale), read from its pixels:
    the module size is the width of the top-left finder pattern's first row divided by 7."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + png[at + 8 : at + 8 + length]
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert colour == 0 and depth in (1, 8) and width == height
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = (width * depth + 7) // 8
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        filtering, data = line[0], bytearray(line[1:])
        for x in range(stride):
            left = data[x - 1] if x else 0
            up, corner = previous[x], previous[x - 1] if x else 0
            predictor = {0: 0, 1: left, 2: up, 3: (left + up) // 2}.get(filtering)
            if predictor is None:  # Paeth
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            data[x] = (data[x] + predictor) & 0xFF
        rows.append(bytes(data))
        previous = bytes(data)

    def dark(x: int, y: int) -> bool:
        if depth == 8:
            return rows[y][x] < 128
        return not (rows[y][x // 8] >> (7 - x % 8)) & 1

    start = next(i for i in range(width) if dark(i, i))  # the finder pattern's top-left corner
    run = next(i for i in range(start, width) if not dark(i, start)) - start
    scale = run // 7
    size = (width - 2 * start) // scale
    centre = start + scale // 2
    return [[dark(centre + c * scale, centre + r * scale) for c in range(size)] for r in range(size)]


def _is_qr_of(png: bytes, link: str) -> bool:
    modules = _png_modules(png)
    for error in "lmqh":
        code = segno.make(link, error=error, micro=False, boost_error=False)
        if [[bool(v) for v in row] for row in code.matrix] == modules:
            return True
    return False


async def _members(db: async_sessionmaker[AsyncSession], school_id: int, role: str) -> list[int]:
    async with db() as s:
        rows = await s.scalars(
            select(Person.telegram_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.organisation_id == school_id, Membership.role == role)
        )
        return sorted(t for t in rows if t is not None)


async def _actions(db: async_sessionmaker[AsyncSession]) -> list[str]:
    async with db() as s:
        return list(await s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


async def _created_invite(person: Chatter) -> tuple[str, MessageRecord, MessageRecord]:
    """The link in the bot's last text message and the QR photo after it (which may come a second later: it is
    the turn's second message, and Telegram allows about one a second per chat)."""
    events = person.server.events(person.user_id)
    after = max(i for i, r in enumerate(events) if r.method == "sendMessage" and LINK.search(plain(r)))
    photo = await person.wait(lambda r: r.method == "sendPhoto", after=after)
    events = person.server.events(person.user_id)
    text = next(r for r in reversed(events) if r.method == "sendMessage" and LINK.search(plain(r)))
    found = LINK.search(plain(text))
    assert found is not None
    return found.group(0), text, photo


async def test_admin_and_teacher_invite_in_chat(db: async_sessionmaker[AsyncSession]) -> None:
    async with transaction(db) as s:
        school = await org(s, "school", "Kauno VET")
        other = await org(s, "school", "Rygas VET", country="LV", city="Riga")
        admin_token = (await create_invite(s, school.slug, "admin")).token
        other_token = (await create_invite(s, other.slug, "teacher")).token
    async with running_bot(db) as (server, services):
        admin, teacher = Chatter(server, 5001, "Admin"), Chatter(server, 5002, "Teacher")
        students = [Chatter(server, 5003, "Student RU"), Chatter(server, 5004, "Student PL")]
        late, outsider = Chatter(server, 5005, "Late IT"), Chatter(server, 5006, "Other school LV")
        languages = [(admin, "lt"), (teacher, "en"), (students[0], "ru"), (students[1], "pl"), (late, "it"),
                     (outsider, "lv")]  # fmt: skip
        for who, language in languages:
            server.add_user(who.user_id, who.name, username=f"user{who.user_id}", language_code=language)
        lt = translator("lt")
        await _turn(admin, f"/start {admin_token}")
        await _turn(outsider, f"/start {other_token}")

        # --- the admin invites a teacher, by buttons, in Lithuanian ------------------------------------------
        said = await _turn(admin, "/invite")
        assert lt._("Whom do you want to invite to {school}?", school="Kauno VET") in said
        said = await _turn(admin, press=(_last_with_buttons(admin), 0))  # 👩‍🏫 A teacher
        assert lt._("How many teachers may join with this link? Choose or type a number.") in said
        await _turn(admin, press=(_last_with_buttons(admin), 0))  # 1
        said = await _turn(admin, press=(_last_with_buttons(admin), 1))  # 7 days
        link, text, photo = await _created_invite(admin)
        assert lt._("✅ The invite is ready.") in said
        assert "Kauno VET" in plain(text) and lt.date(utcnow() + timedelta(days=7)) in plain(text)
        assert photo.document is not None and photo.caption is not None and link in photo.caption
        png = server.file_bytes(photo.document.file_id)
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24])[0] >= 200
        assert _is_qr_of(png, link), "the QR code is not the link's"
        assert not _is_qr_of(png, link + "x")  # the check can fail

        # --- a new person opens it and becomes a teacher ------------------------------------------------------
        said = await _turn(teacher, f"/start {LINK.search(link).group(1)}")  # type: ignore[union-attr]
        assert "You joined Kauno VET as a teacher." in said
        assert await _members(db, school.id, "teacher") == [teacher.user_id]

        # --- a teacher cannot invite a teacher, typed or by a forged button -----------------------------------
        said = await _turn(teacher, "invite a teacher please")
        assert "Only a school administrator can invite teachers." in said
        forged = services.signer.sign(teacher.user_id, "ivo", "teacher")
        mark = teacher.mark()
        await server.user_presses(teacher.user_id, _last_with_buttons(teacher).message_id, forged, strict=False)
        assert "no longer valid" in plain(await teacher.wait(after=mark))

        # --- the teacher invites students, typed: 2 uses, 3 days ---------------------------------------------
        said = await _turn(teacher, "invite a student")
        assert "How many students may join with this link?" in said
        assert "How long should the link work?" in await _turn(teacher, "2")
        said = await _turn(teacher, "3 days")
        link, _text, photo = await _created_invite(teacher)
        assert "Student invite, Kauno VET: 2 uses left" in said
        assert photo.document is not None and _is_qr_of(server.file_bytes(photo.document.file_id), link)
        token = link.rsplit("=", 1)[1]
        for student in students:
            await _turn(student, f"/start {token}")
        assert await _members(db, school.id, "student") == [s.user_id for s in students]
        said = await _turn(late, f"/start {token}")
        assert translator("it")._("This invite link has already been used. Ask your school for a new one.") in said
        assert await _members(db, school.id, "student") == [s.user_id for s in students]

        # --- the admin's list; a forged revoke from another school's teacher is refused -----------------------
        await _turn(admin, "/invite")  # the teacher invite is used up: nothing open, so it asks for a new one
        await _turn(admin, "/cancel")
        await _turn(admin, "pakviesti mokinį")  # typed in Lithuanian: a student invite
        await _turn(admin, "10")
        await _turn(admin, "30")
        admin_link, _text, _photo = await _created_invite(admin)
        said = await _turn(admin, "/invite")
        assert lt._("Your open invites:") in said
        described = lt.n_("Student invite, {school}: {n} use left, valid until {date}",
                          "Student invite, {school}: {n} uses left, valid until {date}", 10, school="Kauno VET",
                          date=lt.date(utcnow() + timedelta(days=30)))  # fmt: skip
        assert f"1. {described}" in said
        async with db() as s:
            invite_id = await s.scalar(select(Invite.id).where(Invite.token == admin_link.rsplit("=", 1)[1]))
        assert invite_id is not None
        forged = services.signer.sign(outsider.user_id, "ivx", invite_id)
        mark = outsider.mark()
        await server.user_presses(outsider.user_id, _last_with_buttons(outsider).message_id, forged, strict=False)
        refused = plain(await outsider.wait(after=mark))
        assert translator("lv")._("You can only revoke invites that you made.") in refused
        async with db() as s:
            assert (await s.get_one(Invite, invite_id)).revoked_at is None

        # --- the admin revokes it by typing; the link then gets its own answer --------------------------------
        said = await _turn(admin, "atšaukti kvietimą 1")
        assert lt._("Revoked: {invite}. The link does not work any more; people who joined with it stay.",
                    invite=described) in said  # fmt: skip
        said = await _turn(late, f"/start {admin_link.rsplit('=', 1)[1]}")
        assert (
            translator("it")._("This invite link was revoked by the person who made it. Ask your school for a new one.")
            in said
        )

        # --- expired and unknown links, each with its own answer ----------------------------------------------
        async with transaction(db) as s:
            expired = (await create_invite(s, school.slug, "student", uses=5)).token
            await s.execute(update(Invite).where(Invite.token == expired).values(expires_at=utcnow() - timedelta(1)))
        said = await _turn(late, f"/start {expired}")
        assert translator("it")._("This invite link has expired. Ask your school for a new one.") in said
        said = await _turn(late, "/start NoSuchInviteToken123")
        assert translator("it")._("This invite link is not valid. Ask your school for a new one.") in said
        assert await _members(db, school.id, "student") == [s.user_id for s in students]

        actions = await _actions(db)
        assert actions.count("invite.create") == 6  # three from the command line, three in chat
        assert actions.count("invite.redeem") == 5  # admin, outsider, teacher, two students
        assert actions.count("invite.revoke") == 1


# An admin's whole invite typed in their language: a new invite, whom, how many, how long; then the list and
# a typed revoke. A second invite is made and revoked by buttons only.
TYPED = {
    "ru": ("пригласить", "учителя", "3", "неделя", 7, "отозвать приглашение 1"),
    "pl": ("zaproś", "nauczyciela", "2", "2 tygodnie", 14, "unieważnij zaproszenie 1"),
    "lv": ("uzaicināt", "skolotāju", "1", "5 dienas", 5, "dzēst ielūgumu 1"),
    "it": ("invita", "un insegnante", "4", "10 giorni", 10, "revoca invito 1"),
    "pt": ("convidar", "professor", "3", "30 dias", 30, "revogar convite 1"),
}


@pytest.mark.parametrize("language", sorted(TYPED))
async def test_invite_typed_and_by_buttons(db: async_sessionmaker[AsyncSession], language: str) -> None:
    new, whom, uses, days, expected_days, revoke = TYPED[language]
    tr = translator(language)
    async with transaction(db) as s:
        school = await org(s, "school", "Scuola Aurora")
        token = (await create_invite(s, school.slug, "admin")).token
    async with running_bot(db) as (server, _services):
        admin = Chatter(server, 6001, "Admin")
        server.add_user(admin.user_id, admin.name, username="admin6001", language_code=language)
        await _turn(admin, f"/start {token}")

        # typed, every step
        assert tr._("Whom do you want to invite to {school}?", school="Scuola Aurora") in await _turn(admin, new)
        assert tr._("How many teachers may join with this link? Choose or type a number.") in await _turn(admin, whom)
        assert tr._("How long should the link work? Choose, or type a number of days or a date.") in await _turn(
            admin, uses
        )
        said = await _turn(admin, days)
        typed_link, _text, photo = await _created_invite(admin)
        assert tr._("✅ The invite is ready.") in said
        assert photo.document is not None and _is_qr_of(server.file_bytes(photo.document.file_id), typed_link)
        async with db() as s:
            typed = await s.scalar(select(Invite).where(Invite.token == typed_link.rsplit("=", 1)[1]))
        assert typed is not None and (typed.role, typed.uses_left) == ("teacher", int(uses))
        assert abs(typed.expires_at.replace(tzinfo=None) - (utcnow() + timedelta(days=expected_days)).replace(
            tzinfo=None)) < timedelta(minutes=5)  # fmt: skip

        # by buttons only: /invite lists the open one; ➕ New invite → 🎓 → 30 → 30 days
        said = await _turn(admin, "/invite")
        assert tr._("Your open invites:") in said
        await _turn(admin, press=(_last_with_buttons(admin), 1))  # ➕ New invite (after 🗑 1)
        await _turn(admin, press=(_last_with_buttons(admin), 1))  # 🎓 A student
        await _turn(admin, press=(_last_with_buttons(admin), 2))  # 30
        await _turn(admin, press=(_last_with_buttons(admin), 2))  # 30 days
        button_link, _text, _photo = await _created_invite(admin)
        async with db() as s:
            pressed = await s.scalar(select(Invite).where(Invite.token == button_link.rsplit("=", 1)[1]))
        assert pressed is not None and (pressed.role, pressed.uses_left) == ("student", 30)

        # revoke the first by typing, the second by its button
        revoked_prefix = tr._(REVOKED, invite="\x00").split("\x00")[0]  # "Revoked: ", "Отозвано: ", …
        assert revoked_prefix in await _turn(admin, revoke)
        said = await _turn(admin, "/invite")
        revoke_buttons = [t for t, _ in FakeTelegram.buttons(_last_with_buttons(admin)) if t.startswith("🗑")]
        assert len(revoke_buttons) == 1 and "30" in said  # one open invite left: the student one
        assert revoked_prefix in await _turn(admin, press=(_last_with_buttons(admin), 0))
        async with db() as s:
            revoked = list(await s.scalars(select(Invite.token).where(Invite.revoked_at.is_not(None))))
        assert sorted(revoked) == sorted([typed.token, pressed.token])
        assert tr._("You have no open invites.") in await _turn(admin, revoke)
