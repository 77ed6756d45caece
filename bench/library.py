"""Precedents from a library of 20,000 resolutions (about a million paragraphs) on PostgreSQL.

Builds the library in a database of its own (created here, dropped at the end unless
`--keep`), through the real migrations: resolutions assembled from the real texts of the
starter library and the corpus, each paragraph as adopted or in one of its edited versions
(numbers changed, words swapped, words from other texts put in), loaded with COPY together
with each paragraph's MinHash signature (`library_signatures`). Then a
100-paragraph draft (a third copied word for word, half edited, the rest unrelated) is matched
with `match_document`, and, in the same run, a brute-force scan (every paragraph ranked by the
words it shares with the draft paragraph, `ts_rank` without the index, the best 20 scored with
the same similarity) is timed on a sample of the same paragraphs and its top precedent
compared with the matcher's.

    .venv/bin/python bench/library.py [--resolutions 20000] [--keep] [--reuse]

`--reuse` runs on the database an earlier `--keep` run left, brought to the current schema by
the migrations (which sign its paragraphs when it predates the signatures).

The last line reads `match_s=M brute_force_s_per_paragraph=B speedup=X index_mb=I`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.text.library import fingerprint, signature, verbatim_form  # noqa: E402
from tracker.text.read import read_text  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "library_bench"
PARAGRAPHS_PER_TEXT = 50
DRAFT_PARAGRAPHS = 100
BRUTE_FORCE_SAMPLE = 5
#: Texts a session in a family of recurring resolutions.
SESSIONS = 20
_SYLLABLES = [
    "ka",
    "lo",
    "ve",
    "dra",
    "min",
    "tur",
    "sa",
    "bel",
    "ost",
    "ri",
    "gan",
    "mo",
    "zu",
    "per",
    "ath",
    "len",
]
#: Distinct paragraph texts in the generated library (each used about five times).
DISTINCT_PARAGRAPHS = 200_000
_NUMBER = re.compile(r"\b\d{2,4}\b")


def _source_paragraphs() -> list[list[str]]:
    """Paragraph texts of every real text in the project (starter library and corpus)."""
    from tracker.services.library import _read_library_file

    sources = sorted((ROOT / "tracker" / "demo_data" / "library").glob("*.md"))
    sources += sorted((ROOT / "tests" / "fixtures" / "corpus" / "pairs" / "docs").glob("*.txt"))
    texts = []
    for path in sources:
        document, _ = _read_library_file(path.name, path.read_bytes())
        paragraphs = [p.full_text() for p in document.paragraphs if len(p.full_text()) > 40]
        if paragraphs:
            texts.append(paragraphs)
    return texts


def _edit(text: str, vocabulary: list[str], rng: random.Random, share: float) -> str:
    """The paragraph with its numbers changed and a share of its words swapped or added."""
    text = _NUMBER.sub(lambda m: str(rng.randint(10, 2030)), text)
    words = text.split()
    for _ in range(max(1, int(len(words) * share))):
        position = rng.randrange(len(words))
        if rng.random() < 0.5:
            words[position] = rng.choice(vocabulary)
        else:
            words.insert(position, rng.choice(vocabulary))
    return " ".join(words)


def _variants(sources: list[list[str]], vocabulary: list[str], rng: random.Random, total: int):
    """Each source paragraph, kept and in edited versions: `total` distinct texts in all, each
    with its verbatim form (computed once, however often the text is used)."""
    paragraphs = sorted({p for source in sources for p in source})
    per_paragraph = max(1, total // len(paragraphs))
    variants: dict[str, list[tuple[str, str]]] = {}
    for body in paragraphs:
        versions = [body]
        for _ in range(per_paragraph - 1):
            share = 0.03 if rng.random() < 0.6 else 0.15
            versions.append(_edit(body, vocabulary, rng, share))
        variants[body] = [(_copy(v), verbatim_form(v)) for v in versions]
    return variants


def _name(rng: random.Random) -> str:
    """A made-up proper name (a programme, a place, a treaty) that only one family uses."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def _generate(resolutions: int, sources: list[list[str]], seed: int = 7):
    """Rows for library_texts (COPY text) and chunks of rows for library_paragraphs.

    Resolutions come in families of `SESSIONS` (one text a session on the same subject, as
    the Assembly's recurring resolutions do); a family draws its paragraphs from one or two
    real texts, each paragraph as adopted or in one of its edited versions, and names its own
    subject (made-up proper names) in about half of them.
    """
    rng = random.Random(seed)
    vocabulary = sorted({w for s in sources for p in s for w in p.split() if w.isalpha()})
    variants = _variants(sources, vocabulary, rng, DISTINCT_PARAGRAPHS)
    texts = io.StringIO()
    start = date(1990, 1, 1)
    plan = []
    families = [
        (rng.choice(sources) + rng.choice(sources), [_name(rng) for _ in range(5)])
        for _ in range(max(1, resolutions // SESSIONS))
    ]
    for text_id in range(1, resolutions + 1):
        pool, names = families[(text_id - 1) % len(families)]
        session = 45 + text_id * 35 // resolutions
        adopted = start + timedelta(days=text_id * 12600 // resolutions)
        title = f"{' '.join(pool[0].split()[1:5])} {names[0]}"
        texts.write(
            f"{text_id}\tA/RES/{session}/{text_id}\t{_copy(title)}\t{adopted}\t"
            f"General Assembly\t{session}\tresolution\tgenerated\t{{}}\t\\N\t\\N\t"
            "2026-12-02 00:00:00\n"
        )
        plan.append((pool, names))

    signed: dict[str, str] = {}

    def chunks():
        """Rows for library_paragraphs and for library_signatures, 50,000 at a time."""
        paragraph_id = 0
        lines: list[str] = []
        signatures: list[str] = []
        for text_id, (pool, names) in enumerate(plan, start=1):
            for position in range(PARAGRAPHS_PER_TEXT):
                body, plain = rng.choice(variants[pool[position % len(pool)]])
                if rng.random() < 0.5:
                    # Plain words appended: the verbatim form grows by the same words.
                    subject = f"on the {rng.choice(names)} {rng.choice(names)} programme"
                    body, plain = f"{body} {subject}", f"{plain} {subject}"
                paragraph_id += 1
                label = f"PP{position + 1}" if position < 15 else f"OP{position - 14}"
                print_ = hashlib.sha1(plain.encode("utf-8")).hexdigest()
                lines.append(f"{paragraph_id}\t{text_id}\t{position}\t{label}\t{body}\t{print_}\n")
                if body not in signed:
                    signed[body] = "{" + ",".join(map(str, signature(body))) + "}"
                signatures.append(f"{paragraph_id}\t{text_id}\t{signed[body]}\n")
                if len(lines) == 50_000:
                    yield "".join(lines), "".join(signatures)
                    lines, signatures = [], []
        if lines:
            yield "".join(lines), "".join(signatures)

    return texts.getvalue(), chunks(), vocabulary


def _copy(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _draft(connection, vocabulary: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """100 paragraphs: a third copied from the library, half edited, the rest unrelated."""
    count = connection.execute("SELECT max(id) FROM library_paragraphs").fetchone()[0]
    ids = rng.sample(range(1, count + 1), DRAFT_PARAGRAPHS)
    rows = dict(
        connection.execute(
            "SELECT id, text FROM library_paragraphs WHERE id = ANY(%s)", (ids,)
        ).fetchall()
    )
    # New wording: paragraphs of a text on another subject than any in the library.
    new_text = (ROOT / "tracker" / "demo_data" / "zero-draft.txt").read_text()
    unrelated = iter(p.full_text() for p in read_text(new_text).paragraphs)
    draft = []
    for index, paragraph_id in enumerate(ids):
        body = rows[paragraph_id]
        if index < 33:
            kind = "verbatim"
        elif index < 83:
            kind, body = "edited", _edit(body, vocabulary, rng, 0.1)
        else:
            kind, body = "unrelated", next(unrelated)
        draft.append((kind, body))
    return draft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=int, default=20_000)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Use the database kept last time.")
    args = parser.parse_args()

    import psycopg

    url = f"{args.server}/{DATABASE}"
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        if not args.reuse:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            admin.execute(f"CREATE DATABASE {DATABASE}")

    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://")}
    )
    with app.app_context():  # the app's reader of uploads, as the import uses it
        sources = _source_paragraphs()
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            if not args.reuse:
                with app.app_context():
                    upgrade()
                started = time.perf_counter()
                texts, paragraphs, vocabulary = _generate(args.resolutions, sources)
                generated = time.perf_counter() - started
                connection.execute("DROP INDEX ix_library_paragraphs_search_vector")
                connection.execute("DROP INDEX ix_library_paragraphs_fingerprint")
                connection.execute("DROP INDEX ix_library_signatures_bands")
                with connection.cursor() as cursor:
                    with cursor.copy("COPY library_texts FROM STDIN") as copy:
                        copy.write(texts)
                    for chunk, signatures in paragraphs:
                        with cursor.copy(
                            "COPY library_paragraphs (id, library_text_id, position, label, "
                            "text, fingerprint) FROM STDIN"
                        ) as copy:
                            copy.write(chunk)
                        with cursor.copy(
                            "COPY library_signatures (paragraph_id, library_text_id, bands) "
                            "FROM STDIN"
                        ) as copy:
                            copy.write(signatures)
                loaded = time.perf_counter() - started - generated
                connection.execute(
                    "CREATE INDEX ix_library_paragraphs_search_vector ON library_paragraphs "
                    "USING gin (search_vector)"
                )
                connection.execute(
                    "CREATE INDEX ix_library_paragraphs_fingerprint "
                    "ON library_paragraphs (fingerprint)"
                )
                connection.execute(
                    "CREATE INDEX ix_library_signatures_bands ON library_signatures "
                    "USING gin (bands)"
                )
                connection.execute(
                    "SELECT setval('library_paragraphs_id_seq', "
                    "(SELECT max(id) FROM library_paragraphs))"
                )
                connection.execute(
                    "SELECT setval('library_texts_id_seq', (SELECT max(id) FROM library_texts))"
                )
                connection.execute("VACUUM ANALYZE library_paragraphs")
                connection.execute("VACUUM ANALYZE library_terms")
                connection.execute("VACUUM ANALYZE library_signatures")
                indexed = time.perf_counter() - started - generated - loaded
                print(
                    f"generated {args.resolutions} texts in {generated:.1f} s, "
                    f"COPY {loaded:.1f} s, indexes {indexed:.1f} s"
                )
            else:
                # A database kept by an earlier run is brought to the current schema (the
                # migrations sign its paragraphs when it predates the signatures).
                with app.app_context():
                    upgrade()
                connection.execute("VACUUM ANALYZE library_signatures")
                vocabulary = sorted(
                    {w for s in sources for p in s for w in p.split() if w.isalpha()}
                )
            count = connection.execute("SELECT count(*) FROM library_paragraphs").fetchall()[0][0]
            sizes: dict[str, int] = dict(
                connection.execute(
                    "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname IN "
                    "('ix_library_paragraphs_search_vector', 'ix_library_paragraphs_fingerprint',"
                    " 'library_paragraphs', 'library_terms', 'ix_library_texts_title_trgm',"
                    " 'library_signatures', 'ix_library_signatures_bands',"
                    " 'ix_library_texts_title_trgm_gist')"
                ).fetchall()
            )
            sample = connection.execute(
                "SELECT text, fingerprint FROM library_paragraphs TABLESAMPLE SYSTEM (0.1) "
                "LIMIT 500"
            ).fetchall()
            wrong = sum(1 for body, print_ in sample if fingerprint(body) != print_)
            assert not wrong, f"{wrong} generated fingerprints differ from the app's"
            rng = random.Random(11)
            draft = _draft(connection, vocabulary, rng)
            _run(app, connection, draft, count, sizes)
    finally:
        with app.app_context():
            db.engine.dispose()
        if not args.keep:
            with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def _run(app, connection, draft, count: int, sizes: dict[str, int]) -> None:
    from tracker.services.library import match_document
    from tracker.text.diff import similarity
    from tracker.text.document import Document, Kind, Paragraph

    document = Document(
        title="A draft resolution on nothing in particular",
        formula="The General Assembly,",
        operative=tuple(
            Paragraph(Kind.OPERATIVE, f"OP{i + 1}", body, number=str(i + 1))
            for i, (_, body) in enumerate(draft)
        ),
    )
    with app.app_context():
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            match = match_document(document)
            timings.append(time.perf_counter() - started)
    verbatim = sum(1 for p in match.paragraphs if p.agreed)
    edited_found = sum(
        1
        for (kind, _), p in zip(draft, match.paragraphs, strict=True)
        if kind == "edited" and p.nearest and p.nearest.similarity >= 0.8
    )
    brute = []
    agree = 0
    sample = [i for i, (kind, _) in enumerate(draft) if kind == "edited"][:BRUTE_FORCE_SAMPLE]
    connection.execute("SET max_parallel_workers_per_gather = 0")
    for index in sample:
        started = time.perf_counter()
        # Every paragraph ranked by the words it shares with the draft paragraph (no index),
        # then the best 20 scored with the same similarity as the matcher.
        rows = connection.execute(
            "SELECT p.id, p.text FROM library_paragraphs p ORDER BY ts_rank(p.search_vector, "
            "replace(plainto_tsquery('english', %s)::text, '&', '|')::tsquery) DESC, p.id "
            "LIMIT 20",
            (draft[index][1],),
        ).fetchall()
        best = max(rows, key=lambda row: similarity(row[1], draft[index][1]))
        brute.append(time.perf_counter() - started)
        nearest = match.paragraphs[index].nearest
        agree += nearest is not None and nearest.text == best[1]
    mb = {name: size / 2**20 for name, size in sizes.items()}
    index_mb = sum(
        mb.get(name, 0)
        for name in (
            "ix_library_paragraphs_search_vector",
            "ix_library_paragraphs_fingerprint",
            "ix_library_signatures_bands",
        )
    )
    per_paragraph = statistics.mean(brute)
    print(f"library: {count} paragraphs; table {mb.get('library_paragraphs', 0):.0f} MiB")
    print("indexes: " + ", ".join(f"{name} {size:.0f} MiB" for name, size in sorted(mb.items())))
    print(f"match of {len(draft)} paragraphs: " + ", ".join(f"{t:.2f} s" for t in timings))
    print(
        f"found: {verbatim}/33 copied paragraphs marked verbatim, {edited_found}/50 edited ones "
        "with a precedent at >= 80% similarity"
    )
    print(
        f"brute force (every paragraph ranked by shared words, no index, best 20 scored): "
        f"{per_paragraph:.2f} s a paragraph, about {per_paragraph * len(draft):.0f} s for the "
        f"draft; same top precedent as the matcher for {agree}/{len(sample)}"
    )
    print(
        f"match_s={min(timings):.2f} brute_force_s_per_paragraph={per_paragraph:.2f} "
        f"speedup={per_paragraph * len(draft) / min(timings):.0f}x index_mb={index_mb:.0f}"
    )


if __name__ == "__main__":
    main()
