"""Find the taxonomy category a message is about, without Rasa.

Why a local matcher as well as Rasa's entity extractors: when the Rasa server is down the bot still has
to turn "preciso de 200 pasteis de nata" into a search for ``bakery``; and even with Rasa up, a word
the extractor missed ("tortukų", a typo) is often still recognisable from the taxonomy.

How: every name and synonym in data/taxonomy.yml is folded like the message (lower case, Latin
diacritics stripped, so "pyragaičių" and "pyragaiciu" are the same) and split into words. A message
word matches a term word exactly or, for inflecting languages, when both share a long enough prefix
("tortukų"/"tortų"/"tortas" → "tort"), or, for long words, within one edit (a typo). Multi-word terms
must match word by word in sequence. The longest match wins (so "web design" beats "design"), then
exact matches beat inflected ones, then terms of the message's own language beat others, then the first
in the text. Matching is linear in the message length (words are looked up through their 3-letter
prefix), so a 10,000-character paste stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from domain.taxonomy import LANGUAGES, Taxonomy, load_taxonomy
from nlu.normalise._text import fold, words_of
from nlu.normalise.places import is_place_word
from nlu.normalise.vocab import word_set

# A shared prefix of at least _MIN_STEM letters counts as the same word in another inflection when the
# term loses at most _MAX_TERM_ENDING letters ("tortas" → "tort|ų") and the message word adds at most
# _MAX_ENDING ("сайт" → "сайт|ами"); a message word that is only the start of a longer term ("help" vs
# "helpdesk", "posto" vs "poster") is not a match. Only terms of the message's own language inflect.
_MIN_STEM = 4
_MAX_TERM_ENDING = 2
_MAX_ENDING = 4
_LONG_STEM = 6
# Words at least this long may have one typo (insertion, deletion, substitution) after the first 2 letters.
_MIN_FUZZY_LEN = 7
_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# A term right after a school or course noun names the school, not what is offered or wanted: "escola de hotelaria
# … jantares", "szkoły gastronomicznej … catering", "istituto alberghiero … buffet". It loses to another term.
_SCHOOL_WORDS = word_set(
    "school college course class escola curso turma scuola istituto corso classe szkola szkoly szkole technikum "
    "klasa klasy kierunek mokykla mokyklos kursai kurso klases skola skolas kursi kursa klase "
    "школа школы колледж колледжа курс курса отделение отделения"
)


@dataclass(frozen=True)
class _Term:
    key: str
    language: str
    words: tuple[str, ...]
    weight: int  # 1 = taxonomy term, 0 = learnt from annotated training examples


@dataclass(frozen=True)
class CategoryMatch:
    """The category found, where (word indexes in the folded message) and how sure the match is."""

    key: str
    first_word: int
    word_count: int
    exact: bool
    own_language: bool


class CategoryMatcher:
    """Index of the taxonomy's terms by the 3-letter prefix of their first word."""

    def __init__(self, taxonomy: Taxonomy, learnt: Iterable[tuple[str, str, str]] = ()) -> None:
        """``learnt``: extra (language, text, key) terms, e.g. spans annotated in the training data."""
        self._by_prefix: dict[str, list[_Term]] = defaultdict(list)
        self._phrases: list[str] = []
        self._phrase_keys: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for key, category in taxonomy.categories.items():
            for language, term in category.all_terms():
                self._add(key, language, term, 1, seen)
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for _language, text, key in learnt:
            owners[tuple(w.text for w in words_of(fold(text)))].add(key)
        for language, text, key in learnt:
            if len(owners[tuple(w.text for w in words_of(fold(text)))]) == 1:
                self._add(key, language, text, 0, seen)

    def _add(self, key: str, language: str, term: str, weight: int, seen: set[tuple[str, ...]]) -> None:
        words = tuple(w.text for w in words_of(fold(term)) if not w.text.isdigit())
        if not words or words in seen or (weight == 0 and len(words) == 1 and len(words[0]) < _MIN_STEM):
            return
        seen.add(words)
        self._by_prefix[words[0][:3]].append(_Term(key, language, words, weight))
        self._phrases.append(" ".join(words))
        self._phrase_keys.append(key)

    @staticmethod
    def _word_match(message_word: str, term_word: str) -> int:
        """2 = identical, 1 = same word in another inflection or with one typo, 0 = different."""
        if message_word == term_word:
            return 2
        shorter = min(len(message_word), len(term_word))
        if shorter < _MIN_STEM or message_word.isdigit() or term_word.isdigit():
            return 0
        common = 0
        for a, b in zip(message_word, term_word, strict=False):
            if a != b:
                break
            common += 1
        # A long shared stem may carry a longer derivational ending ("suvirin|ti" ~ "suvirin|imas").
        term_ending = _MAX_TERM_ENDING if common < _LONG_STEM else _MAX_ENDING
        if common >= _MIN_STEM and len(term_word) - common <= term_ending and len(message_word) - common <= _MAX_ENDING:
            return 1
        if (
            shorter >= _MIN_FUZZY_LEN
            and message_word[:2] == term_word[:2]
            and Levenshtein.distance(message_word, term_word, score_cutoff=1) <= 1
        ):
            return 1
        return 0

    def find(self, text: str, language: str | None = None) -> CategoryMatch | None:
        """The best category mentioned in ``text`` (any language; ``language`` breaks ties), or None."""
        if not text:
            return None
        words = [w.text for w in words_of(fold(text)) if not w.text.isdigit()]
        best: CategoryMatch | None = None
        best_rank: tuple[int, int, int, int, int, int] | None = None
        for i, word in enumerate(words):
            if is_place_word(word):  # "em Portugal" read as metalwork ("portão"), "Porto" too
                continue
            for term in self._by_prefix.get(word[:3], ()):
                n = len(term.words)
                if i + n > len(words):
                    continue
                scores = [self._word_match(words[i + j], term.words[j]) for j in range(n)]
                if min(scores) == 0:
                    continue
                exact = min(scores) == 2
                own = term.language == language or language not in LANGUAGES
                if not (exact or own):
                    continue
                names_school = any(w in _SCHOOL_WORDS for w in words[max(0, i - 2) : i])
                rank = (int(exact), int(not names_school), n, int(own), term.weight, -i)
                if best_rank is None or rank > best_rank:
                    best_rank = rank
                    best = CategoryMatch(term.key, i, n, exact, own)
        return best

    def closest_key(self, span: str, cutoff: float = 75.0) -> str | None:
        """Key of the known term most similar to ``span`` (a phrase Rasa's CRF marked as a category).

        Why: the CRF generalises to spans nobody listed ("pjauna žolę"), but then returns the words, not a
        key; the nearest term by character similarity ("pjauti žolę" → landscaping) usually has the key.
        """
        folded = " ".join(w.text for w in words_of(fold(span)) if not w.text.isdigit())
        if not folded:
            return None
        best = process.extractOne(folded, self._phrases, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self._phrase_keys[best[2]] if best else None

    def find_key(self, text: str, language: str | None = None) -> str | None:
        match = self.find(text, language)
        return match.key if match else None


def training_terms(data_dir: Path = _DATA_DIR) -> list[tuple[str, str, str]]:
    """(language, span, key) for the category spans annotated in nlu/data/<lang>/nlu.yml (never nlu/tests/)."""
    from nlu.evaluation import annotated_spans

    terms: list[tuple[str, str, str]] = []
    for language in LANGUAGES:
        path = data_dir / language / "nlu.yml"
        if path.exists():
            terms += [(language, text, key) for text, key in annotated_spans(path)]
    return terms


@cache
def default_matcher() -> CategoryMatcher:
    """Taxonomy terms plus the training data's annotated spans, built once per process (~50 ms)."""
    return CategoryMatcher(load_taxonomy(), training_terms())


def find_category(text: str, language: str | None = None) -> str | None:
    """Taxonomy key of the category ``text`` talks about (e.g. "tortų" → "bakery"), or None."""
    return default_matcher().find_key(text, language)
