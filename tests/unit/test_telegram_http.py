"""The Bot API client honours proxy settings from the environment, as httpx (PTB's default) does."""

from __future__ import annotations

import pytest

from bot.telegram_http import _EnvironmentSettings


def test_a_proxy_from_the_environment_is_used_for_telegram_and_not_for_hosts_it_excludes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://user:secret@proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    settings = _EnvironmentSettings()

    telegram = settings.for_url("https://api.telegram.org/bot123:abc/sendMessage")
    assert telegram.proxy is not None and str(telegram.proxy) == "http://proxy.example:3128"
    assert telegram.proxy_auth is not None and telegram.proxy_auth.login == "user"
    assert settings.for_url("https://api.telegram.org/bot123:abc/getUpdates") is telegram  # looked up once per host
    assert settings.for_url("http://127.0.0.1:8081/bot123:abc/getMe").proxy is None


def test_no_proxy_set_means_a_direct_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    found = _EnvironmentSettings().for_url("https://api.telegram.org/bot123:abc/sendMessage")
    assert (found.proxy, found.proxy_auth, found.auth) == (None, None, None)
