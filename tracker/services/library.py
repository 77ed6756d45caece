"""The library of adopted texts: importing them, and finding the precedents of a draft's wording.

Finding a precedent has two steps. The database retrieves candidates: every paragraph with
exactly the same wording (an index lookup on its fingerprint); on PostgreSQL, the near copies,
paragraphs sharing bands of the draft paragraph's MinHash signature (a GIN index over
`library_signatures`), most bands first; and, where there are few near copies, the paragraphs
that share the draft paragraph's rarest words (PostgreSQL full-text search over a GIN index,
SQLite FTS5), best ranked first. The candidates are then scored with the similarity the aligner
reports between two paragraphs (`tracker.text.diff.similarity`, from the same word diff the
compare page shows), so the figures a delegate sees on the draft and in a comparison agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    ScalarSelect,
    Table,
    and_,
    column,
    delete,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import load_only

from tracker import render_cache
from tracker.extensions import db
from tracker.models import LibraryParagraph, LibrarySignature, LibraryText, Revision
from tracker.services import Invalid, NotFound
from tracker.services.access import (
    Actor,
    get_existing,
    require_library_editor,
    require_secretariat,
    signed_in,
)
from tracker.services.audit import record
from tracker.services.reading import read_upload
from tracker.text.accents import without_accents
from tracker.text.align import align_documents
from tracker.text.diff import DiffOp, contained, similarity, word_diff
from tracker.text.document import Document, Kind, ParseError, document_to_dict
from tracker.text.document import Paragraph as TextParagraph
from tracker.text.highlight import APOSTROPHES, HYPHENS, Term, term_pattern, wording_pattern
from tracker.text.library import (
    SIGNATURE_BANDS,
    STOPWORDS,
    TextFacts,
    fingerprint,
    is_symbol,
    search_terms,
    session_of,
    signature,
    split_front_matter,
    symbol_from_filename,
    text_facts,
    verbatim_form,
    why_not_adopted,
)
from tracker.text.read import (
    SUPPORTED_EXTENSIONS,
    decode_text,
    read_markdown,
    read_text,
)

_WORD = re.compile(r"\w+")
#: Precedents shown for a paragraph.
TOP = 3
#: Candidates retrieved per draft paragraph and scored exactly.
CANDIDATES = 12
#: Of those, how many (sharing the most words) are scored with the exact similarity.
SCORED = 4
#: A longer adopted paragraph holding this share of a draft paragraph's words and marks, in
#: order, holds its wording: the agreed language a delegate looks for, ranked before
#: paragraphs only more alike in length.
HOLDS_WORDING = 0.9
#: PostgreSQL ranks at most this many of the paragraphs that share a draft paragraph's rare
#: words: boilerplate repeated in thousands of texts must not cost thousands of rows.
POOL = 200
#: Rare words of a draft paragraph used to retrieve candidates: a candidate must share two.
RARE_TERMS = 6
#: PostgreSQL: fewer rare words (but not fewer than MIN_RARE_TERMS) when more than this many
#: paragraphs contain them, since the index reads every one of those paragraphs' entries.
WORD_POSTINGS = 10_000
MIN_RARE_TERMS = 3
#: PostgreSQL: paragraphs sharing a MinHash band with a draft paragraph ranked by how many
#: bands they share; at most this many (a boilerplate paragraph has thousands of copies).
NEAR_POOL = 300
#: Bands a near copy must share with a draft paragraph to spare it the full-text query: one
#: alone is as often chance as not.
SHARED_BANDS = 2
#: Rare words by which PostgreSQL ranks the paragraphs that share them.
RANKED_TERMS = 16
#: How alike two titles must be for an earlier text to count as the same recurring resolution.
SAME_TITLE = 0.8
#: Results per page of the search page.
PAGE_SIZE = 20
#: Years a search may name: from the United Nations' first texts to well past any library.
EARLIEST_YEAR, LATEST_YEAR = 1945, 2200
#: The last page of results a search reads (200,000 paragraphs at PAGE_SIZE).
LAST_PAGE = 10_000


# -- importing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What became of one imported file."""

    filename: str
    symbol: str = ""
    paragraphs: int = 0
    replaced: bool = False
    error: str = ""
    #: Where the symbols the file goes by disagree (its name, its front matter, its print).
    note: str = ""
    #: The title of the text replaced, when its wording differed from the new one.
    replaced_title: str = ""
    title: str = ""

    def line(self) -> str:
        """The result in one line, as the import page and the command line print it."""
        if self.error:
            return self.error
        if self.replaced_title:
            new = "this text" if self.title == self.replaced_title else f"“{self.title}”"
            done = f"replaced {self.symbol} “{self.replaced_title}” with {new}"
        else:
            done = f"{'replaced' if self.replaced else 'imported'} {self.symbol}"
        note = f"; {self.note}" if self.note else ""
        return f"{self.filename}: {done} ({self.paragraphs} paragraphs){note}"


def _read_library_file(filename: str, data: bytes) -> tuple[Document, dict[str, str]]:
    """Read an adopted text, taking its front matter (symbol, title, date ...) when it has one."""
    if _suffix(filename) in (".md", ".txt") and data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        text_value, warning = decode_text(data, filename)
        fields, body = split_front_matter(text_value.lstrip("\ufeff").replace("\r\n", "\n"))
        document = read_markdown(body) if _suffix(filename) == ".md" else read_text(body)
        return (document.with_warnings(warning) if warning else document), fields
    return read_upload(filename, data), {}


def _suffix(filename: str) -> str:
    return Path(filename).suffix.lower()


def _printed_symbol(document: Document) -> str:
    return document.symbol if is_symbol(document.symbol) else ""


def facts_for(filename: str, document: Document, fields: dict[str, str]) -> TextFacts:
    """The symbol (front matter, else the one the text prints, else the file name when it is a
    symbol), title, date, organ and session of an imported text. The text's own symbol comes
    before the file's name: a file is easily misnamed, a document seldom misprints itself."""
    symbol = fields.get("symbol") or _printed_symbol(document) or symbol_from_filename(filename)
    return text_facts(
        symbol=symbol,
        title=document.title,
        front_matter=fields,
        document_front=document.front_matter,
    )


def symbols_disagree(filename: str, document: Document, fields: dict[str, str]) -> str:
    """Where the symbols a file goes by disagree, in words (the one taken first); empty when
    they agree or only one is given."""
    taken = facts_for(filename, document, fields).symbol
    sources = (
        ("the front matter says", fields.get("symbol", "").strip()),
        ("the text prints", _printed_symbol(document)),
        ("the file's name says", symbol_from_filename(filename)),
    )
    others = [f"{where} {symbol}" for where, symbol in sources if symbol]
    if len({" ".join(s.split()).upper() for _, s in sources if s}) < 2:
        return ""
    return f"{' but '.join(others)}: read as {taken}"


def _store(
    facts: TextFacts,
    document: Document,
    *,
    filename: str,
    actor: Any,
    revision: Revision | None = None,
) -> tuple[LibraryText, bool]:
    """Put a text in the library, replacing the one with the same symbol. The caller commits."""
    old = db.session.scalar(select(LibraryText).where(LibraryText.symbol == facts.symbol))
    if old is not None:
        db.session.execute(
            delete(LibraryParagraph).where(LibraryParagraph.library_text_id == old.id)
        )
        db.session.delete(old)
        db.session.flush()
    entry = LibraryText(
        symbol=facts.symbol,
        title=facts.title,
        date=facts.date,
        organ=facts.organ,
        session=facts.session,
        kind=facts.kind,
        source_filename=filename[:255],
        document_data=document_to_dict(document),
        revision=revision,
        imported_by=actor,
    )
    db.session.add(entry)
    db.session.flush()
    rows = [
        {
            "library_text_id": entry.id,
            "position": position,
            "label": paragraph.label[:40],
            "text": body,
            "fingerprint": fingerprint(body),
        }
        for position, paragraph in enumerate(document.paragraphs)
        if (body := paragraph.full_text().strip())
    ]
    if rows:
        inserted = db.session.execute(
            cast(Table, LibraryParagraph.__table__)
            .insert()
            .returning(LibraryParagraph.id, LibraryParagraph.text),
            rows,
        )
        db.session.execute(
            cast(Table, LibrarySignature.__table__).insert(),
            [
                {"paragraph_id": i, "library_text_id": entry.id, "bands": signature(body)}
                for i, body in inserted
            ],
        )
    return entry, old is not None


def _difference(old: LibraryText, document: Document) -> str:
    """Where a text in the library and this one differ in wording (footnote marks, spacing and
    quotation style aside), in words: the first paragraph that differs, or their counts; empty
    when the wording is the same."""
    stored = db.session.execute(
        select(LibraryParagraph.label, LibraryParagraph.fingerprint)
        .where(LibraryParagraph.library_text_id == old.id)
        .order_by(LibraryParagraph.position)
    ).all()
    new = [
        (paragraph.label, fingerprint(body))
        for paragraph in document.paragraphs
        if (body := paragraph.full_text().strip())
    ]
    for (_, was), (label, now) in zip(stored, new, strict=False):
        if was != now:
            return f"{label} is the first paragraph that differs"
    if len(stored) != len(new):
        return f"the library's has {len(stored)} paragraphs, this file's {len(new)}"
    return ""


def import_file(
    user: Actor | None, filename: str, data: bytes, *, replace: bool = False
) -> ImportResult:
    """Read one adopted text and store it; commits.

    A file that cannot be read, that names no symbol, or that is no adopted text (a draft:
    `why_not_adopted`) is reported and nothing is stored. A text whose symbol is already in
    the library replaces it when its wording is the same, and otherwise only with `replace`:
    a misnamed file must not silently take an adopted text's place. `user` is None for the
    command line.
    """
    actor = require_secretariat(user) if user is not None else None
    name = Path(filename or "").name or "the file"
    if _suffix(name) not in SUPPORTED_EXTENSIONS:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        return ImportResult(name, error=f"{name}: only {supported} files can be imported")
    try:
        document, fields = _read_library_file(name, data)
    except ParseError as error:
        return ImportResult(name, error=f"{name}: {error}")
    facts = facts_for(name, document, fields)
    if not facts.symbol or not is_symbol(facts.symbol):
        return ImportResult(
            name,
            error=f"{name}: no document symbol found (name the file after it, e.g. "
            "A_RES_80_20.pdf, or give `symbol:` in front matter)",
        )
    disagree = symbols_disagree(name, document, fields)
    said = f"{disagree}; " if disagree else ""
    refused = why_not_adopted((facts.symbol, _printed_symbol(document)), document)
    if refused:
        return ImportResult(name, facts.symbol, error=f"{name}: not imported: {said}{refused}")
    if not document.paragraphs:
        return ImportResult(name, facts.symbol, error=f"{name}: no paragraphs were found")
    old = db.session.scalar(select(LibraryText).where(LibraryText.symbol == facts.symbol))
    differs = _difference(old, document) if old is not None else ""
    if old is not None and differs and not replace:
        this = "this file's text" if old.title == facts.title else f"this file's “{facts.title}”"
        return ImportResult(
            name,
            facts.symbol,
            error=f"{name}: not imported: {said}{facts.symbol} is already in the library as "
            f"“{old.title}”, and {this} has other wording ({differs}); to put it in its "
            "place, import it again with “Replace texts with other wording” chosen",
        )
    replaced_title = old.title if old is not None and differs else ""
    entry, replaced = _store(facts, document, filename=name, actor=actor)
    record(actor, "library.import", f"Imported {facts.symbol} into the library", file=name)
    db.session.commit()
    return ImportResult(
        name,
        entry.symbol,
        len(document.paragraphs),
        replaced,
        note=disagree,
        replaced_title=replaced_title,
        title=facts.title,
    )


def import_files(
    user: Actor | None, files: Iterable[tuple[str, bytes]], *, replace: bool = False
) -> list[ImportResult]:
    """Import several files, each on its own: one that fails does not stop the others."""
    if user is not None:
        require_secretariat(user)
    results = [import_file(user, filename, data, replace=replace) for filename, data in files]
    if not results:
        raise Invalid("Choose one or more files to import.")
    return results


def import_paths(paths: Sequence[str], *, replace: bool = False) -> list[ImportResult]:
    """Import files and every supported file inside directories (the command line)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_EXTENSIONS)
            )
        elif path.exists():
            files.append(path)
        else:
            raise Invalid(f"{raw}: no such file or directory")
    return [import_file(None, str(p), p.read_bytes(), replace=replace) for p in files]


def revision_refusal(revision: Revision) -> str:
    """Why a negotiation's revision cannot go into the library, in words; empty when it can
    (a published text that reads as adopted: `why_not_adopted`, the rule of imports too)."""
    if not revision.is_published:
        return "only a published revision can be added to the library"

    def read() -> str:
        document = revision.document
        return why_not_adopted((_printed_symbol(document),), document)

    # Asked on every draft page its co-facilitators and the secretariat open, whose text is
    # stored as HTML: a published text never changes, so its parsed text is read once.
    refusal: str = render_cache.fetch(
        f"{render_cache.release()}:library-refusal:{render_cache.identity(revision)}", read
    )
    return refusal


@dataclass(frozen=True)
class RevisionEntry:
    """What adding a negotiation's revision to the library would store, to confirm."""

    facts: TextFacts
    #: The library's text with the same symbol, which the revision would replace.
    replaces: LibraryText | None


def revision_entry(user: Actor, revision: Revision) -> RevisionEntry:
    """The library entry a revision would make (symbol, title, date), for someone who may add
    it; a revision that is no adopted text is refused with the reason."""
    require_library_editor(user, revision.negotiation)
    refused = revision_refusal(revision)
    if refused:
        raise Invalid(f"{revision.label} cannot be added to the library: {refused}.")
    document = revision.document
    symbol = _printed_symbol(document) or f"{revision.negotiation.title[:80]} ({revision.label})"
    read = text_facts(
        symbol=symbol,
        title=document.title or revision.title,
        front_matter={},
        document_front=document.front_matter,
    )
    # The day the text was adopted (or distributed) when it prints one; else the day it is
    # added, the one date known to be no earlier than its adoption.
    facts = TextFacts(
        symbol=symbol,
        title=read.title,
        date=read.date or datetime.now(UTC).date(),
        organ=read.organ or "General Assembly",
        session=read.session,
        kind=read.kind,
    )
    replaces = db.session.scalar(select(LibraryText).where(LibraryText.symbol == symbol))
    return RevisionEntry(facts, replaces)


def add_revision(user: Actor, revision: Revision) -> LibraryText:
    """Add a negotiation's published revision that is an adopted text to the library (once
    confirmed: `revision_entry` says what it stores)."""
    actor = require_library_editor(user, revision.negotiation)
    facts = revision_entry(actor, revision).facts
    entry, _ = _store(
        facts,
        revision.document,
        filename=revision.source_filename,
        actor=actor,
        revision=revision,
    )
    record(
        actor,
        "library.add_revision",
        f"Added {revision.label} to the library as {facts.symbol}",
        negotiation=revision.negotiation,
    )
    db.session.commit()
    return entry


def library_size() -> tuple[int, int]:
    """How many texts and paragraphs the library holds."""
    texts = db.session.scalar(select(func.count()).select_from(LibraryText)) or 0
    paragraphs = db.session.scalar(select(func.count()).select_from(LibraryParagraph)) or 0
    return texts, paragraphs


def get_text(user: Actor, text_id: int) -> LibraryText:
    """A library text, for any signed-in user."""
    signed_in(user)
    return get_existing(LibraryText, text_id, "There is no such text in the library.")


def texts_of(revision: Revision) -> list[LibraryText]:
    """Library entries made from this revision (to show it is already there)."""
    return list(
        db.session.scalars(select(LibraryText).where(LibraryText.revision_id == revision.id))
    )


# -- retrieval: one interface, one implementation per engine -----------------------------------


@dataclass(frozen=True)
class SearchHit:
    """A library paragraph found by the search page."""

    paragraph_id: int
    library_text_id: int
    symbol: str
    title: str
    organ: str
    date: date | None
    label: str
    text: str
    position: int


class _Index(Protocol):
    def candidates(
        self, texts: Sequence[str], limit: int, excluded: Sequence[int]
    ) -> list[list[int]]:
        """For each text, ids of library paragraphs sharing its rarest words, best first."""

    def search(
        self, words: str, *, phrase: bool, organ: str, year: int | None, limit: int, offset: int
    ) -> tuple[list[int], int]:
        """Ids of paragraphs matching the words (or the exact phrase), and how many match."""

    def similar_titles(self, title: str) -> list[int]:
        """Ids of texts whose title resembles this one."""


def _pairs_query(terms: Sequence[str], quote: Any, both: str, either: str) -> str:
    """`(a AND b) OR (a AND c) ...` over the rare terms: a candidate must share two of them
    (one, when the paragraph has fewer than three known words)."""
    quoted = [quote(t) for t in terms]
    if len(quoted) < 3:
        return f" {either} ".join(quoted)
    pairs = [f"({a} {both} {b})" for i, a in enumerate(quoted) for b in quoted[i + 1 :]]
    return f" {either} ".join(pairs)


def _filters(organ: str, year: int | None) -> list[Any]:
    conditions: list[Any] = []
    if organ:
        conditions.append(LibraryText.organ == organ)
    if year:
        conditions.append(LibraryText.date >= date(year, 1, 1))
        conditions.append(LibraryText.date <= date(year, 12, 31))
    return conditions


def _count_and_page(query: Any, limit: int, offset: int) -> tuple[list[int], int]:
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ids = list(db.session.scalars(query.limit(limit).offset(offset)))
    return ids, total


#: PostgreSQL's text search configuration for the library: `english` with accents set aside
#: before the stemmer (migration library02_unaccented_search), so that a word typed without
#: them finds the paragraphs that print them, as SQLite's index does.
SEARCH_CONFIGURATION = "tracker_english"


class _PostgresIndex:
    """PostgreSQL: near copies by the MinHash bands of `library_signatures` over a GIN index;
    for paragraphs with few near copies, `search_vector @@ tsquery` over a GIN index with word
    rarity from `library_terms`; titles by trigram similarity (pg_trgm)."""

    # One query for the whole draft: each paragraph's bands find, through the GIN index, the
    # paragraphs sharing one (at most NEAR_POOL of them), with how many they share, the most
    # first. (Materialised, the draft's bands are parsed once, not once a candidate.) A band's
    # value depends on its place, so bands shared are places with equal values.
    _SHARED = " + ".join(
        f"(pool.bands[{place}] = q.bands[{place}])::int" for place in range(1, SIGNATURE_BANDS + 1)
    )
    _NEAR_COPIES = text(
        """
        WITH q AS MATERIALIZED (
            SELECT ord, CAST(bands AS integer[]) AS bands
            FROM unnest(CAST(:signatures AS text[])) WITH ORDINALITY AS d(bands, ord)
        )
        SELECT q.ord, c.paragraph_id, c.shared
        FROM q
        CROSS JOIN LATERAL (
            SELECT counted.paragraph_id, counted.shared FROM (
                SELECT pool.paragraph_id, {shared} AS shared
                FROM (
                    SELECT s.paragraph_id, s.bands FROM library_signatures s
                    WHERE s.bands && q.bands
                      AND s.library_text_id <> ALL(CAST(:excluded AS integer[]))
                    LIMIT :pool
                ) AS pool
            ) AS counted
            ORDER BY counted.shared DESC, counted.paragraph_id DESC
            LIMIT :limit
        ) AS c
        """.replace("{shared}", _SHARED)
    )
    _RARE = text(
        """
        SELECT d.ord, array_agg(t.term ORDER BY t.paragraphs, t.term) AS terms,
               array_agg(t.paragraphs ORDER BY t.paragraphs, t.term) AS counts
        FROM unnest(CAST(:texts AS text[])) WITH ORDINALITY AS d(body, ord)
        CROSS JOIN LATERAL (
            SELECT DISTINCT lexeme FROM unnest(to_tsvector('{configuration}', d.body))
        ) AS l
        JOIN library_terms t ON t.term = l.lexeme
        GROUP BY d.ord
        """.replace("{configuration}", SEARCH_CONFIGURATION)
    )
    # The queries arrive as tsquery values (their lexemes are already normalised), so they
    # are parsed once, not once a row.
    _CANDIDATES = text(
        """
        SELECT q.ord, c.id
        FROM unnest(CAST(:wanted AS tsquery[]), CAST(:ranked AS tsquery[])) WITH ORDINALITY
             AS q(wanted, ranked, ord)
        CROSS JOIN LATERAL (
            SELECT pool.id FROM (
                SELECT p.id, p.search_vector FROM library_paragraphs p
                WHERE p.search_vector @@ q.wanted
                  AND p.library_text_id <> ALL(CAST(:excluded AS integer[]))
                LIMIT :pool
            ) AS pool
            ORDER BY ts_rank(pool.search_vector, q.ranked) DESC, pool.id DESC
            LIMIT :limit
        ) AS c
        """
    )

    @staticmethod
    def _quote(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    def candidates(
        self, texts: Sequence[str], limit: int, excluded: Sequence[int]
    ) -> list[list[int]]:
        # These are short index lookups, each planned as if it matched 1% of the library:
        # compiling them (JIT) would cost more than running them.
        db.session.execute(text("SET LOCAL jit = off"))
        near = self._near_copies(texts, limit, excluded)
        found = [[paragraph_id for paragraph_id, _ in rows] for rows in near]
        # Wording that was rewritten rather than edited has few near copies: its candidates
        # are the paragraphs sharing its rare words too.
        fewer = [
            i
            for i, rows in enumerate(near)
            if sum(shared >= SHARED_BANDS for _, shared in rows) < SCORED
        ]
        if fewer:
            sharing = self._sharing_words([texts[i] for i in fewer], limit, excluded)
            for i, ids in zip(fewer, sharing, strict=True):
                found[i] = list(dict.fromkeys([*found[i], *ids]))
        return found

    def _near_copies(
        self, texts: Sequence[str], limit: int, excluded: Sequence[int]
    ) -> list[list[Any]]:
        """For each text, (paragraph id, bands shared) of its near copies, most shared first."""
        signatures = ["{" + ",".join(map(str, signature(t))) + "}" for t in texts]
        return _rows_per_text(
            self._NEAR_COPIES,
            len(texts),
            signatures=signatures,
            excluded=list(excluded),
            limit=limit,
            pool=NEAR_POOL,
        )

    def _sharing_words(
        self, texts: Sequence[str], limit: int, excluded: Sequence[int]
    ) -> list[list[int]]:
        rare: dict[int, tuple[list[str], int]] = {
            ord_: (terms, _affordable(counts))
            for ord_, terms, counts in db.session.execute(self._RARE, {"texts": list(texts)})
        }
        # A paragraph none of whose words is in the library has no candidates (and an empty
        # tsquery is no valid one): only the others are asked for.
        asked = sorted(rare)
        wanted, ranked = [], []
        for ord_ in asked:
            terms, required = rare[ord_]
            wanted.append(_pairs_query(terms[:required], self._quote, "&", "|"))
            ranked.append(" | ".join(self._quote(t) for t in terms[:RANKED_TERMS]))
        found = _rows_per_text(
            self._CANDIDATES,
            len(asked),
            wanted=wanted,
            ranked=ranked,
            excluded=list(excluded),
            limit=limit,
            pool=POOL,
        )
        by_ord = dict(zip(asked, found, strict=True))
        return [
            [paragraph_id for (paragraph_id,) in by_ord.get(ord_, [])]
            for ord_ in range(1, len(texts) + 1)
        ]

    def search(
        self, words: str, *, phrase: bool, organ: str, year: int | None, limit: int, offset: int
    ) -> tuple[list[int], int]:
        vector: ColumnElement[Any] = literal_column("library_paragraphs.search_vector")
        to_query = func.phraseto_tsquery if phrase else func.websearch_to_tsquery
        asked = to_query(SEARCH_CONFIGURATION, words)
        query = (
            select(LibraryParagraph.id)
            .join(LibraryText)
            .where(vector.op("@@")(asked), *_filters(organ, year))
        )
        if phrase:
            # The index finds the words in order; the exact wording is then checked.
            query = query.where(_same_wording(words))
        query = query.order_by(
            func.ts_rank(vector, asked).desc(),
            LibraryText.date.desc().nulls_last(),
            LibraryParagraph.id,
        )
        return _count_and_page(query, limit, offset)

    def similar_titles(self, title: str) -> list[int]:
        # Nearest first by trigram distance, which the GiST index reads in that order.
        return list(
            db.session.scalars(
                select(LibraryText.id)
                .where(LibraryText.title.op("%")(title))
                .order_by(LibraryText.title.op("<->", return_type=Float)(title))
                .limit(50)
            )
        )


def _rows_per_text(query: Any, texts: int, **params: Any) -> list[list[Any]]:
    """Run a query whose rows start with the 1-based position of a text; the rest of each row,
    for each text."""
    found: list[list[Any]] = [[] for _ in range(texts)]
    for row in db.session.execute(query, params):
        found[row[0] - 1].append(tuple(row[1:]))
    return found


def _affordable(counts: Sequence[int]) -> int:
    """How many of a paragraph's rarest words (their paragraph counts, rarest first) a
    candidate must share two of: up to RARE_TERMS while the paragraphs listed under them stay
    within WORD_POSTINGS, but at least MIN_RARE_TERMS, since reading a common word's list is
    what costs."""
    kept = listed = 0
    for count in counts[:RARE_TERMS]:
        if kept >= MIN_RARE_TERMS and listed + count > WORD_POSTINGS:
            break
        kept, listed = kept + 1, listed + count
    return kept


def _same_wording(words: str) -> ColumnElement[bool]:
    """The paragraph holds these words as they are written, case and accents aside."""
    return holds_wording(LibraryParagraph.text, words)


def _in_one_form(value: ColumnElement[str]) -> ColumnElement[str]:
    """The text with every apostrophe and every hyphen in the first of its forms."""
    for forms in (APOSTROPHES, HYPHENS):
        for form in forms[1:]:
            value = func.replace(value, form, forms[0])
    return value


#: The pattern's apostrophes and hyphens in the first of their forms, as `_in_one_form` puts the
#: text's.
_ONE_FORM = str.maketrans(
    {form: forms[0] for forms in (APOSTROPHES, HYPHENS) for form in forms[1:]}
)


def _holds_words_loosely(column: Any, words: str) -> ColumnElement[bool]:
    """The text column holds these words in this order, case, accents and forms of apostrophes
    and hyphens aside, with anything between two of them: a LIKE pattern a trigram index can
    answer, whose `%` lets a line break or a run of spaces stand between words where the text
    has them (`General` at the end of one line, `Assembly` the next); the regular expression
    tried after it is what asks for spaces there."""
    # Accents are set aside before escaping: a character that comes apart into `%` or `_`
    # (the full-width `％`) is then escaped like one typed.
    plain = without_accents(words).translate(_ONE_FORM)
    escaped = plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{'%'.join(escaped.split())}%"
    return _in_one_form(func.unaccent(column)).ilike(func.unaccent(pattern), escape="\\")


def _matches(column: Any, pattern: str) -> ColumnElement[bool]:
    """The text column, case, accents and forms aside, matches the regular expression."""
    return _in_one_form(func.unaccent(column)).regexp_match("(?i)" + pattern)


def holds_wording(column: Any, words: str) -> ColumnElement[bool]:
    """The text column holds these words as they are written, case and accents aside
    (`unaccent` is PostgreSQL's function on PostgreSQL, and the app's `without_accents` on
    SQLite), an apostrophe or a hyphen typed matching any of its forms (`women's`, `women’s`;
    `non-governmental`, `non‑governmental` with the hyphen UN PDFs set), a space any run of
    spaces and line breaks (`highlight.wording_pattern`); `%`, `_` and `\\` are characters like
    any other, never wildcards."""
    loosely = _holds_words_loosely(column, words)
    if len(words.split()) < 2:
        return loosely
    return and_(loosely, _matches(column, wording_pattern(words)))


def holds_term(column: Any, term: Term) -> ColumnElement[bool]:
    """The text column holds the term as words (`highlight.term_pattern`: a word at the start
    of a word, a phrase as whole words, a space any run of spaces and line breaks), case,
    accents and forms of apostrophes and hyphens aside: the text holds the words in order
    (`_holds_words_loosely`), and the pattern is tried on those that do."""
    return and_(_holds_words_loosely(column, term.text), _matches(column, term_pattern(term)))


class _SqliteIndex:
    """SQLite: an FTS5 table mirrored from `library_paragraphs`, with its vocabulary for word
    rarity; titles compared in Python (an embedded library is small)."""

    @staticmethod
    def _quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def candidates(
        self, texts: Sequence[str], limit: int, excluded: Sequence[int]
    ) -> list[list[int]]:
        terms_of = [search_terms(t) for t in texts]
        vocabulary = sorted({term for terms in terms_of for term in terms})
        counts: dict[str, int] = {}
        for start in range(0, len(vocabulary), 500):
            chunk = vocabulary[start : start + 500]
            marks = ", ".join(f":t{i}" for i in range(len(chunk)))
            rows = db.session.execute(
                text(f"SELECT term, doc FROM library_paragraphs_vocab WHERE term IN ({marks})"),
                {f"t{i}": term for i, term in enumerate(chunk)},
            )
            counts.update(dict(rows.all()))
        excluded_sql = ", ".join(str(int(i)) for i in excluded) or "0"
        found: list[list[int]] = []
        for terms in terms_of:
            known = sorted((t for t in terms if t in counts), key=lambda t: (counts[t], t))
            if not known:
                found.append([])
                continue
            match = _pairs_query(known[:RARE_TERMS], self._quote, "AND", "OR")
            rows = db.session.execute(
                text(
                    "SELECT f.rowid FROM library_paragraphs_fts f "
                    "JOIN library_paragraphs p ON p.id = f.rowid "
                    "WHERE library_paragraphs_fts MATCH :match "
                    f"AND p.library_text_id NOT IN ({excluded_sql}) "
                    "ORDER BY bm25(library_paragraphs_fts), f.rowid DESC LIMIT :limit"
                ),
                {"match": match, "limit": limit},
            )
            found.append(list(rows.scalars()))
        return found

    def search(
        self, words: str, *, phrase: bool, organ: str, year: int | None, limit: int, offset: int
    ) -> tuple[list[int], int]:
        terms = search_terms(words) if not phrase else []
        if phrase:
            tokens = re.findall(r"\w+", words)
            match = '"' + " ".join(tokens) + '"' if tokens else ""
        else:
            match = " ".join(self._quote(t) for t in terms)
        if not match:
            return [], 0
        fts = (
            text(
                "SELECT rowid AS id, bm25(library_paragraphs_fts) AS score "
                "FROM library_paragraphs_fts WHERE library_paragraphs_fts MATCH :match"
            )
            .bindparams(match=match)
            .columns(column("id", Integer), column("score", Float))
            .subquery("fts")
        )
        query = (
            select(LibraryParagraph.id)
            .join(LibraryText)
            .join(fts, fts.c.id == LibraryParagraph.id)
            .where(*_filters(organ, year))
        )
        if phrase:
            query = query.where(_same_wording(words))
        query = query.order_by(fts.c.score, LibraryText.date.desc(), LibraryParagraph.id)
        return _count_and_page(query, limit, offset)

    def similar_titles(self, title: str) -> list[int]:
        wanted = set(search_terms(title))
        rows = db.session.execute(select(LibraryText.id, LibraryText.title)).all()
        return [i for i, t in rows if wanted & set(search_terms(t))]


def _index() -> _Index:
    if db.session.get_bind().dialect.name == "postgresql":
        return _PostgresIndex()
    return _SqliteIndex()


# -- precedents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Precedent:
    """A library paragraph whose wording a draft paragraph repeats or departs from."""

    paragraph_id: int
    library_text_id: int
    symbol: str
    title: str
    label: str
    text: str
    similarity: float
    #: Same wording, footnote marks, spacing and quotation style aside.
    verbatim: bool
    #: From the base text (the previous session's resolution with the same title).
    in_base: bool = False
    #: Holds nearly all of the draft's wording in order, within a longer paragraph.
    holds_wording: bool = False

    @property
    def citation(self) -> str:
        """`A/RES/80/20 PP2`."""
        return f"{self.symbol} {self.label}"

    def diff(self, wording: str) -> tuple[DiffOp, ...]:
        """Word diff from this precedent to a draft's wording."""
        return word_diff(self.text, wording)


@dataclass(frozen=True)
class ParagraphPrecedents:
    """A draft paragraph with its nearest precedents, best first."""

    label: str
    text: str
    precedents: tuple[Precedent, ...] = ()

    @property
    def agreed(self) -> Precedent | None:
        """The precedent this paragraph repeats word for word, if any."""
        first = self.precedents[0] if self.precedents else None
        return first if first is not None and first.verbatim else None

    @property
    def nearest(self) -> Precedent | None:
        return self.precedents[0] if self.precedents else None


@dataclass(frozen=True)
class Match:
    """The precedents of every paragraph of a draft."""

    base: LibraryText | None
    paragraphs: list[ParagraphPrecedents] = field(default_factory=list)

    def find(self, label: str) -> ParagraphPrecedents | None:
        return next((p for p in self.paragraphs if p.label == label), None)


@dataclass(frozen=True)
class _Row:
    id: int
    library_text_id: int
    label: str
    text: str
    fingerprint: str
    symbol: str
    title: str
    session: int | None


def _rows(ids: Iterable[int]) -> dict[int, _Row]:
    wanted = sorted(set(ids))
    found: dict[int, _Row] = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        query = (
            select(
                LibraryParagraph.id,
                LibraryParagraph.library_text_id,
                LibraryParagraph.label,
                LibraryParagraph.text,
                LibraryParagraph.fingerprint,
                LibraryText.symbol,
                LibraryText.title,
                LibraryText.session,
            )
            .join(LibraryText)
            .where(LibraryParagraph.id.in_(chunk))
        )
        for row in db.session.execute(query):
            found[row.id] = _Row(*row)
    return found


def _verbatim_ids(prints: Sequence[str], excluded: Sequence[int]) -> dict[str, list[int]]:
    """Paragraphs with each fingerprint: at most TOP each, the latest session first."""
    ranked = (
        select(
            LibraryParagraph.id,
            LibraryParagraph.fingerprint,
            func.row_number()
            .over(
                partition_by=LibraryParagraph.fingerprint,
                order_by=(LibraryText.session.desc().nulls_last(), LibraryParagraph.id.desc()),
            )
            .label("rank"),
        )
        .join(LibraryText)
        .where(LibraryParagraph.fingerprint.in_(sorted(set(prints))))
    )
    if excluded:
        ranked = ranked.where(LibraryParagraph.library_text_id.not_in(list(excluded)))
    sub = ranked.subquery()
    found: dict[str, list[int]] = {}
    for paragraph_id, print_ in db.session.execute(
        select(sub.c.id, sub.c.fingerprint).where(sub.c.rank <= TOP)
    ):
        found.setdefault(print_, []).append(paragraph_id)
    return found


def find_base(title: str, session: int | None, excluded: Sequence[int] = ()) -> LibraryText | None:
    """The previous session's text of a recurring resolution: the latest adopted text of an
    earlier session whose title is the same (or nearly)."""
    wanted = " ".join(title.split()).rstrip(" :").lower()
    if not wanted:
        return None
    ids = [i for i in _index().similar_titles(wanted) if i not in set(excluded)]
    if not ids:
        return None
    texts = db.session.scalars(
        select(LibraryText)
        .options(
            load_only(
                LibraryText.id,
                LibraryText.title,
                LibraryText.session,
                LibraryText.date,
                LibraryText.kind,
                LibraryText.symbol,
            )
        )
        .where(LibraryText.id.in_(ids))
    ).all()
    fitting = [
        t
        for t in texts
        if t.kind != "draft"
        and (session is None or (t.session is not None and t.session < session))
        and similarity(t.title.lower(), wanted) >= SAME_TITLE
    ]
    fitting.sort(key=lambda t: (t.session or 0, t.date or date.min, t.id), reverse=True)
    return fitting[0] if fitting else None


def _words(body: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    if body not in cache:
        cache[body] = frozenset(_WORD.findall(body.lower())) - STOPWORDS
    return cache[body]


def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of words two texts have in common (Dice), a cheap first ranking."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _base_pairs(base: LibraryText, draft: Document) -> dict[str, str]:
    """Draft label -> the base paragraph it continues, as the aligner pairs them."""
    alignment = align_documents(base.document, draft)
    return {
        pair.new.label: pair.old.label
        for pair in alignment.pairs
        if pair.old is not None and pair.new is not None
    }


def match_document(
    document: Document,
    *,
    excluded: Sequence[int] = (),
    session: int | None = None,
    use_base: bool = True,
    top: int = TOP,
    only: str = "",
) -> Match:
    """The nearest precedents of every top-level paragraph of a draft.

    Word-for-word repeats come first; then, for a recurring resolution, the paragraph of the
    previous session's text that the aligner pairs with it; then the nearest by similarity.
    """
    paragraphs = [
        p for p in document.paragraphs if p.full_text().strip() and (not only or p.label == only)
    ]
    texts = [p.full_text() for p in paragraphs]
    if session is None and document.symbol:
        session = session_of(document.symbol)
    base = find_base(document.title, session, excluded) if use_base else None
    base_labels = _base_pairs(base, document) if base is not None else {}
    prints = [fingerprint(t) for t in texts]
    verbatim = _verbatim_ids(prints, excluded) if texts else {}
    # A paragraph repeated word for word in enough texts has those as its precedents: the
    # others are looked for only where there are fewer.
    searched = [i for i, p in enumerate(prints) if len(verbatim.get(p, ())) < top]
    retrieved: list[list[int]] = [[] for _ in texts]
    if searched:
        found_ids = _index().candidates([texts[i] for i in searched], CANDIDATES, excluded)
        for i, ids in zip(searched, found_ids, strict=True):
            retrieved[i] = ids
    base_ids: dict[str, int] = {}
    if base is not None:
        base_ids = dict(
            db.session.execute(
                select(LibraryParagraph.label, LibraryParagraph.id).where(
                    LibraryParagraph.library_text_id == base.id
                )
            ).all()
        )
    wanted: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        wanted.update(verbatim.get(prints[index], ()))
        wanted.update(retrieved[index])
        base_label = base_labels.get(paragraph.label)
        if base_label in base_ids:
            wanted.add(base_ids[base_label])
    rows = _rows(wanted)
    words: dict[str, frozenset[str]] = {}
    scores: dict[tuple[str, str], float] = {}
    results = []
    for index, paragraph in enumerate(paragraphs):
        body = texts[index]
        base_id = base_ids.get(base_labels.get(paragraph.label, ""), -1)
        repeats = set(verbatim.get(prints[index], ()))
        ids = [*repeats, *retrieved[index], *([base_id] if base_id >= 0 else [])]
        found_rows = [rows[i] for i in dict.fromkeys(ids) if i in rows]
        # The exact similarity is a word diff: it is computed for the few candidates that
        # share the most words, besides the repeats and the base's paragraph.
        others = [r for r in found_rows if r.id not in repeats and r.id != base_id]
        mine = _words(body, words)
        others.sort(key=lambda r: (-_shared(mine, _words(r.text, words)), -r.id))
        # And any longer one that has all of the paragraph's words but one (the opening
        # verb is often another form: `Reaffirms` in a resolution, `We reaffirm` in a
        # declaration): it may hold the wording, where its length keeps it out of the few
        # most alike.
        holding = [r for r in others[SCORED:] if len(mine - _words(r.text, words)) <= 1]
        kept = [
            *(r for r in found_rows if r.id in repeats or r.id == base_id),
            *others[:SCORED],
            *holding,
        ]
        found: list[Precedent] = []
        for row in kept:
            is_verbatim = row.id in repeats
            if not is_verbatim and (row.text, body) not in scores:
                scores[row.text, body] = similarity(row.text, body)
            holds = (
                not is_verbatim
                and len(row.text) > len(body)
                and contained(body, row.text, scores[row.text, body]) >= HOLDS_WORDING
            )
            found.append(
                Precedent(
                    paragraph_id=row.id,
                    library_text_id=row.library_text_id,
                    symbol=row.symbol,
                    title=row.title,
                    label=row.label,
                    text=row.text,
                    similarity=1.0 if is_verbatim else scores[row.text, body],
                    verbatim=is_verbatim,
                    in_base=row.id == base_id,
                    holds_wording=holds,
                )
            )
        found.sort(
            key=lambda p: (
                not p.verbatim,
                not p.in_base,
                not p.holds_wording,
                -p.similarity,
                -(rows[p.paragraph_id].session or 0),
                p.paragraph_id,
            )
        )
        results.append(ParagraphPrecedents(paragraph.label, body, tuple(found[:top])))
    return Match(base=base, paragraphs=results)


def match_file(filename: str, data: bytes, *, top: int = TOP) -> Match:
    """Precedents of a draft read from a file, leaving out the library's copy of that text."""
    document, fields = _read_library_file(filename, data)
    facts = facts_for(filename, document, fields)
    own = db.session.scalars(select(LibraryText.id).where(LibraryText.symbol == facts.symbol))
    return match_document(document, excluded=list(own), session=facts.session, top=top)


def match_text(body: str, *, excluded: Sequence[int] = (), top: int = TOP) -> tuple[Precedent, ...]:
    """The nearest precedents of one piece of wording (a proposal's replacement text)."""
    draft = Document(title="", formula="", operative=(TextParagraph(Kind.OPERATIVE, "text", body),))
    match = match_document(draft, excluded=excluded, use_base=False, top=top)
    return match.paragraphs[0].precedents if match.paragraphs else ()


def same_wording(a: str, b: str) -> bool:
    """Whether two texts are the same words, footnote marks, spacing and quotes aside."""
    return verbatim_form(a) == verbatim_form(b)


def library_stamp_columns() -> tuple[ScalarSelect[int], ScalarSelect[int | None]]:
    """The library's stamp as query columns, to be read with what a page asks first; it
    changes whenever a text joins, replaces or leaves the library, which is what a draft's
    marks of agreed language depend on (a replaced text is deleted and stored again, with a new
    id). `library_stamp_of` makes the stamp of what they read."""
    return (
        select(func.count(LibraryText.id)).scalar_subquery(),
        select(func.max(LibraryText.id)).scalar_subquery(),
    )


def library_stamp_of(count: int, latest: int | None) -> str:
    return f"{count}.{latest or 0}"


def excluded_for(revision: Revision) -> list[int]:
    """Library texts made from the revision's own negotiation: not precedents of its drafts."""
    return list(
        db.session.scalars(
            select(LibraryText.id)
            .join(Revision, LibraryText.revision_id == Revision.id)
            .where(Revision.negotiation_id == revision.negotiation_id)
        )
    )


def match_revision(user: Actor, revision: Revision) -> Match:
    """Precedents for a revision the user may see, leaving out its own negotiation's texts."""
    signed_in(user)
    return match_document(revision.document, excluded=excluded_for(revision))


@dataclass(frozen=True)
class DraftMarks:
    """What the draft view shows from the library: the base text and the agreed language."""

    base: LibraryText | None
    #: Paragraph label -> the precedent it repeats word for word.
    agreed: dict[str, Precedent]


def _agreed(prints: Sequence[str], excluded: Sequence[int]) -> dict[str, Precedent]:
    """Fingerprint (of the wordings asked about) -> the latest library paragraph with exactly
    that wording."""
    repeats = _verbatim_ids(prints, excluded)
    rows = _rows(ids[0] for ids in repeats.values())
    found = {}
    for print_, ids in repeats.items():
        row = rows.get(ids[0])
        if row is not None:
            found[print_] = Precedent(
                row.id, row.library_text_id, row.symbol, row.title, row.label, row.text, 1.0, True
            )
    return found


def draft_marks(user: Actor, revision: Revision) -> DraftMarks:
    """The base text of a revision and its paragraphs that repeat adopted wording (one index
    lookup: the nearest precedents of the others are computed when asked for)."""
    signed_in(user)
    document = revision.document
    excluded = excluded_for(revision)
    prints = {p.label: fingerprint(p.full_text()) for p in document.paragraphs}
    agreed = _agreed(list(prints.values()), excluded)
    marks = {label: agreed[print_] for label, print_ in prints.items() if print_ in agreed}
    session = session_of(document.symbol) if document.symbol else None
    return DraftMarks(find_base(document.title or revision.title, session, excluded), marks)


def paragraph_precedents(
    user: Actor, revision: Revision, label: str
) -> tuple[ParagraphPrecedents, LibraryText | None]:
    """The nearest precedents of one paragraph of a revision, and the base text consulted."""
    signed_in(user)
    document = revision.document
    paragraph = document.find(label)
    if paragraph is None:
        raise NotFound(f"{revision.label} has no paragraph {label}.")
    # The whole text is aligned with the base; only this paragraph is looked up.
    match = match_document(document, excluded=excluded_for(revision), only=label)
    found = match.find(label)
    return found or ParagraphPrecedents(label, paragraph.full_text()), match.base


def proposal_agreed(texts: Sequence[str]) -> dict[str, Precedent]:
    """For proposals' wording: fingerprint -> the adopted paragraph it restores word for word."""
    return _agreed([fingerprint(t) for t in texts if t], ())


def wording_precedents(user: Actor, wording: str) -> tuple[Precedent, ...]:
    """The nearest precedents of a proposal's wording."""
    signed_in(user)
    return match_text(wording)


# -- search page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    pages: int


def search(
    user: Actor,
    words: str,
    *,
    phrase: bool = False,
    organ: str = "",
    year: int | None = None,
    page: int = 1,
) -> SearchPage:
    """Library paragraphs containing the words (or the exact phrase), best match first."""
    signed_in(user)
    words = " ".join((words or "").split())[:500]
    if not words:
        return SearchPage([], 0, 1, 0)
    page = max(page, 1)
    ids, total = _index().search(
        words, phrase=phrase, organ=organ, year=year, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    hits: dict[int, SearchHit] = {}
    if ids:
        query = (
            select(LibraryParagraph, LibraryText)
            .join(LibraryText)
            .where(LibraryParagraph.id.in_(ids))
        )
        for paragraph, entry in db.session.execute(query):
            hits[paragraph.id] = SearchHit(
                paragraph.id,
                entry.id,
                entry.symbol,
                entry.title,
                entry.organ,
                entry.date,
                paragraph.label,
                paragraph.text,
                paragraph.position,
            )
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    return SearchPage([hits[i] for i in ids if i in hits], total, page, pages)


def organs() -> list[str]:
    """Organs present in the library, for the search filter."""
    return [o for o in db.session.scalars(select(LibraryText.organ).distinct()) if o]


def years() -> list[int]:
    """Years of adoption present in the library, latest first."""
    dates = db.session.scalars(select(LibraryText.date).where(LibraryText.date.is_not(None)))
    return sorted({d.year for d in dates if d is not None}, reverse=True)


def recent_texts(limit: int = 50) -> list[LibraryText]:
    """The latest texts, for the library's front page."""
    return list(
        db.session.scalars(
            select(LibraryText)
            .options(
                load_only(
                    LibraryText.id,
                    LibraryText.symbol,
                    LibraryText.title,
                    LibraryText.date,
                    LibraryText.organ,
                    LibraryText.session,
                )
            )
            # A day's resolutions by number: `80/9` before `80/10` (for symbols of one series,
            # the shorter number is the smaller).
            .order_by(
                LibraryText.date.desc().nulls_last(),
                func.length(LibraryText.symbol),
                LibraryText.symbol,
            )
            .limit(limit)
        )
    )


__all__ = [
    "ImportResult",
    "Match",
    "ParagraphPrecedents",
    "Precedent",
    "SearchHit",
    "SearchPage",
    "add_revision",
    "find_base",
    "import_file",
    "import_files",
    "import_paths",
    "match_document",
    "match_file",
    "match_revision",
    "match_text",
    "search",
]
