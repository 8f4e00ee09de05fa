"""Phone numbers, read with the phonenumbers library: one parser for every form that asks
for a number (the volunteer phone's callbacks, a company's contact in the marketplace)."""

from __future__ import annotations

import phonenumbers
from flask_babel import gettext as _

from participation.core.errors import Invalid


def parse(raw: str, *, field: str, region: str = "DE") -> phonenumbers.PhoneNumber:
    """A valid number (typed nationally for `region` or with +country code), or Invalid
    for `field` with a message a person can act on."""
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        raise Invalid(
            _("Das ist keine Telefonnummer. Bitte nur Ziffern, Leerzeichen, + - / ( )."),
            field=field,
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid(
            _("Diese Telefonnummer ist unvollständig oder ungültig. Bitte prüfen Sie sie."),
            field=field,
        )
    return number


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(stored: str | None, region: str = "DE") -> str:
    """A stored E.164 number as people write it: nationally for `region`, else with the
    country code."""
    if not stored:
        return ""
    number = phonenumbers.parse(stored, region)
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
