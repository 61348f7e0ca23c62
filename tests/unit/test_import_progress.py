"""A catalogue import tells how far it has come: listings checked, then written, each to the end.

What the operator sees: on a terminal a bar redrawn in place; in a log one line per step when it ends.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.progress_bar import ProgressBar
from domain.catalogue import import_catalogue
from domain.models import Listing
from domain.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]


def _catalogue(listings: int, *, title: str = "Tortai") -> bytes:
    lines = [
        "organizations:",
        "  - {slug: kaunas-school, kind: school, name: Kauno mokykla, country: LT, city: Kaunas, languages: [lt]}",
        "listings:",
    ]
    lines += [
        f"  - {{slug: item-{n}, organization: kaunas-school, language: lt, title: {title} {n},"
        f" description: Kepame pagal užsakymą, category: bakery}}"
        for n in range(listings)
    ]
    return ("\n".join(lines) + "\n").encode()


async def test_progress_reaches_the_end_of_each_step(db: async_sessionmaker[AsyncSession]) -> None:
    seen: list[tuple[str, int, int]] = []
    report = await import_catalogue(db, _catalogue(6_000), load_taxonomy(), progress=lambda *a: seen.append(a))
    assert report.ok and report.listings_created == 6_000
    checks = [done for step, done, total in seen if step == "check"]
    writes = [done for step, done, total in seen if step == "write"]
    assert checks == [1_000, 2_000, 3_000, 4_000, 5_000, 6_000]
    assert writes == [0, 5_000, 6_000]  # nothing unchanged, then a report per batch written
    assert {total for _step, _done, total in seen} == {6_000}
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Listing)) == 6_000

    seen.clear()  # re-import with one title changed: the unchanged are counted at once
    changed = _catalogue(6_000).replace(b"title: Tortai 7,", b"title: Pyragai 7,")
    report = await import_catalogue(db, changed, load_taxonomy(), progress=lambda *a: seen.append(a))
    assert report.listings_updated == 1
    assert [done for step, done, _total in seen if step == "write"] == [5_999, 6_000]


def test_bar_on_a_terminal_and_lines_in_a_log() -> None:
    terminal = io.StringIO()
    bar = ProgressBar("listings", terminal, interactive=True)
    bar("write", 0, 20_000)
    bar("write", 20_000, 20_000)
    assert terminal.getvalue().startswith("\rwriting [░░░░░░░░░░░░░░░░░░░░░░░░] 0/20,000 listings")
    assert "[████████████████████████] 20,000/20,000 listings" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")

    log = io.StringIO()
    bar = ProgressBar("listings", log, interactive=False)
    for done in (1_000, 2_000, 2_500):
        bar("check", done, 2_500)
    assert log.getvalue().startswith("checking: 2,500 listings in ") and log.getvalue().count("\n") == 1


def test_the_command_prints_a_line_per_step(tmp_path: Path) -> None:
    catalogue = tmp_path / "big.yml"
    catalogue.write_bytes(_catalogue(2_500))
    environment = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'vet2b.sqlite3'}", VET2B_VAR_DIR=str(tmp_path))
    environment.pop("LOG_FORMAT", None)

    def vet2b(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from bot.cli import main; main()", *args],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    assert vet2b("db", "upgrade").returncode == 0
    done = vet2b("catalogue", "import", str(catalogue))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert [line.split(" in ")[0] for line in lines] == ["checking: 2,500 listings", "writing: 2,500 listings"]
    assert "listings 2500 new" in done.stdout
