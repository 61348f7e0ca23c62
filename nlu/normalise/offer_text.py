"""An offer described in one message ("mūsų mokiniai gali iškepti tortus už 25 eur/kg per 3 dienas"): its title,
price unit and minimum order, in any of the seven languages.

Why in ``nlu``: these are words of human languages (units, openings such as "we offer" / "siūlome",
connectors), and they live with the other normalisers so that adding a language touches one place. The
offer flow (bot/flows/offer.py) turns what is found here into a draft card.
"""

from __future__ import annotations

import re
from decimal import Decimal

from nlu.normalise._text import fold, words_of
from nlu.normalise.categories import default_matcher
from nlu.normalise.numbers import MAX_QUANTITY, extract_quantity
from nlu.normalise.vocab import word_set

SUGGESTIONS = 3
TITLE_MAX_CHARS = 120

# Unit words in every language, folded (lower case, no Latin diacritics). Checked right after the
# price first ("25 eur/kg", "1,20 € por unidade"), then anywhere.
UNIT_WORDS: dict[str, frozenset[str]] = {
    "kg": word_set("kg kilo kilogram kilograms kilogramas kilograma kilogramu kilogramo кг килограмм "
                    "килограмма chilo chilogrammo quilo quilos kilogramos kilograms"),
    "hour": word_set("hour hours hr val valanda valandai valanda stunda stundu stunda godz godzina godzine "
                      "godzinę час часа ora hora"),
    "person": word_set("person persons people guest guests asmeniui asmeni asmens zmogui cilvekam personai "
                        "osobe osoby osoba osob persona persone pessoa pessoas человека человек чел zmoniu zmones "
                        "cilveki cilvekiem"),
    "item": word_set("item items piece pieces pc pcs vnt vienetas vieneta gab gabals gabala szt sztuka sztuke "
                      "шт штука штуку pezzo pezzi unidade unidades unit units"),
    "project": word_set("project projektas projekta projekts projektu projekt projektu progetto projeto "
                         "проект проекта"),
}  # fmt: skip
# How an offer message starts, in folded words; removed from the title ("we offer cakes" → "Cakes").
OFFER_PREFIXES = tuple(
    tuple(p.split())
    for p in sorted(
        [
            "we offer", "we can", "our students can", "our students make", "our students offer",
            "our school offers", "new offer", "offer",
            "siulome", "mes siulome", "musu mokiniai gali", "musu mokiniai", "musu studentai gali", "galime",
            "piedavajam", "mes piedavajam", "musu audzekni var", "musu audzekni", "musu skoleni var", "varam",
            "oferujemy", "my oferujemy", "nasi uczniowie moga", "nasi uczniowie", "mozemy", "proponujemy",
            "offriamo", "noi offriamo", "i nostri studenti possono", "i nostri studenti", "i nostri allievi possono",
            "possiamo", "proponiamo",
            "oferecemos", "nos oferecemos", "os nossos alunos podem", "os nossos alunos", "nossos alunos podem",
            "podemos",
            "мы предлагаем", "предлагаем", "наши ученики могут", "наши ученики", "наши студенты могут", "мы можем",
            "можем",
        ],
        key=lambda p: -len(p.split()),
    )
)  # fmt: skip
# Words that join the title to the price or lead time ("tortai už 25 eur", "pastéis de nata a 1,20 €").
CONNECTORS = word_set("uz per po nuo iki for at from in within each par no lidz za od do w a da al in entro por "
                       "em de ate по за от в до через")  # fmt: skip
MINIMUM_RE = re.compile(
    r"(?:\bmin\w*\.?|\bnuo|\bfrom|\bod|\bот|\bне менее|\bне меньше|\bхотя бы|\ba partir d[eo]|\bvismaz|\bno minimo"
    r"|\bminimo|\bat least|\bma[žz]iausiai|\bbent|\balmeno|\bpelo menos|\bprzynajmniej|\bco najmniej)"
    r"\s*:?\s*(\d{1,7})(?![\d.,]\d)"
    # Latvian "no 10 gabaliem" (from 10 pieces): "no" is "from" only before a count of pieces
    r"|\bno\s+(\d{1,7})\s+(?:gab|vien|iepak|kom|porc)",
)
CLAUSE_RE = re.compile(r"[!?;\n]|[.,:](?=\s|$)|\s[–—-]\s")
AMOUNT_RE = re.compile(r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?")
WORD_RE = re.compile(r"[^\W_]+")


def guess_unit(text: str, after: int = 0) -> str | None:
    """The price unit named in ``text``; words within five after the price (word index ``after``) first."""
    words = [w.text for w in words_of(fold(text))]
    for window in (words[after : after + 5], words):
        for word in window:
            for unit, vocabulary in UNIT_WORDS.items():
                if word in vocabulary:
                    return unit
    return None


def price_word_index(text: str, amount: Decimal) -> int:
    """Index (in folded words) of the price's integer part, so the unit is looked for right after it."""
    integer = str(int(amount))
    words = [w.text for w in words_of(fold(text))]
    return words.index(integer) if integer in words else 0


# An opening that only asks to post ("Chcę dodać ofertę: …", "Noriu paskelbti naują pasiūlymą: …"): folded stems
# of "offer", "listing", "ad"; such a clause before a colon is no part of the title.
POSTING_NOUNS = ("offer", "listing", "pasiulym", "skelbim", "piedavajum", "sludinajum", "ofert", "ogloszen",
                 "offert", "annunci", "anunci", "предложени", "объявлени", "predlozhen")  # fmt: skip
POSTING_CLAUSE_MAX_WORDS = 8  # "we would like to post a new offer"


def posting_request_named(text: str) -> bool:
    """The words name an offer as such ("the cakes offer", "pasiūlymą", "предложение")."""
    return any(w.text.startswith(POSTING_NOUNS) for w in words_of(fold(text)))


def posting_request_only(text: str) -> bool:
    """The message only asks to post an offer ("new offer", "Chcę dodać ofertę", "paskelbti", "опубликовать"):
    there is nothing in it to draft from, so the offer is to be described first."""
    rest = _strip_prefix(text.strip())
    words = [w.text for w in words_of(fold(rest))]
    if any(w.isdigit() for w in words):
        return False
    return len(words) <= 1 or (len(words) <= POSTING_CLAUSE_MAX_WORDS and any(
        w.startswith(POSTING_NOUNS) for w in words))  # fmt: skip


def without_posting_request(text: str) -> str:
    """The offer's own words, without an opening clause that only asks to post it ("post this offer please: Wedding
    cakes, …", "Chcę dodać ofertę: …"): customers read the description, and the request was at its head."""
    head, colon, tail = text.partition(":")
    return tail.strip() if colon and tail.strip() and posting_request_only(head) else text


# A chattier opening ending in an offer verb ("Our pastry students want to offer …", "we would like to offer you
# …", "la nostra scuola propone …"): folded stems of the verb, found within the first few words.
OFFER_VERB_STEMS = ("offer", "siul", "pasiul", "piedava", "oferuj", "oferowa", "zaoferowa", "propon", "offri", "offr",
                    "oferec", "ofere", "предлаг", "предложи")  # fmt: skip
OPENING_MAX_WORDS = 6
# The person offered to, after the verb: "offer you", "pasiūlyti jums", "zaoferować Państwu", "предложить вам".
OFFERED_TO = word_set("you jums jus wam panstwu państwu вам vam vi ti lhe lhes voce vos")


def _strip_offer_verb(text: str) -> str:
    """The text after an opening that ends in an offer verb, when the verb comes within the first words of the
    first clause and something follows it there; the text as it is otherwise ("3D printing, offered at 5 eur")."""
    clause = CLAUSE_RE.split(text, maxsplit=1)[0]
    spans = list(WORD_RE.finditer(clause))
    for i, match in enumerate(spans[:OPENING_MAX_WORDS]):
        word = fold(match.group())
        if word.isdigit():
            break
        if i > 0 and word.startswith(OFFER_VERB_STEMS):
            rest = spans[i + 1 :]
            while rest and fold(rest[0].group()) in OFFERED_TO:
                rest = rest[1:]
            if rest:
                return text[rest[0].start() :]
            break
    return text


def _strip_prefix(text: str) -> str:
    """The message without its "we offer"/"mūsų mokiniai gali" opening (word-aligned: fold keeps words), or its
    "I want to add an offer:" clause."""
    head, colon, tail = text.partition(":")
    if colon and tail.strip() and posting_request_only(head):
        text = tail.strip()
    for _ in range(2):  # "We offer: our students can …"
        folded = [w.text for w in words_of(fold(text))]
        for prefix in OFFER_PREFIXES:
            if tuple(folded[: len(prefix)]) == prefix:
                ends = [m.end() for m in WORD_RE.finditer(text)]
                text = text[ends[len(prefix) - 1] :].lstrip(" \t:–—-,.")
                break
        else:
            break
    return _strip_offer_verb(text)


def extract_title(text: str, max_chars: int = TITLE_MAX_CHARS) -> str | None:
    """A title from the offer message: its first clause without the opening and the price/lead part."""
    rest = _strip_prefix(text.strip())
    clause = CLAUSE_RE.split(rest, maxsplit=1)[0]
    words = list(WORD_RE.finditer(clause))
    cut = len(clause)
    for i, match in enumerate(words):
        if match.group().isdigit():  # "3D printing" keeps its "3D"
            cut = match.start()
            while i > 0 and fold(words[i - 1].group()) in CONNECTORS:
                i -= 1
                cut = words[i].start()
            break
    symbol = re.search(r"[€$£₽]", clause[:cut])
    if symbol:
        cut = symbol.start()
    title = " ".join(clause[:cut].split()).strip(" ,.:;–—-")
    if len(title) > max_chars:
        title = title[:max_chars].rsplit(" ", 1)[0]
    if len(title) < 3:
        return None
    return title[0].upper() + title[1:]


def extract_minimum(text: str, language: str) -> int | None:
    match = MINIMUM_RE.search(text.lower())
    value = int(match.group(1) or match.group(2)) if match else None
    if value is None and any(w in fold(text) for w in ("minim", "mazak", "maziaus", "najmniej", "миним")):
        value = extract_quantity(text, language)
    return value if value is not None and 1 <= value <= MAX_QUANTITY else None


def category_suggestions(text: str, language: str, first: str | None) -> list[str]:
    """Up to three categories the message mentions, the NLU's choice first."""
    keys = [first] if first else []
    words = [w.text for w in words_of(fold(text)) if not w.text.isdigit()]
    matcher = default_matcher()
    while words and len(keys) < SUGGESTIONS:
        match = matcher.find(" ".join(words), language)
        if match is None:
            break
        if match.key not in keys:
            keys.append(match.key)
        del words[match.first_word : match.first_word + match.word_count]
    return keys
