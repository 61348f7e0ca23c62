"""Files people send to the bot, and the bot copying messages: ``user_sends_file``, ``copyMessage``, getFile's limit.

Why a module of its own: the fake server grows in parallel (albums, photos on listings); these methods touch only
what they add. As on Telegram:

* a file a person sends gets a ``file_id`` the bot can use to send it again (sendDocument/sendPhoto by id), to
  ``getFile`` it (refused over 20 MB: "file is too big") and to download it from ``/file/bot<token>/<file_path>``;
* ``copyMessage`` sends a copy of a message without any link to the original: no ``forward_origin``, the sender
  is the bot. It answers a ``MessageId``; a message that does not exist (or was deleted) is "message to copy not
  found"; ``caption`` replaces the caption of a media message (≤ 1,024 characters after entity parsing) and is
  ignored for text.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .params import Params
from .records import MessageRecord, UploadedFile

if TYPE_CHECKING:
    from .server import FakeTelegram

PHOTO_SIZES = ((90, 90), (320, 320), (800, 800))  # a photo arrives as several sizes, the largest last


def _register(server: FakeTelegram, kind: str, content: bytes, file_name: str | None, mime: str | None) -> UploadedFile:
    seq = next(server._file_seq)
    digest = hashlib.sha1(content).hexdigest()
    suffix = (
        f".{file_name.rsplit('.', 1)[1]}" if file_name and "." in file_name else (".jpg" if kind == "photo" else "")
    )
    prefix = "AgACAgIAAxkBAAI" if kind == "photo" else "BQACAgIAAxkBAAI"
    uploaded = UploadedFile(
        file_id=f"{prefix}{seq:06d}{digest[:24]}",
        file_unique_id=f"AgAD{digest[:12]}",
        file_name=file_name if kind == "document" else None,
        mime_type=mime if kind == "document" else None,
        content=content,
        file_path=f"{'photos' if kind == 'photo' else 'documents'}/file_{seq}{suffix}",
    )
    server._files[uploaded.file_id] = uploaded
    return uploaded


def media_json(uploaded: UploadedFile) -> dict[str, Any]:
    """The ``photo`` (sizes) or ``document`` field of a Message carrying this file."""
    size = len(uploaded.content)
    if uploaded.file_path.startswith("photos/"):
        return {
            "photo": [
                {"file_id": uploaded.file_id, "file_unique_id": uploaded.file_unique_id, "width": w, "height": h,
                 "file_size": size}
                for w, h in PHOTO_SIZES
            ]
        }  # fmt: skip
    document: dict[str, Any] = {
        "file_id": uploaded.file_id,
        "file_unique_id": uploaded.file_unique_id,
        "file_size": size,
    }
    if uploaded.file_name:
        document["file_name"] = uploaded.file_name
    if uploaded.mime_type:
        document["mime_type"] = uploaded.mime_type
    return {"document": document}


async def user_sends_file(
    server: FakeTelegram,
    user_id: int,
    content: bytes,
    *,
    kind: str = "document",
    file_name: str | None = None,
    mime_type: str | None = None,
    caption: str | None = None,
    reply_to_message_id: int | None = None,
) -> dict[str, Any]:
    """Queue a Message update with a photo or a document from the user; returns the Message JSON.

    ``mime_type`` is what the sender's app claims (Telegram does not check it), so a test can send a renamed
    executable as "application/pdf" exactly as a person could.
    """
    if kind not in ("document", "photo"):
        raise ValueError(f"kind must be document or photo, not {kind!r}")
    if not content:
        raise ValueError("Telegram does not deliver empty files")
    user = server._user(user_id)
    if user.deactivated:
        raise RuntimeError(f"user {user_id} is deactivated and cannot send messages")
    if user.blocked:
        server.unblock(user_id)
    user.started = True
    uploaded = _register(server, kind, content, file_name, mime_type)
    message: dict[str, Any] = {
        "message_id": server._next_message_id(user_id),
        "from": user.to_user_json(),
        "chat": user.to_chat_json(),
        "date": int(time.time()),
        **media_json(uploaded),
    }
    if caption:
        message["caption"] = caption
    if reply_to_message_id is not None:
        replied = server._find_message_json(user_id, reply_to_message_id)
        if replied is None:
            raise KeyError(f"no message {reply_to_message_id} in chat {user_id}")
        message["reply_to_message"] = replied
    server._user_messages.setdefault(user_id, {})[message["message_id"]] = message
    server._cursors[user_id] = server.mark(user_id)
    server._queue_update("message", message)
    return message


Source = tuple[str | None, UploadedFile | None, str | None]


def _source(server: FakeTelegram, from_chat_id: int, message_id: int) -> Source:
    """The text, or the file and its caption, of a message in a private chat (the user's or the bot's)."""
    record = server._records.get(from_chat_id, {}).get(message_id)
    if record is not None and not record.deleted:
        return record.text, record.document, record.caption
    sent = server._user_messages.get(from_chat_id, {}).get(message_id)
    if sent is None:
        raise bad_request("message to copy not found")
    if "text" in sent:
        return str(sent["text"]), None, None
    media = sent.get("document") or (sent.get("photo") or [None])[-1]
    uploaded = server._files.get(str(media["file_id"])) if isinstance(media, dict) else None
    if uploaded is None:
        raise bad_request("message can't be copied")  # stickers, polls, … are not modelled here
    return None, uploaded, sent.get("caption")


async def copy_message(server: FakeTelegram, params: Params) -> dict[str, Any]:
    from .markup import validate_reply_markup

    user = server._chat_for(params)
    if not params.has("from_chat_id"):
        raise bad_request("chat_id is empty")
    try:
        from_chat_id = int(str(params.values["from_chat_id"]).strip())
    except ValueError:
        raise bad_request("chat not found") from None
    if from_chat_id not in server.users:
        raise bad_request("chat not found")
    message_id = params.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    text, uploaded, original_caption = _source(server, from_chat_id, message_id)
    caption = server._format_caption(params) if uploaded is not None and params.has("caption") else None
    markup = validate_reply_markup(params.values.get("reply_markup"))
    reply_to = server._reply_to(params, user.user_id)
    server._rate_limit("copyMessage", user.user_id)
    record = MessageRecord(
        chat_id=user.user_id,
        message_id=server._next_message_id(user.user_id),
        date=int(time.time()),
        method="copyMessage",
        text=text,
        parse_mode=params.get_str("parse_mode"),
        caption=(caption.text or None) if caption is not None else original_caption,
        caption_entities=caption.entities if caption is not None else [],
        reply_markup=markup,
        document=uploaded,
        reply_to_message_id=reply_to,
        copied_from=(from_chat_id, message_id),
    )
    server._store(record)
    return {"message_id": record.message_id}
