"""The bot's HTTP client for the Telegram Bot API: python-telegram-bot's ``BaseRequest`` over aiohttp.

Why not PTB's default (``HTTPXRequest``): under load, httpx and httpcore were the largest single cost
of the bot process — about 0.8 ms of CPU per Bot API request, 1.8 requests per update, a third of
the bot's CPU (cProfile, bench/inbound.py). Most of it is pure-Python layering (httpx's request and
response models, httpcore's connection pool, its state machine, h11's parser), per request. aiohttp
parses HTTP in C and its pool is a dict of idle connections; bench/telegram_http.py measures both
against one local server (CPU per request). aiohttp is a dependency already (the bot's /healthz and
/metrics server), so this adds no package.

What it sends: the parameters as one JSON body (Telegram accepts ``application/json`` for every
method), encoded once, instead of PTB's form encoding, which JSON-encodes each object value and then
percent-encodes the whole form. Requests with files go as ``multipart/form-data`` like PTB's.

Proxies and credentials from the environment (HTTPS_PROXY, NO_PROXY, ~/.netrc) are honoured, as httpx honours
them, but looked up once per host (:class:`_EnvironmentSettings`), not by aiohttp's ``trust_env`` on every
request: that reads the environment and the .netrc file twice per request, each time on a worker thread
(two thread hand-overs per Bot API call, a few per cent of the bot's CPU under load: py-spy, bench/inbound.py).
The environment of a running process does not change, so the answer for a host does not either.

Errors map as PTB's own implementations do: a timeout is :class:`telegram.error.TimedOut`, any
other transport failure :class:`telegram.error.NetworkError`; HTTP status codes are PTB's to judge
(``BaseRequest._request_wrapper``), so RetryAfter (429) and the rest behave exactly as before.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.helpers import BasicAuth, basicauth_from_netrc, get_env_proxy_for_url, netrc_from_env
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

JSON_HEADERS = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}
PLAIN_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}


def _seconds(value: Any, default: float | None) -> float | None:
    """A timeout PTB passed (a number or None) or, when it passed none (DEFAULT_NONE), ours."""
    if isinstance(value, DefaultValue):
        return default
    return float(value) if value is not None else None


@dataclass(frozen=True)
class _HostSettings:
    proxy: URL | None = None
    proxy_auth: BasicAuth | None = None
    auth: BasicAuth | None = None


class _EnvironmentSettings:
    """What aiohttp's ``trust_env`` would find for each host (a proxy, its credentials, .netrc credentials for
    the host itself), with aiohttp's own functions, found once per scheme and host and then remembered."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str | None], _HostSettings] = {}

    def for_url(self, url: str) -> _HostSettings:
        parsed = URL(url)
        key = (parsed.scheme, parsed.host)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._look_up(parsed)
        return known

    @staticmethod
    def _look_up(url: URL) -> _HostSettings:
        proxy: URL | None = None
        proxy_auth: BasicAuth | None = None
        auth: BasicAuth | None = None
        with suppress(LookupError):
            proxy, proxy_auth = get_env_proxy_for_url(url)
        if url.host is not None and url.user is None:
            with suppress(LookupError):
                auth = basicauth_from_netrc(netrc_from_env(), url.host)
        return _HostSettings(proxy, proxy_auth, auth)


def _plus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


class AiohttpRequest(BaseRequest):
    """One aiohttp session (keep-alive connections, at most ``connection_pool_size``) per instance.

    Timeouts mean what PTB documents, as far as aiohttp can say them: ``read_timeout`` bounds each
    wait for data from the server (aiohttp's ``sock_read``), ``connect_timeout`` plus ``pool_timeout``
    bound getting a connection (aiohttp counts waiting for a free one of the pool and connecting
    together). aiohttp has no write timeout of its own: the write time counts into ``sock_read``'s
    wait for the answer, or, for an upload, the whole request is bounded by ``media_write_timeout``
    plus ``read_timeout``.
    """

    __slots__ = (
        "_connect_timeout",
        "_environment",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._environment = _EnvironmentSettings()

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # No cookie jar (the Bot API sets none), no automatic decompression work to ask for; HTTPS_PROXY
            # and the like are honoured (once per host: _EnvironmentSettings), as httpx (PTB's default) honours them.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=("Accept-Encoding",),
                trust_env=False,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = _seconds(read_timeout, self._read_timeout)
        connect = _plus(_seconds(connect_timeout, self._connect_timeout), _seconds(pool_timeout, self._pool_timeout))
        total: float | None = None
        body: Any = None
        headers = PLAIN_HEADERS
        if request_data is not None and request_data.contains_files:
            body = _multipart(request_data)
            write = _seconds(write_timeout, self._media_write_timeout)
            total = _plus(_plus(write, read), connect)
        elif request_data is not None:
            body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = JSON_HEADERS
        timeout = aiohttp.ClientTimeout(total=total, connect=connect, sock_read=read)
        env = self._environment.for_url(url)
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=env.proxy,
                proxy_auth=env.proxy_auth,
                auth=env.auth,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's ServerTimeoutError and ConnectionTimeoutError are TimeoutErrors too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    """Files and the other parameters as one multipart form, each value as PTB encodes it (JSON text)."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
