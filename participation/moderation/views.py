"""Reporting a proposal or a comment (a page with a form; works without JavaScript)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.comments import services as comment_services
from participation.core.errors import Conflict, DomainError, NotFound
from participation.core.forms import show_service_error
from participation.extensions import limiter
from participation.moderation import queue, services
from participation.moderation.forms import AppealForm, ReportForm
from participation.projects.sections import Section, process_section, shared_section
from participation.proposals import services as proposal_services

bp = Blueprint("moderation", __name__)
_report_limit = limiter.limit(lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"])


def _actor():
    return current_user._get_current_object()


@bp.route("/vorschlaege/<id:proposal_id>/melden", methods=["GET", "POST"])
@login_required
@_report_limit
def report_proposal(proposal_id: int):
    proposal = proposal_services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    return _report(services.target_of(proposal_id=proposal.id))


@bp.route("/kommentare/<id:comment_id>/melden", methods=["GET", "POST"])
@login_required
@_report_limit
def report_comment(comment_id: int):
    comment = comment_services.get_comment(actor=_actor(), comment_id=comment_id)
    return _report(services.target_of(comment_id=comment.id))


def _report(target: services.Target):
    if target.item.status != "published":
        # Hidden, waiting or withdrawn items are not reported (and not shown here).
        raise Conflict(_("Dieser Beitrag ist nicht (mehr) öffentlich."))
    form = ReportForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.report(
                actor=_actor(), target=target, reason=form.reason.data, note=form.note.data or ""
            )
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            flash(
                _(
                    "Danke, Ihre Meldung ist eingegangen. Wir haben Ihnen eine Bestätigung "
                    "geschickt."
                ),
                "success",
            )
            return redirect(target.local_link(), 303)
    elif form.errors:
        status = 422
    return render_template("moderation/report.html", form=form, target=target), status


@bp.route("/vorschlaege/<id:proposal_id>/einspruch", methods=["GET", "POST"])
@login_required
@_report_limit
def appeal_proposal(proposal_id: int):
    proposal = proposal_services.get_proposal(actor=_actor(), proposal_id=proposal_id)
    return _appeal(services.target_of(proposal_id=proposal.id))


@bp.route("/kommentare/<id:comment_id>/einspruch", methods=["GET", "POST"])
@login_required
@_report_limit
def appeal_comment(comment_id: int):
    comment = comment_services.get_comment(actor=_actor(), comment_id=comment_id)
    return _appeal(services.target_of(comment_id=comment.id))


def _appeal(target: services.Target):
    """The author reads why their item was hidden and may appeal once."""
    if target.item.author_id != _actor().id:
        raise NotFound(_("Diese Seite gibt es nicht."))
    action = services.takedown_of(target)
    existing = services.appeal_of(action)
    form = AppealForm()
    status = 200
    if request.method == "POST" and action is not None and existing is None:
        if form.validate_on_submit():
            try:
                services.appeal(actor=_actor(), target=target, text=form.text.data)
            except DomainError as error:
                show_service_error(form, error)
                status = error.status_code
            else:
                flash(
                    _(
                        "Ihr Einspruch ist eingegangen. Eine andere Person der Moderation "
                        "prüft ihn; Sie erhalten die Entscheidung per E-Mail."
                    ),
                    "success",
                )
                return redirect(request.path, 303)
        else:
            status = 422
    elif request.method == "POST":
        status = 409
        form.form_errors.append(
            _("Sie haben schon Einspruch eingelegt.")
            if existing
            else _("Dieser Beitrag ist nicht ausgeblendet.")
        )
    return render_template(
        "moderation/appeal.html", form=form, target=target, action=action, appeal=existing
    ), status


@process_section(order=90)
def transparency_section(process, actor) -> Section | None:
    """Every public process says how many contributions moderation hid, and why."""
    if not process.is_public:
        return None
    return shared_section(
        "moderation/_transparency_section.html",
        (process.id,),
        lambda: {"hidden": queue.hidden_summary(process)},
    )
