"""Paragraph lineage between revisions: which new paragraph continues which old one."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text.align import (
    _STOPWORDS as STOPWORDS,
)
from tracker.text.align import (
    Alignment,
    Change,
    CorrectionError,
    _common_subsequence,
    _content_words,
    align_documents,
    to_json,
)
from tracker.text.diff import new_text, old_text
from tracker.text.document import Document, Kind, Paragraph
from tracker.text.read import read_text

FIXTURES = Path(__file__).parent.parent / "fixtures"


def paragraph(label: str, text: str, subs: tuple[Paragraph, ...] = ()) -> Paragraph:
    """A top-level paragraph whose kind follows its label (PPn, OPn, `(a)`)."""
    if label.startswith("PP"):
        kind = Kind.PREAMBULAR
    elif label.startswith("("):
        kind = Kind.SUB
    else:
        kind = Kind.OPERATIVE
    return Paragraph(kind=kind, label=label, text=text, subparagraphs=subs)


def document(preamble: list[str], operative: list[str]) -> Document:
    """A document numbered in order: PP1.. and OP1.."""
    pps = tuple(paragraph(f"PP{n}", text) for n, text in enumerate(preamble, 1))
    ops = tuple(paragraph(f"OP{n}", text) for n, text in enumerate(operative, 1))
    return Document(title="Draft", formula="The General Assembly,", preamble=pps, operative=ops)


def rows(alignment: Alignment) -> list[tuple[str | None, str | None, str]]:
    return [(p.old_label, p.new_label, p.change.value) for p in alignment.pairs]


OPS = [
    "Decides to convene a high-level meeting on the appraisal of the Global Plan of Action;",
    "Requests the Secretary-General to submit a report on the implementation of the Plan;",
    "Invites Member States to be represented at the highest possible level;",
    "Encourages Member States to include parliamentarians in their delegations;",
    "Also invites relevant United Nations entities to participate in the meeting;",
    "Decides that the proceedings of the meeting shall be webcast;",
]


def test_identical_documents_are_all_unchanged() -> None:
    doc = document(["Recalling its resolution 64/293,"], OPS)
    alignment = align_documents(doc, doc)
    assert rows(alignment) == [(p.label, p.label, "unchanged") for p in doc.paragraphs]
    assert all(p.similarity == 1.0 and not p.text_changed for p in alignment.pairs)
    assert alignment.summary()["unchanged"] == len(doc.paragraphs)


def test_renumbering_by_an_insertion_above_is_not_a_move() -> None:
    old = document([], OPS)
    new = document([], ["Welcomes the work of the Inter-Agency Coordination Group;", *OPS])
    assert rows(align_documents(old, new)) == [
        (None, "OP1", "added"),
        ("OP1", "OP2", "unchanged"),
        ("OP2", "OP3", "unchanged"),
        ("OP3", "OP4", "unchanged"),
        ("OP4", "OP5", "unchanged"),
        ("OP5", "OP6", "unchanged"),
        ("OP6", "OP7", "unchanged"),
    ]


def test_a_deletion_renumbers_without_moving_and_shows_where_it_stood() -> None:
    old = document([], OPS)
    new = document([], OPS[:2] + OPS[3:])
    assert rows(align_documents(old, new)) == [
        ("OP1", "OP1", "unchanged"),
        ("OP2", "OP2", "unchanged"),
        ("OP3", None, "deleted"),
        ("OP4", "OP3", "unchanged"),
        ("OP5", "OP4", "unchanged"),
        ("OP6", "OP5", "unchanged"),
    ]


def test_a_swap_moves_one_paragraph_and_leaves_the_rest_in_place() -> None:
    old = document([], OPS)
    new = document([], [OPS[0], OPS[2], OPS[1], *OPS[3:]])
    result = rows(align_documents(old, new))
    moved = [r for r in result if r[2] == "moved"]
    assert len(moved) == 1
    assert moved[0] in {("OP3", "OP2", "moved"), ("OP2", "OP3", "moved")}
    assert {(o, n) for o, n, _ in result} == {
        ("OP1", "OP1"),
        ("OP3", "OP2"),
        ("OP2", "OP3"),
        ("OP4", "OP4"),
        ("OP5", "OP5"),
        ("OP6", "OP6"),
    }
    assert [change for *_, change in result].count("unchanged") == 5


def test_moved_and_edited_paragraph_says_its_text_changed() -> None:
    old = document([], OPS)
    edited = OPS[1].replace("a report", "a concise report")
    new = document([], [OPS[0], OPS[2], OPS[3], OPS[4], edited, OPS[5]])
    pair = next(p for p in align_documents(old, new).pairs if p.change is Change.MOVED)
    assert (pair.old_label, pair.new_label) == ("OP2", "OP5")
    assert pair.text_changed
    assert 0.8 < pair.similarity < 1.0


def test_deleted_paragraph_whose_words_survive_does_not_take_the_rewritten_ones_place() -> None:
    # The deleted paragraph comes first and is itself similar enough to be paired with the
    # rewrite; the rewrite's real predecessor is closer still and must keep it. The words that
    # survive of the one beside it (Member States' information) were folded into it.
    deleted = (
        "Encourages Member States to submit information on the implementation of the Global "
        "Plan of Action, including on the trafficking of children;"
    )
    rewritten_old = (
        "Requests the Secretary-General to submit a report on the implementation of the Global "
        "Plan of Action, including on the trafficking of children, to the General Assembly at "
        "its eightieth session;"
    )
    rewritten_new = (
        "Requests the Secretary-General to submit, on the basis of information from Member "
        "States, a report on the Global Plan of Action, including on the trafficking of "
        "children, to the Assembly at its eightieth session;"
    )
    old = document([], [OPS[0], deleted, rewritten_old, OPS[5]])
    new = document([], [OPS[0], rewritten_new, OPS[5]])
    alignment = align_documents(old, new)
    assert rows(alignment) == [
        ("OP1", "OP1", "unchanged"),
        ("OP2", "OP2", "merged"),
        ("OP3", "OP2", "merged"),
        ("OP4", "OP3", "unchanged"),
    ]
    main = [(p.old.label, p.new.label) for p in alignment.pairs if p.main and p.old and p.new]
    assert ("OP3", "OP2") in main and ("OP2", "OP2") not in main


def test_preambular_paragraph_turned_operative_is_moved() -> None:
    old = document(
        [
            "Recalling its resolution 64/293 of 30 July 2010,",
            "Recognizing the role of civil society in identifying and assisting victims,",
            "Reaffirming its resolution 72/1 of 27 September 2017,",
        ],
        OPS[:3],
    )
    new = document(
        [
            "Recalling its resolution 64/293 of 30 July 2010,",
            "Reaffirming its resolution 72/1 of 27 September 2017,",
        ],
        [
            OPS[0],
            "Recognizes the role of civil society in identifying and assisting victims;",
            *OPS[1:3],
        ],
    )
    assert rows(align_documents(old, new)) == [
        ("PP1", "PP1", "unchanged"),
        ("PP3", "PP2", "unchanged"),
        ("OP1", "OP1", "unchanged"),
        ("PP2", "OP2", "moved"),
        ("OP2", "OP3", "unchanged"),
        ("OP3", "OP4", "unchanged"),
    ]


def test_last_preambular_paragraph_becoming_the_first_operative_one_is_moved() -> None:
    # Its place in reading order is the same; its part of the resolution is not.
    old = document(
        ["Recalling its resolution 64/293,", "Noting with concern the rise in trafficking,"],
        OPS[:2],
    )
    new = document(
        ["Recalling its resolution 64/293,"],
        ["Notes with concern the rise in trafficking;", *OPS[:2]],
    )
    assert ("PP2", "OP1", "moved") in rows(align_documents(old, new))


def test_split_paragraph_pairs_with_both_parts() -> None:
    whole = (
        "Requests the President of the General Assembly to organize an informal interactive "
        "multi-stakeholder hearing with civil society and the private sector, welcomes their "
        "contribution to the process, and requests the President to prepare a summary of the "
        "hearing;"
    )
    first = (
        "Requests the President of the General Assembly to organize an informal interactive "
        "multi-stakeholder hearing with civil society and the private sector;"
    )
    second = (
        "Welcomes their contribution to the process, and requests the President to prepare a "
        "summary of the hearing;"
    )
    old = document([], [OPS[0], whole, OPS[5]])
    new = document([], [OPS[0], first, second, OPS[5]])
    alignment = align_documents(old, new)
    assert rows(alignment) == [
        ("OP1", "OP1", "unchanged"),
        ("OP2", "OP2", "split"),
        ("OP2", "OP3", "split"),
        ("OP3", "OP4", "unchanged"),
    ]
    assert [p.related for p in alignment.pairs[1:3]] == [("OP3",), ("OP2",)]
    assert alignment.summary()["split"] == 2


def test_merged_paragraphs_pair_with_the_one_they_became() -> None:
    first = "Invites Member States to be represented at the highest possible level;"
    second = (
        "Encourages Member States to include parliamentarians and survivors in their delegations;"
    )
    merged = (
        "Invites Member States to be represented at the highest possible level and encourages "
        "them to include parliamentarians and survivors in their delegations;"
    )
    old = document([], [OPS[0], first, second, OPS[5]])
    new = document([], [OPS[0], merged, OPS[5]])
    alignment = align_documents(old, new)
    assert rows(alignment) == [
        ("OP1", "OP1", "unchanged"),
        ("OP2", "OP2", "merged"),
        ("OP3", "OP2", "merged"),
        ("OP4", "OP3", "unchanged"),
    ]
    assert [p.related for p in alignment.pairs[1:3]] == [("OP3",), ("OP2",)]


def test_paragraph_edited_where_it_stands_keeps_its_identity_over_a_lookalike_elsewhere() -> None:
    text = (
        "Requests the Secretary-General to submit to the General Assembly at its eightieth "
        "session a report on the implementation of the present resolution, including "
        "recommendations on the follow-up to the high-level meeting;"
    )
    # One content word of 19 changed: more alike than 90%, which with the bonus for standing
    # in the same place outranks even a paragraph elsewhere with the very same content words.
    edited = text.replace("eightieth", "eighty-first")
    lookalike = text.replace("a report", "the report")
    ops = [OPS[0], text, *OPS[2:]]
    old = document([], ops)
    new = document([], [OPS[0], edited, *OPS[2:], lookalike])
    result = rows(align_documents(old, new))
    assert ("OP2", "OP2", "modified") in result
    assert (None, "OP7", "added") in result


def test_unrelated_rewrite_elsewhere_is_added_and_deleted() -> None:
    old = document([], [OPS[0], "Takes note of the report of the Secretary-General;", *OPS[1:]])
    new = document(
        [],
        [*OPS, "Decides to include in the provisional agenda of its eightieth session the item;"],
    )
    result = rows(align_documents(old, new))
    assert ("OP2", None, "deleted") in result
    assert (None, "OP7", "added") in result


def test_manual_correction_overrides_the_algorithm() -> None:
    old = document([], OPS)
    new = document([], OPS)
    # The person knows better: new OP3 continues old OP4 and new OP4 is a new paragraph.
    alignment = align_documents(old, new, {"OP3": "OP4", "OP4": None})
    by_new = {p.new_label: p for p in alignment.pairs if p.new}
    assert by_new["OP3"].old_label == "OP4" and by_new["OP3"].manual
    assert by_new["OP4"].change is Change.ADDED and by_new["OP4"].manual
    assert (by_new["OP3"].change, by_new["OP3"].text_changed) == (Change.MODIFIED, True)
    assert ("OP3", None, "deleted") in rows(alignment)
    assert not by_new["OP1"].manual


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collection_is_left_as_it_was(enabled: bool) -> None:
    old, new = document([], OPS), document([], [OPS[1], OPS[0].replace("convene", "hold")])
    was_enabled = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        align_documents(old, new)
        assert gc.isenabled() is enabled
    finally:
        if was_enabled:
            gc.enable()


@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=40))
def test_content_words_read_plain_and_accented_text_alike(text: str) -> None:
    # ASCII text goes through a byte table rather than the regular expression.
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOPWORDS]
    assert _content_words(text) == words


@given(
    st.lists(st.sampled_from("abcde"), max_size=14), st.lists(st.sampled_from("abcde"), max_size=14)
)
def test_word_order_is_measured_by_the_longest_common_subsequence(
    a: list[str], b: list[str]
) -> None:
    # The textbook table, against the faster way the aligner takes.
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for x, word in enumerate(a):
        for y, other in enumerate(b):
            table[x + 1][y + 1] = (
                table[x][y] + 1 if word == other else max(table[x][y + 1], table[x + 1][y])
            )
    assert _common_subsequence(a, b) == table[-1][-1]


def test_correction_naming_a_missing_paragraph_says_which() -> None:
    doc = document([], OPS)
    with pytest.raises(CorrectionError, match="new text has no paragraph OP9"):
        align_documents(doc, doc, {"OP9": "OP1"})
    with pytest.raises(CorrectionError, match="old text has no paragraph OP12"):
        align_documents(doc, doc, {"OP1": "OP12"})


def test_subparagraphs_are_paired_inside_a_pair() -> None:
    subs_old = (
        paragraph("(a)", "The opening segment will feature statements by the President;"),
        paragraph("(b)", "The plenary meetings will hear statements by Member States;"),
        paragraph("(c)", "The format will be decided by October 2021;"),
    )
    subs_new = (
        paragraph("(a)", "The plenary meetings will hear statements by Member States;"),
        paragraph("(b)", "The opening segment will feature statements by the President;"),
    )
    old = Document("t", "f", operative=(paragraph("OP1", "Also decides that:", subs_old),))
    new = Document("t", "f", operative=(paragraph("OP1", "Also decides that:", subs_new),))
    (pair,) = align_documents(old, new).pairs
    assert pair.change is Change.MODIFIED
    assert [(s.old_label, s.new_label, s.change.value) for s in pair.subpairs] in (
        [("(b)", "(a)", "moved"), ("(a)", "(b)", "unchanged"), ("(c)", None, "deleted")],
        [("(b)", "(a)", "unchanged"), ("(a)", "(b)", "moved"), ("(c)", None, "deleted")],
    )


def test_pair_diff_reconstructs_both_paragraphs() -> None:
    old = document([], OPS)
    new = document([], [OPS[0].replace("convene", "hold"), *OPS[1:]])
    pair = align_documents(old, new).pairs[0]
    assert pair.change is Change.MODIFIED
    assert old_text(pair.diff) == OPS[0]
    assert new_text(pair.diff) == OPS[0].replace("convene", "hold")


def test_json_form() -> None:
    old = document([], OPS[:2])
    new = document([], [OPS[0].replace("convene", "hold"), "Notes the report;"])
    data = to_json(align_documents(old, new))
    json.dumps(data)  # must be serialisable as is
    first = data["pairs"][0]
    assert first["old"] == "OP1" and first["new"] == "OP1" and first["change"] == "modified"
    assert ["delete", "convene"] in first["diff"] and ["insert", "hold"] in first["diff"]
    assert 0 < first["similarity"] < 1
    assert set(first) >= {"old", "new", "change", "similarity", "diff", "related", "subpairs"}
    assert data["summary"]["modified"] == 1
    assert sum(data["summary"].values()) == len(data["pairs"])


# -- real texts ---------------------------------------------------------------------------


def fixture(name: str) -> Document:
    return read_text((FIXTURES / name).read_text(encoding="utf-8"))


def test_zero_draft_against_its_first_revision() -> None:
    # align-zero-draft-rev1.txt: PP1, OP1, OP9 and OP14 edited; OP5 bis inserted; OP7 and OP8
    # swapped; OP10 split into OP10 and OP11; OP12 deleted; the rest renumbered.
    alignment = align_documents(
        fixture("zero-draft-2021-hlm-modalities.txt"), fixture("align-zero-draft-rev1.txt")
    )
    assert rows(alignment) == [
        ("PP1", "PP1", "modified"),
        ("PP2", "PP2", "unchanged"),
        ("PP3", "PP3", "unchanged"),
        ("PP4", "PP4", "unchanged"),
        ("PP5", "PP5", "unchanged"),
        ("OP1", "OP1", "modified"),
        ("OP2", "OP2", "unchanged"),
        ("OP3", "OP3", "unchanged"),
        ("OP4", "OP4", "unchanged"),
        ("OP5", "OP5", "unchanged"),
        (None, "OP5 bis", "added"),
        ("OP6", "OP6", "unchanged"),
        ("OP8", "OP7", "moved"),
        ("OP7", "OP8", "unchanged"),
        ("OP9", "OP9", "modified"),
        ("OP10", "OP10", "split"),
        ("OP10", "OP11", "split"),
        ("OP11", "OP12", "unchanged"),
        ("OP12", None, "deleted"),
        ("OP13", "OP13", "unchanged"),
        ("OP14", "OP14", "modified"),
        ("OP15", "OP15", "unchanged"),
    ]


def test_resolution_79_286_against_a_revision_of_it() -> None:
    # align-79-286-rev.txt: PP2 and PP3 swapped; OP1(b) edited; OP4 (c) and (d) swapped; OP5
    # deleted; OP6 bis inserted; OP9 edited; OP12 split into OP11 and OP12; renumbered.
    alignment = align_documents(
        fixture("A_RES_79_286.pdf-text.txt"), fixture("align-79-286-rev.txt")
    )
    assert rows(alignment) == [
        ("PP1", "PP1", "unchanged"),
        ("PP3", "PP2", "moved"),
        ("PP2", "PP3", "unchanged"),
        ("PP4", "PP4", "unchanged"),
        ("PP5", "PP5", "unchanged"),
        ("PP6", "PP6", "unchanged"),
        ("OP1", "OP1", "modified"),
        ("OP2", "OP2", "unchanged"),
        ("OP3", "OP3", "unchanged"),
        ("OP4", "OP4", "modified"),
        ("OP5", None, "deleted"),
        ("OP6", "OP5", "unchanged"),
        ("OP7", "OP6", "unchanged"),
        (None, "OP6 bis", "added"),
        ("OP8", "OP7", "unchanged"),
        ("OP9", "OP8", "modified"),
        ("OP10", "OP9", "unchanged"),
        ("OP11", "OP10", "unchanged"),
        ("OP12", "OP11", "split"),
        ("OP12", "OP12", "split"),
        ("OP13", "OP13", "unchanged"),
    ]
    by_new = {p.new_label: p for p in alignment.pairs}
    assert [(s.old_label, s.new_label, s.change.value) for s in by_new["OP1"].subpairs] == [
        ("(a)", "(a)", "unchanged"),
        ("(b)", "(b)", "modified"),
        ("(c)", "(c)", "unchanged"),
    ]
    op4 = {(s.old_label, s.new_label): s.change.value for s in by_new["OP4"].subpairs}
    assert op4[("(a)", "(a)")] == op4[("(b)", "(b)")] == "unchanged"
    assert {op4[("(c)", "(d)")], op4[("(d)", "(c)")]} == {"moved", "unchanged"}


def test_zero_draft_against_the_adopted_resolution_four_years_later() -> None:
    # The same resolution in 2021 and 2025: OP10 and OP11 traded places, OP12 and OP14 went.
    alignment = align_documents(
        fixture("zero-draft-2021-hlm-modalities.txt"), fixture("A_RES_79_286.pdf-text.txt")
    )
    pairs = {(o, n) for o, n, _ in rows(alignment)}
    assert {
        ("OP10", "OP11"),
        ("OP11", "OP10"),
        ("OP12", None),
        ("OP14", None),
        (None, "PP6"),
    } <= pairs
    assert {("OP1", "OP1"), ("OP9", "OP9"), ("OP13", "OP12"), ("OP15", "OP13")} <= pairs


def test_same_texts_give_the_same_alignment_in_every_process() -> None:
    # Word pairs are indexed by hash, and string hashes differ from one process to the next.
    script = (
        "import json, sys;"
        "from tracker.text.read import read_text;"
        "from tracker.text.align import align_documents, to_json;"
        "old, new = (read_text(open(p, encoding='utf-8').read()) for p in sys.argv[1:]);"
        "print(json.dumps(to_json(align_documents(old, new))))"
    )
    paths = [
        str(FIXTURES / "zero-draft-2021-hlm-modalities.txt"),
        str(FIXTURES / "A_RES_79_286.pdf-text.txt"),
    ]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, *paths],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).parent.parent.parent,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


SENTENCES = [
    "Decides to convene a high-level meeting on the appraisal of the Global Plan of Action;",
    "Requests the Secretary-General to submit a report on the implementation of the Plan;",
    "Invites Member States to be represented at the highest possible level;",
    "Encourages Member States to include parliamentarians in their delegations;",
    "Also invites relevant United Nations entities to participate in the meeting;",
    "Decides that the proceedings of the meeting shall be webcast;",
    "Welcomes the work of the Inter-Agency Coordination Group against Trafficking in Persons;",
    "Stresses the importance of data disaggregated by sex and age;",
    "Urges Governments to protect and assist victims of trafficking in persons;",
    "Calls upon States to ratify the Protocol to Prevent, Suppress and Punish Trafficking;",
]


def edited(text: str, variant: int) -> str:
    words = text.split(" ")
    words[variant % len(words)] = "notably"
    return " ".join(words)


@settings(deadline=None)  # a busy machine must not fail a test of behaviour
@given(
    st.lists(st.integers(0, len(SENTENCES) - 1), max_size=8),
    st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, 3)), max_size=8),
)
def test_every_paragraph_is_accounted_for_in_reading_order(
    old_picks: list[int], new_picks: list[tuple[int, int]]
) -> None:
    old = document([], [SENTENCES[k] for k in old_picks])
    new = document(
        [],
        [
            SENTENCES[k] if variant == 0 else edited(SENTENCES[k], variant)
            for k, variant in new_picks
        ],
    )
    pairs = align_documents(old, new).pairs
    news = [p.new_label for p in pairs if p.new]
    olds = [p.old_label for p in pairs if p.old]
    # Each new paragraph once, in order (several times only as the target of a merge).
    assert list(dict.fromkeys(news)) == [p.label for p in new.paragraphs]
    assert all(p.change is Change.MERGED for p in pairs if p.new and news.count(p.new_label) > 1)
    # Each old paragraph once (several times only as the source of a split).
    assert set(olds) == {p.label for p in old.paragraphs}
    assert all(p.change is Change.SPLIT for p in pairs if p.old and olds.count(p.old_label) > 1)
    for pair in pairs:
        if pair.change is Change.UNCHANGED:
            assert pair.old.full_text() == pair.new.full_text() and pair.similarity == 1.0
        if pair.old and pair.new:
            assert old_text(pair.diff) == pair.old.full_text()
            assert new_text(pair.diff) == pair.new.full_text()
    # One main pair per old paragraph that goes on and per new paragraph that continues one:
    # the lineage of every paragraph is decided exactly once.
    main = [p for p in pairs if p.old and p.new and p.main]
    assert len({p.old_label for p in main}) == len(main) == len({p.new_label for p in main})
    for pair in pairs:
        if pair.old and pair.new and not pair.main:
            assert pair.change in (Change.SPLIT, Change.MERGED)
    groups = {("split", p.old_label) for p in pairs if p.change is Change.SPLIT} | {
        ("merged", p.new_label) for p in pairs if p.change is Change.MERGED
    }
    assert len([p for p in main if p.change in (Change.SPLIT, Change.MERGED)]) == len(groups)


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), max_size=10),
    st.integers(0, 10),
)
def test_a_document_aligned_with_itself_pairs_everything_in_place(
    texts: list[str], preambular: int
) -> None:
    doc = document([text.replace(";", ",") for text in texts[:preambular]], texts[preambular:])
    pairs = align_documents(doc, doc).pairs
    assert [(p.old_label, p.new_label) for p in pairs] == [
        (p.label, p.label) for p in doc.paragraphs
    ]
    assert all(p.change is Change.UNCHANGED and p.main for p in pairs)


# -- recurring resolutions: the same text a session later ---------------------------------

RECURRING = [
    "Recalling its resolutions 76/45 of 6 December 2021 and 78/31 of 4 December 2023 on youth, "
    "disarmament and non-proliferation,",
    "Recognizing that young people in all countries are key agents for social change, "
    "economic development and technological innovation,",
    "Encourages Member States, the United Nations and relevant specialized agencies to "
    "promote the meaningful and inclusive participation of young people in discussions on "
    "disarmament and non-proliferation, including through the seventy-ninth session;",
    "Calls upon Member States to invest in disarmament education and to take action to "
    "recognize and support youth networks, including by expanding high-quality training "
    "programmes and providing scholarships and fellowships to young experts;",
    "Requests the Secretary-General to submit to the General Assembly at its eightieth "
    "session a report on the implementation of the present resolution;",
]


def recurring(texts: list[str]) -> Document:
    return document(texts[:2], texts[2:])


def test_a_paragraph_reworded_where_it_stood_keeps_its_predecessor() -> None:
    # A session later every date and session number has moved on, and OP2 was renegotiated
    # into new words on the same subject: it stands where it stood, between the same
    # neighbours, so it continues the old OP2 rather than replacing it.
    later = [
        text.replace("2023", "2025").replace("seventy-ninth", "eighty-first") for text in RECURRING
    ]
    later[1] = later[1].replace("key agents", "critical agents")
    later[3] = (
        "Encourages Member States, in accordance with their national priorities, to increase "
        "investment in disarmament education, including through support for youth networks "
        "that can enable greater participation of young women;"
    )
    assert [
        (o, n) for o, n, _ in rows(align_documents(recurring(RECURRING), recurring(later)))
    ] == [
        ("PP1", "PP1"),
        ("PP2", "PP2"),
        ("OP1", "OP1"),
        ("OP2", "OP2"),
        ("OP3", "OP3"),
    ]


def test_a_different_paragraph_in_the_same_place_is_not_taken_for_the_old_one() -> None:
    # The only paragraph that went and the only one that came, but sharing no subject.
    later = [*RECURRING[:3], "Notes the report of the Secretary-General;", RECURRING[4]]
    result = rows(align_documents(recurring(RECURRING), recurring(later)))
    assert ("OP2", None, "deleted") in result and (None, "OP2", "added") in result


def test_an_operative_paragraph_cut_down_into_the_preamble_keeps_its_identity() -> None:
    # The adopted text keeps only the first clause of a draft's operative paragraph, reworded
    # as a preambular one and moved to the top.
    draft_op = (
        "Recalls the proclamation, in its resolution 78/148, within existing structures and "
        "available resources, of the period 2026-2035 as the United Nations Decade of "
        "Sustainable Transport, to be officially launched at United Nations Headquarters in "
        "New York on 10 December 2025, with the theme Advancing the Ashgabat Process: embarking "
        "on a decade-long global journey for sustainable transport, and invites all Member "
        "States to participate in the launch at the highest possible level;"
    )
    adopted_pp = (
        "Recalling the proclamation, in its resolution 78/148 of 19 December 2023, within "
        "existing structures and available resources, of the period 2026-2035 as the United "
        "Nations Decade of Sustainable Transport,"
    )
    old = document(RECURRING[:2], [draft_op, *RECURRING[2:]])
    new = document([adopted_pp, *RECURRING[:2]], RECURRING[2:])
    assert ("OP1", "PP1", "moved") in rows(align_documents(old, new))


def test_a_rewritten_text_does_not_pair_paragraphs_for_their_subject_alone() -> None:
    # Every paragraph rewritten: what they share is the subject (youth, disarmament, Member
    # States), and no pair is made for it.
    rewritten = [
        "Deploring that young people remain under-represented in disarmament forums and in "
        "delegations, and noting the Youth4Disarmament initiative,",
        "Welcoming the convening of the Youth Forum on disarmament in 2025,",
        "Decides to establish a youth advisory board on disarmament and non-proliferation;",
        "Invites Member States to nominate young experts to the advisory board;",
        "Decides to include in the provisional agenda of its eighty-second session the item "
        "entitled Youth, disarmament and non-proliferation;",
    ]
    alignment = align_documents(recurring(RECURRING), recurring(rewritten))
    assert all(pair.old is None or pair.new is None for pair in alignment.pairs)


def test_lists_of_resolutions_adopted_on_the_same_dates_are_not_one_paragraph() -> None:
    youth = (
        "Recalling its resolutions 74/64 of 12 December 2019, 76/45 of 6 December 2021 and "
        "78/31 of 4 December 2023,"
    )
    south_south = (
        "Recalling its resolutions 62/209 of 19 December 2007, 64/1 of 6 October 2009, 74/239 of "
        "19 December 2019, 76/221 of 17 December 2021, 77/185 of 14 December 2022 and 78/167 "
        "of 19 December 2023,"
    )
    old = document([youth, RECURRING[1]], RECURRING[2:])
    new = document([RECURRING[1], south_south], RECURRING[2:])
    result = rows(align_documents(old, new))
    assert ("PP1", None, "deleted") in result and (None, "PP2", "added") in result


def test_a_paragraph_cut_down_where_it_stood_while_another_came_beside_it() -> None:
    # A/C.2/80/L.18 -> L.47 (science, technology and innovation): operative paragraph 15, which
    # welcomed the AI panel and dialogue at length, was cut down to a third where it stood,
    # and a paragraph on medical research was added above it. One went and two came between
    # the same neighbours; the one that went shares far more with the shortened paragraph
    # than with the new one, and continues in it.
    neighbours = [
        "Encourages Member States to strengthen science, technology and innovation strategies "
        "as integral elements of their national sustainable development plans;",
        "Encourages Member States, individually and collectively, to increase investment in "
        "research and development and to promote public-private partnerships;",
    ]
    welcomed = (
        "Welcomes the establishment, within the United Nations, of the multidisciplinary "
        "Independent International Scientific Panel on Artificial Intelligence with balanced "
        "geographic representation to promote scientific understanding through evidence-based "
        "impact, risk and opportunity assessments, drawing on existing national, regional and "
        "international initiatives and research networks, and of the Global Dialogue on "
        "Artificial Intelligence Governance, involving Governments and all relevant "
        "stakeholders, which will take place on the margins of existing relevant United Nations "
        "conferences and meetings, as a platform to discuss international cooperation, to share "
        "best practices and lessons learned and to facilitate open, transparent and inclusive "
        "discussions on artificial intelligence governance with a view to enabling artificial "
        "intelligence to contribute to the implementation of the Sustainable Development Goals "
        "and to closing the digital divides between and within countries;"
    )
    shortened = (
        "Welcomes the establishment, within the United Nations, of the multidisciplinary "
        "Independent International Scientific Panel on Artificial Intelligence and of the "
        "Global Dialogue on Artificial Intelligence Governance, in accordance with resolution "
        "79/325, in which their terms of reference and modalities were set out, and looks "
        "forward to progress towards the fulfilment of their mandates;"
    )
    research = (
        "Recognizes the need for all countries, in particular for developing countries, to "
        "build scientific and clinical medical research capacity, including through "
        "partnerships with other countries, international organizations and other relevant "
        "entities;"
    )
    old = document([], [neighbours[0], welcomed, neighbours[1]])
    new = document([], [neighbours[0], research, shortened, neighbours[1]])
    assert rows(align_documents(old, new)) == [
        ("OP1", "OP1", "unchanged"),
        (None, "OP2", "added"),
        ("OP2", "OP3", "modified"),
        ("OP3", "OP4", "unchanged"),
    ]
    # Two that came, both alike to the one that went: neither stands out, none is taken.
    twin = shortened.replace("looks forward to progress", "expects progress")
    twins = document([], [neighbours[0], twin, shortened, neighbours[1]])
    assert ("OP2", None, "deleted") in rows(align_documents(old, twins))


def test_a_paragraphs_end_read_a_line_a_block_pairs_with_the_same_end_on_one_line() -> None:
    """A text stored when the end of a paragraph was one line (A/C.5/80/L.22's deferred
    documents) and the same text read now, a line a document, are the same text."""
    from dataclasses import replace

    from tests.text.corpus import DOCS
    from tracker.text.read import read_document

    new = read_document("L.22.txt", (DOCS / "A_C.5_80_L.22.txt").read_bytes())
    (decision,) = new.operative
    assert "\n" in decision.tail
    old = replace(new, operative=(replace(decision, tail=decision.tail.replace("\n", " ")),))
    assert align_documents(old, new).summary()["unchanged"] == 1


def test_of_two_paragraphs_rewritten_in_their_place_the_one_far_alike_keeps_its_identity() -> None:
    # A/RES/78/10 -> 80/8 (the Olympic Truce, Paris 2024 then Milano-Cortina 2026): between
    # the same neighbours two paragraphs went and two came. The dates of the Games were
    # rewritten for other Games, sharing little; the Games' vision shares a third of its
    # words with the new vision and far more than with anything else there, so it continues
    # in it, where both were read as deleted and added.
    neighbours = [
        "Recognizing the valuable contribution of sport in promoting education, sustainable "
        "development, peace, cooperation, solidarity, fairness, social inclusion and health,",
        "Acknowledging the contribution of the International Olympic Committee to the "
        "achievement of the 2030 Agenda,",
    ]
    old_dates = (
        "Noting that the Games of the XXXIII Olympiad will be held from 26 July to 11 August "
        "2024 and that the XVII Paralympic Games will be held from 28 August to 8 September "
        "2024, in Paris,"
    )
    old_vision = (
        "Noting also the vision and sustained action of the Paris 2024 Olympic and Paralympic "
        "Games and their legacy to leverage sport as a tool to promote education, health and "
        "social inclusion for all, thereby contributing to the achievement of the 2030 Agenda "
        "and its Sustainable Development Goals,"
    )
    new_dates = (
        "Noting that the XXV Olympic Winter Games will be held from 6 to 22 February 2026 and "
        "that the XIV Paralympic Winter Games will be held from 6 to 15 March 2026, across the "
        "host regions of the Milano-Cortina Games,"
    )
    new_vision = (
        "Noting also that the vision of the Milano-Cortina 2026 Olympic and Paralympic Winter "
        "Games acknowledges the role of sport in inspiring individuals and communities to "
        "uphold the Olympic values of excellence, friendship and respect, thereby contributing "
        "to broader global efforts to advance inclusion, sustainability and a culture of peace "
        "through sport,"
    )
    old = document([neighbours[0], old_dates, old_vision, neighbours[1]], RECURRING[2:])
    new = document([neighbours[0], new_dates, new_vision, neighbours[1]], RECURRING[2:])
    result = rows(align_documents(old, new))
    assert ("PP3", "PP3", "modified") in result
    assert ("PP2", None, "deleted") in result and (None, "PP2", "added") in result


def test_two_paragraphs_that_stood_together_merged_into_one_are_both_its_predecessors() -> None:
    # A/RES/79/186 -> 80/225 (the Crime Congress): two recollections of resolution 78/223
    # became one paragraph. The second continued in it; the first, whose words the second's
    # took in part, was shown deleted, so its comments would not have followed the text.
    approved = (
        "Recalling further its resolution 78/223 of 19 December 2023, in which it approved "
        "the agenda items and decided upon the main theme and the topics for the workshops of "
        "the Fifteenth Congress and also decided that the duration of the Fifteenth Congress "
        "should not exceed eight days, including pre-Congress consultations,"
    )
    declaration = (
        "Recalling that, in its resolution 78/223, it decided that, in accordance with its "
        "resolution 56/119, the Fifteenth Congress would adopt a single declaration, to be "
        "submitted to the Commission on Crime Prevention and Criminal Justice for its "
        "consideration, and that the Commission would give due consideration to the report of "
        "the Fifteenth Congress,"
    )
    merged = (
        "Recalling also its resolution 78/223 of 19 December 2023, in which it approved the "
        "agenda items and decided upon the main theme and the topics for the workshops of the "
        "Fifteenth United Nations Congress on Crime Prevention and Criminal Justice, and also "
        "decided that, in accordance with its resolution 56/119, the Fifteenth Congress would "
        "adopt a single declaration, to be submitted to the Commission on Crime Prevention and "
        "Criminal Justice for its consideration,"
    )
    old = document([RECURRING[0], approved, declaration, RECURRING[1]], RECURRING[2:])
    new = document([RECURRING[0], merged, RECURRING[1]], RECURRING[2:])
    result = rows(align_documents(old, new))
    assert ("PP2", "PP2", "merged") in result and ("PP3", "PP2", "merged") in result
    assert not [row for row in result if row[2] == "deleted"]
    # Paragraphs that did not stand together are no merge for sharing words.
    apart = document([approved, RECURRING[0], RECURRING[1], declaration], RECURRING[2:])
    moved_apart = document([RECURRING[0], RECURRING[1], merged], RECURRING[2:])
    assert ("PP1", None, "deleted") in rows(align_documents(apart, moved_apart))
