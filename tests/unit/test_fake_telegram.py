"""The fake Telegram server, exercised through the real python-telegram-bot client.

Why these tests: e2e tests of the bot trust the fake to reject what Telegram rejects and to
deliver updates the way Telegram does; if the fake drifted (accepting a ``<br>``, dropping a
429's retry_after, losing an update) the bot's e2e suite would pass against a lie.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import sys
import time
import warnings
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.fake_telegram import (
    ControlError,
    FakeTelegram,
    FakeTelegramControl,
    parse_html,
    parse_markdown_v2,
    utf16_len,
)
from tests.fake_telegram.formatting import EntityParseError

# PTB 22 warns about RetryAfter.retry_after becoming a timedelta; not what these tests are about.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

REPO_ROOT = Path(__file__).resolve().parents[2]
USER = 1001


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token="123:TEST") as fake:
        fake.add_user(USER, "Ann", username="ann", language_code="et")
        yield fake


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


def retry_seconds(exc: RetryAfter) -> float:
    """PTB 22 returns int (deprecated) or timedelta depending on settings; normalise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def raw_send(bot: Bot, **params: Any) -> Any:
    """sendMessage with hand-built JSON that PTB's typed API would not let us express."""
    return await bot.send_message(USER, "x", api_kwargs=params)


@asynccontextmanager
async def running_app(
    server: FakeTelegram, handlers: Sequence[BaseHandler[Update, Any, Any]]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Run a real PTB Application polling the fake; stop it the way production code does."""
    app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
    for handler in handlers:
        app.add_handler(handler)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=2)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


# ---------------------------------------------------------------------------- basics


async def test_get_me_token_and_unknown_method(server: FakeTelegram, bot: Bot) -> None:
    assert bot.id == 123
    assert bot.username == server.bot_username
    with pytest.raises(InvalidToken):
        async with Bot("123:WRONG", base_url=server.base_url):
            pass
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{server.base_url}{server.token}/sendTelepathy", json={})
        wrong = await client.get(f"{server.base_url}999:NOPE/getMe")
        by_get = await client.get(f"{server.base_url}{server.token}/sendMessage?chat_id={USER}&text=hi")
        by_json = await client.post(
            f"{server.base_url}{server.token}/SENDMESSAGE", json={"chat_id": USER, "text": "json"}
        )
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert by_get.json()["result"]["text"] == "hi"
    assert by_json.json()["ok"] is True
    assert [m.text for m in server.messages(USER)] == ["hi", "json"]
    assert server.stats.per_method["getMe"] == 3  # fixture, wrong-token Bot, raw wrong token
    assert server.stats.by_status[404] == 1


# ---------------------------------------------------------------------------- Application round trips


async def test_start_command_round_trip(server: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_user is not None and update.effective_message is not None
        assert context.args == ["promo"]
        name = update.effective_user.first_name
        await update.effective_message.reply_html(f"Tere, <b>{name}</b>! ({update.effective_user.language_code})")

    async with running_app(server, [CommandHandler("start", start)]):
        sent = await server.user_sends(USER, "/start promo")
        reply = await server.wait_for_message(USER, timeout=5)
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert reply.text == "Tere, Ann! (et)"
    assert reply.entities == [{"type": "bold", "offset": 6, "length": 3}]
    assert reply.parse_mode == "HTML"
    assert reply.message_id == sent["message_id"] + 1  # one id sequence per private chat


async def test_button_press_round_trip(server: FakeTelegram) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Buy", callback_data="buy:7"),
                    InlineKeyboardButton("Web", url="https://x.ee"),
                ]
            ]
        )
        await update.effective_message.reply_text("Pick one", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and isinstance(query.message, Message)
        await query.answer("Done!")
        await query.edit_message_text(f"You chose {query.data} (was: {query.message.text})")

    async with running_app(server, [CommandHandler("menu", menu), CallbackQueryHandler(pressed)]):
        await server.user_sends(USER, "/menu")
        shown = await server.wait_for_message(USER)
        assert server.buttons(shown) == [("Buy", "buy:7"), ("Web", None)]
        with pytest.raises(KeyError):
            await server.user_presses(USER, shown.message_id + 100, "buy:7")
        with pytest.raises(ValueError):
            await server.user_presses(USER, shown.message_id, "not-on-keyboard")
        query_id = await server.user_presses(USER, shown.message_id, "buy:7")
        edited = await server.wait_for_message(USER)
        answer = await server.wait_for_callback_answer(query_id)
    assert edited.edited and edited.message_id == shown.message_id
    assert edited.text == "You chose buy:7 (was: Pick one)"
    assert edited.reply_markup is None  # editMessageText without reply_markup drops the keyboard
    assert answer.text == "Done!" and answer.user_id == USER
    assert [m.text for m in server.messages(USER)] == [edited.text]


# ---------------------------------------------------------------------------- validation


async def test_message_length_counts_utf16_of_visible_text(bot: Bot) -> None:
    await bot.send_message(USER, "x" * 4096)
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 units
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # markup is free
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "😀" * 2049)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "<b></b>", parse_mode="HTML")


async def test_callback_data_is_limited_to_64_bytes(server: FakeTelegram, bot: Bot) -> None:
    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    server.configure(per_chat_per_s=None)
    ok = await bot.send_message(USER, "64", reply_markup=markup("d" * 64))
    assert ok.reply_markup is not None and ok.reply_markup.inline_keyboard[0][0].callback_data == "d" * 64
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "65", reply_markup=markup("d" * 65))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "cyrillic", reply_markup=markup("ж" * 33))  # 66 bytes
    with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
        await raw_send(bot, reply_markup={"inline_keyboard": [[{"text": "no action"}]]})
    both = {"inline_keyboard": [[{"text": "two", "callback_data": "a", "url": "https://x.ee"}]]}
    with pytest.raises(BadRequest, match="exactly one"):
        await raw_send(bot, reply_markup=both)
    assert server.stats.http_400 == 4


HTML_REJECTED = [
    ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("Tom & Jerry", "Unsupported HTML entity"),
    ("caf&eacute;", "Unsupported HTML entity"),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
    ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
    ("ä<p>", 'Unsupported start tag "p" at byte offset 2'),  # offsets are UTF-8 bytes
]


async def test_html_rejects_what_telegram_rejects(bot: Bot) -> None:
    for text, detail in HTML_REJECTED:
        with pytest.raises(BadRequest, match="Can't parse entities") as caught:
            await bot.send_message(USER, text, parse_mode="HTML")
        assert detail.lower() in str(caught.value).lower(), text  # PTB capitalize()s descriptions


async def test_html_accepts_allowed_nested_tags(bot: Bot) -> None:
    html = (
        '<b>bold <i>both <u>all</u></i></b> <a href="https://x.ee/?a=1&amp;b=2">link</a> '
        '<tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">t</span> <s>x</s><del>y</del> '
        '<pre><code class="language-python">print(1)</code></pre> <blockquote expandable>q</blockquote> '
        "&lt;&amp;&gt;&quot; &#128512;&#x1F600;"
    )
    message = await bot.send_message(USER, html, parse_mode="HTML")
    assert message.text is not None and message.text.endswith('<&>" 😀😀')
    kinds = {entity.type: entity for entity in message.entities}
    assert set(kinds) >= {"bold", "italic", "underline", "text_link", "spoiler", "strikethrough", "pre"}
    assert kinds["text_link"].url == "https://x.ee/?a=1&b=2"
    assert kinds["pre"].language == "python"
    assert "expandable_blockquote" in kinds


def test_parsers_directly() -> None:
    parsed = parse_html("  <b>😀x</b>  ")
    assert parsed.text == "😀x"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 3}]
    assert utf16_len("😀x") == 3
    assert parse_html("a & b", strict_ampersand=False).text == "a & b"  # what tdlib itself does
    assert parse_markdown_v2(r"*bold* and \. _it_").text == "bold and . it"
    with pytest.raises(EntityParseError, match=r"Character '\.' is reserved"):
        parse_markdown_v2("Price: 5.00")
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*open")


async def test_markdown_v2_unescaped_dot_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="is reserved and must be escaped"):
        await bot.send_message(USER, "Total 5.00 EUR", parse_mode="MarkdownV2")


async def test_chat_errors_blocked_deactivated_unknown(server: FakeTelegram, bot: Bot) -> None:
    server.add_user(2002, "Bo")
    server.add_user(3003, "Cy")
    server.add_user(4004, "Di", started=False)
    server.block(2002)
    server.deactivate(3003)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(2002, "hi")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(3003, "hi")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(4004, "hi")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999_999, "hi")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(2002, "typing")
    assert (await bot.get_chat(2002)).first_name == "Bo"  # getChat still works for a blocked user
    assert server.stats.http_403 == 4
    updates = await bot.get_updates(timeout=0)
    assert updates[0].my_chat_member is not None
    assert updates[0].my_chat_member.new_chat_member.status == "kicked"


async def test_edit_not_modified_and_callback_query_errors(server: FakeTelegram, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    sent = await bot.send_message(USER, "same", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", USER, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 9999)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")
    query_id = await server.user_presses(USER, sent.message_id, "a")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)  # a query can be answered once
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    assert server.last_message(USER) is None


# ---------------------------------------------------------------------------- flood control & failures


async def test_fail_next_gives_retry_after(server: FakeTelegram, bot: Bot) -> None:
    server.fail_next(1, 429, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "first")
    assert retry_seconds(caught.value) == 1
    await bot.send_message(USER, "second")
    server.fail_next(1, 502)
    with pytest.raises(Exception, match="Bad Gateway"):
        await bot.get_chat(USER)
    assert server.stats.http_429 == 1
    assert [m.text for m in server.messages(USER)] == ["second"]


async def test_global_limit_30_per_second() -> None:
    async with FakeTelegram(token="123:TEST") as server:
        chats = list(range(5000, 5040))
        for chat in chats:
            server.add_user(chat, f"U{chat}")
        async with Bot(server.token, base_url=server.base_url) as client:
            burst = await asyncio.gather(*(client.send_message(chat, "hi") for chat in chats), return_exceptions=True)
            limited = [r for r in burst if isinstance(r, RetryAfter)]
            # 30 pass, 10 get 429 (fewer only if the machine is so slow the burst spans > 1 s).
            assert 1 <= len(limited) <= 10 and len(burst) - len(limited) >= 30
            assert all(1 <= retry_seconds(r) <= 1 for r in limited)
            assert server.stats.http_429 == len(limited)

            server.rate_limiter.reset()  # start the paced run with an empty window
            server.reset_stats()
            for chat in chats:  # a fixed gap (never catching up in bursts) keeps us under 25/s
                await client.send_message(chat, "paced")
                await asyncio.sleep(1 / 25)
            assert server.stats.http_429 == 0


async def test_per_chat_limit_allows_a_small_burst(server: FakeTelegram, bot: Bot) -> None:
    results = [await _try_send(bot, f"m{i}") for i in range(5)]
    assert results == [True, True, True, False, False]  # burst of 3, then 1 msg/s
    await asyncio.sleep(1.05)
    assert await _try_send(bot, "after a second")
    assert server.stats.http_429 == 2


async def _try_send(bot: Bot, text: str) -> bool:
    try:
        await bot.send_message(USER, text)
    except RetryAfter as exc:
        assert retry_seconds(exc) >= 1
        return False
    return True


async def test_latency_is_injected(server: FakeTelegram, bot: Bot) -> None:
    server.latency_s = 0.2
    start = time.monotonic()
    await bot.get_chat(USER)
    assert time.monotonic() - start >= 0.2


# ---------------------------------------------------------------------------- files, updates, waiting


async def test_send_document_records_bytes(server: FakeTelegram, bot: Bot) -> None:
    payload = b"nimi;hind\nLaud;120\n" * 100
    message = await bot.send_document(USER, payload, filename="hinnad.csv", caption="<b>Hinnad</b>", parse_mode="HTML")
    record = server.last_message(USER)
    assert record is not None
    assert record.document_name == "hinnad.csv" and record.document_bytes == payload
    assert record.caption == "Hinnad"
    assert message.document is not None and message.document.file_size == len(payload)
    assert message.document.mime_type == "text/csv"
    downloaded = await (await bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == payload


async def test_get_updates_offset_limit_allowed_and_webhook(server: FakeTelegram, bot: Bot) -> None:
    for text in ("one", "two", "three"):
        await server.user_sends(USER, text)
    first = await bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    assert [u.message.text for u in rest if u.message] == ["three"]

    waiter = asyncio.create_task(bot.get_updates(offset=rest[-1].update_id + 1, timeout=5))
    await asyncio.sleep(0.1)
    await server.user_sends(USER, "four")
    started = time.monotonic()
    long_polled = await waiter
    assert [u.message.text for u in long_polled if u.message] == ["four"]
    assert time.monotonic() - started < 1  # returned as soon as the update was queued

    sent = await bot.send_message(
        USER, "k", reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("k", callback_data="k"))
    )
    await server.user_presses(USER, sent.message_id, "k")
    filtered = await bot.get_updates(offset=long_polled[-1].update_id + 1, timeout=0, allowed_updates=["message"])
    assert filtered == ()  # the callback query was not subscribed to

    older = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with httpx.AsyncClient() as client:  # a second bot instance polling the same token
        newer = await client.post(f"{server.base_url}{server.token}/getUpdates", json={"timeout": 0})
    assert newer.json()["ok"] is True
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await older

    assert await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    assert await bot.delete_webhook()
    with pytest.raises(BadRequest, match=r"(?i)an https url must be provided"):
        await bot.set_webhook("http://example.org/hook")


async def test_commands_menu_and_chat_action(server: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Alusta"), ("help", "Abi")], language_code="et")
    assert [c.command for c in await bot.get_my_commands(language_code="et")] == ["start", "help"]
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start", "capital letters are invalid")])
    assert await bot.delete_my_commands(language_code="et")
    assert await bot.set_chat_menu_button(USER)
    assert await bot.send_chat_action(USER, "typing")
    assert server.chat_actions[USER] == ["typing"]


async def test_wait_for_message_does_not_miss_fast_replies(server: FakeTelegram, bot: Bot) -> None:
    cursor = server.mark(USER)
    await bot.send_message(USER, "already here")  # arrives before anybody waits
    await bot.send_message(USER, "second")
    assert (await server.wait_for_message(USER, after=cursor)).text == "already here"
    later = asyncio.create_task(server.wait_for_message(USER, lambda r: r.text == "third", after=cursor))
    await asyncio.sleep(0.05)
    await bot.send_message(USER, "third")
    assert (await later).text == "third"
    with pytest.raises(TimeoutError):
        await server.wait_for_message(USER, lambda r: r.text == "never", timeout=0.1)


# ---------------------------------------------------------------------------- standalone process


async def test_standalone_process_serves_api_and_control() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fake_telegram",
        "--port",
        "0",
        "--token",
        "777:STANDALONE",
        "--per-chat-per-s",
        "0",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=10)).decode().strip()
        assert line.startswith("READY "), line
        base_url = line.removeprefix("READY ")
        root = base_url.removesuffix("/bot")
        async with httpx.AsyncClient(base_url=root) as client:
            me = (await client.get("/bot777:STANDALONE/getMe")).json()
            assert me["ok"] is True and me["result"]["id"] == 777
            added = await client.post("/control/add_user", json={"user_id": 42, "first_name": "Ed"})
            assert added.json() == {"ok": True, "result": True}
            async with Bot("777:STANDALONE", base_url=base_url) as remote_bot:
                await remote_bot.send_message(42, "from another process")
            messages = (await client.get("/control/messages", params={"chat_id": 42})).json()["result"]
            assert [m["text"] for m in messages] == ["from another process"]
            stats = (await client.get("/control/stats")).json()["result"]
            assert stats["per_method"]["sendMessage"] == 1
            config = await client.post(
                "/control/config", json={"fail_next": {"count": 1, "code": 429, "methods": ["sendMessage"]}}
            )
            assert config.json()["result"]["pending_failures"] == 1
        async with FakeTelegramControl(base_url) as control:
            sent = await control.user_sends(42, "/start")
            assert sent["entities"][0]["type"] == "bot_command"
            cursor = await control.mark(42)
            async with Bot("777:STANDALONE", base_url=base_url) as remote_bot:
                with pytest.raises(RetryAfter):  # the failure injected through /control/config
                    await remote_bot.send_message(42, "refused")
                await remote_bot.send_message(42, "second")
            reply = await control.wait_for_message(42, after=cursor)
            assert reply["text"] == "second"
            with pytest.raises(ControlError, match="TimeoutError"):
                await control.wait_for_message(42, after=cursor + 1, timeout=0.1)
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


async def test_send_photo_keeps_the_image_and_refuses_what_telegram_refuses(server: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_photo(USER, _png(1452, 1000), caption="<b>Report</b>", parse_mode="HTML")
    assert [(p.width, p.height) for p in message.photo] == [(1280, 882)]  # the largest size Telegram keeps
    record = server.last_message(USER)
    assert record is not None and record.method == "sendPhoto" and record.caption == "Report"
    assert record.document_bytes == _png(1452, 1000)
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(USER, _png(2100, 100))  # more than 20 times wider than high
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(USER, _png(6000, 4001))  # over 10,000 in total
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(USER, b"not an image at all", filename="x.png")
