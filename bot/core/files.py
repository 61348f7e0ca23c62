"""Getting the bytes of a photo or file someone sent, whatever carries the chat.

Why a protocol: flows decide whether they want a file (a picture for an offer) and must check its size
before it is downloaded, but they never speak to Telegram. The Telegram adapter downloads through getFile
(bot/telegram_files.py); the console chat reads a local path (bot/console.py).
"""

from __future__ import annotations

from typing import Protocol

from bot.core.types import IncomingFile


class FileTooBig(Exception):
    """The file is larger than the caller accepts (said before downloading when the size is known)."""


class FileUnavailable(Exception):
    """The file could not be fetched (expired, network): the person may send it again."""


class FileSource(Protocol):
    async def fetch(self, file: IncomingFile, max_bytes: int) -> bytes:
        """The file's bytes, never more than ``max_bytes`` (else FileTooBig); FileUnavailable when it fails."""
        ...
