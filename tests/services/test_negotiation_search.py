"""Search within a negotiation: paragraphs of the latest text and the comments one may see,
found by words and phrases typed as people type them, whatever characters they hold."""

from __future__ import annotations

import pytest

from tests.conftest import designate, fixture_bytes, one, publish
from tests.services import test_consultations as consultation_tests
from tests.services.test_consultations import ZERO, top
from tracker.models import Delegation
from tracker.services import NotFound, moderation
from tracker.services import comments as comment_service
from tracker.services.search import SearchFilters, search_negotiation
from tracker.text.accents import without_accents
from tracker.text.highlight import APOSTROPHES, HYPHENS, MAX_QUERY, MAX_TERMS

# The zero draft, published as the consultation tests publish it.
zero = consultation_tests.zero


def search(user, cast, query: str, page=None):
    return search_negotiation(user, cast.negotiation_a.id, query, page)


def publish_rev1(cast):
    """Rev.1 of the zero draft, whose OP3 is broadcast where the zero draft's is webcast (OP14
    still says webcast)."""
    return publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"shall be webcast", b"shall be broadcast"),
    )


def one_form(text: str) -> str:
    """The text as a search compares it: case, accents and forms of apostrophes and hyphens
    aside."""
    folded = without_accents(text).lower()
    return folded.translate({ord(c): "'" for c in APOSTROPHES} | {ord(c): "-" for c in HYPHENS})


def found_text(segments) -> list[str]:
    return [segment.text for segment in segments if segment.found]


def comment(cast, zero, body: str, label: str = "OP1", who=None, **extra):
    return comment_service.create_comment(
        who or cast.delegate_a,
        zero,
        paragraph=top(zero, label),
        kind=extra.pop("kind", "comment"),
        body=body,
        **extra,
    )


def test_finds_the_paragraphs_of_the_latest_text_holding_a_word_case_aside(cast, zero):
    found = search(cast.delegate_b, cast, "WEBCAST")
    assert found.text.id == zero.id
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP3", "OP14"]
    assert found.paragraph_total == 2
    for hit in found.paragraphs:
        assert [text.lower() for text in found_text(hit.passage)] == ["webcast"]
        assert "".join(segment.text for segment in hit.passage) == hit.paragraph.text


def test_every_word_must_be_there_and_a_quoted_phrase_as_written(cast, zero):
    words = search(cast.delegate_b, cast, "representation geographical")
    assert {hit.paragraph.path for hit in words.paragraphs} >= {"OP9", "OP12"}
    phrase = search(cast.delegate_b, cast, "“equitable geographical representation”")
    assert [hit.paragraph.path for hit in phrase.paragraphs] == ["OP9", "OP12"]
    assert found_text(phrase.paragraphs[0].passage) == ["equitable geographical representation"]
    assert search(cast.delegate_b, cast, '"representation geographical"').paragraphs == []


def test_a_word_is_found_at_the_start_of_a_word_not_inside_one(cast, zero):
    """Delegates search for words: `art` finds `article` but not `participate` (which the
    zero draft holds in several paragraphs, and `particular`, `department`, `starting`), and
    `develop` finds `developing`; in paragraphs, comments and replies alike."""
    comment(cast, zero, "Chile will participate.", label="OP1")
    comment(cast, zero, "As article 5 provides.", label="OP2")
    made = comment(cast, zero, "Developing States first.", label="OP3")
    comment_service.reply_to(cast.delegate_b, made, "The cart before the horse.")
    comment_service.reply_to(cast.delegate_b, made, "Art and culture.")
    art = search(cast.delegate_b, cast, "art")
    assert art.paragraphs == []
    assert [hit.comment.body for hit in art.comments] == ["As article 5 provides."]
    assert found_text(art.comments[0].passage) == ["art"]
    assert [hit.reply.body for hit in art.replies] == ["Art and culture."]
    develop = search(cast.delegate_b, cast, "develop")
    assert [hit.comment.body for hit in develop.comments] == ["Developing States first."]
    assert "OP13" in [hit.paragraph.path for hit in develop.paragraphs]
    assert found_text(develop.comments[0].passage) == ["Develop"]


def test_a_quoted_phrase_is_found_as_whole_words(cast, zero):
    words = search(cast.delegate_b, cast, "geographical represent")
    assert [hit.paragraph.path for hit in words.paragraphs] == ["OP9", "OP12"]
    assert search(cast.delegate_b, cast, '"geographical represent"').paragraphs == []
    comment(cast, zero, "Developing States first.", label="OP3")
    assert search(cast.delegate_b, cast, '"develop"').comments == []
    assert len(search(cast.delegate_b, cast, '"developing"').comments) == 1


def test_searches_the_latest_text_only(cast, zero):
    rev1 = publish_rev1(cast)
    found = search(cast.delegate_b, cast, "webcast")
    assert found.text.id == rev1.id
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP3"]
    assert [hit.paragraph.revision_id for hit in found.paragraphs] == [rev1.id]


def test_an_earlier_text_asked_for_is_the_one_searched(cast, zero):
    """A delegate reading the zero draft after Rev.1 came out searches the zero draft: its
    paragraphs, and comments placed on its paragraphs; the search says the latest is newer."""
    comment(cast, zero, "Webcast it all.", label="OP14")
    rev1 = publish_rev1(cast)
    found = search_negotiation(
        cast.delegate_b,
        cast.negotiation_a.id,
        "webcast",
        filters=SearchFilters(revision=str(zero.id)),
    )
    assert found.text.id == zero.id
    assert (found.chosen.id, found.newer.id) == (zero.id, rev1.id)
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP3", "OP14"]
    assert {hit.paragraph.revision_id for hit in found.paragraphs} == {zero.id}
    assert found.comments[0].view.current.revision_id == zero.id
    assert found.address() == {"q": "webcast", "revision": str(zero.id)}
    # A paragraph filter reads the text searched.
    narrowed = search_negotiation(
        cast.delegate_b,
        cast.negotiation_a.id,
        "",
        filters=SearchFilters(paragraph="op14", revision=str(zero.id)),
    )
    assert narrowed.paragraph.revision_id == zero.id
    # The latest asked for by its id is the latest: nothing to offer instead.
    latest = search_negotiation(
        cast.delegate_b,
        cast.negotiation_a.id,
        "webcast",
        filters=SearchFilters(revision=str(rev1.id)),
    )
    assert latest.text.id == rev1.id and latest.chosen is None and latest.newer is None
    assert [hit.paragraph.path for hit in latest.paragraphs] == ["OP3"]


@pytest.mark.parametrize("revision", ["x", "99999", "-1", "1" * 30])
def test_a_text_that_is_not_of_this_negotiation_says_so(cast, zero, revision):
    found = search_negotiation(
        cast.delegate_b, cast.negotiation_a.id, "webcast", filters=SearchFilters(revision=revision)
    )
    assert found.problem == (
        "There is no such text in this negotiation; search the latest text instead."
    )
    assert found.invalid == ("revision",) and not found.searched


def test_a_text_not_circulated_or_of_another_negotiation_is_not_searched(cast, zero):
    from tracker.services.revisions import upload_revision

    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    preview = upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO), label="Rev.1"
    )
    for revision in (other, preview):
        found = search_negotiation(
            cast.cofac_a,
            cast.negotiation_a.id,
            "webcast",
            filters=SearchFilters(revision=str(revision.id)),
        )
        assert found.invalid == ("revision",) and found.paragraphs == []


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("OP3", "OP3"),
        ("op 4 (b)", "OP4 (b)"),
        ("OP4(b)", "OP4 (b)"),
        ("preambular paragraph 2", "PP2"),
        ("para 5", "OP5"),
    ],
)
def test_a_paragraph_typed_alone_goes_to_it_in_the_text_searched(cast, zero, typed, path):
    found = search(cast.delegate_b, cast, typed)
    assert found.goes_to.path == path and found.goes_to.revision_id == zero.id
    assert not found.searched and found.note == ""
    rev1 = publish_rev1(cast)
    assert search(cast.delegate_b, cast, typed).goes_to.revision_id == rev1.id
    older = search_negotiation(
        cast.delegate_b, cast.negotiation_a.id, typed, filters=SearchFilters(revision=str(zero.id))
    )
    assert older.goes_to.revision_id == zero.id


def test_a_paragraph_the_text_lacks_is_said_beside_what_its_words_find(cast, zero):
    comment(cast, zero, "As for OP45 of last year's text, we keep it.", label="OP2")
    found = search(cast.delegate_b, cast, "OP45")
    assert found.goes_to is None and found.searched
    assert found.note == "Zero draft has no paragraph OP45."
    assert [hit.comment.body for hit in found.comments] == [
        "As for OP45 of last year's text, we keep it."
    ]
    assert search(cast.delegate_b, cast, "OP2 (f)").note == "Zero draft has no paragraph OP2 (f)."


def test_a_paragraph_typed_with_filters_is_offered_not_gone_to(cast, zero):
    found = search_negotiation(
        cast.delegate_b, cast.negotiation_a.id, "OP3", filters=SearchFilters(kind="proposals")
    )
    assert found.goes_to is None and found.searched
    assert found.referenced.path == "OP3"


def test_finds_comments_and_proposals_with_who_made_them_and_where(cast, zero):
    comment(cast, zero, "Climate finance must be new and additional.", label="OP3")
    proposal = comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP5"),
        kind="amend",
        body="",
        proposed_text="Invites Member States to mobilize climate finance at the highest level;",
    )
    comment(cast, zero, "Nothing on finance here.", label="OP2")
    found = search(cast.delegate_b, cast, "climate finance")
    assert found.page.total == 2
    newest, older = found.comments
    assert newest.comment.id == proposal.id
    assert newest.view.speakers == "Chile"
    assert newest.view.current.path == "OP5"
    assert found_text(newest.proposal) == ["climate finance"]
    assert older.view.speakers == "Mexico"
    assert older.view.current.path == "OP3"
    assert found_text(older.passage) == ["Climate finance"]


def test_a_comment_follows_its_paragraph_into_the_latest_text(cast, zero):
    made = comment(cast, zero, "Who pays for the webcast?", label="OP14")
    data = fixture_bytes(ZERO).replace(
        b"14. *Decides*", b"14. *Welcomes* the hearing;\n15. *Decides*"
    )
    data = data.replace(
        b"\n15. *Encourages* Member States and other", b"\n16. *Encourages* Member States and other"
    )
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=data)
    [hit] = search(cast.delegate_b, cast, "pays").comments
    assert hit.comment.id == made.id
    assert hit.view.current.path == "OP15"
    assert hit.view.made_on == "Zero draft OP14"


def test_a_comment_for_the_co_facilitators_is_found_only_by_those_who_may_read_it(cast, zero):
    comment(cast, zero, "Our red line on climate finance.", visibility="facilitators")
    for who in (cast.delegate_a, cast.cofac_a, cast.secretariat):
        found = search(who, cast, "red line")
        assert [hit.comment.body for hit in found.comments] == [
            "Our red line on climate finance."
        ], who.email
    found = search(cast.delegate_b, cast, "red line")
    # Neither listed nor counted: the count would tell that such a comment exists.
    assert found.comments == []
    assert found.page.total == 0
    assert search(cast.cofac_b, cast, "red line").page.total == 0


def test_a_hidden_comment_is_found_only_by_its_delegation_and_those_who_oversee(cast, zero):
    abusive = comment(cast, zero, "Insulting words about the chair.")
    moderation.hide_comment(cast.cofac_a, abusive)
    assert search(cast.delegate_b, cast, "insulting").page.total == 0
    assert search(cast.delegate_b, cast, "insulting").comments == []
    for who in (cast.delegate_a, cast.cofac_a):
        [hit] = search(who, cast, "insulting").comments
        assert hit.comment.is_hidden


def test_a_withdrawn_comment_stays_on_record_and_is_found_marked_withdrawn(cast, zero):
    withdrawn = comment(cast, zero, "We withdraw this suggestion on webcasting.")
    comment_service.withdraw_comment(cast.delegate_a, withdrawn)
    [hit] = search(cast.delegate_b, cast, "webcasting").comments
    assert hit.comment.is_withdrawn


def test_comments_of_another_negotiation_are_not_found(cast, zero):
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    comment_service.create_comment(
        cast.delegate_b, other, paragraph=top(other, "OP1"), kind="comment", body="Elsewhere."
    )
    assert search(cast.cofac_a, cast, "elsewhere").page.total == 0


def test_a_negotiation_that_does_not_exist_is_not_found(cast):
    with pytest.raises(NotFound):
        search_negotiation(cast.delegate_a, 999_999, "webcast")


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "%%",
        "\\",
        "'",
        '"',
        '""',
        "*",
        "webcast*",
        "NEAR(webcast meeting)",
        "webcast OR meeting",
        "text:webcast",
        "'; DROP TABLE comments; --",
        "^webcast",
        "\\%",
        "[",
        "¿",
        "％",
        "webcast -meeting",
        "-",
        "‐",
        "’",
        "ǅ",
    ],
)
def test_symbols_and_query_syntax_are_characters_to_find_not_errors(cast, zero, query):
    comment(cast, zero, "Nothing to find here.")
    found = search(cast.delegate_a, cast, query)
    assert found.problem == ""
    # Whatever is found holds every term as written: nothing is read as a wildcard or an
    # operator (`%` or `'` alone would otherwise find every paragraph).
    for hit in found.paragraphs:
        for term in found.terms:
            assert one_form(term.text) in one_form(hit.paragraph.text), (query, hit.paragraph.path)
    assert [hit.comment.body for hit in found.comments] == []


def test_a_percent_sign_or_an_underscore_finds_only_itself(cast, zero):
    comment(cast, zero, "Raise it to 100% of the budget.")
    comment(cast, zero, "See file report_2021.")
    comment(cast, zero, "Plain words.")
    assert [h.comment.body for h in search(cast.delegate_a, cast, "100%").comments] == [
        "Raise it to 100% of the budget."
    ]
    assert [h.comment.body for h in search(cast.delegate_a, cast, "%").comments] == [
        "Raise it to 100% of the budget."
    ]
    assert [h.comment.body for h in search(cast.delegate_a, cast, "_").comments] == [
        "See file report_2021."
    ]


def test_accents_and_forms_of_the_apostrophe_are_set_aside(cast, zero):
    comment(cast, zero, "The Côte d’Ivoire delegation’s view.")
    [hit] = search(cast.delegate_b, cast, "cote d'ivoire").comments
    assert found_text(hit.passage) == ["Côte d’Ivoire"]
    assert search(cast.delegate_b, cast, "d'ivoire delegation's").page.total == 1
    assert search(cast.delegate_b, cast, "d-ivoire").page.total == 0


def test_a_query_too_long_or_with_too_many_words_is_refused_saying_so(cast, zero):
    long = search(cast.delegate_a, cast, "a" * (MAX_QUERY + 1))
    assert f"at most {MAX_QUERY} characters" in long.problem
    assert long.paragraphs == [] and long.page is None
    many = search(cast.delegate_a, cast, '"w" ' + " ".join(f"w{i}" for i in range(MAX_TERMS)))
    assert f"at most {MAX_TERMS} words" in many.problem


def test_a_paragraphs_wording_pasted_whole_finds_it(cast, zero):
    """Thirteen words of OP3 pasted without quotation marks: read as one phrase, they find
    OP3 (and only it), not a refusal for having more than eight words."""
    wording = "the highest visibility to the high-level meeting, through all relevant media"
    found = search(cast.delegate_a, cast, wording)
    assert not found.problem
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP3"]


#: One phrase as texts store it: across a line break (a paragraph copied from a PDF, a comment
#: typed on two lines), several spaces, a tab, a Windows line end, a non-breaking space.
_APART = ["\n", "  ", "\r\n\t", "\u00a0"]


@pytest.mark.parametrize("apart", _APART)
def test_a_phrase_is_found_across_any_run_of_spaces_and_line_breaks(cast, zero, apart):
    from tracker.extensions import db

    op3 = top(zero, "OP3")
    op3.text = f"Decides that the Bureau{apart}Council shall meet. " + op3.text
    db.session.commit()
    comment(cast, zero, f"Leave it to the Bureau{apart}Council itself.")
    for query in ['"bureau council"', "the Bureau Council shall meet"]:
        found = search(cast.delegate_b, cast, query)
        assert [hit.paragraph.path for hit in found.paragraphs] == ["OP3"], query
        words = found_text(found.paragraphs[0].passage)[0]
        assert words.lower().split() == query.strip('"').lower().split()
    found = search(cast.delegate_b, cast, '"bureau council"')
    # A comment is stored with its line breaks of one kind (a browser sends "\r\n").
    stored = apart.replace("\r\n", "\n")
    assert [hit.comment.body for hit in found.comments] == [
        f"Leave it to the Bureau{stored}Council itself."
    ]
    assert found_text(found.comments[0].passage) == [f"Bureau{stored}Council"]
    # Words apart by other characters are not the phrase.
    assert search(cast.delegate_b, cast, '"the council"').paragraphs == []


@pytest.mark.parametrize("apart", _APART)
def test_wording_is_held_across_any_run_of_spaces_on_each_engine(app, apart):
    """The library's phrase search and the negotiation's both ask the database, on SQLite and
    on PostgreSQL alike; words apart by anything but spaces are not the wording."""
    from sqlalchemy import literal, select

    from tracker.extensions import db
    from tracker.services.library import holds_term, holds_wording
    from tracker.text.highlight import Term

    def held(text: str, words: str) -> tuple[bool, bool]:
        column = literal(text)
        term = Term(words, phrase=True)
        return (
            db.session.scalar(select(holds_wording(column, words))),
            db.session.scalar(select(holds_term(column, term))),
        )

    with app.app_context():
        assert held(f"the General{apart}Assembly decides", "general assembly") == (True, True)
        assert held(f"the General{apart}Assembly decides", "General Assembly decides") == (
            True,
            True,
        )
        assert held("the General Debate of the Assembly", "general assembly") == (False, False)
        assert held("the General-Assembly", "general assembly") == (False, False)


def test_a_long_hostile_query_takes_no_longer_than_its_length_allows(app):
    """Repeated words against a text of those words over and over, apart by runs of spaces:
    nothing in the query is read as a pattern that could try every way of matching."""
    import time

    from sqlalchemy import literal, select

    from tracker.extensions import db
    from tracker.services.library import holds_term, holds_wording
    from tracker.text.highlight import Term, highlighted, query_terms

    query = "a " * (MAX_QUERY // 2 - 1) + "b"
    [term] = query_terms(query)
    text = ("a \n  " * 4000) + ", b"
    with app.app_context():
        began = time.monotonic()
        column = literal(text)
        assert not db.session.scalar(select(holds_wording(column, term.text)))
        assert not db.session.scalar(select(holds_term(column, term)))
        assert not any(segment.found for segment in highlighted(text, (term,)))
        assert db.session.scalar(select(holds_term(column, Term(" ".join(["a"] * 8)))))
        # Bounded by the lengths, not exponential in them: seconds spare on a busy machine.
        assert time.monotonic() - began < 20


def test_an_empty_query_finds_nothing_and_reads_nothing(cast, zero):
    found = search(cast.delegate_a, cast, "   ")
    assert found.terms == () and found.problem == "" and found.page is None


def test_comments_come_a_page_at_a_time(cast, zero, monkeypatch):
    from tracker.services import search as search_service

    monkeypatch.setattr(search_service, "COMMENTS_PAGE", 2)
    for n in range(5):
        comment(cast, zero, f"Remark {n} on webcasting.")
    first = search(cast.delegate_b, cast, "webcasting")
    assert first.page.total == 5 and first.page.pages == 3
    assert [h.comment.body for h in first.comments] == [
        "Remark 4 on webcasting.",
        "Remark 3 on webcasting.",
    ]
    last = search(cast.delegate_b, cast, "webcasting", page="3")
    assert [h.comment.body for h in last.comments] == ["Remark 0 on webcasting."]
    assert search(cast.delegate_b, cast, "webcasting", page="junk").page.number == 1
    assert search(cast.delegate_b, cast, "webcasting", page="999999").page.number == 3


def test_paragraphs_past_the_limit_are_counted_not_listed(cast, zero, monkeypatch):
    from tracker.services import search as search_service

    monkeypatch.setattr(search_service, "PARAGRAPHS_SHOWN", 2)
    found = search(cast.delegate_b, cast, "the")
    assert len(found.paragraphs) == 2
    assert found.paragraph_total > 2


# Filters: by delegation (made or joined), by paragraph of the latest text, by kind; replies.


def narrowed(user, cast, query: str = "", **filters):
    return search_negotiation(user, cast.negotiation_a.id, query, filters=SearchFilters(**filters))


def sub(revision, path: str):
    return next(p for p in revision.paragraphs if p.path == path)


def bodies(found) -> list[str]:
    return [hit.comment.body for hit in found.comments]


def delegation_id(code: str) -> str:
    return str(one(Delegation, code=code).id)


def test_a_delegation_alone_lists_what_it_made_or_joined_and_its_replies(cast, zero):
    own = comment(cast, zero, "Mexico on webcasting.")
    chiles = comment(cast, zero, "Chile on the venue.", who=cast.delegate_b)
    comment(cast, zero, "Chile alone on the date.", who=cast.delegate_b)
    comment_service.join_comment(cast.delegate_a, chiles)
    comment_service.reply_to(cast.delegate_a, chiles, "Mexico agrees on the venue.")
    comment_service.reply_to(cast.delegate_b, own, "Chile asks Mexico why.")
    found = narrowed(cast.cofac_a, cast, delegation=delegation_id("MEX"))
    assert found.problem == "" and found.searched
    assert found.delegation.code == "MEX"
    assert bodies(found) == ["Chile on the venue.", "Mexico on webcasting."]
    assert found.comments[0].view.speakers == "Chile, joined by Mexico"
    assert [hit.reply.body for hit in found.replies] == ["Mexico agrees on the venue."]
    # What the text says is no one's: paragraphs are not listed under a delegation.
    assert not found.lists_paragraphs and found.paragraphs == []


def test_a_delegation_with_words_finds_only_what_it_said_that_holds_them(cast, zero):
    comment(cast, zero, "Mexico on webcasting.")
    comment(cast, zero, "Mexico on the venue.")
    comment(cast, zero, "Chile on webcasting.", who=cast.delegate_b)
    found = narrowed(cast.delegate_b, cast, "webcasting", delegation=delegation_id("MEX"))
    assert bodies(found) == ["Mexico on webcasting."]
    assert found.page.total == 1


def test_a_delegation_that_stopped_joining_no_longer_finds_the_comment(cast, zero):
    chiles = comment(cast, zero, "Chile on the venue.", who=cast.delegate_b)
    comment_service.join_comment(cast.delegate_a, chiles)
    comment_service.leave_comment(cast.delegate_a, chiles)
    assert narrowed(cast.cofac_a, cast, delegation=delegation_id("MEX")).page.total == 0


def test_what_a_delegate_says_for_a_group_is_found_under_the_group(cast, zero):
    designate(cast, "G77", "MEX")
    comment(cast, zero, "On behalf of the Group.", on_behalf_of=delegation_id("G77"))
    assert bodies(narrowed(cast.delegate_b, cast, delegation=delegation_id("G77"))) == [
        "On behalf of the Group."
    ]
    assert narrowed(cast.delegate_b, cast, delegation=delegation_id("MEX")).page.total == 0


def test_the_delegations_offered_are_those_who_spoke_groups_included(cast, zero):
    designate(cast, "G77", "MEX")
    chiles = comment(cast, zero, "Chile on the venue.", who=cast.delegate_b)
    comment(cast, zero, "On behalf of the Group.", on_behalf_of=delegation_id("G77"))
    comment_service.reply_to(cast.delegate_a, chiles, "Mexico replies.")
    offered = narrowed(cast.cofac_a, cast).speakers
    assert [d.code for d in offered] == ["CHL", "G77", "MEX"]


def test_a_paragraph_finds_comments_made_on_it_in_earlier_texts(cast, zero):
    made = comment(cast, zero, "Who pays for the webcast?", label="OP14")
    comment(cast, zero, "On the trust fund.", label="OP15")
    data = fixture_bytes(ZERO).replace(
        b"14. *Decides*", b"14. *Welcomes* the hearing;\n15. *Decides*"
    )
    data = data.replace(
        b"\n15. *Encourages* Member States and other", b"\n16. *Encourages* Member States and other"
    )
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=data)
    found = narrowed(cast.delegate_b, cast, paragraph="op 15")
    assert found.paragraph.path == "OP15" and found.paragraph.revision_id == rev1.id
    assert [hit.comment.id for hit in found.comments] == [made.id]
    assert found.comments[0].view.made_on == "Zero draft OP14"
    # The paragraph itself is listed, with nothing marked: no words were asked for.
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP15"]
    assert narrowed(cast.delegate_b, cast, paragraph="OP14").comments == []


def test_a_paragraph_takes_in_its_sub_paragraphs_and_is_read_case_and_spaces_aside(cast, zero):
    for path in ("OP2", "OP2 (a)", "OP2 (b)"):
        comment_service.create_comment(
            cast.delegate_a, zero, paragraph=sub(zero, path), kind="comment", body=f"On {path}."
        )
    comment(cast, zero, "On OP3.", label="OP3")
    assert sorted(bodies(narrowed(cast.delegate_b, cast, paragraph="OP2"))) == [
        "On OP2 (a).",
        "On OP2 (b).",
        "On OP2.",
    ]
    for asked in ("OP2 (b)", "op2(b)", " OP2  (B) "):
        assert bodies(narrowed(cast.delegate_b, cast, paragraph=asked)) == ["On OP2 (b)."], asked


def test_a_paragraph_with_words(cast, zero):
    comment(cast, zero, "Webcast it all.", label="OP14")
    comment(cast, zero, "Nothing here.", label="OP14")
    comment(cast, zero, "Webcast elsewhere.", label="OP3")
    found = narrowed(cast.delegate_b, cast, "webcast", paragraph="OP14")
    assert bodies(found) == ["Webcast it all."]
    assert [hit.paragraph.path for hit in found.paragraphs] == ["OP14"]


def test_a_kind_alone_and_with_words(cast, zero):
    comment(cast, zero, "Why a webcast?", label="OP14", kind="question")
    comment(cast, zero, "A webcast is fine.", label="OP14")
    comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP14"),
        kind="amend",
        proposed_text="Decides that the meeting shall be broadcast;",
    )
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP3"), kind="delete", body="Not needed."
    )
    proposals = narrowed(cast.delegate_a, cast, kind="proposals")
    assert [hit.comment.kind for hit in proposals.comments] == ["delete", "amend"]
    # Found by the filter alone, the proposed wording is shown as it reads.
    assert "".join(s.text for s in proposals.comments[1].proposal).startswith("Decides that")
    assert not proposals.lists_replies and proposals.replies == []
    assert bodies(narrowed(cast.delegate_a, cast, kind="questions")) == ["Why a webcast?"]
    assert bodies(narrowed(cast.delegate_a, cast, "webcast", kind="questions")) == [
        "Why a webcast?"
    ]
    assert narrowed(cast.delegate_a, cast, "webcast", kind="proposals").page.total == 0
    assert narrowed(cast.delegate_a, cast, kind="all").kind == ""


def test_every_filter_together_with_words(cast, zero):
    designate(cast, "G77", "MEX")
    wanted = comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP14"),
        kind="amend",
        proposed_text="Decides that the meeting shall be webcast live;",
    )
    comment_service.join_comment(cast.delegate_a, wanted)
    comment_service.create_comment(  # Chile's, not joined
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP14"),
        kind="amend",
        proposed_text="Decides that the meeting shall be webcast later;",
    )
    comment(cast, zero, "Mexico's webcast remark.", label="OP14")  # not a proposal
    comment(cast, zero, "Mexico's webcast proposal.", label="OP3", kind="delete")  # elsewhere
    found = narrowed(
        cast.delegate_b,
        cast,
        "live",
        delegation=delegation_id("MEX"),
        paragraph="OP14",
        kind="proposals",
    )
    assert [hit.comment.id for hit in found.comments] == [wanted.id]
    assert found_text(found.comments[0].proposal) == ["live"]


def test_a_restricted_comment_never_comes_through_a_filter(cast, zero):
    private = comment(
        cast, zero, "Our red line.", label="OP14", kind="question", visibility="facilitators"
    )
    abusive = comment(cast, zero, "Insults.", label="OP14", kind="question")
    comment_service.reply_to(cast.delegate_a, private, "More on our red line.")
    comment_service.reply_to(cast.cofac_a, private, "Noted, red line.")
    comment_service.reply_to(cast.delegate_a, abusive, "More insults.")
    moderation.hide_comment(cast.cofac_a, abusive)
    mexico = delegation_id("MEX")
    for filters in (
        {"delegation": mexico},
        {"paragraph": "OP14"},
        {"kind": "questions"},
        {"delegation": mexico, "paragraph": "OP14", "kind": "questions"},
    ):
        for query in ("", "red line", "insults"):
            found = narrowed(cast.delegate_b, cast, query, **filters)
            assert found.problem == "", (filters, query)
            # Neither listed nor counted.
            assert found.comments == [] and found.page.total == 0, (filters, query)
            assert found.replies == [], (filters, query)
            assert found.reply_page is None or found.reply_page.total == 0, (filters, query)
        seen = narrowed(cast.delegate_a, cast, **filters)
        assert {hit.comment.id for hit in seen.comments} == {private.id, abusive.id}, filters
    # Nor is Mexico offered to Chile as a delegation that said anything.
    assert narrowed(cast.delegate_b, cast).speakers == []
    assert [d.code for d in narrowed(cast.cofac_a, cast).speakers] == ["MEX"]


def test_replies_holding_the_words_are_found_with_their_thread(cast, zero):
    made = comment(cast, zero, "On the venue.", label="OP14")
    reply = comment_service.reply_to(cast.delegate_b, made, "Chile prefers a hybrid webcast.")
    comment_service.reply_to(cast.cofac_a, made, "The webcast is budgeted.")
    comment_service.reply_to(cast.delegate_b, made, "Nothing to find.")
    found = search(cast.delegate_b, cast, "webcast")
    assert [hit.reply.body for hit in found.replies] == [
        "The webcast is budgeted.",
        "Chile prefers a hybrid webcast.",
    ]
    hit = found.replies[1]
    assert hit.reply.id == reply.id and hit.comment.id == made.id
    assert hit.current.path == "OP14"
    assert found_text(hit.passage) == ["webcast"]
    assert found.reply_page.total == 2
    assert [
        h.reply.body
        for h in narrowed(cast.delegate_a, cast, delegation=delegation_id("CHL")).replies
    ] == [
        "Nothing to find.",
        "Chile prefers a hybrid webcast.",
    ]


def test_replies_come_a_page_at_a_time(cast, zero, monkeypatch):
    from tracker.services import search as search_service

    monkeypatch.setattr(search_service, "COMMENTS_PAGE", 2)
    made = comment(cast, zero, "On the venue.")
    for n in range(3):
        comment_service.reply_to(cast.delegate_b, made, f"Reply {n} on webcasting.")
    last = search_negotiation(cast.delegate_a, cast.negotiation_a.id, "webcasting", reply_page="2")
    assert last.reply_page.pages == 2
    assert [hit.reply.body for hit in last.replies] == ["Reply 0 on webcasting."]


@pytest.mark.parametrize(
    ("filters", "said"),
    [
        ({"delegation": "abc"}, "Choose the delegation from the list."),
        ({"delegation": "-1"}, "Choose the delegation from the list."),
        ({"delegation": "9" * 40}, "Choose the delegation from the list."),
        ({"delegation": "99999999"}, "There is no such delegation."),
        ({"paragraph": "OP99"}, "Zero draft has no paragraph “OP99”"),
        ({"paragraph": "'; DROP TABLE paragraphs; --"}, "has no paragraph"),
        ({"paragraph": "%"}, "has no paragraph “%”"),
        ({"paragraph": "OP1" * 20}, "Write the paragraph as the text numbers it"),
        ({"kind": "everything"}, "Choose what to list from"),
    ],
)
def test_a_filter_that_cannot_be_read_says_so_and_nothing_is_looked_for(cast, zero, filters, said):
    comment(cast, zero, "A comment on webcasting.")
    found = narrowed(cast.delegate_a, cast, "webcasting", **filters)
    assert said in found.problem
    assert not found.searched and found.page is None and found.comments == []


def test_a_paragraph_before_any_text_was_circulated_says_so(cast):
    found = narrowed(cast.delegate_a, cast, paragraph="OP1")
    assert "No text has been circulated yet" in found.problem


def test_a_delegation_that_said_nothing_finds_nothing_without_complaint(cast, zero):
    comment(cast, zero, "A comment on webcasting.")
    found = narrowed(cast.delegate_a, cast, delegation=delegation_id("NOR"))
    assert found.problem == "" and found.searched
    assert found.delegation.code == "NOR" and found.page.total == 0
