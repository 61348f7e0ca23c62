"""What a picture really is, read from its bytes: JPEG, PNG or WebP, and its size in pixels.

Why from the bytes: the file name, the extension and the mime type Telegram reports are whatever the
sender's phone or a renamed file says. A program renamed ``cake.jpg`` or a GIF animation must be
refused before it is stored or shown to a customer, so the type is taken from the signature (the
"magic number") and the header behind it must be readable too: the width and height are read from
the PNG IHDR chunk, the JPEG start-of-frame segment or the WebP VP8/VP8L/VP8X header. A file whose
signature is right but whose header is cut off or wrong is no picture either. Nothing is decoded
beyond the header (no pixel data: no image library and its attack surface).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from domain.limits import PHOTO_BYTES_MAX, PHOTO_RATIO_MAX, PHOTO_SIDES_MAX

MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class NotAPhoto(ValueError):
    """Why the bytes are refused; ``reason`` is a code the bot turns into words:
    ``too_big``, ``gif``, ``unknown_type`` (no picture signature), ``broken`` (a picture signature, an
    unreadable header), ``dimensions`` (Telegram would refuse to show it), ``empty``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # jpeg | png | webp
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]


def identify(data: bytes, *, max_bytes: int = PHOTO_BYTES_MAX) -> ImageInfo:
    """The picture ``data`` holds, or :class:`NotAPhoto` saying why it is none we show."""
    if not data:
        raise NotAPhoto("empty")
    if len(data) > max_bytes:
        raise NotAPhoto("too_big", f"{len(data)} bytes, at most {max_bytes}")
    if data.startswith((b"GIF87a", b"GIF89a")):
        raise NotAPhoto("gif")
    if data.startswith(_PNG):
        width, height = _png(data)
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg(data)
        kind = "jpeg"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        width, height = _webp(data)
        kind = "webp"
    else:
        raise NotAPhoto("unknown_type", data[:8].hex())
    if width <= 0 or height <= 0:
        raise NotAPhoto("broken", "zero width or height")
    if width + height > PHOTO_SIDES_MAX or max(width, height) > PHOTO_RATIO_MAX * min(width, height):
        raise NotAPhoto("dimensions", f"{width}×{height}")
    return ImageInfo(kind, width, height)


def _png(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise NotAPhoto("broken", "PNG without an IHDR chunk")
    width, height = struct.unpack(">II", data[16:24])
    if b"IEND" not in data[-12:]:
        raise NotAPhoto("broken", "PNG cut off (no IEND chunk)")
    return width, height


def _jpeg(data: bytes) -> tuple[int, int]:
    """Walk the segments to the first start-of-frame (SOFn), which holds the size."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise NotAPhoto("broken", f"JPEG segment expected at byte {i}")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers carry no length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if length < 2:
            raise NotAPhoto("broken", "JPEG segment length")
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        i += 2 + length
    raise NotAPhoto("broken", "JPEG without a frame header")


def _webp(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    body = data[20:]
    if chunk == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(body) >= 10:
        width = int.from_bytes(body[4:7], "little") + 1
        height = int.from_bytes(body[7:10], "little") + 1
        return width, height
    raise NotAPhoto("broken", "WebP without a VP8, VP8L or VP8X header")
