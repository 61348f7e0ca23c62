"""Which words of a whole chat message name the need, and which are the message around it.

People write to the bot as to a person: "Hi there, we're a small agency in Vilnius and we'd love about 40
Neapolitan pizzas for our summer party, budget around 400 euros. Thanks!" Greetings, quantities, dates,
prices and request verbs are stop words (stopwords.py) and bare numbers are dropped (normalise.py); places
count little (ranking.PLACE_WORD_WEIGHT). What remains still mixes the need ("pizzas", "party") with words
about the sender ("agency", "small"), which would pull in marketing listings and dilute the share of the
query a good listing matches.

A request verb ("need", "reikia", "potrzebujemy", "нужно", "cerchiamo", "precisamos", "vajag", ...) starts
the need: in a message of several clauses, the words from a request verb to the end of its sentence are the
*focus* and count fully, the other content words count FLUFF_WEIGHT. A short query, or a message with no
request verb, is all focus. The verbs are kept here (and not taken from nlu/normalise) because ``domain``
does not import ``nlu``; they are the same request words the stop lists already drop.
"""

from __future__ import annotations

import re

from domain.search.normalise import MAX_QUERY_CHARS, word_slots, words
from domain.search.stopwords import word_set

FLUFF_WEIGHT = 0.35
# A message with fewer content words than this is a query, not a letter: every word is the need.
MIN_WORDS_FOR_FOCUS = 6

_TRIGGER_WORDS = """
    need needs needed needing looking want wanted wants require requires required seeking searching love like
    order ordering interested quote make produce supply install repair organise organize
    reikia reiketu reikalingas reikalinga reikalingi reikalingos ieskome ieskau ieskoma norime noretume
    noriu norecau noretu uzsakyti galetumete galetumet galite pagaminti
    vajag vajadzetu vajadzigs vajadziga vajadzigi vajadzigas nepieciesams nepieciesama nepieciesami
    meklejam mekleju gribam gribetu gribu velamies velos pasutit
    potrzebujemy potrzebuje potrzebny potrzebna potrzebne szukamy szukam poszukujemy poszukuje chcemy
    chcielibysmy chcialbym chcialabym zamowic potrzebowalibysmy
    cerchiamo cerco bisogno serve servono servirebbe servirebbero vorremmo vorrei ordinare avremmo
    precisamos preciso precisava precisavamos precisariamos precisaria necessitamos necessito
    procuramos procuro queremos quero queria queriamos gostariamos gostaria
    encomendar
    нужен нужна нужно нужны надо ищем ищу хотим хотели хотел хотела требуется заказать
"""
_TRIGGERS = frozenset(_TRIGGER_WORDS.split())
# Sentence ends: ! ? ; new lines, and a full stop or colon before a capital letter or the end. A full stop
# inside a sentence ("15 d.", "ul.") is followed by a lower-case word and does not end it.
_CLAUSE_END = re.compile(r"[!?;\n]+|[.:](?=\s+[^\W\d_a-zа-я]|\s*$)")
# The focus runs from the request verb for at most this many words: the need, not the rest of the letter.
FOCUS_WORDS = 8


# Saying what one owns or runs before the need: "sou dono de uma padaria no Porto e preciso de um site", "we run a
# bakery and need a website", "turiu kavinę ir man reikia…": the business is the sender, not the need.
_OWNING = word_set(
    "own owns run runs owner owners dono dona donos tenho temos turiu turime savininkas savininke vadovauju "
    "valdau mam mamy prowadze prowadzimy posiadam ho abbiamo gestisco gestiamo titolare владею владелец руковожу "
    "vadu"
)
_OWNING_AFTER = {"меня": ("у",), "нас": ("у",), "ir": ("man", "mums")}


def _owned(text: str) -> set[str]:
    """The words from an owning verb to the request verb after it (same message), if there is one."""
    said = words(text[:MAX_QUERY_CHARS])
    for i, word in enumerate(said):
        before = said[i - 1] if i else ""
        after = _OWNING_AFTER.get(word)
        if word in _OWNING or (after is not None and before in after):
            for j in range(i + 1, len(said)):
                if said[j] in _TRIGGERS:
                    return set(said[i + 1 : j]) - set(said[j:])
            return set()
    return set()


def focus_weights(text: str, content: list[str]) -> list[float]:
    """A weight factor per word of ``content`` (the query's content words, in order): 1 or FLUFF_WEIGHT."""
    owned = _owned(text)
    if owned & set(content) and set(content) - owned:
        return [FLUFF_WEIGHT if word in owned else 1.0 for word in content]
    if len(content) < MIN_WORDS_FOR_FOCUS:
        return [1.0] * len(content)
    focused: set[str] = set()
    found_trigger = False
    for clause in _CLAUSE_END.split(text[:MAX_QUERY_CHARS]):
        clause_words = words(clause)
        for position, word in enumerate(clause_words):
            if word in _TRIGGERS:
                found_trigger = True
                focused.update(clause_words[position : position + FOCUS_WORDS])
                break
    if not found_trigger or not focused & set(content):
        return [1.0] * len(content)
    return [1.0 if word in focused else FLUFF_WEIGHT for word in content]


# Where a noun phrase has its head: English, Lithuanian and Latvian put modifiers first ("sea salt",
# "automobilių nuoma", "kāzu torte"); Polish, Russian, Italian and Portuguese put the head first
# ("perevozka mebeli", "seguro automóvel", "analisi dell'acqua"), with adjectives usually before it in
# Polish and Russian ("bursztynowa biżuteria", "гречишный мёд").
HEAD_LAST = frozenset({"en", "lt", "lv"})
HEAD_FIRST = frozenset({"pl", "ru", "it", "pt"})
# Lithuanian and Latvian end a need with whom it is for, in the dative ("tyrimas sodui", "torte kolēģim",
# "logotipas naujai įmonei"): the head is the last word before such a tail.
_DATIVE_ENDINGS = {
    "lt": ("ui", "ai", "ei", "ams", "oms", "ems", "ims", "iems"),
    "lv": ("am", "ai", "ei", "iem", "em", "im"),
}
_ADJECTIVE_ENDINGS = {
    "pl": ("owy", "owa", "owe", "owych", "ny", "na", "ne", "ski", "ska", "skie", "cki", "cka", "ckie"),
    "ru": ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их"),
}
# Russian verbs in the infinitive open a need without naming it ("настроить компьютеры", "починить
# холодильник"): the head is the noun after them. Only long words: "сеть", "нить" are nouns.
_VERB_ENDINGS = {"ru": ("ить", "овать", "ировать")}
_VERB_MIN_LETTERS = 6


def need_phrase(text: str, language: str | None, stop_words: frozenset[str]) -> list[str]:
    """The first run of content words of a message (folded), after its first request verb if it has one: in a
    short query, the thing asked for.

    What follows a preposition or another stop word ("for our office", "dla restauracji", "do kuchni")
    says whom or what the need is for, not what it is. In Lithuanian and Latvian that tail is a dative
    without a preposition ("tyrimas sodui", "logotipas naujai įmonei"), dropped by its ending.
    """
    slots = word_slots(text[:MAX_QUERY_CHARS])
    # In a chat message the need follows its request verb ("мы небольшая фирма … и ищем ремонт ноутбука"): the
    # words before it say who is writing. A verb with nothing after it ("… is all we need") leaves the first run.
    start = next((i + 1 for i, word in enumerate(slots) if word in _TRIGGERS), 0)
    phrase = _first_run(slots[start:], stop_words) or _first_run(slots, stop_words)
    datives = _DATIVE_ENDINGS.get(language or "", ())
    while len(phrase) > 1 and phrase[-1].endswith(datives):
        phrase.pop()
    return phrase


def _first_run(slots: list[str], stop_words: frozenset[str]) -> list[str]:
    phrase: list[str] = []
    for word in slots:
        if not word or word in stop_words:
            if phrase:
                break
            continue
        phrase.append(word)
    return phrase


def head_word(phrase: list[str], language: str | None) -> str | None:
    """The head noun of a need phrase, by the language's word order; None when the language is not known.

    What a short query asks for is its head: "tattoo removal" asks for a removal, "amber jewellery" for
    jewellery. A word nobody in the catalogue knows may be a modifier the catalogue says in another
    language ("amber" of "gintaro papuošalai"), but when it is the head ("перевозка мебели", "automobilių
    nuoma") nothing offers the thing asked for, however well the other word matches.
    """
    if not phrase or (language not in HEAD_LAST and language not in HEAD_FIRST):
        return None
    if language in HEAD_LAST:
        return phrase[-1]
    endings = _ADJECTIVE_ENDINGS.get(language or "", ())
    verbs = _VERB_ENDINGS.get(language or "", ())
    for word in phrase:
        if not word.endswith(endings) and not (len(word) >= _VERB_MIN_LETTERS and word.endswith(verbs)):
            return word
    return phrase[-1]
