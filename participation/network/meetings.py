"""Network meetings: planning, agenda, minutes, attendance; the yearly minimum; and the
work programme adopted at the last meeting of a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core import signals
from participation.core.clock import CITY_TIMEZONE, local_today, utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.pagination import Page, fetch_page
from participation.core.permissions import require
from participation.core.sanitize import render_markdown
from participation.core.text import has_invisible_or_control
from participation.extensions import db
from participation.network.models import (
    ITEM_STATUSES,
    NetworkMeeting,
    WorkingGroup,
    WorkProgramme,
    WorkProgrammeItem,
)
from participation.partners.models import PartnerOrganisation

TEXT_MAX = 20_000


def office_only(actor) -> None:
    require(
        actor, "manage_partners", message=_("Das Netzwerk organisiert die Koordinierungsstelle.")
    )


def _title(value: str, field: str = "title") -> str:
    title = " ".join((value or "").split())
    if not 3 <= len(title) <= 200 or has_invisible_or_control(title):
        raise Invalid(_("Bitte geben Sie einen Titel mit 3 bis 200 Zeichen an."), field=field)
    return title


def _text(value: str, field: str) -> str:
    text = (value or "").strip()
    if len(text) > TEXT_MAX:
        raise Invalid(_("Bitte schreiben Sie höchstens 20.000 Zeichen."), field=field)
    return text


def _organisations(ids) -> list[PartnerOrganisation]:
    ids = set(ids or [])
    found = list(
        db.session.scalars(select(PartnerOrganisation).where(PartnerOrganisation.id.in_(ids)))
    )
    if len(found) != len(ids):
        raise Invalid(_("Bitte wählen Sie Organisationen aus der Liste."), field="attendees")
    return found


def save_meeting(
    *,
    actor,
    meeting: NetworkMeeting | None = None,
    title: str,
    starts_at: datetime | None,
    place: str,
    agenda: str = "",
    minutes: str = "",
    attendee_ids=(),
    working_group: WorkingGroup | None = None,
) -> NetworkMeeting:
    """Plan a meeting, or complete it with minutes and who attended."""
    office_only(actor)
    title = _title(title)
    if starts_at is None:
        raise Invalid(_("Bitte geben Sie Datum und Uhrzeit an."), field="starts_at")
    place = " ".join((place or "").split())
    if not 2 <= len(place) <= 300:
        raise Invalid(_("Bitte geben Sie den Ort an (oder „online“)."), field="place")
    agenda, minutes = _text(agenda, "agenda"), _text(minutes, "minutes")
    attendees = _organisations(attendee_ids)
    if meeting is None:
        meeting = NetworkMeeting(working_group_id=working_group.id if working_group else None)
        db.session.add(meeting)
    meeting.title, meeting.starts_at, meeting.place = title, starts_at, place
    meeting.agenda_markdown, meeting.agenda_html = agenda, render_markdown(agenda)
    meeting.minutes_markdown, meeting.minutes_html = minutes, render_markdown(minutes)
    meeting.attendees = attendees
    new = meeting.id is None
    db.session.flush()
    if new and working_group is not None:
        signals.group_news.send(
            current_app._get_current_object(),
            group=working_group,
            key=f"meeting:{meeting.id}",
            detail=title,
            actor=actor,
        )
    db.session.commit()
    return meeting


def local_year(moment: datetime) -> int:
    return moment.astimezone(CITY_TIMEZONE).year


def meetings_in(year: int) -> list[NetworkMeeting]:
    """The whole network's meetings of a calendar year (not working groups'), in order."""
    start = datetime(year, 1, 1, tzinfo=CITY_TIMEZONE)
    end = datetime(year + 1, 1, 1, tzinfo=CITY_TIMEZONE)
    return list(
        db.session.scalars(
            select(NetworkMeeting)
            .where(
                NetworkMeeting.working_group_id.is_(None),
                NetworkMeeting.starts_at >= start,
                NetworkMeeting.starts_at < end,
            )
            .order_by(NetworkMeeting.starts_at)
        )
    )


@dataclass
class YearCheck:
    year: int
    planned: int
    minimum: int

    @property
    def short(self) -> bool:
        return self.planned < self.minimum


def year_check(year: int | None = None) -> YearCheck:
    """Whether the year is heading for fewer meetings than the network agreed on."""
    year = year or local_today().year
    return YearCheck(year, len(meetings_in(year)), current_app.config["NETWORK_MIN_MEETINGS"])


PAGE_SIZE = 20


def upcoming_meetings(limit: int = PAGE_SIZE) -> list[NetworkMeeting]:
    """The next meetings, soonest first (a handful are planned at a time)."""
    return list(
        db.session.scalars(
            select(NetworkMeeting)
            .where(NetworkMeeting.starts_at >= utcnow())
            .order_by(NetworkMeeting.starts_at)
            .limit(limit)
        )
    )


def past_meetings(page: int = 1) -> Page:
    """Meetings that took place, newest first, a page at a time (two queries)."""
    held = NetworkMeeting.starts_at < utcnow()
    order = (NetworkMeeting.starts_at.desc(), NetworkMeeting.id.desc())
    return fetch_page(db.session, NetworkMeeting, [held], order, page, PAGE_SIZE)


def get_meeting(meeting_id: int) -> NetworkMeeting:
    meeting = db.session.get(NetworkMeeting, meeting_id)
    if meeting is None:
        raise NotFound(_("Dieses Treffen gibt es nicht."))
    return meeting


# --- the work programme ------------------------------------------------------------------------


def programme(year: int) -> WorkProgramme | None:
    return db.session.scalar(select(WorkProgramme).where(WorkProgramme.year == year))


def programme_years() -> list[int]:
    return list(db.session.scalars(select(WorkProgramme.year).order_by(WorkProgramme.year.desc())))


def _programme_for(year: int) -> WorkProgramme:
    found = programme(year)
    if found is None:
        found = WorkProgramme(year=year)
        db.session.add(found)
        db.session.flush()
    return found


def add_item(
    *, actor, year: int, title: str, description: str = "", responsible_ids=()
) -> WorkProgrammeItem:
    """An item of a year's programme, with the organisations responsible for it."""
    office_only(actor)
    if not 2000 <= year <= 2100:
        raise Invalid(_("Bitte geben Sie ein Jahr an."), field="year")
    item = WorkProgrammeItem(
        title=_title(title),
        description=_text(description, "description"),
        status="planned",
    )
    try:
        item.responsible = _organisations(responsible_ids)
    except Invalid as refusal:
        raise Invalid(refusal.message, field="responsible") from refusal
    item.programme_id = _programme_for(year).id
    db.session.add(item)
    db.session.commit()
    return item


def set_item_status(*, actor, item: WorkProgrammeItem, status: str) -> None:
    """The office, or a member of a responsible organisation, reports how far it got."""
    require(
        actor,
        "report_work_item",
        item,
        message=_("Den Stand melden die verantwortlichen Organisationen."),
    )
    if status not in ITEM_STATUSES:
        raise Invalid(_("Bitte wählen Sie einen Stand."), field="status")
    item.status = status
    db.session.commit()


def adopt(*, actor, meeting: NetworkMeeting) -> WorkProgramme:
    """The programme for the next year is adopted at the last network meeting of a year."""
    office_only(actor)
    if meeting.working_group_id is not None:
        raise Conflict(_("Das Arbeitsprogramm beschließt das ganze Netzwerk, keine Arbeitsgruppe."))
    year = local_year(meeting.starts_at)
    if meetings_in(year)[-1].id != meeting.id:
        raise Conflict(
            _("Das Arbeitsprogramm wird auf dem letzten Netzwerktreffen des Jahres beschlossen.")
        )
    if meeting.starts_at > utcnow():
        raise Conflict(_("Das Treffen hat noch nicht stattgefunden."))
    adopted = _programme_for(year + 1)
    if adopted.adopted_on is not None:
        raise Conflict(
            _("Das Arbeitsprogramm für %(year)s ist bereits beschlossen.", year=year + 1)
        )
    if not adopted.items:
        raise Conflict(_("Das Arbeitsprogramm hat noch keine Punkte."))
    adopted.adopted_at_meeting_id = meeting.id
    adopted.adopted_on = meeting.starts_at.astimezone(CITY_TIMEZONE).date()
    db.session.commit()
    return adopted
