"""Forms of the fund: a call, an application, a report, a review, a decision."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from participation.core.clock import CITY_TIMEZONE
from participation.core.forms import BaseForm, NotBlank, positive_id, positive_ids, strip_filter
from participation.core.uploads import megabytes
from participation.fund.applications import ApplicationInput
from participation.fund.calls import CallInput
from participation.partners.forms import CheckboxList

_MAX = _l("Höchstens %(n)s Zeichen.")


def _length(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen."))


def _local(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=CITY_TIMEZONE) if value is not None else None


class CallForm(BaseForm):
    title = StringField(_l("Titel"), validators=[NotBlank(), _length(200)], filters=[strip_filter])
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l("Worum geht es, was wird gefördert? (Markdown)"),
        validators=[NotBlank(), _length(20_000)],
    )
    budget = StringField(
        _l("Budget in Euro"), validators=[NotBlank(), _length(20)], filters=[strip_filter]
    )
    maximum = StringField(
        _l("Höchstbetrag je Antrag in Euro"),
        validators=[NotBlank(), _length(20)],
        filters=[strip_filter],
    )
    deadline = DateTimeLocalField(
        _l("Bewerbungsschluss"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    criteria = TextAreaField(
        _l("Kriterien mit Gewicht"),
        description=_l("Ein Kriterium je Zeile: Name; Gewicht von 1 bis 5 (z. B. „Wirkung; 3“)."),
        validators=[NotBlank(), _length(3_000)],
    )
    score_scale = RadioField(_l("Bewertungsskala"), default="5", validators=[Optional()])
    seal_required = BooleanField(_l("Nur Organisationen mit Gütesiegel dürfen sich bewerben"))
    jurors = CheckboxList(_l("Jury"), coerce=str)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.jurors.choices = [(str(user.id), user.pseudonym) for user in candidates]
        self.score_scale.choices = [("5", _("0 bis 5 Punkte")), ("10", _("0 bis 10 Punkte"))]

    def call_input(self) -> CallInput:
        return CallInput(
            title=self.title.data or "",
            description=self.description.data or "",
            budget=self.budget.data or "",
            maximum=self.maximum.data or "",
            deadline=_local(self.deadline.data),
            criteria=self.criteria.data or "",
            seal_required=bool(self.seal_required.data),
            score_scale=10 if self.score_scale.data == "10" else 5,
            juror_ids=tuple(positive_ids(self.jurors.data)),
        )


def _document_fields(label):
    return (
        FileField(label),
        StringField(
            _l("Bezeichnung des Dokuments"),
            validators=[Optional(), _length(200)],
            filters=[strip_filter],
        ),
    )


def _describe(field) -> None:
    field.description = _(
        "Freiwillig. PDF, ODT oder DOCX, höchstens %(mb)s MB.",
        mb=megabytes(current_app.config["FUND_DOCUMENT_MAX_BYTES"]),
    )


class ApplicationForm(BaseForm):
    organisation = SelectField(_l("Organisation"), validators=[Optional()], coerce=str)
    title = StringField(
        _l("Titel des Projekts"), validators=[NotBlank(), _length(200)], filters=[strip_filter]
    )
    description = TextAreaField(
        _l("Beschreibung des Projekts"), validators=[NotBlank(), _length(10_000)]
    )
    recognition = TextAreaField(
        _l("Was bewirkt das Projekt für die Anerkennung Ehrenamtlicher?"),
        validators=[NotBlank(), _length(10_000)],
    )
    cost_plan = TextAreaField(
        _l("Kostenplan"),
        description=_l("Ein Posten je Zeile: Posten; Betrag in Euro (z. B. „Ehrenamtsfest; 450“)."),
        validators=[NotBlank(), _length(5_000)],
    )
    requested = StringField(
        _l("Beantragter Betrag in Euro"),
        validators=[NotBlank(), _length(20)],
        filters=[strip_filter],
    )
    document, document_title = _document_fields(_l("Anlage"))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.organisation
        else:
            self.organisation.choices = [(str(o.id), o.name) for o in organisations]
        _describe(self.document)

    @classmethod
    def of(cls, application) -> ApplicationForm:
        from participation.fund.money import euros

        plan = "\n".join(
            f"{row.item}; {euros(row.amount_cents).removesuffix(' €')}"
            for row in application.cost_items
        )
        return cls(
            formdata=None,
            data={
                "title": application.title,
                "description": application.description,
                "recognition": application.recognition,
                "cost_plan": plan,
                "requested": euros(application.requested_cents).removesuffix(" €"),
            },
        )

    def organisation_id(self) -> int | None:
        return positive_id(self.organisation.data) if hasattr(self, "organisation") else None

    def application_input(self) -> ApplicationInput:
        return ApplicationInput(
            title=self.title.data or "",
            description=self.description.data or "",
            recognition=self.recognition.data or "",
            cost_plan=self.cost_plan.data or "",
            requested=self.requested.data or "",
            document=self.document.data or None,
            document_title=self.document_title.data or "",
        )


class ReportForm(BaseForm):
    report = TextAreaField(
        _l("Kurzer Bericht über das Projekt"), validators=[NotBlank(), _length(10_000)]
    )
    document, document_title = _document_fields(_l("Beleg"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self.document)

    def document_input(self) -> ApplicationInput:
        return ApplicationInput(
            document=self.document.data or None, document_title=self.document_title.data or ""
        )


class DecisionForm(BaseForm):
    outcome = RadioField(_l("Entscheidung"), validators=[Optional()])
    amount = StringField(
        _l("Bewilligter Betrag in Euro"),
        validators=[Optional(), _length(20)],
        filters=[strip_filter],
    )
    conditions = TextAreaField(_l("Auflagen (freiwillig)"), validators=[Optional(), _length(5_000)])
    reason = TextAreaField(_l("Grund der Ablehnung"), validators=[Optional(), _length(5_000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("approve", _("Bewilligen")), ("decline", _("Ablehnen"))]


class ActionForm(BaseForm):
    """A button that changes a state (CSRF only)."""


def review_form(call, formdata=None) -> BaseForm:
    """A score field per criterion of the call (named k<criterion id>) and a comment."""
    choices = [("", _l("Bitte wählen"))] + [(str(n), str(n)) for n in range(call.score_scale + 1)]

    class ReviewForm(BaseForm):
        comment = TextAreaField(_l("Kommentar"), validators=[Optional(), _length(5_000)])

    for criterion in call.criteria:
        setattr(
            ReviewForm,
            f"k{criterion.id}",
            SelectField(
                _l("%(name)s (Gewicht %(weight)d)", name=criterion.name, weight=criterion.weight),
                validators=[Optional()],
            ),
        )
    form = ReviewForm(formdata=formdata) if formdata is not None else ReviewForm()
    for criterion in call.criteria:
        getattr(form, f"k{criterion.id}").choices = choices
    return form


def review_values(form, call) -> dict[int, int | None]:
    values: dict[int, int | None] = {}
    for criterion in call.criteria:
        raw = getattr(form, f"k{criterion.id}").data
        values[criterion.id] = int(raw) if isinstance(raw, str) and raw.isdigit() else None
    return values
