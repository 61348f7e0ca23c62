"""`vet2b catalogue ...` and `vet2b demo load`: getting schools' offers in and out."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, settings, with_database
from bot.cli.progress_bar import ProgressBar
from domain.catalogue import ImportReport, export_catalogue, import_catalogue
from domain.taxonomy import DATA_DIR, load_taxonomy

DEMO_CATALOGUE = DATA_DIR / "demo" / "catalogue.yml"


@cli.group()
def catalogue() -> None:
    """Import and export catalogues (organisations and listings) in the YAML format of README."""


def _import(path: Path) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None

    bar = ProgressBar("listings")

    async def work(factory: async_sessionmaker[AsyncSession]) -> ImportReport:
        if settings().log_format == "json":  # JSON logs: the summary line below is the record
            return await import_catalogue(factory, data, load_taxonomy(), base_dir=path.parent)
        return await import_catalogue(factory, data, load_taxonomy(), base_dir=path.parent, progress=bar)

    report = with_database(work)
    if not report.ok:
        for error in report.errors:
            click.echo(error.render(str(path)), err=True)
        noun = "error" if len(report.errors) == 1 else "errors"
        raise UserError(f"{len(report.errors)} {noun} in {path}; nothing was imported")
    click.echo(
        f"imported {path}: organisations {report.organisations_created} new, {report.organisations_updated} updated; "
        f"listings {report.listings_created} new, {report.listings_updated} updated, "
        f"{report.listings_unchanged} unchanged; photos set for {report.photos_set} listings"
    )
    return report


@catalogue.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def catalogue_import(file: Path) -> None:
    """Import FILE. Idempotent by slug: re-importing updates, never duplicates.

    The whole file is validated first; if anything is wrong every error is listed with its line and
    field, and nothing is written.
    """
    _import(file)


@catalogue.command("export")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
def catalogue_export(file: Path | None) -> None:
    """Write the catalogue in the import format to FILE, or to standard output.

    With FILE the listings' pictures go to the folder FILE-photos beside it (standard output has nowhere
    to put them: they are left out, and importing that text keeps the stored pictures)."""

    async def work(factory: async_sessionmaker[AsyncSession]) -> str:
        return await export_catalogue(factory, file)

    try:
        text = with_database(work)
    except OSError as exc:
        raise UserError(f"cannot write the photos of {file}: {exc.strerror or exc}") from None
    if file is None:
        sys.stdout.write(text)
        return
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {file}: {exc.strerror or exc}") from None
    click.echo(f"exported to {file}", err=True)


@cli.group()
def demo() -> None:
    """The demo catalogue: invented schools and companies to try the bot with."""


@demo.command("load")
def demo_load() -> None:
    """Load data/demo/catalogue.yml (safe to run again)."""
    _import(DEMO_CATALOGUE)
