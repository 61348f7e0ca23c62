"""A picture's type comes from its bytes: a renamed program, a GIF, a cut-off file or an unshowable size is
refused whatever the name or the reported mime type says; real JPEG, PNG and WebP files pass with their size."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from domain.images import NotAPhoto, identify

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "photos"


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "kind", "size"),
    [("cake-1.jpg", "jpeg", (64, 48)), ("cake-2.png", "png", (40, 40)), ("cake-3.webp", "webp", (48, 32))],
)
def test_real_pictures_pass_with_their_size(name: str, kind: str, size: tuple[int, int]) -> None:
    info = identify((FIXTURES / name).read_bytes())
    assert (info.kind, (info.width, info.height)) == (kind, size)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "unknown_type"),  # a Windows program named cake.jpg
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "unknown_type"),  # a Linux one
        (b"%PDF-1.7\n", "unknown_type"),
        ((FIXTURES / "anim.gif").read_bytes(), "gif"),
        ((FIXTURES / "cake-2.png").read_bytes()[:40], "broken"),  # cut off: no IEND
        ((FIXTURES / "cake-1.jpg").read_bytes()[:20], "broken"),  # the header ends before the frame
        (b"RIFF\x00\x00\x00\x00WEBPJUNK", "broken"),
        (_png(9000, 2000), "dimensions"),  # width + height over 10,000: Telegram would not show it
        (_png(2100, 100), "dimensions"),  # sides over 20:1
        (b"", "empty"),
    ],
)
def test_what_is_no_showable_picture_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(NotAPhoto) as refused:
        identify(data)
    assert refused.value.reason == reason


def test_the_size_is_checked_before_the_bytes() -> None:
    with pytest.raises(NotAPhoto) as refused:
        identify(_png(10, 10), max_bytes=20)
    assert refused.value.reason == "too_big"
    assert identify(_png(100, 100)).kind == "png"
