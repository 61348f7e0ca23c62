"""One clock for the whole domain, so that everything is stored in UTC and tests can pin time."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now; SQLite drops tzinfo, so readers use `as_utc` on what they load."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat naive datetimes read back from SQLite as UTC, which is how they were written."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
