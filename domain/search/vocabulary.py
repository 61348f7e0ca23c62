"""Cross-language word links mined from the taxonomy (data/search_vocabulary.tsv, by scripts/mine_vocabulary.py).

Each line links two folded words of one category in two languages whose multilingual-e5 embeddings are each
other's nearest neighbours ("eyelash"/"rzes", "jewelry"/"bizuteria", "funeral"/"pogrzebowy"). Search expands a
query word to its links like a concept of concepts.py, so a listing that names the thing in another language
matches it by its own word, not only through its category. The file is generated, not kept by hand, and
read once; the model that made it is not needed at run time.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from domain.taxonomy import DATA_DIR

VOCABULARY_PATH = DATA_DIR / "search_vocabulary.tsv"
# Links below this cosine are often neighbours, not translations ("wedding"/"laidotuviu" 0.886, "davanas"/
# "papuosalai" 0.898); chosen on the tune and development sets (docs/search.md).
MIN_LINK = 0.93


@cache
def _table(min_link: float = MIN_LINK) -> dict[str, tuple[str, ...]]:
    links: dict[str, set[str]] = defaultdict(set)
    if not VOCABULARY_PATH.exists():
        return {}
    for line in VOCABULARY_PATH.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        left, right, cosine, _category = line.split("\t")
        if float(cosine) >= min_link:
            links[left].add(right)
            links[right].add(left)
    return {word: tuple(sorted(others)) for word, others in links.items()}


def linked_words(word: str) -> tuple[str, ...]:
    """Folded words of other languages that the taxonomy's vocabulary links to ``word``."""
    return _table().get(word, ())


def taxonomy_digest() -> str | None:
    """The sha256 of data/taxonomy.yml the file was mined from (its header), None when there is no file."""
    if not VOCABULARY_PATH.exists():
        return None
    for line in VOCABULARY_PATH.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith("# taxonomy-sha256\t"):
            return line.split("\t", 1)[1].strip()
    return None
