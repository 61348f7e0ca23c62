"""Identify which of the seven supported languages a chat message is written in.

Why these rules around lingua: the statistical detector is good on sentences but guesses on one or two
words ("ok", "Kaunas", "3D"), where the user's saved language (or Telegram's ``language_code``) is a
better answer; and Cyrillic text is always Russian among our seven languages, so we do not need a model
for it. lingua is restricted to the seven languages (fewer confusions, less memory) and built once,
lazily, with its models preloaded. Loading the seven models costs the same either way (measured 2–5 s
on the 2-core dev machine under load; ~0.3 s when the process already has them cached); preloading
just moves that cost from the first message to ``get_detector()``, which the bot can call at start-up.
After that a short message takes well under 1 ms. Only the first ``_MAX_CHARS`` characters are looked
at: that is plenty to tell the language, and it keeps a 10,000-character paste fast.
"""

from __future__ import annotations

import threading
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED: Final = ("lt", "lv", "en", "pl", "it", "pt", "ru")
UNKNOWN: Final = "unknown"
_SHORT_MESSAGE_WORDS: Final = 2
_MAX_CHARS: Final = 1000

_LINGUA_TO_CODE: Final = {
    Language.LITHUANIAN: "lt",
    Language.LATVIAN: "lv",
    Language.ENGLISH: "en",
    Language.POLISH: "pl",
    Language.ITALIAN: "it",
    Language.PORTUGUESE: "pt",
    Language.RUSSIAN: "ru",
}

_detector: LanguageDetector | None = None
_lock = threading.Lock()


def get_detector() -> LanguageDetector:
    """The shared lingua detector for the seven languages, built on first use (thread-safe)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = (
                    LanguageDetectorBuilder.from_languages(*_LINGUA_TO_CODE).with_preloaded_language_models().build()
                )
    return _detector


def normalise_language_code(code: str | None) -> str | None:
    """Map "pt-br", "en-US", "LT", "ru_RU" to a supported base code; None if not one of the seven."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in SUPPORTED else None


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def detect_language(text: str, fallback: str | None = None) -> str:
    """Return "lt", "lv", "en", "pl", "it", "pt", "ru" or "unknown" for ``text``.

    Rules, in order: no letters → "unknown"; mostly Cyrillic letters → "ru" (the only Cyrillic language
    we support, whatever the length); at most two words and a usable ``fallback`` (the user's saved
    language or Telegram's language code, e.g. "pt-br") → the fallback; otherwise lingua's answer.
    """
    text = text[:_MAX_CHARS]
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return UNKNOWN
    cyrillic = sum(1 for c in letters if _is_cyrillic(c))
    if cyrillic * 2 >= len(letters):
        return "ru"
    preferred = normalise_language_code(fallback)
    if preferred is not None and len(text.split()) <= _SHORT_MESSAGE_WORDS:
        return preferred
    detected = get_detector().detect_language_of(text)
    if detected is None:
        return preferred or UNKNOWN
    return _LINGUA_TO_CODE.get(detected, UNKNOWN)
