"""Which of the seven languages a message names ("switch to English", "kalbėk lietuviškai", "по-русски").

Stems are the *language* forms (adjectives and adverbs), never the country's name: "and in Italy?" names a
place, not a wish to read Italian. Folded like every other table in ``nlu`` (no Latin diacritics).
"""

from __future__ import annotations

from typing import Final

from nlu.normalise._text import fold

LANGUAGE_STEMS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("english", "angl", "англ", "inglese", "ingles", "angiel"),
    "lt": ("lithuanian", "lietuvi", "литов", "lituano", "lituana", "litewsk", "lietuvies", "litovsk"),
    "lv": ("latvian", "latvies", "latvisk", "latviu", "латыш", "латвийск", "lettone", "lotewsk", "letao", "leta ",
           "latysh"),
    "pl": ("polish", "lenkisk", "lenku", "польск", "polacc", "polones", "polaco", "polski", "polsku", "polskim",
           "polu valod", "polu ", "polisk"),
    "it": ("italian", "italiano", "italiana", "italisk", "italu", "итальян", "wlosk", "italyan", "italjan"),
    "pt": ("portuguese", "portugues", "portoghese", "португальск", "portugalisk", "portugalsk", "portugalu"),
    "ru": ("russian", "русск", "krievu", "krievisk", "rusisk", "rusu", "rosyjsk", "russo", "russa", "po rosyjsku",
           "russk", "po ruski", "po-ruski"),  # Russian typed in Latin letters: "govori po russki", "na russkom"
}  # fmt: skip


def language_named(text: str) -> str | None:
    """The code of the one language the message names, or None (none, or several)."""
    folded = fold(text) + " "
    named = {code for code, stems in LANGUAGE_STEMS.items() if any(stem in folded for stem in stems)}
    return named.pop() if len(named) == 1 else None
