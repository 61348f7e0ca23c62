"""A button's answer that replaces the pressed message (bot.telegram_replies.edit_text) against the fake Telegram."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.outbox_sender.render import OutgoingMessage
from bot.telegram_http import AiohttpRequest
from bot.telegram_replies import edit_text, send_text
from tests.fake_telegram import FakeTelegram

TOKEN = "123:EDITS"


async def test_an_edit_replaces_text_and_buttons_and_no_buttons_removes_them() -> None:
    async with FakeTelegram(token=TOKEN) as server:
        server.add_user(5, "Edith", language_code="en")
        async with Bot(TOKEN, base_url=server.base_url, request=AiohttpRequest()) as bot:
            await send_text(bot, 5, OutgoingMessage("<b>Page 1</b>", buttons=[[("More ▶", "sp:1")]]))
            sent = server.events(5)[-1]
            await edit_text(bot, 5, sent.message_id, OutgoingMessage("<b>Page 2</b> &amp; more",
                                                                     buttons=[[("◀ Back", "sp:0")]]))  # fmt: skip
            edited = server.events(5)[-1]
            assert (edited.message_id, edited.edited, edited.text) == (sent.message_id, True, "Page 2 & more")
            assert FakeTelegram.buttons(edited) == [("◀ Back", "sp:0")]

            await edit_text(bot, 5, sent.message_id, OutgoingMessage("Done."))
            assert FakeTelegram.buttons(server.events(5)[-1]) == []
            with pytest.raises(BadRequest, match="not modified"):  # the reply sender takes this as done
                await edit_text(bot, 5, sent.message_id, OutgoingMessage("Done."))
