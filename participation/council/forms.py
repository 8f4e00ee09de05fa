"""Forms of the staff page that links council papers to a process."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, StringField
from wtforms.validators import Length, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter


class LinkForm(BaseForm):
    reference = StringField(
        _l("Drucksachen-Nummer"),
        description=_l("In der Form 1234/2026, wie sie im Ratsinformationssystem steht."),
        validators=[NotBlank(), Length(max=20)],
        filters=[strip_filter],
    )


class UnlinkForm(BaseForm):
    """Only the CSRF token: the document to remove is in the URL."""


class SearchForm(BaseForm):
    """A GET search over the local copy of the council's papers."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Nummer oder Titel"), validators=[Optional(), Length(max=100)], filters=[strip_filter]
    )
