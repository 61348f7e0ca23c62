"""What Telegram makes of a sendVoice upload: a voice note only for OGG with the Opus codec, else a file.

Why check it here: Telegram's documentation says the audio "must be in an .OGG file encoded with OPUS (other
formats may be sent as Audio or Document)" — a bot that uploads WAV or OGG/Vorbis gets a file the user has to
download, not a voice note with a play button. So the fake reads the container: Ogg pages ("OggS") whose first
packet is an ``OpusHead``; the length is the last page's granule position (48 kHz samples, always, for Opus)
less the header's pre-skip, as a player computes it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

OPUS_GRANULE_RATE = 48_000
_PAGE_HEADER = 27


@dataclass(frozen=True)
class VoiceNote:
    """A voice note as the recipient's Telegram shows it; ``seconds`` is the audio's real length."""

    file_id: str
    file_unique_id: str
    duration: int  # what the message says (the bot's ``duration``, else the audio's, rounded)
    seconds: float
    file_size: int
    mime_type: str = "audio/ogg"

    def to_json(self) -> dict[str, object]:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "duration": self.duration,
                "mime_type": self.mime_type, "file_size": self.file_size}  # fmt: skip


def opus_seconds(data: bytes) -> float | None:
    """The length of an OGG/Opus stream in seconds; None when ``data`` is not one (another codec or format)."""
    offset, first, granule, pre_skip = 0, True, -1, 0
    while offset + _PAGE_HEADER <= len(data):
        if data[offset : offset + 4] != b"OggS":
            return None
        position = struct.unpack_from("<q", data, offset + 6)[0]
        segments = data[offset + 26]
        table = data[offset + _PAGE_HEADER : offset + _PAGE_HEADER + segments]
        body = offset + _PAGE_HEADER + segments
        size = sum(table)
        if body + size > len(data):
            return None
        if first:
            head = data[body : body + size]
            if not head.startswith(b"OpusHead") or len(head) < 19:
                return None
            pre_skip = struct.unpack_from("<H", head, 10)[0]
            first = False
        if position >= 0:
            granule = max(granule, position)
        offset = body + size
    if first or offset != len(data) or granule < 0:
        return None
    return max(0.0, (granule - pre_skip) / OPUS_GRANULE_RATE)
