"""`vet2b nlu ...`: train, serve, start/stop the Rasa NLU server and parse messages from the shell.

Why in the CLI: operators (and CI) need one way to get a working NLU server — install, train only when
the data changed, start detached, wait until the model is loaded — and to see what the bot would
understand from a message, with the exact JSON the bot codes against.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any, TextIO

import click

from bot.cli.app import UserError, cli, run_async, settings
from nlu import server
from nlu.client import NluClient, NluResult


@cli.group()
def nlu() -> None:
    """Natural-language understanding: the Rasa server (nlu/) and message parsing."""


def _progress(message: str) -> None:
    click.echo(f"nlu: {message}", err=True)


@nlu.command("install")
def install_cmd() -> None:
    """Create nlu/.venv (Python 3.10) and install the pinned Rasa into it, with progress; once."""
    try:
        server.ensure_venv(progress=_progress)
    except server.NluServerError as exc:
        raise UserError(str(exc)) from None


@nlu.command("train")
@click.option("--force", is_flag=True, help="Train even if a model for the current data and config exists.")
def train_cmd(force: bool) -> None:
    """Train the model if nlu/config.yml or nlu/data/ changed; say where the model is."""
    try:
        result = server.train(settings().var_dir, force=force, progress=_progress)
    except server.NluServerError as exc:
        raise UserError(str(exc)) from None
    if result.trained:
        _progress(f"trained in {result.seconds:.0f} s")
    else:
        _progress("model is up to date (data and config unchanged)")
    _progress(f"model: {result.model}")


@nlu.command("serve")
@click.option("--background", is_flag=True, help="Start detached, wait until the model is loaded, then return.")
@click.option("--listen", default="127.0.0.1", show_default=True,
              help="Address to bind (private, when bots on other hosts call it); the port is RASA_URL's.")  # fmt: skip
def serve_cmd(background: bool, listen: str) -> None:
    """Run the Rasa server on RASA_URL (default http://127.0.0.1:5005), training first if needed."""
    if background:
        _start()
        return
    config = settings()
    try:
        code = server.serve_foreground(
            config.rasa_url, config.rasa_token, config.var_dir, progress=_progress, listen=listen
        )
    except server.NluServerError as exc:
        raise UserError(str(exc)) from None
    if code not in (0, 130):
        raise UserError(f"rasa exited with code {code}; see {config.var_dir / 'rasa.log'}")


@nlu.command("start")
def start_cmd() -> None:
    """Same as `serve --background`: start detached and wait until the model is loaded."""
    _start()


def _start() -> None:
    config = settings()
    try:
        started = server.start(config.rasa_url, config.rasa_token, config.var_dir, progress=_progress)
    except server.NluServerError as exc:
        raise UserError(str(exc)) from None
    if started.already_running:
        _progress(f"already running on {started.url} with {started.model}")
    else:
        _progress(f"ready on {started.url} in {started.seconds:.0f} s (pid {started.pid})")
    _progress(f"model: {started.model}")
    _progress(f"log: {started.log}; stop with 'vet2b nlu stop'")


@nlu.command("stop")
def stop_cmd() -> None:
    """Stop the server started by `vet2b nlu start` / `serve --background`."""
    pid = server.stop(settings().var_dir)
    _progress(f"stopped (pid {pid})" if pid else "not running (no live pid file)")


@nlu.command("status")
def status_cmd() -> None:
    """Print Rasa's /status (model loaded) or say it is not reachable."""
    config = settings()
    answer = server.status(config.rasa_url, config.rasa_token)
    if answer is None:
        raise UserError(f"no Rasa server answers at {config.rasa_url} (start it with 'vet2b nlu start')")
    click.echo(json.dumps(answer))


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"--now: not an ISO date-time: {value!r} (e.g. 2026-11-18T10:00:00+00:00)") from None
    return now if now.tzinfo else now.astimezone()


def _read_batch(stream: TextIO) -> list[tuple[str, str | None]]:
    items: list[tuple[str, str | None]] = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise UserError(f'line {number}: expected {{"text": "...", "lang": optional}}')
        lang = record.get("lang")
        items.append((record["text"], lang if isinstance(lang, str) else None))
    return items


def _human(result: NluResult) -> str:
    lines = [
        f"language:   {result.language}",
        f"intent:     {result.intent} ({result.confidence:.2f}, {result.source})",
    ]
    lines += [f"{key + ':':<11} {json.dumps(value, ensure_ascii=False)}" for key, value in result.entities.items()]
    return "\n".join(lines)


@nlu.command("parse")
@click.argument("text", required=False)
@click.option("--lang", "lang_hint", help="The user's language (used for messages of one or two words).")
@click.option("--now", "now_text", help="Message time, ISO 8601 (dates resolve against it). Default: now.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result (the contract the bot uses).")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help='JSONL file ("-" = stdin): {"text", "lang"}.')
def parse_cmd(
    text: str | None, lang_hint: str | None, now_text: str | None, as_json: bool, batch: TextIO | None
) -> None:
    """Show what the bot understands from TEXT (intent, language, normalised entities).

    When the Rasa server does not answer within 2 s the result is the local fallback (source "fallback").
    """
    if (text is None) == (batch is None):
        raise UserError("give either TEXT or --batch FILE")
    now = _parse_now(now_text)
    items = _read_batch(batch) if batch is not None else [(text or "", lang_hint)]
    config = settings()

    async def work() -> list[NluResult]:
        async with NluClient(config.rasa_url, config.rasa_token) as client:
            return [await client.parse(t, lang_hint=hint or lang_hint, now=now) for t, hint in items]

    results = run_async(work)
    if results and all(r.source == "fallback" for r in results) and any(t.strip() for t, _ in items):
        click.echo(f"nlu: Rasa is not answering at {config.rasa_url}: local fallback only", err=True)
    for result in results:
        if batch is not None or as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            click.echo(_human(result))
    sys.stdout.flush()


__all__ = ["nlu"]
