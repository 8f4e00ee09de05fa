"""The public callback form and the forms of the advisers and the office."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Length, Optional, ValidationError

from participation.core.errors import Invalid
from participation.core.forms import BaseForm, NotBlank, SubmissionField, positive_id, strip_filter
from participation.districts.models import District
from participation.extensions import db
from participation.partners.forms import CheckboxList
from participation.partners.models import PartnerOrganisation
from participation.volunteerphone import services
from participation.volunteerphone.services import (
    AGE_GROUP_LABELS,
    OUTCOME_LABELS,
    TOPIC_LABELS,
    WEEKDAY_LABELS,
    CallbackInput,
    ConversationInput,
)


def _districts(empty: str) -> list[tuple[str, str]]:
    rows = db.session.execute(select(District.code, District.name).order_by(District.code))
    return [("", empty)] + [(code, name) for code, name in rows]


class _Lenient(SelectField):
    """A select whose unknown values the service refuses next to the field."""

    def pre_validate(self, form):
        pass


class CallbackForm(BaseForm):
    first_name = StringField(
        _l("Vorname"),
        validators=[NotBlank(), Length(max=60, message=_l("Höchstens 60 Zeichen."))],
        filters=[strip_filter],
    )
    phone = StringField(
        _l("Telefonnummer"),
        description=_l("Eine deutsche Festnetz- oder Mobilnummer, z. B. 0511 1234567."),
        validators=[NotBlank(), Length(max=40, message=_l("Höchstens 40 Zeichen."))],
        filters=[strip_filter],
    )
    preferred_time = StringField(
        _l("Wann dürfen wir anrufen?"),
        description=_l("Zum Beispiel „vormittags“ oder „Dienstag ab 16 Uhr“ (freiwillig)."),
        validators=[Optional(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    topic = _Lenient(_l("Worum geht es?"), default="first_steps")
    district = _Lenient(_l("Stadtbezirk (freiwillig)"), validators=[Optional()])
    consent = BooleanField(
        _l(
            "Ich bin einverstanden, dass das Freiwilligentelefon mich unter dieser Nummer "
            "zurückruft. Vorname und Nummer werden danach gelöscht, spätestens nach der "
            "angegebenen Frist."
        )
    )
    submission = SubmissionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [(k, str(v)) for k, v in TOPIC_LABELS.items()]
        self.district.choices = _districts(str(_l("– keine Angabe –")))

    # Each field says its own problem at once (the service checks them again, one by one).
    def validate_phone(self, field):
        if field.data and not field.errors:
            try:
                services.normalise_phone(field.data)
            except Invalid as error:
                raise ValidationError(error.message) from None

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(_l("Bitte stimmen Sie dem Rückruf zu."))

    def callback(self) -> CallbackInput:
        return CallbackInput(
            first_name=self.first_name.data or "",
            phone=self.phone.data or "",
            preferred_time=self.preferred_time.data or "",
            topic=self.topic.data or "",
            district_code=self.district.data or "",
            consent=bool(self.consent.data),
            submission=self.submission.data,
        )


class SlotForm(BaseForm):
    weekday = _Lenient(_l("Wochentag"), default="0")
    starts = TimeField(_l("Beginn"), validators=[Optional()])
    ends = TimeField(_l("Ende"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekday.choices = [(str(i), str(label)) for i, label in enumerate(WEEKDAY_LABELS)]

    def weekday_number(self) -> int:
        value = self.weekday.data
        return int(value) if isinstance(value, str) and value.isdigit() and len(value) == 1 else -1


class ExceptionForm(BaseForm):
    """Prefixed: its fields share the page (and their ids) with the slot and duty forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ausnahme")
        super().__init__(*args, **kwargs)

    day = DateField(_l("Datum"), validators=[Optional()])
    starts = TimeField(_l("Beginn (leer: ganzer Tag geschlossen)"), validators=[Optional()])
    ends = TimeField(_l("Ende"), validators=[Optional()])
    note = StringField(
        _l("Hinweis"),
        description=_l("Zum Beispiel „Pfingstmontag“ (öffentlich sichtbar)."),
        validators=[Optional(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )


class AdviserForm(BaseForm):
    email = EmailField(
        _l("E-Mail-Adresse des Kontos"),
        validators=[NotBlank(), Length(max=254, message=_l("Höchstens 254 Zeichen."))],
        filters=[strip_filter],
    )
    organisation = _Lenient(_l("Organisation"), validators=[Optional()])
    show_name = BooleanField(_l("Die Person ist einverstanden, öffentlich genannt zu werden."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", str(_l("– keine (Mitarbeiter*in der Stadt) –")))] + [
            (str(i), name) for i, name in _active_organisations()
        ]


def _active_organisations():
    return db.session.execute(
        select(PartnerOrganisation.id, PartnerOrganisation.name)
        .where(PartnerOrganisation.status == "active")
        .order_by(PartnerOrganisation.name)
    ).all()


class DutyForm(BaseForm):
    adviser = _Lenient(_l("Beratende Person"))
    day = DateField(_l("Datum"), validators=[Optional()])
    starts = TimeField(_l("Beginn"), validators=[Optional()])
    ends = TimeField(_l("Ende"), validators=[Optional()])

    def __init__(self, *args, advisers=(), **kwargs):
        kwargs.setdefault("prefix", "dienst")
        super().__init__(*args, **kwargs)
        self.adviser.choices = [
            (str(a.id), a.user.pseudonym + (f" ({a.organisation.name})" if a.organisation else ""))
            for a in advisers
        ]


class AttemptForm(BaseForm):
    result = RadioField(_l("Ergebnis des Anrufs"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result.choices = [
            ("reached", str(_l("Erreicht"))),
            ("not_reached", str(_l("Nicht erreicht, später noch einmal versuchen"))),
            ("give_up", str(_l("Nicht erreicht, aufgeben"))),
        ]


class ConversationForm(BaseForm):
    topic = _Lenient(_l("Thema"))
    district = _Lenient(_l("Stadtbezirk"), validators=[Optional()])
    age_group = _Lenient(_l("Altersgruppe"), default="unknown")
    outcome = _Lenient(_l("Ergebnis"))
    organisations = CheckboxList(_l("Vermittelt an Organisationen"))
    referred_opportunities = TextAreaField(
        _l("Vermittelte Engagement-Angebote"),
        description=_l("Titel der Angebote, eines pro Zeile. Keine Namen oder Nummern."),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [(k, str(v)) for k, v in TOPIC_LABELS.items()]
        self.age_group.choices = [(k, str(v)) for k, v in AGE_GROUP_LABELS.items()]
        self.outcome.choices = [(k, str(v)) for k, v in OUTCOME_LABELS.items()]
        districts = db.session.execute(select(District.id, District.name).order_by(District.code))
        self.district.choices = [("", str(_l("– keine Angabe –")))] + [
            (str(i), name) for i, name in districts
        ]
        self.organisations.choices = [(str(i), name) for i, name in _active_organisations()]

    def conversation(self) -> ConversationInput:
        district = self.district.data or ""
        return ConversationInput(
            topic=self.topic.data or "",
            district_id=(positive_id(district) or -1) if district else None,
            age_group=self.age_group.data or "",
            outcome=self.outcome.data or "",
            organisation_ids=[positive_id(v) or -1 for v in self.organisations.data or []],
            referred_opportunities=self.referred_opportunities.data or "",
        )


__all__ = ["services"]
