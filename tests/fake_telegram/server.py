"""An in-process fake Telegram Bot API server that behaves like Telegram, for end-to-end tests.

Why a real HTTP server instead of mocking PTB: the e2e tests must run the real PTB
``Application`` (request encoding, long polling, update dispatching, error mapping), so the fake
speaks HTTP on loopback and answers exactly as Telegram does — same JSON envelopes, the same
validation (entity parsing, 4096 UTF-16 units, 64-byte callback data, blocked users) and the
same flood control. Tests play the user's side (``user_sends``/``user_presses``) and observe the
bot's side (``messages``/``wait_for_message``).

Everything runs on one event loop and state is mutated synchronously between awaits, so no
locks are needed; waiters are woken through :class:`_Notifier`.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import hashlib
import io
import itertools
import json
import mimetypes
import re
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from .errors import ApiError, bad_request
from .formatting import EntityParseError, FormattedText, parse_text, utf16_len
from .limits import RATE_LIMITED_METHODS, FailureInjector, RateLimiter, RateLimits
from .markup import inline_buttons, validate_reply_markup
from .params import Params, read_params
from .photos import PhotoMethods
from .records import CallbackAnswer, FakeUser, MessageRecord, Stats, UploadedFile
from .user_files import copy_message, media_json, user_sends_file
from .voice import VoiceNote, opus_seconds

MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
PHOTO_SIDES_MAX = 10_000  # sendPhoto: "width and height must not exceed 10000 in total"
PHOTO_RATIO_MAX = 20  # "width and height ratio must be at most 20"
PHOTO_SIDE_SHOWN = 1280  # the largest PhotoSize Telegram keeps of a sent photo
MAX_CALLBACK_ANSWER_CHARS = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# Update types delivered when allowed_updates is empty/unset (Telegram's default).
ALL_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")

ERR_CHAT_NOT_FOUND = "chat not found"
ERR_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
ERR_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)

Handler = Callable[[Params], Awaitable[Any]]


class _Keep(enum.Enum):
    """Sentinel for "leave this setting unchanged" in :meth:`FakeTelegram.configure`."""

    KEEP = 0


class _Notifier:
    """Wake-all signal usable from synchronous code (``asyncio.Condition`` needs its lock)."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify_all(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float) -> None:
        """Return when notified or after ``timeout`` seconds, whichever is first."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, max(timeout, 0.0))
        except TimeoutError:
            pass
        finally:
            self._waiters.discard(waiter)


@dataclass
class _QueuedUpdate:
    update_id: int
    kind: str
    payload: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class _CallbackQuery:
    query_id: str
    user_id: int
    created: float
    answered: bool = False


class FakeTelegram(PhotoMethods):
    """A fake Bot API server. Use ``async with FakeTelegram(...) as server:``.

    ``global_per_s``/``per_chat_per_s`` = None disables that limit; ``latency_s`` delays every
    reply; ``return_latency_s`` delays the answer *after* the call took effect (a message is already in the
    recipient's chat while the bot still waits to hear it was sent, as over a real network);
    ``strict_ampersand`` rejects a bare ``&`` in HTML (see :mod:`.formatting`).
    """

    def __init__(
        self,
        token: str = "123:TEST",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        global_per_s: float | None = 30.0,
        per_chat_per_s: float | None = 1.0,
        per_chat_burst: int = 3,
        latency_s: float = 0.0,
        return_latency_s: float = 0.0,
        bot_first_name: str = "VET2B Test Bot",
        bot_username: str = "vet2b_test_bot",
        callback_query_ttl_s: float = 15.0,
        strict_ampersand: bool = True,
        enable_control: bool = True,
    ) -> None:
        if not _TOKEN_RE.match(token):
            raise ValueError(f"token {token!r} is not shaped like a Bot API token (<digits>:<secret>)")
        self.token = token
        self.host = host
        self.port = port
        self.limits = RateLimits(global_per_s, per_chat_per_s, per_chat_burst)
        self.rate_limiter = RateLimiter(self.limits)
        self.latency_s = latency_s
        self.return_latency_s = return_latency_s
        self.callback_query_ttl_s = callback_query_ttl_s
        self.strict_ampersand = strict_ampersand
        self.enable_control = enable_control
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.stats = Stats()
        self.calls: deque[tuple[str, dict[str, Any], int]] = deque(maxlen=2000)
        self.failures = FailureInjector()
        self.users: dict[int, FakeUser] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.bot_texts: dict[str, dict[str, str]] = {}
        self.chat_actions: dict[int, list[str]] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.webhook: dict[str, Any] | None = None
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._updates: list[_QueuedUpdate] = []
        self._next_update_id = 100_000_001
        self._poll_generation = 0
        self._records: dict[int, dict[int, MessageRecord]] = {}
        self._events: dict[int, list[MessageRecord]] = {}
        self._cursors: dict[int, int] = {}
        self._user_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._last_message_id: dict[int, int] = {}
        self._queries: dict[str, _CallbackQuery] = {}
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._files: dict[str, UploadedFile] = {}
        self._file_seq = itertools.count(1)
        self._update_notifier = _Notifier()
        self._message_notifier = _Notifier()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Handler] = self._build_handlers()
        self._handlers_lower = {name.lower(): name for name in self._handlers}

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``; PTB appends ``{token}/{method}``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        if self.enable_control:
            from .control import add_control_routes

            add_control_routes(app, self)
        return app

    async def start(self) -> None:
        """Bind (port 0 = a free port chosen by the OS) and start serving."""
        self._closing = False
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(self.make_app(), handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Release long polls and waiters, then shut the HTTP server down."""
        self._closing = True
        self._update_notifier.notify_all()
        self._message_notifier.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ test configuration

    def configure(
        self,
        *,
        global_per_s: float | _Keep | None = _Keep.KEEP,
        per_chat_per_s: float | _Keep | None = _Keep.KEEP,
        per_chat_burst: int | _Keep = _Keep.KEEP,
        latency_s: float | _Keep = _Keep.KEEP,
        return_latency_s: float | _Keep = _Keep.KEEP,
    ) -> None:
        """Change limits at runtime (omitted = keep, None = disable); resets limiter history."""
        if not isinstance(global_per_s, _Keep):
            self.limits.global_per_s = global_per_s
        if not isinstance(per_chat_per_s, _Keep):
            self.limits.per_chat_per_s = per_chat_per_s
        if not isinstance(per_chat_burst, _Keep):
            self.limits.per_chat_burst = per_chat_burst
        if not isinstance(latency_s, _Keep):
            self.latency_s = latency_s
        if not isinstance(return_latency_s, _Keep):
            self.return_latency_s = return_latency_s
        self.rate_limiter.reset()

    def fail_next(
        self,
        count: int,
        code: int = 429,
        *,
        retry_after: int | None = 1,
        description: str | None = None,
        methods: Iterable[str] | None = None,
    ) -> None:
        """Make the next ``count`` calls (any method but getUpdates, unless ``methods`` is
        given) fail with ``code``; 429s carry ``retry_after`` like Telegram's."""
        self.failures.add(count, code, retry_after=retry_after, description=description, methods=methods)

    def reset_stats(self) -> None:
        self.stats = Stats()
        self.calls.clear()

    # ------------------------------------------------------------------ users (the test's side)

    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        language_code: str | None = "en",
        *,
        last_name: str | None = None,
        started: bool = True,
    ) -> FakeUser:
        """Register a user. ``started=False``: the user never opened the bot, so the bot may not
        write first (403 "bot can't initiate conversation with a user") until they send."""
        user = FakeUser(user_id, first_name, username, language_code, last_name, started)
        self.users[user_id] = user
        return user

    def _user(self, user_id: int) -> FakeUser:
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"user {user_id} is not registered; call server.add_user() first") from None

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends get 403 and a my_chat_member update is queued."""
        user = self._user(user_id)
        if not user.blocked:
            user.blocked = True
            self._queue_my_chat_member(user, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        user = self._user(user_id)
        if user.blocked:
            user.blocked = False
            self._queue_my_chat_member(user, "kicked", "member")

    def deactivate(self, user_id: int) -> None:
        """The account is deleted: every send gets 403 "user is deactivated"."""
        self._user(user_id).deactivated = True

    def _bot_user_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _queue_my_chat_member(self, user: FakeUser, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": self._bot_user_json()}
            if status == "kicked":
                data["until_date"] = 0
            return data

        payload = {
            "chat": user.to_chat_json(),
            "from": user.to_user_json(),
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        self._queue_update("my_chat_member", payload)

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append(_QueuedUpdate(update_id, kind, payload))
        self._update_notifier.notify_all()
        return update_id

    def _next_message_id(self, chat_id: int) -> int:
        # Private chats share one message-id sequence between the user's and the bot's messages.
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    async def user_sends(self, user_id: int, text: str, *, reply_to_message_id: int | None = None) -> dict[str, Any]:
        """Queue a private-chat Message update from the user; returns the Message JSON.

        ``/command`` tokens get ``bot_command`` entities so PTB's CommandHandler matches. The
        implicit ``wait_for_message`` cursor moves here, so a reply sent before the test starts
        waiting is still found.
        """
        user = self._user(user_id)
        if user.deactivated:
            raise RuntimeError(f"user {user_id} is deactivated and cannot send messages")
        if user.blocked:
            self.unblock(user_id)  # the Telegram app unblocks when the user writes to the bot
        user.started = True
        message: dict[str, Any] = {
            "message_id": self._next_message_id(user_id),
            "from": user.to_user_json(),
            "chat": user.to_chat_json(),
            "date": int(time.time()),
            "text": text,
        }
        entities = [
            {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
            for m in _COMMAND_RE.finditer(text)
        ]
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None:
            replied = self._find_message_json(user_id, reply_to_message_id)
            if replied is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {user_id}")
            message["reply_to_message"] = replied
        self._user_messages.setdefault(user_id, {})[message["message_id"]] = message
        self._cursors[user_id] = self.mark(user_id)
        self._queue_update("message", message)
        return message

    async def user_sends_file(
        self, user_id: int, content: bytes, file_name: str | None = None, **options: Any
    ) -> dict[str, Any]:
        """A photo or document from the user (see :func:`.user_files.user_sends_file`)."""
        return await user_sends_file(self, user_id, content, file_name=file_name, **options)

    async def user_presses(self, user_id: int, message_id: int, callback_data: str, *, strict: bool = True) -> str:
        """Queue a CallbackQuery for a button on a message the bot sent this user; returns the
        query id. ``strict`` requires ``callback_data`` to be on the message's current keyboard
        (a real user can only press buttons that exist)."""
        user = self._user(user_id)
        record = self._records.get(user_id, {}).get(message_id)
        if record is None:
            raise KeyError(f"the bot never sent message {message_id} to user {user_id}")
        if record.deleted:
            raise KeyError(f"message {message_id} in chat {user_id} was deleted")
        if strict and callback_data not in [data for _, data in record.buttons]:
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; buttons: {record.buttons}"
            )
        query_id = str(next(self._query_ids))
        self._queries[query_id] = _CallbackQuery(query_id, user_id, time.monotonic())
        chat_instance = str(int(hashlib.sha1(f"{self.bot_id}:{user_id}".encode()).hexdigest()[:15], 16))
        payload = {
            "id": query_id,
            "from": user.to_user_json(),
            "message": self._message_json(record),
            "chat_instance": chat_instance,
            "data": callback_data,
        }
        self._cursors[user_id] = self.mark(user_id)
        self._queue_update("callback_query", payload)
        return query_id

    def take_updates(self) -> list[dict[str, Any]]:
        """Remove and return the queued updates, oldest first, as Telegram would POST them to a webhook.

        The fake calls no webhook itself: a test plays Telegram's side and decides which replica
        behind the proxy gets each update. Update types the bot did not subscribe to are dropped.
        """
        updates, self._updates = self._updates, []
        return [u.to_json() for u in updates if u.kind in self._allowed_updates]

    async def user_presses_button(self, user_id: int, button_text: str) -> str:
        """Press the button labelled ``button_text`` on the newest bot message that has it."""
        for record in reversed(self.messages(user_id)):
            for text, data in record.buttons:
                if text == button_text and data is not None:
                    return await self.user_presses(user_id, record.message_id, data)
        raise KeyError(f"no message in chat {user_id} has a callback button {button_text!r}")

    # ------------------------------------------------------------------ observing the bot's side

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[MessageRecord]:
        """Current state of every bot message in the chat, oldest first."""
        records = self._records.get(chat_id, {}).values()
        return [r for r in records if include_deleted or not r.deleted]

    def last_message(self, chat_id: int) -> MessageRecord | None:
        records = self.messages(chat_id)
        return records[-1] if records else None

    def events(self, chat_id: int) -> list[MessageRecord]:
        """Snapshots of every send and edit in the chat, in order (what ``mark`` indexes)."""
        return list(self._events.get(chat_id, []))

    def mark(self, chat_id: int) -> int:
        """A cursor: ``wait_for_message(chat_id, after=cursor)`` sees only later sends/edits."""
        return len(self._events.get(chat_id, []))

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[MessageRecord], bool] | None = None,
        *,
        timeout: float = 5.0,
        after: int | None = None,
    ) -> MessageRecord:
        """Return the first send/edit snapshot after the cursor that satisfies ``predicate``.

        Without ``after`` the chat's implicit cursor is used: it moves to "now" on every
        ``user_sends``/``user_presses`` and past each message returned here, so
        ``user_sends`` → ``wait`` → ``wait`` yields the first and second replies without
        racing the bot. Raises TimeoutError if nothing matches in time.
        """
        start = self._cursors.get(chat_id, 0) if after is None else after
        deadline = time.monotonic() + timeout
        while True:
            events = self._events.get(chat_id, [])
            for index in range(start, len(events)):
                if predicate is None or predicate(events[index]):
                    if after is None:
                        self._cursors[chat_id] = index + 1
                    return events[index]
            start = len(events)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                seen = [(e.event, e.message_id, e.text or e.caption) for e in events[-5:]]
                raise TimeoutError(f"no matching bot message in chat {chat_id} within {timeout}s; last events: {seen}")
            await self._message_notifier.wait(remaining)

    async def wait_for_callback_answer(self, query_id: str, *, timeout: float = 5.0) -> CallbackAnswer:
        deadline = time.monotonic() + timeout
        while True:
            for answer in self.callback_answers:
                if answer.callback_query_id == query_id:
                    return answer
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                raise TimeoutError(f"callback query {query_id} was not answered within {timeout}s")
            await self._message_notifier.wait(remaining)

    @staticmethod
    def buttons(record: MessageRecord) -> list[tuple[str, str | None]]:
        """Inline keyboard flattened to ``(text, callback_data)`` (None for url buttons etc.)."""
        return inline_buttons(record.reply_markup)

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id].content

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        requested = request.match_info["method"]
        method = self._handlers_lower.get(requested.lower())
        self.stats.total_requests += 1
        self.stats.per_method[method or requested] += 1
        params = Params()
        try:
            if self.latency_s > 0:
                await asyncio.sleep(self.latency_s)
            if token != self.token:
                # Telegram: 404 for a malformed token, 401 for a well-formed unknown one.
                raise ApiError(401, "Unauthorized") if _TOKEN_RE.match(token) else ApiError(404, "Not Found")
            if method is None:
                raise ApiError(404, "Not Found")
            params = await read_params(request)
            params.request = request
            injected = self.failures.take(method)
            if injected is not None:
                raise injected
            result = await self._handlers[method](params)
            if self.return_latency_s > 0 and method != "getUpdates":
                await asyncio.sleep(self.return_latency_s)
        except ApiError as error:
            return self._reply(method or requested, params, error.code, error.payload())
        except web.HTTPRequestEntityTooLarge:
            too_large = ApiError(413, "Request Entity Too Large")
            return self._reply(method or requested, params, 413, too_large.payload())
        body: dict[str, Any] = {"ok": True, "result": result}
        if method == "setWebhook":
            body["description"] = "Webhook was set" if self.webhook else "Webhook was deleted"
        elif method == "deleteWebhook":
            body["description"] = "Webhook was deleted"
        return self._reply(method, params, 200, body)

    def _reply(self, method: str, params: Params, status: int, body: dict[str, Any]) -> web.Response:
        self.stats.by_status[status] += 1
        self.calls.append((method, params.redacted(), status))
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        path = request.match_info["path"]
        for uploaded in self._files.values():
            if uploaded.file_path == path:
                return web.Response(body=uploaded.content, content_type="application/octet-stream")
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    def _build_handlers(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "setMyDescription": self._bot_text_setter("description"),
            "getMyDescription": self._bot_text_getter("description"),
            "setMyShortDescription": self._bot_text_setter("short_description"),
            "getMyShortDescription": self._bot_text_getter("short_description"),
            "setMyName": self._bot_text_setter("name"),
            "getMyName": self._bot_text_getter("name"),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendMediaGroup": self._send_media_group,  # photos.py
            "sendVoice": self._send_voice,
            "getFile": self._get_file,
            "copyMessage": functools.partial(copy_message, self),  # user_files.py
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
        }

    # ------------------------------------------------------------------ shared checks

    def _chat_for(self, params: Params, *, sending: bool = True) -> FakeUser:
        """Resolve chat_id to a registered user's private chat with Telegram's errors."""
        if not params.has("chat_id"):
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(str(params.values["chat_id"]).strip())
        except ValueError:
            raise bad_request(ERR_CHAT_NOT_FOUND) from None
        user = self.users.get(chat_id)
        if user is None:
            raise bad_request(ERR_CHAT_NOT_FOUND)
        if sending:
            if user.deactivated:
                raise ApiError(403, "Forbidden: user is deactivated")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return user

    def _format(self, params: Params, field: str, limit: int, too_long: str, empty: str | None) -> FormattedText:
        raw = params.get_str(field) or ""
        entities = params.get_json("entities" if field == "text" else "caption_entities")
        try:
            formatted = parse_text(
                raw,
                params.get_str("parse_mode"),
                entities if isinstance(entities, list) else None,
                strict_ampersand=self.strict_ampersand,
            )
        except EntityParseError as exc:
            raise bad_request(str(exc)) from None
        if empty is not None and not formatted.text:
            raise bad_request(empty)
        if formatted.utf16_length > limit:
            raise bad_request(too_long)
        return formatted

    def _format_text(self, params: Params) -> FormattedText:
        return self._format(params, "text", MAX_TEXT_UTF16, "message is too long", "message text is empty")

    def _format_caption(self, params: Params) -> FormattedText:
        return self._format(params, "caption", MAX_CAPTION_UTF16, "message caption is too long", None)

    def _rate_limit(self, method: str, chat_id: int) -> None:
        if method in RATE_LIMITED_METHODS:
            self.rate_limiter.acquire(chat_id)

    def _reply_to(self, params: Params, chat_id: int) -> int | None:
        reply = params.get_json("reply_parameters")
        message_id: int | None = None
        allow_missing = params.get_bool("allow_sending_without_reply")
        if isinstance(reply, dict) and reply.get("message_id") is not None:
            message_id = int(reply["message_id"])
            allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
        elif params.has("reply_to_message_id"):
            message_id = params.get_int("reply_to_message_id")
        if message_id is None:
            return None
        if self._find_message_json(chat_id, message_id) is None:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return message_id

    def _find_message_json(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        record = self._records.get(chat_id, {}).get(message_id)
        if record is not None and not record.deleted:
            return self._message_json(record)
        return self._user_messages.get(chat_id, {}).get(message_id)

    def _store(self, record: MessageRecord) -> None:
        self._records.setdefault(record.chat_id, {})[record.message_id] = record
        self._events.setdefault(record.chat_id, []).append(replace(record))
        self._message_notifier.notify_all()

    def _message_json(self, record: MessageRecord) -> dict[str, Any]:
        user = self.users[record.chat_id]
        message: dict[str, Any] = {
            "message_id": record.message_id,
            "from": self._bot_user_json(),
            "chat": user.to_chat_json(),
            "date": record.date,
        }
        if record.edit_date is not None:
            message["edit_date"] = record.edit_date
        if record.reply_to_message_id is not None:
            replied = self._user_messages.get(record.chat_id, {}).get(record.reply_to_message_id)
            if replied is not None:
                message["reply_to_message"] = replied
        if record.text is not None:
            message["text"] = record.text
            if record.entities:
                message["entities"] = record.entities
        if record.voice is not None:
            message["voice"] = record.voice.to_json()
            if record.caption:
                message["caption"] = record.caption
                if record.caption_entities:
                    message["caption_entities"] = record.caption_entities
        elif record.document is not None:
            doc = record.document
            if record.method == "copyMessage":
                message.update(media_json(doc))
            elif record.is_photo:
                width, height = _shown_size(*_photo_size(doc.content))
                message["photo"] = [
                    {
                        "file_id": doc.file_id,
                        "file_unique_id": doc.file_unique_id,
                        "width": width,
                        "height": height,
                        "file_size": len(doc.content),
                    }
                ]
            else:
                document: dict[str, Any] = {
                    "file_id": doc.file_id,
                    "file_unique_id": doc.file_unique_id,
                    "file_size": len(doc.content),
                }
                if doc.file_name:
                    document["file_name"] = doc.file_name
                if doc.mime_type:
                    document["mime_type"] = doc.mime_type
                message["document"] = document
            if record.caption:
                message["caption"] = record.caption
                if record.caption_entities:
                    message["caption_entities"] = record.caption_entities
        # Telegram only echoes inline keyboards back in the Message object.
        if record.media_group_id is not None:
            message["media_group_id"] = record.media_group_id
        if record.reply_markup and "inline_keyboard" in record.reply_markup:
            message["reply_markup"] = {"inline_keyboard": record.reply_markup["inline_keyboard"]}
        return message

    # ------------------------------------------------------------------ methods

    async def _true(self, params: Params) -> bool:
        return True

    async def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self._bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get_int("offset") or 0
        limit = min(max(params.get_int("limit") or 100, 1), 100)
        timeout = max(params.get_float("timeout") or 0.0, 0.0)
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(str(a) for a in allowed) or DEFAULT_UPDATE_TYPES
        if offset > 0:
            self._updates = [u for u in self._updates if u.update_id >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        # A newer getUpdates terminates an older one still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._update_notifier.notify_all()
        deadline = time.monotonic() + timeout
        request = params.request
        while True:
            if self._closing:
                return []
            if request is not None and (request.transport is None or request.transport.is_closing()):
                return []  # the client went away (PTB cancelled the long poll): nobody to tell
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            # Updates of types the bot did not subscribe to are dropped, not delivered later.
            self._updates = [u for u in self._updates if u.kind in self._allowed_updates]
            if self._updates:
                return [u.to_json() for u in self._updates[:limit]]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            await self._update_notifier.wait(min(remaining, 0.25))

    async def _set_webhook(self, params: Params) -> bool:
        url = params.get_str("url") or ""
        if not url:
            self.webhook = None
            return True
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if parts.port not in (None, 80, 88, 443, 8443):
            raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(str(a) for a in allowed) or DEFAULT_UPDATE_TYPES
        self.webhook = {"url": url, "max_connections": params.get_int("max_connections") or 40}
        self._poll_generation += 1  # a pending long poll ends with 409, as on Telegram
        self._update_notifier.notify_all()
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        self.webhook = None
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get_json("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get_str("language_code") or ""

    async def _set_my_commands(self, params: Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned: list[dict[str, str]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name = str(command.get("command", "")).lstrip("/")
            description = str(command.get("description", ""))
            if not _BOT_COMMAND_RE.match(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("command description must be non-empty")
            cleaned.append({"command": name, "description": description})
        if cleaned:
            self.commands[self._commands_key(params)] = cleaned
        else:
            self.commands.pop(self._commands_key(params), None)
        return True

    async def _get_my_commands(self, params: Params) -> list[dict[str, str]]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.get_int("chat_id")
        if chat_id is not None and chat_id not in self.users:
            raise bad_request(ERR_CHAT_NOT_FOUND)
        button = params.get_json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("commands", "web_app", "default"):
            raise bad_request("can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        button = self.menu_buttons.get(params.get_int("chat_id")) or self.menu_buttons.get(None)
        if button is None or button.get("type") == "default":
            return {"type": "commands"}
        return button

    def _bot_text_setter(self, field: str) -> Handler:
        async def setter(params: Params) -> bool:
            self.bot_texts.setdefault(field, {})[params.get_str("language_code") or ""] = params.get_str(field) or ""
            return True

        return setter

    def _bot_text_getter(self, field: str) -> Handler:
        async def getter(params: Params) -> dict[str, str]:
            texts = self.bot_texts.get(field, {})
            value = texts.get(params.get_str("language_code") or "", texts.get("", ""))
            return {field: value or (self.bot_first_name if field == "name" else "")}

        return getter

    async def _send_message(self, params: Params) -> dict[str, Any]:
        user = self._chat_for(params)
        formatted = self._format_text(params)
        markup = validate_reply_markup(params.values.get("reply_markup"))
        reply_to = self._reply_to(params, user.user_id)
        self._rate_limit("sendMessage", user.user_id)
        record = MessageRecord(
            chat_id=user.user_id,
            message_id=self._next_message_id(user.user_id),
            date=int(time.time()),
            method="sendMessage",
            text=formatted.text,
            raw_text=params.get_str("text"),
            parse_mode=params.get_str("parse_mode"),
            entities=formatted.entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        self._store(record)
        return self._message_json(record)

    def _record_to_edit(self, params: Params) -> MessageRecord:
        if params.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        user = self._chat_for(params)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        record = self._records.get(user.user_id, {}).get(message_id)
        if record is None or record.deleted:
            raise bad_request("message to edit not found")
        return record

    def _apply_edit(self, record: MessageRecord, method: str, **changes: Any) -> dict[str, Any]:
        self._rate_limit(method, record.chat_id)
        for name, value in changes.items():
            setattr(record, name, value)
        record.edited = True
        record.edit_count += 1
        record.edit_date = int(time.time())
        record.event = "edited"
        self._store(record)
        return self._message_json(record)

    async def _edit_message_text(self, params: Params) -> dict[str, Any]:
        record = self._record_to_edit(params)
        if record.text is None:
            raise bad_request("there is no text in the message to edit")
        formatted = self._format_text(params)
        # Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
        markup = validate_reply_markup(params.values.get("reply_markup"), inline_only=True)
        if (formatted.text, formatted.entities, markup) == (
            record.text,
            record.entities,
            record.reply_markup,
        ):
            raise bad_request(ERR_NOT_MODIFIED)
        return self._apply_edit(
            record,
            "editMessageText",
            text=formatted.text,
            raw_text=params.get_str("text"),
            parse_mode=params.get_str("parse_mode"),
            entities=formatted.entities,
            reply_markup=markup,
        )

    async def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        record = self._record_to_edit(params)
        markup = validate_reply_markup(params.values.get("reply_markup"), inline_only=True)
        if markup == record.reply_markup:
            raise bad_request(ERR_NOT_MODIFIED)
        return self._apply_edit(record, "editMessageReplyMarkup", reply_markup=markup)

    async def _delete_message(self, params: Params) -> bool:
        user = self._chat_for(params, sending=False)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        record = self._records.get(user.user_id, {}).get(message_id)
        if record is not None and not record.deleted:
            record.deleted = True
            return True
        if self._user_messages.get(user.user_id, {}).pop(message_id, None) is not None:
            return True
        raise bad_request("message to delete not found")

    async def _answer_callback_query(self, params: Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        query = self._queries.get(query_id)
        if query is None or query.answered or time.monotonic() - query.created > self.callback_query_ttl_s:
            raise bad_request(ERR_QUERY_TOO_OLD)
        text = params.get_str("text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_CHARS:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        self.callback_answers.append(
            CallbackAnswer(query_id, query.user_id, text, params.get_bool("show_alert"), params.get_str("url"))
        )
        self._message_notifier.notify_all()
        return True

    def _uploaded_file(self, params: Params, field: str) -> UploadedFile:
        value = params.values.get(field)
        part = params.files.get(field)
        if part is None and isinstance(value, str) and value.startswith("attach://"):
            part = params.files.get(value[len("attach://") :])
        if part is None:
            if isinstance(value, str) and value in self._files:
                return self._files[value]  # re-sending by file_id
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            if value:
                raise bad_request("wrong file identifier/HTTP URL specified")
            raise bad_request(f"there is no {field} in the request")
        if not part.content:
            raise bad_request("file must be non-empty")
        seq = next(self._file_seq)
        digest = hashlib.sha1(part.content).hexdigest()
        name = part.filename
        mime = (mimetypes.guess_type(name)[0] if name else None) or part.content_type
        suffix = f".{name.rsplit('.', 1)[1]}" if name and "." in name else ""
        folder = {"photo": "photos", "voice": "voice"}.get(field, "documents")
        uploaded = UploadedFile(
            file_id=f"BQACAgIAAxkDAAI{seq:06d}{digest[:24]}",
            file_unique_id=f"AgAD{digest[:12]}",
            file_name=name,
            mime_type=mime,
            content=part.content,
            file_path=f"{folder}/file_{seq}{suffix}",
        )
        self._files[uploaded.file_id] = uploaded
        return uploaded

    async def _send_media(self, params: Params, method: str, field: str) -> dict[str, Any]:
        user = self._chat_for(params)
        caption = self._format_caption(params)
        markup = validate_reply_markup(params.values.get("reply_markup"))
        reply_to = self._reply_to(params, user.user_id)
        uploaded = self._uploaded_file(params, field)
        if field == "photo":
            _photo_size(uploaded.content)  # Telegram refuses what is no image, or an image of the wrong shape
        self._rate_limit(method, user.user_id)
        record = MessageRecord(
            chat_id=user.user_id,
            message_id=self._next_message_id(user.user_id),
            date=int(time.time()),
            method=method,
            parse_mode=params.get_str("parse_mode"),
            caption=caption.text or None,
            caption_entities=caption.entities,
            reply_markup=markup,
            document=uploaded,
            reply_to_message_id=reply_to,
        )
        self._store(record)
        return self._message_json(record)

    async def _send_document(self, params: Params) -> dict[str, Any]:
        return await self._send_media(params, "sendDocument", "document")

    async def _send_photo(self, params: Params) -> dict[str, Any]:
        return await self._send_media(params, "sendPhoto", "photo")

    async def _send_voice(self, params: Params) -> dict[str, Any]:
        """sendVoice: an OGG/Opus upload (or the file_id of one) is a voice note; anything else a document."""
        user = self._chat_for(params)
        caption = self._format_caption(params)
        markup = validate_reply_markup(params.values.get("reply_markup"))
        reply_to = self._reply_to(params, user.user_id)
        duration: int | None = None
        if params.has("duration"):
            duration = params.get_int("duration")
            if duration is None or duration < 0:
                raise bad_request("wrong duration specified")
        uploaded = self._uploaded_file(params, "voice")
        if len(uploaded.content) > MAX_UPLOAD_BYTES:
            raise bad_request("file is too big")
        self._rate_limit("sendVoice", user.user_id)
        seconds = opus_seconds(uploaded.content)
        voice = None
        if seconds is not None:
            shown = duration if duration is not None else max(1, round(seconds))
            voice = VoiceNote(uploaded.file_id, uploaded.file_unique_id, shown, seconds, len(uploaded.content))
        record = MessageRecord(
            chat_id=user.user_id,
            message_id=self._next_message_id(user.user_id),
            date=int(time.time()),
            method="sendVoice",
            parse_mode=params.get_str("parse_mode"),
            caption=caption.text or None,
            caption_entities=caption.entities,
            reply_markup=markup,
            document=uploaded,
            voice=voice,
            reply_to_message_id=reply_to,
        )
        self._store(record)
        return self._message_json(record)

    async def _get_file(self, params: Params) -> dict[str, Any]:
        file_id = params.get_str("file_id") or ""
        if not file_id:
            raise bad_request("file_id is empty")  # PTB always sends it; a raw client may not
        uploaded = self._files.get(file_id)
        if uploaded is None:
            raise bad_request("invalid file_id")
        self._check_download(uploaded)  # photos.py: at most 20 MB
        return {
            "file_id": uploaded.file_id,
            "file_unique_id": uploaded.file_unique_id,
            "file_size": len(uploaded.content),
            "file_path": uploaded.file_path,
        }

    async def _send_chat_action(self, params: Params) -> bool:
        user = self._chat_for(params)
        action = params.get_str("action") or ""
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.setdefault(user.user_id, []).append(action)
        return True

    async def _get_chat(self, params: Params) -> dict[str, Any]:
        user = self._chat_for(params, sending=False)
        return {
            **user.to_chat_json(),
            "accent_color_id": user.user_id % 7,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }


def _photo_size(content: bytes) -> tuple[int, int]:
    """Width and height of a photo sent with sendPhoto, refused as Telegram refuses it: data that is no image
    (IMAGE_PROCESS_FAILED), width + height over 10,000 or one side over 20 times the other
    (PHOTO_INVALID_DIMENSIONS)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise bad_request("IMAGE_PROCESS_FAILED") from None
    if width + height > PHOTO_SIDES_MAX or max(width, height) > PHOTO_RATIO_MAX * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


def _shown_size(width: int, height: int) -> tuple[int, int]:
    """The largest size Telegram keeps: the longer side at most 1280 pixels."""
    scale = min(1.0, PHOTO_SIDE_SHOWN / max(width, height))
    return round(width * scale), round(height * scale)
