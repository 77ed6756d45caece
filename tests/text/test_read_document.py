"""One entry point for uploads: the reader is chosen by content, bad files say what is wrong."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tracker.text.document import ParseError
from tracker.text.read import SUPPORTED_EXTENSIONS, read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIMPLE = "Title\n\nThe General Assembly,\n\nRecalling its resolution 1/1,\n\n1. Décide d’agir.\n"


def test_supported_extensions() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".docx", ".pdf"}


@pytest.mark.parametrize(
    ("filename", "source"),
    [
        ("draft.pdf", "A_RES_73_8.pdf"),
        ("draft.docx", "draft-autonumbered.docx"),
        ("draft.md", "zero-draft-2021-hlm-modalities.txt"),
        # A PDF saved under the wrong name is still read as the PDF it is.
        ("draft.txt", "A_RES_73_8.pdf"),
    ],
)
def test_dispatch(filename: str, source: str) -> None:
    doc = read_document(filename, (FIXTURES / source).read_bytes())
    assert doc.operative


def test_utf8_with_bom() -> None:
    doc = read_document("d.txt", b"\xef\xbb\xbf" + SIMPLE.encode("utf-8"))
    assert doc.title == "Title"
    assert doc.operative[0].text == "Décide d’agir."
    assert doc.warnings == ()


def test_utf16_with_bom() -> None:
    doc = read_document("d.txt", SIMPLE.encode("utf-16"))
    assert doc.operative[0].text == "Décide d’agir."


def test_windows_1252_falls_back_with_a_warning() -> None:
    doc = read_document("d.txt", SIMPLE.encode("cp1252"))
    assert doc.operative[0].text == "Décide d’agir."
    assert any("Windows-1252" in w.message for w in doc.warnings)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ParseError, match="The file is empty"):
        read_document("draft.txt", data)


@pytest.mark.parametrize("filename", ["junk.txt", "junk.md", "junk"])
def test_binary_junk(filename: str) -> None:
    junk = bytes(range(256)) * 8
    with pytest.raises(ParseError, match="binary"):
        read_document(filename, junk)


def test_docx_that_is_not_a_zip() -> None:
    with pytest.raises(ParseError, match=r"draft\.docx is not a Word \.docx file"):
        read_document("draft.docx", b"The General Assembly,")


def test_old_word_format() -> None:
    with pytest.raises(ParseError, match="old Word .doc format"):
        read_document("draft.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def _opendocument(kind: str) -> bytes:
    """An OpenDocument file as LibreOffice writes one: its mimetype first, stored as is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "kind", "named"),
    [
        ("draft.odt", "text", "an OpenDocument text (.odt)"),
        ("draft.docx", "text", "an OpenDocument text (.odt)"),  # renamed, still refused by kind
        ("sponsors.ods", "spreadsheet", "an OpenDocument spreadsheet (.ods)"),
        ("draft.odp", "presentation", "an OpenDocument file"),
    ],
)
def test_an_opendocument_file_is_named_for_what_it_is(filename: str, kind: str, named: str):
    with pytest.raises(ParseError) as error:
        read_document(filename, _opendocument(kind))
    assert error.value.message.startswith(f"{filename} is {named}, as LibreOffice saves")
    assert "save it as .docx" in error.value.message


def test_unsupported_extension() -> None:
    with pytest.raises(ParseError, match=r"\.odt cannot be read"):
        read_document("draft.odt", b"The General Assembly,\n\n1. Decides.")


def test_undecodable_text_names_the_line() -> None:
    with pytest.raises(ParseError) as error:
        read_document("d.txt", b"line one\nline two \x81\x8d\x8f\x90\x9d\n")
    assert error.value.line == 2
