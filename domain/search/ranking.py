"""Scoring listings against the content words of a query.

Each query word is expanded to the indexed words it may mean — the same word, an inflected form
sharing a long prefix ("tortu" → "tortai", "tortų", "torty"), or a typo within one or two edits
(RapidFuzz ratio) — and each listing gets, per query word, its best match in the title, the
description, its city, or its category's names and synonyms in all seven languages (that last field is
what lets "website design" find "Mājas lapu izstrāde"). The score is the idf-weighted share of the
query that a listing matches, so a listing matching one word of three rare ones scores low and
"nothing matches" is a threshold, not the least-bad junk.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from domain.search.concepts import CONCEPT_SIMILARITY, concepts_of
from domain.search.index import DESCRIPTION, PLACE, TITLE, SearchIndex
from domain.search.message import HEAD_FIRST, head_word
from domain.search.normalise import skeleton
from domain.search.places import city_named, country_named, is_place_word
from domain.search.vocabulary import linked_words

FIELD_WEIGHTS = {TITLE: 1.0, DESCRIPTION: 0.6, PLACE: 0.6}
CATEGORY_WEIGHT = 0.85
PLACE_WORD_WEIGHT = 0.3  # a city in a message is a filter the caller applies, not what is searched for
MIN_SCORE = 40.0
# A long message matches a listing in a smaller share of its words however clear its need: below this, the
# evidence for its key words (see _evidence), not the share, keeps junk out.
LONG_MIN_SCORE = 25.0
MIN_PREFIX = 4
MAX_ENDING = 5  # letters after the shared prefix in the longer of two forms of one word
# ... and in both together: "osobowego"/"osobowych" 6, "maquilagem"/"maquinas" 8 (make-up is not machines)
MAX_ENDINGS = 6
MAX_EXPANSIONS = 40
INFLECTION_SIMILARITY = 0.8  # the lowest similarity _add_prefix_matches gives a form of the same word
MIN_TYPO_SKELETON = 5
# Evidence that a listing offers the thing asked for (see _evidence): a match of the listing's own words at
# least this similar (inflections, typo corrections of a long word, concepts), or its category's word
# standing alone for the category (not a word of a phrase, not shared with other categories).
STRONG_SIMILARITY = 0.7
WEAK_TYPO = STRONG_SIMILARITY - 0.05  # a look-alike of a word the listings already use: scores, proves nothing
STRONG_CATEGORY = 0.6
OFF_CATEGORY = 0.93  # own-word credit in a listing outside the category a query word names (_own_word_scores)
# The query words that must be matched: the rarest ones, within this factor of the rarest.
KEY_WORD_RATIO = 0.75
LONG_KEY_WORD_RATIO = 0.5  # in a long message, whose rarest words are as likely its chatter
# Up to this many content words a message is a query and every word is part of the need; beyond it, words
# that neither a listing nor the taxonomy knows are the message around the need, not the need.
SHORT_QUERY = 4
TIEBREAK_POOL = 60
# A place named in the message ("catering in Faro", "bakery in Portugal") is a filter the caller applies when
# it recognised it; when it did not (the CLI, a missed entity), listings there still come first.
PLACE_BONUS = 10.0
# A price ceiling said in the message (budget.price_ceiling, when the caller set no max_price): listings within
# it come first, as for a place; it is not a filter, since a chat message's budget may be the total.
BUDGET_BONUS = 6.0

Expansion = list[tuple[str, float]]
# Places a query word that nothing in the index knows (no listing, category or concept word, no look-alike):
# (index, folded word, the word as the user wrote it, the query's language) → (folded word listings use, similarity)
# for the words that mean the same thing, usually in another language. The app's is dictionary.link_word
# (bilingual dictionaries); bench/links_e5.py measures one made with multilingual-e5 (docs/search.md).
WordLinker = Callable[[SearchIndex, str, str, str | None], list[tuple[str, float]]]


@dataclass(frozen=True)
class QueryPlan:
    """The content words of a query, what each may mean in the index, and how much each counts."""

    words: list[str]
    expansions: list[Expansion]
    weights: list[float]
    category_scores: list[dict[str, float]]
    focus: list[float] | None = None  # message.focus_weights: 1 for the need, less for the words around it
    head: str | None = None  # message.head_word: what a short query asks for, when its language tells
    phrase: tuple[str, ...] = ()  # message.need_phrase: the words of a short query that name the need

    @property
    def is_short(self) -> bool:
        return len(self.words) <= SHORT_QUERY

    @property
    def min_score(self) -> float:
        return MIN_SCORE if self.is_short else LONG_MIN_SCORE

    def key_words(self) -> list[int]:
        """Positions of the words a listing must match to be a result: the rarest words of the need.

        Unknown words (no listing, category or concept knows them) count in a short query — "tattoo
        removal" asks for tattoos — and not in a long message, where they are its chatter.
        """
        focus = self.focus or [1.0] * len(self.words)
        eligible = [
            i
            for i, expansion in enumerate(self.expansions)
            if focus[i] >= 1.0 and not self.is_place[i] and (expansion or self._unknown_counts(i))
        ]
        in_phrase = [i for i in eligible if self.words[i] in self.phrase]
        if self.is_short and in_phrase and not self.generic_head:
            eligible = in_phrase
        if not eligible and not self.is_short:  # a long message whose focus no listing knows: all its known words
            eligible = [i for i, expansion in enumerate(self.expansions) if expansion and not self.is_place[i]]
        if not eligible:
            return []
        if self.is_short and self.head_first and self.head in self.words:  # "настроить компьютеры": the noun
            head = self.words.index(self.head)
            if head in eligible and self.expansions[head]:
                eligible = [i for i in eligible if i >= head]
        rarest = max(self.weights[i] for i in eligible)
        ratio = KEY_WORD_RATIO if self.is_short else LONG_KEY_WORD_RATIO
        return [i for i in eligible if self.weights[i] >= ratio * rarest]

    is_place: tuple[bool, ...] = ()

    generic_head: bool = False  # the head names no category alone ("repair", "ремонт", "criação")
    head_first: bool = False  # the language puts the head first: words before it (verbs) are not the need

    def _unknown_counts(self, position: int) -> bool:
        """Whether an unknown word must be matched: in a short query, when it is the head, when the head is
        unknown, or when the head says little alone ("fridge repair", "pool cleaning": the modifier is the need)."""
        return self.is_short and (self.head is None or self.generic_head or self.words[position] == self.head)

    @property
    def matched_categories(self) -> set[str]:
        return {key for scores in self.category_scores for key in scores}


def _common_prefix(a: str, b: str) -> int:
    size = min(len(a), len(b))
    for i in range(size):
        if a[i] != b[i]:
            return i
    return size


def expand(index: SearchIndex, word: str, typos: bool | None = None) -> Expansion:
    """Indexed words that ``word`` may stand for, each with a similarity in (0, 1].

    Typo matching runs unless the listings use the word as written (``typos`` overrides, so the
    prefilter path decides from catalogue-wide statistics as the in-process index does): a known word
    is no typo, while one known only from the taxonomy — often another language's — still looks for
    cognates: "conference" → "konferencje".
    """
    if typos is None:
        typos = not in_listing_text(index, word)
    cached = index.cached_expansion(word, typos)
    if cached is not None:
        return cached
    found: dict[str, float] = {}
    if word in index.term_ids:
        found[word] = 1.0
    if len(word) >= MIN_PREFIX:
        _add_prefix_matches(index, word, found)
    # A word the listings use in another form ("svetainės" beside "svetainių") is that word first: a look-alike
    # two edits away ("šventinės", festive) may still rank, but is no evidence that a listing offers the thing.
    inflected = any(s >= INFLECTION_SIMILARITY and in_listing_text(index, t) for t, s in found.items())
    if not inflected and _ALTERNATING.search(word):
        inflected = _add_alternated_forms(index, word, found)
    if len(word) > MIN_PREFIX and typos:
        _add_typo_matches(index, word, found, ceiling=WEAK_TYPO if inflected else 1.0)
    for number in concepts_of(word):  # "birthday" → "gimtadieniams", "urodziny", "compleanni", ...
        for term in index.concept_terms(number):
            if term != word and found.get(term, 0.0) < CONCEPT_SIMILARITY:
                found[term] = CONCEPT_SIMILARITY
    _add_linked_words(index, word, found)
    best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:MAX_EXPANSIONS]
    index.cache_expansion(word, typos, best)
    return best


# Lithuanian t and d become č and dž before i and a vowel as a noun declines ("šakotis" → "šakočio", "šakočių";
# "medis" → "medžio"): folded, "ci"/"dzi" before a vowel may be "ti"/"di" of the word the listings use ("reikia
# šakočio" found nothing).
_ALTERNATING = re.compile(r"(?<=[aeiouy])(c|dz)(?=i[aeiouy])")


def _add_alternated_forms(index: SearchIndex, word: str, found: dict[str, float]) -> bool:
    """The inflections of ``word`` with "či"/"dži" read as "ti"/"di"; whether one is a word of the listings."""
    alternated = _ALTERNATING.sub(lambda m: "t" if m.group(1) == "c" else "d", word)
    forms: dict[str, float] = {alternated: 1.0} if alternated in index.term_ids else {}
    _add_prefix_matches(index, alternated, forms)
    for term, similarity in forms.items():
        if found.get(term, 0.0) < similarity * ALTERNATION_DISCOUNT:
            found[term] = similarity * ALTERNATION_DISCOUNT
    return any(s >= INFLECTION_SIMILARITY and in_listing_text(index, t) for t, s in found.items())


ALTERNATION_DISCOUNT = 0.95


def _add_linked_words(index: SearchIndex, word: str, found: dict[str, float]) -> None:
    """Other-language words the mined vocabulary links to ``word`` or to one of its inflections ("eyelashes"
    → "rzes", "blakstienos"), with their own inflections in the index, all at CONCEPT_SIMILARITY."""
    sources = [word] + [term for term, similarity in found.items() if similarity >= INFLECTION_SIMILARITY]
    for source in sources:
        for linked in linked_words(source):
            forms = {linked: 1.0} if linked in index.term_ids else {}
            if len(linked) >= MIN_PREFIX:
                _add_prefix_matches(index, linked, forms)
            for term in forms:
                # Only words listings use: the category vocabulary already stands for the category.
                if term != word and found.get(term, 0.0) < CONCEPT_SIMILARITY and in_listing_text(index, term):
                    found[term] = CONCEPT_SIMILARITY


def in_listing_text(index: SearchIndex, word: str) -> bool:
    term_id = index.term_ids.get(word)
    return term_id is not None and index.text_df.get(term_id, 0) > 0


def _add_prefix_matches(index: SearchIndex, word: str, found: dict[str, float]) -> None:
    """Inflections: words sharing a long prefix — ¾ of the shorter word, or all but its last 3 letters
    in long words ("osobowego"/"osobowych", "tortu"/"tortai", "gimtadieniui"/"gimtadieniams")."""
    for term in index.prefix_range(word[:MIN_PREFIX]):
        if term == word:
            continue
        shared = _common_prefix(word, term)
        shorter = min(len(word), len(term))
        if max(len(word), len(term)) - shared > MAX_ENDING or len(word) + len(term) - 2 * shared > MAX_ENDINGS:
            continue  # "party" is not "partneriams": forms of one word differ in their ending, not half the word
        if shared >= 0.75 * shorter or (shorter >= 8 and shared >= shorter - 3):
            similarity = 0.8 + 0.15 * shared / max(len(word), len(term))
            found[term] = max(found.get(term, 0.0), similarity)


def _allowed_edits(length: int) -> int:
    """One typo in a short word, two in a long one; more turns unrelated words into matches."""
    return 1 if length < 9 else 2


def _add_typo_matches(index: SearchIndex, word: str, found: dict[str, float], ceiling: float = 1.0) -> None:
    """Typos and cognates: skeletons within one or two edits (OSA distance, so a swap is one edit); their
    similarity at most ``ceiling``."""
    key = skeleton(word)
    edits = _allowed_edits(len(key))
    for length in range(len(key) - edits, len(key) + edits + 1):
        # A different first letter is rarely a typo, usually another word: only same-initial skeletons compete.
        candidates = index.skeletons_of_length(length, key[:1])
        if not candidates:
            continue
        for other, distance, _pos in process.extract(
            key, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None
        ):
            if distance and min(len(key), len(other)) < MIN_TYPO_SKELETON:
                continue  # "tattoo" (tato) is not "tetto" (teto): in four letters one edit is another word
            similarity = min(ceiling, 0.92 if distance == 0 else 0.88 - 0.1 * (distance - 1))
            for term in index.terms_of_skeleton(other):
                if term != word and similarity > found.get(term, 0.0):
                    found[term] = similarity


def plan_query(
    index: SearchIndex,
    query_words: list[str],
    stats: SearchIndex | None = None,
    focus: list[float] | None = None,
    phrase: list[str] | None = None,
    language: str | None = None,
    linker: WordLinker | None = None,
    surface: dict[str, str] | None = None,
) -> QueryPlan:
    """Expand and weigh the query words against ``index``.

    ``stats`` is a sample of the whole catalogue when ``index`` holds only prefiltered candidates:
    word weights (idf) must come from the catalogue, not from a set chosen for containing the words,
    and the sample's vocabulary also catches typos the candidates' own words would not. The candidates'
    own vocabulary is consulted only for a word the sample knows nothing of: the candidates were fetched
    with the sample's words, and sorting a fresh vocabulary per query costs more than the rest of it.
    """
    source = stats or index
    expansions = []
    for word in query_words:
        typos = not in_listing_text(source, word)
        sampled = expand(stats, word, typos) if stats else []
        expansions.append(sampled if sampled else expand(index, word, typos))
    if linker is not None:
        _add_placed_words(source, query_words, expansions, phrase or query_words, linker, surface or {}, language)
    weights = []
    places = []
    for position, (word, expansion) in enumerate(zip(query_words, expansions, strict=True)):
        weight = source.idf(expansion[0][0]) if expansion else source.idf(None)
        places.append(_is_place(source, word, expansion))
        if places[-1]:
            weight *= PLACE_WORD_WEIGHT
        if focus is not None:
            weight *= focus[position]
        weights.append(weight)
    category_scores = [_category_scores(source, expansions, i) for i in range(len(query_words))]
    phrase = phrase or []
    head = head_word(phrase, language)
    head_categories = category_scores[query_words.index(head)] if head in query_words else {}
    generic = head in query_words and max(head_categories.values(), default=0.0) < STRONG_CATEGORY
    return QueryPlan(
        query_words, expansions, weights, category_scores, focus, head, tuple(phrase), tuple(places), generic,
        head_first=language in HEAD_FIRST,
    )  # fmt: skip


def _add_placed_words(
    index: SearchIndex,
    query_words: list[str],
    expansions: list[Expansion],
    phrase: list[str],
    linker: WordLinker,
    surface: dict[str, str],
    language: str | None,
) -> None:
    """Unknown words of the need phrase expanded to what ``linker`` places them as, at the similarity it gives
    (evidence from STRONG_SIMILARITY up), with the placed words' own inflections that listings use."""
    for position, word in enumerate(query_words):
        if expansions[position] or word not in phrase:
            continue
        found: dict[str, float] = {}
        for placed, similarity in linker(index, word, surface.get(word, word), language):
            forms = {placed: 1.0} if placed in index.term_ids else {}
            if len(placed) >= MIN_PREFIX:
                _add_prefix_matches(index, placed, forms)
            for term in forms:
                if in_listing_text(index, term) and similarity > found.get(term, 0.0):
                    found[term] = similarity
        expansions[position] = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:MAX_EXPANSIONS]


def _is_place(index: SearchIndex, word: str, expansion: Expansion) -> bool:
    """A place word, or a form of a place the listings name ("kaune" of "Kaunas"); not a word the listings or the
    taxonomy use as something else ("bolo", a cake, shares its first letters with "Bologna")."""
    if is_place_word(word):
        return True
    if word not in index.place_words and in_listing_text(index, word):
        return False
    places = index.place_words
    other = max((similarity for term, similarity in expansion if term not in places), default=0.0)
    return any(term in places and similarity >= max(0.8, other) for term, similarity in expansion[:3])


def _category_scores(index: SearchIndex, expansions: list[Expansion], position: int) -> dict[str, float]:
    """How strongly query word ``position`` points at each category, through the taxonomy's words."""
    elsewhere = {term for i, expansion in enumerate(expansions) if i != position for term, _sim in expansion}
    scores: dict[str, float] = {}
    for term, similarity in expansions[position]:
        owners = index.category_words.get(term, {})
        in_phrase = {key for key, others in index.category_phrases.get(term, ()) if others & elsewhere}
        for key, specificity in owners.items():
            if key in in_phrase:
                specificity = 1.0  # the whole phrase is there: "team building" is not construction
            value = CATEGORY_WEIGHT * similarity * specificity
            if value > scores.get(key, 0.0):
                scores[key] = value
    return scores


def _text_scores(index: SearchIndex, expansion: Expansion) -> dict[int, float]:
    """Best field-weighted similarity per listing slot for one query word.

    Postings are applied from the weakest match to the strongest with dict.update, so each slot ends
    with its best value and the work stays in C: this loop is what a 100k catalogue spends time on.
    """
    layers: list[tuple[float, int, int]] = []
    for term, similarity in expansion:
        term_id = index.term_ids.get(term)
        if term_id is None:
            continue
        for field, field_weight in FIELD_WEIGHTS.items():
            if term_id in index.postings[field]:
                layers.append((similarity * field_weight, field, term_id))
    best: dict[int, float] = {}
    for value, field, term_id in sorted(layers):
        best.update(dict.fromkeys(index.postings[field][term_id], value))
    return best


@dataclass(frozen=True)
class Ranked:
    """How many listings matched, and the best ``depth`` of them in order: (score 0–100, slot)."""

    total: int
    top: list[tuple[float, int]]


def score_slots(
    index: SearchIndex,
    plan: QueryPlan,
    accept: Callable[[int], bool],
    language: str | None,
    depth: int,
    within_budget: Callable[[int], bool] | None = None,
) -> Ranked:
    """Every live listing that passes ``accept`` and scores at least MIN_SCORE: the count, and the best ``depth``.

    ``within_budget`` says which listings are within a price ceiling the message names (BUDGET_BONUS)."""
    scale = _scale(plan)
    if scale is None:
        return Ranked(0, [])
    base = _category_base(plan)
    own = _own_word_scores(index, plan)
    strong_slots, strong_categories = _evidence(index, plan)
    categories, alive = index.categories, index.alive
    results: list[tuple[float, int]] = []
    prefer = _place_preference(index, plan)
    for slot, value in own.items():
        score = scale * (value + base.get(categories[slot], 0.0))
        if (
            score >= plan.min_score
            and (slot in strong_slots or categories[slot] in strong_categories)
            and alive[slot]
            and accept(slot)
        ):
            results.append((score, slot))
    for key, value in base.items():
        score = scale * value
        if score >= plan.min_score and key in strong_categories:
            results.extend(
                (score, slot) for slot in index.category_members.get(key, ()) if slot not in own and accept(slot)
            )
    if prefer is not None or within_budget is not None:
        results = [(_preferred_score(score, slot, prefer, within_budget), slot) for score, slot in results]
    return Ranked(len(results), _tiebreak(index, plan, results, language, depth))


def _preferred_score(
    score: float, slot: int, place: Callable[[int], bool] | None, budget: Callable[[int], bool] | None
) -> float:
    """The score with the bonuses of a named place and a named budget; not capped here, so that among full
    matches (100) the ones in that place come first (_tiebreak caps what is reported)."""
    bonus = (PLACE_BONUS if place is not None and place(slot) else 0.0) + (
        BUDGET_BONUS if budget is not None and budget(slot) else 0.0
    )
    return score + bonus


def _place_preference(index: SearchIndex, plan: QueryPlan) -> Callable[[int], bool] | None:
    """Whether a listing is in a country or city the message names; None when it names none."""
    countries = {code for word in plan.words if (code := country_named(word)) is not None}
    cities = {
        city_named(word) or word  # "в Вильнюсе", "wilnie": Vilnius, whose listings say "Vilnius"
        for word, is_place in zip(plan.words, plan.is_place, strict=False)
        if is_place and country_named(word) is None
    }
    if not countries and not cities:
        return None
    names, places = index.countries, index.cities

    def preferred(slot: int) -> bool:
        if names[slot] in countries:
            return True
        city = places[slot]
        return any(word == city or _near(word, city) for word in cities)

    return preferred


def _near(word: str, city: str) -> bool:
    """ "kaune"/"kaunas", "rigoje"/"riga": one city in two case forms (a long shared prefix)."""
    shared = _common_prefix(word, city)
    return shared >= 4 and shared >= min(len(word), len(city)) - 2


def _evidence(index: SearchIndex, plan: QueryPlan) -> tuple[set[int], set[str]]:
    """Listings (slots) and categories that offer the thing asked for: they match a key word of the
    need (QueryPlan.key_words) by more than shared letters — the listing's own word in one of its forms, a
    typo correction or a concept's other-language word, or a category word that names the category alone.

    This, not the score, is what makes "tattoo removal" find nothing where a roofing listing shares
    letters with it, and "swimming pool cleaning" nothing where cleaners offer windows and carpets.
    """
    slots: set[int] = set()
    categories: set[str] = set()
    for position in plan.key_words():
        _add_evidence(index, plan, position, slots, categories)
    return slots, categories


def _add_evidence(index: SearchIndex, plan: QueryPlan, position: int, slots: set[int], categories: set[str]) -> None:
    for term, similarity in plan.expansions[position]:
        if similarity < STRONG_SIMILARITY:
            continue
        term_id = index.term_ids.get(term)
        if term_id is None:
            continue
        for field in (TITLE, DESCRIPTION):
            slots.update(index.postings[field].get(term_id, ()))
    categories.update(key for key, value in plan.category_scores[position].items() if value >= STRONG_CATEGORY)


def _scale(plan: QueryPlan) -> float | None:
    """Score points per unit of matched weight; None when no query word is known at all."""
    known_weight = sum(w for w, expansion in zip(plan.weights, plan.expansions, strict=True) if expansion)
    if known_weight <= 0:
        return None
    # Words no listing or category knows ("startup", "nuclear") are the same for every listing: they
    # do not reorder, they only lower confidence that anything fits, and gently (square root), so one
    # unknown word beside a clear need still finds it, while one weak match among strangers does not.
    # In a long message most of them are its chatter ("cracked yesterday, ideally"): they count as if
    # the message had SHORT_QUERY words.
    unknown = sum(plan.weights) - known_weight
    if not plan.is_short:
        unknown *= SHORT_QUERY / len(plan.words)
    confidence = math.sqrt(known_weight / (known_weight + unknown))
    return 100.0 * confidence / known_weight


def _category_base(plan: QueryPlan) -> dict[str, float]:
    """score = Σ weight·(own + cat − own·cat) per word (noisy-or of the listing's own words and its
    category's): this is the category part, the same for a whole category (the own-words part is apart)."""
    return {
        key: sum(w * cats.get(key, 0.0) for w, cats in zip(plan.weights, plan.category_scores, strict=True))
        for key in plan.matched_categories
    }


def categories_scoring_alone(plan: QueryPlan) -> list[str]:
    """Categories whose listings reach MIN_SCORE through the category alone, without a word of their own."""
    scale = _scale(plan)
    if scale is None:
        return []
    return sorted(key for key, value in _category_base(plan).items() if scale * value >= plan.min_score)


def _own_word_scores(index: SearchIndex, plan: QueryPlan) -> dict[int, float]:
    """Σ weight·own·(1 − cat) per slot: what a listing's title, description and city add to its category."""
    categories = index.categories
    total: dict[int, float] = {}
    for weight, expansion, cats in zip(plan.weights, plan.expansions, plan.category_scores, strict=True):
        text = _text_scores(index, expansion)
        if not cats:
            for slot, value in text.items():
                total[slot] = total.get(slot, 0.0) + weight * value
            continue
        # A word that names a category ("logo": graphic design) counts a little less in a listing of another
        # category that merely uses it ("gingerbread with your logo"): same word, not the same thing asked for.
        elsewhere = OFF_CATEGORY if max(cats.values()) >= STRONG_CATEGORY else 1.0
        for slot, value in text.items():
            cat = cats.get(categories[slot], 0.0)
            total[slot] = total.get(slot, 0.0) + weight * value * (1.0 - cat) * (elsewhere if cat == 0.0 else 1.0)
    return total


def _tiebreak(
    index: SearchIndex, plan: QueryPlan, results: list[tuple[float, int]], language: str | None, depth: int
) -> list[tuple[float, int]]:
    """The best ``depth`` results, by score, then by how closely the title reads like the query, then language.

    Cross-language matches through a category all score the same; the title similarity and the
    language preference decide among them without changing the reported score much.
    """
    query_text = " ".join(plan.words)
    size = max(depth, TIEBREAK_POOL)

    def preferred(item: tuple[float, int]) -> tuple[float, int]:
        same_language = 1.0 if language is not None and index.languages[item[1]] == language else 0.0
        return (item[0] + same_language, -index.listing_ids[item[1]])

    # Plain tuple comparisons (C speed) narrow the field; the language preference picks the pool from it.
    pool = heapq.nlargest(size, heapq.nlargest(4 * size, results), key=preferred)

    def adjusted(item: tuple[float, int]) -> tuple[float, int]:
        score, slot = item
        similarity = fuzz.token_set_ratio(query_text, index.titles[slot]) / 100.0
        same_language = 1.0 if language is not None and index.languages[slot] == language else 0.0
        return (round(score + 3.0 * similarity + same_language, 4), slot)

    # Sorted on the adjusted value before it is capped: two full matches (100) are still told apart by
    # their titles and language ("bolo de aniversário": the Portuguese cake before the Italian one).
    ordered = sorted((adjusted(item) for item in pool), key=lambda item: (-item[0], index.listing_ids[item[1]]))
    return [(min(100.0, score), slot) for score, slot in ordered[:depth]]


def listing_order(index: SearchIndex, slots: Iterable[int], depth: int) -> Ranked:
    """A stable order for browsing without a query (empty text with filters): oldest listing first."""
    chosen = list(slots)
    top = heapq.nsmallest(depth, chosen, key=lambda s: index.listing_ids[s])
    return Ranked(len(chosen), [(100.0, slot) for slot in top])
