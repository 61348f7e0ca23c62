"""Async client for the ``/control`` API of a standalone fake (``python -m tests.fake_telegram``).

Why: benchmark drivers run in another process than the fake; this wraps the control endpoints
so they read like the in-process hooks (``add_user``, ``user_sends``, ``wait_for_message``...).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpx


class ControlError(RuntimeError):
    """The control endpoint answered ``{"ok": false, "error": ...}``."""


class FakeTelegramControl:
    """``async with FakeTelegramControl("http://127.0.0.1:PORT") as tg: await tg.add_user(1, "A")``."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self._client = httpx.AsyncClient(base_url=url.removesuffix("/bot").rstrip("/"), timeout=timeout)

    async def __aenter__(self) -> FakeTelegramControl:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(self, name: str, **body: Any) -> Any:
        reply = (await self._client.post(f"/control/{name}", json=body)).json()
        if not reply.get("ok"):
            raise ControlError(reply.get("error", str(reply)))
        return reply["result"]

    async def add_user(self, user_id: int, first_name: str, **extra: Any) -> None:
        await self.call("add_user", user_id=user_id, first_name=first_name, **extra)

    async def block(self, user_id: int) -> None:
        await self.call("block", user_id=user_id)

    async def user_sends(self, user_id: int, text: str) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("user_sends", user_id=user_id, text=text)
        return result

    async def user_presses(self, user_id: int, message_id: int, callback_data: str) -> str:
        return str(await self.call("user_presses", user_id=user_id, message_id=message_id, callback_data=callback_data))

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self.call("messages", chat_id=chat_id)
        return result

    async def mark(self, chat_id: int) -> int:
        return int(await self.call("mark", chat_id=chat_id))

    async def wait_for_message(
        self,
        chat_id: int,
        *,
        after: int | None = None,
        text_contains: str | None = None,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"chat_id": chat_id, "timeout": timeout}
        if after is not None:
            body["after"] = after
        if text_contains is not None:
            body["text_contains"] = text_contains
        result: dict[str, Any] = await self.call("wait_for_message", **body)
        return result

    async def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("stats")
        return result

    async def reset_stats(self) -> None:
        await self.call("reset_stats")

    async def config(self, **settings: Any) -> dict[str, Any]:
        """Keys: global_per_s, per_chat_per_s, per_chat_burst, latency_s, fail_next={count, code, ...}."""
        result: dict[str, Any] = await self.call("config", **settings)
        return result
