"""The category taxonomy: the single source of category words for search, NLU and display.

File format (data/taxonomy.yml):

    categories:
      bakery:
        names: {lt: Kepiniai, lv: Maizes izstrādājumi, en: Bakery, ...}   # all 7 languages
        synonyms:
          lt: [tortas, tortai, tortų, ...]                             # >= 5 per language
          ...
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LANGUAGES: tuple[str, ...] = ("lt", "lv", "en", "pl", "it", "pt", "ru")
FALLBACK_LANGUAGE = "en"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TAXONOMY_PATH = DATA_DIR / "taxonomy.yml"


@dataclass(frozen=True)
class Category:
    key: str
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names[FALLBACK_LANGUAGE]

    def all_terms(self) -> list[tuple[str, str]]:
        """Every (language, term) pair: display names first, then synonyms."""
        terms = [(lang, name) for lang, name in self.names.items()]
        terms += [(lang, word) for lang, words in self.synonyms.items() for word in words]
        return terms


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, Category]

    def keys(self) -> list[str]:
        return list(self.categories)

    def __contains__(self, key: object) -> bool:
        return key in self.categories

    def __getitem__(self, key: str) -> Category:
        return self.categories[key]


def parse_taxonomy(text: str) -> Taxonomy:
    raw = yaml.safe_load(text)
    categories: dict[str, Category] = {}
    for key, entry in raw["categories"].items():
        names = {str(lang): str(name) for lang, name in entry["names"].items()}
        synonyms = {str(lang): tuple(str(w) for w in words) for lang, words in entry["synonyms"].items()}
        categories[str(key)] = Category(str(key), names, synonyms)
    return Taxonomy(categories)


@cache
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    return parse_taxonomy(path.read_text(encoding="utf-8"))
