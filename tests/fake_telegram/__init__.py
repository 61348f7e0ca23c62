"""A fake Telegram Bot API server for end-to-end tests of the real PTB Application.

Usage::

    async with FakeTelegram(token="123:TEST", per_chat_burst=3) as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        tg.add_user(42, "Ann")
        await tg.user_sends(42, "/start")
        reply = await tg.wait_for_message(42)

See :class:`FakeTelegram` for the hooks; ``python -m tests.fake_telegram`` runs it standalone and
:class:`FakeTelegramControl` drives that process's ``/control`` API.
"""

from .client import ControlError, FakeTelegramControl
from .errors import ApiError
from .formatting import EntityParseError, FormattedText, parse_html, parse_markdown_v2, parse_text, utf16_len
from .limits import FailureInjector, RateLimiter, RateLimits
from .records import CallbackAnswer, FakeUser, MessageRecord, Stats, UploadedFile
from .server import FakeTelegram

__all__ = [
    "ApiError",
    "CallbackAnswer",
    "ControlError",
    "EntityParseError",
    "FailureInjector",
    "FakeTelegram",
    "FakeTelegramControl",
    "FakeUser",
    "FormattedText",
    "MessageRecord",
    "RateLimiter",
    "RateLimits",
    "Stats",
    "UploadedFile",
    "parse_html",
    "parse_markdown_v2",
    "parse_text",
    "utf16_len",
]
