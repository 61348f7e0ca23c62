"""`vet2b stats`: counts for coordinators."""

from __future__ import annotations

import dataclasses
import json

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import cli, with_database
from domain.stats import Stats, collect_stats


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def stats(as_json: bool) -> None:
    """Counts of organisations, listings by country, category and status, enquiries and orders."""

    async def work(factory: async_sessionmaker[AsyncSession]) -> Stats:
        async with factory() as session:
            return await collect_stats(session)

    result = with_database(work)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False))
        return
    for field in dataclasses.fields(result):
        counts: dict[str, int] = getattr(result, field.name)
        click.echo(f"{field.name.replace('_', ' ')} (total {sum(counts.values())})")
        for key, count in counts.items():
            click.echo(f"  {key:<20} {count:>8}")
