"""Follow and stop following processes, proposals, partner organisations and working groups
(plain forms first; with htmx the button swaps itself)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.accounts.forms import require_confirmed
from participation.core.errors import NotFound
from participation.extensions import db, htmx
from participation.follows import services
from participation.network.models import WorkingGroup
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Process
from participation.proposals.models import Proposal

bp = Blueprint("follows", __name__)


def _process(slug: str) -> Process:
    process = db.session.scalar(select(Process).where(Process.slug == slug[:120]))
    if process is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def _proposal(proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(_("Diesen Vorschlag gibt es nicht."))
    return proposal


def _organisation(slug: str) -> PartnerOrganisation:
    found = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.slug == slug[:120])
    )
    if found is None:
        raise NotFound(_("Diese Organisation gibt es nicht."))
    return found


def _group(slug: str) -> WorkingGroup:
    found = db.session.scalar(select(WorkingGroup).where(WorkingGroup.slug == slug[:80]))
    if found is None:
        raise NotFound(_("Diese Arbeitsgruppe gibt es nicht."))
    return found


_FOLLOW_ENDPOINTS = {
    Process: ("follows.follow_process", "follows.unfollow_process", "slug"),
    Proposal: ("follows.follow_proposal", "follows.unfollow_proposal", "proposal_id"),
    PartnerOrganisation: ("follows.follow_organisation", "follows.unfollow_organisation", "slug"),
    WorkingGroup: ("follows.follow_group", "follows.unfollow_group", "slug"),
}


def follow_urls(item) -> tuple[str, str]:
    """The follow and the stop-following address of an item (for the button's template)."""
    on, off, name = _FOLLOW_ENDPOINTS[type(item)]
    value = item.id if name == "proposal_id" else item.slug
    return url_for(on, **{name: value}), url_for(off, **{name: value})


def _back(process: Process):
    return redirect(url_for("coordination.planned", _anchor=f"vorhaben-{process.id}"), 303)


@bp.post("/vorhabenliste/<slug>/folgen")
@login_required
def follow(slug: str):
    process = _process(slug)
    require_confirmed()
    services.follow(actor=current_user._get_current_object(), process=process)
    flash(
        _(
            "Sie folgen „%(title)s“. Wir schreiben Ihnen, sobald das Verfahren beginnt.",
            title=process.title,
        ),
        "success",
    )
    return _back(process)


@bp.post("/vorhabenliste/<slug>/nicht-mehr-folgen")
@login_required
def unfollow(slug: str):
    process = _process(slug)
    require_confirmed()
    services.unfollow(actor=current_user._get_current_object(), process=process)
    flash(_("Sie folgen „%(title)s“ nicht mehr.", title=process.title), "success")
    return _back(process)


def _toggle(item, *, on: bool, title: str, page: str):
    """Follow or stop; htmx gets the button in its new state, a plain form the page."""
    require_confirmed()
    actor = current_user._get_current_object()
    if on:
        services.follow(actor=actor, item=item)
        message = _("Sie folgen „%(title)s“.", title=title)
    else:
        services.unfollow(actor=actor, item=item)
        message = _("Sie folgen „%(title)s“ nicht mehr.", title=title)
    if htmx:
        return render_template(
            "follows/_button.html", item=item, following=on, title=title, announce=message
        )
    flash(message, "success")
    return redirect(page, 303)


@bp.post("/verfahren/<slug>/folgen")
@login_required
def follow_process(slug: str):
    process = _process(slug)
    page = url_for("projects.detail", slug=process.slug)
    return _toggle(process, on=True, title=process.title, page=page)


@bp.post("/verfahren/<slug>/nicht-mehr-folgen")
@login_required
def unfollow_process(slug: str):
    process = _process(slug)
    page = url_for("projects.detail", slug=process.slug)
    return _toggle(process, on=False, title=process.title, page=page)


@bp.post("/vorschlaege/<id:proposal_id>/folgen")
@login_required
def follow_proposal(proposal_id: int):
    proposal = _proposal(proposal_id)
    page = url_for("proposals.detail", proposal_id=proposal.id)
    return _toggle(proposal, on=True, title=proposal.title, page=page)


@bp.post("/vorschlaege/<id:proposal_id>/nicht-mehr-folgen")
@login_required
def unfollow_proposal(proposal_id: int):
    proposal = _proposal(proposal_id)
    page = url_for("proposals.detail", proposal_id=proposal.id)
    return _toggle(proposal, on=False, title=proposal.title, page=page)


@bp.post("/netzwerk/partner/<slug>/folgen")
@login_required
def follow_organisation(slug: str):
    found = _organisation(slug)
    page = url_for("partners.detail", slug=found.slug)
    return _toggle(found, on=True, title=found.name, page=page)


@bp.post("/netzwerk/partner/<slug>/nicht-mehr-folgen")
@login_required
def unfollow_organisation(slug: str):
    found = _organisation(slug)
    page = url_for("partners.detail", slug=found.slug)
    return _toggle(found, on=False, title=found.name, page=page)


@bp.post("/netzwerk/arbeitsgruppen/<slug>/folgen")
@login_required
def follow_group(slug: str):
    found = _group(slug)
    page = url_for("network.group", slug=found.slug)
    return _toggle(found, on=True, title=found.title, page=page)


@bp.post("/netzwerk/arbeitsgruppen/<slug>/nicht-mehr-folgen")
@login_required
def unfollow_group(slug: str):
    found = _group(slug)
    page = url_for("network.group", slug=found.slug)
    return _toggle(found, on=False, title=found.title, page=page)
