"""The root command group and what every command shares: settings, the database, user errors."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.ops import logs
from domain.db import make_engine, make_session_factory

T = TypeVar("T")


class UserError(Exception):
    """Something the person running the command can fix; printed as one line."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="Also show each migration step and catalogue compilation.")
def cli(verbose: bool) -> None:
    """VET2B Chat: a Telegram marketplace for what vocational students make.

    Configuration comes from environment variables: DATABASE_URL, TELEGRAM_BOT_TOKEN, RASA_URL, LOG_LEVEL,
    LOG_FORMAT, METRICS_PORT (README: the configuration table).
    """
    config = Settings.from_env()
    logs.configure(config.log_level, config.log_format)
    if not verbose:  # a first run should read as a few lines of progress, not Alembic's step-by-step log
        for quiet in ("alembic", "vet2b.catalogues"):
            logging.getLogger(quiet).setLevel(logging.WARNING)


def settings() -> Settings:
    return Settings.from_env()


def catalogues_ready() -> None:
    """Compile stale translation catalogues, or stop with one line: never answer silently in English."""
    from bot.ops.catalogues import CatalogueError, ensure_compiled

    try:
        compiled = ensure_compiled()
    except CatalogueError as exc:
        raise UserError(str(exc)) from None
    if compiled:
        logging.getLogger("vet2b.catalogues").info("compiled the translation catalogues of %s", ", ".join(compiled))


def notice(message: str, *, err: bool = False, **fields: object) -> None:
    """A status line for the operator: plain text, or a log record (one JSON line) with LOG_FORMAT=json.

    Why not for reports (stats, search, outbox status): their output is what was asked for, and they
    have --json. Status lines of deploy-time and service commands end up in the same log as the logs.
    """
    if settings().log_format == "json":
        logging.getLogger("vet2b").info(message, extra=fields)
    else:
        click.echo(message, err=err)


def with_database(work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]], url: str | None = None) -> T:
    """Run `work` against the configured database, turning connection and schema problems into user errors."""

    async def run() -> T:
        engine = make_engine(url or settings().database_url)
        try:
            return await work(make_session_factory(engine))
        finally:
            await engine.dispose()

    return run_async(run)


def run_async(work: Callable[[], Awaitable[T]]) -> T:
    """asyncio.run with database failures reported as user errors."""
    try:
        return asyncio.run(_as_coroutine(work))
    except ValueError as exc:
        if "unsupported database backend" in str(exc):
            raise UserError(f"DATABASE_URL: {exc}") from None
        raise
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        if "no such table" in text or ("does not exist" in text and "relation" in text):
            raise UserError("the database has no schema yet: run 'vet2b db upgrade' first") from None
        raise UserError(f"database error: {text.splitlines()[0]}") from None
    except (DBAPIError, ConnectionError, socket.gaierror, TimeoutError) as exc:
        raise UserError(f"cannot reach the database ({_describe(exc)}): check DATABASE_URL") from None


async def _as_coroutine(work: Callable[[], Awaitable[T]]) -> T:
    return await work()


def _describe(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig or exc).splitlines() or [type(exc).__name__])[0]
