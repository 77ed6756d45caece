"""A committee report holds several texts (`Draft resolution I`, `II`, `Draft decision`)."""

from __future__ import annotations

from tracker.text.document import document_from_dict, document_to_dict, public_json
from tracker.text.outline import outline
from tracker.text.read import read_text

REPORT = """United Nations A/80/999

Recommendations of the Third Committee

The Third Committee recommends the adoption of the following draft resolutions:

Draft resolution I

Policies and programmes involving youth

The General Assembly,

Recalling its resolution 78/179,1

1. Encourages States to act;

2. Requests a report.

Draft resolution II

Literacy for life

The General Assembly,

Recognizing the role of literacy,

1. Decides to continue.

Draft decision

Documents considered

The General Assembly decides to take note of the report.2

______________
1 A/78/1.
2 A/80/2.
"""


def test_each_text_is_read_on_its_own_with_its_footnotes() -> None:
    doc = read_text(REPORT)
    assert doc.title == "Policies and programmes involving youth"
    assert [p.label for p in doc.paragraphs] == ["PP1", "OP1", "OP2"]
    assert [(f.mark, f.paragraph_label) for f in doc.footnotes] == [("1", "PP1")]
    second, decision = doc.others
    assert second.title == "Literacy for life"
    assert [p.label for p in second.paragraphs] == ["PP1", "OP1"]
    assert decision.title == "Documents considered"
    assert decision.operative[0].text == "decides to take note of the report."
    assert [(f.mark, f.paragraph_label) for f in decision.footnotes] == [("2", "OP1")]
    assert not doc.warnings and not second.warnings and not decision.warnings


def test_the_other_texts_are_kept_in_every_form() -> None:
    doc = read_text(REPORT)
    assert document_from_dict(document_to_dict(doc)) == doc
    assert [o["title"] for o in public_json(doc)["others"]] == [
        "Literacy for life",
        "Documents considered",
    ]
    assert "--- text 3 of 3 in this document ---" in outline(doc)


def test_one_draft_resolution_heading_is_not_a_split() -> None:
    text = REPORT.split("Draft resolution II")[0]
    assert read_text(text).others == ()
