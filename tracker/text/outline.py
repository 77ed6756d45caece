"""A Document as a short outline people can check at a glance (`flask parse FILE`)."""

from __future__ import annotations

from tracker.text.document import Document, Heading, Paragraph

#: How much of each paragraph's text the outline shows.
FIRST_WORDS = 70


def outline(doc: Document) -> list[str]:
    """Symbol, sponsors, title, counts, then every paragraph's label and first words under its
    headings, the annex, the footnotes; warnings are printed apart by the caller."""
    counts = doc.counts()
    lines = [f"symbol    {doc.symbol or '(none)'}"]
    if doc.link:
        lines.append(f"link      [{doc.link}]")
    if doc.sponsors:
        lines.append(f"sponsors  {', '.join(doc.sponsors)} ({len(doc.sponsors)})")
    elif doc.submitter():
        lines.append(f"submitted by {doc.submitter()}")
    lines += [f"title     {doc.title}", f"formula   {doc.formula}"]
    if doc.parts:
        lines.append(f"parts     {', '.join(doc.parts)}")
    lines.append(
        f"          {counts['preambular']} PP, {counts['operative']} OP, {counts['annex']} annex "
        f"paragraphs, {counts['subparagraphs']} sub-paragraphs, {counts['footnotes']} footnotes, "
        f"{len(doc.headings)} headings, {len(doc.warnings)} warnings"
    )
    headings: dict[str, list[Heading]] = {}
    for heading in doc.headings:
        headings.setdefault(heading.before, []).append(heading)
    part = doc.parts[0] if doc.parts else ""
    for paragraph in doc.body():
        if doc.parts and paragraph.section.split(".")[0] != part:
            part = paragraph.section.split(".")[0]
            lines.append(f"part {part}    {doc.formula}")
        lines += _paragraph(paragraph, headings)
    if doc.annex is not None:
        lines.append("")
        lines.append(f"Annex     {doc.annex.title.splitlines()[0] if doc.annex.title else ''}")
        if doc.annex.intro:
            lines.append(f"          {_first_words(doc.annex.intro)}")
        for paragraph in doc.annex.paragraphs:
            lines += _paragraph(paragraph, headings)
    for heading in headings.get("", ()):
        lines.append(f"   §      {_heading(heading)}")
    for footnote in doc.footnotes:
        lines.append(f"{'fn ' + footnote.mark:>9} {_first_words(footnote.text)}")
    for number, other in enumerate(doc.others, 2):
        # Further resolutions or decisions of the same document, each outlined in turn.
        lines += ["", f"--- text {number} of {len(doc.others) + 1} in this document ---"]
        lines += outline(other)
    return lines


def _paragraph(paragraph: Paragraph, headings: dict[str, list[Heading]]) -> list[str]:
    lines = [f"   §      {_heading(h)}" for h in headings.get(paragraph.label, ())]
    lines.append(f"{paragraph.label:>9} {_first_words(paragraph.text)}")
    for sub in paragraph.walk():
        if sub is not paragraph:
            lines.append(f"{sub.label:>13} {_first_words(sub.text, FIRST_WORDS - 4)}")
    return lines


def _heading(heading: Heading) -> str:
    return f"{heading.number}. {heading.text}" if heading.number else heading.text


def _first_words(text: str, limit: int = FIRST_WORDS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
