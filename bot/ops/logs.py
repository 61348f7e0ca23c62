"""Logging for the whole process: readable text by default, JSON lines with ``LOG_FORMAT=json``.

Why JSON covers everything the process writes: a log shipper parses each line as one object, so
libraries' logs (PTB, SQLAlchemy, aiohttp, asyncio), Python warnings, uncaught exceptions and the
CLI's own error line all go through the same formatter. Each record carries the Telegram update
it belongs to and a keyed hash of the person (never their name, id or message text), so one
person's turn can be followed across replicas without the logs holding personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

UPDATE_ID: ContextVar[int | None] = ContextVar("vet2b_update_id", default=None)
PERSON: ContextVar[str | None] = ContextVar("vet2b_person", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# What every LogRecord has; anything else on a record was passed with ``extra=`` and is written out.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_person_key = secrets.token_bytes(32)  # replaced by a key shared by all replicas (set_person_key)


def set_person_key(key: bytes) -> None:
    """Use the same key on every replica, so one person has one hash in all of their logs."""
    global _person_key
    _person_key = hashlib.sha256(b"vet2b-log-person|" + key).digest()


def person_hash(telegram_id: int) -> str:
    """12 hex characters: enough to follow someone, useless to find out who (keyed, not a plain hash)."""
    return hmac.new(_person_key, str(telegram_id).encode(), hashlib.sha256).hexdigest()[:12]


class ContextFilter(logging.Filter):
    """Adds ``update_id`` and ``person`` of the update being handled (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "update_id"):
            record.update_id = UPDATE_ID.get()
        if not hasattr(record, "person"):
            record.person = PERSON.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, update_id, person, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _OurHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler configure() installs (configuring again replaces only it).

    Without a stream of its own it writes to whatever ``sys.stderr`` is at the time, like Python's
    last-resort handler, so a test that swaps stderr never leaves it writing to a closed file.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._fixed = stream  # StreamHandler put sys.stderr of today there; keep "whatever it is then"

    @property
    def stream(self) -> TextIO:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, value: TextIO | None) -> None:
        self._fixed = value


def configure(level: str, fmt: str = "text", stream: TextIO | None = None) -> None:
    """Set up the root logger once per process (the CLI calls this before any command runs)."""
    handler = _OurHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _OurHandler)]:  # others (pytest's) stay
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # warnings.warn(...) becomes a record of logger "py.warnings"
    if fmt == "json":
        sys.excepthook = _log_uncaught


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    logging.getLogger("vet2b").critical("uncaught exception", exc_info=(kind, error, tb))


def error_line(message: str, *, json_format: bool) -> str:
    """The CLI's last line before exiting on an error, in the format the process logs in."""
    if not json_format:
        return message
    return JsonFormatter().format(logging.LogRecord("vet2b", logging.ERROR, "", 0, message, (), None))
