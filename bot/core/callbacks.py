"""Signed callback data: buttons can be forged by any client, so each one carries an HMAC bound to the
user it was sent to. The signature only proves the bot made the button for this user; every handler
still checks permissions against the database, because a button can be stale.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

MAX_BYTES = 64  # Telegram's limit for callback_data
SIG_CHARS = 10  # 60 bits of HMAC: forging by guessing is hopeless within any rate limit
SEPARATOR = "~"


class BadCallback(ValueError):
    pass


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[str, ...]

    def arg_int(self, index: int) -> int:
        try:
            return int(self.args[index])
        except (IndexError, ValueError) as exc:
            raise BadCallback("bad argument") from exc


class CallbackSigner:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, user_id: int, payload: str) -> str:
        digest = hmac.new(self._secret, f"{user_id}|{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:SIG_CHARS]

    def sign(self, user_id: int, name: str, *args: object) -> str:
        payload = ":".join([name, *(str(a) for a in args)])
        if SEPARATOR in payload:
            raise ValueError("callback payload must not contain the separator")
        data = f"{payload}{SEPARATOR}{self._signature(user_id, payload)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long ({len(data.encode())} bytes): {payload!r}")
        return data

    def verify(self, user_id: int, data: str) -> Action:
        """The action of a button we signed for this user; BadCallback for anything else a client can send.

        Compared as bytes: compare_digest refuses str with non-ASCII characters, and a lone surrogate
        cannot be encoded at all; both can only be forged, so both are refused like any forgery.
        """
        payload, sep, signature = data.rpartition(SEPARATOR)
        try:
            expected = self._signature(user_id, payload).encode()
            given = signature.encode()
        except UnicodeEncodeError as exc:
            raise BadCallback("not encodable") from exc
        if not sep or not hmac.compare_digest(given, expected):
            raise BadCallback("signature mismatch")
        name, *args = payload.split(":")
        return Action(name, tuple(args))
