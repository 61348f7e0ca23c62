"""The plain-language (easy-read) versions in all seven catalogues: short sentences, all translated.

Why a test: plain language is a promise to students with reading difficulties (ARCHITECTURE.md: "an interface
that a student with reading or attention difficulties can use"). The rule that can be counted is counted here —
at most twelve words a sentence, after placeholders, markup and emoji are taken out — on every plain version
(msgctxt "easy", bot/easy_read.py) in every catalogue, every plural form included; and every one of them must
be translated in all seven languages and belong to a message the code still says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import EASY, translator
from domain.taxonomy import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
MAX_WORDS = 12
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")
WORD = re.compile(r"[/\w][\w'’/-]*")  # "/tasks", "l'insegnante", "Escreva-me": one word each


def _catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _plain(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id and m.context == EASY]


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def sentences(text: str) -> Iterator[list[str]]:
    """The words of each sentence of ``text``, without placeholders, markup and emoji."""
    bare = TAG.sub("", PLACEHOLDER.sub("", text))
    for sentence in SENTENCE_END.split(bare):
        words = WORD.findall(sentence)
        if words:
            yield words


def test_the_sentence_counter_counts_words() -> None:
    assert [len(s) for s in sentences("📋 You have a new task: {title}.\nPress 🏁 Done when you finish.")] == [5, 5]
    assert [len(s) for s in sentences("<b>Send /tasks</b> to see them. Then rest!")] == [5, 2]
    assert [len(s) for s in sentences("✅ «{title}» is already finished. Thank you!")] == [3, 2]


def test_the_template_has_plain_versions_of_messages_the_code_says() -> None:
    template = _catalog(LOCALES / "messages.pot")
    plain = {_key(m) for m in _plain(template)}
    ordinary = {_key(m) for m in template if m.id and m.context is None}
    assert len(plain) >= 80
    assert not plain - ordinary, f"plain versions of messages no longer in the code: {sorted(plain - ordinary)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plain_version_is_translated(language: str) -> None:
    template = {_key(m) for m in _plain(_catalog(LOCALES / "messages.pot"))}
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    found = {_key(m): m for m in _plain(catalog)}
    assert not template - found.keys(), f"{language}: missing {sorted(template - found.keys())[:5]}"
    problems = []
    for key, message in found.items():
        if not all(s.strip() for s in _strings(message)):
            problems.append(f"untranslated: {key!r}")
        ordinary = catalog.get(message.id if isinstance(message.id, str) else message.id[0])
        copied = ordinary is not None and _strings(ordinary) == list(_strings(message))
        if language != "en" and _strings(message)[0] == key and not copied:
            problems.append(f"English left in: {key!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_sentences_have_at_most_twelve_words(language: str) -> None:
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    long = [
        f"{len(words)} words: {' '.join(words)!r} (in {_key(message)!r})"
        for message in _plain(catalog)
        for text in _strings(message)
        for words in sentences(text)
        if len(words) > MAX_WORDS
    ]
    assert not long, f"{language}: sentences over {MAX_WORDS} words\n" + "\n".join(long)


@pytest.mark.parametrize("language", LANGUAGES)
def test_easy_read_chooses_the_plain_version(language: str) -> None:
    """The same call, two settings: the plain words only when easy-read is on (compiled catalogues)."""
    msgid = "Write it in one message. I will send it to your teacher."
    ordinary, plain = translator(language)._(msgid), translator(language, easy=True)._(msgid)
    assert ordinary != plain and "\n" in plain
    assert translator(language, easy=True).n_("📋 You have {n} task.", "📋 You have {n} tasks.", 3) == translator(
        language
    ).n_("📋 You have {n} task.", "📋 You have {n} tasks.", 3)
