"""Reply-markup validation with Telegram's rules and error texts.

Why: keyboards are where bots most often break in production without noticing in tests —
``callback_data`` built from a long product title overflows 64 *bytes* (Cyrillic is 2 bytes a
letter), or a button ends up with no action at all. Telegram rejects the whole message then, so
the fake does too.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from .errors import ApiError, bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100

# "Exactly one of the optional fields must be used to specify type of the button."
INLINE_ACTION_FIELDS = (
    "callback_data",
    "url",
    "login_url",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _button_error(detail: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def load_json_field(value: object, error: str) -> object:
    """Form-encoded requests carry JSON as a string; JSON requests carry the object itself."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(error) from exc
    return value


def _validate_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    if parts.scheme == "tg" and (parts.netloc or parts.path):
        return
    raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _validate_inline_button(button: object) -> None:
    if not isinstance(button, dict):
        raise _button_error("Object expected as inline keyboard button")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    used = [name for name in INLINE_ACTION_FIELDS if name in button]
    if not used:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(used) > 1:
        raise _button_error(f"exactly one of the optional fields must be used, got {', '.join(used)}")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise _button_error('Field "callback_data" must be of type String')
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str):
            raise _button_error('Field "url" must be of type String')
        _validate_url(url)


def _rows(markup: dict[str, Any], key: str, type_name: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the {type_name} must be an Array of Arrays')
    return rows


def validate_reply_markup(raw: object, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Return the markup as a dict (None when absent) or raise the ApiError Telegram would send."""
    if raw is None or raw == "":
        return None
    markup = load_json_field(raw, "can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        count = 0
        for row in rows:
            for button in row:
                _validate_inline_button(button)
                count += 1
        if count > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard", "ReplyKeyboardMarkup"):
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text:
                    raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def inline_buttons(markup: dict[str, Any] | None) -> list[tuple[str, str | None]]:
    """Flatten an inline keyboard to ``(text, callback_data)``; non-callback buttons give None."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        (str(button.get("text", "")), button.get("callback_data"))
        for row in markup["inline_keyboard"]
        for button in row
    ]
