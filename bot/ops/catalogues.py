"""Translation catalogues are compiled before the bot starts, or it does not start.

Why: Babel loads ``messages.mo`` and, when the file is missing, quietly returns an empty catalogue —
the bot then answers everyone in English and nothing says so. ``make run`` compiles the catalogues,
but a deployment from a fresh checkout, a ``git pull`` that changed a ``.po``, or a process started
by hand would not. So ``vet2b run``, ``chat`` and ``outbox work`` compile every catalogue whose
``.mo`` is missing or older than its ``.po``, and refuse to start when they cannot.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, translator
from domain.taxonomy import LANGUAGES


class CatalogueError(RuntimeError):
    """A catalogue is missing or cannot be compiled: the message says which and what to do."""


def stale(locales_dir: Path | None = None, languages: tuple[str, ...] | list[str] = LANGUAGES) -> list[str]:
    """Languages whose compiled catalogue is missing or older than the ``.po`` it comes from."""
    root = locales_dir or LOCALES_DIR
    out = []
    for language in languages:
        po = root / language / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not po.exists():
            raise CatalogueError(f"{po} is missing: the bot would answer in English in {language!r}")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            out.append(language)
    return out


def ensure_compiled(locales_dir: Path | None = None, languages: tuple[str, ...] | list[str] = LANGUAGES) -> list[str]:
    """Compile the stale catalogues (as ``pybabel compile``: fuzzy entries left out); returns their languages.

    Each ``.mo`` is written to a temporary file and renamed, so replicas starting together never
    read a half-written catalogue.
    """
    root = locales_dir or LOCALES_DIR
    compiled = []
    for language in stale(root, languages):
        po = root / language / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        partial = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
        try:
            with po.open("rb") as source:
                catalog = read_po(source, locale=language)
            with partial.open("wb") as target:
                write_mo(target, catalog, use_fuzzy=False)
            partial.replace(mo)
        except Exception as exc:  # unreadable .po, read-only install, disk full: all mean "not translated"
            partial.unlink(missing_ok=True)
            raise CatalogueError(
                f"cannot compile {po} ({exc}): the bot would answer in English in {language!r}; "
                "compile the catalogues when installing ('make locales') or let the bot write to locales/"
            ) from exc
        compiled.append(language)
    if compiled:
        translator.cache_clear()  # a translator made before now holds the old catalogue
    return compiled
