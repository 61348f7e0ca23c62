"""LOG_FORMAT=json: every line the process writes is one JSON object a log shipper can parse, libraries'
lines included; records carry the update and a hash of the person, never their name or message text."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ops import logs
from tests.e2e.harness import Person, running_bot

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"time", "level", "logger", "message"}


def _vet2b(tmp: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "LOG_FORMAT", "DATABASE_URL")}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp / 'vet2b.sqlite3'}", "VET2B_VAR_DIR": str(tmp),
                        "PYTHONPATH": str(ROOT)}, **env)  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _objects(output: str) -> list[dict[str, object]]:
    lines = [line for line in output.splitlines() if line.strip()]
    objects = [json.loads(line) for line in lines]  # raises on any line that is not JSON
    assert all(isinstance(o, dict) and o.keys() >= KEYS for o in objects), objects
    return objects


def test_every_line_is_json_libraries_included(tmp_path: Path) -> None:
    done = _vet2b(tmp_path, "-v", "db", "upgrade", LOG_FORMAT="json", LOG_LEVEL="INFO")  # -v: Alembic speaks
    assert done.returncode == 0, done.stderr
    records = _objects(done.stdout) + _objects(done.stderr)
    assert any(str(r["logger"]).startswith("alembic") for r in records)  # a library's own logging


def test_the_error_line_is_json_too(tmp_path: Path) -> None:
    done = _vet2b(tmp_path, "stats", LOG_FORMAT="json", DATABASE_URL="postgresql://vet2b@127.0.0.1:1/nowhere")
    assert done.returncode != 0 and done.stdout == ""
    (line,) = _objects(done.stderr)
    assert line["level"] == "ERROR" and str(line["message"]).startswith("vet2b: error: cannot reach the database")


def test_text_stays_the_default_and_a_bad_format_is_one_line(tmp_path: Path) -> None:
    done = _vet2b(tmp_path, "-v", "db", "upgrade", LOG_LEVEL="INFO")
    assert done.returncode == 0 and " INFO alembic" in done.stderr and not done.stderr.startswith("{")
    bad = _vet2b(tmp_path, "stats", LOG_FORMAT="yaml")
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == ["vet2b: error: LOG_FORMAT must be text or json (got 'yaml')"]


async def test_records_name_the_update_and_a_hash_of_the_person_not_what_they_wrote(
    db: async_sessionmaker[AsyncSession],
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.ContextFilter())
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        async with running_bot(db) as (server, _services):
            server.add_user(7003, "Zygimantas", "SECRET_USERNAME", last_name="Secretsurname")
            person = Person(server, 7003, "Zygimantas")
            await person.send("/start")
            await person.wait_button("🏢")
            await person.send("my secret wedding cake order")
            await person.wait_text("offers")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    records = _objects(stream.getvalue())
    told = [r for r in records if logging.getLevelName(str(r["level"])) >= logging.INFO]
    for secret in ("Zygimantas", "Secretsurname", "SECRET_USERNAME", "wedding", "7003"):
        assert not [r for r in told if secret in json.dumps(r, ensure_ascii=False)], secret
    updates = [r for r in told if r["logger"] == "vet2b.updates"]
    assert [r["kind"] for r in updates] == ["command", "message"]
    assert {r["person"] for r in updates} == {logs.person_hash(7003)}
    assert len({r["update_id"] for r in updates}) == 2
    # a line written deep inside the turn (the NLU client, Rasa being down) knows the update too
    nlu = [r for r in records if r["logger"] == "nlu.client" and r["update_id"] == updates[1]["update_id"]]
    assert nlu and all(r["person"] == logs.person_hash(7003) for r in nlu)
