"""Input hygiene in one place: what people type is cleaned by the same rules wherever it enters.

Why: Telegram passes on whatever Unicode a client sends. A NUL cannot be stored by PostgreSQL (the
turn fails), other control characters garble what the other side reads, a lone surrogate cannot even
be encoded, and bidi overrides or zero-width characters make a name read as another name or as
nothing at all. The router cleans every incoming text, display name and button payload; the domain
services clean again what they store, so the CLI and the catalogue import follow the same rules.

Free text keeps its line breaks, tabs and any formatting characters (a zero-width joiner is part of an
emoji; direction marks are part of mixed-script text). Names lose every invisible formatting
character; a typed name with text-direction controls, or with nothing visible, is refused.
(Folding for search and NLU — lower case, accents — is another matter: nlu/normalise/_text.py.)
"""

from __future__ import annotations

import re
import unicodedata

from domain.errors import HiddenCharacters, Invalid, TooLong
from domain.limits import DISPLAY_NAME_MAX

# C0 and C1 control characters except tab and line feed, and lone surrogates (which no UTF-8 can carry).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Embeddings, overrides and isolates: they reorder what follows ("\u202eadL ociF" shows as "Fico Lda").
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that render as nothing: Hangul fillers, the braille blank. Names treat them as spaces.
_BLANKS = str.maketrans(dict.fromkeys("\u115f\u1160\u3164\uffa0\u2800", " "))
_VISIBLE = frozenset("LNPS")  # letters, numbers, punctuation, symbols


def tidy(raw: str | None) -> str:
    """Free text: NFC, line breaks as "\\n", control characters (NUL…) and lone surrogates removed.

    Not stripped and not cut: the caller decides (a message must not be cut without telling the sender).
    """
    if not raw:
        return ""
    text = _CONTROLS.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# Characters that split a word without showing ("то\u200bрт" is "торт" on screen); a zero-width joiner only between
# letters (in an emoji it is part of the picture).
_INVISIBLE_IN_WORDS = re.compile("[\u00ad\u200b\u200c\u2060\ufeff]|(?<=[^\\W\\d_])\u200d(?=[^\\W\\d_])")
# Latin letters that look like Cyrillic ones and back: a Russian keyboard slip ("тoрт" with a Latin o) or a
# spam trick makes a word no dictionary knows.
_LATIN_AS_CYRILLIC = str.maketrans("aceopxykmthbACEOPXYKMTHB", "асеорхукмтнвАСЕОРХУКМТНВ")
_CYRILLIC_AS_LATIN = str.maketrans("асеорхукіјѕАВСЕНКМОРТХУ", "aceopxykijsABCEHKMOPTXY")
_LATIN_LOOKALIKES = frozenset("aceopxykmthbACEOPXYKMTHB")
_CYRILLIC_LOOKALIKES = frozenset("асеорхукіјѕАВСЕНКМОРТХУ")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def plain_words(text: str) -> str:
    """Words as they read on screen, for understanding them (the NLU and search; what is stored and passed on stays
    as typed): invisible characters inside words removed, and a word mixing Latin and Cyrillic look-alikes written
    in one script ("тoрт нa юбилей" with Latin o and a is "торт на юбилей"). Only look-alike letters change."""
    if text.isascii():
        return text
    text = _INVISIBLE_IN_WORDS.sub("", text)
    return _LETTER_RUN.sub(_one_script, text)


def _one_script(match: re.Match[str]) -> str:
    word = match.group(0)
    latin = [c for c in word if c.isascii()]
    cyrillic = [c for c in word if "\u0400" <= c <= "\u04ff"]
    if not latin or not cyrillic:
        return word
    if len(cyrillic) >= len(latin) and _LATIN_LOOKALIKES.issuperset(latin):
        return word.translate(_LATIN_AS_CYRILLIC)
    if len(latin) > len(cyrillic) and _CYRILLIC_LOOKALIKES.issuperset(cyrillic):
        return word.translate(_CYRILLIC_AS_LATIN)
    return word


# HTML people paste or type to test a bot: a script or style element with what it holds, and any other tag.
_SCRIPT = re.compile(r"<\s*(script|style)\b[^>]{0,500}>.{0,2000}?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>]{0,500})?/?\s*>")


def without_markup(text: str) -> str:
    """The words of a message without HTML tags: "<b>нужен торт</b>" asks for a cake, and "<script>alert(1)
    </script>" asks for nothing (it opened the alerts list). "<3" and "< 5 kg" are no tags and stay."""
    if "<" not in text:
        return text
    return re.sub(r"[ \t]{2,}", " ", _TAG.sub(" ", _SCRIPT.sub(" ", text))).strip()


def without_scripts(text: str) -> str:
    """A message without script or style elements: "<script>alert(1)</script>" is a probe, not words to answer
    or pass on (other tags stay as typed, and are escaped wherever the text is shown)."""
    return _SCRIPT.sub(" ", text).strip() if "<" in text else text


def has_direction_controls(raw: str | None) -> bool:
    return bool(raw) and not DIRECTION_CONTROLS.isdisjoint(raw or "")


def clean_name(raw: str | None) -> str:
    """A name on one line: tidied, invisible formatting characters removed, spaces collapsed.

    "" when nothing visible is left (only zero-width characters, fillers, spaces or lone accents).
    """
    text = "".join(c for c in tidy(raw).translate(_BLANKS) if unicodedata.category(c) != "Cf")
    name = " ".join(text.split())
    return name if any(unicodedata.category(c)[0] in _VISIBLE for c in name) else ""


def display_name(raw: str | None) -> str:
    """A Telegram display name as stored: cleaned and cut to the column ("" if nothing visible: the bot
    shows a neutral placeholder instead)."""
    return clean_name(raw)[:DISPLAY_NAME_MAX].rstrip()


def typed_name(raw: str | None, minimum: int, maximum: int, code: str) -> str:
    """A name someone typed (company, city): cleaned, or refused with ``code``.

    HiddenCharacters when it carries text-direction controls or has nothing visible although
    something was typed; Invalid when it is too short or too long, or has no letter or digit (emoji only).
    """
    name = clean_name(raw)
    if has_direction_controls(raw) or (not name and tidy(raw).strip()):
        raise HiddenCharacters(code, "invisible or text-direction characters")
    if not minimum <= len(name) <= maximum:
        raise Invalid(code, f"{minimum}..{maximum} characters")
    if not any(c.isalnum() for c in name):  # "🍰🍰", "!!!": nothing another person could read as a name
        raise Invalid(code, "no letters")
    return name


def require_length(text: str, limit: int) -> str:
    """``text`` if it fits ``limit`` characters, else TooLong: never cut what someone wrote without telling them."""
    if len(text) > limit:
        raise TooLong(limit)
    return text


def checked_text(value: str | None, limit: int, *, required: bool = True) -> str:
    """Free text to store: tidied and stripped; empty → Invalid "empty_text" (if required), too long → TooLong."""
    text = tidy(value).strip()
    if required and not text:
        raise Invalid("empty_text")
    return require_length(text, limit)
