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

from domain.models import OutboxMessage, Person
from domain.outbox import KIND_REPLY


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message: ``buttons`` is rows of (label, callback_data); with ``document`` or ``photo``
    (file name, bytes) it is a file or an image and ``text`` its caption."""

    text: str
    parse_mode: str | None = "HTML"
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    disable_preview: bool = True
    document: tuple[str, bytes] | None = None
    photo: tuple[str, bytes] | None = None


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
    parse_mode = None if payload.get("plain") else "HTML"
    return OutgoingMessage(text, parse_mode, buttons=buttons, document=files["document"], photo=files["photo"])


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
