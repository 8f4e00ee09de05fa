"""/verwaltung/newsletter: the office's issues with their counts; writing with a preview,
a test to oneself, scheduling, sending and cancelling."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import permission_required
from participation.newsletters import issues, sending
from participation.newsletters.forms import AUDIENCE_LABELS, IssueForm, ScheduleForm, local
from participation.newsletters.models import DRAFT, SCHEDULED

bp = Blueprint("newsletters_staff", __name__, url_prefix="/verwaltung/newsletter")
STATUS_LABELS = {
    "draft": _l("Entwurf"),
    "scheduled": _l("Geplant"),
    "sending": _l("Wird versendet"),
    "sent": _l("Versandt"),
}


@bp.app_template_filter("issue_status")
def issue_status(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


@bp.app_template_filter("audience_label")
def audience_label(code: str) -> str:
    return str(AUDIENCE_LABELS.get(code, code))


def _actor():
    return current_user._get_current_object()


def _input(form: IssueForm) -> issues.IssueInput:
    return issues.IssueInput(
        list_name=form.list_name.data or "",
        subject=form.subject.data or "",
        body_markdown=form.body_markdown.data or "",
        audiences=tuple(form.audiences.data or ()),
        district_codes=tuple(form.districts.data or ()),
        action_field_slugs=tuple(form.action_fields.data or ()),
        in_archive=bool(form.in_archive.data),
    )


@bp.get("")
@permission_required("manage_newsletters")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    actor = _actor()
    return render_template(
        "newsletters/staff_index.html",
        result=issues.list_issues(actor=actor, page=page),
        subscribers=issues.subscriber_counts(actor=actor),
    )


def _editor(form: IssueForm, issue=None):
    """Save the draft, or (the preview button) show the body as it will look."""
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = issues.preview_html(form.body_markdown.data)
        else:
            try:
                issue = issues.save_issue(actor=_actor(), data=_input(form), issue=issue)
            except DomainError as error:
                show_service_error(form, error)
            else:
                flash(_("Der Entwurf ist gespeichert."), "success")
                return redirect(url_for("newsletters_staff.detail", issue_id=issue.id), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "newsletters/staff_edit.html", form=form, issue=issue, preview=preview
    ), status


@bp.route("/neu", methods=["GET", "POST"])
@permission_required("manage_newsletters")
def new():
    """A link may suggest audiences, subject and text (IssueForm.prefilled)."""
    return _editor(IssueForm.prefilled(request.args) if request.method == "GET" else IssueForm())


@bp.route("/<id:issue_id>/bearbeiten", methods=["GET", "POST"])
@permission_required("manage_newsletters")
def edit(issue_id: int):
    issue = issues.get_issue(issue_id)
    if not issue.is_draft:
        flash(_("Nur Entwürfe lassen sich bearbeiten. Heben Sie die Planung auf."), "info")
        return redirect(url_for("newsletters_staff.detail", issue_id=issue.id), 303)
    return _editor(IssueForm.of(issue) if request.method == "GET" else IssueForm(), issue)


def _detail_page(issue, schedule_form=None, status: int = 200):
    return render_template(
        "newsletters/staff_detail.html",
        issue=issue,
        reach=sending.audience_size(issue) if issue.status in (DRAFT, SCHEDULED) else None,
        schedule_form=schedule_form or ScheduleForm(formdata=None),
        action_form=ConfirmForm(),
    ), status


@bp.get("/<id:issue_id>")
@permission_required("manage_newsletters")
def detail(issue_id: int):
    return _detail_page(issues.get_issue(issue_id))


def _back(issue):
    return redirect(url_for("newsletters_staff.detail", issue_id=issue.id), 303)


@bp.post("/<id:issue_id>/testversand")
@permission_required("manage_newsletters")
def test_send(issue_id: int):
    issue = issues.get_issue(issue_id)
    if issues.send_test(actor=_actor(), issue=issue):
        flash(_("Die Testmail ist an Ihre Adresse unterwegs."), "success")
    else:
        flash(_("Diesen Stand haben wir Ihnen schon als Testmail geschickt."), "info")
    return _back(issue)


@bp.post("/<id:issue_id>/planen")
@permission_required("manage_newsletters")
def schedule(issue_id: int):
    issue = issues.get_issue(issue_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        try:
            issues.schedule(actor=_actor(), issue=issue, at=local(form.scheduled_at.data))
        except DomainError as error:
            show_service_error(form, error)
            return _detail_page(issue, form, error.status_code)
        flash(_("Die Ausgabe ist geplant."), "success")
        return _back(issue)
    return _detail_page(issue, form, 422)


@bp.post("/<id:issue_id>/senden")
@permission_required("manage_newsletters")
def send(issue_id: int):
    issue = issues.get_issue(issue_id)
    issues.send_now(actor=_actor(), issue=issue)
    flash(_("Der Versand hat begonnen."), "success")
    return _back(issue)


@bp.post("/<id:issue_id>/planung-aufheben")
@permission_required("manage_newsletters")
def cancel(issue_id: int):
    issue = issues.get_issue(issue_id)
    issues.cancel(actor=_actor(), issue=issue)
    flash(_("Die Planung ist aufgehoben; die Ausgabe ist wieder ein Entwurf."), "success")
    return _back(issue)
