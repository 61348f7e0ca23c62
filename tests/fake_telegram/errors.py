"""The one exception type the fake raises for every Bot API failure.

Handlers raise :class:`ApiError` anywhere and the HTTP layer turns it into the exact JSON body
Telegram sends (``{"ok": false, "error_code": N, "description": ..., "parameters": ...}``), so
PTB maps it to the same exception class (BadRequest, Forbidden, RetryAfter, ...) it would map
the real server's reply to.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API error reply: HTTP status == ``error_code``, Telegram's description text."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's ``Bad Request:`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 exactly as Telegram words it; PTB reads ``parameters.retry_after`` into RetryAfter."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
