"""Read Rasa-format NLU files into plain examples and score results against them.

Why our own reader: the app venv cannot import Rasa (it lives in its own Python 3.10 venv), and the
held-out sets in nlu/tests/ are only ever read here, by the accuracy tests and the pipeline comparison —
never by ``rasa train``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from domain.taxonomy import LANGUAGES

NLU_DIR = Path(__file__).resolve().parent
TESTS_DIR = NLU_DIR / "tests"
# [text]{"entity": "category", "value": "bakery"}  or  [text](bakery)-style shorthands.
_ANNOTATION_RE = re.compile(r"\[(?P<text>[^\]]+)\](?:\{(?P<json>[^}]*)\}|\((?P<short>[^)]*)\))")
_VALUE_RE = re.compile(r'"value"\s*:\s*"(?P<value>[^"]*)"')
_ENTITY_RE = re.compile(r'"entity"\s*:\s*"(?P<entity>[^"]*)"')


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str
    categories: tuple[str, ...]


def strip_annotations(line: str) -> tuple[str, tuple[str, ...]]:
    """Plain text of one annotated example and the category values annotated in it."""
    categories: list[str] = []

    def replace(match: re.Match[str]) -> str:
        raw = match.group("json")
        if raw is not None:
            entity = _ENTITY_RE.search(raw)
            value = _VALUE_RE.search(raw)
            if entity and entity.group("entity") == "category":
                categories.append(value.group("value") if value else match.group("text"))
        else:
            short = match.group("short") or ""
            if short.split(":")[0] == "category":
                categories.append(short.split(":", 1)[1] if ":" in short else match.group("text"))
        return match.group("text")

    return _ANNOTATION_RE.sub(replace, line), tuple(categories)


def load_examples(path: Path, language: str) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples: list[Example] = []
    for block in data.get("nlu") or []:
        intent = block.get("intent")
        if not intent:
            continue
        for raw in str(block.get("examples") or "").splitlines():
            raw = raw.strip()
            if not raw.startswith("- "):
                continue
            text, categories = strip_annotations(raw[2:].strip())
            examples.append(Example(text, str(intent), language, categories))
    return examples


def annotated_spans(path: Path) -> list[tuple[str, str]]:
    """(span text, category key) for every category annotation in a Rasa NLU file."""
    spans: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        for match in _ANNOTATION_RE.finditer(raw):
            body = match.group("json") or ""
            entity, value = _ENTITY_RE.search(body), _VALUE_RE.search(body)
            if entity and value and entity.group("entity") == "category":
                spans.append((match.group("text"), value.group("value")))
    return spans


def load_test_sets(tests_dir: Path = TESTS_DIR) -> dict[str, list[Example]]:
    """Held-out examples per language, in LANGUAGES order."""
    return {lang: load_examples(tests_dir / f"{lang}.yml", lang) for lang in LANGUAGES}


@dataclass
class Score:
    """Counts for one language (or overall): intents, categories (micro F1), language identification."""

    n: int = 0
    intent_ok: int = 0
    cat_tp: int = 0
    cat_fp: int = 0
    cat_fn: int = 0
    lang_n: int = 0
    lang_ok: int = 0

    def add(self, example: Example, intent: str, category: str | None, language: str) -> None:
        self.n += 1
        self.intent_ok += intent == example.intent
        expected = set(example.categories)
        if category is not None:
            if category in expected:
                self.cat_tp += 1
            else:
                self.cat_fp += 1
        if expected and category not in expected:
            self.cat_fn += 1
        if len(example.text.split()) >= 3:
            self.lang_n += 1
            self.lang_ok += language == example.language

    def merge(self, other: Score) -> None:
        for name in ("n", "intent_ok", "cat_tp", "cat_fp", "cat_fn", "lang_n", "lang_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def intent_accuracy(self) -> float:
        return self.intent_ok / self.n if self.n else 0.0

    @property
    def category_f1(self) -> float:
        denominator = 2 * self.cat_tp + self.cat_fp + self.cat_fn
        return 2 * self.cat_tp / denominator if denominator else 1.0

    @property
    def language_accuracy(self) -> float:
        return self.lang_ok / self.lang_n if self.lang_n else 1.0


def table(scores: dict[str, Score]) -> str:
    """A Markdown table: one row per language plus the overall row."""
    total = Score()
    for score in scores.values():
        total.merge(score)
    rows = ["| lang | n | intent acc | category F1 | langid (>=3 words) |", "|---|---|---|---|---|"]
    for lang, s in [*scores.items(), ("all", total)]:
        langid = f"{s.language_accuracy:.1%} ({s.lang_n})"
        rows.append(f"| {lang} | {s.n} | {s.intent_accuracy:.1%} | {s.category_f1:.1%} | {langid} |")
    return "\n".join(rows)


def confusions(pairs: Iterable[tuple[Example, str]]) -> dict[tuple[str, str], list[str]]:
    """(expected, predicted) intent → example texts, for the mistakes only."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for example, predicted in pairs:
        if predicted != example.intent:
            out[(example.intent, predicted)].append(example.text)
    return dict(out)
