"""The library of adopted texts as people use it: import, search, precedents on the draft."""

from __future__ import annotations

import io
import json

from tests.conftest import FIXTURES, STARTER_LIBRARY, library_text_id, publish, sign_in
from tracker.services.library import import_file

SOURCE = (STARTER_LIBRARY / "A_RES_80_20.md").read_bytes()
PP5 = (
    "Reaffirming that practical measures should be examined and taken in the search for "
    "agreements to prevent an arms race in outer space in a common effort towards a community "
    "of shared future for humankind,"
)
OP1 = (
    "1. Reaffirms the importance and urgency of the objective of preventing an arms race in "
    "outer space and the willingness of States to contribute to reaching this common goal;"
)
EDITED_OP1 = (
    "1. Reaffirms the importance of the objective of preventing an arms race in outer space "
    "and the readiness of all States to contribute to reaching this common goal;"
)


def _draft() -> bytes:
    """A draft that copies 80/20's PP5 (with curly quotes and extra spaces) and edits its OP1."""
    lines = [
        "No first placement of weapons in outer space",
        "",
        "The General Assembly,",
        "",
        PP5.replace("  ", " ").replace("outer space in", "outer  space in"),
        "",
        "Recognizing the “new” importance of a topic never adopted in any text before,",
        "",
        EDITED_OP1,
        "",
        "2. Decides to remain seized of the matter.",
    ]
    return "\n".join(lines).encode()


def _import_starter(names=("A_RES_80_20.md", "A_RES_80_19.md", "A_RES_80_44.md")) -> None:
    for name in names:
        assert not import_file(None, name, (STARTER_LIBRARY / name).read_bytes()).error


def test_secretariat_imports_several_files_and_a_bad_one_is_reported(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    files = [
        (io.BytesIO(SOURCE), "A_RES_80_20.md"),
        (io.BytesIO((STARTER_LIBRARY / "A_RES_80_19.md").read_bytes()), "A_RES_80_19.md"),
        (io.BytesIO(b"%PDF-1.4 broken"), "A_RES_80_99.pdf"),
    ]
    response = client.post(
        "/library/import", data={"files": files}, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "imported A/RES/80/20 (21 paragraphs)" in page
    assert "imported A/RES/80/19" in page
    assert "A_RES_80_99.pdf:" in page
    # Importing the same symbol again replaces the text instead of adding a second one.
    again = client.post(
        "/library/import",
        data={"files": [(io.BytesIO(SOURCE), "A_RES_80_20.md")]},
        content_type="multipart/form-data",
    )
    assert again.status_code == 200
    assert "replaced A/RES/80/20 (21 paragraphs)" in again.get_data(as_text=True)
    listing = client.get("/library/").get_data(as_text=True)
    assert "2 texts, " in listing


def test_a_delegate_cannot_import(app, cast):
    client = sign_in(app.test_client(), cast.delegate_a)
    response = client.post(
        "/library/import",
        data={"files": [(io.BytesIO(SOURCE), "A_RES_80_20.md")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_search_by_words_phrase_organ_and_year_links_to_the_whole_text(app, cast):
    _import_starter()
    client = sign_in(app.test_client(), cast.delegate_a)
    words = client.get("/library/?q=placement+weapons").get_data(as_text=True)
    assert "A/RES/80/20 PP9" in words
    text_id = library_text_id("A/RES/80/20")
    assert f'href="/library/texts/{text_id}#PP9"' in words
    phrase = client.get("/library/?q=community+of+shared+future&phrase=1").get_data(as_text=True)
    assert "A/RES/80/20 PP5" in phrase
    # The words in another order are not the phrase.
    reordered = client.get("/library/?q=shared+community+future&phrase=1").get_data(as_text=True)
    assert "A/RES/80/20 PP5" not in reordered
    assert "0 paragraphs found" in reordered
    assert "A/RES/80/20" not in client.get("/library/?q=placement+weapons&year=2019").get_data(
        as_text=True
    )
    assert "A/RES/80/20 PP9" in client.get(
        "/library/?q=placement+weapons&year=2025&organ=General+Assembly"
    ).get_data(as_text=True)
    whole = client.get(f"/library/texts/{text_id}").get_data(as_text=True)
    assert 'id="PP9"' in whole and "No first placement of weapons in outer space" in whole


ACCENTED = """United Nations A/RES/79/901

General Assembly

Resolution adopted by the General Assembly on 2 December 2024

79/901. Situation in Côte d'Ivoire

The General Assembly,

Recalling the joint communiqué of the meeting held in São Tomé,

1. Welcomes the cooperation of Côte d'Ivoire and Türkiye;

2. Decides to remain seized of the matter.

50th plenary meeting
2 December 2024
"""


def test_search_finds_words_typed_without_their_accents(app, cast):
    """As on a keyboard without them: `communique`, `Cote d'Ivoire`, `Sao Tome`, `Turkiye`
    find the paragraphs that print them with accents, on either database; typed with their
    accents they still do."""
    result = import_file(None, "A_RES_79_901.txt", ACCENTED.encode())
    assert not result.error and result.paragraphs == 3
    client = sign_in(app.test_client(), cast.delegate_a)
    for words, label in [
        ("communique", "PP1"),
        ("Sao Tome", "PP1"),
        ("communiqué", "PP1"),
        ("Cote d'Ivoire", "OP1"),
        ("Turkiye", "OP1"),
        ("Côte", "OP1"),
    ]:
        page = client.get("/library/", query_string={"q": words}).get_data(as_text=True)
        assert f"A/RES/79/901 {label}" in page, words
    phrase = client.get("/library/", query_string={"q": "joint communique", "phrase": "1"})
    assert "A/RES/79/901 PP1" in phrase.get_data(as_text=True)


def test_the_front_page_lists_a_days_resolutions_by_number_and_whole_title(app, cast):
    """The day's texts in the order of their numbers (`79/9` before `79/10`), with the title a
    catalogue completes and the day they were adopted."""
    for number in (100, 10, 9):
        text = ACCENTED.replace("79/901", f"79/{number}")
        fields = (
            '---\ntitle: "Situation in Côte d\'Ivoire and the subregion"\ndate: "2024-12-09"\n---\n'
        )
        assert not import_file(None, f"A_RES_79_{number}.md", (fields + text).encode()).error
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get("/library/").get_data(as_text=True)
    assert page.index("A/RES/79/9<") < page.index("A/RES/79/10<") < page.index("A/RES/79/100<")
    assert "Situation in Côte d&#39;Ivoire and the subregion" in page
    assert "(2 December 2024)" in page and "9 December 2024" not in page


def test_draft_view_marks_agreed_language_and_links_the_nearest_precedents(app, cast):
    _import_starter()
    revision = publish(cast.cofac_a, cast.negotiation_a, "draft.txt", data=_draft())
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'agreed language</span> <span class="visually-hidden">from</span>' in page
    assert ">A/RES/80/20 PP5</a>" in page
    assert "1 paragraph of this text repeats adopted wording" in page
    assert f"revisions/{revision.id}/precedents?paragraph=OP1" in page
    nearest = client.get(
        f"/library{url[: -len(str(revision.id))]}{revision.id}/precedents?paragraph=OP1"
    )
    text = nearest.get_data(as_text=True)
    assert nearest.status_code == 200
    assert ">A/RES/80/20 OP1</a>" in text
    assert "% similar" in text
    assert "<del>and urgency </del>" in text or "<del>and urgency</del>" in text
    assert "<ins>readiness</ins>" in text


def test_a_proposal_that_restores_adopted_wording_says_so(app, cast):
    from tracker.services.comments import create_comment

    _import_starter()
    revision = publish(cast.cofac_a, cast.negotiation_a, "draft.txt", data=_draft())
    op1 = next(p for p in revision.paragraphs if p.path == "OP1")
    comment = create_comment(
        cast.delegate_a, revision, paragraph=op1, kind="amend", proposed_text=OP1[3:]
    )
    client = sign_in(app.test_client(), cast.delegate_b)
    page = client.get(f"/negotiations/{cast.negotiation_a.id}/comments/{comment.id}").get_data(
        as_text=True
    )
    assert "this wording restores" in page and ">A/RES/80/20 OP1</a>" in page


def test_previous_session_text_is_found_by_title_and_shown_as_the_base(app, cast):
    _import_starter()
    earlier = SOURCE.replace(b"symbol: A/RES/80/20", b"symbol: A/RES/79/20").replace(
        b'date: "2025-12-03"', b'date: "2024-12-02"'
    )
    assert not import_file(None, "previous.md", earlier).error
    draft = _draft().replace(b"No first placement", b"A/C.1/80/L.3\n\nNo first placement")
    revision = publish(cast.cofac_a, cast.negotiation_a, "draft.txt", data=draft)
    client = sign_in(app.test_client(), cast.delegate_a)
    page = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    assert "Base text (the last adopted text with this title): A/RES/79/20" in page


def _adopted_text() -> bytes:
    """The draft's wording as the resolution the Assembly adopted (A/RES/79/903)."""
    return (
        b"United Nations A/RES/79/903\n\nGeneral Assembly\n\n"
        b"Resolution adopted by the General Assembly on 2 December 2024\n\n" + _draft()
    )


def test_an_adopted_text_goes_into_the_library_once_confirmed_and_is_no_precedent_of_itself(
    app, cast
):
    revision = publish(cast.cofac_a, cast.negotiation_a, "final.txt", data=_adopted_text())
    client = sign_in(app.test_client(), cast.cofac_a)
    show = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    url = f"/library/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/add"
    assert ">Add to the library…</button>" in client.get(show).get_data(as_text=True)
    # The button asks first, saying what goes in and under which symbol and date.
    asked = client.post(url)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Add Zero draft to the library as A/RES/79/903?" in page
    assert "dated 2 December 2024" in page and 'name="confirmed"' in page
    assert "0 texts" in client.get("/library/").get_data(as_text=True)
    response = client.post(url, data={"confirmed": "yes"})
    assert response.status_code == 302
    text = client.get(response.location).get_data(as_text=True)
    assert "A/RES/79/903" in text
    own = client.get(show).get_data(as_text=True)
    assert "agreed language</span>" not in own
    assert sign_in(app.test_client(), cast.delegate_a).post(url).status_code == 403


def test_a_draft_is_not_offered_to_the_library_and_is_refused_if_sent(app, cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, "draft.txt", data=_draft())
    client = sign_in(app.test_client(), cast.secretariat)
    show = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    assert "Add to the library" not in client.get(show).get_data(as_text=True)
    url = f"/library/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/add"
    for data in ({}, {"confirmed": "yes"}):
        refused = client.post(url, data=data)
        assert refused.status_code == 422
        assert "cannot be added to the library: nothing shows the text was adopted" in (
            refused.get_data(as_text=True)
        )
    assert "0 texts" in client.get("/library/").get_data(as_text=True)


def test_the_import_page_refuses_a_draft_and_says_why(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    draft = (FIXTURES / "corpus" / "docs" / "A_C.2_80_L.42.txt").read_bytes()
    response = client.post(
        "/library/import",
        data={"files": [(io.BytesIO(draft), "A_C.2_80_L.42.txt")]},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A_C.2_80_L.42.txt: not imported: A/C.2/80/L.42 is a draft (an L. document)" in page
    assert "0 texts" in client.get("/library/").get_data(as_text=True)


def test_a_misnamed_file_does_not_replace_an_adopted_text_without_being_asked(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)

    def send(data: bytes, name: str, **fields: str):
        return client.post(
            "/library/import",
            data={"files": [(io.BytesIO(data), name)], **fields},
            content_type="multipart/form-data",
        )

    assert send(SOURCE, "A_RES_80_20.md").status_code == 200
    misnamed = send(
        (FIXTURES / "corpus" / "docs" / "A_C.1_80_L.23.txt").read_bytes(), "A_RES_80_20.txt"
    )
    page = misnamed.get_data(as_text=True)
    assert misnamed.status_code == 422
    assert "the text prints A/C.1/80/L.23 but the file&#39;s name says A/RES/80/20" in page
    # Other wording under the same symbol: refused unless "Replace" is chosen.
    other = SOURCE.replace(b"Reaffirms the importance", b"Stresses the importance", 1)
    refused = send(other, "A_RES_80_20.md")
    assert refused.status_code == 422
    assert "A/RES/80/20 is already in the library as “No first placement" in (
        refused.get_data(as_text=True)
    )
    assert 'name="replace"' in refused.get_data(as_text=True)
    replaced = send(other, "A_RES_80_20.md", replace="y")
    assert replaced.status_code == 200
    # The choice was for that batch: the form comes back without it.
    assert 'name="replace" type="checkbox" value="y">' in replaced.get_data(as_text=True)
    assert "replaced A/RES/80/20 “No first placement of weapons in outer space” with this text" in (
        replaced.get_data(as_text=True)
    )


def test_an_upload_over_the_limit_is_refused_before_it_is_read(app, cast):
    client = sign_in(app.test_client(), cast.secretariat)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = client.post(
            "/library/import",
            data={"files": [(io.BytesIO(SOURCE), "A_RES_80_20.md")]},
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert "0 texts" in client.get("/library/").get_data(as_text=True)


def test_cli_match_prints_precedents_as_json(app, cast, tmp_path):
    _import_starter()
    draft = tmp_path / "draft.txt"
    draft.write_bytes(_draft())
    result = app.test_cli_runner().invoke(args=["library", "match", str(draft), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_label = {p["label"]: p["precedents"] for p in data["paragraphs"]}
    assert by_label["PP1"][0] == {
        "symbol": "A/RES/80/20",
        "label": "PP5",
        "similarity": 1.0,
        "verbatim": True,
        "holds_wording": False,
    }
    assert by_label["OP1"][0]["symbol"] == "A/RES/80/20"
    assert by_label["OP1"][0]["label"] == "OP1"
    assert 0.7 < by_label["OP1"][0]["similarity"] < 1
    assert by_label["OP1"][0]["verbatim"] is False


def test_cli_import_replaces_and_reports_unreadable_files(app, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "A_RES_80_20.md").write_bytes(SOURCE)
    (folder / "notes.txt").write_bytes(b"nothing here")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["library", "import", str(folder)])
    assert "imported A/RES/80/20 (21 paragraphs)" in first.output
    assert "notes.txt: line 1: No resolution found" in first.output
    assert first.exit_code == 1
    second = runner.invoke(args=["library", "import", str(folder / "A_RES_80_20.md")])
    assert second.exit_code == 0
    assert "replaced A/RES/80/20" in second.output


def test_cli_import_replaces_other_wording_only_when_asked(app, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "A_RES_80_20.md"
    path.write_bytes(SOURCE)
    assert runner.invoke(args=["library", "import", str(path)]).exit_code == 0
    path.write_bytes(SOURCE.replace(b"Reaffirms the importance", b"Stresses the importance", 1))
    refused = runner.invoke(args=["library", "import", str(path)])
    assert refused.exit_code == 1
    assert "A/RES/80/20 is already in the library as “No first placement" in refused.output
    replaced = runner.invoke(args=["library", "import", "--replace", str(path)])
    assert replaced.exit_code == 0, replaced.output
    assert "replaced A/RES/80/20 “No first placement" in replaced.output


TYPOGRAPHIC = """United Nations A/RES/79/902

General Assembly

Resolution adopted by the General Assembly on 2 December 2024

79/902. Women’s economic empowerment

The General Assembly,

Recalling the role of non‑governmental organizations in women’s economic empowerment,

1. Decides to remain seized of the matter.

50th plenary meeting
2 December 2024
"""


def test_a_phrase_typed_with_plain_apostrophes_and_hyphens_finds_the_printed_forms(app, cast):
    """UN texts print `women’s` and the non-breaking hyphen of `non‑governmental`; typed on a
    keyboard, the phrase found nothing."""
    result = import_file(None, "A_RES_79_902.txt", TYPOGRAPHIC.encode())
    assert not result.error
    client = sign_in(app.test_client(), cast.delegate_a)
    for words in (
        "women's economic empowerment",
        "non-governmental organizations in women's",
        "women’s economic empowerment",
    ):
        page = client.get("/library/", query_string={"q": words, "phrase": "1"}).text
        assert "A/RES/79/902 PP1" in page, words
    # A crafted year or page is no error: the search reads as if none were given.
    assert client.get("/library/?q=women&year=99999999999999999999").status_code == 200
    assert client.get("/library/?q=women&page=99999999999999999999").status_code == 200


def test_a_phrase_is_found_across_a_line_break_or_several_spaces(app, cast):
    """A paragraph stored with its words apart by a line break or a run of spaces (copied from
    a PDF) is found by the phrase typed with one space, on FTS5 and on PostgreSQL alike."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import LibraryParagraph

    result = import_file(None, "A_RES_79_902.txt", TYPOGRAPHIC.encode())
    assert not result.error
    pp1 = db.session.scalars(
        select(LibraryParagraph).where(LibraryParagraph.text.contains("economic empowerment"))
    ).one()
    client = sign_in(app.test_client(), cast.delegate_a)
    for apart in ("\n", "  ", "\r\n\t"):
        pp1.text = pp1.text.replace("economic empowerment", f"economic{apart}empowerment")
        db.session.commit()
        page = client.get(
            "/library/", query_string={"q": "women's economic empowerment", "phrase": "1"}
        ).text
        assert "A/RES/79/902 PP1" in page, repr(apart)
        pp1.text = pp1.text.replace(f"economic{apart}empowerment", "economic empowerment")
        db.session.commit()
