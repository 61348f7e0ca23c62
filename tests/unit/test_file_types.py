"""What a document is, read from its bytes: PDF, DOCX, ODT; anything else (whatever its name) is not one."""

from __future__ import annotations

import io
import zipfile

from domain.file_types import document_kind
from domain.models import DocumentKind


def _zip(entries: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX_TYPES = ('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>')  # fmt: skip
XLSX_TYPES = ('<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.sheet.main+xml"/></Types>')  # fmt: skip


def test_the_three_kinds_are_known_by_their_content() -> None:
    assert document_kind(b"%PDF-1.7\n...") is DocumentKind.pdf
    docx = _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w/>")])
    assert document_kind(docx) is DocumentKind.docx
    odt = _zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")])
    assert document_kind(odt) is DocumentKind.odt


def test_anything_else_is_not_a_document() -> None:
    assert document_kind(b"MZ\x90\x00" + bytes(100)) is None  # a Windows program, whatever it is called
    assert document_kind(b"\x7fELF" + bytes(100)) is None
    assert document_kind(b"\xff\xd8\xff\xe0JFIF") is None
    assert document_kind(b"") is None
    assert document_kind(b"PK\x03\x04 broken zip") is None
    assert document_kind(_zip([("readme.txt", "hello")])) is None
    assert document_kind(_zip([("[Content_Types].xml", XLSX_TYPES)])) is None  # a spreadsheet
    spreadsheet = _zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet")])
    assert document_kind(spreadsheet) is None
    late = _zip([("content.xml", "<x/>"), ("mimetype", "application/vnd.oasis.opendocument.text")])
    assert document_kind(late) is None  # ODF puts mimetype first; elsewhere it says nothing
