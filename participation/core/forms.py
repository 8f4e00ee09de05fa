"""Form base class: every text field is checked for characters no field may hold."""

from __future__ import annotations

import functools
import re
import uuid

from babel import support
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import StopValidation

from participation.core.sanitize import clean_plain_text, has_forbidden_characters


@functools.cache
def _wtforms_messages(locale: str):
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class BaseForm(FlaskForm):
    """Rejects control characters and lone surrogates next to the field that holds them,
    and normalises what remains, so nothing below the form sees such input."""

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages in the page's language, read once per language and
            process (Flask-WTF reads the catalogue from disk for every request)."""
            locale = get_locale() if has_request_context() else None
            return None if locale is None else _wtforms_messages(str(locale))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field, StringField | TextAreaField) and isinstance(field.data, str):
                if has_forbidden_characters(field.data):
                    field.errors = [*field.errors, str(_l("Enthält unzulässige Steuerzeichen."))]
                    ok = False
                elif field.type != "PasswordField":
                    field.data = clean_plain_text(field.data)
        return ok


def positive_id(value) -> int | None:
    """A row id typed or chosen in a form, or None for anything that is not one (the
    service then refuses it next to its field)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def positive_ids(values) -> list[int]:
    """The ids of a group of checkboxes; a value that is no id becomes -1, which matches no
    row, so the service refuses the choice instead of quietly dropping it."""
    return [positive_id(value) or -1 for value in values or []]


def strip_filter(value):
    """Trim surrounding white space of text input."""
    return value.strip() if isinstance(value, str) else value


class NotBlank:
    """A required text that holds more than white space."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not (field.data or "").strip():
            # One message for an empty field: the length checks after it have nothing to add.
            raise StopValidation(self.message or _l("Bitte füllen Sie dieses Feld aus."))


def show_service_error(form, error) -> None:
    """Show a service's refusal (a DomainError) next to the field it concerns, or above the
    form when it concerns none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def submit_form(form, action, *, done, target: str):
    """The usual end of a form view: validate, call the service, then either flash `done`
    and redirect to `target` (303) or leave the refusal next to its field.

    Returns (response, None) on success and (None, status) for the re-shown form."""
    from flask import flash, redirect

    from participation.core.errors import DomainError

    if not form.validate_on_submit():
        return None, 422
    try:
        action()
    except DomainError as error:
        show_service_error(form, error)
        return None, error.status_code
    flash(str(done), "success")
    return redirect(target, 303), None


_SUBMISSION = re.compile(r"[0-9a-f]{32}")


def _new_submission() -> str:
    return uuid.uuid4().hex


def _submission_or_none(value):
    """Only a value this portal could have written counts; anything else is no key."""
    return value if isinstance(value, str) and _SUBMISSION.fullmatch(value) else None


class SubmissionField(HiddenField):
    """A random key written into a form when it is shown: the same form sent twice (a
    double click, a resent request) carries the same key, and the service keeps one
    record (see core.db.submission_key)."""

    def __init__(self, **kwargs):
        super().__init__(default=_new_submission, filters=[_submission_or_none], **kwargs)
