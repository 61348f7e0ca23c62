"""Checks on data/taxonomy.yml: the category taxonomy used for search, NLU and display."""

from __future__ import annotations

from collections import defaultdict

import yaml

from domain.taxonomy import LANGUAGES, TAXONOMY_PATH, load_taxonomy

EXPECTED_KEYS = [
    "catering",
    "bakery",
    "food_products",
    "web_design",
    "graphic_design",
    "marketing",
    "photo_video",
    "lab_testing",
    "3d_printing",
    "woodworking",
    "metalwork",
    "car_service",
    "beauty",
    "sewing_textiles",
    "it_support",
    "construction",
    "electrical",
    "landscaping",
    "floristry",
    "events_tourism",
    "office_accounting",
    "cleaning",
    "crafts",
]
MIN_SYNONYMS = 5


def _raw() -> dict[str, dict[str, dict[str, object]]]:
    raw = yaml.safe_load(TAXONOMY_PATH.read_bytes().decode("utf-8"))
    categories: dict[str, dict[str, dict[str, object]]] = raw["categories"]
    return categories


def test_file_is_valid_utf8() -> None:
    TAXONOMY_PATH.read_bytes().decode("utf-8", errors="strict")


def test_exactly_the_expected_keys_in_order() -> None:
    assert load_taxonomy().keys() == EXPECTED_KEYS


def test_every_category_has_a_name_in_every_language() -> None:
    problems = []
    for key, category in load_taxonomy().categories.items():
        for lang in LANGUAGES:
            name = category.names.get(lang, "")
            if not name.strip() or name != name.strip():
                problems.append(f"{key}/{lang}: {name!r}")
        extra = set(category.names) - set(LANGUAGES)
        if extra:
            problems.append(f"{key}: unknown name languages {sorted(extra)}")
    assert not problems, "bad names:\n" + "\n".join(problems)


def test_every_language_has_enough_synonyms() -> None:
    problems = []
    for key, category in load_taxonomy().categories.items():
        for lang in LANGUAGES:
            count = len(category.synonyms.get(lang, ()))
            if count < MIN_SYNONYMS:
                problems.append(f"{key}/{lang}: {count} synonyms")
        extra = set(category.synonyms) - set(LANGUAGES)
        if extra:
            problems.append(f"{key}: unknown synonym languages {sorted(extra)}")
    assert not problems, f"fewer than {MIN_SYNONYMS} synonyms:\n" + "\n".join(problems)


def test_values_are_strings_in_the_yaml() -> None:
    """Unquoted values like 730, yes or no would be read as numbers or booleans."""
    problems = []
    for key, entry in _raw().items():
        names = entry["names"]
        assert isinstance(names, dict)
        problems += [f"{key}/names/{lang}: {v!r}" for lang, v in names.items() if not isinstance(v, str)]
        synonyms = entry["synonyms"]
        assert isinstance(synonyms, dict)
        for lang, words in synonyms.items():
            assert isinstance(words, list), f"{key}/{lang} is not a list"
            problems += [f"{key}/{lang}: {w!r}" for w in words if not isinstance(w, str)]
    assert not problems, "values that are not strings (quote them):\n" + "\n".join(problems)


def test_synonyms_are_lowercase_and_stripped() -> None:
    problems = []
    for key, category in load_taxonomy().categories.items():
        for lang, words in category.synonyms.items():
            for word in words:
                if not word or word != word.strip() or word != word.lower() or "  " in word:
                    problems.append(f"{key}/{lang}: {word!r}")
    assert not problems, "synonyms must be lowercase and stripped:\n" + "\n".join(problems)


def test_no_duplicate_synonyms_within_a_list() -> None:
    problems = []
    for key, category in load_taxonomy().categories.items():
        for lang, words in category.synonyms.items():
            seen: set[str] = set()
            for word in words:
                if word.lower() in seen:
                    problems.append(f"{key}/{lang}: {word!r}")
                seen.add(word.lower())
    assert not problems, "duplicate synonyms:\n" + "\n".join(problems)


def test_no_synonym_in_two_categories_of_one_language() -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, category in load_taxonomy().categories.items():
        for lang, words in category.synonyms.items():
            for word in words:
                owners[(lang, word.strip().lower())].add(key)
    clashes = sorted(
        f"{lang} {word!r}: {', '.join(sorted(keys))}" for (lang, word), keys in owners.items() if len(keys) > 1
    )
    assert not clashes, "synonyms listed under more than one category:\n" + "\n".join(clashes)
