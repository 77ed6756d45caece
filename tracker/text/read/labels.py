"""The app's own paragraph labels, read back: a text exported "with PP/OP labels" (`[PP1]`,
`1. [OP1]`), edited in Word and uploaded again, prints them before its paragraphs.

They are set aside before assembly, so that they are not read as words of the paragraphs,
and then checked against the numbering the text was read by: a paragraph moved in Word keeps
its old label while Word renumbers it, and the text is read by its numbering, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping

from tracker.text.document import Document, ParseWarning
from tracker.text.read.blocks import TextBlock
from tracker.text.read.vocabulary import APP_LABEL_RE

#: Past this many, paragraphs whose label disagrees are named in one warning, not one each
#: (a paragraph added at the top shifts every label after it).
NAMED_ONE_BY_ONE = 5


def set_aside_labels(blocks: list[TextBlock]) -> dict[int, str]:
    """Take the app's labels off the front of the blocks (keeping a number printed before
    one); returns each label by the line of the block it stood on."""
    labels: dict[int, str] = {}
    for block in blocks:
        match = APP_LABEL_RE.match(block.text)
        if match is None:
            continue
        labels[block.line] = match.group("label")
        block.text = (match.group("number") or "") + block.text[match.end() :]
    return labels


def label_warnings(document: Document, labels: Mapping[int, str]) -> tuple[ParseWarning, ...]:
    """What the preview says of labels set aside: that they were, and which paragraphs they
    name otherwise than the numbering the text was read by."""
    if not labels:
        return ()
    first, last = min(labels), max(labels)
    printed = f"[{labels[first]}] … [{labels[last]}]" if last != first else f"[{labels[first]}]"
    found = [
        (paragraph, labels[paragraph.line])
        for paragraph in document.paragraphs
        if paragraph.line in labels
    ]
    warnings = [
        ParseWarning(
            f"The paragraph labels that the app's export with labels prints ({printed}) "
            "were set aside: they are not part of the text",
            first,
        )
    ]
    moved = [(paragraph, label) for paragraph, label in found if paragraph.label != label]
    if len(moved) > NAMED_ONE_BY_ONE:
        named = ", ".join(f"{p.label} (labelled [{label}])" for p, label in moved)
        warnings.append(
            ParseWarning(
                f"{len(moved)} paragraphs carry a label other than their number and were read "
                f"by their numbering: {named}; check that paragraphs added, deleted or moved "
                "in Word are where they should be",
                moved[0][0].line,
            )
        )
        return tuple(warnings)
    warnings.extend(
        ParseWarning(
            f"{paragraph.label} is labelled [{label}] in the file; it was read as "
            f"{paragraph.label}, by its numbering: check that it was meant to move",
            paragraph.line,
        )
        for paragraph, label in moved
    )
    return tuple(warnings)
