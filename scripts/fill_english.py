"""English is the source language: fill the English catalogue's msgstr with the msgid (plural forms too).

The plain-language versions (context "easy", bot/easy_read.py) are English text of their own: written by hand,
never overwritten here (one left empty fails tests/unit/test_easy_read.py)."""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def main(path: str) -> None:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id or message.context == "easy":
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=120)


if __name__ == "__main__":
    main(sys.argv[1])
