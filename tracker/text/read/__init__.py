"""The readers: any supported upload -> Document, through one pipeline of small stages.

    lines (text.py, lines.py) -> footnote bodies and marks (footnotes.py) -> blocks (blocks.py)
          -> assembled Document (assemble.py)

Plain text, Markdown and PDF text enter at the lines stage; a .docx enters at the blocks
stage (its paragraphs are already blocks). `read_document` chooses the reader by content.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from tracker.text.document import Document, ParseError, ParseWarning
from tracker.text.read.docx import read_docx
from tracker.text.read.pdf import read_pdf
from tracker.text.read.text import read_markdown, read_text

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_EXTENSIONS",
    "decode_text",
    "read_document",
    "read_docx",
    "read_markdown",
    "read_pdf",
    "read_text",
]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
#: No resolution comes near this; a larger upload is refused before any reading.
MAX_FILE_BYTES = 50 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An OpenDocument file (LibreOffice's own format) is a zip whose first part, stored as is
#: right after its 30-byte header, is named `mimetype` and names the kind of document.
_OPENDOCUMENT_START = b"mimetypeapplication/vnd.oasis.opendocument."
_OPENDOCUMENT_KINDS = {b"text": "text (.odt)", b"spreadsheet": "spreadsheet (.ods)"}


def read_document(filename: str, data: bytes) -> Document:
    """Read a .txt, .md, .docx or .pdf upload, trusting its first bytes over its extension."""
    name = PurePath(filename or "").name or "the file"
    extension = PurePath(name).suffix.lower()
    if not data:
        raise ParseError("The file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"%PDF"):
        return read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        if data[30 : 30 + len(_OPENDOCUMENT_START)] == _OPENDOCUMENT_START:
            kind = re.match(rb"[a-z]*", data[30 + len(_OPENDOCUMENT_START) :][:40])
            what = _OPENDOCUMENT_KINDS.get(kind.group() if kind else b"", "file")
            raise ParseError(
                f"{name} is an OpenDocument {what}, as LibreOffice saves: save it as .docx "
                "(Word document) and upload it"
            )
        return read_docx(data)
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            f"{name} is in the old Word .doc format: save it as .docx (Word document) and upload it"
        )
    if extension == ".docx":
        raise ParseError(f"{name} is not a Word .docx file (it is not a zip archive)")
    if extension == ".pdf":
        raise ParseError(f"{name} is not a PDF file (it does not start with %PDF)")
    if extension not in SUPPORTED_EXTENSIONS and extension:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise ParseError(f"{name}: files of type {extension} cannot be read (use {supported})")
    text, warning = decode_text(data, name)
    # A .md file is Markdown; other text is judged by its own signs (Markdown pasted from
    # e-mail into a .txt), so a literal `*` in plain text stays a character.
    doc = read_markdown(text) if extension == ".md" else read_text(text)
    return doc.with_warnings(warning) if warning else doc


def decode_text(data: bytes, name: str = "the file") -> tuple[str, ParseWarning | None]:
    """Decode a text upload: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_text(data.decode("utf-16"), name), None
        except UnicodeDecodeError as error:
            raise ParseError(f"{name} claims to be UTF-16 text but is not") from error
    if b"\x00" in data:
        raise ParseError(f"{name} looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _check_text(data.decode("utf-8"), name), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = _check_text(data.decode("cp1252"), name)
        except UnicodeDecodeError:
            raise ParseError(
                f"{name} is neither UTF-8 nor Windows-1252 text (undecodable byte at line {line})",
                line,
            ) from error
        warning = ParseWarning(
            "The file is not UTF-8; it was read as Windows-1252 (Western European): check "
            "accented letters and quotation marks",
            line,
        )
        return text, warning


def _check_text(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters: binary data, not a document."""
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.05:
        raise ParseError(f"{name} looks like a binary file, not text")
    return text
