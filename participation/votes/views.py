"""Support and rating buttons. htmx swaps the widget in place; without JavaScript the form
posts and the answer sends back to the same spot on the page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import ConfirmForm, require_confirmed
from participation.comments import services as comment_services
from participation.comments.views import location
from participation.core.errors import Invalid
from participation.extensions import htmx, limiter
from participation.proposals import services as proposal_services
from participation.votes import services
from participation.votes.forms import RatingForm

bp = Blueprint("votes", __name__)
_vote_limit = limiter.limit(lambda: current_app.config["RATELIMIT_VOTE"], methods=["POST"])


def _actor():
    return current_user._get_current_object()


def _answer(template: str, back: str, message: str, **context):
    if htmx:
        response = make_response(render_template(template, status_message=message, **context))
        response.vary.add("HX-Request")
        return response
    flash(message, "success")
    return redirect(back, 303)


@bp.post("/vorschlaege/<id:proposal_id>/unterstuetzen")
@login_required
@_vote_limit
def support(proposal_id: int):
    proposal = proposal_services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    require_confirmed()
    services.support(actor=_actor(), proposal=proposal)
    return _support_answer(proposal, _("Sie unterstützen diesen Vorschlag."))


@bp.post("/vorschlaege/<id:proposal_id>/unterstuetzung-zuruecknehmen")
@login_required
@_vote_limit
def withdraw_support(proposal_id: int):
    proposal = proposal_services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    require_confirmed()
    services.withdraw_support(actor=_actor(), proposal=proposal)
    return _support_answer(proposal, _("Sie unterstützen diesen Vorschlag nicht mehr."))


def _support_answer(proposal, message: str):
    from participation.extensions import db

    # Only the counter: reloading the proposal with its whole graph cost a fifth of the
    # action's CPU time (profiled under load).
    db.session.refresh(proposal, ["support_count"])
    return _answer(
        "votes/_support.html",
        url_for("proposals.detail", proposal_id=proposal.id) + "#unterstuetzung",
        message,
        proposal=proposal,
        supported=services.has_supported(_actor(), proposal),
        refusals={"support": None},
        confirm_form=ConfirmForm(),
    )


@bp.post("/kommentare/<id:comment_id>/bewerten")
@login_required
@_vote_limit
def rate(comment_id: int):
    comment = comment_services.get_comment(actor=_actor(), comment_id=comment_id)
    form = RatingForm()
    if not form.validate_on_submit():
        raise Invalid(_("Diese Bewertung gibt es nicht."))
    value = services.rate(
        actor=_actor(), comment=comment, value=services.RATING_VALUES[form.wert.data]
    )
    from participation.extensions import db

    db.session.refresh(comment)
    messages = {
        1: _("Sie finden diesen Kommentar hilfreich."),
        -1: _("Sie finden diesen Kommentar nicht hilfreich."),
        0: _("Ihre Bewertung ist zurückgenommen."),
    }
    return _answer(
        "votes/_rating.html",
        location(comment),
        messages[value],
        comment=comment,
        my_rating=value,
        can_rate=True,
    )
