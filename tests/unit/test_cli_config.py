"""Configuration mistakes end the command with one clear line and a non-zero exit, as the CLI promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _vet2b(tmp: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "PORT", "WEBHOOK_PORT")}
    environment.update(env, DATABASE_URL=f"sqlite:///{tmp / 'vet2b.sqlite3'}", VET2B_VAR_DIR=str(tmp))
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"LOG_LEVEL": "LOUD"},
            "vet2b: error: LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL (got 'LOUD')",
        ),
        ({"PORT": "abc"}, "vet2b: error: PORT must be a port number from 1 to 65535 (got 'abc')"),
        ({"PORT": "70000"}, "vet2b: error: PORT must be a port number from 1 to 65535 (got '70000')"),
        ({"WEBHOOK_PORT": "-1"}, "vet2b: error: WEBHOOK_PORT must be a port number from 1 to 65535 (got '-1')"),
    ],
)
def test_bad_log_level_or_port_gives_one_line(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    done = _vet2b(tmp_path, "stats", **env)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [expected]
    assert done.stdout == ""


def test_good_values_are_accepted(tmp_path: Path) -> None:
    done = _vet2b(tmp_path, "search", "--help", LOG_LEVEL="debug", PORT="8080")
    assert done.returncode == 0 and "Usage:" in done.stdout and done.stderr == ""
