"""The fake Telegram server's files and copies, through the real python-telegram-bot client: a file a person
sends can be sent again by its id, fetched with getFile (not over 20 MB) and downloaded; copyMessage answers a
MessageId, copies without any forward origin, refuses what does not exist and a caption over 1,024 characters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, MessageId
from telegram.error import BadRequest

from tests.fake_telegram import FakeTelegram

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

SENDER, RECEIVER = 1001, 1002
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token="123:TEST", per_chat_per_s=None, global_per_s=None) as fake:
        fake.add_user(SENDER, "Ann", username="ann")
        fake.add_user(RECEIVER, "Bob", username="bob")
        yield fake


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


async def _update(bot: Bot) -> dict[str, object]:
    updates = await bot.get_updates(timeout=1)
    assert updates and updates[-1].message is not None
    await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return updates[-1].message.to_dict()


async def test_a_sent_document_can_be_fetched_downloaded_and_sent_again(server: FakeTelegram, bot: Bot) -> None:
    await server.user_sends_file(SENDER, PDF, file_name="deal.pdf", mime_type="application/pdf", caption="here")
    message = await _update(bot)
    document = message["document"]
    assert isinstance(document, dict) and document["file_name"] == "deal.pdf" and document["file_size"] == len(PDF)
    assert message["caption"] == "here"
    file = await bot.get_file(str(document["file_id"]))
    assert file.file_size == len(PDF) and bytes(await file.download_as_bytearray()) == PDF
    again = await bot.send_document(RECEIVER, str(document["file_id"]))
    assert again.document is not None and server.last_message(RECEIVER).document_bytes == PDF  # type: ignore[union-attr]


async def test_get_file_refuses_more_than_20_mb(server: FakeTelegram, bot: Bot) -> None:
    await server.user_sends_file(SENDER, b"%PDF-" + bytes(20 * 1024 * 1024), file_name="big.pdf")
    message = await _update(bot)
    document = message["document"]
    assert isinstance(document, dict)
    with pytest.raises(BadRequest, match=r"(?i)too big"):
        await bot.get_file(str(document["file_id"]))
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("no-such-file")


async def test_copy_message_copies_a_photo_with_a_new_caption_and_no_origin(server: FakeTelegram, bot: Bot) -> None:
    sent = await server.user_sends_file(SENDER, b"\xff\xd8\xff" + bytes(100), kind="photo", caption="from Ann")
    copied = await bot.copy_message(RECEIVER, SENDER, sent["message_id"], caption="<b>School</b>: cakes",
                                    parse_mode="HTML")  # fmt: skip
    assert isinstance(copied, MessageId)
    record = server.last_message(RECEIVER)
    assert record is not None and record.message_id == copied.message_id and record.caption == "School: cakes"
    shown = server._message_json(record)
    assert "photo" in shown and shown["from"]["is_bot"] and "forward_origin" not in shown
    assert "Ann" not in str(shown) and "ann" not in str(shown)
    kept = await bot.copy_message(RECEIVER, SENDER, sent["message_id"])
    assert server.last_message(RECEIVER).caption == "from Ann" and kept.message_id > copied.message_id  # type: ignore[union-attr]


async def test_copy_message_refuses_what_cannot_be_copied(server: FakeTelegram, bot: Bot) -> None:
    sent = await server.user_sends_file(SENDER, PDF, file_name="a.pdf")
    with pytest.raises(BadRequest, match=r"(?i)message to copy not found"):
        await bot.copy_message(RECEIVER, SENDER, sent["message_id"] + 50)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.copy_message(RECEIVER, SENDER, sent["message_id"], caption="x" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.copy_message(RECEIVER, 999, sent["message_id"])
    assert server.messages(RECEIVER) == []
