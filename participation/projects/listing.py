"""The public process list with its filters, and the staff's list of their processes."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from participation.core.pagination import Page, clamp_page, fetch_page
from participation.core.permissions import require
from participation.core.search import matches
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.projects.models import PROCESS_STATUSES, PUBLIC_STATUSES, Phase, Process
from participation.projects.permissions import OFFICE_ROLES

PAGE_SIZE = 20
SORTS = ("neu", "titel", "vorschlaege")
PHASE_FILTERS = ("offen", "bald", "auswertung", "ergebnisse")


# A page of processes: the shared page of every list.
ProcessPage = Page


def _running(kind: str, today: date):
    return exists().where(
        Phase.process_id == Process.id,
        Phase.kind == kind,
        Phase.starts_on <= today,
        Phase.ends_on >= today,
    )


def list_processes(
    *,
    today: date,
    district_code: str | None = None,
    action_field_slug: str | None = None,
    phase: str | None = None,
    query: str | None = None,
    sort: str = "neu",
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> ProcessPage:
    """Public processes, filtered and paginated: always three queries, whatever the size
    (the page and the JSON API share it; `per_page` is the API's)."""
    conditions = [Process.status.in_(PUBLIC_STATUSES)]
    if district_code == "stadtweit":
        conditions.append(Process.district_id.is_(None))
    elif district_code:
        conditions.append(Process.district.has(District.code == district_code))
    if action_field_slug:
        conditions.append(Process.action_field.has(ActionField.slug == action_field_slug))
    # Each branch is phase_state() in SQL, for the codes in FILTER_STATES; a running phase
    # only counts while the process is published, as in phase_state().
    if phase == "offen":
        conditions += [Process.status == "published", _running("dialogue", today)]
    elif phase == "bald":
        conditions += [
            Process.status == "published",
            exists().where(Phase.process_id == Process.id, Phase.starts_on > today),
            ~exists().where(Phase.process_id == Process.id, Phase.starts_on <= today),
        ]
    elif phase == "auswertung":
        conditions += [Process.status == "published", _running("evaluation", today)]
    elif phase == "ergebnisse":
        conditions.append(Process.status.in_(("results_published", "archived")))
    search = matches(Process.__table__, query or "", db.engine.dialect.name)
    if search is not None:
        conditions.append(search)
    total = db.session.scalar(select(func.count(Process.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, per_page)
    order = {
        "neu": (Process.published_at.desc(), Process.id.desc()),
        "titel": (Process.title, Process.id),
        "vorschlaege": (Process.proposal_count.desc(), Process.id.desc()),
    }[sort if sort in SORTS else "neu"]
    items = db.session.scalars(
        select(Process)
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ProcessPage(list(items), page, pages, total)


def staff_districts(actor) -> list[tuple[str, str]]:
    """(code, label) of the districts the actor may draft for; "" is city-wide."""
    if actor.role_names & OFFICE_ROLES:
        from participation.districts.services import list_districts

        return [("", _("Stadtweit"))] + [(d.code, f"{d.code} {d.name}") for d in list_districts()]
    managed = actor.district_ids()
    districts = db.session.scalars(
        select(District).where(District.id.in_(managed)).order_by(District.code)
    )
    return [(d.code, f"{d.code} {d.name}") for d in districts]


def list_staff_processes(*, actor, page: int = 1, status: str | None = None) -> ProcessPage:
    """Every process in the actor's scope, drafts included, newest first (two queries);
    `status` narrows it to one state of the lifecycle (e.g. those waiting for review)."""
    require(actor, "manage_processes")
    conditions = []
    if status in PROCESS_STATUSES:
        conditions.append(Process.status == status)
    if not actor.role_names & OFFICE_ROLES:
        conditions.append(Process.district_id.in_(actor.district_ids() or {-1}))
    order = (Process.created_at.desc(), Process.id.desc())
    return fetch_page(db.session, Process, conditions, order, page, PAGE_SIZE)
