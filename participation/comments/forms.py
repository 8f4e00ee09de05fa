"""The comment form (new comment, reply, edit)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from participation.core.forms import BaseForm, NotBlank, SubmissionField, strip_filter


class CommentForm(BaseForm):
    submission = SubmissionField()
    body = TextAreaField(
        _l("Ihr Kommentar"),
        description=_l("2 bis 3.000 Zeichen. Bitte beachten Sie die Netiquette."),
        validators=[NotBlank(), Length(min=2, max=3000)],
        filters=[strip_filter],
    )
    official = BooleanField(_l("Als offizieller Kommentar der Verwaltung veröffentlichen"))

    def __init__(self, *args, official_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not official_allowed:
            del self.official

    @property
    def is_official(self) -> bool:
        return "official" in self and bool(self.official.data)
