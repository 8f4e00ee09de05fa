"""Rules for public pseudonyms."""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _

from participation.core.errors import Invalid
from participation.core.text import has_invisible_or_control, name_key

PSEUDONYM_MIN, PSEUDONYM_MAX = 3, 40
RESERVED = {
    "admin",
    "administrator",
    "moderation",
    "moderator",
    "stadt hannover",
    "koordinierungsstelle",
    "gelöschtes konto",
    "system",
}


def check_pseudonym(raw: str, *, allow_reserved: bool = False) -> str:
    """The pseudonym as stored (NFC, single spaces), or Invalid with the reason.

    Reserved names (Moderation, Koordinierungsstelle, ...) are for staff accounts that the
    operator creates.
    """
    if has_invisible_or_control(raw or ""):
        raise Invalid(
            _("Der Name darf keine unsichtbaren oder Steuerzeichen enthalten."), field="pseudonym"
        )
    name = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not PSEUDONYM_MIN <= len(name) <= PSEUDONYM_MAX:
        raise Invalid(
            _(
                "Der Name muss %(min)s bis %(max)s Zeichen lang sein.",
                min=PSEUDONYM_MIN,
                max=PSEUDONYM_MAX,
            ),
            field="pseudonym",
        )
    if not any(ch.isalnum() for ch in name):
        raise Invalid(
            _("Der Name braucht mindestens einen Buchstaben oder eine Ziffer."), field="pseudonym"
        )
    if not allow_reserved and name_key(name) in RESERVED:
        raise Invalid(_("Dieser Name ist reserviert."), field="pseudonym")
    return name
