"""Accuracy of the real model on the held-out sets (nlu/tests/, never seen in training).

The issue's goals: intent accuracy >= 95 % overall and >= 90 % per language, category F1 >= 90 %,
language identification >= 98 % on messages of at least three words. The model does not reach all of them
yet (see nlu/README.md), so the test asserts a floor just under what it reaches today — it fails on any
regression — and prints where it stands against the goals. Raise the floors as the model improves.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlu.client import NluClient
from nlu.evaluation import Score, confusions, load_test_sets, table

pytestmark = pytest.mark.rasa
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
GOALS = {"intent": 0.95, "intent_per_language": 0.90, "category_f1": 0.90, "language": 0.98}
FLOORS = {"intent": 0.90, "intent_per_language": 0.86, "category_f1": 0.89, "language": 0.98}


async def test_held_out_accuracy(rasa_client: NluClient) -> None:
    scores: dict[str, Score] = {}
    mistakes = []
    for language, examples in load_test_sets().items():
        score = scores.setdefault(language, Score())
        for example in examples:
            result = await rasa_client.parse(example.text, now=NOW)
            assert result.source == "rasa", f"Rasa did not answer for {example.text!r}"
            score.add(example, result.intent, result.entities.get("category"), result.language)
            mistakes.append((example, result.intent))
    total = Score()
    for score in scores.values():
        total.merge(score)
    print("\n" + table(scores))
    for (expected, got), texts in sorted(confusions(mistakes).items()):
        print(f"  {expected} -> {got}: {texts}")
    worst = min(score.intent_accuracy for score in scores.values())
    reached = {"intent": total.intent_accuracy, "intent_per_language": worst,
               "category_f1": total.category_f1, "language": total.language_accuracy}  # fmt: skip
    for name, value in reached.items():
        print(f"  {name}: {value:.1%} (goal {GOALS[name]:.0%}: {'met' if value >= GOALS[name] else 'NOT met'})")
    for name, value in reached.items():
        assert value >= FLOORS[name], f"{name} regressed: {value:.1%} < floor {FLOORS[name]:.0%}"
