"""Downloading a photo or file someone sent to the bot: getFile, its size checked, then the bytes.

Why the size is checked twice before downloading: the message's own ``file_size`` refuses a 30 MB
"photo" without asking Telegram anything, and getFile's ``file_size`` (what Telegram will serve) guards
against a message that said nothing. Bots may download at most 20 MB; Telegram answers "file is too big"
past that. The bytes are counted again after downloading: a size that lied never reaches a flow.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.core.files import FileTooBig, FileUnavailable
from bot.core.types import IncomingFile

log = logging.getLogger(__name__)


class TelegramFiles:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def fetch(self, file: IncomingFile, max_bytes: int) -> bytes:
        if file.size is not None and file.size > max_bytes:
            raise FileTooBig(file.size)
        try:
            found = await self._bot.get_file(file.file_id)
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise FileTooBig(file.size) from exc
            raise FileUnavailable(exc.message) from exc
        except TelegramError as exc:
            raise FileUnavailable(str(exc)) from exc
        if found.file_size is not None and found.file_size > max_bytes:
            raise FileTooBig(found.file_size)
        try:
            data = bytes(await found.download_as_bytearray())
        except TelegramError as exc:
            raise FileUnavailable(str(exc)) from exc
        if len(data) > max_bytes:
            raise FileTooBig(len(data))
        return data
