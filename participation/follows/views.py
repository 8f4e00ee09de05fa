"""Follow and stop following processes, proposals, partner organisations and working groups
(plain forms first; with htmx the button swaps itself)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Followable:
    """One kind of thing to follow: where it lives, how it is found, its page and name."""

    path: str  # the item's URL, the follow routes hang below it
    argument: str
    load: Callable
    page: Callable
    title: Callable


FOLLOWABLE = {
    Process: Followable(
        "/verfahren/<slug>",
        "slug",
        _process,
        lambda item: url_for("projects.detail", slug=item.slug),
        lambda item: item.title,
    ),
    Proposal: Followable(
        "/vorschlaege/<id:proposal_id>",
        "proposal_id",
        _proposal,
        lambda item: url_for("proposals.detail", proposal_id=item.id),
        lambda item: item.title,
    ),
    PartnerOrganisation: Followable(
        "/netzwerk/partner/<slug>",
        "slug",
        _organisation,
        lambda item: url_for("partners.detail", slug=item.slug),
        lambda item: item.name,
    ),
    WorkingGroup: Followable(
        "/netzwerk/arbeitsgruppen/<slug>",
        "slug",
        _group,
        lambda item: url_for("network.group", slug=item.slug),
        lambda item: item.title,
    ),
}
_NAMES = {Process: "process", Proposal: "proposal", PartnerOrganisation: "organisation"}


def _name(model) -> str:
    return _NAMES.get(model, "group")


def follow_urls(item) -> tuple[str, str]:
    """The follow and the stop-following address of an item (for the button's template)."""
    kind = FOLLOWABLE[type(item)]
    value = {kind.argument: item.id if kind.argument == "proposal_id" else item.slug}
    name = _name(type(item))
    return url_for(f"follows.follow_{name}", **value), url_for(f"follows.unfollow_{name}", **value)


def _route(kind: Followable, *, on: bool):
    @login_required
    def view(**values):
        item = kind.load(*values.values())
        return _toggle(item, on=on, title=kind.title(item), page=kind.page(item))

    return view


# POST <item>/folgen and <item>/nicht-mehr-folgen for every kind, as follows.follow_<kind>
# and follows.unfollow_<kind>.
for _model, _kind in FOLLOWABLE.items():
    for _on, _verb, _segment in (
        (True, "follow", "folgen"),
        (False, "unfollow", "nicht-mehr-folgen"),
    ):
        bp.add_url_rule(
            f"{_kind.path}/{_segment}",
            f"{_verb}_{_name(_model)}",
            _route(_kind, on=_on),
            methods=["POST"],
        )
