"""`vet2b stats`: counts for coordinators, and the network report by country, category or month with its CSV and
chart; `vet2b demo activity`: invented activity on the demo catalogue, so the report has something to show."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, notice, with_database
from bot.cli.catalogue_cmds import demo
from domain.db import transaction
from domain.demo_activity import ActivityExists, ActivitySummary, generate_activity, months_back
from domain.reports import GROUPINGS, Grouping, Period, Report, ReportRow, build_report
from domain.stats import Stats, collect_stats
from domain.taxonomy import LANGUAGES
from domain.timeutil import utcnow

DEFAULT_MONTHS = 6


@cli.command("stats")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day of the report (default: 6 months ago).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the report, included (default: today).")
@click.option("--by", type=click.Choice(GROUPINGS), help="Group the report by country, category, month or school.")
@click.option("--country", "countries", multiple=True, metavar="CC", help="Only schools of this country (repeat).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path), help="Write the report as CSV.")
@click.option("--chart", "chart_file", type=click.Path(dir_okay=False, path_type=Path), help="Write a PNG chart.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the CSV header and the chart.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def stats(
    since: datetime | None,
    until: datetime | None,
    by: Grouping | None,
    countries: tuple[str, ...],
    csv_file: Path | None,
    chart_file: Path | None,
    lang: str,
    as_json: bool,
) -> None:
    """All-time counts of organisations, listings, enquiries and orders; with --since, --until, --by, --csv or
    --chart, the report of a period per country, category or month: active listings, enquiries, orders,
    completed orders, completion rate, schools' median first-response time, students involved, average rating."""
    if any((since, until, by, countries, csv_file, chart_file)):
        _report(_period(since, until), by or "country", countries, csv_file, chart_file, lang, as_json)
        return

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


def _period(since: datetime | None, until: datetime | None) -> Period:
    last = until.date() if until is not None else utcnow().date()
    first = since.date() if since is not None else months_back(last, DEFAULT_MONTHS)
    try:
        return Period(first, last)
    except ValueError as exc:
        raise UserError(f"--since/--until: {exc}") from None


def _report(
    period: Period,
    by: Grouping,
    countries: tuple[str, ...],
    csv_file: Path | None,
    chart_file: Path | None,
    lang: str,
    as_json: bool,
) -> None:
    scope = {c.upper() for c in countries} or None
    if scope and any(len(c) != 2 or not c.isalpha() for c in scope):
        raise UserError("--country: a two-letter country code, e.g. LT")

    async def work(factory: async_sessionmaker[AsyncSession]) -> Report:
        async with factory() as session:
            return await build_report(session, period, by, scope)

    report = with_database(work)
    if csv_file is not None or chart_file is not None:
        from bot.i18n import translator
        from bot.reports_render import report_chart, report_csv

        tr = translator(lang)
        if csv_file is not None:
            _write(csv_file, report_csv(report, tr))
        if chart_file is not None:
            _write(chart_file, report_chart(report, tr))
    if as_json:
        click.echo(json.dumps(_jsonable(report), ensure_ascii=False))
        return
    click.echo(f"report {period.since} .. {period.until} by {by}" + (f" ({', '.join(sorted(scope))})" if scope else ""))
    click.echo(f"{by:<18}{'listings':>9}{'enquiries':>10}{'orders':>8}{'completed':>10}{'rate':>7}"
               f"{'median h':>9}{'students':>9}{'rating':>7}")  # fmt: skip
    for row in (*report.rows, dataclasses.replace(report.total, key="all")):
        click.echo(_line(row))


def _line(row: ReportRow) -> str:
    rate = "-" if row.completion_rate is None else f"{row.completion_rate:.0%}"
    median = "-" if row.median_response_hours is None else f"{row.median_response_hours:.1f}"
    rating = "-" if row.average_rating is None else f"{row.average_rating:.2f}"
    return (f"{row.key:<18}{row.active_listings:>9}{row.enquiries:>10}{row.orders:>8}{row.completed_orders:>10}"
            f"{rate:>7}{median:>9}{row.students:>9}{rating:>7}")  # fmt: skip


def _jsonable(report: Report) -> dict[str, object]:
    def row(r: ReportRow) -> dict[str, object]:
        return {**dataclasses.asdict(r), "completion_rate": r.completion_rate}

    return {
        "since": report.period.since.isoformat(),
        "until": report.period.until.isoformat(),
        "by": report.by,
        "countries": sorted(report.countries) if report.countries is not None else None,
        "rows": [row(r) for r in report.rows],
        "total": row(report.total),
    }


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    notice(f"wrote {path} ({len(content):,} bytes)", err=True, path=str(path), size=len(content))


@demo.command("activity")
@click.option("--months", type=click.IntRange(1, 24), default=DEFAULT_MONTHS, show_default=True,
              help="How many months back the activity starts.")  # fmt: skip
@click.option("--seed", type=int, default=13, show_default=True, help="The same seed invents the same activity.")
def demo_activity(months: int, seed: int) -> None:
    """Invent enquiries, answers, orders, tasks, completions and ratings on the demo catalogue (after
    'vet2b demo load'), so that 'vet2b stats' has something to report. Refuses a database with enquiries."""

    async def work(factory: async_sessionmaker[AsyncSession]) -> ActivitySummary:
        async with transaction(factory) as session:
            return await generate_activity(session, months=months, seed=seed)

    try:
        summary = with_database(work)
    except ActivityExists:
        raise UserError("the database already has enquiries: demo activity goes on a fresh demo catalogue") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    notice(
        f"demo activity {summary.since} .. {summary.until}: {summary.people} people, {summary.enquiries} enquiries, "
        f"{summary.orders} orders ({summary.completed} completed), {summary.reviews} ratings",
        enquiries=summary.enquiries, orders=summary.orders,
    )  # fmt: skip
