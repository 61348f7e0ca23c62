"""What a file is, read from its bytes: the name and the sender's claimed type are whatever someone typed.

Why from the bytes: "contract.pdf" may be a renamed program, and Telegram passes on the MIME type the sender's
app claimed without checking it. A PDF starts with ``%PDF-``; a DOCX and an ODT are ZIP archives that say what
they are inside — ``[Content_Types].xml`` declaring the WordprocessingML main part, or a first ``mimetype``
entry reading ``application/vnd.oasis.opendocument.text``. Only those small entries are read (never the whole
archive unpacked), so a hostile archive costs nothing.
"""

from __future__ import annotations

import io
import zipfile

from domain.models import DocumentKind

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
ENTRY_MAX = 1024 * 1024  # [Content_Types].xml is a few kilobytes; more is not a word-processor file


def _entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ENTRY_MAX:
        return None
    with archive.open(info) as handle:
        return handle.read(ENTRY_MAX + 1)[:ENTRY_MAX]


def _zip_kind(content: bytes) -> DocumentKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype" and (_entry(archive, "mimetype") or b"").strip() == ODT_MIME:
                return DocumentKind.odt
            types = _entry(archive, "[Content_Types].xml")
            if types is not None and DOCX_MAIN in types:
                return DocumentKind.docx
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def document_kind(content: bytes) -> DocumentKind | None:
    """PDF, DOCX or ODT by content; None for anything else (a program, an image, a spreadsheet, a broken file)."""
    if content.startswith(PDF_MAGIC):
        return DocumentKind.pdf
    if content.startswith(ZIP_MAGIC):
        return _zip_kind(content)
    return None


__all__ = ["document_kind"]
