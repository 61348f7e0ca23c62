"""`vet2b`: the command line for admins, coordinators and operators.

User errors end with one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from bot.cli import (  # noqa: F401  (registers commands)
    audit_cmds,
    catalogue_cmds,
    db_cmds,
    invite_cmds,
    nlu_cmds,
    outbox_cmds,
    run_cmds,
    search_cmds,
    stats_cmds,
)
from bot.cli.app import UserError, cli
from bot.config import ConfigError
from bot.ops.logs import error_line


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="vet2b", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.format_message())
    except click.exceptions.Abort:
        _error("vet2b: aborted")
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        _error(f"vet2b: error: {exc.format_message()}{hint}")
        sys.exit(exc.exit_code or 2)
    except UserError as exc:
        _error(f"vet2b: error: {exc}")
        sys.exit(exc.exit_code)
    except ConfigError as exc:
        _error(f"vet2b: error: {exc}")
        sys.exit(2)


def _error(message: str) -> None:
    """One line on stderr; a JSON object when LOG_FORMAT=json, so a log shipper can parse it too."""
    json_format = os.environ.get("LOG_FORMAT", "").strip().lower() == "json"
    click.echo(error_line(message, json_format=json_format), err=True)


__all__ = ["cli", "main"]
