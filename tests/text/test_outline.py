"""`flask parse FILE` prints an outline a co-facilitator can check at a glance."""

from __future__ import annotations

from tests.text.corpus import DOCS
from tracker.text.outline import outline
from tracker.text.read import read_document


def _outline(name: str) -> list[str]:
    return outline(read_document(name, (DOCS / name).read_bytes()))


def test_sponsors_labels_and_first_words() -> None:
    lines = _outline("A_80_L.1.txt")
    assert lines[0] == "symbol    A/80/L.1"
    assert lines[1].startswith("sponsors  France, Guinea, Indonesia") and lines[1].endswith("(7)")
    assert any(line.startswith("   OP (a) Expresses its profound gratitude") for line in lines)
    assert "3 PP, 2 OP" in "\n".join(lines)


def test_headings_and_parts_stand_where_they_are_printed() -> None:
    lines = _outline("A_C.5_80_L.17.txt")
    text = "\n".join(lines)
    heading = text.index("§      B. Evolution of the United Nations/United States net")
    assert heading < text.index("PP6 Recalling section I.B") < text.index("A.II.B OP1 Reaffirms")
    assert text.index("part B    The General Assembly,") < text.index("PP7 Having considered")
    assert lines[-1].startswith("     fn 4 A/80/491.")
