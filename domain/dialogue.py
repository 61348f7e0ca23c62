"""Where each person is in a conversation, stored in the database.

Why the database: several bot replicas may serve one user (webhook behind a load balancer), and
a restart must not drop a half-finished listing draft. The data is capped so a runaway flow
cannot grow a row without bound.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import Invalid
from domain.models import ConversationState, Person
from domain.timeutil import utcnow
from domain.views import DialogueState

STATE_MAX_BYTES = 16 * 1024
NAME_MAX = 40


# Built once: a statement object caches its compiled form, so each turn only binds the id.
_LOAD = select(
    ConversationState.flow, ConversationState.step, ConversationState.data, ConversationState.updated_at
).where(ConversationState.person_id == bindparam("person_id"))


# The common save (the person's row exists, and the turn holds the person's lock): a plain UPDATE, whose compiled
# form SQLAlchemy caches. The dialects' INSERT … ON CONFLICT is never cached (their Insert classes opt out of the
# statement cache), so compiling it on every turn was a measurable share of a turn's CPU; it stays for the first
# save of a person and for a row that went away meanwhile.
_TABLE = cast(Table, ConversationState.__table__)
_UPDATE = (
    update(_TABLE)
    .where(_TABLE.c.person_id == bindparam("b_person_id"))
    .values(
        flow=bindparam("b_flow"),
        step=bindparam("b_step"),
        data=bindparam("b_data", type_=_TABLE.c.data.type),
        updated_at=bindparam("b_updated_at", type_=_TABLE.c.updated_at.type),
    )
)


# A turn's first read, built once: the person (not erased) behind a Telegram account, their row locked (FOR UPDATE
# OF people on PostgreSQL; SQLite locks the whole file on write anyway), and their dialogue state, in one statement
# (a statement less on every update than reading them one after the other).
_PERSON_AND_STATE = (
    select(Person, ConversationState.flow, ConversationState.step, ConversationState.data, ConversationState.updated_at)
    .outerjoin(ConversationState, ConversationState.person_id == Person.id)
    .where(Person.telegram_id == bindparam("telegram_id"), Person.erased_at.is_(None))
    .with_for_update(of=Person)
)


async def load_state(session: AsyncSession, person_id: int) -> DialogueState:
    row = (await session.execute(_LOAD, {"person_id": person_id})).first()
    if row is None:
        return _state(None, None, None, None)
    return _state(row.flow, row.step, row.data, row.updated_at)


async def load_person_and_state(session: AsyncSession, telegram_id: int) -> tuple[Person, DialogueState] | None:
    """The known person behind ``telegram_id``, locked for this transaction, and their state; None for someone new."""
    row = (await session.execute(_PERSON_AND_STATE, {"telegram_id": telegram_id})).first()
    if row is None:
        return None
    person, flow, step, data, updated_at = row
    return person, _state(flow, step, data, updated_at)


def _state(
    flow: str | None, step: str | None, data: dict[str, Any] | None, updated_at: datetime | None
) -> DialogueState:
    """The state as read (``updated_at`` None: no row, nothing stored yet)."""
    if updated_at is None:
        return DialogueState(None, None, {}, loaded_as=_encoded({}))
    copied = dict(data or {})
    # As text: the turn changes the data in place (nested dicts too), so only a copy tells what it was.
    return DialogueState(flow, step, copied, updated_at, loaded_as=_encoded(copied))


def _encoded(data: dict[str, Any]) -> str:
    try:
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise Invalid("bad_state", f"data must be JSON: {exc}") from exc


async def save_state(
    session: AsyncSession,
    person_id: int,
    flow: str | None,
    step: str | None,
    data: dict[str, Any],
    *,
    loaded: DialogueState | None = None,
) -> None:
    """Upsert in one statement, so two replicas saving at once do not collide on the primary key.

    ``loaded``: the state as :func:`load_state` gave it at the start of the turn; when the turn left
    it as it was (a menu, a help text, a language list: half of all turns), nothing is written.
    """
    if (flow is not None and len(flow) > NAME_MAX) or (step is not None and len(step) > NAME_MAX):
        raise Invalid("bad_state", f"flow and step are at most {NAME_MAX} characters")
    encoded = _encoded(data)
    if len(encoded.encode()) > STATE_MAX_BYTES:
        raise Invalid("state_too_large", f"at most {STATE_MAX_BYTES} bytes of JSON")
    if loaded is not None and (loaded.flow, loaded.step, loaded.loaded_as) == (flow, step, encoded):
        return
    now = utcnow()
    if loaded is not None and loaded.updated_at is not None:  # the row was there: an UPDATE (compiled once)
        params = {"b_person_id": person_id, "b_flow": flow, "b_step": step, "b_data": data, "b_updated_at": now}
        if (await session.execute(_UPDATE, params)).rowcount:  # type: ignore[attr-defined]
            return
    values = {"person_id": person_id, "flow": flow, "step": step, "data": data, "updated_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ConversationState).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["person_id"], set_={k: v for k, v in values.items() if k != "person_id"}
    )
    await session.execute(stmt)


async def clear_state(session: AsyncSession, person_id: int) -> None:
    await session.execute(delete(ConversationState).where(ConversationState.person_id == person_id))
