"""`vet2b audit`: the audit log — moderation actions, role changes and every other recorded event."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, with_database
from domain.audit_log import CLI_LIMIT, AuditEntry, audit_entries


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"--since: not a date: {value!r} (use YYYY-MM-DD or an ISO date and time)") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


@cli.command("audit")
@click.option("--since", default=None, help="Only events at or after this date (YYYY-MM-DD, UTC) or ISO time.")
@click.option("--actor", "actor_id", default=None, type=int, help="Only events of this person (their id).")
@click.option(
    "--limit",
    default=CLI_LIMIT,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="At most this many events, newest first.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
def audit(since: str | None, actor_id: int | None, limit: int, as_json: bool) -> None:
    """The audit log, newest first: who (person id) did what to which subject, when."""
    start = _since(since)

    async def work(factory: async_sessionmaker[AsyncSession]) -> list[AuditEntry]:
        async with factory() as session:
            return await audit_entries(session, since=start, actor_id=actor_id, limit=limit)

    entries = with_database(work)
    if as_json:
        for entry in entries:
            click.echo(json.dumps(entry.as_json(), ensure_ascii=False, sort_keys=True))
        return
    if not entries:
        click.echo("no events")
        return
    for e in entries:
        subject = f"{e.subject_type}#{e.subject_id}" if e.subject_id is not None else e.subject_type
        details = " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(e.details.items()))
        actor = f"#{e.actor_id}" if e.actor_id is not None else "-"
        at = e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        click.echo(f"{at}  {actor:>7}  {e.action:<24} {subject:<24} {e.country or '--'}  {details}".rstrip())
