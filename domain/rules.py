"""Small writers shared by the journey services: slugs, audit rows, fan-out.

Why in one place: every service must write audit/outbox rows the same way, so the bot can rely on
one payload shape. (The text rules — cleaning, limits, "empty_text", "text_too_long" — are in
domain.text_input and domain.limits.)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

from domain.limits import SLUG_MAX
from domain.models import AuditEvent, Person
from domain.outbox import Notification, enqueue_many


def slug_base(text: str, limit: int = 60) -> str:
    """ASCII, lower-case, hyphen-separated: what goes in a URL or an invite, whatever the script."""
    base = re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")
    return base[:limit].rstrip("-") or "x"


async def unique_slug(session: AsyncSession, column: Any, text: str) -> str:
    """``slug_base(text)`` plus a short random suffix, retried until no row has it."""
    base = slug_base(text)
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"[:SLUG_MAX]
        if await session.scalar(select(column).where(column == slug)) is None:
            return slug


def audit(
    session: AsyncSession, actor_id: int | None, action: str, subject_type: str, subject_id: int | None, **details: Any
) -> None:
    session.add(
        AuditEvent(actor_id=actor_id, action=action, subject_type=subject_type, subject_id=subject_id, details=details)
    )


async def notify(
    session: AsyncSession,
    recipients: Iterable[Person],
    kind: str,
    payload: dict[str, Any],
    *,
    exclude: int | None = None,
    not_before: datetime | None = None,
    escalate_to: int | None = None,
) -> list[int]:
    """One outbox row per distinct recipient (minus ``exclude``, usually the actor); returns their ids."""
    ids: list[int] = []
    for person in recipients:
        if person.id != exclude and person.id not in ids:
            ids.append(person.id)
    await enqueue_many(
        session,
        [Notification(pid, kind, dict(payload), not_before=not_before, escalate_to=escalate_to) for pid in ids],
    )
    return ids
