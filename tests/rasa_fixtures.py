"""The real Rasa server for the `rasa`-marked tests (NLU accuracy, typed journeys), started like `vet2b nlu start`.

Why a session fixture that starts (and if needed trains) the server itself: `make test` on a clean clone
must exercise the real model, not a mock; only when the Rasa venv is absent may these tests be skipped,
and never when VET2B_REQUIRE_RASA=1 (CI sets it so a broken install fails loudly).
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from bot.config import Settings
from nlu import server
from nlu.client import NluClient


@dataclass(frozen=True)
class RasaServer:
    url: str
    token: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("VET2B_REQUIRE_RASA") == "1":
        pytest.fail(f"VET2B_REQUIRE_RASA=1 but {reason}")
    pytest.skip(f"{reason} (run 'make nlu-venv' to install Rasa; set VET2B_REQUIRE_RASA=1 to fail instead)")


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    settings = Settings.from_env()
    if server.is_serving(settings.rasa_url, settings.rasa_token):
        yield RasaServer(settings.rasa_url, settings.rasa_token)
        return
    if not server.rasa_bin().exists():
        _unavailable(f"the Rasa venv is absent ({server.rasa_bin()} not found)")
    var_dir = tmp_path_factory.mktemp("rasa")
    url, token = f"http://127.0.0.1:{_free_port()}", secrets.token_urlsafe(16)
    try:
        server.start(url, token, var_dir, progress=lambda m: print(f"nlu: {m}", flush=True))
    except server.NluServerError as exc:
        pytest.fail(f"could not start the Rasa server: {exc}")
    try:
        yield RasaServer(url, token)
    finally:
        server.stop(var_dir)


@pytest.fixture
async def rasa_client(rasa_server: RasaServer) -> AsyncIterator[NluClient]:
    client = NluClient(rasa_server.url, rasa_server.token)
    try:
        yield client
    finally:
        await client.aclose()
