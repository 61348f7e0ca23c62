"""A progress bar for steps whose size is known (listings checked, listings written), on standard error.

Why our own few lines rather than ``click.progressbar``: an import reports two steps whose sizes are only
known once the file is read, from inside the domain's callback; and away from a terminal (CI logs, a
log shipper) a bar redrawn with carriage returns is noise, so there each step is one line when it ends.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24  # cells of the bar
REDRAW_S = 0.1  # at most ten redraws a second


class ProgressBar:
    """Draws ``label [██████░░░░]  6,000/20,000 listings  2 s`` and one summary line per finished step."""

    def __init__(self, noun: str, stream: TextIO | None = None, *, interactive: bool | None = None) -> None:
        self.noun = noun
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self._step: str | None = None
        self._started = 0.0
        self._drawn = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        """The domain's callback: ``step`` is a verb ("check", "write") the bar labels as "checking"…"""
        now = time.monotonic()
        if step != self._step:
            self._step, self._started, self._drawn = step, now, 0.0
        if done >= total:
            self._finish(step, total, now - self._started)
        elif self.interactive and now - self._drawn >= REDRAW_S:
            self._drawn = now
            self._draw(step, done, total, now - self._started)

    def _draw(self, step: str, done: int, total: int, elapsed: float) -> None:
        filled = WIDTH * done // total if total else WIDTH
        bar = "█" * filled + "░" * (WIDTH - filled)
        self.stream.write(f"\r{_ing(step)} [{bar}] {done:,}/{total:,} {self.noun}  {elapsed:.0f} s")
        self.stream.flush()

    def _finish(self, step: str, total: int, elapsed: float) -> None:
        if self.interactive:
            self._draw(step, total, total, elapsed)
            self.stream.write("\n")
        else:
            self.stream.write(f"{_ing(step)}: {total:,} {self.noun} in {elapsed:.1f} s\n")
        self.stream.flush()
        self._step = None


def _ing(step: str) -> str:
    """The label of a running step: "check" → "checking", "write" → "writing"."""
    return (step[:-1] if step.endswith("e") else step) + "ing"
