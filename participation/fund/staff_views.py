"""The office's pages of the fund (/verwaltung/foerderfonds): calls, the jury, decisions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import can, permission_required
from participation.fund import applications, calls, decisions, jury
from participation.fund.forms import ActionForm, CallForm, DecisionForm, review_form, review_values
from participation.fund.money import parse_euros

bp = Blueprint("fund_staff", __name__)
BASE = "/verwaltung/foerderfonds"


def _actor():
    return current_user._get_current_object()


@bp.get(BASE)
@permission_required("manage_fund")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "fund/staff_index.html", result=calls.staff_calls(page=max(page, 1)), now=utcnow()
    )


@bp.route(f"{BASE}/neu", methods=["GET", "POST"])
@permission_required("manage_fund")
def new():
    form = CallForm(candidates=calls.jury_candidates())
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                created = calls.save_call(actor=_actor(), data=form.call_input())
            except DomainError as error:
                show_service_error(form, error)
                status = error.status_code
            else:
                flash(_("Die Ausschreibung ist als Entwurf gespeichert."), "success")
                return redirect(url_for("fund_staff.detail", call_id=created.id), 303)
    return render_template("fund/staff_form.html", form=form), status


@bp.get(f"{BASE}/<id:call_id>")
@permission_required("manage_fund")
def detail(call_id: int):
    fund_call = calls.get_call(call_id, actor=_actor())
    items = jury.jury_applications(fund_call)
    return render_template(
        "fund/staff_detail.html",
        call=fund_call,
        items=items,
        standings=jury.standings(items),
        reviewed=jury.reviewed_ids(_actor(), fund_call),
        decision_form=DecisionForm(formdata=None),
        action_form=ActionForm(),
        now=utcnow(),
    )


@bp.post(f"{BASE}/<id:call_id>/oeffnen")
@permission_required("manage_fund")
def open_call(call_id: int):
    fund_call = calls.get_call(call_id, actor=_actor())
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        calls.open_call(actor=_actor(), call=fund_call)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Die Ausschreibung ist eröffnet."), "success")
    return redirect(url_for("fund_staff.detail", call_id=fund_call.id), 303)


@bp.post(f"{BASE}/antraege/<id:application_id>/entscheidung")
@permission_required("manage_fund")
def decide(application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    form = DecisionForm()
    target = url_for("fund_staff.detail", call_id=item.call_id)
    if not form.validate_on_submit() or form.outcome.data not in ("approve", "decline"):
        flash(_("Bitte wählen Sie Bewilligen oder Ablehnen."), "error")
        return redirect(target, 303)
    try:
        approve = form.outcome.data == "approve"
        amount = parse_euros(form.amount.data or "", field="amount") if approve else None
        decisions.decide(
            actor=_actor(),
            application=item,
            approve=approve,
            amount_cents=amount,
            conditions=form.conditions.data or "",
            reason=form.reason.data or "",
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            _("Die Entscheidung ist gespeichert; die Organisation wird benachrichtigt."), "success"
        )
    return redirect(target, 303)


@bp.post(f"{BASE}/antraege/<id:application_id>/abschliessen")
@permission_required("manage_fund")
def close(application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        decisions.close_case(actor=_actor(), application=item)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Der Fall ist abgeschlossen."), "success")
    return redirect(url_for("fund_staff.detail", call_id=item.call_id), 303)


@bp.get(f"{BASE}/<id:call_id>/jury")
@login_required
def jury_index(call_id: int):
    fund_call = calls.get_call(call_id, actor=_actor())
    if not can(_actor(), "sit_on_fund_jury", fund_call):
        abort(403)
    items = jury.jury_applications(fund_call)
    return render_template(
        "fund/jury_index.html",
        call=fund_call,
        items=items,
        reviewed=jury.reviewed_ids(_actor(), fund_call),
    )


def _jury_item(call_id: int, application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    if item.call_id != call_id:
        abort(404)
    if not can(_actor(), "open_fund_review", item):
        abort(403)
    return item


@bp.route(f"{BASE}/<id:call_id>/jury/<id:application_id>", methods=["GET", "POST"])
@login_required
def review(call_id: int, application_id: int):
    item = _jury_item(call_id, application_id)
    here = url_for("fund_staff.review", call_id=call_id, application_id=item.id)
    own = jury.review_of(_actor(), item)
    if request.method == "POST" and own is not None:
        flash(_("Sie haben diesen Antrag schon bewertet."), "error")
        return redirect(here, 303)
    form = review_form(item.call, request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                jury.submit_review(
                    actor=_actor(),
                    application=item,
                    values=review_values(form, item.call),
                    comment=form.comment.data or "",
                )
            except DomainError as error:
                if error.status_code == 403:
                    abort(403)
                show_service_error(form, error)
                status = error.status_code
            else:
                flash(_("Ihre Bewertung ist gespeichert."), "success")
                return redirect(here, 303)
    # The others' scores only once the juror's own are in.
    standing = jury.standings([item])[item.id] if own is not None else None
    page = render_template(
        "fund/review.html", application=item, form=form, own=own, standing=standing
    )
    return page, status
