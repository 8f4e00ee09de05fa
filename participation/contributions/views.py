"""Pages of contributions: a statement, event or offer with its comments or registration;
writing one for an organisation; the lists of upcoming events and of offers; and the
statements section of the process page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.comments import views as comment_views
from participation.comments.forms import CommentForm
from participation.comments.pages import thread_context
from participation.contributions import listing, registrations, services
from participation.contributions import moderation as _moderation  # noqa: F401 - registers
from participation.contributions.forms import KIND_LABELS, KIND_SLUGS, ContributionForm
from participation.core.errors import Forbidden, NotFound
from participation.core.forms import submit_form
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import generation_first
from participation.core.sitemap import public_page, sitemap_provider
from participation.districts.services import list_districts
from participation.extensions import db, limiter
from participation.features.services import module_on
from participation.partners import services as partners
from participation.projects.sections import Section, process_section, shared_section

bp = Blueprint("contributions", __name__)
BASE = "/netzwerk/beitraege"
_contribute_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"]
)


def _actor():
    return current_user._get_current_object()


def _page_number() -> int:
    return request.args.get("seite", 1, type=int) or 1


@bp.app_context_processor
def contribution_labels():
    return {"contribution_kinds": KIND_LABELS}


def _detail_context(contribution, *, comment_form=None, page: int = 1) -> dict:
    context = {
        "contribution": contribution,
        "may_change": services.may_change(_actor(), contribution),
        "registration": registrations.registration_of(_actor(), contribution),
    }
    if context["may_change"] and contribution.registration == "portal":
        context["participants"] = registrations.participants(contribution)
    if contribution.kind == "statement" and contribution.processes:
        process = contribution.processes[0]
        allowed = comment_views.refusals(process)
        context.update(
            allowed,
            process=process,
            **thread_context(process, page, contribution_id=contribution.id),
            comment_form=comment_form or CommentForm(official_allowed=allowed["official_allowed"]),
            thread_endpoint="contributions.detail",
            thread_params={"contribution_id": contribution.id},
        )
    return context


@bp.get(f"{BASE}/<id:contribution_id>")
@generation_first
def detail(contribution_id: int):
    contribution = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    if contribution.is_hidden:
        # Hidden by the moderation: the page shows only the reason and the explanation.
        return render_template(
            "contributions/detail.html",
            contribution=contribution,
            may_change=services.may_change(_actor(), contribution),
        )
    context = _detail_context(contribution, page=_page_number())
    if "thread" in context:
        return render_page_or_fragment(
            "contributions/detail.html", "comments/_thread.html", **context
        )
    return render_template("contributions/detail.html", **context)


def _organisation_for_writing(slug: str):
    organisation = partners.get_organisation(actor=_actor(), slug=slug[:80])
    if not services.may_publish(_actor(), organisation):
        raise Forbidden(_l("Beiträge veröffentlichen Mitglieder aktiver Partnerorganisationen."))
    return organisation


@bp.route(
    "/netzwerk/partner/<slug>/beitraege/neu/<any(stellungnahme, veranstaltung, angebot):art>",
    methods=["GET", "POST"],
)
@login_required
@_contribute_limit
def new(slug: str, art: str):
    """Write a statement, event or offer for the organisation."""
    organisation = _organisation_for_writing(slug)
    kind = KIND_SLUGS[art]
    if request.method == "GET":
        chosen = request.args.get("verfahren", "")[:20]
        form = ContributionForm(kind=kind, data={"processes": [chosen]} if chosen else None)
        return render_template(
            "contributions/form.html", form=form, organisation=organisation, kind=kind
        )
    form = ContributionForm(kind=kind)
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            services.publish(
                actor=_actor(), organisation=organisation, kind=kind, data=form.contribution()
            )
        ),
        done=_l("Der Beitrag ist veröffentlicht."),
        target=url_for("partners.detail", slug=organisation.slug),
    )
    if done:
        return redirect(url_for("contributions.detail", contribution_id=created[0].id), 303)
    return (
        render_template("contributions/form.html", form=form, organisation=organisation, kind=kind),
        status,
    )


def _changeable(contribution_id: int):
    contribution = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    if not services.may_change(_actor(), contribution):
        raise NotFound(_l("Diesen Beitrag gibt es nicht."))
    return contribution


@bp.route(f"{BASE}/<id:contribution_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(contribution_id: int):
    contribution = _changeable(contribution_id)
    if request.method == "GET":
        form = ContributionForm.of(contribution)
    else:
        form = ContributionForm(kind=contribution.kind)
        done, status = submit_form(
            form,
            lambda: services.edit(
                actor=_actor(), contribution=contribution, data=form.contribution()
            ),
            done=_l("Der Beitrag ist gespeichert."),
            target=url_for("contributions.detail", contribution_id=contribution.id),
        )
        if done:
            return done
        db.session.rollback()
    return (
        render_template(
            "contributions/form.html",
            form=form,
            organisation=contribution.organisation,
            kind=contribution.kind,
            contribution=contribution,
        ),
        200 if request.method == "GET" else status,
    )


@bp.post(f"{BASE}/<id:contribution_id>/zurueckziehen")
@login_required
def withdraw(contribution_id: int):
    contribution = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    services.withdraw(actor=_actor(), contribution=contribution)
    flash(str(_l("Der Beitrag ist zurückgezogen.")), "success")
    return redirect(url_for("partners.detail", slug=contribution.organisation.slug), 303)


@bp.post(f"{BASE}/<id:contribution_id>/anmelden")
@login_required
@_contribute_limit
def register(contribution_id: int):
    event = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    registration = registrations.register(actor=_actor(), event=event)
    if registration.status == "confirmed":
        flash(str(_l("Sie sind angemeldet.")), "success")
    else:
        flash(str(_l("Alle Plätze sind vergeben: Sie stehen auf der Warteliste.")), "success")
    return redirect(url_for("contributions.detail", contribution_id=event.id), 303)


@bp.post(f"{BASE}/<id:contribution_id>/abmelden")
@login_required
def cancel(contribution_id: int):
    event = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    registrations.cancel(actor=_actor(), event=event)
    flash(str(_l("Sie sind abgemeldet.")), "success")
    return redirect(url_for("contributions.detail", contribution_id=event.id), 303)


@bp.post(f"{BASE}/<id:contribution_id>/kommentare")
@login_required
@_contribute_limit
def comment(contribution_id: int):
    """A resident comments on a statement; the comment belongs to the statement's process
    and is moderated like every comment there."""
    statement = services.get_contribution(actor=_actor(), contribution_id=contribution_id)
    if statement.kind != "statement" or not statement.processes:
        raise NotFound(_l("Diese Stellungnahme gibt es nicht."))
    return comment_views.post_comment_form(
        statement.processes[0],
        None,
        None,
        again=lambda form, context: render_template(
            "contributions/detail.html", **_detail_context(statement, comment_form=form)
        ),
        contribution_id=statement.id,
    )


@bp.get("/netzwerk/veranstaltungen")
@public_page
def events():
    district = request.args.get("bezirk", "")[:10]
    result = listing.listed(kind="event", district_code=district or None, page=_page_number())
    return render_template(
        "contributions/list.html",
        kind="event",
        result=result,
        district=district,
        districts=list_districts(),
    )


@bp.get("/netzwerk/angebote")
@public_page
def offers():
    district = request.args.get("bezirk", "")[:10]
    result = listing.listed(kind="offer", district_code=district or None, page=_page_number())
    return render_template(
        "contributions/list.html",
        kind="offer",
        result=result,
        district=district,
        districts=list_districts(),
    )


@process_section(order=25)
def statements_section(process, actor) -> Section | None:
    """Partners' statements, under their names and apart from residents' proposals."""
    if not process.is_public or not module_on("network"):
        return None
    # Members of partner organisations see the way to write a statement for theirs.
    writers = tuple(organisation.id for organisation in organisations_to_write_for())
    return shared_section(
        "contributions/_process_section.html",
        (process.id, writers),
        lambda: {"statements": listing.statements_for(process), "process": process},
    )


@bp.app_template_global("contributions_of")
def contributions_of(organisation):
    return listing.of_organisation(organisation)


@bp.app_template_global("organisations_to_write_for")
def organisations_to_write_for():
    """The active organisations the signed-in user may publish for (no query: roles are
    loaded with the user)."""
    actor = _actor()
    if not actor.is_authenticated:
        return []
    return [
        a.organisation
        for a in actor.roles
        if a.organisation is not None and a.organisation.is_active
    ]


@sitemap_provider
def contribution_pages():
    from sqlalchemy import select

    from participation.contributions.models import Contribution

    ids = db.session.scalars(
        select(Contribution.id).where(*Contribution.shown()).order_by(Contribution.id)
    )
    return [("contributions.detail", {"contribution_id": i}) for i in ids]
