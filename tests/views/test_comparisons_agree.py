"""Every comparison of two stored revisions pairs them alike: the compare page, the HTML and Word
comparisons and the commands (`flask compare`, `flask export compare`) show a merge the aligner
found, or one a co-facilitator recorded, as merged into its paragraph, not deleted."""

from __future__ import annotations

import re

from tests.conftest import publish, sign_in
from tracker.services import pairing
from tracker.services import revisions as revision_service
from tracker.text.export_compare import accept_all, reject_all

#: Old OP2 and OP3 became one OP2 (which continues OP3); old OP4 was split into OP3 and OP4.
SMALL_ZERO = "merge-and-split-zero.txt"
SMALL_REV1 = "merge-and-split-rev1.txt"

_ROW = re.compile(
    r'<tr class="pair pair-(\w+)"[^>]*>\s*<td class="label">([^<]*)</td>\s*'
    r'<td class="label">([^<]*)</td>'
)


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(old label, new label, change) of each row of a comparison page, `—` for none."""
    return [(old, new, change) for change, old, new in _ROW.findall(html)]


def _command_rows(output: str) -> list[tuple[str, str, str]]:
    """The same rows as `flask compare` prints them."""
    rows = []
    for line in output.splitlines():
        match = re.match(r"\s*(\S+) -> (\S+)\s+(\w+)", line)
        if match:
            rows.append((match[1], match[2], match[3]))
    return rows


def _paragraph(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


def _every_comparison(app, cast, old, new, tmp_path) -> dict[str, list[tuple[str, str, str]]]:
    """The rows of each comparison of `old` and `new`: the page, its HTML export, both
    commands."""
    client = sign_in(app.test_client(), cast.secretariat)
    base = f"/negotiations/{cast.negotiation_a.id}"
    query = f"old={old.id}&new={new.id}"
    page = client.get(f"{base}/compare?{query}")
    exported = client.get(f"{base}/compare/export.html?{query}")
    assert page.status_code == exported.status_code == 200
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["compare", f"revision:{old.id}", f"revision:{new.id}"])
    assert printed.exit_code == 0, printed.output
    out = tmp_path / "compared.html"
    written = runner.invoke(
        args=["export", "compare", f"revision:{old.id}", f"revision:{new.id}", "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    return {
        "page": _rows(page.get_data(as_text=True)),
        "html export": _rows(exported.get_data(as_text=True)),
        "flask compare": _command_rows(printed.output),
        "flask export compare": _rows(out.read_text(encoding="utf-8")),
    }


def test_a_merge_the_aligner_found_is_shown_merged_by_every_comparison(app, cast, tmp_path):
    zero = publish(cast.cofac_a, cast.negotiation_a, SMALL_ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, SMALL_REV1)
    shown = _every_comparison(app, cast, zero, rev1, tmp_path)
    expected = [
        ("PP1", "PP1", "unchanged"),
        ("OP1", "OP1", "unchanged"),
        ("OP2", "OP2", "merged"),
        ("OP3", "OP2", "merged"),
        ("OP4", "OP3", "split"),
        ("OP4", "OP4", "split"),
        ("OP5", "OP5", "unchanged"),
    ]
    assert shown == dict.fromkeys(shown, expected)


def test_a_merge_a_co_facilitator_recorded_is_shown_merged_by_every_comparison(app, cast, tmp_path):
    zero = publish(cast.cofac_a, cast.negotiation_a, "pairing-zero.txt")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "pairing-rev1.txt")
    # The co-facilitator says Rev.1's OP1 is new and the zero draft's OP1 went into OP4.
    revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP1"), None)
    pairing.record_merge(cast.cofac_a, _paragraph(rev1, "OP4"), _paragraph(zero, "OP1"))
    shown = _every_comparison(app, cast, zero, rev1, tmp_path)
    for rows in shown.values():
        assert ("OP1", "OP4", "merged") in rows
        assert ("OP1", "—", "deleted") not in rows
        assert ("—", "OP1", "added") in rows
    assert len({tuple(rows) for rows in shown.values()}) == 1, shown


def test_the_word_comparison_of_a_merge_still_gives_each_text(app, cast):
    """A tracked comparison can only delete a paragraph merged away (Reject All must give the
    old text back): the Word file of the merge reads as each text."""
    zero = publish(cast.cofac_a, cast.negotiation_a, SMALL_ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, SMALL_REV1)
    client = sign_in(app.test_client(), cast.secretariat)
    base = f"/negotiations/{cast.negotiation_a.id}"
    docx = client.get(f"{base}/compare/export.docx?old={zero.id}&new={rev1.id}").data
    accepted, rejected = accept_all(docx), reject_all(docx)
    assert any(line.startswith("2.\tInvites Member States") for line in accepted)
    assert "level and encourages them" in " ".join(accepted)
    assert "2.\tInvites Member States to be represented at the highest possible level;" in (
        rejected
    )
