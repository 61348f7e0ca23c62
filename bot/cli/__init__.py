"""`vet2b`: the command line for admins, coordinators and operators.

User errors end with one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import sys

import click

from bot.cli import catalogue_cmds, db_cmds, invite_cmds, nlu_cmds, outbox_cmds, run_cmds, search_cmds, stats_cmds  # noqa: F401  (registers commands)
from bot.cli.app import UserError, cli
from bot.config import ConfigError


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="vet2b", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.format_message())
    except click.exceptions.Abort:
        click.echo("vet2b: aborted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        click.echo(f"vet2b: error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code or 2)
    except UserError as exc:
        click.echo(f"vet2b: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except ConfigError as exc:
        click.echo(f"vet2b: error: {exc}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
