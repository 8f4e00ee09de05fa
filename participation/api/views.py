"""The public read API under /api/v1: the same services and filters as the pages, seen as a
visitor sees them whoever asks (no session, no cookie), as JSON with links between resources.

Each route is declared with `operation`, which also files it for the OpenAPI document
(participation/api/spec.py): path, parameters, answer schema and descriptions come from here."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from participation.answers.accountability import by_district
from participation.answers.models import OfficialResponse
from participation.api import schemas as s
from participation.api.http import (
    add_cors,
    json_response,
    page_answer,
    parameters,
    self_link,
)
from participation.comments import services as comment_services
from participation.contributions.listing import listed
from participation.coordination.register import list_planned
from participation.core.clock import local_today
from participation.council import services as council_services
from participation.districts.models import ActionField, District
from participation.extensions import csrf, db, limiter
from participation.features.services import endpoint_on
from participation.partners.directory import list_partners
from participation.partners.models import PartnerOrganisation
from participation.projects import listing
from participation.projects.models import PUBLIC_STATUSES, Process
from participation.proposals import services as proposal_services
from participation.results import figures as results_figures
from participation.results import services as results_services

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def client_address() -> str:
    """The API is limited per client address, signed in or not (it never reads a session)."""
    return f"api:{request.remote_addr or 'unknown'}"


limiter.limit(lambda: current_app.config["RATELIMIT_API"], key_func=client_address)(bp)
# Nothing here changes anything and nothing reads a session: another method gets a plain 405.
csrf.exempt(bp)


@dataclass
class Operation:
    """One documented GET route."""

    endpoint: str
    rule: str
    summary: tuple[str, str]
    response: type
    tag: str
    query: type | None = None
    path_params: dict[str, tuple[str, dict]] = field(default_factory=dict)
    not_found: bool = False


OPERATIONS: list[Operation] = []


def operation(rule: str, *, summary, response, tag, query=None, path_params=None):
    """Register a GET route of the API and file it for the OpenAPI document."""

    def decorate(view):
        OPERATIONS.append(
            Operation(
                endpoint=f"api.{view.__name__}",
                rule=rule,
                summary=summary,
                response=response,
                tag=tag,
                query=query,
                path_params=path_params or {},
                not_found=bool(path_params),
            )
        )
        return bp.get(rule)(view)

    return decorate


@bp.after_request
def public_answer(response):
    """Every answer may be read from other sites' scripts; none carries a session."""
    return add_cors(response)


def visitor():
    """Whoever asks, the API shows what a visitor sees."""
    return AnonymousUserMixin()


def _public_process(slug: str) -> Process:
    process = db.session.scalar(
        select(Process).where(Process.slug == slug[:120], Process.status.in_(PUBLIC_STATUSES))
    )
    if process is None:
        raise NotFound(_("Dieses Verfahren gibt es nicht."))
    return process


# Path parameters: description and schema; the examples name the demo data's resources.
SLUG = (
    "Kürzel des Verfahrens / The process's slug",
    {"type": "string", "maxLength": 120, "examples": ["neue-wege-am-lindener-markt"]},
)
PROPOSAL_ID = (
    "Nummer des Vorschlags / The proposal's id",
    {"type": "integer", "minimum": 1, "maximum": 2_147_483_647, "examples": [1]},
)


# --- index, districts, action fields ------------------------------------------------------


@operation(
    "/",
    summary=("Einstiege der API", "Entry points of the API"),
    response=s.IndexSchema,
    tag="Allgemein / General",
)
def index():
    names = {
        "districts": "api.districts",
        "action_fields": "api.action_fields",
        "processes": "api.processes",
        "register": "api.register",
        "partners": "api.partners",
        "contributions": "api.contributions",
        "accountability": "api.accountability",
        "openapi": "api.openapi",
        "reference": "api_docs.reference",
    }
    return json_response(
        {
            "name": "Beteiligungsportal",
            "version": "1",
            "links": {
                key: s.url(endpoint) for key, endpoint in names.items() if endpoint_on(endpoint)
            },
        }
    )


@operation(
    "/districts",
    summary=("Die 13 Stadtbezirke mit ihren Stadtteilen", "The 13 districts with their quarters"),
    response=s.collection(s.DistrictSchema, "DistrictCollection"),
    tag="Stadt / City",
)
def districts():
    rows = db.session.scalars(select(District).order_by(District.code)).unique().all()
    return json_response(
        {"data": s.DistrictSchema(many=True).dump(rows), "links": {"self": self_link()}}
    )


@operation(
    "/districts/<code>",
    summary=("Ein Stadtbezirk", "One district"),
    response=s.resource(s.DistrictSchema, "DistrictResource"),
    tag="Stadt / City",
    path_params={
        "code": ("Bezirksnummer 01–13 / District code", {"type": "string", "examples": ["10"]})
    },
)
def district(code: str):
    row = db.session.scalar(select(District).where(District.code == code[:2]))
    if row is None:
        raise NotFound(_("Diesen Bezirk gibt es nicht."))
    return json_response({"data": s.DistrictSchema().dump(row), "links": {"self": self_link()}})


@operation(
    "/action-fields",
    summary=("Die Handlungsfelder", "The action fields"),
    response=s.collection(s.ActionFieldSchema, "ActionFieldCollection"),
    tag="Stadt / City",
)
def action_fields():
    rows = db.session.scalars(select(ActionField).order_by(ActionField.position, ActionField.id))
    return json_response(
        {"data": s.ActionFieldSchema(many=True).dump(rows), "links": {"self": self_link()}}
    )


# --- processes, proposals, comments, results ----------------------------------------------


@operation(
    "/processes",
    summary=(
        "Veröffentlichte Verfahren, gefiltert wie auf /verfahren",
        "Published processes, filtered as on /verfahren",
    ),
    response=s.page_of(s.ProcessSummary, "ProcessList"),
    query=s.ProcessQuery,
    tag="Verfahren / Processes",
)
def processes():
    params = parameters(s.ProcessQuery)
    result = listing.list_processes(
        today=local_today(),
        district_code=params.get("district"),
        action_field_slug=params.get("action_field"),
        phase=params.get("phase"),
        query=params.get("q"),
        sort=params["sort"],
        page=params["page"],
        per_page=params["per_page"],
    )
    return page_answer(s.ProcessSummary, result.items, result, params, "api.processes")


@operation(
    "/processes/<slug>",
    summary=(
        "Ein Verfahren mit Phasen und Drucksachen",
        "One process with its phases and council papers",
    ),
    response=s.resource(s.ProcessDetail, "ProcessResource"),
    tag="Verfahren / Processes",
    path_params={"slug": SLUG},
)
def process(slug: str):
    found = _public_process(slug)
    data = s.ProcessDetail().dump(Overlay(found, **council_of(found)))
    return json_response({"data": data, "links": {"self": self_link()}})


class Overlay:
    """An object read like `base`, with some attributes given instead (for the schemas)."""

    def __init__(self, base, **given):
        self._base = base
        self.__dict__.update(given)

    def __getattr__(self, name):
        return getattr(self._base, name)


def council_of(process: Process) -> dict:
    """The process's council papers with the local OParl copy (a fixed number of queries)."""
    record = council_services.record_for(process)
    return {
        "council_documents": [
            {"number": d.number, "title": d.title, "papers": record.papers.get(d.number, [])}
            for d in record.documents
        ],
        "council_as_of": record.state.last_success_at if record.state else None,
    }


def _answers(proposal_ids: list[int]) -> dict[int, OfficialResponse]:
    if not proposal_ids:
        return {}
    rows = db.session.scalars(
        select(OfficialResponse).where(OfficialResponse.proposal_id.in_(proposal_ids))
    )
    return {row.proposal_id: row for row in rows}


def proposal_data(proposal, answer: OfficialResponse | None) -> dict:
    """A proposal as the API shows it: withdrawn and hidden ones without their content."""
    public = proposal.status == "published"
    return {
        "id": proposal.id,
        "status": proposal.status,
        "title": proposal.title if public else None,
        "body_html": proposal.body_html if public else None,
        "category": proposal.category if public else None,
        "quarter": proposal.quarter if public else None,
        "place": proposal.place if public else None,
        "created_at": proposal.created_at,
        "edited_at": proposal.edited_at if public else None,
        "response_status": proposal.response_status,
        "support_count": proposal.support_count,
        "comment_count": proposal.comment_count,
        # The page shows no answer under a withdrawn or hidden proposal (it may quote it).
        "answer": None
        if answer is None or not public
        else {
            "status": answer.status,
            "text_html": answer.text_html,
            "answered_at": answer.answered_at,
            "updated_at": answer.updated_at,
            "duplicate_of": answer.duplicate_of_id,
        },
        "links": {
            "self": s.url("api.proposal", proposal_id=proposal.id),
            "html": s.url("proposals.detail", proposal_id=proposal.id),
            "comments": s.url("api.comments", proposal_id=proposal.id),
            "process": s.url("api.process", slug=proposal.process.slug),
        },
    }


@operation(
    "/processes/<slug>/proposals",
    summary=(
        "Die veröffentlichten Vorschläge eines Verfahrens mit Zählern und Antwort",
        "A process's published proposals with counters and the official answer",
    ),
    response=s.page_of(s.ProposalSchema, "ProposalList"),
    query=s.ProposalQuery,
    tag="Vorschläge / Proposals",
    path_params={"slug": SLUG},
)
def proposals(slug: str):
    found = _public_process(slug)
    params = parameters(s.ProposalQuery)
    result = proposal_services.list_proposals(
        process=found,
        sort=params["sort"],
        category_id=params.get("category"),
        answer=params.get("answer"),
        query=params.get("q"),
        page=params["page"],
        seed=params.get("seed"),
        per_page=params["per_page"],
        with_authors=False,
    )
    if result.seed:
        params["seed"] = result.seed
    answers = _answers([p.id for p in result.items])
    return page_answer(
        s.ProposalSchema,
        [proposal_data(p, answers.get(p.id)) for p in result.items],
        result,
        params,
        "api.proposals",
        slug=found.slug,
    )


def _visible_proposal(proposal_id: int):
    """Published proposals, and withdrawn or hidden ones as an empty place, of public
    processes; pending and rejected ones do not exist here."""
    proposal = db.session.get(proposal_services.Proposal, proposal_id)
    if (
        proposal is None
        or proposal.rejected
        or proposal.status == "pending"
        or proposal.process.status not in PUBLIC_STATUSES
    ):
        raise NotFound(_("Diesen Vorschlag gibt es nicht."))
    return proposal


@operation(
    "/proposals/<id:proposal_id>",
    summary=("Ein Vorschlag mit der Antwort der Verwaltung", "One proposal with its answer"),
    response=s.resource(s.ProposalSchema, "ProposalResource"),
    tag="Vorschläge / Proposals",
    path_params={"proposal_id": PROPOSAL_ID},
)
def proposal(proposal_id: int):
    found = _visible_proposal(proposal_id)
    answer = _answers([found.id]).get(found.id)
    return json_response(
        {
            "data": s.ProposalSchema().dump(proposal_data(found, answer)),
            "links": {"self": self_link()},
        }
    )


def comment_data(comment) -> dict:
    public = comment.status == "published"
    return {
        "id": comment.id,
        "status": comment.status,
        "body_html": comment.body_html if public else None,
        "is_official": comment.is_official,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at if public else None,
        "up_count": comment.up_count,
        "down_count": comment.down_count,
    }


@operation(
    "/proposals/<id:proposal_id>/comments",
    summary=(
        "Die öffentlichen Kommentare eines Vorschlags, Seite für Seite mit ihren Antworten",
        "A proposal's public comments, a page of threads with their replies",
    ),
    response=s.page_of(s.CommentSchema, "CommentList"),
    query=s.PageQuery,
    tag="Vorschläge / Proposals",
    path_params={"proposal_id": PROPOSAL_ID},
)
def comments(proposal_id: int):
    found = _visible_proposal(proposal_id)
    params = parameters(s.PageQuery)
    result = comment_services.thread(
        actor=visitor(),
        process=found.process,
        proposal=found,
        page=params["page"],
        per_page=params["per_page"],
    )
    data = [
        {**comment_data(c), "replies": [comment_data(r) for r in result.replies[c.id]]}
        for c in result.comments
    ]
    return page_answer(s.CommentSchema, data, result, params, "api.comments", proposal_id=found.id)


@operation(
    "/processes/<slug>/results",
    summary=(
        "Der veröffentlichte Ergebnisbericht mit seinen Zahlen",
        "The published results report with its figures",
    ),
    response=s.resource(s.ResultsSchema, "ResultsResource"),
    tag="Verfahren / Processes",
    path_params={"slug": SLUG},
)
def results(slug: str):
    found = _public_process(slug)
    report = results_services.report_of(found)
    if not results_services.is_public(found, report):
        raise NotFound(_("Für dieses Verfahren ist noch kein Ergebnisbericht veröffentlicht."))
    numbers = results_figures.figures(found)
    from participation.answers.accountability import for_process

    data = {
        "process": found,
        "summary_html": report.summary_html,
        "next_steps_html": report.next_steps_html,
        "published_at": report.published_at,
        "totals": numbers.totals,
        "by_quarter": [
            {"quarter": q, "district": d, "proposals": n} for q, d, n in numbers.by_quarter
        ],
        "by_week": [
            {"week_start": w, "proposals": p, "comments": c} for w, p, c in numbers.by_week
        ],
        "answers": for_process(found),
        **council_of(found),
    }
    return json_response({"data": s.ResultsSchema().dump(data), "links": {"self": self_link()}})


# --- the Vorhabenliste, the network, accountability ---------------------------------------


@operation(
    "/register",
    summary=(
        "Die Vorhabenliste: geplante und laufende Verfahren, der früheste Beginn zuerst",
        "The register of planned and running processes, soonest start first",
    ),
    response=s.page_of(s.PlannedSchema, "PlannedList"),
    query=s.RegisterQuery,
    tag="Vorhabenliste / Register",
)
def register():
    params = parameters(s.RegisterQuery)
    result = list_planned(
        district_code=params.get("district"), page=params["page"], per_page=params["per_page"]
    )
    return page_answer(s.PlannedSchema, result.items, result, params, "api.register")


@operation(
    "/partners",
    summary=(
        "Die Partnerorganisationen des Netzwerks",
        "The partner organisations of the civic-engagement network",
    ),
    response=s.page_of(s.PartnerSchema, "PartnerList"),
    query=s.PartnerQuery,
    tag="Netzwerk / Network",
)
def partners():
    params = parameters(s.PartnerQuery)
    result = list_partners(
        kind=params.get("kind"),
        district_code=params.get("district"),
        action_field_slug=params.get("action_field"),
        query=params.get("q"),
        page=params["page"],
        per_page=params["per_page"],
    )
    return page_answer(s.PartnerSchema, result.items, result, params, "api.partners")


@operation(
    "/partners/<slug>",
    summary=("Eine Partnerorganisation", "One partner organisation"),
    response=s.resource(s.PartnerSchema, "PartnerResource"),
    tag="Netzwerk / Network",
    path_params={
        "slug": (
            "Kürzel / Slug",
            {"type": "string", "maxLength": 80, "examples": ["stadtteiltreff-linden"]},
        )
    },
)
def partner(slug: str):
    found = db.session.scalar(
        select(PartnerOrganisation).where(
            PartnerOrganisation.slug == slug[:80], PartnerOrganisation.status == "active"
        )
    )
    if found is None:
        raise NotFound(_("Diese Organisation gibt es nicht."))
    return json_response({"data": s.PartnerSchema().dump(found), "links": {"self": self_link()}})


@operation(
    "/contributions",
    summary=(
        "Beiträge der Partner: kommende Veranstaltungen, Angebote, Stellungnahmen",
        "Partners' contributions: upcoming events, offers, statements",
    ),
    response=s.page_of(s.ContributionSchema, "ContributionList"),
    query=s.ContributionQuery,
    tag="Netzwerk / Network",
)
def contributions():
    params = parameters(s.ContributionQuery)
    result = listed(
        kind=params["kind"],
        district_code=params.get("district"),
        page=params["page"],
        limit=params["per_page"],
    )
    return page_answer(s.ContributionSchema, result.items, result, params, "api.contributions")


@operation(
    "/accountability",
    summary=(
        "Rechenschaft: beantwortete und überfällige Vorschläge je Bezirk",
        "Accountability: answered and overdue proposals per district",
    ),
    response=s.resource(s.AccountabilitySchema, "AccountabilityResource"),
    tag="Verfahren / Processes",
)
def accountability():
    rows, city = by_district()
    data = {"districts": rows, "city": city}
    return json_response(
        {"data": s.AccountabilitySchema().dump(data), "links": {"self": self_link()}}
    )
