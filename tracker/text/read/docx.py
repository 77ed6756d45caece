"""Read a resolution from a Word .docx file.

The XML is walked directly (not through python-docx) because the reader needs what Word
computes at display time: automatic paragraph numbers from the numbering definitions, and
tracked changes, read as if accepted. Each Word paragraph becomes one block (with italics and
footnote references as markers), entering the shared pipeline at the assembly stage.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from tracker.text.document import Document, ParseError, ParseWarning
from tracker.text.numbering import roman
from tracker.text.read.assemble import assemble_document
from tracker.text.read.blocks import TextBlock
from tracker.text.read.lines import normalise_text
from tracker.text.read.marks import (
    EM_CLOSE,
    EM_OPEN,
    FN_CLOSE,
    FN_OPEN,
    without_commas_between_marks,
)
from tracker.text.read.text import read_text
from tracker.text.read.vocabulary import FORMULA_RE, SYMBOL_RE, symbol_mark_at

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Limits that keep a hostile archive (a zip bomb) from exhausting memory.
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
#: Word lets a list start anywhere up to 2^31; no resolution numbers beyond this, and a larger
#: number (a damaged or hostile file) is printed as this one, with a warning, so that letters
#: and roman numerals stay a few characters long.
MAX_LIST_NUMBER = 9999
#: Word has nine list levels, 0 to 8.
MAX_LIST_LEVEL = 8

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)
_TRACKED = {W + "ins", W + "del", W + "moveFrom", W + "moveTo"}
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Never read as paragraph text: deleted or moved-away text, field codes, properties, and
#: drawings and text boxes (their paragraphs are not part of the resolution's flow; the
#: compatibility fallback repeats the same content a second time).
_SKIPPED = {
    W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "pPr", W + "rPr",
    W + "drawing", W + "pict", W + "object", W + "txbxContent", _MC + "Fallback",
    _MC + "AlternateContent",
}  # fmt: skip


def read_docx(data: bytes) -> Document:
    """Read a resolution from a .docx file, computing Word's automatic numbering."""
    archive = _open_archive(data)
    document = _read_xml(archive, "word/document.xml", required=True)
    assert document is not None
    numbering = _Numbering(_read_xml(archive, "word/numbering.xml"))
    styles = _read_xml(archive, "word/styles.xml")
    style_numbering = _style_numbering(styles)
    # Endnotes are read as footnotes: a resolution has one kind of note, however it was typed.
    footnote_texts = {
        ("footnote", fid): text
        for fid, text in _footnote_texts(_read_xml(archive, "word/footnotes.xml")).items()
    }
    footnote_texts |= {
        ("endnote", fid): text
        for fid, text in _footnote_texts(
            _read_xml(archive, "word/endnotes.xml"), W + "endnote"
        ).items()
    }
    reader = _BodyReader(numbering, style_numbering, footnote_texts)
    body = document.find(W + "body")
    if body is None:
        raise ParseError("The Word file has no document body")
    paragraphs: list[etree._Element] = []
    for number, paragraph in enumerate(body.iter(W + "p"), start=1):
        if not _inside_text_box(paragraph, body):
            reader.read_paragraph(paragraph, number)
            paragraphs.append(paragraph)
    # A file Word structured itself (notes, numbering, tracked changes, tables) was typed.
    typed = reader.tracked or reader.footnote_order or reader.numbered
    if not typed and body.find(f".//{W}tbl") is None:
        lines = [line for p in paragraphs for line in _plain_lines(p)]
        if _pasted_line_by_line(lines):
            return read_text("\n".join(lines), markdown=False)
    warnings: list[ParseWarning] = []
    if reader.tracked:
        warnings.append(
            ParseWarning(
                "The file contains tracked changes; they were read as if all were accepted "
                "(inserted text kept, deleted text dropped); the first is in this paragraph",
                reader.tracked,
            )
        )
    if numbering.out_of_range:
        warnings.append(
            ParseWarning(
                f"The file's automatic numbering runs beyond {MAX_LIST_NUMBER:,}; "
                f"larger numbers were read as {MAX_LIST_NUMBER:,}: check the paragraph numbers"
            )
        )
    if not reader.blocks:
        raise ParseError("The file is empty")
    symbol = symbol_mark = ""
    for block in reader.blocks:
        # The symbol is printed above the formula; symbols after it are citations.
        if FORMULA_RE.match(block.text):
            break
        match = SYMBOL_RE.search(block.text)
        if match:
            symbol, symbol_mark = match.group(0), symbol_mark_at(block.text, match.end())
            break
    bodies = [
        (mark, _without_mark(footnote_texts.get(fid, ""), mark, fid in reader.custom_marked))
        for mark, fid in reader.footnote_order
    ]
    return assemble_document(
        reader.blocks, bodies, warnings, symbol=symbol, symbol_mark=symbol_mark
    )


def _without_mark(text: str, mark: str, custom: bool) -> str:
    """A note with a mark of its own prints that mark before its text (`* Any changes`, or
    `15 United Nations, Treaty Series` where Word would have counted 14)."""
    if custom and text.startswith(mark) and not text[len(mark) : len(mark) + 1].isdigit():
        return text[len(mark) :].lstrip()
    return text


def _open_archive(data: bytes) -> zipfile.ZipFile:
    """Open the zip, refusing anything that would expand beyond sane limits."""
    if not data:
        raise ParseError("The file is empty")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ParseError("The file is not a Word .docx file (it is not a zip archive)") from error
    if len(members) > MAX_MEMBERS:
        raise ParseError(f"The Word file has {len(members)} parts; a .docx has far fewer")
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise ParseError(
            f"The Word file would expand to {total // (1024 * 1024)} MB; "
            f"at most {MAX_TOTAL_BYTES // (1024 * 1024)} MB is read"
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise ParseError(
                f"The Word file's part {member.filename} is compressed more than {MAX_RATIO}:1, "
                "which real documents never are; refused as a possible zip bomb"
            )
    return archive


def _read_xml(archive: zipfile.ZipFile, name: str, required: bool = False) -> etree._Element | None:
    """Parse one part with entity expansion and network access off; DOCTYPEs are refused."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise ParseError(
                f"The file is not a Word .docx file (it has no {name}); save it from Word as "
                ".docx and upload it again"
            ) from None
        return None
    try:
        with archive.open(info) as handle:
            raw = handle.read(MAX_TOTAL_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError) as error:
        raise ParseError(f"The Word file is damaged ({name} cannot be read)") from error
    if len(raw) > MAX_TOTAL_BYTES:
        raise ParseError(f"The Word file's part {name} is larger than it claims; refused")
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise ParseError(
            f"The Word file's part {name} declares a DOCTYPE or entities, which Word never "
            "writes; refused for safety"
        )
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ParseError(
            f"The Word file is damaged ({name} is not well-formed XML: {error})"
        ) from error


def _val(element: etree._Element | None, attribute: str = "val") -> str | None:
    if element is None:
        return None
    return element.get(W + attribute)


# -- numbering --------------------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    start: int = 1


@dataclass
class _Numbering:
    """Word's numbering definitions and the running counters that display them."""

    root: etree._Element | None
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)
    #: Set when a number beyond MAX_LIST_NUMBER had to be printed as MAX_LIST_NUMBER.
    out_of_range: bool = False

    def __post_init__(self) -> None:
        if self.root is None:
            return
        for abstract in self.root.iter(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(W + "lvl"):
                ilvl = _level(_val(lvl, "ilvl"))
                levels[ilvl] = _Level(
                    fmt=_val(lvl.find(W + "numFmt")) or "decimal",
                    start=_int(_val(lvl.find(W + "start")), 1),
                )
            self.abstract[_val(abstract, "abstractNumId") or ""] = levels
        for num in self.root.iter(W + "num"):
            num_id = _val(num, "numId") or ""
            self.nums[num_id] = _val(num.find(W + "abstractNumId")) or ""
            for override in num.findall(W + "lvlOverride"):
                start = _val(override.find(W + "startOverride"))
                if start is not None:
                    ilvl = _level(_val(override, "ilvl"))
                    self.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for this list level and return the printed number."""
        abstract_id = self.nums.get(num_id)
        if abstract_id is None or abstract_id not in self.abstract:
            return ""
        levels = self.abstract[abstract_id]
        level = levels.get(ilvl, _Level())
        if level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            # A list instance with a start override begins again at that number.
            self.started.add(num_id)
            for override_level, start in self.overrides.get(num_id, {}).items():
                counters[override_level] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        value = counters[ilvl]
        if not 0 <= value <= MAX_LIST_NUMBER:
            self.out_of_range = True
            value = min(max(value, 0), MAX_LIST_NUMBER)
        return _format_number(value, level.fmt, ilvl)


def _level(value: str | None) -> int:
    """A list level, kept within Word's nine."""
    return min(max(_int(value, 0), 0), MAX_LIST_LEVEL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format_number(value: int, fmt: str, ilvl: int) -> str:
    """The number as a resolution prints it: `3.` for decimal, `(c)` and `(iii)` otherwise."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _letters(value)
        return f"({letter})"
    if fmt in ("lowerRoman", "upperRoman"):
        return f"({_roman(value)})"
    return f"{value}." if ilvl == 0 or fmt == "decimal" else f"({value})"


def _letters(value: int) -> str:
    """`a` ... `z`, `aa` ... as Word's lowerLetter counts (at most MAX_LIST_NUMBER / 26 long)."""
    value = max(value, 1)
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    """The roman numeral Word prints, for the bounded values the reader lets through."""
    return roman(max(value, 1))


def _style_numbering(styles: etree._Element | None) -> dict[str, tuple[str, int]]:
    """Numbering that paragraph styles carry (`List Number` and the like), by style id."""
    if styles is None:
        return {}
    direct: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(W + "style"):
        style_id = _val(style, "styleId") or ""
        base = _val(style.find(W + "basedOn"))
        if base:
            based_on[style_id] = base
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(W + "numId"))
            ilvl = _val(num_pr.find(W + "ilvl"))
            direct[style_id] = (num_id, _int(ilvl, 0) if ilvl is not None else None)
    resolved: dict[str, tuple[str, int]] = {}
    for style_id in set(direct) | set(based_on):
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen:
            seen.add(current)
            if current in direct and direct[current][0]:
                style_num_id, style_level = direct[current]
                resolved[style_id] = (style_num_id or "", style_level or 0)
                break
            current = based_on.get(current)
    return resolved


# -- footnotes --------------------------------------------------------------------------------


def _footnote_texts(root: etree._Element | None, tag: str = W + "footnote") -> dict[str, str]:
    """The text of every real footnote (or endnote), by id (separators left out)."""
    if root is None:
        return {}
    texts: dict[str, str] = {}
    for footnote in root.iter(tag):
        if _val(footnote, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts: list[str] = []
        for paragraph in footnote.iter(W + "p"):
            parts.append(_plain_text(paragraph))
        texts[_val(footnote, "id") or ""] = " ".join(" ".join(parts).split())
    return texts


def _plain_text(element: etree._Element, line_break: str = " ") -> str:
    """Accepted text of an element: inserted text kept, deleted and moved-away text dropped;
    its line breaks written as `line_break`."""
    pieces: list[str] = []
    for node in element.iter():
        if node is not element and _inside_skipped(node, element):
            continue
        if node.tag == W + "t" and node.text:
            pieces.append(normalise_text(node.text))
        elif node.tag in (W + "br", W + "cr"):
            pieces.append(line_break)
        elif node.tag == W + "tab":
            pieces.append(" ")
        elif node.tag == W + "noBreakHyphen":
            pieces.append("-")
    return "".join(pieces)


#: A Word file whose paragraphs are the lines of a PDF's text layer, pasted as they came (each
#: line a paragraph of its own, or a line break): at least this many lines...
_PASTED_LINES_AT_LEAST = 30
#: ...most of which end in the middle of a sentence, where a typed paragraph ends with its
#: punctuation (a typed draft: about a third of its paragraphs, titles and headings, do not).
_PASTED_OPEN_SHARE = 0.6
#: What a typed paragraph ends with.
_PARAGRAPH_ENDINGS = set('.,;:?!)]"”’')


def _plain_lines(paragraph: etree._Element) -> list[str]:
    """A Word paragraph's accepted text, split at its line breaks."""
    return _plain_text(paragraph, "\n").split("\n")


def _pasted_line_by_line(lines: list[str]) -> bool:
    """Whether a Word file holds a PDF's text pasted line by line (a delegate's copy of the
    official PDF saved as a Word file): its running heads, page numbers and notes then stand
    between the lines as they do in the text, and only the text reader puts them apart."""
    written = [line.strip() for line in lines if line.strip()]
    if len(written) < _PASTED_LINES_AT_LEAST:
        return False
    open_ended = sum(1 for line in written if line[-1] not in _PARAGRAPH_ENDINGS)
    return open_ended >= _PASTED_OPEN_SHARE * len(written)


def _inside_text_box(paragraph: etree._Element, body: etree._Element) -> bool:
    """Whether a paragraph sits in a drawing or text box inside another paragraph."""
    parent = paragraph.getparent()
    while parent is not None and parent is not body:
        if parent.tag == W + "p":
            return True
        parent = parent.getparent()
    return False


def _inside_skipped(node: etree._Element, stop: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (W + "del", W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


# -- body -------------------------------------------------------------------------------------


def _is_on(element: etree._Element | None) -> bool:
    """Whether a toggle property (`w:i`) is set: present and not switched off."""
    if element is None:
        return False
    return (element.get(W + "val") or "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Field:
    """A Word field being read: its instruction (`NOTEREF _Ref123 \\h`) and whether its printed
    result is replaced by what the field was read as."""

    instruction: str = ""
    replaced: bool = False


#: A cross-reference to a note: the bookmark on the reference it prints again.
_NOTEREF_RE = re.compile(r"^\s*NOTEREF\s+(\S+)")


class _BodyReader:
    """Turns Word paragraphs into text blocks with markers, numbering computed."""

    def __init__(
        self,
        numbering: _Numbering,
        style_numbering: dict[str, tuple[str, int]],
        footnote_texts: dict[tuple[str, str], str],
    ) -> None:
        self.numbering = numbering
        self.style_numbering = style_numbering
        self.footnote_texts = footnote_texts
        self.blocks: list[TextBlock] = []
        #: Word paragraph number of the first tracked change, 0 when there is none.
        self.tracked = 0
        #: How many paragraphs Word numbers itself.
        self.numbered = 0
        self._paragraph_number = 0
        #: (printed mark, footnote id) in citation order; Word numbers footnotes 1, 2, 3 ...
        self.footnote_order: list[tuple[str, tuple[str, str]]] = []
        #: How many of those Word numbered itself (a note with a mark of its own takes none).
        self._numbered_notes = 0
        #: A reference whose printed mark is the text that follows it (`*`), until it is read.
        self._custom_reference: tuple[str, str] | None = None
        #: The notes with a printed mark of their own, which their text begins with too.
        self.custom_marked: set[tuple[str, str]] = set()
        #: Bookmarks open where the text has reached (id -> name), and the note mark each
        #: bookmark around a reference names: what a cross-reference to a note prints.
        self._open_bookmarks: dict[str, str] = {}
        self._bookmarked_marks: dict[str, str] = {}
        #: The fields being read, innermost last: their instruction so far, and whether their
        #: printed result is being read (the part a cross-reference to a note replaces).
        self._fields: list[_Field] = []

    def read_paragraph(self, paragraph: etree._Element, number: int) -> None:
        """Add one Word paragraph as a block, its automatic number written out in front."""
        pieces: list[str] = []
        self._paragraph_number = number
        self._collect(paragraph, pieces, [False])
        text = without_commas_between_marks("".join(pieces))
        plain = text
        for marker in (EM_OPEN, EM_CLOSE):
            plain = plain.replace(marker, "")
        if not plain.strip():
            return
        label = self._number(paragraph)
        if label:
            self.numbered += 1
            text = f"{label} {text.lstrip()}"
        self.blocks.append(TextBlock(text, number, [label + " " + plain if label else plain]))

    def _bookmark_marks(self, mark: str) -> None:
        """A note reference read: the bookmarks open around it name its mark."""
        for name in self._open_bookmarks.values():
            self._bookmarked_marks.setdefault(name, mark)

    def _cited_again(self, instruction: str | None) -> str:
        """The mark a field prints when it is a cross-reference to a note read before it
        (`NOTEREF _Ref123 \\f \\h`: the same note cited again); empty otherwise."""
        match = _NOTEREF_RE.match(instruction or "")
        return self._bookmarked_marks.get(match.group(1), "") if match else ""

    def _field_char(self, kind: str | None, pieces: list[str]) -> None:
        """A field's begin, separator or end: a cross-reference to a note is read, at its
        separator, as the note's mark, and its printed result is passed over."""
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            field = self._fields[-1]
            if mark := self._cited_again(field.instruction):
                pieces.append(f"{FN_OPEN}{mark}{FN_CLOSE}")
                field.replaced = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _number(self, paragraph: etree._Element) -> str:
        ppr = paragraph.find(W + "pPr")
        num_id: str | None = None
        ilvl = 0
        if ppr is not None:
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(W + "numId"))
                ilvl = _int(_val(num_pr.find(W + "ilvl")), 0)
            if num_id is None:
                style = _val(ppr.find(W + "pStyle"))
                if style in self.style_numbering:
                    num_id, ilvl = self.style_numbering[style]
        if not num_id or num_id == "0":
            return ""
        return self.numbering.next_label(num_id, ilvl)

    def _collect(self, element: etree._Element, pieces: list[str], italic: list[bool]) -> None:
        for child in element:
            tag = child.tag
            if tag in _TRACKED:
                self.tracked = self.tracked or self._paragraph_number
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == W + "bookmarkStart":
                self._open_bookmarks[child.get(W + "id") or ""] = child.get(W + "name") or ""
            elif tag == W + "bookmarkEnd":
                self._open_bookmarks.pop(child.get(W + "id") or "", None)
            elif tag == W + "fldSimple" and (mark := self._cited_again(child.get(W + "instr"))):
                pieces.append(f"{FN_OPEN}{mark}{FN_CLOSE}")
            elif tag == W + "r":
                self._run(child, pieces, italic)
            else:
                self._collect(child, pieces, italic)
        if element.tag == W + "p" and italic[0]:
            pieces.append(EM_CLOSE)
            italic[0] = False

    def _run(self, run: etree._Element, pieces: list[str], italic: list[bool]) -> None:
        rpr = run.find(W + "rPr")
        if rpr is not None and _is_on(rpr.find(W + "vanish")):
            return  # hidden text is not part of the document as printed
        is_italic = rpr is not None and _is_on(rpr.find(W + "i"))
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                self._field_char(child.get(W + "fldCharType"), pieces)
                continue
            if tag == W + "instrText" and self._fields:
                self._fields[-1].instruction += child.text or ""
                continue
            if any(field.replaced for field in self._fields):
                continue  # the printed result of a cross-reference to a note, read as its mark
            if tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                reference = (kind, child.get(W + "id") or "")
                if (child.get(W + "customMarkFollows") or "0").lower() in ("1", "true", "on"):
                    self._custom_reference = reference
                    continue
                self._numbered_notes += 1
                mark = str(self._numbered_notes)
                self.footnote_order.append((mark, reference))
                self._bookmark_marks(mark)
                pieces.append(f"{FN_OPEN}{mark}{FN_CLOSE}")
                continue
            text = ""
            if tag == W + "t" and child.text and self._custom_reference is not None:
                # `Egypt:` reference `*` ` draft resolution`: the mark is the text after it.
                mark, _, rest = normalise_text(child.text).partition(" ")
                self.footnote_order.append((mark, self._custom_reference))
                self.custom_marked.add(self._custom_reference)
                self._custom_reference = None
                self._bookmark_marks(mark)
                pieces.append(f"{FN_OPEN}{mark}{FN_CLOSE}")
                if not rest:
                    continue
                text = " " + rest
            elif tag == W + "t" and child.text:
                text = normalise_text(child.text).replace("\n", " ")
            elif tag in (W + "tab", W + "br", W + "cr"):
                text = " "
            elif tag == W + "noBreakHyphen":
                text = "-"
            if not text:
                continue
            if is_italic and text.strip() and not italic[0]:
                pieces.append(EM_OPEN)
                italic[0] = True
            elif not is_italic and italic[0] and text.strip():
                pieces.append(EM_CLOSE)
                italic[0] = False
            pieces.append(text)
