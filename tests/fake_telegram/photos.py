"""Pictures on the fake: a user sends a photo or a file, and the bot sends albums (sendMediaGroup).

Kept apart from server.py (a mixin of :class:`~tests.fake_telegram.server.FakeTelegram`) because other
media — documents, voice notes, copies of messages — grow there on their own.

As on Telegram:

* a user's photo arrives as ``photo``: a list of PhotoSize (a thumbnail and the full size), each with a
  ``file_id`` the bot may download (getFile, then ``/file/bot<token>/<file_path>``) or send again;
  a user's file arrives as ``document`` with its name, the mime type the sender's app guessed from the
  name (not from the bytes) and ``file_size``;
* getFile refuses files over 20 MB ("file is too big"): bots cannot download them;
* sendMediaGroup takes ``media``, a JSON array of 2–10 InputMediaPhoto (``media`` = a file id or
  ``attach://<part>``), each caption at most 1,024 characters after entity parsing, no reply markup; it
  returns one Message per picture, all with one ``media_group_id``. Telegram's errors: "parameter "media" is
  required", "can't parse media JSON object", "Expected an Array of InputMedia", "too much messages to send
  as an album", "Can't parse InputMedia: media not found" / "type "animation" can't be used in
  sendMediaGroup", "Failed to send message #N with the error message "…"" for a file id it does not know.
  Telegram documents at least two items; the live server may send a one-item "album" as a single message,
  the fake refuses it, so the bot never relies on what is not documented. Only photo albums are modelled:
  another media type gets a 400 that says so.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .formatting import FormattedText
from .params import Params
from .records import FakeUser, MessageRecord, UploadedFile

if TYPE_CHECKING:
    from .params import UploadedPart

DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024  # what getFile lets a bot download
ALBUM_MIN, ALBUM_MAX = 2, 10
_media_groups = itertools.count(13_600_000_000_000_001)


class PhotoMethods:
    """Photo methods of the fake server; the attributes below are the server's own."""

    if TYPE_CHECKING:
        _files: dict[str, UploadedFile]
        _file_seq: itertools.count[int]
        _user_messages: dict[int, dict[int, dict[str, Any]]]
        _cursors: dict[int, int]

        def _user(self, user_id: int) -> FakeUser: ...
        def _next_message_id(self, chat_id: int) -> int: ...
        def _queue_update(self, kind: str, payload: dict[str, Any]) -> int: ...
        def mark(self, chat_id: int) -> int: ...
        def unblock(self, user_id: int) -> None: ...
        def _chat_for(self, params: Params, *, sending: bool = True) -> FakeUser: ...
        def _rate_limit(self, method: str, chat_id: int) -> None: ...
        def _reply_to(self, params: Params, chat_id: int) -> int | None: ...
        def _store(self, record: MessageRecord) -> None: ...
        def _message_json(self, record: MessageRecord) -> dict[str, Any]: ...
        def _format(
            self, params: Params, field: str, limit: int, too_long: str, empty: str | None
        ) -> FormattedText: ...
        def _uploaded_file(self, params: Params, field: str) -> UploadedFile: ...

    # ------------------------------------------------------------------ the user's side

    def _user_file(self, content: bytes, folder: str, name: str | None, mime: str | None) -> UploadedFile:
        seq = next(self._file_seq)
        digest = hashlib.sha1(content).hexdigest()
        suffix = f".{name.rsplit('.', 1)[1]}" if name and "." in name else (".jpg" if folder == "photos" else "")
        uploaded = UploadedFile(
            file_id=f"AgACAgIAAxkBAAI{seq:06d}{digest[:24]}",
            file_unique_id=f"AQAD{digest[:12]}",
            file_name=name,
            mime_type=mime,
            content=content,
            file_path=f"{folder}/file_{seq}{suffix}",
        )
        self._files[uploaded.file_id] = uploaded
        return uploaded

    def _queue_user_media(self, user_id: int, fields: dict[str, Any], caption: str | None) -> dict[str, Any]:
        user = self._user(user_id)
        if user.deactivated:
            raise RuntimeError(f"user {user_id} is deactivated and cannot send messages")
        if user.blocked:
            self.unblock(user_id)
        user.started = True
        message: dict[str, Any] = {
            "message_id": self._next_message_id(user_id),
            "from": user.to_user_json(),
            "chat": user.to_chat_json(),
            "date": int(time.time()),
            **fields,
        }
        if caption:
            message["caption"] = caption
        self._user_messages.setdefault(user_id, {})[message["message_id"]] = message
        self._cursors[user_id] = self.mark(user_id)
        self._queue_update("message", message)
        return message

    async def user_sends_photo(self, user_id: int, content: bytes, *, caption: str | None = None) -> dict[str, Any]:
        """The user sends a picture as a photo (``content`` stands for what Telegram keeps of it)."""
        full = self._user_file(content, "photos", None, None)
        thumb = self._user_file(content[: max(1, len(content) // 8)], "photos", None, None)
        sizes = [
            {"file_id": thumb.file_id, "file_unique_id": thumb.file_unique_id, "width": 90, "height": 68,
             "file_size": len(thumb.content)},
            {"file_id": full.file_id, "file_unique_id": full.file_unique_id, "width": 1280, "height": 960,
             "file_size": len(content)},
        ]  # fmt: skip
        return self._queue_user_media(user_id, {"photo": sizes}, caption)

    def downloads(self, file_id: str) -> bool:
        """Whether the bot asked for this file (getFile) — a refused file should never be fetched."""
        return file_id in getattr(self, "_asked_files", set())

    # ------------------------------------------------------------------ the bot's side

    def _check_download(self, uploaded: UploadedFile) -> None:
        """getFile: Telegram lets bots download at most 20 MB."""
        asked: set[str] = self.__dict__.setdefault("_asked_files", set())
        asked.add(uploaded.file_id)
        if len(uploaded.content) > DOWNLOAD_MAX_BYTES:
            raise bad_request("file is too big")

    def _album_item(self, params: Params, item: Any, position: int) -> tuple[UploadedFile, FormattedText]:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise bad_request("Can't parse InputMedia: expected an Object")
        kind = item["type"]
        if kind == "animation":
            raise bad_request("Can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup")
        if kind not in ("photo", "video", "audio", "document"):
            raise bad_request(f'Can\'t parse InputMedia: type "{kind}" is unsupported')
        if kind != "photo":
            raise bad_request(f"fake Telegram: only photo albums are modelled, not {kind!r}")
        media = item.get("media")
        if not isinstance(media, str) or not media:
            raise bad_request("Can't parse InputMedia: media not found")
        part: UploadedPart | None = None
        if media.startswith("attach://"):
            part = params.files.get(media.removeprefix("attach://"))
            if part is None:
                raise bad_request("Can't parse InputMedia: media not found")
        elif media not in self._files:
            raise bad_request(
                f'Failed to send message #{position} with the error message "Wrong file identifier/HTTP URL specified"'
            )
        caption_params = Params(values={k: item[k] for k in ("caption", "parse_mode") if k in item})
        if "caption_entities" in item:
            caption_params.values["caption_entities"] = json.dumps(item["caption_entities"])
        caption = self._format(caption_params, "caption", 1024, "message caption is too long", None)
        if part is not None:
            carrier = Params(values={"photo": media}, files=params.files)
            return self._uploaded_file(carrier, "photo"), caption
        return self._files[media], caption

    async def _send_media_group(self, params: Params) -> list[dict[str, Any]]:
        user = self._chat_for(params)
        if not params.has("media"):
            raise bad_request('parameter "media" is required')
        raw = params.values["media"]
        try:
            media = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            raise bad_request("can't parse media JSON object") from None
        if not isinstance(media, list):
            raise bad_request("Expected an Array of InputMedia")
        if len(media) > ALBUM_MAX:
            raise bad_request("too much messages to send as an album")
        if len(media) < ALBUM_MIN:
            raise bad_request(f"an album needs {ALBUM_MIN} to {ALBUM_MAX} media (got {len(media)})")
        items = [self._album_item(params, item, i + 1) for i, item in enumerate(media)]
        reply_to = self._reply_to(params, user.user_id)
        self._rate_limit("sendPhoto", user.user_id)  # one request, as Telegram paces it
        group = str(next(_media_groups))
        sent = []
        for uploaded, caption in items:
            record = MessageRecord(
                chat_id=user.user_id,
                message_id=self._next_message_id(user.user_id),
                date=int(time.time()),
                method="sendMediaGroup",
                caption=caption.text or None,
                caption_entities=caption.entities,
                document=uploaded,
                reply_to_message_id=reply_to,
                media_group_id=group,
            )
            self._store(record)
            sent.append(self._message_json(record))
        return sent
