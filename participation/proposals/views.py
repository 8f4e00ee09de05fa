"""Proposal pages: the list of a process, submit, the proposal page, edit, withdraw, and
the similar-titles hint while typing."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import ConfirmForm
from participation.comments import services as comment_services
from participation.comments.forms import CommentForm
from participation.comments.pages import thread_context
from participation.core.clock import local_today, utcnow
from participation.core.errors import Conflict, DomainError
from participation.core.forms import show_service_error
from participation.core.fragments import Deferred
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import cached_for_visitors
from participation.core.permissions import require
from participation.core.sitemap import sitemap_provider
from participation.districts.services import list_quarters
from participation.extensions import db, htmx, limiter
from participation.maps.services import proposal_map
from participation.projects import services as process_services
from participation.projects import stages
from participation.projects.models import PUBLIC_STATUSES, Process
from participation.projects.sections import Section, process_section
from participation.proposals import services
from participation.proposals.forms import ProposalFilterForm, ProposalForm
from participation.proposals.models import Proposal
from participation.votes import services as vote_services

bp = Blueprint("proposals", __name__)


def _actor():
    return current_user._get_current_object()


def _list_context(process: Process, args) -> dict:
    """The list of a process's proposals for proposals/_list.html, loaded only when no kept
    copy serves (core.fragments): the cards look the same for everyone."""
    quarters = list_quarters(process.district_id)
    form = ProposalFilterForm(args, process=process, quarters=quarters)
    valid = form.validate()
    filters = form.filters()
    fresh_seed = filters["sort"] == "zufall" and not filters["seed"]
    if fresh_seed:
        # A fresh seed per visit; the pagination links carry it, so pages do not overlap.
        filters["seed"] = secrets.randbelow(1_999_999_999) + 1
    page = args.get("seite", 1, type=int) or 1
    return {
        "process": process,
        "filter_form": form,
        "result": Deferred(lambda: services.list_proposals(process=process, page=page, **filters)),
        "seed": filters["seed"] if filters["sort"] == "zufall" else None,
        # The list also reads the request's own filter arguments (its pagination keeps them).
        "list_key": None
        if fresh_seed
        else (
            process.id,
            page,
            sorted(filters.items()),
            [
                request.args.get(name)
                for name in ("q", "kategorie", "antwort", "sort", "stadtteil", "ansicht")
            ],
        ),
        "valid": valid,
        **_map_context(process, quarters, filters["quarter_id"], args),
    }


def _map_context(process: Process, quarters, selected: int | None, args) -> dict:
    """The map beside the list (maps/services.py), open when asked for or filtered by it;
    the same for everyone, so kept as a shared part under `map_key`."""
    is_open = args.get("ansicht") == "karte" or selected is not None
    return {
        "proposal_map": Deferred(
            lambda: proposal_map(
                process,
                quarters,
                selected=selected,
                quarter_url=lambda q: (
                    url_for("proposals.index", slug=process.slug, stadtteil=q.id, ansicht="karte")
                    + "#karte"
                ),
            )
        ),
        "map_open": is_open,
        "map_key": (process.id, selected, is_open),
    }


def _participation(process: Process) -> dict:
    """What the viewer may do here, with the reason when not (shown instead of the form)."""
    actor = _actor()
    return {
        "refusals": vote_services.refusals_for(
            actor, process, ("propose", "comment", "support", "rate")
        ),
        "official_allowed": comment_services.may_post_officially(actor, process),
    }


@process_section(order=10)
def proposals_section(process: Process, actor) -> Section | None:
    if not process.is_public:
        return None
    context = _list_context(process, request.args if request.endpoint == "projects.detail" else {})
    context.update(_participation(process))
    context["pending"] = services.proposals_of_author(actor=actor, process=process)
    return Section("proposals/_section.html", context)


@bp.get("/verfahren/<slug>/vorschlaege")
@cached_for_visitors
def index(slug: str):
    process = process_services.get_process(actor=_actor(), slug=slug[:120])
    context = _list_context(process, request.args)
    response = render_page_or_fragment(
        "proposals/index.html",
        "proposals/_list_fragment.html",
        status=200 if context.pop("valid") else 400,
        **context,
        **_participation(process),
    )
    seed = context["seed"]
    if seed and request.args.get("seed") != str(seed):
        # The random order's seed goes into the address, so reloading, the back button and
        # a shared link show the same order.
        url = url_for(
            "proposals.index", slug=process.slug, **_list_args(context["filter_form"], seed)
        )
        if not htmx:
            return redirect(url, 303)
        response.headers["HX-Push-Url"] = url
    return response


def _list_args(form: ProposalFilterForm, seed: int) -> dict:
    args = {
        name: form[name].data
        for name in ("q", "kategorie", "antwort", "stadtteil")
        if form[name].data
    }
    if request.args.get("ansicht") == "karte":
        args["ansicht"] = "karte"
    return {**args, "sort": "zufall", "seed": seed}


@bp.route("/verfahren/<slug>/vorschlaege/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"])
def new(slug: str):
    process = process_services.get_process(actor=_actor(), slug=slug[:120])
    form = ProposalForm(process=process, quarters=list_quarters(process.district_id))
    refusal = stages.participation_refusal(
        _actor(), process, "propose", today=local_today(), now=utcnow()
    )
    if refusal is not None:
        # Say why, keep what was typed (the form stays on the page), and answer with a 4xx.
        form.validate_on_submit()
        return render_template(
            "proposals/form.html", form=form, process=process, refusal=refusal.message
        ), refusal.status_code
    if form.validate_on_submit():
        try:
            proposal = services.submit_proposal(
                actor=_actor(),
                process=process,
                submission=form.submission.data,
                **form.service_arguments(),
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            if proposal.status == "pending":
                flash(
                    _(
                        "Danke! Ihr Vorschlag wartet auf Freigabe durch die Moderation und ist "
                        "danach für alle sichtbar."
                    ),
                    "success",
                )
            else:
                flash(_("Danke! Ihr Vorschlag ist veröffentlicht."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("proposals/form.html", form=form, process=process), status


@bp.get("/verfahren/<slug>/vorschlaege/aehnliche")
@limiter.limit(lambda: current_app.config["RATELIMIT_LOOKUP"])
def similar(slug: str):
    """Proposals that may already say the same; htmx asks while the title is typed."""
    process = process_services.get_process(actor=_actor(), slug=slug[:120])
    title = request.args.get("title", "")[:150]
    proposals = services.similar_proposals(process=process, title=title)
    return render_page_or_fragment(
        "proposals/similar.html",
        "proposals/_similar.html",
        process=process,
        proposals=proposals,
        title=title,
    )


def detail_context(proposal: Proposal, comment_form: CommentForm | None = None) -> dict:
    actor = _actor()
    page = request.args.get("seite", 1, type=int) or 1
    participation = _participation(proposal.process)
    # A withdrawn or hidden proposal is read-only; closed comments still take ratings.
    if proposal.status != "published":
        closed = Conflict(_("Dieser Vorschlag nimmt keine Beiträge mehr an."))
        participation["refusals"].update(comment=closed, rate=closed, support=closed)
        participation["official_allowed"] = False
    elif proposal.comments_closed:
        participation["refusals"]["comment"] = Conflict(
            _("Die Kommentare zu diesem Vorschlag sind geschlossen.")
        )
        participation["official_allowed"] = False
    return {
        "proposal": proposal,
        "process": proposal.process,
        **thread_context(proposal.process, page, proposal=proposal),
        "comment_form": comment_form
        or CommentForm(official_allowed=participation["official_allowed"]),
        "supported": vote_services.has_supported(actor, proposal),
        "edit_refusal": services.edit_refusal(actor, proposal),
        "confirm_form": ConfirmForm(),
        "thread_endpoint": "proposals.detail",
        "thread_params": {"proposal_id": proposal.id},
        **participation,
    }


@bp.get("/vorschlaege/<id:proposal_id>")
@cached_for_visitors
def detail(proposal_id: int):
    """The proposal with its thread; htmx pages the thread in place."""
    proposal = services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    return render_page_or_fragment(
        "proposals/detail.html", "comments/_thread.html", **detail_context(proposal)
    )


@bp.route("/vorschlaege/<id:proposal_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    process = proposal.process
    form = ProposalForm(
        process=process,
        quarters=list_quarters(process.district_id),
        data={
            "title": proposal.title,
            "body": proposal.body_markdown,
            "category": proposal.category_id,
            "quarter": proposal.quarter_id,
            "place": proposal.place,
        },
    )
    require(
        _actor(),
        "change_proposal",
        proposal,
        _("Nur wer den Vorschlag gemacht hat, kann ihn bearbeiten."),
    )
    refusal = services.edit_refusal(_actor(), proposal)
    if refusal is not None:
        form.validate_on_submit()
        status = 409 if request.method == "POST" else 200
        return render_template(
            "proposals/form.html", form=form, process=process, proposal=proposal, refusal=refusal
        ), status
    if form.validate_on_submit():
        try:
            services.edit_proposal(actor=_actor(), proposal=proposal, **form.service_arguments())
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(_("Ihre Änderungen sind gespeichert."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "proposals/form.html", form=form, process=process, proposal=proposal
    ), status


@bp.post("/vorschlaege/<id:proposal_id>/zurueckziehen")
@login_required
def withdraw(proposal_id: int):
    proposal = services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    if ConfirmForm().validate_on_submit():
        services.withdraw_proposal(actor=_actor(), proposal=proposal)
        flash(_("Ihr Vorschlag ist zurückgezogen."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id), 303)


@sitemap_provider
def proposal_pages():
    from sqlalchemy import select

    ids = db.session.scalars(
        select(Proposal.id)
        .join(Process, Process.id == Proposal.process_id)
        .where(Proposal.status == "published", Process.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.id)
    )
    return [("proposals.detail", {"proposal_id": proposal_id}) for proposal_id in ids]
