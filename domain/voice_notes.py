"""Which message a person may have read aloud, and the voice notes already made (by language and words).

Why from the outbox: the Listen button carries an outbox row's id, and button data can be forged, so the row
is only spoken when it was sent to this very person (recipient and ``sent_at``); anything else — another
person's message, one not delivered yet, an id that does not exist — is the same refusal, which tells the
asker nothing about other people's messages.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import OutboxMessage, Person, VoiceNote
from domain.outbox import KIND_REPLY
from domain.timeutil import utcnow

# Notifications a student in easy-read mode gets a 🔊 Listen button on.
LISTEN_KINDS = frozenset({"task_assigned", "task_reminder", "task_answer"})
# Rows that are not a notification to read (the delivery machinery's own, and replies that waited out a 429).
NOT_SPOKEN = frozenset({"test", "bench", KIND_REPLY})


def _delivered() -> ColumnElement[bool]:
    """Sent, or being sent right now: Telegram has it (the person may already press its button) while the
    sender's acknowledgement is still being committed (bot/outbox_sender/acks.py)."""
    in_flight = and_(OutboxMessage.claimed_until.is_not(None), OutboxMessage.claimed_until > utcnow())
    return or_(OutboxMessage.sent_at.is_not(None), in_flight)


async def received(session: AsyncSession, person: Person, outbox_id: int) -> OutboxMessage | None:
    """The notification ``outbox_id`` if it was delivered to ``person``; None otherwise (whoever else it was for)."""
    row: OutboxMessage | None = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.id == outbox_id,
            OutboxMessage.recipient_id == person.id,
            OutboxMessage.kind.not_in(NOT_SPOKEN),
            _delivered(),
        )
    )
    return row


async def latest_received(
    session: AsyncSession, person: Person, kinds: frozenset[str] | None = None
) -> OutboxMessage | None:
    """The newest notification delivered to ``person`` (of ``kinds``, when given): what "read it to me" means."""
    query = select(OutboxMessage).where(
        OutboxMessage.recipient_id == person.id,
        OutboxMessage.kind.not_in(NOT_SPOKEN),
        _delivered(),
    )
    if kinds is not None:
        query = query.where(OutboxMessage.kind.in_(kinds))
    row: OutboxMessage | None = await session.scalar(query.order_by(OutboxMessage.id.desc()).limit(1))
    return row


async def replied(session: AsyncSession, person: Person, telegram_message_id: int) -> OutboxMessage | None:
    """The notification this person received as that Telegram message (a swipe-reply names it), if any."""
    row = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient_id == person.id, OutboxMessage.telegram_message_id == telegram_message_id
        )
    )
    return row if row is not None and row.sent_at is not None and row.kind not in NOT_SPOKEN else None


def words_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def cached(session: AsyncSession, language: str, text: str) -> VoiceNote | None:
    """The voice note already uploaded for these words in this language, if any."""
    note: VoiceNote | None = await session.scalar(
        select(VoiceNote).where(VoiceNote.language == language, VoiceNote.text_hash == words_hash(text))
    )
    return note


async def remember(session: AsyncSession, language: str, text: str, file_id: str, duration_s: int) -> None:
    """Keep Telegram's file_id for these words; a replica that made the same note meanwhile wins (same audio)."""
    if await cached(session, language, text) is not None:
        return
    try:
        async with session.begin_nested():
            session.add(VoiceNote(language=language, text_hash=words_hash(text), file_id=file_id,
                                  duration_s=duration_s))  # fmt: skip
    except IntegrityError:
        pass
