"""Process use cases: create and publish (until the coordination workflow), find, list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Invalid, NotFound
from participation.core.permissions import require
from participation.core.sanitize import render_markdown
from participation.core.search import matches
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.projects import phases as registry
from participation.projects.models import (
    PUBLIC_STATUSES,
    CouncilDocument,
    Phase,
    Process,
    ProcessLink,
    ProposalCategory,
)

DRUCKSACHE = re.compile(r"^\d{4}/\d{4}$")
PAGE_SIZE = 20
SORTS = ("neu", "titel", "vorschlaege")
PHASE_FILTERS = ("offen", "bald", "auswertung", "ergebnisse")


@dataclass(frozen=True)
class PhaseInput:
    kind: str
    starts_on: date
    ends_on: date
    description: str = ""


def slugify(text: str) -> str:
    text = text.replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100] or "verfahren"


def _unique_slug(title: str) -> str:
    base, number = slugify(title), 1
    slug = base
    while db.session.scalar(select(Process.id).where(Process.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_phases(phases: list[PhaseInput]) -> None:
    for phase in phases:
        if phase.kind not in registry.REGISTRY:
            raise Invalid(_("Unbekannte Phase: %(kind)s", kind=phase.kind), field="phases")
        if phase.starts_on > phase.ends_on:
            raise Invalid(_("Eine Phase endet vor ihrem Beginn."), field="phases")


def create_process(
    *,
    actor,
    title: str,
    summary: str,
    action_field_slug: str,
    district_code: str | None = None,
    description_markdown: str = "",
    easy_summary: str = "",
    decided_by: str = "",
    scope_for_influence: str = "",
    constraints: str = "",
    use_of_results: str = "",
    feedback_due: date | None = None,
    contact_office: str = "",
    contact_person: str = "",
    contact_email: str = "",
    council_documents: tuple[str, ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    categories: tuple[str, ...] = (),
    phases: tuple[PhaseInput, ...] = (),
    phase_overrides: dict | None = None,
    pre_moderation: bool = False,
) -> Process:
    """A new draft process of a district (or city-wide without one)."""
    district = None
    if district_code:
        district = db.session.scalar(select(District).where(District.code == district_code))
        if district is None:
            raise NotFound(_("Bezirk %(code)s gibt es nicht.", code=district_code))
    require(actor, "create_process", district)
    action_field = db.session.scalar(
        select(ActionField).where(ActionField.slug == action_field_slug)
    )
    if action_field is None:
        raise Invalid(_("Bitte wählen Sie ein Handlungsfeld."), field="action_field")
    if not 3 <= len(title.strip()) <= 200:
        raise Invalid(_("Der Titel muss 3 bis 200 Zeichen lang sein."), field="title")
    for number in council_documents:
        if not DRUCKSACHE.match(number):
            raise Invalid(
                _("Drucksachen-Nummern haben die Form 1234/2026."), field="council_documents"
            )
    if len(summary.strip()) > 600:
        raise Invalid(
            _("Die Kurzbeschreibung darf höchstens 600 Zeichen lang sein."), field="summary"
        )
    for link_title, url in links:
        if not url.startswith(("https://", "http://")):
            raise Invalid(_("Links müssen mit https:// beginnen."), field="links")
        if len(link_title) > 200 or len(url) > 500:
            raise Invalid(
                _("Ein Link ist zu lang (Titel bis 200, Adresse bis 500 Zeichen)."), field="links"
            )
    categories = tuple(dict.fromkeys(c.strip() for c in categories if c.strip()))
    if any(len(name) > 80 for name in categories):
        raise Invalid(_("Kategorien dürfen höchstens 80 Zeichen lang sein."), field="categories")
    phases = list(phases)
    _check_phases(phases)
    for kind, actions in (phase_overrides or {}).items():
        if kind not in registry.REGISTRY or not set(actions) <= set(registry.ACTIONS):
            raise Invalid(_("Unbekannte Freigabe für eine Phase."), field="phase_overrides")
    process = Process(
        slug=_unique_slug(title),
        title=title.strip(),
        summary=summary.strip(),
        description_markdown=description_markdown,
        description_html=render_markdown(description_markdown),
        easy_summary=easy_summary,
        district=district,
        action_field=action_field,
        decided_by=decided_by,
        scope_for_influence=scope_for_influence,
        constraints=constraints,
        use_of_results=use_of_results,
        feedback_due=feedback_due,
        contact_office=contact_office,
        contact_person=contact_person,
        contact_email=contact_email,
        phase_overrides={k: sorted(v) for k, v in (phase_overrides or {}).items()},
        pre_moderation=pre_moderation,
        status="draft",
    )
    process.council_documents = [CouncilDocument(number=n) for n in sorted(set(council_documents))]
    process.links = [ProcessLink(title=t, url=u, position=i) for i, (t, u) in enumerate(links)]
    process.categories = [ProposalCategory(name=n, position=i) for i, n in enumerate(categories)]
    process.phases = [
        Phase(kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on, description=p.description)
        for p in phases
    ]
    db.session.add(process)
    db.session.commit()
    signals.process_created.send(current_app._get_current_object(), process=process)
    return process


def publish_process(*, actor, process: Process) -> Process:
    """Make a process public (the coordination workflow will put a review before this)."""
    require(actor, "publish_process", process)
    if process.status in PUBLIC_STATUSES:
        return process
    process.status = "published"
    process.published_at = utcnow()
    db.session.commit()
    signals.process_published.send(current_app._get_current_object(), process=process)
    return process


def get_process(*, actor, slug: str) -> Process:
    """The process with this slug if the actor may see it; otherwise NotFound (not 403, so
    drafts do not reveal that they exist)."""
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        .options(
            selectinload(Process.council_documents),
            selectinload(Process.links),
            selectinload(Process.categories),
        )
    )
    if process is None or not _can_view(actor, process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def _can_view(actor, process) -> bool:
    from participation.core.permissions import can

    return can(actor, "view_process", process)


def current_phase(process: Process, today: date) -> Phase | None:
    return registry.current_phase(process.phases, today)


def is_open(process: Process, action: str, today: date) -> bool:
    """Whether residents may do `action` in this process today."""
    if process.status != "published":
        return False
    return registry.opens(current_phase(process, today), action, process.phase_overrides)


@dataclass
class ProcessPage:
    items: list[Process]
    page: int
    pages: int
    total: int
    filters: dict = field(default_factory=dict)


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
) -> ProcessPage:
    """Public processes, filtered and paginated: always three queries, whatever the size."""
    conditions = [Process.status.in_(PUBLIC_STATUSES)]
    if district_code == "stadtweit":
        conditions.append(Process.district_id.is_(None))
    elif district_code:
        conditions.append(Process.district.has(District.code == district_code))
    if action_field_slug:
        conditions.append(Process.action_field.has(ActionField.slug == action_field_slug))
    if phase == "offen":
        conditions += [Process.status == "published", _running("dialogue", today)]
    elif phase == "bald":
        conditions += [
            Process.status == "published",
            ~exists().where(Phase.process_id == Process.id, Phase.starts_on <= today),
        ]
    elif phase == "auswertung":
        conditions.append(_running("evaluation", today))
    elif phase == "ergebnisse":
        conditions.append(Process.status.in_(("results_published", "archived")))
    search = matches(Process.__table__, query or "", db.engine.dialect.name)
    if search is not None:
        conditions.append(search)
    total = db.session.scalar(select(func.count(Process.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    order = {
        "neu": (Process.published_at.desc(), Process.id.desc()),
        "titel": (Process.title, Process.id),
        "vorschlaege": (Process.proposal_count.desc(), Process.id.desc()),
    }[sort if sort in SORTS else "neu"]
    items = db.session.scalars(
        select(Process)
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return ProcessPage(list(items), page, pages, total)


def staff_districts(actor) -> list[tuple[str, str]]:
    """(code, label) of the districts the actor may draft for; "" is city-wide."""
    if actor.role_names & {"coordinator", "admin"}:
        from participation.districts.services import list_districts

        return [("", _("Stadtweit"))] + [(d.code, f"{d.code} {d.name}") for d in list_districts()]
    managed = actor.district_ids()
    districts = db.session.scalars(
        select(District).where(District.id.in_(managed)).order_by(District.code)
    )
    return [(d.code, f"{d.code} {d.name}") for d in districts]


def list_staff_processes(*, actor, page: int = 1) -> ProcessPage:
    """Every process in the actor's scope, drafts included, newest first (two queries)."""
    require(actor, "manage_processes")
    conditions = []
    if not actor.role_names & {"coordinator", "admin"}:
        conditions.append(Process.district_id.in_(actor.district_ids() or {-1}))
    total = db.session.scalar(select(func.count(Process.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        select(Process)
        .where(*conditions)
        .order_by(Process.created_at.desc(), Process.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return ProcessPage(list(items), page, pages, total)


def get_process_for_staff(*, actor, slug: str) -> Process:
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None or not process_in_scope(actor, process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def process_in_scope(actor, process) -> bool:
    from participation.core.permissions import can

    return can(actor, "publish_process", process)
