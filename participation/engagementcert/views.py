"""Engagement certificates: the volunteer's request and answers (/konto/engagement-nachweise),
the organisation's inbox (/netzwerk/partner/<slug>/bescheinigungen) and the office's
figures (/verwaltung/bescheinigungen)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.core.errors import DomainError, Forbidden
from participation.core.forms import submit_form
from participation.core.permissions import can, permission_required
from participation.engagementcert import services
from participation.engagementcert.forms import ConfirmForm, CorrectForm, DeclineForm, RequestForm
from participation.engagementcert.models import STATUSES
from participation.extensions import limiter

bp = Blueprint("engagementcert", __name__)
MINE = "/konto/engagement-nachweise"
INBOX = "/netzwerk/partner/<slug>/bescheinigungen"
_post_limit = limiter.limit(lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"])

STATUS_LABELS = {
    "requested": _l("wartet auf die Organisation"),
    "corrected": _l("Korrektur wartet auf Ihre Zustimmung"),
    "confirmed": _l("bestätigt, Bescheinigung ausgestellt"),
    "declined": _l("abgelehnt"),
    "withdrawn": _l("zurückgezogen"),
}
INBOX_LABELS = {
    "requested": _l("offen"),
    "corrected": _l("Korrektur vorgeschlagen"),
    "confirmed": _l("bestätigt"),
    "declined": _l("abgelehnt"),
    "withdrawn": _l("zurückgezogen"),
}
assert set(STATUS_LABELS) == set(STATUSES) == set(INBOX_LABELS)


@bp.app_context_processor
def engagement_labels():
    return {
        "engagement_status": STATUS_LABELS,
        "engagement_inbox_status": INBOX_LABELS,
    }


def _actor():
    return current_user._get_current_object()


def _page() -> int:
    return request.args.get("seite", 1, type=int) or 1


# The volunteer ----------------------------------------------------------------------------


@bp.get(MINE)
@login_required
def mine():
    return render_template(
        "engagementcert/mine.html",
        requests=services.own_requests(_actor()),
        may_request=can(_actor(), "request_engagement_certificate"),
    )


@bp.route(f"{MINE}/neu", methods=["GET", "POST"])
@login_required
@_post_limit
def new():
    if not can(_actor(), "request_engagement_certificate"):
        raise Forbidden(
            _l(
                "Einen Engagementnachweis beantragen Konten mit bestätigter E-Mail-Adresse, "
                "die nicht gesperrt sind."
            )
        )
    organisations = services.organisations_to_ask()
    if request.method == "GET":
        chosen = request.args.get("organisation", "")[:80]
        preset = next((o.id for o in organisations if o.slug == chosen), None)
        form = RequestForm(organisations=organisations, data={"organisation": preset})
        return render_template("engagementcert/request.html", form=form)
    form = RequestForm(organisations=organisations)
    created = []

    def action():
        organisation = services.active_organisation(form.organisation.data)
        created.append(
            services.request_certificate(
                actor=_actor(),
                organisation=organisation,
                name=form.name.data or "",
                data=form.engagement(),
            )
        )

    done, status = submit_form(
        form,
        action,
        done=_l(
            "Ihre Anfrage ist bei der Organisation. Sie bekommen eine E-Mail, sobald sie antwortet."
        ),
        target=url_for("engagementcert.mine"),
    )
    if done:
        return done
    return render_template("engagementcert/request.html", form=form), status


@bp.get(f"{MINE}/<id:request_id>")
@login_required
def mine_detail(request_id: int):
    engagement = services.own_request(actor=_actor(), request_id=request_id)
    return render_template("engagementcert/mine_detail.html", engagement=engagement)


@bp.post(f"{MINE}/<id:request_id>/<any(annehmen, zurueckziehen):step>")
@login_required
def answer(request_id: int, step: str):
    """Accept the organisation's correction, or withdraw the request (plain forms)."""
    engagement = services.own_request(actor=_actor(), request_id=request_id)
    try:
        if step == "annehmen":
            services.accept_correction(actor=_actor(), request=engagement)
            flash(str(_l("Die Bescheinigung ist ausgestellt.")), "success")
            return redirect(url_for("certificates.mine"), 303)
        services.withdraw(actor=_actor(), request=engagement)
        flash(str(_l("Ihre Anfrage ist zurückgezogen.")), "success")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("engagementcert.mine_detail", request_id=request_id), 303)


# The organisation -------------------------------------------------------------------------


@bp.get(INBOX)
@login_required
def inbox(slug: str):
    organisation = services.inbox_organisation(actor=_actor(), slug=slug)
    show_all = request.args.get("alle") == "1"
    return render_template(
        "engagementcert/inbox.html",
        organisation=organisation,
        result=services.inbox(organisation, open_only=not show_all, page=_page()),
        show_all=show_all,
    )


def _decide_page(organisation, engagement, status=200, **forms):
    may_decide = can(_actor(), "decide_engagement_request", engagement)
    context = {
        "organisation": organisation,
        "engagement": engagement,
        "may_decide": may_decide,
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "correct_form": forms.get("correct_form") or CorrectForm.of(engagement),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }
    return render_template("engagementcert/decide.html", **context), status


@bp.get(f"{INBOX}/<id:request_id>")
@login_required
def decide(slug: str, request_id: int):
    organisation = services.inbox_organisation(actor=_actor(), slug=slug)
    engagement = services.request_of(organisation, request_id)
    return _decide_page(organisation, engagement)


@bp.post(f"{INBOX}/<id:request_id>/<any(bestaetigen, korrigieren, ablehnen):step>")
@login_required
@_post_limit
def decide_step(slug: str, request_id: int, step: str):
    organisation = services.inbox_organisation(actor=_actor(), slug=slug)
    engagement = services.request_of(organisation, request_id)
    target = url_for("engagementcert.inbox", slug=organisation.slug)
    if step == "bestaetigen":
        form, name = ConfirmForm(), "confirm_form"
        done = _l("Bestätigt: Die Bescheinigung ist ausgestellt.")

        def action():
            services.confirm(actor=_actor(), request=engagement, signer_name=form.signer_name.data)
    elif step == "korrigieren":
        form, name = CorrectForm(), "correct_form"
        done = _l("Die Korrektur ist bei der Person; sie entscheidet, ob sie sie annimmt.")

        def action():
            services.correct(
                actor=_actor(),
                request=engagement,
                data=form.engagement(),
                note=form.correction_note.data or "",
                signer_name=form.signer_name.data or "",
            )
    else:
        form, name = DeclineForm(), "decline_form"
        done = _l("Die Anfrage ist abgelehnt; die Person erfährt den Grund.")

        def action():
            services.decline(
                actor=_actor(), request=engagement, reason=form.decline_reason.data or ""
            )

    response, status = submit_form(form, action, done=done, target=target)
    if response:
        return response
    return _decide_page(organisation, engagement, status, **{name: form})


# The office -------------------------------------------------------------------------------


@bp.get("/verwaltung/bescheinigungen")
@permission_required("read_certificate_figures")
def figures():
    return render_template("engagementcert/figures.html", rows=services.figures())
