"""WTForms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from tracker.config import MAX_PASTED_CHARACTERS, MAX_UPLOAD_BYTES
from tracker.models import Delegation, NegotiationStatus, Role
from tracker.services.meeting import MAX_HOLDER, MAX_PHRASE, MAX_TEXT
from tracker.text.read import SUPPORTED_EXTENSIONS
from tracker.text.typed import without_invalid_characters

#: What a browser's password manager may fill in: the person's own sign-in and password. A new
#: password is never filled with a saved one (the browser may offer to make one up), nor is
#: the address of an account the secretariat creates for someone else with its own.
SIGN_IN = {"autocomplete": "username"}
OWN_PASSWORD = {"autocomplete": "current-password"}
NEW_PASSWORD = {"autocomplete": "new-password"}
SOMEONE_ELSES_ADDRESS = {"autocomplete": "off"}


class TextArea(TextAreaField):
    """A text area whose line breaks arrive as "\n". Browsers send every line break of a text
    area as CR LF (HTML's form encoding); kept so, a proposal started from a paragraph with
    sub-paragraphs differed from it at every line break, and its word diff marked each."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            self.data = self.data.replace("\r\n", "\n").replace("\r", "\n")


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail address", validators=[DataRequired(), Length(max=254)], render_kw=SIGN_IN
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=200)], render_kw=OWN_PASSWORD
    )


class NewPasswordForm(FlaskForm):
    new = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=10, max=200)],
        render_kw=NEW_PASSWORD,
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", "The passwords differ.")],
        render_kw=NEW_PASSWORD,
    )


class PasswordForm(NewPasswordForm):
    current = PasswordField("Current password", validators=[DataRequired()], render_kw=OWN_PASSWORD)


class NegotiationForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    mandate = TextArea(
        "Mandate",
        validators=[Optional(), Length(max=5000)],
        description="What requested the text, e.g. “resolution 74/176, paragraph 5”.",
    )
    facilitators = TextArea(
        "Co-facilitators",
        validators=[Optional(), Length(max=2000)],
        description="E-mail addresses of their accounts, one per line.",
    )
    status = SelectField(
        "Status", choices=[(s.value, s.value.capitalize()) for s in NegotiationStatus]
    )


class UploadForm(FlaskForm):
    label = StringField(
        "Label",
        validators=[Optional(), Length(max=100)],
        description="Zero draft, Rev.1, Rev.2 … or a final label such as “Final text”.",
    )
    file = FileField(
        "File (.txt, .md, .docx or .pdf)",
        # The file picker offers the files the app reads; app.js says at once when the chosen
        # one is over the limit, rather than after sending it all.
        render_kw={"accept": ",".join(SUPPORTED_EXTENSIONS), "data-max-bytes": MAX_UPLOAD_BYTES},
    )
    text = TextArea(
        "… or paste the text",
        validators=[Optional(), Length(max=MAX_PASTED_CHARACTERS)],
        description=(
            "Text copied out of a PDF keeps neither its notes nor its layout: upload the PDF "
            "itself."
        ),
    )


#: The roles an account form offers, those given most often first. The form starts on none of
#: them: a new account is never an admin because nobody changed the first choice.
OFFERED_ROLES = (Role.DELEGATE, Role.FACILITATOR, Role.SECRETARIAT, Role.ADMIN)
ROLE_REQUIRED = "Choose the person's role."


class AccountForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        "E-mail address",
        validators=[DataRequired(), Length(max=254)],
        render_kw=SOMEONE_ELSES_ADDRESS,
    )
    role = SelectField("Role", choices=[], validators=[DataRequired(ROLE_REQUIRED)])
    delegation = SelectField("Delegation (delegates only)", choices=[], validate_choice=False)
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(), Length(min=10, max=200)],
        render_kw=NEW_PASSWORD,
    )


def offer_account_choices(
    form: AccountForm | InviteForm, states: list[Delegation], *, is_admin: bool
) -> None:
    """Offer the States a delegate may belong to, and the roles the person filling the form
    may give: only admins give secretariat and admin accounts."""
    form.delegation.choices = [("", "—"), *((state.code, state.name) for state in states)]
    given = OFFERED_ROLES if is_admin else (Role.DELEGATE, Role.FACILITATOR)
    form.role.choices = [("", "Choose a role"), *((r.value, r.value.capitalize()) for r in given)]


def account_fields(form: AccountForm | InviteForm) -> dict[str, Any]:
    """The person's details from an account form, as the account services take them."""
    return {
        "email": form.email.data or "",
        "name": form.name.data or "",
        "role": form.role.data or "",
        "delegation_code": form.delegation.data or None,
    }


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons."""


class CorrectLineageForm(FlaskForm):
    how = SelectField(
        "This paragraph",
        choices=[
            ("continues", "continues"),
            ("split", "is a part split off"),
            ("merge", "also takes in (merged into it)"),
        ],
        default="continues",
    )
    continues = SelectField("Paragraph of the previous revision", choices=[], validate_choice=False)
    replace_earlier = BooleanField("Replace an earlier correction that this one would undo")


class InviteForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        "E-mail address",
        validators=[DataRequired(), Length(max=254)],
        render_kw=SOMEONE_ELSES_ADDRESS,
    )
    role = SelectField("Role", choices=[], validators=[DataRequired(ROLE_REQUIRED)])
    delegation = SelectField("Delegation (delegates only)", choices=[], validate_choice=False)


class ImportForm(FlaskForm):
    file = FileField("List (.csv or .xlsx): name, e-mail, delegation, role")


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "E-mail address", validators=[DataRequired(), Length(max=254)], render_kw=SIGN_IN
    )


class MailPreferenceForm(FlaskForm):
    mode = SelectField(
        "E-mail about this negotiation",
        choices=[("every", "Every event"), ("digest", "A daily digest"), ("none", "None")],
    )
    attach_docx = BooleanField("Attach the clean .docx to circulation letters")


class GroupSpeakerForm(FlaskForm):
    group = SelectField("Group", choices=[], validate_choice=False)
    #: States in the order of the United Nations' list; the service checks membership.
    delegation = SelectField(
        "Delegation",
        choices=[],
        validate_choice=False,
        validators=[DataRequired(message="Choose the delegation that speaks for the group.")],
        description="A member of the group, who speaks for it in this negotiation.",
    )
    capacity = SelectField(
        "As", choices=[("chair", "Chair or coordinator"), ("alternate", "Alternate")]
    )


class LibraryImportForm(FlaskForm):
    files = MultipleFileField(
        "Adopted texts (.pdf, .docx, .txt or .md)",
        description="One or many adopted resolutions or decisions; drafts (an L. symbol, "
        "sponsors) are refused. The symbol is read from front matter, else the text, else the "
        "file name (A_RES_80_20.pdf).",
    )
    replace = BooleanField(
        "Replace texts with other wording",
        description="A text whose symbol is already in the library replaces it when the "
        "wording is the same; with other wording, only when this is chosen.",
    )


# Consultations ----------------------------------------------------------------------------
# The pages write these forms' inputs themselves; the services check the values and say what
# is wrong, so the fields carry no validators of their own.


def submitted_values(form: FlaskForm) -> dict[str, Any]:
    """The fields the person sent, as sent, to show the form again after a refusal: text
    without the characters no text here may hold (the refusal named them and where)."""
    return {
        name: without_invalid_characters(field.data) if isinstance(field.data, str) else field.data
        for name, field in form._fields.items()
        if field.raw_data
    }


class RoundForm(FlaskForm):
    title = StringField("Title", default="")
    revision_id = StringField("Text discussed", default="")
    day = StringField("Date", default="")
    starts = StringField("Starts", default="")
    ends = StringField("Ends", default="")
    venue = StringField("Venue", default="")
    virtual_link = StringField("Virtual meeting link", default="")
    deadline_day = StringField("Comment deadline: date", default="")
    deadline_time = StringField("Comment deadline: time", default="")
    #: The round's version (its calendar sequence) the edit form was opened on.
    version = StringField("Version", default="")
    #: The round's values the edit form was opened with (JSON): after a conflict, what
    #: someone else changed is told apart from what the person typed.
    seen = StringField("Values when opened", default="")


class ReturnForm(FlaskForm):
    """A form that acts and returns to the page it was sent from (`next`)."""

    next = StringField("Back to")


class SpeakerForm(ReturnForm):
    """Join or leave a comment, for one's delegation or a group it speaks for."""

    on_behalf_of = StringField("On behalf of")


class CommentForm(SpeakerForm):
    paragraph_id = StringField("Paragraph", default="")
    kind = StringField("Kind", default="")
    body = TextArea("Comment", default="")
    proposed_text = TextArea("Proposed text")
    visibility = StringField("Visible to", default="all")
    #: One-time key of the form: a resubmission finds the comment already stored.
    submission_key = StringField("Form key")
    #: The room's wording the proposal started from, while a meeting was live on the paragraph.
    room_text = TextArea("Wording in the room")
    #: The app's seal of that wording (`meeting.room_seal`): a wording not given by the app is
    #: refused.
    room_seal = StringField("Seal of the wording in the room", default="")


class CommentEditForm(FlaskForm):
    body = TextArea("Comment", default="")
    proposed_text = TextArea("Proposed text")
    version = StringField("Version")


class ReplyForm(FlaskForm):
    body = TextArea("Reply", default="")
    on_behalf_of = StringField("On behalf of")


class TriageForm(ReturnForm):
    status = StringField("Decision", default="")
    reply = TextArea("Reply to the delegation", default="")
    version = StringField("Version")


class ParagraphStateForm(ReturnForm):
    status = StringField("Status", default="")


# Silence procedure ------------------------------------------------------------------------


class SilenceForm(FlaskForm):
    revision_id = StringField("Text", default="")
    deadline_day = StringField("Deadline: date", default="")
    deadline_time = StringField("Deadline: time", default="")


class SilenceExtensionForm(FlaskForm):
    deadline_day = StringField("New deadline: date", default="")
    deadline_time = StringField("New deadline: time", default="")


class LiftObjectionForm(FlaskForm):
    lift_note = TextArea("Note", default="")


class SilenceBreakForm(FlaskForm):
    statement = TextArea("Statement", default="")
    on_behalf_of = StringField("On behalf of", default="")
    paragraph_ids = SelectMultipleField("Paragraphs", choices=[], validate_choice=False)


class SilenceOutcomeForm(FlaskForm):
    outcome = StringField("Outcome", default="")
    note = TextArea("Note", default="")


# Small POST buttons ------------------------------------------------------------------------


class AccountActiveForm(FlaskForm):
    active = StringField("Active")


class WithdrawSpeakerForm(FlaskForm):
    group = StringField("Group", default="")
    delegation = StringField("Delegation", default="")


class HideCommentForm(ReturnForm):
    """Hide an abusive comment from the delegations ("1") or show it again."""

    hidden = StringField("Hidden", default="")


class SuspendWritingForm(ReturnForm):
    """Suspend an account's writing in a negotiation, with the reason recorded."""

    reason = TextArea("Reason", default="")


class ConfirmForm(FlaskForm):
    """The second step of a grave action: only the page that says what will happen posts
    `confirmed=yes` (render it as `form.confirmed(value="yes")`); a bare button press does not."""

    confirmed = HiddenField()


class PreviewPairingForm(FlaskForm):
    new_label = SelectField("Paragraph of the preview", choices=[], validate_choice=False)
    continues = SelectField("continues", choices=[], validate_choice=False)


class WithdrawRevisionForm(ConfirmForm):
    reason = TextArea(
        "Why it is withdrawn",
        validators=[DataRequired(), Length(max=2000)],
        description="Delegations read this in the correction sent to everyone notified.",
    )


class BracketForm(FlaskForm):
    path = SelectField("Paragraph", choices=[], validate_choice=False)
    phrase = StringField(
        "Words to put in brackets",
        validators=[DataRequired(), Length(max=2000)],
        description="Exactly as they stand in the paragraph; the first occurrence is bracketed.",
    )
    holder = StringField(
        "Held by (optional)",
        validators=[Optional(), Length(max=100)],
        description="The delegation or group holding the bracket, e.g. EU or G-77.",
    )


class AlternativeForm(FlaskForm):
    path = SelectField("Paragraph", choices=[], validate_choice=False)
    wording = TextArea("Alternative wording", validators=[DataRequired(), Length(max=20_000)])


# Meetings ---------------------------------------------------------------------------------
# The lengths are the meeting service's own, so a form refuses what the service would.
# A meeting's forms name the paragraph by its key in the working text (`p7`) and send back
# the version they were shown, so a change made on an older text is refused, not lost.


class MeetingForm(ReturnForm):
    """A change to the paragraph `key` of a meeting's working text."""

    key = StringField("Paragraph", validators=[DataRequired(), Length(max=20)])
    version = StringField("Version", default="")


class MeetingFocusForm(ReturnForm):
    """Choose the paragraph under discussion: by key, or the next or previous one."""

    key = StringField("Paragraph", validators=[Optional(), Length(max=20)])
    step = StringField("Step", validators=[Optional(), Length(max=10)])


class MeetingEditForm(MeetingForm):
    text = TextArea("Text", validators=[DataRequired(), Length(max=MAX_TEXT)])


class MeetingInsertForm(ReturnForm):
    after_key = StringField("After", validators=[DataRequired(), Length(max=20)])
    kind = StringField("Kind", validators=[Optional(), Length(max=20)])
    text = TextArea("New paragraph", validators=[DataRequired(), Length(max=MAX_TEXT)])


class MeetingMoveForm(MeetingForm):
    #: Empty: first among its siblings.
    after_key = StringField("Move after", validators=[Optional(), Length(max=20)])


# The ids keep the chair page's forms apart: they share field names.


class MeetingBracketForm(MeetingForm):
    phrase = StringField(
        "Words to put in brackets",
        id="bracket-phrase",
        validators=[DataRequired(), Length(max=MAX_PHRASE)],
        description="Exactly as they stand in the paragraph; the first occurrence is bracketed.",
    )
    holder = StringField(
        "Held by (optional)",
        id="bracket-holder",
        validators=[Optional(), Length(max=MAX_HOLDER)],
        description="The delegation or group holding the bracket, e.g. EU or G-77.",
    )


class MeetingAlternativeForm(MeetingForm):
    wording = TextArea(
        "Alternative wording",
        id="alternative-wording",
        validators=[DataRequired(), Length(max=MAX_PHRASE)],
    )
    holder = StringField(
        "Whose alternative (optional)",
        id="alternative-holder",
        validators=[Optional(), Length(max=MAX_HOLDER)],
        description="The delegation or group that proposes it.",
    )


class MeetingStatusForm(MeetingForm):
    status = StringField("Status", validators=[DataRequired(), Length(max=20)])


class ReadInForm(ReturnForm):
    comment_id = StringField("Proposal", validators=[DataRequired(), Length(max=12)])
