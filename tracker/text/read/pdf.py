"""Read a resolution from a PDF's text layer (pypdf), entering the pipeline at the lines stage."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from tracker.text.document import Document, ParseError
from tracker.text.read.text import read_text

#: Pages beyond this are not read: no resolution is this long, a hostile file may be.
MAX_PAGES = 500
#: Likewise for text: far beyond the longest omnibus resolution (well under 1 MB).
MAX_TEXT_CHARS = 20_000_000


def read_pdf(data: bytes) -> Document:
    """Read a resolution from a PDF file's text layer."""
    if not data.startswith(b"%PDF"):
        raise ParseError("The file is not a PDF (it does not start with %PDF)")
    # pypdf logs every recoverable flaw it meets; only its errors matter to this reader.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError("The PDF is encrypted; save an unprotected copy and upload that")
        if len(reader.pages) > MAX_PAGES:
            raise ParseError(f"The PDF has {len(reader.pages)} pages; at most {MAX_PAGES} are read")
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > MAX_TEXT_CHARS:
                raise ParseError(
                    f"The PDF holds more than {MAX_TEXT_CHARS:,} characters of text; "
                    "that is not a resolution"
                )
    except ParseError:
        raise
    except Exception as error:
        # A damaged or hostile file can trip any error inside pypdf; the person uploading it
        # needs to hear that the file is unreadable, not see a traceback.
        raise ParseError(f"The PDF cannot be read (it looks damaged): {error}") from error
    if not any(page.strip() for page in pages):
        raise ParseError(
            "The PDF has no text layer (it is probably a scanned document): run it through "
            "OCR, or upload the Word or text version"
        )
    # A form feed marks the page break, so a footnote block ends with its page.
    return read_text("\n\f\n".join(pages), markdown=False)
