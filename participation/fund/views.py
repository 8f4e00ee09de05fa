"""Public pages of the fund (/foerderfonds) and the applicants' forms."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.core import documents
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error, submit_form
from participation.core.permissions import can
from participation.core.sitemap import public_page, sitemap_provider
from participation.core.uploads import accepts_upload
from participation.extensions import login_manager
from participation.fund import applications, calls
from participation.fund import moderation as _moderation  # noqa: F401 - registers the kind
from participation.fund.forms import ActionForm, ApplicationForm, ReportForm

bp = Blueprint("fund", __name__)


def _actor():
    return current_user._get_current_object()


@bp.get("/foerderfonds")
@public_page
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "fund/index.html",
        open_calls=calls.open_calls(),
        funded=calls.funded_projects(page=max(page, 1)),
        now=utcnow(),
    )


@bp.get("/foerderfonds/<id:call_id>")
def call(call_id: int):
    fund_call = calls.get_call(call_id, actor=_actor())
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "fund/call.html",
        call=fund_call,
        funded=calls.funded_projects(page=max(page, 1), call=fund_call),
        own=applications.own_applications(_actor(), fund_call),
        now=utcnow(),
    )


@bp.route("/foerderfonds/<id:call_id>/antrag", methods=["GET", "POST"])
@accepts_upload("FUND_DOCUMENT_MAX_BYTES")
@login_required
def apply(call_id: int):
    fund_call = calls.get_call(call_id, actor=_actor())
    if not can(_actor(), "apply_to_fund", fund_call):
        abort(403)
    organisations = applications.organisations_for(_actor(), fund_call)
    form = ApplicationForm(organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                application = applications.start_application(
                    actor=_actor(),
                    call=fund_call,
                    organisation_id=form.organisation_id(),
                    data=form.application_input(),
                )
            except DomainError as error:
                show_service_error(form, error)
                status = error.status_code
            else:
                flash(_("Der Antrag ist als Entwurf gespeichert."), "success")
                return redirect(url_for("fund.application", application_id=application.id), 303)
    page = render_template("fund/application_form.html", form=form, call=fund_call)
    return page, status


@bp.get("/foerderfonds/antraege/<id:application_id>")
def application(application_id: int):
    try:
        item = applications.get_application(application_id, actor=_actor())
    except DomainError:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        raise
    return render_template(
        "fund/application.html",
        application=item,
        action_form=ActionForm(),
        now=utcnow(),
    )


@bp.route("/foerderfonds/antraege/<id:application_id>/bearbeiten", methods=["GET", "POST"])
@accepts_upload("FUND_DOCUMENT_MAX_BYTES")
@login_required
def edit(application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    if not can(_actor(), "edit_fund_application", item):
        abort(403)
    form = ApplicationForm.of(item) if request.method == "GET" else ApplicationForm()
    done, status = submit_form(
        form,
        lambda: applications.update_application(
            actor=_actor(), application=item, data=form.application_input()
        ),
        done=_l("Der Entwurf ist gespeichert."),
        target=url_for("fund.application", application_id=item.id),
    )
    if done:
        return done
    page = render_template("fund/application_form.html", form=form, call=item.call, item=item)
    return page, status if request.method == "POST" else 200


@bp.post("/foerderfonds/antraege/<id:application_id>/einreichen")
@login_required
def submit(application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        applications.submit_application(actor=_actor(), application=item)
    except DomainError as error:
        if error.status_code == 403:
            abort(403)
        flash(error.message, "error")
    else:
        flash(_("Der Antrag ist eingereicht. Vielen Dank!"), "success")
    return redirect(url_for("fund.application", application_id=item.id), 303)


@bp.route("/foerderfonds/antraege/<id:application_id>/bericht", methods=["GET", "POST"])
@accepts_upload("FUND_DOCUMENT_MAX_BYTES")
@login_required
def report(application_id: int):
    item = applications.get_application(application_id, actor=_actor())
    if not can(_actor(), "report_fund_application", item):
        abort(403)
    form = ReportForm() if request.method == "POST" else ReportForm(data={"report": item.report})
    done, status = submit_form(
        form,
        lambda: applications.submit_report(
            actor=_actor(), application=item, report=form.report.data, data=form.document_input()
        ),
        done=_l("Der Bericht ist gespeichert."),
        target=url_for("fund.application", application_id=item.id),
    )
    if done:
        return done
    page = render_template("fund/report_form.html", form=form, application=item)
    return page, status if request.method == "POST" else 200


@bp.get("/foerderfonds/antraege/<id:application_id>/dokumente/<id:document_id>")
@login_required
def document(application_id: int, document_id: int):
    item = applications.get_application(application_id, actor=_actor())
    stored = applications.get_document(item, document_id, actor=_actor())
    return documents.document_response(
        stored.file_name,
        download_name=documents.download_name(stored.title, str(stored.id), stored.file_format),
        private=True,
    )


@bp.app_template_filter("euros")
def _euros_filter(cents):
    from participation.fund.money import euros

    return euros(cents)


@sitemap_provider
def fund_pages():
    """Calls that are not drafts, and funded projects that are not hidden."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.fund.models import FUNDED, FundApplication, FundCall

    call_ids = db.session.scalars(
        select(FundCall.id).where(FundCall.status != "draft").order_by(FundCall.id)
    )
    funded = db.session.scalars(
        select(FundApplication.id)
        .where(FundApplication.status.in_(FUNDED), FundApplication.hidden_at.is_(None))
        .order_by(FundApplication.id)
    )
    return [("fund.call", {"call_id": i}) for i in call_ids] + [
        ("fund.application", {"application_id": i}) for i in funded
    ]
