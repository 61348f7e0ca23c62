"""`vet2b invite create`: invite links that join a school as teacher or student."""

from __future__ import annotations

import click
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.app import UserError, cli, settings, with_database
from domain.db import transaction
from domain.errors import DomainError
from domain.invites import CreatedInvite, create_invite


@cli.group()
def invite() -> None:
    """Invite links for schools and companies."""


@invite.command("create")
@click.option("--org", "org_slug", required=True, help="Slug of the school (or company).")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "teacher", "student", "member"]),
    help="Role granted on joining: teacher or student for schools; member for companies.",
)
@click.option("--uses", default=1, show_default=True, type=int, help="How many people can join with it.")
@click.option("--days", default=14, show_default=True, type=int, help="Days until it expires.")
def invite_create(org_slug: str, role: str, uses: int, days: int) -> None:
    """Create an invite and print its t.me link."""

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
