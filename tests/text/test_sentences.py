"""A reason a person wrote, ended as a sentence once: never two full stops."""

from __future__ import annotations

import pytest

from tracker.text.sentences import as_sentence


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Sent to the wrong list", "Sent to the wrong list."),
        ("Agreed with the co-facilitators.", "Agreed with the co-facilitators."),
        ("Was it the right file? ", "Was it the right file?"),
        ("As “agreed ad ref.”", "As “agreed ad ref.”"),
        ("See OP3 (as amended)", "See OP3 (as amended)."),
        ("", ""),
    ],
)
def test_a_full_stop_is_added_only_where_the_text_ends_no_sentence(written, printed):
    assert as_sentence(written) == printed
