"""What the sender asks of the message layer: turn an outbox row into text and buttons.

Why a protocol: the domain writes kinds and parameters; wording, language, easy-read and
keyboards belong to the conversations code, which provides the real renderer. The sender only
needs :class:`OutgoingMessage`. :class:`DefaultRenderer` covers the kinds the delivery machinery
itself uses (``test``/``bench`` and ``recipient_unreachable``) so tests and the benchmark run
without it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import OutboxMessage, Person


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram message: ``buttons`` is rows of (label, callback_data)."""

    text: str
    parse_mode: str | None = "HTML"
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    disable_preview: bool = True


class Renderer(Protocol):
    async def render(self, session: AsyncSession, row: OutboxMessage, person: Person) -> OutgoingMessage | None:
        """The message for ``person``, or None when there is nothing to say (the row is skipped)."""
        ...


class DefaultRenderer:
    """Minimal English renderer for the delivery machinery's own kinds; None for anything else."""

    async def render(self, session: AsyncSession, row: OutboxMessage, person: Person) -> OutgoingMessage | None:
        if row.kind in ("test", "bench"):
            return OutgoingMessage(html.escape(str(row.payload.get("text", ""))))
        if row.kind == "recipient_unreachable":
            # Never a name: the person told is usually on the other side of an enquiry or order.
            return OutgoingMessage("A recipient could not be reached: they blocked the bot or left Telegram.")
        return None
