"""The opportunity form, the interest form and the organisation's answer forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from participation.core.forms import BaseForm, NotBlank, positive_id, strip_filter
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.volunteering.models import DECLINE_REASONS
from participation.volunteering.services import (
    DECLINE_LABELS,
    RHYTHM_LABELS,
    WEEKDAY_LABELS,
    OpportunityInput,
)


def _length(size: int, shown: str):
    return Length(max=size, message=_l("Höchstens %(num)s Zeichen.", num=shown))


class Weekdays(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OpportunityForm(BaseForm):
    title = StringField(
        _l("Titel"), validators=[NotBlank(), _length(200, "200")], filters=[strip_filter]
    )
    tasks = TextAreaField(
        _l("Aufgaben"),
        description=_l("20 bis 10.000 Zeichen; **fett**, Listen und Links sind möglich."),
        validators=[NotBlank(), _length(10000, "10.000")],
        filters=[strip_filter],
    )

    district = SelectField(_l("Stadtbezirk"), validate_choice=False)
    quarter = SelectField(_l("Stadtteil"), validate_choice=False)
    action_field = SelectField(_l("Handlungsfeld"), validate_choice=False)
    rhythm = RadioField(
        _l("Wie oft"),
        default="regular",
        validators=[Optional()],
        validate_choice=False,
    )
    hours = IntegerField(
        _l("Stunden"),
        description=_l("pro Woche (regelmäßig) oder pro Einsatz (einmalig)"),
        validators=[Optional(), NumberRange(1, 80, message=_l("Zwischen 1 und 80."))],
    )
    weekdays = Weekdays(_l("Wochentage"), validate_choice=False)
    times = StringField(
        _l("Tage und Zeiten"),
        description=_l("Zum Beispiel: dienstags 16 bis 18 Uhr"),
        validators=[Optional(), _length(300, "300")],
        filters=[strip_filter],
    )

    starts_on = DateField(_l("Beginn"), validators=[Optional()])
    ends_on = DateField(_l("Ende"), validators=[Optional()])
    volunteers_wanted = IntegerField(
        _l("Gesuchte Freiwillige"),
        default=1,
        validators=[NumberRange(1, 1000, message=_l("Zwischen 1 und 1.000."))],
    )
    skills = StringField(
        _l("Fähigkeiten"), validators=[Optional(), _length(500, "500")], filters=[strip_filter]
    )
    languages = StringField(
        _l("Sprachen"), validators=[Optional(), _length(200, "200")], filters=[strip_filter]
    )
    minimum_age = IntegerField(
        _l("Mindestalter"),
        validators=[Optional(), NumberRange(0, 99, message=_l("Zwischen 0 und 99."))],
    )
    accessibility = TextAreaField(
        _l("Barrierefreiheit"),
        validators=[Optional(), _length(2000, "2.000")],
        filters=[strip_filter],
    )

    for_newcomers = BooleanField(_l("Geeignet für Menschen, die neu in Hannover sind"))
    for_families = BooleanField(_l("Geeignet für Familien"))
    for_young_people = BooleanField(_l("Geeignet für junge Menschen"))
    contact_name = StringField(
        _l("Ansprechperson"),
        description=_l("Name wird öffentlich gezeigt, die E-Mail-Adresse nicht."),
        validators=[Optional(), _length(120, "120")],
        filters=[strip_filter],
    )

    contact_role = StringField(
        _l("Funktion der Ansprechperson"),
        validators=[Optional(), _length(120, "120")],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rhythm.choices = list(RHYTHM_LABELS.items())
        self.weekdays.choices = list(WEEKDAY_LABELS.items())
        self.district.choices = [("", _l("Stadtweit"))] + [
            (d.code, d.name) for d in db.session.scalars(select(District).order_by(District.code))
        ]
        self.quarter.choices = [("", _l("Ganzer Bezirk"))] + [
            (str(q.id), q.name) for q in db.session.scalars(select(Quarter).order_by(Quarter.name))
        ]
        self.action_field.choices = [("", _l("Kein bestimmtes"))] + [
            (f.slug, f.name)
            for f in db.session.scalars(select(ActionField).order_by(ActionField.position))
        ]

    def opportunity(self) -> OpportunityInput:
        return OpportunityInput(
            title=self.title.data or "",
            tasks=self.tasks.data or "",
            district_code=self.district.data or "",
            quarter_id=positive_id(self.quarter.data) if self.quarter.data else None,
            action_field_slug=self.action_field.data or "",
            rhythm=self.rhythm.data or "",
            hours=self.hours.data,
            times=self.times.data or "",
            weekdays="".join(d for d in (self.weekdays.data or [])[:7] if isinstance(d, str)),
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            volunteers_wanted=self.volunteers_wanted.data or 1,
            skills=self.skills.data or "",
            languages=self.languages.data or "",
            minimum_age=self.minimum_age.data,
            accessibility=self.accessibility.data or "",
            for_newcomers=bool(self.for_newcomers.data),
            for_families=bool(self.for_families.data),
            for_young_people=bool(self.for_young_people.data),
            contact_name=self.contact_name.data or "",
            contact_role=self.contact_role.data or "",
        )

    @classmethod
    def of(cls, opportunity) -> OpportunityForm:
        form = cls(
            data={
                "title": opportunity.title,
                "tasks": opportunity.tasks_markdown,
                "district": opportunity.district.code if opportunity.district else "",
                "quarter": str(opportunity.quarter_id or ""),
                "action_field": opportunity.action_field.slug if opportunity.action_field else "",
                "rhythm": opportunity.rhythm,
                "hours": opportunity.hours,
                "weekdays": list(opportunity.weekdays),
                "times": opportunity.times,
                "starts_on": opportunity.starts_on,
                "ends_on": opportunity.ends_on,
                "volunteers_wanted": opportunity.volunteers_wanted,
                "skills": opportunity.skills,
                "languages": opportunity.languages,
                "minimum_age": opportunity.minimum_age,
                "accessibility": opportunity.accessibility,
                "for_newcomers": opportunity.for_newcomers,
                "for_families": opportunity.for_families,
                "for_young_people": opportunity.for_young_people,
                "contact_name": opportunity.contact_name,
                "contact_role": opportunity.contact_role,
            }
        )
        return form


class InterestForm(BaseForm):
    message = TextAreaField(
        _l("Ihre Nachricht an die Organisation"),
        description=_l(
            "Freiwillig, höchstens 1.000 Zeichen: warum Sie Interesse haben, wann Sie Zeit haben."
        ),
        validators=[Optional(), _length(1000, "1.000")],
        filters=[strip_filter],
    )
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass die Organisation meinen Namen und meine "
            "E-Mail-Adresse erhält, um mit mir Kontakt aufzunehmen."
        )
    )


class DeclineForm(BaseForm):
    reason = RadioField(_l("Grund"), validate_choice=False, validators=[Optional()])
    note = TextAreaField(
        _l("Ein paar freundliche Worte (optional)"),
        validators=[Optional(), _length(1000, "1.000")],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [(code, DECLINE_LABELS[code]) for code in DECLINE_REASONS]
