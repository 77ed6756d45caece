"""Merges and splits the aligner finds are stored as the review showed them: a paragraph merged
into another is recorded as merged into it, as a co-facilitator's merge is, so its comments
follow; the review's "comments carried forward" says where each comment will be, and after
publishing it is there."""

from __future__ import annotations

import pytest

from tests.conftest import fixture_bytes
from tracker.extensions import db
from tracker.models import Lineage
from tracker.services import Conflict, pairing, publishing
from tracker.services import revisions as revision_service
from tracker.services.comments import comments_on, create_comment
from tracker.services.comparisons import compare_revisions

#: A Second Committee draft and the resolution adopted from it: old PP9 and PP10 became the
#: new PP10, old PP13 and PP14 the new PP14 (the corpus's hand-made pairing says so).
CARE_DRAFT = "corpus/pairs/docs/A_C.2_80_L.30.txt"
CARE_RESOLUTION = "corpus/pairs/docs/A_RES_80_152.txt"
#: Old OP2 and OP3 became one OP2 (which continues OP3); old OP4 was split into OP3 and OP4.
SMALL_ZERO = "merge-and-split-zero.txt"
SMALL_REV1 = "merge-and-split-rev1.txt"


def _paragraph(revision, path: str):
    return next(p for p in revision.paragraphs if p.path == path)


def _upload(cast, name: str):
    return revision_service.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename=name.rsplit("/", 1)[-1],
        data=fixture_bytes(name),
    )


def _zero_with_comments(cast, name: str, paths: list[str]):
    """The zero draft `name` published, with a comment of Mexico's on each of `paths`."""
    zero = revision_service.publish_revision(cast.cofac_a, _upload(cast, name))
    return zero, _comments_on(cast, zero, paths)


def _comments_on(cast, revision, paths: tuple[str, ...] | list[str]):
    """A comment of Mexico's on each of `paths` of the revision, by path."""
    return {
        path: create_comment(
            cast.delegate_a,
            revision,
            paragraph=_paragraph(revision, path),
            kind="comment",
            body=path,
        )
        for path in paths
    }


def _where_comments_are(cast, revision) -> dict[int, str]:
    """comment id -> the path of the revision's paragraph it is shown under ("" when it is
    listed apart, on no paragraph of the text)."""
    placed = comments_on(cast.delegate_a, revision)
    path_of = {p.lineage_id: p.path for p in revision.paragraphs}
    where = {
        view.comment.id: path_of[lineage]
        for lineage, views in placed.by_lineage.items()
        for view in views
    }
    apart = comments_on(cast.delegate_a, revision, unplaced_only=True, page=1)
    where |= {view.comment.id: "" for view in apart.orphaned}
    return where


def test_comments_on_paragraphs_merged_away_are_on_the_merged_paragraph(app, cast):
    zero, comments = _zero_with_comments(cast, CARE_DRAFT, ["PP9", "PP10", "PP13", "PP14"])
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload(cast, CARE_RESOLUTION))
    where = _where_comments_are(cast, rev1)
    assert {path: where[comment.id] for path, comment in comments.items()} == {
        "PP9": "PP10",
        "PP10": "PP10",
        "PP13": "PP14",
        "PP14": "PP14",
    }
    # Stored as a co-facilitator's merge is: the old lineage merged into the new paragraph's.
    for old, new in (("PP10", "PP10"), ("PP14", "PP14")):
        lineage = db.session.get(Lineage, _paragraph(zero, old).lineage_id)
        assert lineage.merged_into_id == _paragraph(rev1, new).lineage_id
    # The compare page says merged, not deleted.
    shown = compare_revisions(zero, rev1).alignment
    pairs = {(p.old_label, p.new_label): p.change.value for p in shown.pairs}
    assert pairs[("PP10", "PP10")] == pairs[("PP14", "PP14")] == "merged"
    assert shown.summary()["merged"] == 4 and shown.summary()["deleted"] == 0


def test_the_review_carries_comments_on_merged_paragraphs_where_publishing_puts_them(app, cast):
    zero, comments = _zero_with_comments(cast, CARE_DRAFT, ["PP9", "PP10", "PP13", "PP14"])
    preview = _upload(cast, CARE_RESOLUTION)
    review = publishing.review_preview(cast.cofac_a, preview)
    carried = {c.old_path: c.new_path for c in review.carried}
    assert carried == {"PP9": "PP10", "PP10": "PP10", "PP13": "PP14", "PP14": "PP14"}
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    where = _where_comments_are(cast, rev1)
    assert {c.old_path: where[c.comment.id] for c in review.carried} == carried


def test_on_a_small_text_the_review_stored_lineages_and_compare_page_agree(app, cast):
    everywhere = ["PP1", "OP1", "OP2", "OP3", "OP4", "OP5"]
    zero, comments = _zero_with_comments(cast, SMALL_ZERO, everywhere)
    preview = _upload(cast, SMALL_REV1)
    review = publishing.review_preview(cast.cofac_a, preview)
    carried = {c.old_path: c.new_path for c in review.carried}
    # Both merged paragraphs' comments on the merged OP2; the split OP4's on the part that
    # continues it.
    assert carried == {
        "PP1": "PP1",
        "OP1": "OP1",
        "OP2": "OP2",
        "OP3": "OP2",
        "OP4": "OP3",
        "OP5": "OP5",
    }
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    where = _where_comments_are(cast, rev1)
    assert {c.old_path: where[c.comment.id] for c in review.carried} == carried
    # The compare page pairs the stored revisions as the review paired the preview.
    shown = compare_revisions(zero, rev1).alignment
    rows = [(p.old_label, p.new_label, p.change.value, p.main, p.related) for p in shown.pairs]
    assert rows == [
        (p.old_label, p.new_label, p.change.value, p.main, p.related)
        for p in review.comparison.alignment.pairs
    ]
    # The split part's history starts with the paragraph it was split off.
    steps = revision_service.lineage_history(cast.delegate_a, _paragraph(rev1, "OP4"))
    assert [(s.revision.label, s.path) for s in steps] == [("Zero draft", "OP4"), ("Rev.1", "OP4")]
    assert steps[-1].change == "split"


def test_a_pairing_correction_undoes_a_merge_the_aligner_found(app, cast):
    zero, comments = _zero_with_comments(cast, SMALL_ZERO, ["OP2"])
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload(cast, SMALL_REV1))
    assert _where_comments_are(cast, rev1)[comments["OP2"].id] == "OP2"
    # The co-facilitator says the old OP2 went on as the new OP3 instead (not merged).
    old_op2 = _paragraph(zero, "OP2")
    revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP3"), old_op2)
    assert db.session.get(Lineage, old_op2.lineage_id).merged_into_id is None
    assert _where_comments_are(cast, rev1)[comments["OP2"].id] == "OP3"
    shown = compare_revisions(zero, rev1).alignment
    assert ("OP2", "OP2") not in {(p.old_label, p.new_label) for p in shown.pairs}
    assert _paragraph(rev1, "OP2").change != "merged"


def test_undoing_a_merge_recorded_by_hand_is_refused_until_confirmed(app, cast):
    zero, comments = _zero_with_comments(cast, "pairing-zero.txt", ["OP1"])
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload(cast, "pairing-rev1.txt"))
    old_op1 = _paragraph(zero, "OP1")
    revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP1"), None)
    pairing.record_merge(cast.cofac_a, _paragraph(rev1, "OP4"), old_op1)
    assert _where_comments_are(cast, rev1)[comments["OP1"].id] == "OP4"
    with pytest.raises(Conflict, match=r"OP4 also takes in \(merged\) OP1; this correction"):
        revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP1"), old_op1)
    assert db.session.get(Lineage, old_op1.lineage_id).merged_into_id is not None
    revision_service.correct_lineage(
        cast.cofac_a, _paragraph(rev1, "OP1"), old_op1, replace_earlier=True
    )
    assert db.session.get(Lineage, old_op1.lineage_id).merged_into_id is None
    assert _where_comments_are(cast, rev1)[comments["OP1"].id] == "OP1"


def test_the_history_says_what_a_paragraph_took_in_and_where_one_merged_away_went(app, cast):
    zero, _ = _zero_with_comments(cast, CARE_DRAFT, [])
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload(cast, CARE_RESOLUTION))
    merged = _paragraph(rev1, "PP10")
    steps = revision_service.lineage_history(cast.delegate_a, merged)
    assert [(s.revision.label, s.path) for s in steps] == [("Zero draft", "PP9"), ("Rev.1", "PP10")]
    assert revision_service.merge_notes(steps) == {merged.id: "also took in Zero draft PP10"}
    gone = _paragraph(zero, "PP10")
    steps = revision_service.lineage_history(cast.delegate_a, gone)
    assert revision_service.merge_notes(steps) == {gone.id: "went into Rev.1 PP10"}


def test_comments_on_a_sub_paragraph_merged_away_follow_it_too(app, cast):
    """Old OP2 (c) and (d) became one (c): the review and the stored lineages agree that the
    comments on both are on it."""
    separate = (
        "(c) Invites Member States to be represented at the highest possible level;\n\n"
        "(d) Encourages Member States to include parliamentarians and survivors in their "
        "delegations;\n\n(e) A closing"
    )
    together = (
        "(c) Invites Member States to be represented at the highest possible level and "
        "encourages them to include parliamentarians and survivors in their delegations;\n\n"
        "(d) A closing"
    )
    text = fixture_bytes("subparagraphs-zero.txt").decode()
    zero_text = text.replace("(c) A closing", separate)
    rev1_text = text.replace("(c) A closing", together)
    assert zero_text != text and rev1_text != text

    def upload(text: str):
        return revision_service.upload_revision(
            cast.cofac_a, cast.negotiation_a, filename="text.txt", data=text.encode()
        )

    zero = revision_service.publish_revision(cast.cofac_a, upload(zero_text))
    for path in ("OP2 (c)", "OP2 (d)"):
        create_comment(
            cast.delegate_a, zero, paragraph=_paragraph(zero, path), kind="comment", body=path
        )
    preview = upload(rev1_text)
    review = publishing.review_preview(cast.cofac_a, preview)
    carried = {c.old_path: c.new_path for c in review.carried}
    assert carried == {"OP2 (c)": "OP2 (c)", "OP2 (d)": "OP2 (c)"}
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    where = _where_comments_are(cast, rev1)
    assert {c.old_path: where[c.comment.id] for c in review.carried} == carried


#: The zero draft's OP2, with sub-paragraphs, went whole into Rev.1's OP2 (which continues OP3).
_HEADING = fixture_bytes("subparagraphs-zero.txt").decode().split("2. *Also decides*")[0]
_HEARING = (
    "*Requests* the President of the General Assembly to organize an informal interactive "
    "multi-stakeholder hearing with civil society and the private sector before the high-level "
    "meeting{}, and to prepare a summary of the hearing for the meeting."
)
WHOLE_ZERO = (
    _HEADING
    + "2. *Also decides* that the meeting will comprise:\n\n(a) An opening plenary;\n\n"
    + "(b) Two panels;\n\n3. "
    + _HEARING.format("")
)
WHOLE_REV1 = (
    _HEADING + "2. " + _HEARING.format(", which will comprise an opening plenary and two panels")
)
#: The zero draft with OP2 (a), (b) and (c); the same without OP2 (c); without OP2.
SUBPARAGRAPHS = fixture_bytes("subparagraphs-zero.txt").decode()
_OP3 = SUBPARAGRAPHS.index("3. *Encourages*")
WITHOUT_OP2_C = SUBPARAGRAPHS[: SUBPARAGRAPHS.index("(c) A closing")] + SUBPARAGRAPHS[_OP3:]
WITHOUT_OP2 = SUBPARAGRAPHS[: SUBPARAGRAPHS.index("2. *Also decides*")] + SUBPARAGRAPHS[
    _OP3:
].replace("3. *Encourages*", "2. *Encourages*")


def _upload_text(cast, text: str):
    return revision_service.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename="text.txt", data=text.encode()
    )


def test_comments_on_the_sub_paragraphs_of_a_paragraph_merged_away_follow_it(app, cast):
    zero = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, WHOLE_ZERO))
    _comments_on(cast, zero, ("OP2", "OP2 (a)", "OP2 (b)", "OP3"))
    preview = _upload_text(cast, WHOLE_REV1)
    review = publishing.review_preview(cast.cofac_a, preview)
    carried = {c.old_path: c.new_path for c in review.carried}
    assert carried == dict.fromkeys(("OP2", "OP2 (a)", "OP2 (b)", "OP3"), "OP2")
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    where = _where_comments_are(cast, rev1)
    assert {c.old_path: where[c.comment.id] for c in review.carried} == carried
    # The history names the paragraph taken in, its sub-paragraphs going with it.
    merged = _paragraph(rev1, "OP2")
    steps = revision_service.lineage_history(cast.delegate_a, merged)
    assert revision_service.merge_notes(steps) == {merged.id: "also took in Zero draft OP2"}


def test_a_merge_recorded_by_hand_takes_in_the_sub_paragraphs_and_undoing_it_gives_them_back(
    app, cast
):
    zero = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, SUBPARAGRAPHS))
    comments = _comments_on(cast, zero, ("OP2", "OP2 (a)", "OP2 (c)"))
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, WITHOUT_OP2))
    assert _where_comments_are(cast, rev1)[comments["OP2 (a)"].id] == ""
    # The co-facilitator records that the old OP2 went into OP1: its sub-paragraphs with it.
    pairing.record_merge(cast.cofac_a, _paragraph(rev1, "OP1"), _paragraph(zero, "OP2"))
    where = _where_comments_are(cast, rev1)
    assert {path: where[comment.id] for path, comment in comments.items()} == {
        "OP2": "OP1",
        "OP2 (a)": "OP1",
        "OP2 (c)": "OP1",
    }
    # Giving the old OP2's lineage to a paragraph again undoes the merge, sub-paragraphs too.
    revision_service.correct_lineage(
        cast.cofac_a, _paragraph(rev1, "OP2"), _paragraph(zero, "OP2"), replace_earlier=True
    )
    for path in ("OP2", "OP2 (a)", "OP2 (b)", "OP2 (c)"):
        assert db.session.get(Lineage, _paragraph(zero, path).lineage_id).merged_into_id is None
    assert _paragraph(rev1, "OP1").change != "merged"
    where = _where_comments_are(cast, rev1)
    assert where[comments["OP2"].id] == "OP2"
    assert where[comments["OP2 (a)"].id] == ""


def test_a_sub_paragraph_deleted_before_its_paragraph_was_merged_stays_deleted(app, cast):
    zero = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, SUBPARAGRAPHS))
    comments = _comments_on(cast, zero, ("OP2 (a)", "OP2 (c)"))
    rev1 = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, WITHOUT_OP2_C))
    assert _where_comments_are(cast, rev1)[comments["OP2 (c)"].id] == ""
    rev2 = revision_service.publish_revision(cast.cofac_a, _upload_text(cast, WITHOUT_OP2))
    pairing.record_merge(cast.cofac_a, _paragraph(rev2, "OP1"), _paragraph(rev1, "OP2"))
    where = _where_comments_are(cast, rev2)
    assert where[comments["OP2 (a)"].id] == "OP1"
    assert where[comments["OP2 (c)"].id] == ""
