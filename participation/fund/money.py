"""Amounts in euros as people type them ("1.234,50", "250", "99.90"), kept as cents."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.core.errors import Invalid

MAX_CENTS = 10_000_000 * 100
_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$|^\d+(\.\d{1,2})?$")


def parse_euros(text: str, *, field: str) -> int:
    """Cents of a positive amount of at most ten million euros; Invalid next to `field`."""
    value = (text or "").strip().removesuffix("€").removesuffix("EUR").strip()
    if not _AMOUNT.fullmatch(value):
        raise Invalid(_("Bitte geben Sie einen Betrag in Euro an, z. B. 1.250,00."), field=field)
    if "," in value:
        whole, _sep, fraction = value.replace(".", "").partition(",")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        whole, fraction = value.replace(".", ""), ""
    else:
        whole, _sep, fraction = value.partition(".")
    cents = int(whole) * 100 + int((fraction + "00")[:2])
    if not 0 < cents <= MAX_CENTS:
        raise Invalid(_("Bitte einen Betrag über 0 und höchstens 10.000.000 €."), field=field)
    return cents


def euros(cents: int | None) -> str:
    """German notation with the euro sign: 123450 -> "1.234,50 €"."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d} €"
