"""Network items in the moderation: residents report them at /melden/<kind>/<id>; the
coordination office reads one item's record and hides, restores or dismisses at
/verwaltung/moderation/netzwerk/<kind>/<id>. The queue's section of network items is part of
/verwaltung/moderation (staff_views.index). Every action works as a plain form (POST, then
back) and, with htmx, in place."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import require_confirmed
from participation.core.errors import Conflict, DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import permission_required
from participation.extensions import db, htmx, limiter
from participation.moderation import queue
from participation.moderation import subject_services as services
from participation.moderation.forms import HideForm, ReportForm

bp = Blueprint("moderation_network", __name__)
STAFF = "/verwaltung/moderation/netzwerk/<kind>/<id:item_id>"
_report_limit = limiter.limit(lambda: current_app.config["RATELIMIT_CONTRIBUTE"], methods=["POST"])


def _actor():
    return current_user._get_current_object()


@bp.route("/melden/<kind>/<id:item_id>", methods=["GET", "POST"])
@login_required
@_report_limit
def report(kind: str, item_id: int):
    item = services.item_of(kind[:30], item_id)
    if not item.subject.is_published(item.obj) or item.hidden:
        # Withdrawn or hidden items are not reported (and their titles not shown here).
        raise Conflict(_("Dieser Inhalt ist nicht (mehr) öffentlich."))
    refusal = services.may_report(_actor(), item)
    form = ReportForm()
    status = 200
    if refusal is not None:
        status = 409 if request.method == "POST" else 200
    elif form.validate_on_submit():
        try:
            services.report(
                actor=_actor(), item=item, reason=form.reason.data, note=form.note.data or ""
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
            return redirect(item.local_link(), 303)
    elif form.errors:
        status = 422
    return render_template(
        "moderation/report_subject.html", form=form, item=item, refusal=refusal
    ), status


def _item(kind: str, item_id: int) -> services.Item:
    return services.item_of(kind[:30], item_id)


def _forms(entry: services.Entry, **override) -> dict:
    forms = {"hide": HideForm(prefix=entry.key, formdata=None, reason=entry.main_reason)}
    forms.update(override)
    return forms


@bp.get(STAFF)
@permission_required("moderate_network")
def item(kind: str, item_id: int):
    return _item_page(_item(kind, item_id))


def _item_page(item: services.Item, status: int = 200, **override):
    record = services.record_of(actor=_actor(), item=item)
    return render_template(
        "moderation/subject_item.html",
        record=record,
        entry=record.entry,
        forms={record.entry.key: _forms(record.entry, **override)},
    ), status


def _back(item: services.Item) -> str:
    """Where a plain form returns to: the item's page, or the queue's section of network
    items (built from known values only)."""
    if request.form.get("zurueck") == "eintrag":
        return url_for("moderation_network.item", kind=item.kind, item_id=item.id)
    args = {}
    page = request.form.get("netz_seite", "")
    if page.isdigit() and 1 < int(page) < 10_000:
        args["netz_seite"] = int(page)
    return url_for("moderation_staff.index", **args) + "#netzwerk"


def _done(item: services.Item, message: str):
    if htmx:
        db.session.refresh(item.obj)
        response = make_response(
            render_template(
                "moderation/_subject_done.html",
                item=item,
                message=message,
                counts=queue.counts(_actor()),
            )
        )
        response.vary.add("HX-Request")
        return response
    flash(message, "success")
    return redirect(_back(item), 303)


def _refused(item: services.Item, form, error: DomainError | None):
    if error is not None:
        show_service_error(form, error)
    status = error.status_code if error is not None else 422
    db.session.rollback()
    if htmx and request.form.get("zurueck") != "eintrag":
        record = services.record_of(actor=_actor(), item=item)
        response = make_response(
            render_template(
                "moderation/_subject_entry.html",
                entry=record.entry,
                forms={record.entry.key: _forms(record.entry, hide=form)},
            ),
            status,
        )
        response.vary.add("HX-Request")
        return response
    return _item_page(item, status, hide=form)


@bp.post(STAFF + "/ausblenden")
@permission_required("moderate_network")
def hide(kind: str, item_id: int):
    item = _item(kind, item_id)
    form = HideForm(prefix=item.key)
    if not form.validate_on_submit():
        return _refused(item, form, None)
    try:
        services.hide(
            actor=_actor(), item=item, reason=form.reason.data, explanation=form.explanation.data
        )
    except DomainError as error:
        return _refused(item, form, error)
    return _done(item, _("Der Inhalt ist ausgeblendet."))


@bp.post(STAFF + "/wiederherstellen")
@permission_required("moderate_network")
def restore(kind: str, item_id: int):
    item = _item(kind, item_id)
    require_confirmed()
    services.restore(actor=_actor(), item=item)
    return _done(item, _("Der Inhalt ist wieder sichtbar."))


@bp.post(STAFF + "/meldungen-verwerfen")
@permission_required("moderate_network")
def dismiss(kind: str, item_id: int):
    item = _item(kind, item_id)
    require_confirmed()
    services.dismiss(actor=_actor(), item=item)
    return _done(item, _("Die Meldungen sind verworfen; der Inhalt bleibt."))


@bp.app_template_global("subject_label")
def subject_label(kind: str | None) -> str:
    """What a registered kind of network item is called (the audit log)."""
    from participation.moderation.subjects import subject_of

    subject = subject_of(kind or "")
    return str(subject.label) if subject is not None else (kind or "")


@bp.app_template_global("subject_report_url")
def subject_report_url(kind: str, item) -> str:
    return url_for("moderation_network.report", kind=kind, item_id=item.id)


@bp.app_template_global("subject_moderation_url")
def subject_moderation_url(kind: str, item) -> str:
    return url_for("moderation_network.item", kind=kind, item_id=item.id)
