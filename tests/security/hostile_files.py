"""Uploads built to hold a worker: shared by the security tests and bench/abuse.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def many_paragraphs(count: int = 100_000) -> bytes:
    """A text of `count` numbered operative paragraphs (numbers beyond 9999 included)."""
    lines = ["Draft resolution", "", "The General Assembly,", "", "Recalling its resolution 1,"]
    for number in range(1, count + 1):
        lines += ["", f"{number}. Decides something numbered {number};"]
    return "\n".join(lines).encode()


def huge_text(size: int = 10_000_000) -> bytes:
    """`size` bytes of plain text in long operative paragraphs (10 MB: just under the upload
    limit of 10 MiB, so the reader, not the size limit, has to cope)."""
    paragraph = "1. Decides " + "to convene a high-level meeting on the subject " * 200 + ";\n\n"
    head = "Draft resolution\n\nThe General Assembly,\n\nRecalling its resolution 1,\n\n"
    return (head + paragraph * (size // len(paragraph) + 1)).encode()[:size]


def numbering_from(start: int = 2_000_000_000) -> bytes:
    """A small .docx whose lettered and roman list levels start at `start`."""
    spec = importlib.util.spec_from_file_location(
        "make_docx_fixtures", FIXTURES / "make_docx_fixtures.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    numbering = module.NUMBERING.replace(
        '<w:lvl w:ilvl="1"><w:start w:val="1"/>', f'<w:lvl w:ilvl="1"><w:start w:val="{start}"/>'
    ).replace(
        '<w:lvl w:ilvl="2"><w:start w:val="1"/>', f'<w:lvl w:ilvl="2"><w:start w:val="{start}"/>'
    )
    body = "".join(
        [
            module.paragraph(module.run("The General Assembly,")),
            module.paragraph(module.run("Recalling", italic=True), module.run(" its resolution,")),
            module.paragraph(module.run("Decides", italic=True), module.run(":"), num_id=1),
            module.paragraph(module.run("to convene a meeting;"), num_id=1, level=1),
            module.paragraph(module.run("with a summary;"), num_id=1, level=2),
        ]
    )
    return module.build_docx(body, numbering=numbering)


def pdf_of_operators(size: int = 5 * 1024 * 1024) -> bytes:
    """A PDF whose one page holds `size` bytes of `0 0 Td` text-positioning operators."""
    operators = b"0 0 Td " * (size // 7)
    stream = b"BT /F1 12 Tf 72 720 Td (The General Assembly,) Tj " + operators + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


#: The four uploads of the abuse report, by file name.
HOSTILE_UPLOADS = {
    "many-paragraphs.txt": many_paragraphs,
    "numbering.docx": numbering_from,
    "operators.pdf": pdf_of_operators,
    "huge.txt": huge_text,
}
