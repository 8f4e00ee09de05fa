"""The feeds' contents, read with the features' own rules of what is public: each feed is
a bounded list (the newest FEED_SIZE items) loaded with a fixed number of queries.
Processes, proposals with their answers, results and phases here; the network's feeds in
feeds.network."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, lazyload

from participation.answers.models import OfficialResponse
from participation.core.errors import NotFound
from participation.core.links import external_url
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.feeds.formats import Calendar, Entry, Feed, Happening, plain_text, shorten
from participation.projects import listing as processes
from participation.projects.models import PUBLIC_STATUSES, Phase, Process
from participation.projects.phases import REGISTRY
from participation.proposals.models import Proposal
from participation.results import services as results
from participation.results.models import ResultsReport

FEED_SIZE = 50
# The proposal page's labels of an answer's status.
RESPONSE_LABELS = {
    "under_review": _l("Wird geprüft"),
    "accepted": _l("Angenommen"),
    "partly_accepted": _l("Teilweise angenommen"),
    "rejected": _l("Abgelehnt"),
    "implemented": _l("Umgesetzt"),
}


def url(endpoint: str, **values) -> str:
    """An absolute address built from BASE_URL; empty filter values are left out."""
    return external_url(endpoint, **{k: v for k, v in values.items() if v})


def host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _scope(process: Process) -> tuple[tuple[str, str], ...]:
    district = (
        (process.district.code, process.district.name)
        if process.district
        else ("stadtweit", _("Stadtweit"))
    )
    return (district, (process.action_field.slug, process.action_field.name))


def public_process(slug: str) -> Process:
    """A process every visitor may see (PUBLIC_STATUSES), whoever asks: feeds are the same
    for everyone."""
    process = db.session.scalar(
        select(Process).where(Process.slug == slug[:120], Process.status.in_(PUBLIC_STATUSES))
    )
    if process is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def district(code: str) -> District:
    """The district with exactly this code ("01".."13"), or NotFound."""
    found = (
        db.session.scalar(select(District).where(District.code == code)) if len(code) <= 2 else None
    )
    if found is None:
        raise NotFound(_("Diesen Stadtbezirk gibt es nicht."))
    return found


# -- processes -----------------------------------------------------------------------------


def _process_entry(process: Process) -> Entry:
    dialogue = [phase for phase in process.phases if phase.kind == "dialogue"]
    lines = [process.summary]
    for phase in dialogue:
        lines.append(
            _(
                "Dialog vom %(start)s bis %(end)s",
                start=format_date(phase.starts_on, "long"),
                end=format_date(phase.ends_on, "long"),
            )
        )
    link = url("projects.detail", slug=process.slug)
    return Entry(
        id=link,
        title=process.title,
        link=link,
        # Staff edits (and its stored counters) move updated_at; the entry says so.
        updated=process.updated_at,
        published=process.published_at,
        summary=shorten("\n".join(lines)),
        categories=_scope(process),
    )


def processes_feed(
    *,
    today: date,
    district_code: str | None = None,
    action_field_slug: str | None = None,
    phase: str | None = None,
    query: str | None = None,
) -> Feed:
    """The newest public processes with the process list's filters (its first page, newest
    first): the list's own query, so the feed never shows what the list would not."""
    result = processes.list_processes(
        today=today,
        district_code=district_code,
        action_field_slug=action_field_slug,
        phase=phase,
        query=query,
    )
    title = _("Beteiligungsverfahren")
    if district_code == "stadtweit":
        title += " – " + _("Stadtweit")
    elif district_code:
        title += " – " + _("Stadtbezirk %(name)s", name=district(district_code).name)
    if action_field_slug:
        field = db.session.scalar(select(ActionField).where(ActionField.slug == action_field_slug))
        if field is None:
            raise NotFound(_("Dieses Handlungsfeld gibt es nicht."))
        title += " – " + field.name
    filters = {"bezirk": district_code, "handlungsfeld": action_field_slug}
    filters |= {"phase": phase, "q": query}
    return Feed(
        id=url("feeds.processes", **filters),
        title=title,
        page=url("projects.index", **filters),
        self_url=url("feeds.processes", **filters),
        entries=[_process_entry(process) for process in result.items],
    )


def district_feed(*, code: str, today: date) -> Feed:
    """The district page's processes (the district's own, not the city-wide ones)."""
    found = district(code)
    result = processes.list_processes(today=today, district_code=found.code)
    self_url = url("feeds.district_processes", code=found.code)
    return Feed(
        id=self_url,
        title=_("Beteiligungsverfahren im Stadtbezirk %(name)s", name=found.name),
        page=url("districts.detail", code=found.code),
        self_url=self_url,
        entries=[_process_entry(process) for process in result.items],
    )


# -- proposals and answers -----------------------------------------------------------------


def _proposal_entry(proposal: Proposal) -> Entry:
    link = url("proposals.detail", proposal_id=proposal.id)
    categories = (("kategorie", proposal.category.name),) if proposal.category else ()
    return Entry(
        id=link,
        title=proposal.title,
        link=link,
        # Supports and comments move updated_at; the entry changes only when its author
        # edits it.
        updated=proposal.edited_at or proposal.created_at,
        published=proposal.created_at,
        summary=plain_text(proposal.body_html),
        author=proposal.author.pseudonym,
        categories=categories,
    )


def _answer_entry(response: OfficialResponse, proposal: Proposal) -> Entry:
    link = url("proposals.detail", proposal_id=proposal.id) + "#official-response"
    lines = [str(RESPONSE_LABELS.get(response.status, response.status))]
    if response.duplicate_of_id:
        lines.append(
            _("Dieser Vorschlag ist inhaltlich gleich mit einem anderen; es gilt dessen Antwort:")
            + " "
            + _("Vorschlag Nr. %(id)s", id=response.duplicate_of_id)
        )
    lines.append(plain_text(response.text_html))
    return Entry(
        id=link,
        title=_("Antwort der Verwaltung: %(title)s", title=proposal.title),
        link=link,
        updated=response.updated_at,
        published=response.answered_at,
        summary=shorten("\n".join(line for line in lines if line)),
        author=response.responder.pseudonym,
    )


def _public_proposals(process: Process) -> tuple:
    """What the proposal list shows (proposals.services.list_proposals), and never one
    refused in pre-moderation (proposals.services.can_see)."""
    return (
        Proposal.process_id == process.id,
        Proposal.status == "published",
        Proposal.rejected.is_(False),
    )


def proposals_feed(*, slug: str) -> Feed:
    """A public process's published proposals and the official answers to them, newest
    first (two queries besides the process). Pending, refused, withdrawn and hidden
    proposals are not published, so neither they nor their answers appear."""
    process = public_process(slug)
    proposals = db.session.scalars(
        select(Proposal)
        .where(*_public_proposals(process))
        # The process is loaded already (the identity map answers proposal.process).
        .options(lazyload(Proposal.process))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .limit(FEED_SIZE)
    ).all()
    answers = db.session.execute(
        select(OfficialResponse, Proposal)
        .join(Proposal, Proposal.id == OfficialResponse.proposal_id)
        .where(*_public_proposals(process))
        .options(lazyload(Proposal.process))
        .order_by(OfficialResponse.updated_at.desc(), OfficialResponse.id.desc())
        .limit(FEED_SIZE)
    ).all()
    entries = [_proposal_entry(proposal) for proposal in proposals]
    entries += [_answer_entry(response, proposal) for response, proposal in answers]
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    self_url = url("feeds.proposals", slug=process.slug)
    return Feed(
        id=self_url,
        title=_("Vorschläge und Antworten: %(title)s", title=process.title),
        page=url("proposals.index", slug=process.slug),
        self_url=self_url,
        entries=entries[:FEED_SIZE],
    )


# -- results -------------------------------------------------------------------------------


def results_feed() -> Feed:
    """Published results reports, newest first (results.services.is_public in SQL)."""
    rows = db.session.execute(
        select(ResultsReport, Process)
        .join(Process, Process.id == ResultsReport.process_id)
        .where(ResultsReport.published_at.is_not(None), Process.status.in_(results.PUBLIC))
        .order_by(ResultsReport.published_at.desc(), ResultsReport.id.desc())
        .limit(FEED_SIZE)
    ).all()
    entries = []
    for report, process in rows:
        link = url("results.report", slug=process.slug)
        entries.append(
            Entry(
                id=link,
                title=_("Ergebnisbericht: %(title)s", title=process.title),
                link=link,
                updated=report.updated_at,
                published=report.published_at,
                summary=plain_text(report.summary_html),
                categories=_scope(process),
            )
        )
    self_url = url("feeds.results")
    return Feed(
        id=self_url,
        title=_("Ergebnisberichte"),
        subtitle=_("Was aus den Vorschlägen der Einwohner*innen geworden ist."),
        page=url("projects.index", phase="ergebnisse"),
        self_url=self_url,
        entries=entries,
    )


# -- phases --------------------------------------------------------------------------------


def _phase_event(phase: Phase, process: Process, *, with_place: bool = False) -> Happening:
    kind = REGISTRY[phase.kind]
    place = ""
    if with_place:
        place = process.district.name if process.district else _("Stadtweit")
    return Happening(
        uid=f"phase-{phase.id}@{host()}",
        summary=f"{kind.label}: {process.title}",
        # Phase dates are whole days in the city; iCalendar's end of a day event is the
        # day after it.
        starts=phase.starts_on,
        ends=phase.ends_on + timedelta(days=1),
        url=url("projects.detail", slug=process.slug),
        stamp=process.updated_at,
        description=shorten(phase.description or str(kind.description)),
        location=place,
    )


def phases_calendar(*, slug: str) -> Calendar:
    """Every phase of a public process, as whole-day events."""
    process = public_process(slug)
    return Calendar(
        name=_("Phasen: %(title)s", title=process.title),
        description=process.summary,
        page=url("projects.detail", slug=process.slug),
        events=[_phase_event(phase, process) for phase in process.phases],
    )


def dialogues_calendar(*, code: str) -> Calendar:
    """The dialogue phases of the public processes of a district and of the city-wide
    ones (residents of every district take part in those), the latest FEED_SIZE."""
    found = district(code)
    phases = db.session.scalars(
        select(Phase)
        .join(Process, Process.id == Phase.process_id)
        .where(
            Phase.kind == "dialogue",
            Process.status.in_(PUBLIC_STATUSES),
            or_(Process.district_id == found.id, Process.district_id.is_(None)),
        )
        .options(joinedload(Phase.process))
        .order_by(Phase.starts_on.desc(), Phase.id.desc())
        .limit(FEED_SIZE)
    ).all()
    return Calendar(
        name=_("Dialoge im Stadtbezirk %(name)s", name=found.name),
        description=_(
            "Wann Sie in %(name)s und stadtweit Vorschläge machen und mitdiskutieren können.",
            name=found.name,
        ),
        page=url("districts.detail", code=found.code),
        events=[_phase_event(phase, phase.process, with_place=True) for phase in phases],
    )
