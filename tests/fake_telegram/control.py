"""HTTP control endpoints (``/control/...``) so a separate process can drive the fake.

Why: benchmarks run the bot, the fake and the load generator as separate OS processes; they
need the same test hooks as in-process tests (register users, play user messages and button
presses, read what the bot sent, read/reset counters, change limits) over plain HTTP.
All replies are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "..."}`` (400).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .server import FakeTelegram

_Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


async def _body(request: web.Request) -> dict[str, Any]:
    if request.can_read_body and request.content_type == "application/json":
        data = await request.json()
        if not isinstance(data, dict):
            raise ValueError("JSON object expected")
        return {**request.query, **data}
    if request.can_read_body:
        return {**request.query, **(await request.post())}
    return dict(request.query)


def _guarded(handler: Callable[[dict[str, Any]], Awaitable[Any]]) -> _Route:
    async def route(request: web.Request) -> web.StreamResponse:
        try:
            return _ok(await handler(await _body(request)))
        except (KeyError, ValueError, TypeError, RuntimeError, TimeoutError) as exc:
            return web.json_response({"ok": False, "error": f"{type(exc).__name__}: {exc}"}, status=400)

    return route


def add_control_routes(app: web.Application, server: FakeTelegram) -> None:
    """Attach the control API for ``server`` to ``app``."""

    async def add_user(body: dict[str, Any]) -> bool:
        server.add_user(
            int(body["user_id"]),
            str(body.get("first_name") or f"User{body['user_id']}"),
            body.get("username"),
            body.get("language_code", "en"),
            last_name=body.get("last_name"),
            started=str(body.get("started", True)).lower() not in ("false", "0"),
        )
        return True

    async def block(body: dict[str, Any]) -> bool:
        server.block(int(body["user_id"]))
        return True

    async def unblock(body: dict[str, Any]) -> bool:
        server.unblock(int(body["user_id"]))
        return True

    async def deactivate(body: dict[str, Any]) -> bool:
        server.deactivate(int(body["user_id"]))
        return True

    async def user_sends(body: dict[str, Any]) -> dict[str, Any]:
        return await server.user_sends(int(body["user_id"]), str(body["text"]))

    async def user_presses(body: dict[str, Any]) -> str:
        return await server.user_presses(int(body["user_id"]), int(body["message_id"]), str(body["callback_data"]))

    async def messages(body: dict[str, Any]) -> list[dict[str, Any]]:
        include_deleted = str(body.get("include_deleted", "")).lower() in ("true", "1")
        return [r.to_dict() for r in server.messages(int(body["chat_id"]), include_deleted=include_deleted)]

    async def mark(body: dict[str, Any]) -> int:
        return server.mark(int(body["chat_id"]))

    async def wait_for_message(body: dict[str, Any]) -> dict[str, Any]:
        contains = body.get("text_contains")
        after = body.get("after")
        record = await server.wait_for_message(
            int(body["chat_id"]),
            (lambda r: contains in (r.text or r.caption or "")) if contains else None,
            timeout=float(body.get("timeout", 5.0)),
            after=None if after is None else int(after),
        )
        return record.to_dict()

    async def stats(body: dict[str, Any]) -> dict[str, Any]:
        return server.stats.as_dict()

    async def reset_stats(body: dict[str, Any]) -> bool:
        server.reset_stats()
        return True

    async def config(body: dict[str, Any]) -> dict[str, Any]:
        def limit(key: str) -> float | None:
            value = body[key]
            return None if value in (None, "", "none", 0, "0") else float(value)

        if "global_per_s" in body:
            server.configure(global_per_s=limit("global_per_s"))
        if "per_chat_per_s" in body:
            server.configure(per_chat_per_s=limit("per_chat_per_s"))
        if "per_chat_burst" in body:
            server.configure(per_chat_burst=int(body["per_chat_burst"]))
        if "latency_s" in body:
            server.configure(latency_s=float(body["latency_s"]))
        fail = body.get("fail_next")
        if isinstance(fail, dict):
            server.fail_next(
                int(fail.get("count", 1)),
                int(fail.get("code", 429)),
                retry_after=fail.get("retry_after", 1),
                description=fail.get("description"),
                methods=fail.get("methods"),
            )
        return {
            "global_per_s": server.limits.global_per_s,
            "per_chat_per_s": server.limits.per_chat_per_s,
            "per_chat_burst": server.limits.per_chat_burst,
            "latency_s": server.latency_s,
            "pending_failures": len(server.failures),
        }

    routes: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
        "add_user": add_user,
        "block": block,
        "unblock": unblock,
        "deactivate": deactivate,
        "user_sends": user_sends,
        "user_presses": user_presses,
        "messages": messages,
        "mark": mark,
        "wait_for_message": wait_for_message,
        "stats": stats,
        "reset_stats": reset_stats,
        "config": config,
    }
    for name, handler in routes.items():
        app.router.add_route("*", f"/control/{name}", _guarded(handler))
