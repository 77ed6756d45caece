"""Whatever is uploaded, the readers answer with a Document or a ParseError, nothing else.

Set PARSE_FUZZ_EXAMPLES to run more examples (in CI, say 5000).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.text.document import Document, ParseError
from tracker.text.read import SUPPORTED_EXTENSIONS, read_document, read_docx
from tracker.text.read.marks import EM_CLOSE, EM_OPEN, FN_CLOSE, FN_OPEN
from tracker.text.read.text import read_text

MARKERS = FN_OPEN + FN_CLOSE + EM_OPEN + EM_CLOSE
EXAMPLES = int(os.environ.get("PARSE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of real resolutions, so generated text reaches deep into the structure pass.
PIECES = [
    "The General Assembly,", "The General Assembly", "Recalling its resolution 70/1,",
    "1.", "1. Decides that:", "2. *Also decides* to act;", "5 bis. Requests;", "(a)", "(h) x;",
    "(i) y;", " - (b) z;", "¹", "² Ibid.", "[^1]", "[^1]: Note.", "_______________",
    "A/RES/79/286", "25-06952 (E)", "*2506952*", "2/4", "67th plenary meeting", "Annex",
    "We, Heads of State,", "Adopts the following declaration:", "Secretary-", "General",
    "high-", "level", "Persons3 will", "Crime 1  and", "[68/192](#)", "**bold**", "\f", "",
    "\ufeff", "\u2011", "\u00ad", "\ue000", "\ue002",
]  # fmt: skip
resolution_like = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40
).map("\n".join)


def _check(read: Callable[..., Document], *args: object) -> None:
    """The reader returns a clean Document or raises a ParseError with a message; nothing else."""
    try:
        doc = read(*args)
    except ParseError as error:
        assert error.message
        return
    assert isinstance(doc, Document)
    for paragraph in doc.walk():
        # The reader's internal markers never leak into what people see.
        assert not set(paragraph.text) & set(MARKERS), paragraph.text
        assert all(0 <= e.start < e.end <= len(paragraph.text) for e in paragraph.emphasis)
        assert all(0 <= r.offset <= len(paragraph.text) for r in paragraph.footnote_refs)


@FUZZ
@given(st.text())
def test_any_string(text: str) -> None:
    _check(read_text, text)


@FUZZ
@given(resolution_like)
def test_resolution_like_text(text: str) -> None:
    _check(read_text, text)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([*SUPPORTED_EXTENSIONS, ".odt", ""]))
def test_any_bytes_with_any_extension(data: bytes, extension: str) -> None:
    _check(read_document, f"upload{extension}", data)


@FUZZ
@given(st.binary(max_size=500), st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04"]))
def test_bytes_that_look_like_pdf_or_docx(data: bytes, magic: bytes) -> None:
    _check(read_document, "upload.bin", magic + data)


def _docx_generator() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "make_docx_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_docx_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCX = _docx_generator()
word_paragraph = st.tuples(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=40)),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=8),
)


@FUZZ
@given(st.lists(word_paragraph, max_size=25))
def test_any_word_document(paragraphs: list[tuple[str, bool, int, int]]) -> None:
    body = "".join(
        DOCX.paragraph(DOCX.run(text, italic), num_id=num_id, level=level)
        for text, italic, num_id, level in paragraphs
    )
    _check(read_docx, DOCX.build_docx(body))
