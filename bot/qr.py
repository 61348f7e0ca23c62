"""QR codes of links, as PNG bytes made in memory (segno: pure Python, no image library, nothing on disk).

Why in the bot and not the domain: a QR code is a way of showing a link to a person, like a message.
"""

from __future__ import annotations

import io
from typing import Final

import segno

SCALE: Final = 8  # pixels per module: a t.me invite link (version 4-5, 33-37 modules) comes out ~360 px wide
BORDER: Final = 4  # the quiet zone the QR standard asks for


def qr_png(link: str) -> bytes:
    """A QR code that opens ``link`` when scanned (error correction M: still reads with a smudge or a crease)."""
    code = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=BORDER)
    return out.getvalue()
