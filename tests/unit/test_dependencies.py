"""The lock files: production installs requirements.lock only, which holds exactly what the app needs to run.

Why a test: a pin nobody imports is code shipped, updated and audited for nothing (dateparser and
PyStemmer were), a development tool in the runtime lock ends up on every server, and a direct
dependency missing from a lock makes installs drift. The closure is computed from the installed
packages' own metadata, the same way pip resolves it.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DEV_TOOLS = {"pytest", "pytest-asyncio", "hypothesis", "mypy", "ruff", "types-pyyaml", "pluggy", "iniconfig"}
# Imported by name at run time rather than by our code: SQLAlchemy loads the driver a URL names.
LOADED_BY_NAME = {"aiosqlite", "asyncpg"}
SOURCES = ("bot", "domain", "nlu")


def _pins(name: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r "):
            package, version = line.split("==")
            pins[canonicalize_name(package)] = version
    return pins


def _closure(requirements: list[str]) -> set[str]:
    """Every distribution the requirements pull in (their extras included), by the installed metadata."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        key = f"{name}[{','.join(sorted(requirement.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for spec in metadata.distribution(requirement.name).requires or []:
            dependency = Requirement(spec)
            extras = requirement.extras or {""}
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in extras):
                todo.append(dependency)
    return {key.split("[")[0] for key in seen}


def test_production_installs_no_development_tool() -> None:
    assert not DEV_TOOLS & _pins("requirements.lock").keys()
    assert "-r requirements.lock" in (ROOT / "requirements-dev.lock").read_text().splitlines()


def test_direct_dependencies_are_pinned_at_the_same_versions() -> None:
    for lock, requirements in (("requirements.lock", PYPROJECT["dependencies"]),
                               ("requirements-dev.lock", PYPROJECT["optional-dependencies"]["dev"])):  # fmt: skip
        pins = _pins(lock)
        for spec in requirements:
            requirement = Requirement(spec)
            (pinned,) = [str(s.version) for s in requirement.specifier]
            assert pins.get(canonicalize_name(requirement.name)) == pinned, (lock, spec)


def test_the_runtime_lock_is_exactly_what_the_dependencies_need() -> None:
    pins = _pins("requirements.lock")
    needed = _closure(PYPROJECT["dependencies"])
    assert sorted(pins.keys() - needed) == []  # pinned, but nothing needs it
    assert sorted(needed - pins.keys()) == []  # needed, but not pinned
    for name in needed:  # and the environment the tests run in is the one the lock describes
        assert metadata.version(name) == pins[name], name


def test_the_app_imports_only_what_production_installs_and_uses_every_direct_dependency() -> None:
    code = "\n".join(
        path.read_text() for source in SOURCES for path in (ROOT / source).rglob("*.py") if ".venv" not in path.parts
    )
    imported = set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", code, re.MULTILINE))
    modules = metadata.packages_distributions()
    used = {canonicalize_name(dist) for module in imported for dist in modules.get(module, [])}
    unused = {canonicalize_name(Requirement(spec).name) for spec in PYPROJECT["dependencies"]} - used - LOADED_BY_NAME
    assert sorted(unused) == []
    assert sorted(used - _pins("requirements.lock").keys() - {"vet2b"}) == []  # e.g. a test tool imported by the app
