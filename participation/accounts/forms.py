"""Account forms; they validate shape, services validate meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from participation.accounts.names import PSEUDONYM_MAX, PSEUDONYM_MIN
from participation.accounts.passwords import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from participation.core.errors import Invalid
from participation.core.forms import BaseForm, strip_filter

_email_validators = [
    InputRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
    Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang.")),
    Email(
        message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), check_deliverability=False
    ),
]
_new_password_validators = [
    InputRequired(message=_l("Bitte wählen Sie ein Passwort.")),
    Length(
        min=PASSWORD_MIN_LENGTH,
        max=PASSWORD_MAX_LENGTH,
        message=_l(
            "Das Passwort muss %(min)s bis %(max)s Zeichen lang sein.",
            min=PASSWORD_MIN_LENGTH,
            max=PASSWORD_MAX_LENGTH,
        ),
    ),
]
_pseudonym_validators = [
    InputRequired(message=_l("Bitte wählen Sie einen öffentlichen Namen.")),
    Length(
        min=PSEUDONYM_MIN,
        max=PSEUDONYM_MAX,
        message=_l(
            "Der Name muss %(min)s bis %(max)s Zeichen lang sein.",
            min=PSEUDONYM_MIN,
            max=PSEUDONYM_MAX,
        ),
    ),
]


class RegistrationForm(BaseForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=_email_validators, filters=[strip_filter])
    pseudonym = StringField(
        _l("Öffentlicher Name (Pseudonym)"),
        validators=_pseudonym_validators,
        filters=[strip_filter],
        description=_l(
            "Unter diesem Namen erscheinen Ihre Beiträge. Ihr echter Name ist nicht nötig."
        ),
    )
    password = PasswordField(
        _l("Passwort"),
        validators=_new_password_validators,
        description=_l(
            "%(min)s bis %(max)s Zeichen. Ein Satz, den Sie sich merken können, ist ideal.",
            min=PASSWORD_MIN_LENGTH,
            max=PASSWORD_MAX_LENGTH,
        ),
    )
    accept_privacy = BooleanField(
        _l("Ich habe die Datenschutzerklärung gelesen und bin einverstanden."),
        validators=[InputRequired(message=_l("Bitte stimmen Sie der Datenschutzerklärung zu."))],
    )
    # Honeypot: hidden from people by CSS, named so that no browser autofills it.
    hp_note = StringField(_l("Bitte dieses Feld leer lassen"), validators=[Optional()])


class LoginForm(BaseForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=_email_validators, filters=[strip_filter])
    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihr Passwort ein.")),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
    )
    remember = BooleanField(_l("Angemeldet bleiben (30 Tage)"))
    next = HiddenField()


class ResetRequestForm(BaseForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=_email_validators, filters=[strip_filter])


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("Neues Passwort"), validators=_new_password_validators)


class ProfileForm(BaseForm):
    pseudonym = StringField(
        _l("Öffentlicher Name (Pseudonym)"),
        validators=_pseudonym_validators,
        filters=[strip_filter],
    )


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihr aktuelles Passwort ein.")),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
    )
    new_password = PasswordField(_l("Neues Passwort"), validators=_new_password_validators)


class EmailChangeForm(BaseForm):
    email = EmailField(
        _l("Neue E-Mail-Adresse"), validators=_email_validators, filters=[strip_filter]
    )
    current_password = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihr aktuelles Passwort ein.")),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
    )


class ConfirmForm(BaseForm):
    """A form with nothing but the CSRF token, for POST-only buttons."""


def require_confirmed() -> None:
    """Refuse a POST-only button whose form is incomplete (a 422 that says to reload)."""
    if not ConfirmForm().validate_on_submit():
        raise Invalid(str(_l("Das Formular ist unvollständig. Bitte laden Sie die Seite neu.")))


_code_validators = [
    InputRequired(message=_l("Bitte geben Sie den Code ein.")),
    Length(max=40, message=_l("Der Code ist zu lang.")),
]


class SecondFactorForm(BaseForm):
    """The sign-in's second step: a code from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=_code_validators,
        filters=[strip_filter],
        description=_l(
            "Der sechsstellige Code aus Ihrer Authenticator-App – oder einer Ihrer "
            "Wiederherstellungscodes, wenn Sie das Gerät nicht zur Hand haben."
        ),
    )


class ReauthForm(BaseForm):
    """Confirm who you are before a sensitive step."""

    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihr Passwort ein.")),
            Length(max=PASSWORD_MAX_LENGTH),
        ],
    )
    code = StringField(
        _l("Code der Zwei-Faktor-Anmeldung"),
        validators=[Optional(), Length(max=40, message=_l("Der Code ist zu lang."))],
        filters=[strip_filter],
        description=_l("Aus Ihrer Authenticator-App, oder ein Wiederherstellungscode."),
    )
    next = HiddenField()


class TotpConfirmForm(BaseForm):
    code = StringField(
        _l("Code aus der App"),
        validators=_code_validators,
        filters=[strip_filter],
        description=_l("Die sechs Ziffern, die Ihre App jetzt für das Beteiligungsportal zeigt."),
    )
