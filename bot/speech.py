"""Speaking a message aloud: eSpeak NG (from the ``espeakng-loader`` wheel) to PCM, then OGG/Opus with soundfile.

Why these: eSpeak NG speaks all seven of our languages (lt lv en pl it pt ru) from voice data that the wheel
bundles next to its library, so nothing is downloaded or installed at run time; ``soundfile``'s wheels bundle
libsndfile with its Opus encoder, and Telegram shows a voice note only for OGG with the Opus codec. Opus
takes 48 kHz (among a few rates eSpeak's 22,050 Hz is not), so the speech is resampled.

eSpeak keeps one global state (voice, callback), so every synthesis holds a lock; callers run it in a thread
(:func:`speak`) because a few seconds of speech take some tens of milliseconds to make and encode.
"""

from __future__ import annotations

import asyncio
import ctypes
import html
import io
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


OPUS_RATE = 48_000
SPEECH_MAX_CHARS = 1_500  # about two minutes of speech: more is not a message to listen to
WORDS_PER_MINUTE = 150  # eSpeak's default is 175; a little slower is easier to follow
VOICES = {"lt": "lt", "lv": "lv", "en": "en", "pl": "pl", "it": "it", "pt": "pt", "ru": "ru"}

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_RATE = 1  # espeakRATE
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")
_BEFORE_STOP = re.compile(r" +([.,!?:;])")
_COMMAND = re.compile(r"(?<![\w/])/(?=[a-z])")  # "/tasks" is said "tasks", not "slash tasks"
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


@dataclass(frozen=True)
class Speech:
    """A voice note: OGG/Opus bytes and how long it lasts."""

    ogg: bytes
    seconds: float

    @property
    def duration(self) -> int:
        """Whole seconds, as Telegram's ``duration`` wants them (never 0 for some speech)."""
        return max(1, math.ceil(self.seconds))


def speakable(text: str) -> str:
    """What a person hears of a message: no markup, no emoji or symbols, one line per sentence."""
    text = _COMMAND.sub("", html.unescape(_TAG.sub("", text)))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Cs", "Co") or char in "\u200d\ufe0f«»•·":
            kept.append(" ")
        else:
            kept.append(char)
    lines = [_BEFORE_STOP.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in "".join(kept).splitlines()]
    return "\n".join(line for line in lines if line)[:SPEECH_MAX_CHARS]


class _Engine:
    """The eSpeak NG library, loaded once per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lib: Any = None
        self._rate = 0
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: eSpeak calls it

    def _collect(self, wav: Any, samples: int, _events: Any) -> int:
        if wav and samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0

    def _load(self) -> None:
        import espeakng_loader  # here, not at import: the bot starts without the speech libraries loaded

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]  # fmt: skip
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
        if rate <= 0:
            raise RuntimeError("eSpeak NG did not start")
        lib.espeak_SetSynthCallback(self._callback)
        self._lib, self._rate = lib, rate

    def pcm(self, language: str, text: str) -> tuple[np.ndarray[Any, np.dtype[np.int16]], int]:
        import numpy as np

        with self._lock:
            if self._lib is None:
                self._load()
            if self._lib.espeak_SetVoiceByName(VOICES.get(language, "en").encode()) != 0:
                raise RuntimeError(f"eSpeak NG has no voice for {language!r}")
            self._lib.espeak_SetParameter(_RATE, WORDS_PER_MINUTE, 0)
            self._chunks = []
            data = text.encode()
            self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None)
            samples = np.frombuffer(b"".join(self._chunks), dtype=np.int16)
            self._chunks = []
            return samples, self._rate


_ENGINE = _Engine()


def synthesise(language: str, text: str) -> Speech:
    """``text`` (already :func:`speakable`) spoken in ``language`` as an OGG/Opus voice note, 48 kHz mono."""
    import numpy as np
    import soundfile

    samples, rate = _ENGINE.pcm(language, text)
    if samples.size == 0:
        raise ValueError("nothing to say")
    source = samples.astype(np.float32) / 32768.0
    count = int(samples.size * OPUS_RATE / rate)
    resampled = np.interp(np.arange(count) * (rate / OPUS_RATE), np.arange(samples.size), source)
    out = io.BytesIO()
    soundfile.write(out, resampled.astype(np.float32), OPUS_RATE, format="OGG", subtype="OPUS")
    return Speech(out.getvalue(), count / OPUS_RATE)


async def speak(language: str, text: str) -> Speech:
    """:func:`synthesise` off the event loop."""
    return await asyncio.to_thread(synthesise, language, text)
