"""`vet2b stats` with a period and a grouping, and `vet2b demo activity`, run as the operator runs them (a
process on the test database, SQLite and PostgreSQL): the table, --json, the CSV and PNG files, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.db import transaction
from tests.domain.report_fixture import build_report_world

ROOT = Path(__file__).resolve().parents[2]


def _vet2b(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "LOG_FORMAT")}
    environment["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


async def test_stats_report_prints_writes_csv_and_chart(
    db: async_sessionmaker[AsyncSession], database_url: str, tmp_path: Path
) -> None:
    async with transaction(db) as session:
        await build_report_world(session)
    period = ("--since", "2026-01-01", "--until", "2026-03-31")

    table = _vet2b(database_url, "stats", *period, "--by", "country")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines() == [
        "report 2026-01-01 .. 2026-03-31 by country",
        "country            listings enquiries  orders completed   rate median h students rating",
        "LT                        2         3       2         2   100%      4.0        2   4.50",
        "LV                        1         3       3         1    33%     10.0        2   2.00",
        "all                       3         6       5         3    60%      6.0        4   3.67",
    ]

    csv_file, chart_file = tmp_path / "report.csv", tmp_path / "report.png"
    done = _vet2b(database_url, "stats", *period, "--by", "month", "--country", "lt", "--lang", "lt",
                  "--csv", str(csv_file), "--chart", str(chart_file), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["countries"] == ["LT"] and [r["key"] for r in data["rows"]] == ["2026-01", "2026-02", "2026-03"]
    assert [r["enquiries"] for r in data["rows"]] == [1, 1, 1] and data["total"]["completion_rate"] == 1.0
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Kodas,Mėnuo,Aktyvūs pasiūlymai,Užklausos,Užsakymai,Įvykdyti užsakymai")
    assert lines[1].startswith("2026-01,2026 m. sausis,1,1,2,2,100.0,2.0,1,2,5.00,1")
    assert lines[-1].startswith(",Iš viso,2,3,2,2,100.0,")
    assert chart_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {chart_file}" in done.stderr


async def test_stats_errors_are_one_line(db: async_sessionmaker[AsyncSession], database_url: str) -> None:
    backwards = _vet2b(database_url, "stats", "--since", "2026-03-01", "--until", "2026-01-01")
    assert backwards.returncode == 1
    assert backwards.stderr.splitlines() == ["vet2b: error: --since/--until: the period ends before it starts"]
    country = _vet2b(database_url, "stats", "--by", "country", "--country", "Lithuania")
    assert country.stderr.splitlines() == ["vet2b: error: --country: a two-letter country code, e.g. LT"]


@pytest.mark.slow  # loads the whole demo catalogue
async def test_demo_activity_on_the_demo_catalogue_makes_a_meaningful_report(
    db: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    assert _vet2b(database_url, "demo", "load").returncode == 0
    made = _vet2b(database_url, "demo", "activity", "--months", "4")
    assert made.returncode == 0, made.stderr
    assert "enquiries" in made.stdout
    report = json.loads(_vet2b(database_url, "stats", "--by", "month", "--json").stdout)
    months = report["rows"][-4:]
    total = report["total"]
    assert total["enquiries"] >= 50 and total["orders"] >= 20 and total["completed_orders"] >= 10
    assert 0.3 < total["completion_rate"] < 1 and 0.5 < total["median_response_hours"] < 48
    assert 3 <= total["average_rating"] <= 5 and total["students"] >= 20
    assert all(m["enquiries"] > 0 for m in months[:-1])  # every whole month had some
    again = _vet2b(database_url, "demo", "activity")
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "vet2b: error: the database already has enquiries: demo activity goes on a fresh demo catalogue"
    ]
