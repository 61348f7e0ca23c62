"""The fake's pictures, through the real python-telegram-bot client: albums (sendMediaGroup), photos by file id
with a caption, and downloading what a user sent (getFile, at most 20 MB), with Telegram's errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, InputFile, InputMediaPhoto, Message
from telegram.error import BadRequest

from bot.core.types import Photo
from bot.outbox_sender.delivery import send_all_or_upload
from bot.outbox_sender.render import OutgoingMessage, replay, reply_payload
from domain.db import transaction
from domain.listing_photos import remember_file_id, store_image
from domain.models import Image
from tests.fake_telegram import FakeTelegram

USER = 1001
PHOTOS = Path(__file__).resolve().parent.parent / "fixtures" / "photos"
JPEG = (PHOTOS / "cake-1.jpg").read_bytes()
PNG = (PHOTOS / "cake-2.png").read_bytes()


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token="123:TEST") as fake:
        fake.add_user(USER, "Ann", language_code="lt")
        yield fake


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


async def test_an_album_of_uploads_and_file_ids_comes_back_as_one_message_per_picture(
    server: FakeTelegram, bot: Bot
) -> None:
    first = await bot.send_photo(USER, InputFile(JPEG, filename="a.jpg"), caption="<b>Tortai</b>", parse_mode="HTML")
    album = await bot.send_media_group(
        USER,
        [InputMediaPhoto(first.photo[-1].file_id, caption="Nr. <i>1</i>", parse_mode="HTML"),
         InputMediaPhoto(InputFile(PNG, filename="b.png", attach=True))],
    )  # fmt: skip
    assert [m.message_id for m in album] == [first.message_id + 1, first.message_id + 2]
    assert album[0].media_group_id == album[1].media_group_id is not None
    assert album[0].caption == "Nr. 1" and album[1].caption is None
    records = server.messages(USER)
    assert records[0].caption == "Tortai" and records[0].is_photo
    assert [r.document_bytes for r in records[1:]] == [JPEG, PNG]  # sent by id: the same bytes
    assert all(r.is_photo and r.media_group_id == album[0].media_group_id for r in records[1:])


@pytest.mark.parametrize(
    ("count", "error"), [(1, "(?i)an album needs 2 to 10 media"), (11, "(?i)too much messages to send as an album")]
)
async def test_an_album_holds_two_to_ten(bot: Bot, count: int, error: str) -> None:
    photo = (await bot.send_photo(USER, InputFile(JPEG, filename="a.jpg"))).photo[-1].file_id
    with pytest.raises(BadRequest, match=error):
        await bot.send_media_group(USER, [InputMediaPhoto(photo)] * count)


async def test_album_errors_are_telegrams(bot: Bot) -> None:
    photo = (await bot.send_photo(USER, InputFile(JPEG, filename="a.jpg"))).photo[-1].file_id
    with pytest.raises(BadRequest, match=r"(?i)failed to send message #2 with the error message"):
        await bot.send_media_group(USER, [InputMediaPhoto(photo), InputMediaPhoto("AgACAgnope")])
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_media_group(USER, [InputMediaPhoto(photo, caption="x" * 1025), InputMediaPhoto(photo)])
    # 1,024 visible characters fit, whatever the markup around them
    await bot.send_media_group(
        USER, [InputMediaPhoto(photo, caption="<b>" + "x" * 1024 + "</b>", parse_mode="HTML"), InputMediaPhoto(photo)]
    )
    with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
        await bot.send_photo(USER, photo, caption="<b>cut", parse_mode="HTML")


async def test_what_a_user_sends_can_be_downloaded_up_to_20_mb(server: FakeTelegram, bot: Bot) -> None:
    message = await server.user_sends_photo(USER, JPEG)
    sizes = message["photo"]
    found = await bot.get_file(sizes[-1]["file_id"])
    assert found.file_size == len(JPEG)
    assert bytes(await found.download_as_bytearray()) == JPEG
    big = await server.user_sends_file(USER, b"\xff\xd8\xff" + b"\x00" * (21 * 1024 * 1024), "big.jpg",
                                       mime_type="image/jpeg")  # fmt: skip
    assert big["document"]["file_size"] > 20 * 1024 * 1024 and big["document"]["mime_type"] == "image/jpeg"
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(big["document"]["file_id"])
    assert server.downloads(big["document"]["file_id"])


async def test_a_file_id_telegram_does_not_know_is_uploaded_again_and_replaced(
    db: async_sessionmaker[AsyncSession], server: FakeTelegram, bot: Bot
) -> None:
    """File ids belong to one bot: after a token change the stored ones are refused; the bytes go up again."""
    async with transaction(db) as session:
        image_ids = [await store_image(session, data) for data in (JPEG, PNG)]
        for image_id in image_ids:
            await remember_file_id(session, image_id, f"AgACAgOLDBOT{image_id}")
    album = OutgoingMessage("", photos=[Photo(i, f"AgACAgOLDBOT{i}") for i in image_ids])
    sent = await send_all_or_upload(bot, USER, album, db)
    assert [r.document_bytes for r in server.messages(USER)] == [JPEG, PNG]
    async with db() as session:
        stored = list(await session.scalars(select(Image.telegram_file_id).order_by(Image.id)))
    assert all(isinstance(m, Message) for m in sent)
    assert stored == [m.photo[-1].file_id for m in sent if isinstance(m, Message)]


def test_a_deferred_reply_keeps_its_pictures() -> None:
    """A reply refused with 429 waits in the outbox: its pictures by file id, or their bytes until they have one."""
    message = OutgoingMessage("<b>Tortai</b>", photos=[Photo(1, "AgACAgKNOWN"), Photo(2, None, PNG)])
    assert replay(reply_payload(message)) == message
