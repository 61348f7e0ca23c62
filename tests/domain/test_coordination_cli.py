"""`vet2b invite create --role coordinator` and `vet2b audit`, run as an operator runs them (a subprocess on
the test database): what they print, what they store, and how they refuse mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import moderation
from domain.coordinators import create_coordinator_invite, redeem_coordinator_invite
from domain.db import transaction
from domain.models import AuditEvent, CoordinatorInvite
from domain.timeutil import utcnow
from tests.domain.factories import listing, org, person

ROOT = Path(__file__).resolve().parents[2]
Factory = async_sessionmaker[AsyncSession]


def _vet2b(database_url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "LOG_FORMAT", "PORT")}
    environment.update(DATABASE_URL=database_url, VET2B_VAR_DIR=str(tmp), TELEGRAM_BOT_USERNAME="vet2b_test_bot")
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


async def test_invite_create_coordinator(db: Factory, database_url: str, tmp_path: Path) -> None:
    done = _vet2b(database_url, tmp_path, "invite", "create", "--role", "coordinator", "--country", "lv",
                  "--uses", "2", "--days", "3")  # fmt: skip
    assert done.returncode == 0, done.stderr
    link = done.stdout.strip()
    assert link.startswith("https://t.me/vet2b_test_bot?start=")
    assert "coordinator invite for LV: 2 use(s), valid 3 day(s)" in done.stderr
    everywhere = _vet2b(database_url, tmp_path, "invite", "create", "--role", "coordinator")
    assert everywhere.returncode == 0 and "for all countries" in everywhere.stderr
    async with db() as s:
        rows = {row.token: row for row in await s.scalars(select(CoordinatorInvite))}
        events = list(await s.scalars(select(AuditEvent).where(AuditEvent.action == "invite.create")))
    lv = rows[link.rsplit("=", 1)[1]]
    assert (lv.country, lv.uses_left) == ("LV", 2)
    assert timedelta(days=2, hours=23) < lv.expires_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
    assert rows[everywhere.stdout.strip().rsplit("=", 1)[1]].country is None
    assert [e.details["country"] for e in events] == ["LV", None]

    for args, said in (
        (("--role", "coordinator", "--org", "some-school"), "leave out --org"),
        (("--role", "coordinator", "--country", "XX"), "unknown country 'XX'"),
        (("--role", "coordinator", "--uses", "0"), "--uses must be between"),
        (("--role", "teacher"), "--org is required"),
        (("--role", "teacher", "--org", "some-school", "--country", "LT"), "--country is for coordinator"),
    ):
        refused = _vet2b(database_url, tmp_path, "invite", "create", *args)
        assert refused.returncode == 1 and said in refused.stderr, (args, refused.stderr)
    async with db() as s:
        assert len(list(await s.scalars(select(CoordinatorInvite)))) == 2  # nothing written by the refusals


async def test_audit_log_text_json_and_filters(db: Factory, database_url: str, tmp_path: Path) -> None:
    async with transaction(db) as s:
        school = await org(s, "school", "Vilnius VET school")
        offer = await listing(s, school, "Birthday cakes")
        coordinator = await person(s, "Coordinator")
        reporter = await person(s, "Reporter", language="pl")
        token = (await create_coordinator_invite(s, "LT")).token
        await redeem_coordinator_invite(s, token, coordinator)
        await moderation.report_listing(s, reporter, offer.id, reason_code="spam")
        await moderation.hide_listing(s, coordinator, offer.id)
        old = utcnow() - timedelta(days=30)
        await s.flush()
        # the invite was made long ago: --since must leave it out
        await s.execute(update(AuditEvent).where(AuditEvent.action == "invite.create").values(at=old))
        ids = (coordinator.id, reporter.id, offer.id)

    text = _vet2b(database_url, tmp_path, "audit")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    actions = [line.split()[3] for line in lines]
    assert actions[:4] == ["listing.hide", "listing.report", "coordinator.add", "invite.redeem"]  # newest first
    hide = lines[0]
    assert f"#{ids[0]}" in hide and f"listing#{ids[2]}" in hide and " LT " in hide and 'reason_code="spam"' in hide

    as_json = _vet2b(database_url, tmp_path, "audit", "--json")
    events = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [e["action"] for e in events] == [line.split()[3] for line in lines]  # the same events, in order
    assert {"invite.create", "invite.redeem", "coordinator.add", "listing.report", "listing.hide"} <= {
        e["action"] for e in events
    }
    hidden = next(e for e in events if e["action"] == "listing.hide")
    assert (hidden["actor_id"], hidden["subject_type"], hidden["subject_id"], hidden["country"]) == (
        ids[0], "listing", ids[2], "LT")  # fmt: skip
    assert hidden["details"]["reports"] == 1

    by_reporter = [json.loads(line) for line in _vet2b(database_url, tmp_path, "audit", "--json", "--actor",
                                                        str(ids[1])).stdout.splitlines()]  # fmt: skip
    assert [e["action"] for e in by_reporter] == ["listing.report"]
    recent = _vet2b(database_url, tmp_path, "audit", "--since", (utcnow() - timedelta(days=1)).date().isoformat())
    assert "invite.create" not in recent.stdout and "listing.hide" in recent.stdout
    assert "invite.create" in text.stdout
    assert _vet2b(database_url, tmp_path, "audit", "--since", "2999-01-01").stdout.strip() == "no events"
    bad = _vet2b(database_url, tmp_path, "audit", "--since", "yesterday")
    assert bad.returncode == 1 and "--since: not a date" in bad.stderr
