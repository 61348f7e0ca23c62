"""Settings from environment variables; README's configuration table lists the same names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/vet2b.sqlite3"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
DEFAULT_METRICS_PORT = 9102


CONTACT_MAX = 100  # an address or a handle, shown in a message


class ConfigError(ValueError):
    """An environment variable has a value we cannot use; the message names it and says what is expected."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    telegram_bot_token: str | None
    telegram_bot_username: str
    rasa_url: str
    rasa_token: str
    log_level: str
    var_dir: Path
    callback_secret: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    telegram_api_base_url: str | None = None
    log_format: str = "text"
    metrics_listen: str = "127.0.0.1"
    metrics_port: int = DEFAULT_METRICS_PORT  # 0: no health/metrics server
    contact: str = ""  # how schools and coordinators reach the VET2B team (an e-mail, a @username); "" says none

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ) if env is None else env
        var_dir = Path(env.get("VET2B_VAR_DIR", "var"))
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_bot_username=env.get("TELEGRAM_BOT_USERNAME") or "vet2b_bot",
            rasa_url=(env.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
            rasa_token=env.get("RASA_TOKEN") or _local_rasa_token(var_dir),
            log_level=_log_level(env.get("LOG_LEVEL") or "INFO"),
            var_dir=var_dir,
            callback_secret=env.get("CALLBACK_SECRET") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            webhook_listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_port(env),
            telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            log_format=_log_format(env.get("LOG_FORMAT") or "text"),
            metrics_listen=env.get("METRICS_LISTEN") or "127.0.0.1",
            metrics_port=_metrics_port(env.get("METRICS_PORT")),
            contact=(env.get("VET2B_CONTACT") or "").strip()[:CONTACT_MAX],
        )


def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be {', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]} (got {value!r})")
    return level


def _log_format(value: str) -> str:
    fmt = value.strip().lower()
    if fmt not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT must be text or json (got {value!r})")
    return fmt


def _metrics_port(value: str | None) -> int:
    """METRICS_PORT: 1-65535, or 0 for no health/metrics server (several processes on one host, tests)."""
    if value is None or value == "":
        return DEFAULT_METRICS_PORT
    port = int(value) if value.strip().isdigit() else -1
    if not 0 <= port <= 65535:
        raise ConfigError(f"METRICS_PORT must be a port number from 1 to 65535, or 0 for none (got {value!r})")
    return port


def _port(env: dict[str, str]) -> int:
    name = "PORT" if env.get("PORT") else "WEBHOOK_PORT"
    value = env.get(name) or "8443"
    port = int(value) if value.strip().isdigit() else 0
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} must be a port number from 1 to 65535 (got {value!r})")
    return port


def _local_rasa_token(var_dir: Path) -> str:
    """A per-machine secret for the local Rasa server, made once, so nobody else on the host can query it."""
    path = var_dir / "rasa-token"
    if path.exists():
        return path.read_text().strip()
    import secrets

    var_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.write_text(token)
    path.chmod(0o600)
    return token
