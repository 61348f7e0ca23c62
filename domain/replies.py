"""Which enquiry a Telegram "reply" belongs to: people answer a relayed message by replying to it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.models import OutboxMessage, RelayMessage

ENQUIRY_KINDS = ("enquiry_received", "enquiry_accepted", "enquiry_declined")


async def enquiry_replied_to(session: AsyncSession, person_id: int, telegram_message_id: int) -> int | None:
    """The enquiry behind a notification this person received as that Telegram message, if any."""
    row = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.recipient_id == person_id, OutboxMessage.telegram_message_id == telegram_message_id
        )
    )
    if row is None:
        return None
    if row.kind in ENQUIRY_KINDS and isinstance(row.payload.get("enquiry_id"), int):
        return int(row.payload["enquiry_id"])
    if row.kind == "relay_message" and isinstance(row.payload.get("relay_id"), int):
        found = await session.scalar(select(RelayMessage.enquiry_id).where(RelayMessage.id == row.payload["relay_id"]))
        return int(found) if found is not None else None
    return None
