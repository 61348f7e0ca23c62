"""What the sender asks of the message layer: turn an outbox row into text and buttons.

Why a protocol: the domain writes kinds and parameters; wording, language, easy-read and
keyboards belong to the conversations code, which provides the real renderer. The sender only
needs :class:`OutgoingMessage`. :class:`DefaultRenderer` covers the kinds the delivery machinery
itself uses (``test``/``bench``, ``recipient_unreachable`` and ``reply``, a direct reply that
waits out a 429) so tests and the benchmark run without it.
"""

from __future__ import annotations

import base64
import binascii
import html
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.types import Photo, Voice
from domain.models import OutboxMessage, Person
from domain.outbox import KIND_REPLY


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message: ``buttons`` is rows of (label, callback_data); with ``document`` or ``photo``
    (file name, bytes) it is a file or an image and ``text`` its caption; with one of ``photos`` a picture Telegram
    may already have and its caption, with two to ten an album (one request, several messages); with ``voice`` a
    voice note, ``text`` its caption."""

    text: str
    parse_mode: str | None = "HTML"
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    disable_preview: bool = True
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None
    # A file Telegram already has, sent again with ``text`` as its caption (bot/outbox_sender/delivery.py,
    # send_again): ("document" | "photo", file id); with ``copy_from`` (chat id, message id) the sender's own
    # message is copied (copyMessage: no "forwarded from"), and the file id is the fallback when it is gone.
    sent_file: tuple[str, str] | None = None
    copy_from: tuple[int, int] | None = None
    photos: list[Photo] = field(default_factory=list)
    voice: Voice | None = None


def reply_payload(message: OutgoingMessage) -> dict[str, Any]:
    """A direct reply Telegram refused for now (429), as the payload of a ``reply`` outbox row.

    Why text in a row (other kinds hold ids and are rendered at delivery): the reply was already
    written for this person, in their language, with buttons signed for them; it only waits.
    """
    payload: dict[str, Any] = {"text": message.text, "buttons": [[list(b) for b in row] for row in message.buttons]}
    for kind, attached in (("document", message.document), ("photo", message.photo)):
        if attached is not None:
            name, content = attached
            payload[kind] = {"name": name, "base64": base64.b64encode(content).decode()}
    if message.parse_mode is None:
        payload["plain"] = True
    if message.sent_file is not None:
        payload["sent_file"] = list(message.sent_file)
    if message.photos:  # by file id when Telegram has one, else the bytes (as a document's are kept)
        payload["photos"] = [
            {"image_id": p.image_id, "file_id": p.file_id}
            | ({"base64": base64.b64encode(p.content).decode()} if p.file_id is None and p.content else {})
            for p in message.photos
        ]
    if message.voice is not None:
        voice = message.voice
        audio = base64.b64encode(voice.ogg).decode() if voice.ogg is not None else None
        payload["voice"] = {"language": voice.language, "words": voice.words, "duration": voice.duration,
                            "file_id": voice.file_id, "base64": audio}  # fmt: skip
    return payload


def replay(payload: dict[str, Any]) -> OutgoingMessage | None:
    """The message a ``reply`` row holds; None when it holds none (emptied when the person was erased)."""
    text = payload.get("text")
    if not isinstance(text, str):
        return None
    rows = payload.get("buttons") or []
    buttons = [[(str(label), str(data)) for label, data in row] for row in rows]
    files: dict[str, tuple[str, bytes] | None] = {"document": None, "photo": None}
    for kind in files:
        raw = payload.get(kind)
        if isinstance(raw, dict):
            try:
                content = base64.b64decode(str(raw.get("base64", "")), validate=True)
            except (binascii.Error, ValueError):
                return None
            files[kind] = (str(raw.get("name") or "file"), content)
    photos: list[Photo] = []
    for item in payload.get("photos") or []:
        if not isinstance(item, dict):
            return None
        try:
            picture = base64.b64decode(str(item["base64"]), validate=True) if item.get("base64") else None
        except (binascii.Error, ValueError):
            return None
        image_id, file_id = item.get("image_id"), item.get("file_id")
        photos.append(
            Photo(int(image_id) if image_id is not None else None, str(file_id) if file_id else None, picture)
        )
    parse_mode = None if payload.get("plain") else "HTML"
    again = payload.get("sent_file")
    sent_file = (str(again[0]), str(again[1])) if isinstance(again, list) and len(again) == 2 else None
    return OutgoingMessage(
        text,
        parse_mode,
        buttons=buttons,
        document=files["document"],
        photo=files["photo"],
        sent_file=sent_file,
        photos=photos,
        voice=_voice(payload.get("voice")),
    )


def _voice(raw: object) -> Voice | None:
    if not isinstance(raw, dict):
        return None
    try:
        ogg = base64.b64decode(str(raw["base64"]), validate=True) if raw.get("base64") else None
        file_id = str(raw["file_id"]) if raw.get("file_id") else None
        return Voice(str(raw["language"]), str(raw["words"]), int(raw["duration"]), ogg, file_id)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


class Renderer(Protocol):
    async def render(self, session: AsyncSession, row: OutboxMessage, person: Person) -> OutgoingMessage | None:
        """The message for ``person``, or None when there is nothing to say (the row is skipped)."""
        ...


class DefaultRenderer:
    """Minimal English renderer for the delivery machinery's own kinds; None for anything else."""

    async def render(self, session: AsyncSession, row: OutboxMessage, person: Person) -> OutgoingMessage | None:
        if row.kind in ("test", "bench"):
            return OutgoingMessage(html.escape(str(row.payload.get("text", ""))))
        if row.kind == KIND_REPLY:
            return replay(row.payload or {})
        if row.kind == "recipient_unreachable":
            # Never a name: the person told is usually on the other side of an enquiry or order.
            return OutgoingMessage("A recipient could not be reached: they blocked the bot or left Telegram.")
        return None
