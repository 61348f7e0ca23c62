"""Speech for 🔊 Listen (bot/speech.py): what is said, in which language, and that it plays as a voice note.

Why: a voice note that reads out "<b>", emoji names or "slash tasks", or that a phone cannot play, helps no
student; and each of the seven languages must have its eSpeak NG voice in the wheel (nothing is downloaded).
"""

from __future__ import annotations

import io

import pytest
import soundfile

from bot.speech import OPUS_RATE, speakable, synthesise
from domain.taxonomy import LANGUAGES
from tests.fake_telegram.voice import opus_seconds

SAID = {
    "lt": "Turite naują užduotį. Paspauskite Atlikta, kai baigsite.",
    "lv": "Jums ir jauns uzdevums. Nospiediet Gatavs, kad pabeigsiet.",
    "en": "You have a new task. Press Done when you finish.",
    "pl": "Masz nowe zadanie. Naciśnij Gotowe, gdy skończysz.",
    "it": "Hai un nuovo compito. Premi Fatto quando finisci.",
    "pt": "Tem uma nova tarefa. Carregue em Feito quando terminar.",
    "ru": "У вас новое задание. Нажмите Готово, когда закончите.",
}


def test_only_the_words_are_spoken() -> None:
    text = "📋 You have a new task: <b>Bake &lt;40&gt; «cakes»</b>.\n\n• Send /tasks to see it. ✅"
    assert speakable(text) == "You have a new task: Bake <40> cakes.\nSend tasks to see it."


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_is_spoken_as_ogg_opus(language: str) -> None:
    speech = synthesise(language, SAID[language])
    samples, rate = soundfile.read(io.BytesIO(speech.ogg))
    assert rate == OPUS_RATE and abs(samples).max() > 0.05
    words = len(SAID[language].split())
    assert words / 2.5 * 0.5 <= speech.seconds <= words / 2.5 * 2  # about as long as reading it aloud
    assert opus_seconds(speech.ogg) == pytest.approx(speech.seconds, abs=0.05)  # what Telegram will show
    assert speech.duration >= speech.seconds


def test_languages_sound_different() -> None:
    """The voice follows the language: the same letters in Lithuanian and English are not the same audio."""
    assert synthesise("lt", "Labas rytas").ogg != synthesise("en", "Labas rytas").ogg
