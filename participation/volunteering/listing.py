"""Opportunities in lists: the public list with its filters, `upcoming` for other pages,
an organisation's own list and inbox; each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from participation.core.db import lower_text
from participation.core.pagination import Page, fetch_page
from participation.core.search import like_pattern
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity
from participation.volunteering.services import WEEKDAY_LABELS, visible_now

PAGE_SIZE = 20
SUITABLE = {
    "neu-in-hannover": "for_newcomers",
    "familien": "for_families",
    "junge-menschen": "for_young_people",
}
RHYTHM_SLUGS = {"einmalig": "once", "regelmaessig": "regular"}
QUERY_MAX = 100


@dataclass
class Filters:
    """The filters of /engagement as they appear in URLs, checked; unknown values are
    ignored as on the other list pages."""

    bezirk: str = ""
    stadtteil: int | None = None
    feld: str = ""
    rhythmus: str = ""
    eignung: str = ""
    wochentag: str = ""
    ab: date | None = None
    q: str = ""

    @classmethod
    def of(cls, args) -> Filters:
        def text(name: str, size: int = 40) -> str:
            value = args.get(name, "")
            return value[:size].strip() if isinstance(value, str) else ""

        quarter = text("stadtteil", 12)
        start = None
        try:
            start = date.fromisoformat(text("ab", 10)) if text("ab", 10) else None
        except ValueError:
            start = None
        if start is not None and not 2000 <= start.year <= 2100:
            start = None
        return cls(
            bezirk=text("bezirk", 2) if text("bezirk", 2).isdigit() else "",
            stadtteil=int(quarter) if quarter.isdigit() and len(quarter) < 10 else None,
            feld=text("feld"),
            rhythmus=text("rhythmus") if text("rhythmus") in RHYTHM_SLUGS else "",
            eignung=text("eignung") if text("eignung") in SUITABLE else "",
            wochentag=text("wochentag", 1) if text("wochentag", 1) in WEEKDAY_LABELS else "",
            ab=start,
            q=" ".join(text("q", QUERY_MAX).split()),
        )

    def as_args(self) -> dict:
        values = {
            "bezirk": self.bezirk,
            "stadtteil": self.stadtteil or "",
            "feld": self.feld,
            "rhythmus": self.rhythmus,
            "eignung": self.eignung,
            "wochentag": self.wochentag,
            "ab": self.ab.isoformat() if self.ab else "",
            "q": self.q,
        }
        return {name: value for name, value in values.items() if value}


def _in_quarter(quarter_id: int):
    """Opportunities of the quarter, and those without a quarter in its district or
    city-wide (never district-wide ones of another district)."""
    district_of_quarter = select(Quarter.district_id).where(Quarter.id == quarter_id)
    return or_(
        VolunteerOpportunity.quarter_id == quarter_id,
        and_(
            VolunteerOpportunity.quarter_id.is_(None),
            or_(
                VolunteerOpportunity.district_id == district_of_quarter.scalar_subquery(),
                VolunteerOpportunity.district_id.is_(None),
            ),
        ),
    )


def _place_conditions(district_id, quarter_id, action_field_id) -> list:
    """A district's list shows its own and the city-wide opportunities; a quarter's those
    of the quarter and the district-wide ones of its district."""
    conditions = []
    if district_id is not None:
        conditions.append(
            or_(
                VolunteerOpportunity.district_id == district_id,
                VolunteerOpportunity.district_id.is_(None),
            )
        )
    if quarter_id is not None:
        conditions.append(_in_quarter(quarter_id))
    if action_field_id is not None:
        conditions.append(VolunteerOpportunity.action_field_id == action_field_id)
    return conditions


def conditions_of(filters: Filters) -> list:
    """The WHERE of the public list: ids of districts, quarters and fields are found in
    subqueries, so the list stays two queries."""
    conditions = [visible_now()]
    if filters.bezirk:
        conditions.append(
            or_(
                VolunteerOpportunity.district_id
                == select(District.id).where(District.code == filters.bezirk).scalar_subquery(),
                VolunteerOpportunity.district_id.is_(None),
            )
        )
    if filters.stadtteil is not None:
        conditions.append(_in_quarter(filters.stadtteil))
    if filters.feld:
        conditions.append(
            VolunteerOpportunity.action_field_id
            == select(ActionField.id).where(ActionField.slug == filters.feld).scalar_subquery()
        )
    if filters.rhythmus:
        conditions.append(VolunteerOpportunity.rhythm == RHYTHM_SLUGS[filters.rhythmus])
    if filters.eignung:
        conditions.append(getattr(VolunteerOpportunity, SUITABLE[filters.eignung]).is_(True))
    if filters.wochentag:
        conditions.append(
            or_(
                VolunteerOpportunity.weekdays == "",
                VolunteerOpportunity.weekdays.contains(filters.wochentag, autoescape=True),
            )
        )
    if filters.ab is not None:
        conditions.append(
            or_(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on >= filters.ab)
        )
    for word in filters.q.lower().split()[:5]:
        pattern = like_pattern(word)
        conditions.append(
            or_(
                lower_text(VolunteerOpportunity.title).like(pattern, escape="\\"),
                lower_text(VolunteerOpportunity.tasks_markdown).like(pattern, escape="\\"),
                lower_text(VolunteerOpportunity.skills).like(pattern, escape="\\"),
            )
        )
    return conditions


def listed(filters: Filters, page: int = 1) -> Page:
    """Visible opportunities matching the filters, the newest first (two queries)."""
    result = fetch_page(
        db.session,
        VolunteerOpportunity,
        conditions_of(filters),
        (VolunteerOpportunity.published_at.desc(), VolunteerOpportunity.id.desc()),
        page,
        PAGE_SIZE,
    )
    result.filters = filters.as_args()
    return result


def upcoming(
    district_id: int | None = None,
    quarter_id: int | None = None,
    action_field_id: int | None = None,
    limit: int = 6,
    window: tuple[date, date | None] | None = None,
) -> list[VolunteerOpportunity]:
    """Published, visible, unexpired opportunities for another page (e.g. /mitmachen), the
    newest first, in one query. With `window` (first day, day after the last or None), only
    those running in it: begun before its end (or without a start) and not ended before
    its first day."""
    conditions = [visible_now(), *_place_conditions(district_id, quarter_id, action_field_id)]
    if window is not None:
        first, after = window
        conditions.append(
            or_(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on >= first)
        )
        if after is not None:
            conditions.append(
                or_(
                    VolunteerOpportunity.starts_on.is_(None),
                    VolunteerOpportunity.starts_on < after,
                )
            )
    return list(
        db.session.scalars(
            select(VolunteerOpportunity)
            .where(*conditions)
            # The joined rows only, not what they load in turn (an organisation's districts
            # and fields, a district's quarters): one query.
            .options(
                joinedload(VolunteerOpportunity.organisation).lazyload("*"),
                joinedload(VolunteerOpportunity.district).lazyload("*"),
                joinedload(VolunteerOpportunity.quarter).lazyload("*"),
                joinedload(VolunteerOpportunity.action_field).lazyload("*"),
            )
            .order_by(VolunteerOpportunity.published_at.desc(), VolunteerOpportunity.id.desc())
            .limit(max(1, min(limit, 50)))
        )
    )


def filter_choices() -> dict:
    """Districts, quarters and action fields for the filter form (three small queries)."""
    return {
        "districts": list(db.session.scalars(select(District).order_by(District.code))),
        "quarters": list(
            db.session.scalars(select(Quarter).order_by(Quarter.district_id, Quarter.name))
        ),
        "action_fields": list(
            db.session.scalars(select(ActionField).order_by(ActionField.position, ActionField.id))
        ),
    }


def of_organisation(organisation_id: int, page: int = 1) -> Page:
    """The organisation's own opportunities, every status, the newest first."""
    return fetch_page(
        db.session,
        VolunteerOpportunity,
        [VolunteerOpportunity.organisation_id == organisation_id],
        (VolunteerOpportunity.created_at.desc(), VolunteerOpportunity.id.desc()),
        page,
        PAGE_SIZE,
    )


def inbox(organisation_id: int, status: str = "", page: int = 1) -> Page:
    """Interest in the organisation's opportunities, open first then the newest."""
    conditions = [
        VolunteerInterest.opportunity_id.in_(
            select(VolunteerOpportunity.id).where(
                VolunteerOpportunity.organisation_id == organisation_id
            )
        )
    ]
    if status in ("open", "accepted", "declined", "matched", "withdrawn"):
        conditions.append(VolunteerInterest.status == status)
    result = fetch_page(
        db.session,
        VolunteerInterest,
        conditions,
        (
            (VolunteerInterest.status != "open"),
            VolunteerInterest.created_at.desc(),
            VolunteerInterest.id.desc(),
        ),
        page,
        PAGE_SIZE,
    )
    result.filters = {"status": status} if status else {}
    return result


def of_resident(user_id: int, page: int = 1) -> Page:
    return fetch_page(
        db.session,
        VolunteerInterest,
        [VolunteerInterest.user_id == user_id],
        (VolunteerInterest.created_at.desc(), VolunteerInterest.id.desc()),
        page,
        PAGE_SIZE,
    )
