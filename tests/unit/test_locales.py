"""Every user-facing string exists in all seven catalogues, translated, with the right plural forms.

A missing translation falls back to English in the middle of a Lithuanian conversation; a lost
placeholder crashes `str.format` at run time; a lost emoji marker breaks easy-read and our tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from domain.taxonomy import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+>")
EXPECTED_PLURALS = {"lt": 3, "lv": 3, "en": 2, "pl": 3, "it": 2, "pt": 2, "ru": 3}
EMOJI = re.compile(r"^[^\w\s«(\"'{<]+")


def _catalog(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def test_the_template_matches_the_code(tmp_path: Path) -> None:
    """messages.pot is what `make messages` extracts now: no string in the code is missing from it."""
    output = tmp_path / "extracted.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_", "-k", "n_:1,2",
         "-k", "N_", "--no-location", "--sort-output", "-o", str(output), "."],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    extracted = {m.group(1) for m in re.finditer(r'^msgid "(.+)"$', output.read_text(encoding="utf-8"), re.M)}
    template = (LOCALES / "messages.pot").read_text(encoding="utf-8")
    known = {m.group(1) for m in re.finditer(r'^msgid "(.+)"$', template, re.M)}
    missing = sorted(extracted - known)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language: str) -> None:
    catalog = _catalog(language)
    template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po((LOCALES / "messages.pot").open("rb"))}
    problems: list[str] = []
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        strings = _strings(message)
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {key!r}")
            continue
        if isinstance(message.id, tuple | list) and len(strings) != EXPECTED_PLURALS[language]:
            problems.append(f"{len(strings)} plural forms, expected {EXPECTED_PLURALS[language]}: {key!r}")
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            if not found <= wanted or not (wanted - found) <= {"{n}"}:  # a plural form may spell out the number
                problems.append(f"placeholders {sorted(found)} != {sorted(wanted)}: {key!r}")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(_ids(message)[0])):
                problems.append(f"HTML tags differ: {key!r}")
            marker = EMOJI.match(key)
            if marker and not text.startswith(marker.group(0).strip()):
                problems.append(f"emoji marker {marker.group(0)!r} lost: {key!r}")
    missing = template_ids - seen - {""}
    problems += [f"missing: {m!r}" for m in sorted(missing)]
    assert not problems, f"{language}: {len(problems)} problems\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_rule_matches_cldr(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals == EXPECTED_PLURALS[language]
