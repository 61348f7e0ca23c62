"""Plain data the fake keeps about users, the bot's messages and traffic counters.

Tests assert on these instead of on the HTTP traffic, so they are shaped for assertions:
visible text after entity parsing, the reply markup as a dict, an ``edited`` flag and the
uploaded document's name and bytes.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .markup import inline_buttons
from .voice import VoiceNote


@dataclass
class FakeUser:
    """A Telegram user on the other side of a private chat (chat id == user id)."""

    user_id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"
    last_name: str | None = None
    started: bool = True
    blocked: bool = False
    deactivated: bool = False

    def to_user_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def to_chat_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.user_id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class UploadedFile:
    """A file the bot uploaded; kept so the test can check bytes and getFile can serve it."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes
    file_path: str

    @property
    def is_photo(self) -> bool:
        return self.file_path.startswith("photos/")


@dataclass
class MessageRecord:
    """One bot message as seen by the user (a snapshot when taken from the event log)."""

    chat_id: int
    message_id: int
    date: int
    method: str
    text: str | None = None
    raw_text: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edited: bool = False
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    document: UploadedFile | None = None
    reply_to_message_id: int | None = None
    copied_from: tuple[int, int] | None = None  # copyMessage: (from_chat_id, message_id); never shown to the user
    voice: VoiceNote | None = None  # sendVoice with OGG/Opus audio (anything else arrives as ``document``)
    event: str = "sent"  # "sent" or "edited": what produced this snapshot
    media_group_id: str | None = None  # the album (sendMediaGroup) this picture belongs to

    @property
    def is_photo(self) -> bool:
        return self.method in ("sendPhoto", "sendMediaGroup") and self.document is not None

    @property
    def document_name(self) -> str | None:
        return self.document.file_name if self.document else None

    @property
    def document_bytes(self) -> bytes | None:
        return self.document.content if self.document else None

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        return inline_buttons(self.reply_markup)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for the control API (document bytes base64-encoded)."""
        data: dict[str, Any] = {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "date": self.date,
            "method": self.method,
            "text": self.text,
            "raw_text": self.raw_text,
            "parse_mode": self.parse_mode,
            "entities": self.entities,
            "reply_markup": self.reply_markup,
            "buttons": [list(b) for b in self.buttons],
            "edited": self.edited,
            "edit_count": self.edit_count,
            "deleted": self.deleted,
            "caption": self.caption,
            "event": self.event,
            "reply_to_message_id": self.reply_to_message_id,
            "media_group_id": self.media_group_id,
            "document_name": self.document_name,
            "document_size": len(self.document.content) if self.document else None,
            "document_b64": base64.b64encode(self.document.content).decode() if self.document else None,
            "copied_from": list(self.copied_from) if self.copied_from else None,
            "voice": self.voice.to_json() if self.voice else None,
        }
        return data


@dataclass
class CallbackAnswer:
    """What the bot passed to answerCallbackQuery."""

    callback_query_id: str
    user_id: int
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class Stats:
    """Request counters; ``by_status`` counts every HTTP status the fake answered."""

    total_requests: int = 0
    per_method: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)

    @property
    def http_400(self) -> int:
        return self.by_status[400]

    @property
    def http_403(self) -> int:
        return self.by_status[403]

    @property
    def http_429(self) -> int:
        return self.by_status[429]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total_requests": self.total_requests,
            "per_method": dict(self.per_method),
            "by_status": {str(k): v for k, v in self.by_status.items()},
            "http_400": self.http_400,
            "http_403": self.http_403,
            "http_429": self.http_429,
        }
