"""Forms of the account administration; they check shape, the services meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from participation.admin.services import BLOCK_CHOICES, REASON_MAX
from participation.core.forms import BaseForm, strip_filter

ROLE_CHOICES = [
    ("resident", _l("Einwohner*in")),
    ("district_manager", _l("Stadtbezirksmanagement")),
    ("coordinator", _l("Koordinierungsstelle")),
    ("partner_member", _l("Netzwerkpartner")),
    ("admin", _l("Administration")),
    ("council_member", _l("Ratsmitglied (Bezirksrat oder Rat der Stadt)")),
]

_reason = [
    InputRequired(message=_l("Bitte geben Sie eine Begründung an.")),
    Length(max=REASON_MAX, message=_l("Die Begründung ist zu lang.")),
]


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("E-Mail-Adresse oder öffentlicher Name"),
        validators=[Optional(), Length(max=100, message=_l("Der Suchbegriff ist zu lang."))],
        filters=[strip_filter],
    )


class GrantRoleForm(BaseForm):
    """A role and its scope; the view fills in the districts and organisations."""

    role = SelectField(_l("Rolle"))
    district = SelectField(
        _l("Bezirk (Stadtbezirksmanagement; bei Ratsmitgliedern leer für den Rat der Stadt)"),
        validate_choice=False,
    )
    organisation = SelectField(_l("Organisation (nur Netzwerkpartner)"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = ROLE_CHOICES


class BlockForm(BaseForm):
    duration = SelectField(_l("Dauer"))
    reason = TextAreaField(
        _l("Begründung (geht an die Person)"), validators=_reason, filters=[strip_filter]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duration.choices = BLOCK_CHOICES


class ResetTwoFactorForm(BaseForm):
    reason = TextAreaField(
        _l("Wie haben Sie geprüft, dass die Anfrage von der Person kommt?"),
        validators=_reason,
        filters=[strip_filter],
    )


class AdminDeleteForm(BaseForm):
    delete_contributions = BooleanField(_l("Auch die Beiträge löschen"))
    reason = TextAreaField(
        _l("Anlass (zum Beispiel: Löschantrag per Brief vom …)"),
        validators=_reason,
        filters=[strip_filter],
    )
