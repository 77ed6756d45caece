"""Akoma Ntoso 3.0 XML of a resolution, following the AKN4UN guidance for resolutions.

AKN4UN marks General Assembly resolutions up as `<statement name="resolution">` with FRBR
identifiers of the form `/akn/un/statement/deliberation/unga/<date>/<number>/...`. Preambular
paragraphs are containers of the preamble, operative paragraphs are `paragraph` elements of the
main body, sub-paragraphs `list`/`point`, footnotes `authorialNote` where they are cited, and an
annex or declaration is an attachment. A paragraph's lineage identifier, stable across
revisions, is written as its `wId` (the work-level identifier), while `eId` follows the
paragraph's current number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from tracker.text.document import Document, Footnote, Heading, MarkedText, Paragraph

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = f"{{{AKN_NS}}}"
#: Akoma Ntoso as the default namespace of the document.
NAMESPACES: dict[str | None, str] = {None: AKN_NS}


@dataclass(frozen=True)
class FrbrIdentity:
    """What the FRBR identifiers say: whose document, which one, which version, when."""

    #: Date of adoption or circulation of this version.
    date: date = field(default_factory=date.today)
    #: Number part of the work URI (`79-286`); derived from the document symbol when empty.
    number: str = ""
    #: Version of this expression, e.g. `rev-1`; empty for the adopted text.
    version: str = ""
    language: str = "eng"
    author: str = "#ga"
    #: Who produced the XML (the `source` of metadata blocks).
    source: str = "#secretariat"


def _number_from_symbol(symbol: str) -> str:
    """`A/RES/79/286` -> `79-286`, `A/75/L.12` -> `75-l-12`; `draft` without a symbol."""
    parts = [p for p in re.split(r"[/.\s]+", symbol.lower()) if p]
    if parts[:1] == ["a"]:
        parts = parts[1:]
    if parts[:1] == ["res"]:
        parts = parts[1:]
    return "-".join(parts) or "draft"


class _Builder:
    def __init__(self, doc: Document, lineage_ids: Mapping[str, str], frbr: FrbrIdentity) -> None:
        self.doc = doc
        self.lineage_ids = lineage_ids
        self.frbr = frbr
        self.notes = {f.mark: f for f in doc.footnotes}
        self.note_count = 0
        self.section_count = 0
        for label, lineage in lineage_ids.items():
            if not lineage or re.search(r"\s", lineage):
                raise ValueError(
                    f"lineage identifier of {label} must be non-empty without spaces: {lineage!r}"
                )

    def el(self, parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
        node = (
            etree.Element(f"{_A}{tag}", nsmap=NAMESPACES)
            if parent is None
            else etree.SubElement(parent, f"{_A}{tag}")
        )
        for key, value in attrs.items():
            node.set(key, value)
        return node

    def meta(self, parent: etree._Element, name: str, number: str, references: bool) -> None:
        f = self.frbr
        day = f.date.isoformat()
        work = f"/akn/un/statement/deliberation/unga/{day}/{number}"
        expression = f"{work}/{f.language}@{f.version}"
        meta = self.el(parent, "meta")
        ident = self.el(meta, "identification", source=f.source)
        levels = (
            ("FRBRWork", work, f"{work}/!{name}"),
            ("FRBRExpression", expression, f"{expression}/!{name}"),
            ("FRBRManifestation", f"{expression}.akn", f"{expression}/!{name}.xml"),
        )
        for level, uri, this in levels:
            node = self.el(ident, level)
            self.el(node, "FRBRthis", value=this)
            self.el(node, "FRBRuri", value=uri)
            self.el(node, "FRBRdate", date=day, name="adoption" if not f.version else "version")
            self.el(node, "FRBRauthor", href=f.author)
            if level == "FRBRWork":
                self.el(node, "FRBRcountry", value="un")
                self.el(node, "FRBRname", value="resolution")
            if level == "FRBRExpression":
                self.el(node, "FRBRlanguage", language=f.language)
        if not references:
            # The organisations are declared once, in the main document's references.
            return
        refs = self.el(meta, "references", source=f.source)
        self.organisation(refs, f.source, "secretariat", "Secretariat")
        if f.author.lstrip("#") != f.source.lstrip("#"):
            self.organisation(refs, f.author, "generalAssembly", "General Assembly")

    def organisation(self, refs: etree._Element, reference: str, name: str, shown: str) -> None:
        """A `TLCOrganization` of the UN, declared for the `#reference` that points to it."""
        href = f"/ontology/organization/un/{name}"
        self.el(refs, "TLCOrganization", eId=reference.lstrip("#"), href=href, showAs=shown)

    def inline(self, p: etree._Element, paragraph: MarkedText, eid: str) -> None:
        """Text with italics as `i` and footnotes as `authorialNote` at their offsets."""
        text = paragraph.text
        cuts = {0, len(text)}
        for e in paragraph.emphasis:
            cuts.update((e.start, e.end))
        for ref in paragraph.footnote_refs:
            cuts.add(ref.offset)
        last: etree._Element | None = None
        ordered = sorted(c for c in cuts if 0 <= c <= len(text))

        def put(s: str) -> None:
            if last is None:
                p.text = (p.text or "") + s
            else:
                last.tail = (last.tail or "") + s

        def notes_at(offset: int) -> None:
            nonlocal last
            for ref in paragraph.footnote_refs:
                if ref.offset == offset:
                    last = self.note(p, ref.mark, eid)

        notes_at(0)
        for a, b in zip(ordered, ordered[1:], strict=False):
            chunk = text[a:b]
            if any(e.start <= a and b <= e.end for e in paragraph.emphasis):
                node = self.el(p, "i")
                node.text = chunk
                last = node
            else:
                put(chunk)
            notes_at(b)

    def note(self, parent: etree._Element, mark: str, eid: str) -> etree._Element:
        self.note_count += 1
        footnote = self.notes.get(mark, Footnote(mark, ""))
        node = self.el(
            parent,
            "authorialNote",
            marker=mark,
            placement="bottom",
            eId=f"{eid}__authorialNote_{self.note_count}",
        )
        body = self.el(node, "p")
        body.text = footnote.text
        return node

    def ids(self, paragraph: Paragraph, eid: str) -> dict[str, str]:
        attrs = {"eId": eid}
        lineage = self.lineage_ids.get(paragraph.label)
        if lineage:
            attrs["wId"] = lineage
        return attrs

    def hierarchy(
        self, parent: etree._Element, tag: str, paragraph: Paragraph, eid: str, depth: int
    ) -> None:
        node = self.el(parent, tag, **self.ids(paragraph, eid))
        if paragraph.number:
            num = self.el(node, "num")
            num.text = paragraph.printed_number if depth == 0 else f"({paragraph.number})"
        if not paragraph.subparagraphs:
            content = self.el(node, "content")
            self.inline(self.el(content, "p"), paragraph, eid)
            # What the paragraph sets out after its colon (a list of documents), as printed.
            for number, line in enumerate(paragraph.tail_lines, start=1):
                self.inline(self.el(content, "p"), line, f"{eid}__tail_{number}")
            return
        if paragraph.text:
            self.inline(self.el(self.el(node, "intro"), "p"), paragraph, f"{eid}__intro")
        items = self.el(node, "list", eId=f"{eid}__list_1")
        for sub in paragraph.subparagraphs:
            sub_eid = f"{eid}__list_1__point_{_token(sub.number or sub.anchor)}"
            self.hierarchy(items, "point", sub, sub_eid, depth + 1)
        if paragraph.tail:
            wrap_up = self.el(node, "wrapUp")
            for number, line in enumerate(paragraph.tail_lines, start=1):
                self.inline(self.el(wrap_up, "p"), line, f"{eid}__wrap_{number}")

    def body(
        self, parent: etree._Element, paragraphs: tuple[Paragraph, ...], prefix: str, part: str
    ) -> None:
        main = self.el(parent, "mainBody")
        headings = _headings_over(self.doc, paragraphs, part)
        seen: set[str] = set()
        holder = main
        for index, paragraph in enumerate(paragraphs, start=1):
            for heading in headings.get(paragraph.label, ()):
                holder = self.section(main, heading, prefix)
            eid = f"{prefix}para_{_token(paragraph.number) if paragraph.number else index}"
            if eid in seen:
                eid = f"{eid}_{index}"
            seen.add(eid)
            self.hierarchy(holder, "paragraph", paragraph, eid, 0)
        for heading in headings.get("", ()):
            self.section(main, heading, prefix)
        if not paragraphs and not headings:
            # mainBody cannot be empty; an empty draft still has to be a valid document.
            self.el(main, "p")

    # -- what the text prints besides its paragraphs --------------------------------------

    def section(self, parent: etree._Element, heading: Heading, prefix: str) -> etree._Element:
        """An `hcontainer` with the heading's number and text; the paragraphs under the
        heading, up to the next one, go inside it."""
        self.section_count += 1
        eid = f"{prefix}hcontainer_{self.section_count}"
        node = self.el(parent, "hcontainer", name="section", eId=eid)
        if heading.number:
            self.el(node, "num").text = f"{heading.number}."
        self.inline(self.el(node, "heading"), heading, eid)
        return node

    def preamble_section(self, preamble: etree._Element, heading: Heading) -> etree._Element:
        """A `container` for a heading over preambular paragraphs (the preamble has no
        `hcontainer`): the heading as its first line, the paragraphs under it inside."""
        self.section_count += 1
        eid = f"preamble__hcontainer_{self.section_count}"
        node = self.el(preamble, "container", name="section", eId=eid)
        line = self.el(node, "p", **{"class": "heading"})
        if heading.number:
            line.text = f"{heading.number}. "
        self.inline(line, heading, eid)
        return node

    def front_lines(self, preface: etree._Element) -> None:
        """The sponsors as `docProponent`s with the note their mark calls, and the link line."""
        doc = self.doc
        if doc.sponsors:
            # `<docProponent>Austria</docProponent>, ... and <docProponent>Chile</docProponent>:`
            line = self.el(preface, "p", **{"class": "sponsors"})
            marked = doc.marked_sponsors()
            last = line
            for index, (name, mark) in enumerate(marked):
                last = self.el(line, "docProponent")
                last.text = name
                if mark:
                    last = self.note(line, mark, "preface__sponsors")
                last.tail = (
                    ", "
                    if index < len(marked) - 2
                    else (" and " if index == len(marked) - 2 else ":")
                )
            for mark, _ in doc.sponsor_notes():
                last = self.note(line, mark, "preface__sponsors")
            last.tail = (last.tail or "") + f" {doc.sponsored_as}"
            for mark in doc.sponsored_as_marks():
                last = self.note(line, mark, "preface__sponsors")
        elif doc.submitted_by:
            line = self.el(preface, "p", **{"class": "submitted"})
            line.text = doc.submitted_by
            for mark in doc.sponsored_as_marks():
                self.note(line, mark, "preface__sponsors")
        if doc.link:
            self.el(preface, "p", **{"class": "link"}).text = f"[{doc.link}]"

    def build(self) -> etree._Element:
        doc = self.doc
        number = self.frbr.number or _number_from_symbol(doc.symbol)
        root = self.el(None, "akomaNtoso")
        statement = self.el(root, "statement", name="resolution")
        self.meta(statement, "main", number, references=True)
        preface = self.el(statement, "preface")
        if doc.symbol:
            symbol_line = self.el(preface, "p", **{"class": "symbol"})
            self.el(symbol_line, "docNumber").text = doc.symbol
            if doc.symbol_mark:
                self.note(symbol_line, doc.symbol_mark, "preface__symbol")
        self.front_lines(preface)
        self.el(self.el(preface, "p", **{"class": "title"}), "docTitle").text = doc.title
        if doc.formula or doc.preamble:
            preamble = self.el(statement, "preamble")
            if doc.formula:
                formula = self.el(preamble, "formula", name="enactingFormula")
                self.el(formula, "p").text = doc.formula
            headings = _headings_over(doc, doc.preamble, "preamble")
            holder, opened = preamble, ""
            for index, pp in enumerate(doc.preamble, start=1):
                if not pp.section.startswith(opened):
                    # A resolution in sections: the heading's section has ended.
                    holder, opened = preamble, ""
                for heading in headings.get(pp.label, ()):
                    holder, opened = self.preamble_section(preamble, heading), pp.section
                eid = f"preamble__container_{index}"
                container = self.el(holder, "container", name="preambularParagraph")
                for key, value in self.ids(pp, eid).items():
                    container.set(key, value)
                self.inline(self.el(container, "p"), pp, eid)
                for sub in pp.subparagraphs:
                    sub_p = self.el(container, "p", **{"class": "subparagraph"})
                    sub_p.text = f"({sub.number}) " if sub.number else ""
                    sub_p.text += sub.full_text()
        self.body(statement, doc.operative, "", "operative")
        if doc.back_matter.strip():
            conclusions = self.el(statement, "conclusions")
            for line in doc.back_matter.splitlines():
                if line.strip():
                    self.el(conclusions, "p").text = line.strip()
        if doc.annex is not None:
            attachment = self.el(self.el(statement, "attachments"), "attachment", eId="att_1")
            annex = self.el(attachment, "doc", name="annex")
            self.meta(annex, "annex_1", number, references=False)
            preface = self.el(annex, "preface")
            title = self.el(self.el(preface, "p", **{"class": "title"}), "docTitle")
            if doc.annex.title:
                self.inline(title, doc.annex.marked_title, "att_1__title")
            else:
                title.text = "Annex"
            if doc.annex.intro:
                opening = self.el(self.el(annex, "preamble"), "p")
                self.inline(opening, doc.annex.marked_intro, "att_1__preamble")
            self.body(annex, doc.annex.paragraphs, "att_1__", "annex")
        return root


def _headings_over(
    doc: Document, paragraphs: tuple[Paragraph, ...], part: str
) -> dict[str, list[Heading]]:
    """The headings of a part (`preamble`, `operative`, `annex`) by the label of the paragraph
    of `paragraphs` they stand over; `""` holds the headings that nothing follows.

    A heading over a preambular paragraph stays in the preamble, also in a resolution in
    sections (`A. Base/floor salary scale` then `Recalling ...`). One over a paragraph the
    part does not have opens the part's next paragraph, so no heading is lost.
    """
    labels = {p.label for p in paragraphs}
    preambular = {p.label for p in doc.preamble}
    order = [p.label for p in (doc.body() if part != "annex" else paragraphs)]
    placed: dict[str, list[Heading]] = {}
    for heading in doc.headings:
        if heading.in_list or (heading.part == "annex") != (part == "annex"):
            # A heading in a paragraph's list is a line of its tail, printed with it.
            continue
        if (heading.before in preambular) != (part == "preamble"):
            continue
        target = heading.before
        if target and target not in labels:
            following = order[order.index(target) :] if target in order else []
            target = next((label for label in following if label in labels), "")
        placed.setdefault(target, []).append(heading)
    return placed


def _token(value: str) -> str:
    """An eId-safe token: `5 bis` -> `5bis`."""
    return re.sub(r"[^0-9A-Za-z]", "", value) or "x"


def write_akn(
    doc: Document,
    *,
    lineage_ids: Mapping[str, str] | None = None,
    frbr: FrbrIdentity | None = None,
) -> bytes:
    """The resolution as Akoma Ntoso 3.0 XML; `lineage_ids` (label -> id) become `wId`s."""
    root = _Builder(doc, lineage_ids or {}, frbr or FrbrIdentity()).build()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
