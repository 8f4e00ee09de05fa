"""The filters of /mitmachen (GET, bookmarkable): their names are the query parameters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from participation.core.forms import BaseForm
from participation.districts.services import list_action_fields, list_districts, list_quarters

_CHOICE_ERROR = _l("Diese Auswahl gibt es nicht. Bitte wählen Sie aus der Liste.")


class TakePartFilterForm(BaseForm):
    class Meta:
        csrf = False

    bezirk = SelectField(_l("Stadtbezirk"), validators=[Optional()])
    stadtteil = SelectField(_l("Stadtteil"), validators=[Optional()])
    handlungsfeld = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    zeit = SelectField(_l("Wann"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {d.code: d for d in list_districts()}
        self.quarters = {str(q.id): q for q in list_quarters()}
        self.action_fields = {f.slug: f for f in list_action_fields()}
        self.bezirk.choices = [("", _l("Alle Stadtbezirke"))] + [
            (code, f"{code} {d.name}") for code, d in self.districts.items()
        ]
        self.stadtteil.choices = [("", _l("Alle Stadtteile"))] + [
            (key, q.name) for key, q in self.quarters.items()
        ]
        self.handlungsfeld.choices = [("", _l("Alle Handlungsfelder"))] + [
            (slug, f.name) for slug, f in self.action_fields.items()
        ]
        self.zeit.choices = [
            ("", _l("Jederzeit")),
            ("woche", _l("Diese Woche")),
            ("monat", _l("Diesen Monat")),
            ("spaeter", _l("Später")),
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in (self.bezirk, self.stadtteil, self.handlungsfeld, self.zeit):
            if field.errors:
                field.errors = [_CHOICE_ERROR]
        quarter = self.chosen(self.stadtteil, self.quarters)
        district = self.chosen(self.bezirk, self.districts)
        if quarter is not None and district is not None and quarter.district_id != district.id:
            self.stadtteil.errors = [_l("Dieser Stadtteil liegt nicht im gewählten Stadtbezirk.")]
            ok = False
        return ok

    @staticmethod
    def chosen(field, options):
        return options.get(field.data) if field.data and not field.errors else None

    def filters(self, today):
        """The valid choices as Filters; a quarter brings its district along."""
        from participation.takepart.sections import Filters

        district = self.chosen(self.bezirk, self.districts)
        quarter = self.chosen(self.stadtteil, self.quarters)
        if quarter is not None and district is None:
            district = next(
                (d for d in self.districts.values() if d.id == quarter.district_id), None
            )
        return Filters(
            today=today,
            district=district,
            quarter=quarter,
            action_field=self.chosen(self.handlungsfeld, self.action_fields),
            when=self.zeit.data if self.zeit.data and not self.zeit.errors else "",
        )
