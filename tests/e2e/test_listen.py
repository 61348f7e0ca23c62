"""🔊 Listen on Telegram: a student in easy-read mode hears a task notification as a voice note.

Real PTB Application, flows, services, database, outbox sender and eSpeak NG; Telegram is the fake Bot API
server on loopback, which takes a sendVoice as a voice note only when the upload is OGG/Opus. The audio is
decoded here with soundfile, as a phone would play it, and must last about as long as the words take to say.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import soundfile
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import enquiries, orders
from domain.db import transaction
from domain.models import OutboxMessage, Person, VoiceNote
from domain.timeutil import utcnow
from tests.domain.factories import World, build_world
from tests.e2e.harness import Person as Chatter
from tests.e2e.harness import plain, running_bot
from tests.fake_telegram.records import MessageRecord

Factory = async_sessionmaker[AsyncSession]
WORDS_PER_SECOND = 2.5
WORD = re.compile(r"\w+")


async def _prepared(db: Factory) -> World:
    """A task for students A1 (English) and A2 (Lithuanian), both in easy-read mode."""
    w = await build_world(db)
    async with transaction(db) as s:
        await s.execute(update(Person).where(Person.id == w.student_a1.id).values(language="en", easy_read=True))
        await s.execute(update(Person).where(Person.id == w.student_a2.id).values(language="lt", easy_read=True))
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, quantity=50, needed_by=None,
                                                 message="")  # fmt: skip
        order = await enquiries.accept_enquiry(s, w.teacher_a, enquiry.id)
        task = await orders.add_task(s, w.teacher_a, order.id, "Bake fifty apple cakes", utcnow() + timedelta(days=4))
        await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id, w.student_a2.id])
    return w


def _audio_seconds(record: MessageRecord) -> float:
    """Decode the uploaded OGG/Opus as a player would; its length in seconds."""
    assert record.method == "sendVoice" and record.voice is not None, record
    assert record.document is not None
    samples, rate = soundfile.read(io.BytesIO(record.document.content))
    assert rate == 48_000 and len(samples) > 0
    assert abs(samples).max() > 0.05  # speech, not silence
    return float(len(samples) / rate)


def _about_as_long_as_reading(seconds: float, text: str) -> None:
    words = len(WORD.findall(text))
    expected = words / WORDS_PER_SECOND
    assert 0.5 * expected <= seconds <= 2 * expected, (seconds, words, text)


async def _row_of(db: Factory, person_id: int, kind: str) -> int:
    async with db() as s:
        found = await s.scalar(
            select(OutboxMessage.id).where(OutboxMessage.recipient_id == person_id, OutboxMessage.kind == kind)
        )
    assert found is not None
    return int(found)


async def test_a_student_listens_to_a_task_and_cannot_listen_to_someone_elses(db: Factory) -> None:
    w = await _prepared(db)
    assert w.student_a1.telegram_id and w.student_a2.telegram_id
    async with running_bot(db) as (server, services):
        ona = Chatter(server, w.student_a1.telegram_id, "Ona")
        jonas = Chatter(server, w.student_a2.telegram_id, "Jonas")
        server.add_user(ona.user_id, "Ona", language_code="en")
        server.add_user(jonas.user_id, "Jonas", language_code="lt")

        # Ona's notification has 🔊 Listen first; pressing it brings a voice note of that message
        task = await ona.wait_text("Bake fifty apple cakes")
        assert "🔊" in server.buttons(task)[0][0]
        mark = ona.mark()
        await ona.press(task, "🔊")
        voice = await ona.wait(lambda r: r.method == "sendVoice", after=mark)
        seconds = _audio_seconds(voice)
        _about_as_long_as_reading(seconds, plain(task))
        assert voice.voice is not None and abs(voice.voice.duration - seconds) <= 1.0

        # the same words again: sent by Telegram's file_id, not made and uploaded again
        mark = ona.mark()
        await ona.press(task, "🔊")
        again = await ona.wait(lambda r: r.method == "sendVoice", after=mark)
        assert again.voice is not None and again.voice.file_id == voice.voice.file_id
        async with db() as s:
            assert await s.scalar(select(func.count()).select_from(VoiceNote)) == 1

        # Jonas types "perskaityk man" (read it to me) in Lithuanian: his own notification, spoken in Lithuanian
        his = await jonas.wait_text("Bake fifty apple cakes")
        mark = jonas.mark()
        await jonas.send("perskaityk man")
        spoken = await jonas.wait(lambda r: r.method == "sendVoice", after=mark)
        _about_as_long_as_reading(_audio_seconds(spoken), plain(his))
        assert spoken.voice is not None and spoken.voice.file_id != voice.voice.file_id  # other words, other voice

        # a forged Listen (signed for Jonas, for Ona's message) is refused and nothing is spoken
        onas_row = await _row_of(db, w.student_a1.id, "task_assigned")
        forged = services.signer.sign(jonas.user_id, "ls", onas_row)
        mark = jonas.mark()
        await server.user_presses(jonas.user_id, his.message_id, forged, strict=False)
        refusal = await jonas.wait(after=mark)
        assert refusal.method == "sendMessage"
        assert not [r for r in server.events(jonas.user_id)[mark:] if r.method == "sendVoice"]
        assert "Bake" not in plain(refusal)


async def test_listen_is_offered_only_in_easy_read(db: Factory) -> None:
    w = await _prepared(db)
    async with transaction(db) as s:
        await s.execute(update(Person).where(Person.id == w.student_a1.id).values(easy_read=False))
    assert w.student_a1.telegram_id and w.teacher_a.telegram_id
    async with running_bot(db) as (server, _services):
        ona = Chatter(server, w.student_a1.telegram_id, "Ona")
        server.add_user(ona.user_id, "Ona", language_code="en")
        task = await ona.wait_text("Bake fifty apple cakes")
        assert not any("🔊" in label for label, _ in server.buttons(task))
        # asked in words, it is read all the same
        mark = ona.mark()
        await ona.send("read it to me")
        spoken = await ona.wait(lambda r: r.method == "sendVoice", after=mark)
        _about_as_long_as_reading(_audio_seconds(spoken), plain(task))
