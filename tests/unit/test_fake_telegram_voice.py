"""The fake Telegram server's sendVoice, through the real python-telegram-bot client.

Why: the 🔊 Listen e2e test trusts the fake to do what Telegram does with a voice upload — show OGG/Opus as a
voice note with its duration, and anything else (WAV, OGG with Vorbis) as a file the user must download — and
to take a voice note again by its file_id. If the fake accepted any bytes as a voice note, a bot sending WAV
would pass against a lie.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import numpy as np
import pytest
import soundfile
from telegram import Bot
from telegram.error import BadRequest

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.voice import opus_seconds

USER = 1001
# PTB 22 warns that Voice.duration becomes a timedelta; not what these tests are about.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def _tone(seconds: float, format: str, subtype: str, rate: int = 48_000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    out = io.BytesIO()
    soundfile.write(out, (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate, format=format, subtype=subtype)
    return out.getvalue()


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token="123:TEST") as fake:
        fake.add_user(USER, "Ann", language_code="lt")
        yield fake


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url) as client:
        yield client


def test_opus_length_is_read_from_the_stream() -> None:
    assert opus_seconds(_tone(2.5, "OGG", "OPUS")) == pytest.approx(2.5, abs=0.03)
    assert opus_seconds(_tone(1.0, "OGG", "VORBIS")) is None
    assert opus_seconds(_tone(1.0, "WAV", "PCM_16")) is None
    assert opus_seconds(_tone(1.0, "OGG", "OPUS")[:-10]) is None  # cut short: not a whole stream


async def test_ogg_opus_is_a_voice_note_with_its_duration(server: FakeTelegram, bot: Bot) -> None:
    audio = _tone(3.2, "OGG", "OPUS")
    message = await bot.send_voice(USER, audio, duration=4, caption="<b>Klausyk</b>", parse_mode="HTML")
    assert message.voice is not None and message.voice.duration == 4 and message.document is None
    assert message.voice.mime_type == "audio/ogg" and message.caption == "Klausyk"
    record = server.last_message(USER)
    assert record is not None and record.method == "sendVoice" and record.voice is not None
    assert record.voice.seconds == pytest.approx(3.2, abs=0.03) and record.document_bytes == audio

    again = await bot.send_voice(USER, message.voice.file_id)  # by file_id: nothing uploaded
    assert again.voice is not None and again.voice.file_id == message.voice.file_id
    assert again.voice.duration == 3  # the audio's own length when the bot gives none


@pytest.mark.parametrize(("format", "subtype"), [("WAV", "PCM_16"), ("OGG", "VORBIS")])
async def test_other_audio_arrives_as_a_file(server: FakeTelegram, bot: Bot, format: str, subtype: str) -> None:
    message = await bot.send_voice(USER, _tone(1.0, format, subtype), filename="note.ogg")
    assert message.voice is None and message.document is not None
    record = server.last_message(USER)
    assert record is not None and record.voice is None


async def test_voice_errors_are_telegrams(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_voice(USER, "not-a-file-id")
    with pytest.raises(BadRequest, match=r"(?i)file must be non-empty"):
        await bot.send_voice(USER, b"", filename="empty.ogg")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_voice(4242, _tone(1.0, "OGG", "OPUS"))
