"""The one rule for what a person typed before it is kept: every service that records a
comment, proposal, reply or edit passes its text through `checked_text`."""

from __future__ import annotations

from tracker.services import Invalid
from tracker.text.typed import contained, described, invalid_characters, one_kind_of_line_break


def checked_text(text: str | None, what: str) -> str:
    """The text as typed, with one kind of line break, without spaces around it and without
    the bidirectional controls that could reorder text beyond it (`typed.contained`); Invalid
    naming `what` ("The comment"), the character and where it is when it holds one no text
    here may hold. The page shows the text again without it (forms.submitted_values)."""
    text = one_kind_of_line_break(text or "")
    if found := invalid_characters(text):
        raise Invalid(
            f"{what} contains {described(found)}: such characters are invisible and come "
            "with text pasted from another program. They were taken out of the text in the "
            "form below; check it and send it again. Nothing was recorded."
        )
    return contained(text).strip()
