"""The vocabulary of the genre: formulas, symbols, page furniture, numbering, openings.

Patterns and word lists that every stage consults, and the small judgements made from them
(`looks_like_opener`, `opens_operative`, `ends_terminal`, `is_heading_like`,
`derive_emphasis`).
"""

from __future__ import annotations

import re

from tracker.text.document import (
    ITEM_WORD,
    Emphasis,
    Kind,
)
from tracker.text.read.marks import FN_CLOSE, FN_OPEN

_NAMED_BODY = (
    r"General Assembly|Economic and Social Council|Security Council|Human Rights Council"
    r"|Trusteeship Council"
)
#: Any other body, named by its kind and what it is for: its formula ends with its comma
#: (`The Conference of the Parties,`), so that a sentence opening with its name (`The
#: Conference of the States Parties shall adopt rules of procedure and rules`) is no formula.
_OTHER_BODY = (
    r"(?:Commission|Conference|Committee|Board|Council|Assembly|Forum)"
    r" (?:on|of|for) [^,:]{3,90}|[A-Z][A-Za-z’' -]{2,60} (?:Council|Assembly|Commission|Board"
    r"|Committee|Conference|Forum)"
)
_BODY = f"{_NAMED_BODY}|{_OTHER_BODY}"


#: The months, as UN texts write dates (`22 October 2015`).
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

#: The words after a formula that open the numbered provisions below them: `Resolves that,
#: for 2026:` (a budget resolution's parts), `Decides that:`.
_CHAPEAU = r"(?:Resolves|Decides) that\b[^:]{0,200}:"
CHAPEAU_RE = re.compile(rf"^{_CHAPEAU}$")

#: The formula on its own line; with its chapeau on the same line too (`The General Assembly
#: Resolves that:`, as a Word file written from the text has it).
FORMULA_RE = re.compile(
    rf"^\s*The (?:(?:{_NAMED_BODY})\s*[,:\u2013\u2014-]?|(?:{_OTHER_BODY})\s*[,:\u2013\u2014-])"
    rf"\s*(?:{_CHAPEAU}\s*)?$"
)


#: A document symbol: A/RES/79/286, A/75/L.12, A/C.3/75/L.5, E/RES/2021/5, A/HRC/RES/47/1.
SYMBOL_RE = re.compile(r"\b[AES]/(?:[A-Z0-9][A-Za-z0-9.]*/)+[A-Za-z0-9.]*[A-Za-z0-9]")


#: The star mark printed right after a reissued document's symbol (`A/C.1/80/L.42*`), as a
#: PDF's text gives it, as Markdown escapes it (`\\*`) or as a Word file's note reference
#: marks it: the mark, once backslashes are dropped, calls the note on the reissue.
SYMBOL_MARK_RE = re.compile(rf"{FN_OPEN}?((?:\\?\*){{1,3}}){FN_CLOSE}?(?=\s|$)")


def symbol_mark_at(text: str, end: int) -> str:
    """The star mark printed right after the symbol that ends at `end` in `text`; empty when
    there is none."""
    found = SYMBOL_MARK_RE.match(text, end)
    return found.group(1).replace("\\", "") if found else ""


#: A line that is a document symbol and nothing else (`A/C.2/80/L.3`).
SYMBOL_LINE_RE = re.compile(rf"^\s*{SYMBOL_RE.pattern}\s*$")


JOB_RE = re.compile(r"\b\d{2}-\d{5}\b(?:\s*\([A-Z]\))?(?:\s+\d{6})?")


PAGE_RE = re.compile(r"\b\d{1,3}/\d{1,3}\b")


FURNITURE_LINE_RES = (
    SYMBOL_LINE_RE,
    re.compile(r"^\s*\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?\s*$"),
    re.compile(r"^\s*\*\d{7,8}\*\s*$"),
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$"),
    re.compile(r"^\s*\d{2}-\d{5}\s+\d{1,3}/\d{1,3}\s*$"),
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s+\d{2}-\d{5}\s*$"),
)


RESOLUTION_NUMBER_RE = re.compile(r"^\s*\d{1,3}/\d{1,4}\.\s+")


#: Lines of the front matter above the title. The session is named in a few words
#: (`Eightieth session`, `Tenth emergency special session`); a title may end with the word too
#: (`Report of the Commission on the work of its fifty-eighth session`).
FRONT_HEADING_RE = re.compile(
    r"^\s*(?:\[.*\]|draft resolution\b.*|resolution adopted by\b.*|revised draft resolution\b.*"
    r"|distr\.:.*|agenda item\b.*|(?:\S+\s+){0,3}session\s*$|united nations\s*$"
    r"|general assembly\s*$)",
    re.IGNORECASE,
)


#: The rule over a page's notes: a row of underscores as the UN's PDFs print it, or of hyphens
#: as converters write a rule (`---`).
SEPARATOR_RE = re.compile(r"^\s*(?:_{5,}|-{3,})\s*$")
#: ...left by a converter at the end of the line before it (`at the national, regional and
#: international ---`, the paragraph running on after the page's notes).
TRAILING_SEPARATOR_RE = re.compile(r"\s+-{3,}\s*$")


_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"


NUMBER_ONLY_RE = re.compile(
    rf"^\s*(?:\d{{1,4}}(?:\s+(?:{_SUFFIXES}))?\.|\([a-z]{{1,5}}\)|[IVXLC]{{1,6}}\.?)\s*$"
)


#: A numbered paragraph's opening: `5.`, `5 bis.`, a programme of work's `Item 5.`.
NUMBERED_RE = re.compile(rf"^(?:{ITEM_WORD}\s+)?(\d{{1,4}})(?:\s+({_SUFFIXES}))?\.(?:\s+|$)")
#: A paragraph's number printed without its full stop (`25` / `Condemns ...`).
UNPUNCTUATED_NUMBER_RE = re.compile(rf"^(\d{{1,3}})(?:\s+({_SUFFIXES}))?\s+(?=[A-Z])")


SUB_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)(?:\s+|$)")


#: Negotiation texts often print the paragraph's label in front: `PP3 Recalling`, `OP5 bis.`.
LABEL_PREFIX_RE = re.compile(
    rf"^(?:\*\*)?(PP|OP)\s?(\d{{1,4}})(?:\s+({_SUFFIXES}))?(?:\*\*)?[.:)]?(?:\*\*)?\s+"
)


#: The label the app's own export "with PP/OP labels" prints in bold before each top-level
#: paragraph (`[PP3] Recalling`, `[Annex 2] We`, `[Annex I.1]`, `[IV OP3]` where numbering
#: restarts in a section, `[OP (a)]`, `[OP5 (2)]` for a label repeated), after the number Word
#: prints when it numbers the paragraph itself (`1. [OP1] Decides`). Only labels of these
#: shapes are the app's: a bracketed passage of a negotiated text holds words (`[Welcoming]`).
_APP_LABEL = (
    rf"(?:[A-Z0-9]{{1,6}}(?:\.[A-Z0-9]{{1,6}})* )?"
    rf"(?:(?:PP|OP|{ITEM_WORD} )\d{{1,4}}(?: (?:{_SUFFIXES}))?|OP \([a-z]{{1,6}}\)"
    rf"|Annex(?: [IVXLC]{{1,6}})?(?:[ .]\d{{1,4}}(?: (?:{_SUFFIXES}))?)?"
    rf"|(?:Article|Rule) [0-9IVXLC]{{1,6}})"
)
APP_LABEL_RE = re.compile(
    rf"^(?P<number>(?:(?:{ITEM_WORD}\s+)?\d{{1,4}}(?:\s+(?:{_SUFFIXES}))?\.|\([a-z]{{1,6}}\))\s+)?"
    rf"\[(?P<label>(?:{_APP_LABEL})(?: \(\d{{1,3}}\))?)\]\s+"
)


STARTS_NUMBERED_RE = re.compile(
    rf"^\s*(?:[-•*]\s+)?(?:(?:{ITEM_WORD}\s+)?\d{{1,4}}(?:\s+(?:{_SUFFIXES}))?\.(?:\s|$)"
    rf"|\([a-z]{{1,6}}\)(?:\s|$)"
    rf"|(?:\*\*)?(?:PP|OP)\s?\d{{1,4}}\b|[IVXLC]{{1,6}}\.?\s*$)"
)


#: The meeting's line (`56th plenary meeting`, `54th (resumed) plenary meeting`, and once
#: `54th resumed plenary meeting`, without brackets: A/RES/76/242).
BACK_RE = re.compile(
    r"^\s*\d{1,3}(?:st|nd|rd|th)\s+(?:\(?resumed\)?\s+)?plenary meeting\b", re.IGNORECASE
)
#: The date alone where the meeting's line stands (`13 April 2020`): a resolution adopted
#: without a meeting, under the silence procedure of 2020.
LONE_DATE_RE = re.compile(
    r"^\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{4}\s*$"
)
#: A section's number or a part's letter on a line of its own, over its title (`I`, `B`).
SECTION_NUMBER_ONLY_RE = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-H])\.?\s*$")


ANNEX_RE = re.compile(r"^\s*(?:Annex|ANNEX)(?:\s+(?:[IVX]+|\d+))?\s*\.?\s*$")
#: The annex's heading and its title on one line (`Annex Awaza Political Declaration`), as
#: Markdown converted from a PDF may join them.
ANNEX_TITLED_RE = re.compile(
    r"^\s*(?:Annex|ANNEX)(?:\s+(?:[IVX]+|\d{1,2})(?=\s))?\s+([A-Z0-9][^.;:]*)$"
)


#: What a paragraph ends with; a question put to a court ends with its question mark.
_TERMINAL = ",;:.?"


_LEADING_ADVERBS = {
    "also", "further", "again", "once", "moreover", "furthermore", "strongly", "deeply",
    "gravely", "seriously", "firmly", "urgently", "fully", "profoundly", "greatly", "equally",
    "likewise", "still", "particularly", "extremely", "most", "very",
}  # fmt: skip
#: Words ending in -ly that are no adverb of manner opening a paragraph (`Only`, `Early
#: warning`, `Monthly reports`): any other such word is one (`Unequivocally condemning`,
#: `Warmly congratulates`), as `_OPENER_RE` and `_OPERATIVE_OPENING_RE` read it.
_NOT_LEADING_ADVERBS = {
    "only", "early", "assembly", "family", "italy", "july", "supply", "reply", "apply",
    "daily", "weekly", "monthly", "quarterly", "yearly", "elderly", "holy", "ally", "rally",
    "friendly", "likely", "unlikely",
}  # fmt: skip


def _leading_adverb(word: str) -> bool:
    """Whether a paragraph's first word is an adverb before its opening verb or participle
    (`Further`, `Strongly`, `Unequivocally`)."""
    lower = word.lower()
    if lower in _LEADING_ADVERBS:
        return True
    return lower.endswith("ly") and lower.isalpha() and lower not in _NOT_LEADING_ADVERBS


_TRAILING_ADVERBS = {"also", "further", "again", "moreover", "furthermore", "once", "therefore"}


NOT_OPENERS = {
    "the", "a", "an", "in", "on", "at", "for", "to", "by", "with", "of", "this", "that",
    "these", "those", "it", "its", "we", "our", "they", "their", "all", "each", "every", "such",
    "any", "member", "states", "united", "general", "as", "if", "when", "while", "where", "and",
    "or", "no", "not", "there", "he", "she", "his", "her", "i", "ii", "iii", "annex", "chapter",
    "section", "part", "article", "paragraph", "secretary-general", "president", "governments",
    "state", "countries", "one", "two", "three", "both", "many", "some", "most", "other",
}  # fmt: skip


_PREAMBLE_ADJECTIVES = {
    "mindful", "aware", "conscious", "cognizant", "convinced", "determined", "guided",
    "alarmed", "concerned", "desirous", "anxious", "confident", "resolved", "acknowledging",
    "bearing", "having", "deeply", "gravely", "seriously", "emphasizing", "underlining",
    "stressing", "recognizing", "noting", "taking", "welcoming", "recalling", "reaffirming",
    "expressing", "considering", "affirming", "appreciating", "commending", "encouraging",
    "reiterating", "acting", "regretting", "deploring", "condemning", "observing", "believing",
    "fully", "further", "also", "firmly", "strongly", "profoundly", "sharing", "unable",
    "keen", "committed", "grateful", "pleased", "satisfied", "appalled", "shocked", "dismayed",
    "encouraged", "heartened", "disappointed", "disturbed", "troubled", "outraged", "saddened",
    "seized", "ever",
}  # fmt: skip


_WITH_OBJECTS = {"appreciation", "concern", "satisfaction", "interest", "regret", "alarm"}


_WITH_ADJECTIVES = {"deep", "great", "grave", "serious", "particular", "profound", "deepest"}


#: A line's first word (a short prefix may join it: `Re-emphasizing`), and the word after an
#: adverb that opens it (`Unequivocally condemning`, `Deeply Concerned`).
_OPENER_RE = re.compile(
    r"^\s*(?P<first>[A-Z][a-z]?-[a-z]+|[A-Z][a-z]+)\b(?:(?<=ly)\s+(?P<next>[A-Za-z][a-z]+)\b)?"
)


#: After a paragraph's opening word, a capitalised word past a comma or `and`: the nouns of a
#: name listed on (`Stockpiling and Use of Chemical Weapons`), where a paragraph goes on in
#: lower case (`Noting, in this regard,`, `Recognizing and welcoming`).
_NAMES_LISTED_RE = re.compile(r"(?:,|\s+(?:and|or))\s+[A-Z]")
#: After a paragraph's opening word, capitalised words up to a colon: a work's title with its
#: subtitle (`Securing Our Common Future: An Agenda for Disarmament`), where a paragraph goes
#: on in lower case before long (`Recalling General Assembly resolution 70/1`).
_TITLE_GOES_ON_RE = re.compile(
    r"(?:\s+[A-Z][\w’'-]*)+(?:\s+(?:[A-Z][\w’'-]*|of|the|for|and|on|in|to|a|an|at|by))*:"
)


#: A heading that opens with an -ing word has at most this many words (`Sentencing`,
#: `Peacebuilding financing`); a longer text that opens so and lacks its closing comma is a
#: preambular paragraph cut short.
SHORT_HEADING_WORDS = 6


def looks_like_opener(text: str) -> bool:
    """Whether a line starts like a preambular paragraph (`Recalling`, `Deeply concerned`);
    not a line that goes on listing a name's nouns (`Stockpiling, Production and Transfer of
    Anti-Personnel Mines`, wrapped from the line before) or a title's words (`Securing Our
    Common Future: An Agenda for Disarmament`)."""
    match = _OPENER_RE.match(text)
    if (
        not match
        or _NAMES_LISTED_RE.match(text, match.end())
        or _TITLE_GOES_ON_RE.match(text, match.end())
    ):
        return False
    return any(
        word and (word.lower().endswith("ing") or word.lower() in _PREAMBLE_ADJECTIVES)
        for word in (match["first"], match["next"])
    )


def last_character(text: str) -> str:
    """The character text ends with, footnote marks, quotes and closing brackets aside."""
    return text.rstrip().rstrip(FN_CLOSE + "0123456789" + FN_OPEN + "”’\"') ")[-1:]


def ends_terminal(text: str) -> bool:
    """Whether text ends a paragraph: `,`, `;`, `:`, `.` or `?`, footnote marks and quotes
    aside."""
    last = last_character(text)
    return bool(last) and last in _TERMINAL


#: A line ending in one of these (or in a letter or digit) leaves its sentence open.
RUNS_ON = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,")


#: Verbs that most often open an operative paragraph, as a declaration writes them
#: (`Reaffirm`, `Recognize that`) and a resolution does (`Decides`): by them an annex shows
#: that its numbered paragraphs open as operative ones do.
_OPERATIVE_VERBS = {
    "acknowledge", "adopt", "affirm", "agree", "aim", "appeal", "applaud", "appreciate",
    "approve", "ask", "authorize", "call", "commend", "commit", "condemn", "confirm",
    "consider", "continue", "declare", "decide", "demand", "deplore", "designate",
    "determine", "direct", "emphasize", "encourage", "endorse", "ensure", "establish",
    "express", "highlight", "instruct", "intend", "invite", "launch", "look", "note",
    "pledge", "proclaim", "promote", "reaffirm", "recall", "recognize", "recommend",
    "regret", "reiterate", "reject", "remain", "renew", "request", "resolve", "share",
    "strengthen", "stress", "strive", "support", "take", "underline", "underscore",
    "undertake", "urge", "welcome",
}  # fmt: skip


def opens_with_operative_verb(text: str) -> bool:
    """Whether text opens with an operative verb, after any adverb (`Further reaffirm`,
    `Strongly condemns`), in either form (`Reaffirm`, `Reaffirms`)."""
    words = re.findall(r"[A-Za-z]+", text[:80].lower())
    while words and _leading_adverb(words[0]):
        words.pop(0)
    if not words:
        return False
    verb = words[0]
    stems = {
        verb,
        verb[:-1] if verb.endswith("s") else verb,
        verb[:-2] if verb.endswith("es") else verb,
    }
    return bool(stems & _OPERATIVE_VERBS)


#: A word that may open a paragraph in italics: letters only, or after a short prefix and its
#: hyphen (`Re-emphasizes`, `Co-sponsoring`), as `_OPENER_RE` reads a line's first word.
_OPENING_WORD_RE = re.compile(r"[A-Za-z][a-z]?-[a-z]+|[A-Za-z]+")


def derive_emphasis(text: str, kind: Kind) -> tuple[Emphasis, ...]:
    """The italic opening words a UN text would print: `Recalling also`, `Once again urges`."""
    tokens = [
        (m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z-]*|\S", text[:160])
    ]
    if not tokens or not tokens[0][0][:1].isupper():
        return ()
    i = 0
    while i < len(tokens) - 1 and _leading_adverb(tokens[i][0]):
        i += 1
    head = tokens[i][0]
    lower = head.lower()
    if (
        not _OPENING_WORD_RE.fullmatch(head)
        or lower in NOT_OPENERS
        or (i == 0 and not head[0].isupper())
    ):
        return ()
    if kind is Kind.PREAMBULAR and not (
        lower.endswith(("ing", "ed")) or lower in _PREAMBLE_ADJECTIVES
    ):
        return ()
    if kind is Kind.OPERATIVE and not (lower.endswith("s") or lower in _OPERATIVE_VERBS):
        # An operative paragraph opens with its verb (`Decides`, `Calls upon`); an item of a
        # programme or an agenda numbered as one opens with a noun (`Information and
        # communications technologies ...`, `Macroeconomic policy questions:`), printed upright.
        return ()
    end = tokens[i][2]
    j = i + 1

    def word(k: int) -> str:
        return tokens[k][0].lower() if k < len(tokens) else ""

    if lower == "having" and word(j).isalpha():
        end, j = tokens[j][2], j + 1
    while word(j) in _TRAILING_ADVERBS or (word(j) == "again" and word(j - 1) == "once"):
        end, j = tokens[j][2], j + 1
    if lower in {"taking", "takes", "take", "took"} and word(j) == "note":
        end, j = tokens[j][2], j + 1
        while word(j) in _TRAILING_ADVERBS:
            end, j = tokens[j][2], j + 1
    if lower in {"taking", "takes", "take"} and word(j) == "into" and word(j + 1) == "account":
        end, j = tokens[j + 1][2], j + 2
    if lower in {"bearing", "bears", "bear"} and word(j) == "in" and word(j + 1) == "mind":
        end, j = tokens[j + 1][2], j + 2
    if lower in {"calls", "call", "calling"} and word(j) in {"upon", "on"}:
        end, j = tokens[j][2], j + 1
    if lower in {"looks", "look", "looking"} and word(j) == "forward" and word(j + 1) == "to":
        end, j = tokens[j + 1][2], j + 2
    if lower == "guided" and word(j) == "by":
        end, j = tokens[j][2], j + 1
    if word(j) == "with":
        k = j + 1
        if word(k) in _WITH_ADJECTIVES:
            k += 1
        if word(k) in _WITH_OBJECTS:
            end, j = tokens[k][2], k + 1
    return (Emphasis(tokens[0][1], end),)


#: A heading is short: the longest in the corpus has 112 characters.
HEADING_MAX_CHARS = 200
#: A numbered section may have a longer heading: the sections of a budget resolution name
#: their subjects in full (`III` / `Conditions of service and compensation for officials,
#: other than Secretariat officials, serving the General Assembly: ...`, 250 characters in
#: A/RES/80/243), a programme of action its areas (`B.` / `Scale up climate action and
#: support, including climate finance, in line with ...`, 204 in A/RES/78/317).
NUMBERED_HEADING_MAX_CHARS = 400


def is_heading_like(plain: str) -> bool:
    """Short and without closing punctuation: a heading, a title line or a list entry; not the
    cells of a table, mostly figures (`D-2 D-1 P-5 ... Total 1 – 3 4 1 1 – 1 11`)."""
    numbered = HEADING_NUMBER_RE.match(plain) is not None
    limit = NUMBERED_HEADING_MAX_CHARS if numbered else HEADING_MAX_CHARS
    # A numbered section may ask a question (`II. What do small island developing States
    # want?`, A/RES/78/317); a question without a number ends a paragraph.
    unended = not ends_terminal(plain) or (numbered and plain.rstrip().endswith("?"))
    return len(plain) < limit and unended and not _table_cells(plain)


#: A table's figures and the dashes of its empty cells (`1`, `278 735 200`, `–`, `12.5`).
_FIGURE_RE = re.compile(r"^[\d.,–—-]+$")
#: A dash alone: an empty cell.
_DASHES = ("–", "—", "-")
#: The fewest figures, and their least share of the words, by which a text is a table's cells.
_TABLE_FIGURES_AT_LEAST = 4
_TABLE_FIGURES_SHARE = 0.4


def is_table_cell(line: str) -> bool:
    """Whether a line holds one cell of a table and nothing else, as a PDF's text prints
    each cell (`1`, `278 735 200`, `12.5`, `–` for none): figures, or a dash alone."""
    words = line.split()
    return (
        bool(words)
        and all(_FIGURE_RE.match(word) for word in words)
        and (any(character.isdigit() for character in line) or line.strip() in _DASHES)
    )


def _table_cells(plain: str) -> bool:
    """Whether a text is mostly figures: a table's cells run together."""
    words = plain.split()
    figures = sum(1 for word in words if _FIGURE_RE.match(word))
    return figures >= _TABLE_FIGURES_AT_LEAST and figures >= _TABLE_FIGURES_SHARE * len(words)


#: An article's heading in a convention or statute (`Article 12`, `Article 12 bis`, once
#: `Article 13.`), a rule's in rules of procedure (`Rule 8`, `Rule 60 Intergovernmental
#: organizations ...`), or a guideline's, conclusion's or principle's in the texts of the
#: International Law Commission that a resolution annexes (`Guideline 9` / `Termination`):
#: its paragraphs number from 1.
ARTICLE_RE = re.compile(
    r"^\s*(Article|Rule|Guideline|Conclusion|Principle)\s+(\d{1,3}(?:\s+(?:bis|ter|quater))?)"
    r"\.?(?:\s+[A-Z][^.;:]*)?\s*$"
)
#: The words that close a convention's preamble, over its first chapter or article.
AGREED_RE = re.compile(r"^\s*Have agreed as follows\s*:")
#: The closing words of a convention, after its last article (`IN WITNESS WHEREOF, the
#: undersigned plenipotentiaries ... have signed this Convention.`, `DONE in a single
#: original, of which the Arabic, ... texts are equally authentic.`): no article's own.
TESTIMONIUM_RE = re.compile(r"^\s*(?:IN WITNESS WHEREOF|DONE (?:at|in)\b)")


#: A numbered section heading: `I. Global context`, `B. Evolution of the margin`.
HEADING_NUMBER_RE = re.compile(r"^([IVXLC]{1,6}|[A-Z])(?:\.\s+|(?<=[IVXLC])\s+(?=[A-Z]))(\S.*)$")


#: The letter of a part (`A`, `B`) alone on its line above the part's formula.
PART_LETTER_RE = re.compile(r"^\s*[A-H]\s*$")


#: A separator line between parts: `* * *`.
SEPARATOR_BLOCK_RE = re.compile(r"^[\s*]*\*[\s*]*$")


#: A formula run into the sentence: `The General Assembly, recalling ..., decides ...`.
FORMULA_START_RE = re.compile(rf"^\s*The (?:{_BODY})(?:\s*,\s*|\s+)(?=[a-z])")


def opens_operative(plain: str) -> bool:
    """Whether text opens like an operative paragraph: `Expresses`, `Also urges`, `Takes note`."""
    match = _OPERATIVE_OPENING_RE.match(plain)
    if match is None:
        return False
    verb = match.group(1) or match.group(2)
    return (
        not verb.endswith("ss")
        and verb.lower() not in NOT_OPENERS
        and bool(derive_emphasis(plain, Kind.OPERATIVE))
    )


#: An operative paragraph's verb, after an adverb that may open it in capitals (`Also
#: reaffirms`, `Further requests`, `Strongly condemns`), or opening it (`Expresses`).
_OPERATIVE_OPENING_RE = re.compile(
    r"^(?:(?:[A-Z][a-z]+ly|Also|Further)\s+([A-Za-z][a-z]+s)|([A-Z][a-z]+s))\b"
)
