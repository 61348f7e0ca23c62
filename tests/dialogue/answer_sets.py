"""Reading the typed-answer sets and scoring ``bot.core.asking.interpret`` on them.

The sets (tests/dialogue/answers_heldout, answers_fresh) were written by people who never saw the code;
nothing in nlu/answers.py is tuned on answers_fresh. One line: expects, the question, the typed text and
the answer a person means (see their READMEs in the issue notes).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.asking import Answer, interpret

HERE = Path(__file__).parent
NOW = datetime(2026, 12, 7, 10, 0)  # the sets' "today": Monday 7 December 2026
ITEMS_SHOWN = 5


@dataclass(frozen=True)
class Case:
    language: str
    expects: str
    text: str
    answer: Any


def load(directory: str) -> list[Case]:
    cases = []
    for path in sorted((HERE / directory).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                cases.append(Case(path.stem, row["expects"], row["text"], row["answer"]))
    return cases


def expected(case: Case) -> Answer:
    answer = case.answer
    if answer is None:
        return Answer("none")
    if case.expects == "choice" and isinstance(answer, int):
        return Answer("item", answer)
    if case.expects == "number" and isinstance(answer, int):
        return Answer("number", answer)
    if case.expects == "date" and isinstance(answer, str) and answer[:2] == "20":
        return Answer("date", answer)
    if case.expects == "optional" and answer == "text":
        return Answer("text", case.text)
    return Answer(answer)


def resolve(case: Case) -> Answer:
    expects = "yesno" if case.expects == "control" else case.expects
    return interpret(case.text, expects, language=case.language, now=NOW, count=ITEMS_SHOWN)  # type: ignore[arg-type]


def score(cases: list[Case]) -> tuple[dict[str, tuple[int, int]], list[tuple[Case, Answer]]]:
    """Per language (right, total), and the misses."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in cases:
        got = resolve(case)
        table[case.language][1] += 1
        if got == expected(case):
            table[case.language][0] += 1
        else:
            misses.append((case, got))
    return {k: (v[0], v[1]) for k, v in table.items()}, misses


if __name__ == "__main__":
    import sys

    results, missed = score(load(sys.argv[1] if len(sys.argv) > 1 else "answers_heldout"))
    for language, (right, total) in sorted(results.items()):
        print(f"{language}: {right}/{total} = {100 * right / total:.1f} %")
    right = sum(r for r, _ in results.values())
    total = sum(t for _, t in results.values())
    print(f"all: {right}/{total} = {100 * right / total:.1f} %")
    if "-v" in sys.argv:
        for case, got in missed:
            print(f"  {case.language} {case.expects:8} {case.text!r}: want {expected(case)}, got {got}")
