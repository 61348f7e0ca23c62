"""`vet2b invite create`: invite links that join a school as teacher or student, or make a coordinator."""

from __future__ import annotations

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, settings, with_database
from domain.coordinators import CreatedCoordinatorInvite, create_coordinator_invite
from domain.db import transaction
from domain.errors import DomainError
from domain.invites import CreatedInvite, create_invite


@cli.group()
def invite() -> None:
    """Invite links for schools and companies, and for coordinators of the network."""


@invite.command("create")
@click.option("--org", "org_slug", default=None, help="Slug of the school (or company); not for coordinators.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "teacher", "student", "member", "coordinator"]),
    help="Role granted on joining: teacher or student for schools; member for companies; coordinator (no --org).",
)
@click.option("--country", default=None, help="Coordinators only: the country (ISO code, e.g. LT); omit for all.")
@click.option("--uses", default=1, show_default=True, type=int, help="How many people can join with it.")
@click.option("--days", default=14, show_default=True, type=int, help="Days until it expires.")
def invite_create(org_slug: str | None, role: str, country: str | None, uses: int, days: int) -> None:
    """Create an invite and print its t.me link."""
    if role == "coordinator":
        if org_slug is not None:
            raise UserError("a coordinator belongs to no organisation: leave out --org")
        _coordinator_invite(country, uses, days)
        return
    if org_slug is None:
        raise UserError(f"--org is required for a {role} invite")
    if country is not None:
        raise UserError("--country is for coordinator invites only")

    async def work(factory: async_sessionmaker[AsyncSession]) -> CreatedInvite:
        async with transaction(factory) as session:
            return await create_invite(session, org_slug, role, uses=uses, days=days)

    try:
        created = with_database(work)
    except DomainError as exc:
        message = f"unknown organisation {org_slug!r}" if exc.code == "unknown_organisation" else exc.detail
        raise UserError(message) from None
    click.echo(f"https://t.me/{settings().telegram_bot_username}?start={created.token}")
    click.echo(f"{role} invite for {created.organisation_slug}: {uses} use(s), valid {days} day(s)", err=True)


def _coordinator_invite(country: str | None, uses: int, days: int) -> None:
    async def work(factory: async_sessionmaker[AsyncSession]) -> CreatedCoordinatorInvite:
        async with transaction(factory) as session:
            return await create_coordinator_invite(session, country, uses=uses, days=days)

    try:
        created = with_database(work)
    except DomainError as exc:
        message = f"unknown country {exc.detail!r}" if exc.code == "bad_country" else exc.detail
        raise UserError(message) from None
    click.echo(f"https://t.me/{settings().telegram_bot_username}?start={created.token}")
    where = created.country or "all countries"
    click.echo(f"coordinator invite for {where}: {uses} use(s), valid {days} day(s)", err=True)
