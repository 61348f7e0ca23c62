"""Nearest categories for a query that matched nothing, so the bot can offer "did you mean …" buttons."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from domain.search.index import SearchIndex
from domain.taxonomy import Taxonomy

MAX_SUGGESTIONS = 3
SUGGEST_CUTOFF = 60.0


def suggest_categories(index: SearchIndex, taxonomy: Taxonomy, query_words: list[str]) -> list[str]:
    """Category keys whose vocabulary is loosely close to the query's words, closest first."""
    vocabulary = list(index.category_words)
    totals: dict[str, float] = {}
    for word in query_words[:8]:
        if len(word) < 3:
            continue
        matches = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF, limit=10)
        for term, score, _pos in matches:
            for key, specificity in index.category_words[term].items():
                totals[key] = max(totals.get(key, 0.0), score * specificity)
    ranked = sorted(totals, key=lambda key: (-totals[key], key))
    return [key for key in ranked if key in taxonomy][:MAX_SUGGESTIONS]
