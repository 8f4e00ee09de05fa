"""Standing interests ("Mein Bezirk"): save, list and remove them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import Invalid, NotFound
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.notifications.models import Interest, InterestKeyword

MAX_INTERESTS = 20
_WORD = re.compile(r"[^\W_][\w\- ]*", re.UNICODE)


@dataclass
class InterestInput:
    # "" (the whole city), "stadtweit" (city-wide processes only) or a district code.
    area: str = ""
    quarter_id: int | None = None
    include_citywide: bool = True
    action_field_slug: str = ""
    keywords: str = ""


def _words(text: str) -> list[str]:
    """Comma-separated keywords, lower-cased; LIKE wildcards cannot take part."""
    words = []
    for part in (text or "").split(","):
        word = " ".join(part.replace("%", " ").replace("_", " ").replace("\\", " ").split())
        if not word:
            continue
        if not 2 <= len(word) <= 60 or not _WORD.fullmatch(word):
            raise Invalid(
                _("Stichwörter: je 2 bis 60 Buchstaben oder Ziffern, durch Kommas getrennt."),
                field="keywords",
            )
        if word.lower() not in words:
            words.append(word.lower())
    if len(words) > 5:
        raise Invalid(_("Bitte höchstens fünf Stichwörter."), field="keywords")
    return words


def save(*, actor, data: InterestInput) -> Interest:
    """Add a standing interest for the actor (verified residents and everyone else)."""
    count = db.session.scalar(
        select(db.func.count(Interest.id)).where(Interest.user_id == actor.id)
    )
    if count >= MAX_INTERESTS:
        raise Invalid(_("Sie haben schon 20 Interessen gespeichert."), field="area")
    interest = Interest(user_id=actor.id, include_citywide=bool(data.include_citywide))
    if data.area == "stadtweit":
        interest.area = "citywide"
    elif data.area:
        district = db.session.scalar(select(District).where(District.code == data.area[:2]))
        if district is None or len(data.area) != 2:
            raise Invalid(_("Bitte wählen Sie einen Stadtbezirk aus der Liste."), field="area")
        interest.area, interest.district_id = "district", district.id
    else:
        interest.area = "all"
    if data.quarter_id is not None:
        quarter = db.session.get(Quarter, data.quarter_id)
        if quarter is None:
            raise Invalid(_("Bitte wählen Sie einen Stadtteil aus der Liste."), field="quarter")
        if interest.area == "district" and quarter.district_id != interest.district_id:
            raise Invalid(
                _("Dieser Stadtteil liegt nicht im gewählten Stadtbezirk."), field="quarter"
            )
        interest.area, interest.district_id, interest.quarter_id = (
            "district",
            quarter.district_id,
            quarter.id,
        )
    if data.action_field_slug:
        field = db.session.scalar(
            select(ActionField).where(ActionField.slug == data.action_field_slug[:80])
        )
        if field is None:
            raise Invalid(
                _("Bitte wählen Sie ein Handlungsfeld aus der Liste."), field="action_field"
            )
        interest.action_field_id = field.id
    words = _words(data.keywords)
    interest.keywords = ", ".join(words)
    interest.words = [InterestKeyword(word=word) for word in words]
    db.session.add(interest)
    db.session.commit()
    return interest


def remove(*, actor, interest_id: int) -> None:
    interest = db.session.get(Interest, interest_id)
    if interest is None or interest.user_id != actor.id:
        raise NotFound(_("Dieses Interesse gibt es nicht."))
    db.session.delete(interest)
    db.session.commit()


def interests_of(actor) -> list[tuple[Interest, str]]:
    """The person's interests with a sentence each, oldest first (three queries)."""
    rows = list(
        db.session.scalars(
            select(Interest).where(Interest.user_id == actor.id).order_by(Interest.id)
        )
    )
    districts = {d.id: d for d in db.session.scalars(select(District))}
    fields = {f.id: f for f in db.session.scalars(select(ActionField))}
    quarters = (
        {
            q.id: q
            for q in db.session.scalars(
                select(Quarter).where(Quarter.id.in_([r.quarter_id for r in rows if r.quarter_id]))
            )
        }
        if any(r.quarter_id for r in rows)
        else {}
    )
    return [(row, _sentence(row, districts, fields, quarters)) for row in rows]


def _sentence(interest: Interest, districts, fields, quarters) -> str:
    if interest.quarter_id:
        area = _("Stadtteil %(name)s", name=quarters[interest.quarter_id].name)
    elif interest.area == "district":
        area = _("Stadtbezirk %(name)s", name=districts[interest.district_id].name)
        if interest.include_citywide:
            area += " " + _("(und stadtweite Verfahren)")
    elif interest.area == "citywide":
        area = _("stadtweite Verfahren")
    else:
        area = _("ganz Hannover")
    parts = [area]
    if interest.action_field_id:
        parts.append(_("Handlungsfeld %(name)s", name=fields[interest.action_field_id].name))
    if interest.keywords:
        parts.append(_("Stichwörter: %(words)s", words=interest.keywords))
    return " · ".join(parts)
