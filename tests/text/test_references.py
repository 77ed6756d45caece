"""Paragraphs named as delegates say and type them, read as the paths texts give them."""

from __future__ import annotations

import pytest

from tracker.text.references import paragraph_reference


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("OP3", "OP3"),
        ("op 3", "OP3"),
        ("  Op.3 ", "OP3"),
        ("PP2", "PP2"),
        ("pp 12", "PP12"),
        ("OP 3 (a)", "OP3 (a)"),
        ("OP3(a)", "OP3 (a)"),
        ("op3 ( b )(ii)", "OP3 (b) (ii)"),
        ("operative paragraph 3", "OP3"),
        ("Operative para 3 (c)", "OP3 (c)"),
        ("preambular paragraph 2", "PP2"),
        ("para 5", "OP5"),
        ("paragraph 5", "OP5"),
        ("para. 5", "OP5"),
        ("OP5 bis", "OP5 bis"),
        ("op 5 TER (a)", "OP5 ter (a)"),
        ("OP03", "OP3"),
    ],
)
def test_a_paragraph_as_delegates_name_it_is_read_as_its_path(typed, path):
    assert paragraph_reference(typed) == path


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "OP",
        "op climate",
        "OP3 climate finance",
        "paragraphs 3",
        "3",
        "(a)",
        "OP 1234",
        "opposition 3",
        "OP3 (a" + "a" * 100 + ")",
    ],
)
def test_anything_else_is_words_to_find(typed):
    assert paragraph_reference(typed) is None
