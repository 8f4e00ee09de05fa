"""The office's pages of the volunteer phone (/verwaltung/freiwilligentelefon: hours,
exceptions, advisers, roster, figures) and the advisers' callback queue."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.core.clock import local_today
from participation.core.errors import DomainError, Invalid
from participation.core.exports import csv_response
from participation.core.forms import positive_id, positive_ids, show_service_error
from participation.core.pagination import fetch_page
from participation.core.permissions import permission_required
from participation.extensions import db
from participation.volunteerphone import figures, services
from participation.volunteerphone.forms import (
    AdviserForm,
    AttemptForm,
    ConversationForm,
    DutyForm,
    ExceptionForm,
    SlotForm,
)
from participation.volunteerphone.models import CallbackRequest, PhoneException, PhoneSlot

bp = Blueprint("volunteerphone_staff", __name__, url_prefix="/verwaltung/freiwilligentelefon")
QUEUE_PAGE_SIZE = 25


def _actor():
    return current_user._get_current_object()


def _manage_page(status: int = 200, **forms):
    advisers = services.advisers()
    context = {
        "slot_form": SlotForm(formdata=None),
        "exception_form": ExceptionForm(formdata=None),
        "adviser_form": AdviserForm(formdata=None),
        "duty_form": DutyForm(formdata=None, advisers=advisers),
        **forms,
    }
    return render_template(
        "volunteerphone/manage.html",
        slots=db.session.scalars(
            select(PhoneSlot).order_by(PhoneSlot.weekday, PhoneSlot.starts)
        ).all(),
        exceptions=db.session.scalars(
            select(PhoneException)
            .where(PhoneException.day >= local_today())
            .order_by(PhoneException.day, PhoneException.starts)
        ).all(),
        advisers=advisers,
        roster=services.roster(local_today()),
        **context,
    ), status


def _office_form(form, action, done: str):
    """Validate, call the service, then back to the overview (303) or the form again."""
    if form.validate_on_submit():
        try:
            action()
        except DomainError as error:
            db.session.rollback()
            show_service_error(form, error)
            return None, error.status_code
        flash(done, "success")
        return redirect(url_for("volunteerphone_staff.manage"), 303), None
    return None, 422


@bp.get("")
@permission_required("manage_phone_line")
def manage():
    return _manage_page()


@bp.post("/zeiten")
@permission_required("manage_phone_line")
def add_slot():
    form = SlotForm()
    done, status = _office_form(
        form,
        lambda: services.add_slot(
            actor=_actor(),
            weekday=form.weekday_number(),
            starts=form.starts.data,
            ends=form.ends.data,
        ),
        _("Die Sprechzeit ist eingetragen."),
    )
    return done or _manage_page(status, slot_form=form)


@bp.post("/ausnahmen")
@permission_required("manage_phone_line")
def add_exception():
    form = ExceptionForm()

    def act():
        if form.day.data is None:
            raise Invalid(_("Bitte geben Sie ein Datum an."), field="day")
        services.add_exception(
            actor=_actor(),
            day=form.day.data,
            starts=form.starts.data,
            ends=form.ends.data,
            note=form.note.data or "",
        )

    done, status = _office_form(form, act, _("Die Ausnahme ist eingetragen."))
    return done or _manage_page(status, exception_form=form)


@bp.post("/beratende")
@permission_required("manage_phone_line")
def add_adviser():
    form = AdviserForm()
    organisation = form.organisation.data or ""
    done, status = _office_form(
        form,
        lambda: services.add_adviser(
            actor=_actor(),
            email=form.email.data or "",
            organisation_id=(positive_id(organisation) or -1) if organisation else None,
            show_name=bool(form.show_name.data),
        ),
        _("Die Person berät jetzt am Freiwilligentelefon."),
    )
    return done or _manage_page(status, adviser_form=form)


@bp.post("/dienste")
@permission_required("manage_phone_line")
def add_duty():
    form = DutyForm(advisers=services.advisers())

    def act():
        if form.day.data is None:
            raise Invalid(_("Bitte geben Sie ein Datum an."), field="day")
        if form.starts.data is None:
            raise Invalid(_("Bitte geben Sie den Beginn an."), field="starts")
        services.add_duty(
            actor=_actor(),
            adviser_id=positive_id(form.adviser.data),
            day=form.day.data,
            starts=form.starts.data,
            ends=form.ends.data,
        )

    done, status = _office_form(form, act, _("Der Dienst ist eingetragen."))
    return done or _manage_page(status, duty_form=form)


def _removal(remove, done: str):
    """The checked rows of one list go; nothing checked is said, not an error page."""
    from participation.accounts.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        flash(_("Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."), "error")
        return redirect(url_for("volunteerphone_staff.manage"), 303)
    ids = positive_ids(request.form.getlist("ids")[:1000])
    if remove(actor=_actor(), ids=ids):
        flash(done, "success")
    else:
        flash(_("Bitte wählen Sie aus, was gelöscht werden soll."), "error")
    return redirect(url_for("volunteerphone_staff.manage"), 303)


@bp.post("/zeiten/loeschen")
@permission_required("manage_phone_line")
def remove_slot():
    return _removal(services.remove_slots, _("Die Sprechzeiten sind gelöscht."))


@bp.post("/ausnahmen/loeschen")
@permission_required("manage_phone_line")
def remove_exception():
    return _removal(services.remove_exceptions, _("Die Ausnahmen sind gelöscht."))


@bp.post("/beratende/loeschen")
@permission_required("manage_phone_line")
def remove_adviser():
    return _removal(
        services.remove_advisers, _("Die Personen beraten nicht mehr am Freiwilligentelefon.")
    )


@bp.post("/dienste/loeschen")
@permission_required("manage_phone_line")
def remove_duty():
    return _removal(services.remove_duties, _("Die Dienste sind gelöscht."))


# --- the callback queue ----------------------------------------------------------------------


@bp.get("/rueckrufe")
@permission_required("work_callbacks")
def queue():
    page = request.args.get("seite", 1, type=int) or 1
    mine = request.args.get("ansicht", "") == "meine"
    conditions = (
        [
            CallbackRequest.status.in_(("taken", "reached")),
            CallbackRequest.taken_by_id == _actor().id,
        ]
        if mine
        else [CallbackRequest.status == "open"]
    )
    result = fetch_page(
        db.session,
        CallbackRequest,
        conditions,
        (CallbackRequest.created_at, CallbackRequest.id),
        max(1, min(page, 10_000)),
        QUEUE_PAGE_SIZE,
    )
    return render_template("volunteerphone/queue.html", result=result, mine=mine)


def _callback_page(callback, status: int = 200, **forms):
    context = {
        "attempt_form": AttemptForm(formdata=None),
        "conversation_form": ConversationForm(
            formdata=None,
            data={"topic": callback.topic, "district": str(callback.district_id or "")},
        ),
        **forms,
    }
    return render_template(
        "volunteerphone/callback.html",
        callback=callback,
        phone=services.display_phone(callback.phone),
        **context,
    ), status


@bp.get("/rueckrufe/<id:callback_id>")
@permission_required("work_callbacks")
def callback(callback_id: int):
    return _callback_page(services.get_callback(actor=_actor(), callback_id=callback_id))


@bp.post("/rueckrufe/<id:callback_id>/uebernehmen")
@permission_required("work_callbacks")
def take(callback_id: int):
    from participation.accounts.forms import ConfirmForm

    callback = services.get_callback(actor=_actor(), callback_id=callback_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."), "error")
        return redirect(url_for("volunteerphone_staff.queue"), 303)
    try:
        services.take(actor=_actor(), callback=callback)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("volunteerphone_staff.queue"), 303)
    flash(_("Sie haben den Rückruf übernommen."), "success")
    return redirect(url_for("volunteerphone_staff.callback", callback_id=callback.id), 303)


@bp.post("/rueckrufe/<id:callback_id>/versuch")
@permission_required("work_callbacks")
def attempt(callback_id: int):
    callback = services.get_callback(actor=_actor(), callback_id=callback_id)
    form = AttemptForm()
    if form.validate_on_submit():
        try:
            services.record_attempt(
                actor=_actor(), callback=callback, result=form.result.data or ""
            )
        except DomainError as error:
            db.session.rollback()
            show_service_error(form, error)
            return _callback_page(callback, error.status_code, attempt_form=form)
        flash(_("Der Anruf ist vermerkt."), "success")
        return redirect(url_for("volunteerphone_staff.callback", callback_id=callback.id), 303)
    return _callback_page(callback, 422, attempt_form=form)


@bp.post("/rueckrufe/<id:callback_id>/gespraech")
@permission_required("work_callbacks")
def log_conversation(callback_id: int):
    callback = services.get_callback(actor=_actor(), callback_id=callback_id)
    form = ConversationForm()
    if form.validate_on_submit():
        try:
            services.log_conversation(actor=_actor(), callback=callback, data=form.conversation())
        except DomainError as error:
            db.session.rollback()
            show_service_error(form, error)
            return _callback_page(callback, error.status_code, conversation_form=form)
        flash(_("Das Gespräch ist protokolliert. Danke!"), "success")
        return redirect(url_for("volunteerphone_staff.queue"), 303)
    return _callback_page(callback, 422, conversation_form=form)


# --- figures -------------------------------------------------------------------------------


def _month() -> date:
    value = request.args.get("monat", "")[:7]
    try:
        year, month = int(value[:4]), int(value[5:7])
        if value[4] == "-" and 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except (ValueError, IndexError):
        pass
    return local_today().replace(day=1)


@bp.get("/auswertung")
@permission_required("manage_phone_line")
def evaluation():
    return render_template(
        "volunteerphone/evaluation.html", data=figures.month_figures(actor=_actor(), month=_month())
    )


@bp.get("/auswertung.csv")
@permission_required("manage_phone_line")
def evaluation_csv():
    data = figures.month_figures(actor=_actor(), month=_month())
    labels = {
        "topic": services.TOPIC_LABELS,
        "age_group": services.AGE_GROUP_LABELS,
        "outcome": services.OUTCOME_LABELS,
    }
    return csv_response(
        ["Monat", "Merkmal", "Wert", "Anzahl"],
        figures.csv_rows(data, labels),
        f"freiwilligentelefon-{data.month:%Y-%m}.csv",
    )


__all__ = ["bp"]
