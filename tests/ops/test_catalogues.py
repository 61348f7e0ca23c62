"""The bot never starts silently in English: stale or missing catalogues are compiled, or it refuses to start."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from babel.support import Translations

from bot.cli import main
from bot.ops import catalogues
from bot.ops.catalogues import CatalogueError, ensure_compiled

REPO_LOCALES = Path(__file__).resolve().parents[2] / "locales"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(REPO_LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    ensure_compiled(copy)
    return copy


def _mo(root: Path, language: str) -> Path:
    return root / language / "LC_MESSAGES" / "messages.mo"


def test_missing_and_stale_catalogues_are_compiled_and_translate(locales: Path) -> None:
    _mo(locales, "lt").unlink()
    earlier = _mo(locales, "pl").with_suffix(".po").stat().st_mtime - 10
    os.utime(_mo(locales, "pl"), (earlier, earlier))  # the .po changed after the .mo was made (a git pull)
    assert ensure_compiled(locales) == ["lt", "pl"]
    assert ensure_compiled(locales) == []  # nothing left to do
    lt = Translations.load(str(locales), ["lt"], domain="messages")
    assert lt.gettext("Main menu") not in ("", "Main menu")


def test_a_catalogue_that_cannot_be_compiled_is_an_error_not_english(locales: Path) -> None:
    mo = _mo(locales, "ru")
    mo.unlink()
    mo.mkdir()  # something in the way of the file, as a read-only install would be (and root writes anywhere)
    os.utime(mo, (0, 0))
    with pytest.raises(CatalogueError, match=r"cannot compile .* would answer in English in 'ru'"):
        ensure_compiled(locales)
    assert [p.name for p in mo.parent.iterdir() if p.name.endswith(".tmp")] == []  # no half-written file left


def test_vet2b_run_refuses_to_start_without_a_catalogue(
    locales: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    po = _mo(locales, "it").with_suffix(".po")
    po.unlink()
    _mo(locales, "it").unlink()
    monkeypatch.setattr(catalogues, "LOCALES_DIR", locales)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:NEVER-USED")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with pytest.raises(SystemExit) as exit_:
            main(["run"])
    finally:  # the CLI set up this process's logging: leave pytest's as it was
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.captureWarnings(False)
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == f"vet2b: error: {po} is missing: the bot would answer in English in 'it'"
