"""Every real document of the corpus is read as its hand-checked truth says.

The corpus is a development set of real UN texts (see tests/fixtures/corpus/README.md); each
document is one test, so a failure names the file and lists every disagreement.
"""

from __future__ import annotations

import pytest

from tests.text.corpus import DOCS, PAIR_DOCS, check_document, check_labels, load_labels, load_truth
from tracker.text.read import read_document

TRUTH = load_truth()
LABELS = load_labels()


def _read(path):
    # How long reading takes is measured by bench/corpus.py, not here: a timed test fails
    # with the machine's load, not with the code.
    return read_document(path.name, path.read_bytes())


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_document_matches_truth(name: str) -> None:
    doc = _read(DOCS / name)
    problems = check_document(doc, TRUTH[name])
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("name", sorted(LABELS))
def test_pair_document_labels(name: str) -> None:
    doc = _read(PAIR_DOCS / name)
    problems = check_labels(doc, LABELS[name])
    assert not problems, "\n".join(map(str, problems))


def test_every_document_has_truth() -> None:
    assert sorted(p.name for p in DOCS.iterdir()) == sorted(TRUTH)
    assert sorted(p.name for p in PAIR_DOCS.iterdir()) == sorted(LABELS)
