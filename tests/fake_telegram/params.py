"""Uniform access to Bot API parameters however they arrived.

Why: Telegram accepts the same method as GET query, urlencoded form, multipart form or a JSON
body, and PTB uses the form encodings (every value a string, objects JSON-encoded). Handlers read
typed values through :class:`Params` and never care which encoding was used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .errors import bad_request


@dataclass
class UploadedPart:
    """One file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class Params:
    """Request parameters (strings or JSON values) plus uploaded file parts."""

    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedPart] = field(default_factory=dict)
    # The HTTP request, so a long poll can notice that its client hung up.
    request: web.Request | None = None

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def get_float(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def redacted(self) -> dict[str, Any]:
        """Values plus file names/sizes, for the call log."""
        data = dict(self.values)
        for name, part in self.files.items():
            data[name] = {"filename": part.filename, "size": len(part.content)}
        return data


async def read_params(request: web.Request) -> Params:
    """Merge the query string with a JSON, urlencoded or multipart body."""
    params = Params(values=dict(request.query))
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        params.values.update(body)
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params.files[key] = UploadedPart(value.filename, value.content_type, value.file.read())
            else:
                params.values[key] = value if isinstance(value, str) else bytes(value).decode()
    return params
