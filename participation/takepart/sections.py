"""The sections of /mitmachen: a small registry of section objects, each with a loader (a
fixed number of queries whatever it finds), a template and the link to its full list.

Another feature adds its section with `register(Section(...))` (the volunteer exchange:
`volunteering.listing.upcoming(district_id, quarter_id, action_field_id, limit)`). A
section of a switched-off module disappears (`module_on`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import raiseload

from participation.contributions.models import Contribution
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.features.services import module_on
from participation.projects.models import Phase, Process
from participation.qualification.models import Training, TrainingAudience

WHEN = ("woche", "monat", "spaeter")
# How many items a section shows on /mitmachen and on a district page.
FULL_LIMIT, COMPACT_LIMIT = 6, 3


@dataclass(frozen=True)
class Filters:
    """The chosen filters (each None when not chosen) and the day they are read on."""

    today: date
    district: District | None = None
    quarter: Quarter | None = None
    action_field: ActionField | None = None
    when: str = ""

    @property
    def district_id(self) -> int | None:
        return self.district.id if self.district is not None else None

    @property
    def district_code(self) -> str:
        return self.district.code if self.district is not None else ""

    def days(self) -> tuple[date, date | None]:
        """The window of days the time filter asks for (end exclusive, None: open)."""
        today = self.today
        end_of_week = today + timedelta(days=7 - today.weekday())
        last = calendar.monthrange(today.year, today.month)[1]
        end_of_month = date(today.year, today.month, last) + timedelta(days=1)
        if self.when == "woche":
            return today, end_of_week
        if self.when == "monat":
            return today, end_of_month
        if self.when == "spaeter":
            return end_of_month, None
        return today, None

    def times(self) -> tuple[datetime, datetime | None]:
        """The window as times (UTC-aware, local midnights); starts no earlier than now."""
        start, end = self.days()
        begin = max(datetime.combine(start, time(), CITY_TIMEZONE), utcnow())
        return begin, datetime.combine(end, time(), CITY_TIMEZONE) if end else None


@dataclass(frozen=True)
class Item:
    """One line of a section, whatever its source."""

    title: str
    url: str
    when: str
    where: str
    by: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    intro: object
    loader: Callable[[Filters, int], list]
    link: Callable[[Filters], str]
    link_label: object
    template: str = "takepart/_items.html"
    module: str | None = None


SECTIONS: list[Section] = []


def register(section: Section) -> Section:
    SECTIONS[:] = [s for s in SECTIONS if s.key != section.key] + [section]
    return section


def visible_sections() -> list[Section]:
    return [s for s in SECTIONS if s.module is None or module_on(s.module)]


def load(
    filters: Filters, *, limit: int, leave_out: tuple[str, ...] = ()
) -> list[tuple[Section, list]]:
    """Every visible section with its items (a fixed number of queries per section), but
    those named in `leave_out` (a page that shows them already)."""
    return [
        (section, section.loader(filters, limit))
        for section in visible_sections()
        if section.key not in leave_out
    ]


def _day(value: date) -> str:
    from flask_babel import format_date

    return format_date(value, "medium")


def _moment(value: datetime) -> str:
    from flask_babel import format_datetime

    return format_datetime(value.astimezone(CITY_TIMEZONE), "dd.MM.yyyy, HH:mm")


# Processes open now and soon ----------------------------------------------------------------


def processes(filters: Filters, limit: int) -> list[Item]:
    """Published processes with a dialogue phase in the window (now or later): one query."""
    start, end = filters.days()
    phase = [Phase.process_id == Process.id, Phase.kind == "dialogue", Phase.ends_on >= start]
    if end is not None:
        phase.append(Phase.starts_on < end)
    first = select(func.min(Phase.starts_on)).where(*phase).correlate(Process).scalar_subquery()
    last = select(func.max(Phase.ends_on)).where(*phase).correlate(Process).scalar_subquery()
    conditions = [Process.status == "published", exists().where(*phase)]
    if filters.district_id is not None:
        conditions.append(
            or_(Process.district_id == filters.district_id, Process.district_id.is_(None))
        )
    if filters.action_field is not None:
        conditions.append(Process.action_field_id == filters.action_field.id)
    rows = db.session.execute(
        select(Process, first, last)
        .where(*conditions)
        .options(raiseload(Process.phases))
        .order_by(first, Process.id)
        .limit(limit)
    ).all()
    items = []
    for process, starts, ends in rows:
        if starts <= filters.today:
            when = _l("Jetzt offen, bis %(date)s", date=_day(ends))
        else:
            when = _l("Ab %(date)s", date=_day(starts))
        items.append(
            Item(
                title=process.title,
                url=url_for("projects.detail", slug=process.slug),
                when=str(when),
                where=process.district.name if process.district else str(_l("Stadtweit")),
                by=process.action_field.name,
            )
        )
    return items


def _processes_link(filters: Filters) -> str:
    return url_for(
        "projects.index",
        phase="offen",
        bezirk=filters.district_code or None,
        handlungsfeld=filters.action_field.slug if filters.action_field else None,
    )


# Events and offers of partner organisations -------------------------------------------------


def _contributions(kind: str, filters: Filters, limit: int) -> list[Contribution]:
    conditions = [Contribution.kind == kind, *Contribution.shown()]
    if kind == "event":
        begin, end = filters.times()
        conditions.append(Contribution.starts_at >= begin)
        if end is not None:
            conditions.append(Contribution.starts_at < end)
        order = (Contribution.starts_at, Contribution.id)
    else:
        order = (Contribution.id.desc(),)
    if filters.district_id is not None:
        conditions.append(
            or_(
                Contribution.districts.any(District.id == filters.district_id),
                ~Contribution.districts.any(),
            )
        )
    if filters.action_field is not None:
        conditions.append(Contribution.action_fields.any(ActionField.id == filters.action_field.id))
    return list(
        db.session.scalars(
            select(Contribution)
            .where(*conditions)
            .options(
                raiseload(Contribution.processes),
                raiseload(Contribution.districts),
                raiseload(Contribution.action_fields),
            )
            .order_by(*order)
            .limit(limit)
        )
    )


def events(filters: Filters, limit: int) -> list[Item]:
    """Upcoming events of partners in the window: one query."""
    return [
        Item(
            title=event.title,
            url=url_for("contributions.detail", contribution_id=event.id),
            when=_moment(event.starts_at),
            where=event.place or "",
            by=event.organisation.name,
        )
        for event in _contributions("event", filters, limit)
    ]


def offers(filters: Filters, limit: int) -> list[Item]:
    """The newest offers of partners (they run without a date): one query."""
    return [
        Item(
            title=offer.title,
            url=url_for("contributions.detail", contribution_id=offer.id),
            when="",
            where=offer.place or "",
            by=offer.organisation.name,
        )
        for offer in _contributions("offer", filters, limit)
    ]


# Volunteer opportunities of the Freiwilligenbörse ------------------------------------------


def opportunities(filters: Filters, limit: int) -> list[Item]:
    """Published, visible, unexpired opportunities of the place and field: one query."""
    from participation.volunteering import listing

    rows = listing.upcoming(
        filters.district_id,
        filters.quarter.id if filters.quarter is not None else None,
        filters.action_field.id if filters.action_field is not None else None,
        limit,
        window=filters.days() if filters.when else None,
    )
    return [
        Item(
            title=opportunity.title,
            url=url_for("volunteering.detail", opportunity_id=opportunity.id),
            when=_day(opportunity.starts_on) if opportunity.starts_on else "",
            where=(
                opportunity.quarter.name
                if opportunity.quarter is not None
                else opportunity.district.name
                if opportunity.district is not None
                else str(_l("Stadtweit"))
            ),
            by=opportunity.organisation.name,
        )
        for opportunity in rows
    ]


def _opportunities_link(filters: Filters) -> str:
    return url_for(
        "volunteering.index",
        bezirk=filters.district_code or None,
        stadtteil=filters.quarter.id if filters.quarter is not None else None,
        feld=filters.action_field.slug if filters.action_field is not None else None,
    )


# Trainings open to residents ----------------------------------------------------------------


def trainings(filters: Filters, limit: int) -> list[Item]:
    """Published trainings for residents that start in the window (city-wide): one query."""
    begin, end = filters.times()
    conditions = [
        Training.status == "published",
        Training.starts_at >= begin,
        Training.audience_rows.any(TrainingAudience.audience == "residents"),
    ]
    if end is not None:
        conditions.append(Training.starts_at < end)
    rows = db.session.scalars(
        select(Training)
        .where(and_(*conditions))
        .options(raiseload("*"))
        .order_by(Training.starts_at, Training.id)
        .limit(limit)
    )
    return [
        Item(
            title=training.title,
            url=url_for("qualification.detail", training_id=training.id),
            when=_moment(training.starts_at),
            where=training.place or str(_l("Online")),
            by=str(_l("Koordinierungsstelle")),
        )
        for training in rows
    ]


register(
    Section(
        key="verfahren",
        title=_l("Beteiligungsverfahren: jetzt offen und demnächst"),
        intro=_l("Vorschläge machen, kommentieren, unterstützen – in der Dialogphase."),
        loader=processes,
        link=_processes_link,
        link_label=_l("Alle offenen Verfahren"),
    )
)
register(
    Section(
        key="engagement",
        title=_l("Freiwillig engagieren"),
        intro=_l("Engagement-Angebote der Partnerorganisationen in der Freiwilligenbörse."),
        loader=opportunities,
        link=_opportunities_link,
        link_label=_l("Alle Engagement-Angebote"),
        module="network",
    )
)
register(
    Section(
        key="veranstaltungen",
        title=_l("Veranstaltungen von Partnerorganisationen"),
        intro=_l("Treffen, Workshops und Aktionen im Netzwerk Bürgermitwirkung."),
        loader=events,
        link=lambda f: url_for("contributions.events", bezirk=f.district_code or None),
        link_label=_l("Alle Veranstaltungen"),
        module="network",
    )
)
register(
    Section(
        key="angebote",
        title=_l("Angebote von Partnerorganisationen"),
        intro=_l("Beratung, Räume, Begleitung: was die Organisationen anbieten."),
        loader=offers,
        link=lambda f: url_for("contributions.offers", bezirk=f.district_code or None),
        link_label=_l("Alle Angebote"),
        module="network",
    )
)
register(
    Section(
        key="fortbildungen",
        title=_l("Fortbildungen für Einwohner*innen"),
        intro=_l("Workshops und Fortbildungen der Koordinierungsstelle, offen für alle."),
        loader=trainings,
        link=lambda f: url_for("qualification.index", zielgruppe="einwohnerinnen"),
        link_label=_l("Alle Fortbildungen"),
        module="qualification",
    )
)
