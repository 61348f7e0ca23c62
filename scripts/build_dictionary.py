"""Build data/search_dictionary.tsv.gz, the cross-language word table search uses (issue 10), from FreeDict.

Why: a need written in one language must find a listing written in another ("пицца на праздник" → "Pizza per
feste", "hazelnut spread" → "Crema di nocciole"). The taxonomy and the concepts table know a few hundred such
words; bilingual dictionaries know tens of thousands, need no model at run time and cost a dictionary lookup per
unknown word. FreeDict's dictionaries (GPL / CC BY-SA, https://freedict.org, packaged by Debian) cover en, lt, pl,
it, pt and ru between them, with English and Polish as pivots; none covers Latvian.

The table keeps single-word translations between two different languages only where both words are specific:
the source word has at most MAX_SOURCE_SENSES translations and the target word at most MAX_TARGET_SENSES
("hazelnut" → "nocciola", not "course" → "prato" or "appointment" → "baldai"). Both limits were chosen on the
tune and development sets (docs/search.md, "Issue 10, sixth round"). Nobody edits the file by hand; re-run:

    apt-get download $(python -m scripts.build_dictionary --packages)   # into a folder, as any user
    for f in dict-freedict-*.deb; do dpkg-deb -x "$f" freedict; done
    python -m scripts.build_dictionary freedict/usr/share/dictd
"""

from __future__ import annotations

import gzip
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from domain.search.dictionary import DICTIONARY_PATH, MAX_SOURCE_SENSES, MAX_TARGET_SENSES
from domain.search.normalise import fold
from domain.search.stopwords import STOP_WORDS

LANGUAGES = {"eng": "en", "lit": "lt", "pol": "pl", "ita": "it", "por": "pt", "rus": "ru"}
# Dictionaries compiled from Wiktionary (FreeDict+WikDict): the line after the headword holds the translations,
# the lines after it a definition in the source language, which is no translation.
WIKDICT = {"pol-eng", "pol-rus", "pol-ita", "pol-por", "ita-rus"}
PAIRS = (
    "eng-lit", "lit-eng", "eng-pol", "pol-eng", "eng-ita", "ita-eng", "eng-por", "por-eng", "eng-rus",
    "pol-rus", "pol-ita", "pol-por", "ita-rus",
)  # fmt: skip
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WORD = re.compile(r"^[^\W\d_]+$")
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|\{[^}]*\}")
_NUMBERING = re.compile(r"^\s*\d+\.\s*|\s\d+\.\s*$")

Node = tuple[str, str]


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def _entries(folder: Path, pair: str) -> Iterator[tuple[str, str]]:
    """(headword, entry text) of one dictd dictionary."""
    with gzip.open(folder / f"freedict-{pair}.dict.dz") as compressed:
        data = compressed.read()
    for line in (folder / f"freedict-{pair}.index").read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if not head.startswith("00"):
            start = _number(offset)
            yield head, data[start : start + _number(length)].decode("utf-8")


def _word(text: str) -> str:
    """The folded word, or "" for phrases, stop words, very short words and phonetic leftovers."""
    word = fold(text.replace("\u0301", "").strip())  # Russian stress marks
    if not _WORD.match(word) or len(word) < 3 or word in STOP_WORDS:
        return ""
    return "" if any(unicodedata.category(char) == "Lm" for char in word) else word


def _translations(lines: list[str]) -> Iterator[str]:
    for line in lines:
        line = _NUMBERING.sub(" ", _NOTES.sub(" ", line))
        for item in re.split(r"[,;/]", line):
            parts = item.split()
            if len(parts) == 1:
                yield parts[0]


def links(folder: Path) -> set[tuple[Node, Node]]:
    """Every single-word translation of the dictionaries in ``folder``, as an undirected pair of nodes."""
    found: set[tuple[Node, Node]] = set()
    for pair in PAIRS:
        source, target = (LANGUAGES[code] for code in pair.split("-"))
        for head, text in _entries(folder, pair):
            word = _word(head)
            if not word:
                continue
            lines = text.split("\n")[1:]
            lines = lines[:1] if pair in WIKDICT else [line for line in lines if line.strip()]
            for translation in filter(None, map(_word, _translations(lines))):
                found.add(tuple(sorted(((source, word), (target, translation)))))  # type: ignore[arg-type]
    return found


def specific_links(pairs: set[tuple[Node, Node]]) -> dict[Node, list[str]]:
    """The directed links search may follow, by source: two languages, a specific source word and a specific
    target word."""
    senses: dict[Node, int] = defaultdict(int)
    for left, right in pairs:
        senses[left] += 1
        senses[right] += 1
    kept: dict[Node, set[str]] = defaultdict(set)
    for left, right in pairs:
        for source, target in ((left, right), (right, left)):
            if source[0] != target[0] and senses[source] <= MAX_SOURCE_SENSES and senses[target] <= MAX_TARGET_SENSES:
                kept[source].add(target[1])
    return {source: sorted(kept[source]) for source in sorted(kept)}


def main(argv: list[str]) -> None:
    if argv == ["--packages"]:
        print(" ".join(f"dict-freedict-{pair}" for pair in PAIRS))
        return
    folder = Path(argv[0] if argv else "/usr/share/dictd")
    kept = specific_links(links(folder))
    lines = [
        "# Generated by scripts/build_dictionary.py from FreeDict (https://freedict.org; GPL-2+ / CC BY-SA, see the",
        "# dictionaries' own notices): do not edit by hand, re-run it.",
        "# language\tword\tits translations in other languages, separated by spaces",
    ]
    lines += [f"{language}\t{word}\t{' '.join(found)}" for (language, word), found in kept.items()]
    with DICTIONARY_PATH.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))  # mtime 0: the same input gives the same bytes
    print(f"{sum(map(len, kept.values()))} links of {len(kept)} words → {DICTIONARY_PATH}")


if __name__ == "__main__":
    main(sys.argv[1:])
