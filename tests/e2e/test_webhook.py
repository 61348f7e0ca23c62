"""Webhook mode: updates are accepted only with Telegram's secret token, and answered like in polling mode."""

from __future__ import annotations

import socket

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.callbacks import CallbackSigner
from bot.core.turn import Services
from bot.telegram_app import build_application, running
from domain.search.service import SearchService
from domain.timeutil import utcnow
from nlu.client import NluClient
from tests.e2e.harness import TOKEN
from tests.fake_telegram import FakeTelegram

SECRET = "webhook-secret_123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _update(update_id: int, user_id: int, text: str) -> dict[str, object]:
    user = {"id": user_id, "is_bot": False, "first_name": "Ona", "language_code": "lt"}
    message = {"message_id": update_id, "date": 1_790_000_000, "chat": {"id": user_id, "type": "private"},
               "from": user, "text": text}  # fmt: skip
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


async def test_webhook_checks_the_secret_token(db: async_sessionmaker[AsyncSession]) -> None:
    async with FakeTelegram(token=TOKEN) as server:
        server.add_user(4242, "Ona", language_code="lt")
        services = Services(db, NluClient("http://127.0.0.1:9", "x", timeout_s=0.3), SearchService(),
                            CallbackSigner(b"webhook"), "vet2b_test_bot", utcnow)  # fmt: skip
        application = build_application(services, TOKEN, base_url=server.base_url, with_sender=False)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/telegram"  # where the reverse proxy forwards to
        public = "https://bot.example.org/telegram"  # what Telegram is told (it requires https)
        settings = {"listen": "127.0.0.1", "port": port, "url_path": "telegram", "webhook_url": public,
                    "secret_token": SECRET}  # fmt: skip
        async with running(application, webhook=settings), httpx.AsyncClient() as client:
            missing = await client.post(url, json=_update(1, 4242, "/start"))
            wrong = await client.post(url, json=_update(2, 4242, "/start"),
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})  # fmt: skip
            assert missing.status_code == 403 and wrong.status_code == 403
            assert server.messages(4242) == []

            right = await client.post(url, json=_update(3, 4242, "/start"),
                                      headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})  # fmt: skip
            assert right.status_code == 200
            reply = await server.wait_for_message(4242, timeout=10)
            assert reply.text
        await services.nlu.aclose()
