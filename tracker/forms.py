"""WTForms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from tracker.models import NegotiationStatus, Role


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        "New password again", validators=[DataRequired(), EqualTo("new", "The passwords differ.")]
    )


class NegotiationForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    mandate = TextAreaField(
        "Mandate",
        validators=[Optional(), Length(max=5000)],
        description="What requested the text, e.g. “resolution 74/176, paragraph 5”.",
    )
    facilitators = TextAreaField(
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
    file = FileField("File (.txt, .md, .docx or .pdf)")
    text = TextAreaField("… or paste the text", validators=[Optional(), Length(max=2_000_000)])


class AccountForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=[(r.value, r.value.capitalize()) for r in Role])
    delegation = SelectField("Delegation (delegates only)", choices=[], validate_choice=False)
    password = PasswordField(
        "Initial password", validators=[DataRequired(), Length(min=10, max=200)]
    )


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
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=[(r.value, r.value.capitalize()) for r in Role])
    delegation = SelectField("Delegation (delegates only)", choices=[], validate_choice=False)


class ImportForm(FlaskForm):
    file = FileField("List (.csv or .xlsx): name, e-mail, delegation, role")


class NewPasswordForm(FlaskForm):
    new = PasswordField("New password", validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        "New password again", validators=[DataRequired(), EqualTo("new", "The passwords differ.")]
    )


class ResetRequestForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])


class MailPreferenceForm(FlaskForm):
    mode = SelectField(
        "E-mail about this negotiation",
        choices=[("every", "Every event"), ("digest", "A daily digest"), ("none", "None")],
    )
    attach_docx = BooleanField("Attach the clean .docx to circulation letters")


class GroupSpeakerForm(FlaskForm):
    group = SelectField("Group", choices=[], validate_choice=False)
    delegation = StringField(
        "Delegation (code)",
        validators=[DataRequired(), Length(max=16)],
        description="The member State that speaks for the group, e.g. EGY.",
    )
    capacity = SelectField(
        "As", choices=[("chair", "Chair or coordinator"), ("alternate", "Alternate")]
    )


class LibraryImportForm(FlaskForm):
    files = MultipleFileField(
        "Adopted texts (.pdf, .docx, .txt or .md)",
        description="One or many files. A text whose symbol is already in the library replaces "
        "it. The symbol is read from front matter, the file name (A_RES_80_20.pdf) or the text.",
    )


class ConfirmForm(FlaskForm):
    """The second step of a grave action: only the page that says what will happen posts
    `confirmed=yes` (render it as `form.confirmed(value="yes")`); a bare button press does not."""

    confirmed = HiddenField()


class PreviewPairingForm(FlaskForm):
    new_label = SelectField("Paragraph of the preview", choices=[], validate_choice=False)
    continues = SelectField("continues", choices=[], validate_choice=False)


class WithdrawRevisionForm(ConfirmForm):
    reason = TextAreaField(
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
    wording = TextAreaField("Alternative wording", validators=[DataRequired(), Length(max=20_000)])
