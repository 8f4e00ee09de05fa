"""Forms of the network's partner pages: the directory filters, applying, the profile,
signing, invitations and the office's decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from participation.core.forms import BaseForm, NotBlank, positive_id, strip_filter
from participation.districts.services import list_action_fields, list_districts
from participation.partners.models import ORGANISATION_KINDS
from participation.partners.services import Profile

KIND_LABELS = {
    "welfare_association": _l("Wohlfahrtsverband"),
    "migrant_organisation": _l("Migrant*innenorganisation"),
    "self_help": _l("Selbsthilfe"),
    "municipal_office": _l("Städtische Einrichtung"),
    "initiative": _l("Initiative oder Verein"),
    "media": _l("Bürgermedien"),
    "other": _l("Andere"),
}
assert set(KIND_LABELS) == set(ORGANISATION_KINDS)
# One organisation's status, and the office's lists by status.
STATUS_LABELS = {
    "applied": _l("Bewerbung"),
    "active": _l("Aktiver Partner"),
    "declined": _l("Abgelehnt"),
    "left": _l("Ausgetreten"),
}
STATUS_LIST_LABELS = {
    "applied": _l("Bewerbungen"),
    "active": _l("Aktiv"),
    "declined": _l("Abgelehnt"),
    "left": _l("Ausgetreten"),
}


class CheckboxList(SelectMultipleField):
    """Several choices as a list of checkboxes (labelled, usable without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        pass  # unknown values are refused by the service, next to the field


class PartnerFilterForm(BaseForm):
    """Field names are the public query parameters of /netzwerk/partner."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)], filters=[strip_filter])
    art = SelectField(_l("Art der Organisation"), validators=[Optional()])
    bezirk = SelectField(_l("Stadtbezirk"), validators=[Optional()])
    handlungsfeld = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    siegel = BooleanField(_l("Nur mit Gütesiegel"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.art.choices = [("", _l("Alle Arten")), *KIND_LABELS.items()]
        self.bezirk.choices = [("", _l("Alle Bezirke"))] + [
            (d.code, f"{d.code} {d.name}") for d in list_districts()
        ]
        self.handlungsfeld.choices = [("", _l("Alle Handlungsfelder"))] + [
            (f.slug, f.name) for f in list_action_fields()
        ]

    def filters(self) -> dict:
        def value(field):
            return field.data if field.data and not field.errors else None

        return {
            "kind": value(self.art),
            "district_code": value(self.bezirk),
            "action_field_slug": value(self.handlungsfeld),
            "seal": bool(self.siegel.data),
            "query": value(self.q),
        }


class ProfileForm(BaseForm):
    name = StringField(
        _l("Name der Organisation"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    kind = SelectField(_l("Art der Organisation"), validators=[Optional()])
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l(
            "Was macht Ihre Organisation, für wen? Höchstens 5.000 Zeichen; einfache "
            "Formatierung wie **fett** und Listen ist möglich."
        ),
        validators=[Optional(), Length(max=5000, message=_l("Höchstens 5.000 Zeichen."))],
        filters=[strip_filter],
    )
    website = StringField(
        _l("Webseite"),
        description=_l("Beginnt mit https://"),
        validators=[Optional(), Length(max=300, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip_filter],
    )
    public_email = EmailField(
        _l("Öffentliche E-Mail-Adresse"),
        description=_l("Eine Adresse der Organisation, keine persönliche."),
        validators=[Optional(), Length(max=254, message=_l("Höchstens 254 Zeichen."))],
        filters=[strip_filter],
    )
    public_phone = TelField(
        _l("Telefon"),
        validators=[Optional(), Length(max=40, message=_l("Höchstens 40 Zeichen."))],
        filters=[strip_filter],
    )
    districts = CheckboxList(_l("Stadtbezirke, in denen Sie tätig sind"))
    action_fields = CheckboxList(_l("Handlungsfelder"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(KIND_LABELS.items())
        self.districts.choices = [(d.code, f"{d.code} {d.name}") for d in list_districts()]
        self.action_fields.choices = [(f.slug, f.name) for f in list_action_fields()]

    def profile(self) -> Profile:
        return Profile(
            name=self.name.data or "",
            kind=self.kind.data or "",
            description=self.description.data or "",
            website=self.website.data or "",
            public_email=self.public_email.data or "",
            public_phone=self.public_phone.data or "",
            district_codes=list(self.districts.data or []),
            action_field_slugs=list(self.action_fields.data or []),
        )

    @classmethod
    def of(cls, organisation):
        return cls(
            data={
                "name": organisation.name,
                "kind": organisation.kind,
                "description": organisation.description,
                "website": organisation.website,
                "public_email": organisation.public_email,
                "public_phone": organisation.public_phone,
                "districts": [d.code for d in organisation.districts],
                "action_fields": [f.slug for f in organisation.action_fields],
            }
        )


class SignatureFields:
    """Accepting the agreement: which version was read, who signs, and the tick."""

    version = HiddenField()
    signer_name = StringField(
        _l("Name der unterzeichnenden Person"),
        description=_l(
            "Sie unterzeichnen für die Organisation; der Name wird mit der Unterschrift "
            "gespeichert."
        ),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    accept = BooleanField(
        _l("Ich habe die Kooperationsvereinbarung gelesen und nehme sie für die Organisation an.")
    )

    def signed_version(self) -> int | None:
        try:
            return int(self.version.data or "")
        except ValueError:
            return None


class ApplyForm(SignatureFields, ProfileForm):
    pass


class SignForm(SignatureFields, BaseForm):
    pass


class EditProfileForm(ProfileForm):
    logo = FileField(_l("Logo"))
    remove_logo = BooleanField(_l("Logo entfernen"))


class InviteForm(BaseForm):
    email = EmailField(
        _l("E-Mail-Adresse des neuen Mitglieds"),
        validators=[NotBlank(), Length(max=254, message=_l("Höchstens 254 Zeichen."))],
        filters=[strip_filter],
    )


class ContactForm(BaseForm):
    member = SelectField(_l("Neue Kontaktperson"), validators=[Optional()])

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.member.choices = [("", _l("Bitte wählen"))] + [
            (str(m.id), m.pseudonym) for m in members
        ]

    def member_id(self) -> int | None:
        return positive_id(self.member.data)


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("Begründung"),
        description=_l("Die Kontaktperson der Organisation erhält sie per E-Mail."),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )


class SealForm(BaseForm):
    note = TextAreaField(
        _l("Anmerkung (öffentlich)"),
        description=_l("Wofür die Organisation das Gütesiegel erhält; höchstens 2.000 Zeichen."),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )


class AgreementForm(BaseForm):
    title = StringField(
        _l("Titel"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    text = TextAreaField(
        _l("Text der Vereinbarung"),
        description=_l(
            "50 bis 50.000 Zeichen; Überschriften (## Titel), Listen und **fett** sind "
            "möglich. Alle "
            "aktiven Partner werden gebeten, die neue Fassung zu unterzeichnen."
        ),
        validators=[Optional(), Length(max=50000, message=_l("Höchstens 50.000 Zeichen."))],
        filters=[strip_filter],
    )
