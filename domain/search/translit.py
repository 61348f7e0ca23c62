"""Russian typed in Latin letters ("nuzhen sait dlya kafe v rige"): recognised and written back in Cyrillic.

Why: people on a phone without a Cyrillic keyboard write Russian this way, and neither language identification nor a
model trained on Cyrillic reads it. Spelling back is approximate (no soft signs, "i" for both и and й), which is
enough for character n-grams and for the fuzzy place and category look-ups that follow, and for search, which
matches the Cyrillic words of listings and of the taxonomy's Russian synonyms. It lives with search because
``domain`` does not import ``nlu``; the NLU and the bot import it from here.
"""

from __future__ import annotations

import re
from typing import Final

from domain.search.normalise import fold
from domain.search.stopwords import word_set

# Everyday Russian words as people transliterate them (several spellings each); two of them make a message Russian.
# Not words that are also Polish or Czech ("kto", "nam", "tort", "remont", "zakaz").
MARKERS: Final = word_set(
    "nuzhen nuzhna nuzhno nuzhny nado ishchem ishem ischem ishu ishchu mozhet mozhete mozhno sdelat "
    "dlya dlia mne nashei nashego nashi nashih vashi vashih pozhaluysta pozhaluista pojaluista privet "
    "zdravstvuite zdravstvuyte spasibo khochu hochu khotim hotim zakazat skolko stoit gde "
    "kogo nibud chto chtoby ili ochen segodnya zavtra nedelyu nedeli cherez "
    "sait saita sayt kompanii ofisa ofis uborka pirozhki povara korporativ "
    "chelovek studenty studentov ucheniki mogut mozhem pomenyat pochinit ispech "
    "zdravstvuite zdrastvuite dobryi dobrii vecher utro pomogite podskazhite srochno deshevo nedorogo "
    "svadbu svadba svadby rozhdeniya yubilei yubiley korporativa shkola shkoly shkole uchenikov rebyata "
    "pokrasit napechatat sshit sshyut pochinit otremontirovat ubrat uborku sdelaete sdelaite sdelayte "
    "kakoi kakaya kakie kogda pochemu eto etot tolko khorosho horosho ladno menya tebya vashei vashego vashu "
    "nashu nashemu nashei budet bylo smozhete mozhete zakazhu khotel khotela khoteli hoteli tortik pirog "
    "rublei evro stoimost poka segodnya "
    "pokazhi pokazhite pokazat zaprosy zaprosov zadaniya zadanie prinimayu prinimaem ponyal ponyala gotovo "
    # not "remont", "torty", "uslugi": Polish words as well
    "mashina mashiny mashinu avtomobil avtomobilya avtoservis dostavka dostavku tortov "
    "tsvety cvety buket pervyj pervyi vtoroj vtoroi tretij odna odnu dve "
    "ya davaite davayte davai tot iz ot kotoryi kotoryy kotoroe vot takoi takaya "
    "kakoj kakoe moego moei moyu moj moi tvoj zakaza zakazu mebeli mebel mebelyu kvartiry kvartire"
)
# Longest first: "shch" before "sh", "zh", "ch"; "yo"/"yu"/"ya" before "y".
_DIGRAPHS: Final = (
    ("shch", "щ"), ("iya", "ия"), ("iye", "ие"), ("iyu", "ию"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("ju", "ю"), ("ja", "я"), ("iy", "ий"), ("yy", "ый"),
)  # fmt: skip
_LETTERS: Final = dict(zip("abvgdezijklmnoprstufhcyx'w", "абвгдезийклмнопрстуфхцыкьв", strict=True))
_DIGRAPH_RE: Final = re.compile("|".join(d for d, _ in _DIGRAPHS))
_WORD_RE: Final = re.compile(r"[a-z']+")


# Spellings only Russian in Latin letters has among our languages: "zh", "kh", "shch" anywhere, the plural case
# endings "-akh", "-ykh", "-ikh" ("v bankakh", "dlya nashikh"), reflexive verbs ("slomalsia", "nravitsya") and
# adjectives in "-yi"/"-iy" ("landshaftnyi"). Each word so spelt counts as a marker.
_RUSSIAN_SPELLING: Final = re.compile(r"zh|kh|shch|(?:a|y|i)kh$|(?:s|t)(?:ya|ia)$|[^aeiou](?:yi|iy|yy)$")


def looks_like_translit_russian(text: str) -> bool:
    """Latin letters only, and at least two everyday Russian words among them (or one in a very short message)."""
    folded = fold(text)
    if any("а" <= c <= "я" for c in folded):
        return False
    words = _WORD_RE.findall(folded)
    hits = sum(1 for w in words if w in MARKERS or _RUSSIAN_SPELLING.search(w))
    return hits >= 2 or (hits == 1 and len(words) <= 2)


# "i" after а, е or у and before a consonant is й: "sait" = сайт, "seichas" = сейчас, "zdravstvuite" = здравствуйте
# (not after о: "stoit" = стоит).
_SHORT_I_RE: Final = re.compile(r"(?<=[аеу])и(?=[бвгджзклмнпрстфхцчшщ])")


# "ia"/"iu" after a consonant is я/ю in the common transliteration of "для", "меня", "меню" ("dlia", "menia",
# "meniu"), as unidecode and many keyboards' users write them; "ia" at a word's start or after a vowel stays.
_IA_IU_RE: Final = re.compile(r"(?<=[bcdfghklmnprstvz])i([au])")


def _word_to_cyrillic(word: str) -> str:
    word = _IA_IU_RE.sub(lambda m: "я" if m.group(1) == "a" else "ю", word)
    word = _DIGRAPH_RE.sub(lambda m: dict(_DIGRAPHS)[m.group(0)], word)
    out = _SHORT_I_RE.sub("й", "".join(_LETTERS.get(c, c) for c in word))
    return out[:-1] + "й" if out.endswith(("ои", "ыи", "аи", "еи")) else out


def to_cyrillic(text: str) -> str:
    """The Latin words of ``text`` in Cyrillic letters; digits, punctuation and spacing unchanged."""
    return _WORD_RE.sub(lambda m: _word_to_cyrillic(m.group(0)), fold(text))


def as_russian(text: str, language: str | None) -> str:
    """``text`` in Cyrillic when it is said to be Russian and is typed in Latin letters that read as Russian
    ("pervyj, dve korobki k pyatnice 18"); otherwise as it is."""
    if language == "ru" and text.isascii() and looks_like_translit_russian(text):
        return to_cyrillic(text)
    return text


_TO_LATIN: Final = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
         "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
        strict=True,
    )
)  # fmt: skip


def to_latin(text: str) -> str:
    """Cyrillic letters spelt in Latin ones, the way a name is looked up: "студент Б" → "student b", "Йонас" →
    "jonas" (a Russian keyboard types the names of Lithuanian or Latvian students in Cyrillic)."""
    return "".join(_TO_LATIN.get(c, _TO_LATIN.get(c.lower(), c)) for c in text)
