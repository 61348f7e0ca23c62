"""The in-process inverted index over active listings.

Why in-process: a catalogue of up to a few hundred thousand listings fits in tens of megabytes as
integer arrays, and scoring in Python over postings is a few milliseconds — cheaper than a database
round trip per query, and the same code then ranks candidates that the PostgreSQL prefilter fetches
for catalogues too large to hold (see postgres.py).

Documents are added and removed one by one, so the service can apply the listings changed since the
last look at the database instead of rebuilding (removal leaves a dead slot; `dead_ratio` tells the
service when a rebuild is worth it).
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.search.concepts import CONCEPTS, in_concept
from domain.search.normalise import fold, hyphenated_as_one, skeleton, words
from domain.search.stopwords import STOP_WORDS
from domain.taxonomy import Taxonomy

TITLE, DESCRIPTION, PLACE = 0, 1, 2
# A word found only inside multi-word category terms ("removal" in "virus removal", "buste" in "buste
# paga") says little alone; it counts this much unless the query also has another word of the phrase.
PHRASE_ONLY_WEIGHT = 0.6
FIELDS = (TITLE, DESCRIPTION, PLACE)
# Rarity is measured as if the catalogue also held this many listings that match nothing. In a big
# catalogue it changes nothing; in a new one (a school's first three offers) it keeps every word's weight
# positive and the weights comparable: without it a word in every listing weighs zero — or less, as
# a listing counts twice when the word is in its text and its category's vocabulary — and the only
# listings there are become unfindable by their own titles.
PRIOR_LISTINGS = 20
MAX_CACHED_EXPANSIONS = 20_000


@dataclass(frozen=True)
class ListingDoc:
    """What the index needs of one active listing (display fields are read from the database per page)."""

    listing_id: int
    title: str
    description: str
    category: str
    language: str
    country: str
    city: str
    price_amount: Decimal | None
    delivers_to: tuple[str, ...]
    price_currency: str | None = None


class SearchIndex:
    """Postings per folded word and field, category vocabulary from the taxonomy, per-slot filter data."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.postings: list[dict[int, array[int]]] = [{}, {}, {}]
        self.text_df: dict[int, int] = {}
        self.slot_of: dict[int, int] = {}
        self.listing_ids: array[int] = array("q")
        self.alive = bytearray()
        self.categories: list[str] = []
        self.languages: list[str] = []
        self.countries: list[str] = []
        self.cities: list[str] = []
        self.titles: list[str] = []
        self.prices: list[float | None] = []
        self.currencies: list[str | None] = []
        self.delivers: list[frozenset[str]] = []
        self.category_members: dict[str, set[int]] = {key: set() for key in taxonomy.categories}
        self.category_words: dict[str, dict[str, float]] = {}
        self.category_phrases: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self.place_words: set[str] = set()
        self.version = 0
        self._sorted_terms: list[str] = []
        self._skeletons_by_length: dict[tuple[int, str], list[str]] = {}
        self._expansions: dict[tuple[str, bool], list[tuple[str, float]]] = {}
        self._terms_of_skeleton: dict[str, list[str]] = {}
        self._lookup_version = -1
        self._concept_terms: dict[int, list[str]] = {}
        self._delivers_cache: dict[tuple[str, ...], frozenset[str]] = {}
        self._add_category_vocabulary()

    # --- building ---------------------------------------------------------------------------------

    def _add_category_vocabulary(self) -> None:
        words_of, phrases = _category_vocabulary(self.taxonomy)
        self.category_words = words_of
        self.category_phrases = phrases
        for word in words_of:
            self._term_id(word)

    def _term_id(self, word: str) -> int:
        term_id = self.term_ids.get(word)
        if term_id is None:
            term_id = len(self.terms)
            self.term_ids[word] = term_id
            self.terms.append(word)
        return term_id

    def add(self, doc: ListingDoc) -> None:
        """Index ``doc``, replacing an earlier version of the same listing."""
        self.remove(doc.listing_id)
        slot = len(self.listing_ids)
        self.slot_of[doc.listing_id] = slot
        self.listing_ids.append(doc.listing_id)
        self.alive.append(1)
        self.categories.append(doc.category)
        self.languages.append(doc.language)
        self.countries.append(doc.country)
        self.cities.append(fold(doc.city))
        self.prices.append(float(doc.price_amount) if doc.price_amount is not None else None)
        self.currencies.append(doc.price_currency)
        self.delivers.append(self._delivers_cache.setdefault(doc.delivers_to, frozenset(doc.delivers_to)))
        self.category_members.setdefault(doc.category, set()).add(slot)
        title_words = words(doc.title)
        self.titles.append(" ".join(title_words))
        title = {*title_words, *hyphenated_as_one(doc.title)}
        fields = (title, {*words(doc.description), *hyphenated_as_one(doc.description)}, set(words(doc.city)))
        if fields[PLACE] - self.place_words:
            self.place_words |= fields[PLACE]
        # The hot loop of indexing (and of every PostgreSQL query, which indexes its candidates): locals only.
        term_ids, text_df, term_id_of = self.term_ids, self.text_df, self._term_id
        for word in fields[TITLE] | fields[DESCRIPTION] | fields[PLACE]:
            term_id = term_ids.get(word)
            if term_id is None:
                term_id = term_id_of(word)
            text_df[term_id] = text_df.get(term_id, 0) + 1
        for field, field_words in enumerate(fields):
            postings = self.postings[field]
            for word in field_words:
                term_id = term_ids[word]
                posting = postings.get(term_id)
                if posting is None:
                    posting = postings[term_id] = array("i")
                posting.append(slot)
        self.version += 1

    def add_all(self, docs: Iterable[ListingDoc]) -> None:
        for doc in docs:
            self.add(doc)

    def remove(self, listing_id: int) -> None:
        """Forget a listing (paused, archived, deleted or about to be re-added); its slot stays, dead."""
        slot = self.slot_of.pop(listing_id, None)
        if slot is None:
            return
        self.alive[slot] = 0
        self.category_members[self.categories[slot]].discard(slot)
        self.version += 1

    # --- reading ----------------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.slot_of)

    @property
    def dead_ratio(self) -> float:
        return 1.0 - self.size / len(self.listing_ids) if self.listing_ids else 0.0

    def df(self, word: str) -> int:
        """Listings in which ``word`` occurs, in their text or through their category's vocabulary."""
        term_id = self.term_ids.get(word)
        count = self.text_df.get(term_id, 0) if term_id is not None else 0
        for key in self.category_words.get(word, {}):
            count += len(self.category_members.get(key, ()))
        return count

    def idf(self, word: str | None) -> float:
        """Inverse document frequency, smoothed by PRIOR_LISTINGS; an unknown word gets the rarest weight.

        Always positive: the count is capped at the number of listings (text and category vocabulary
        may both count one listing).
        """
        listings = len(self.listing_ids)
        count = min(self.df(word), listings) if word is not None else 0
        total = listings + PRIOR_LISTINGS
        return math.log(1.0 + (total - count + 0.5) / (count + 0.5))

    def sorted_terms(self) -> list[str]:
        self._refresh_lookups()
        return self._sorted_terms

    def skeletons_of_length(self, length: int, initial: str) -> list[str]:
        """Distinct skeletons (see normalise.skeleton) of indexed words of this length and first letter (typos)."""
        self._refresh_lookups()
        return self._skeletons_by_length.get((length, initial), [])

    def cached_expansion(self, word: str, typos: bool) -> list[tuple[str, float]] | None:
        """What ranking.expand found for ``word`` since the vocabulary last grew (postings do not matter)."""
        self._refresh_lookups()
        return self._expansions.get((word, typos))

    def clear_caches(self) -> None:
        """Forget cached query-word expansions (benchmarks time cold queries)."""
        self._expansions = {}

    def cache_expansion(self, word: str, typos: bool, expansion: list[tuple[str, float]]) -> None:
        if len(self._expansions) >= MAX_CACHED_EXPANSIONS:
            self._expansions.clear()
        self._expansions[(word, typos)] = expansion

    def terms_of_skeleton(self, key: str) -> list[str]:
        self._refresh_lookups()
        return self._terms_of_skeleton.get(key, [])

    def _refresh_lookups(self) -> None:
        """Sorted and by-skeleton views of the vocabulary, rebuilt only when new words arrived."""
        if self._lookup_version == len(self.terms):
            return
        self._sorted_terms = sorted(self.terms)
        of_skeleton: dict[str, list[str]] = {}
        for term in self.terms:
            of_skeleton.setdefault(skeleton(term), []).append(term)
        by_length: dict[tuple[int, str], list[str]] = {}
        for key in of_skeleton:
            by_length.setdefault((len(key), key[:1]), []).append(key)
        self._terms_of_skeleton = of_skeleton
        self._skeletons_by_length = by_length
        self._concept_terms = {}
        self._expansions = {}
        self._lookup_version = len(self.terms)

    def concept_terms(self, number: int) -> list[str]:
        """Indexed words that belong to concept ``number`` of concepts.CONCEPTS (any language)."""
        self._refresh_lookups()
        found = self._concept_terms.get(number)
        if found is None:
            exact, stems = CONCEPTS[number]
            chosen = {term for term in exact if term in self.term_ids}
            for stem in stems:
                chosen.update(term for term in self.prefix_range(stem) if in_concept(term, number))
            found = sorted(chosen)
            self._concept_terms[number] = found
        return found

    def prefix_range(self, prefix: str) -> list[str]:
        terms = self.sorted_terms()
        start = bisect.bisect_left(terms, prefix)
        end = bisect.bisect_left(terms, prefix + "\uffff")
        return terms[start:end]


_VOCABULARIES: dict[int, tuple[Taxonomy, dict[str, dict[str, float]], dict[str, list[tuple[str, frozenset[str]]]]]] = {}


def _category_vocabulary(
    taxonomy: Taxonomy,
) -> tuple[dict[str, dict[str, float]], dict[str, list[tuple[str, frozenset[str]]]]]:
    """Every word of every category name and synonym, in all languages, weighted by how telling it is.

    A word found in k categories ("design" in web and graphic design) counts 1/k for each, so a
    generic word cannot pull a whole unrelated category up; a word that stands alone only inside
    phrases counts PHRASE_ONLY_WEIGHT unless the rest of the phrase is in the query (see ranking).
    Computed once per taxonomy and shared read-only by every index (the PostgreSQL path builds one
    small index per query).
    """
    cached = _VOCABULARIES.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1], cached[2]
    owners: dict[str, set[str]] = {}
    standalone: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for key, category in taxonomy.categories.items():
        for _lang, term in category.all_terms():
            term_words = [w for w in words(term) if w not in STOP_WORDS] or words(term)
            for word in term_words:
                owners.setdefault(word, set()).add(key)
                others = frozenset(term_words) - {word}
                if others:
                    phrases.setdefault(word, []).append((key, others))
                else:
                    standalone.setdefault(word, set()).add(key)
    weights = {
        word: {key: (1.0 if key in standalone.get(word, set()) else PHRASE_ONLY_WEIGHT) / len(keys) for key in keys}
        for word, keys in owners.items()
    }
    _VOCABULARIES[id(taxonomy)] = (taxonomy, weights, phrases)
    return weights, phrases
