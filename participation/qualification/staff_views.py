"""The coordination office's pages for trainings (/verwaltung/qualifizierung), and every
staff member's own training record (/verwaltung/mein-qualifizierungsstand)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.clock import local_today
from participation.core.forms import submit_form
from participation.core.permissions import permission_required
from participation.extensions import db
from participation.qualification import attendance, listing, registrations, services
from participation.qualification.forms import TrainingForm

bp = Blueprint("qualification_staff", __name__, url_prefix="/verwaltung")
BASE = "/qualifizierung"


def _actor():
    return current_user._get_current_object()


# A training's audiences as the newsletter's segments (its `an` parameter).
INFO_MAIL_SEGMENTS = {
    "administration": "verwaltung",
    "district_managers": "verwaltung",
    "partners": "netzwerkpartner",
    "residents": "einwohner",
    "council": "politik",
}


@bp.app_template_global()
def info_mail_audiences(training) -> list[str]:
    """The newsletter segments that reach a training's audiences, each once."""
    return sorted({INFO_MAIL_SEGMENTS[a] for a in training.audiences if a in INFO_MAIL_SEGMENTS})


def _training(training_id: int):
    return services.get_training(actor=_actor(), training_id=training_id)


@bp.get(BASE)
@permission_required("manage_trainings")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template("qualification/staff_list.html", result=listing.for_office(page=page))


@bp.route(f"{BASE}/neu", methods=["GET", "POST"])
@permission_required("manage_trainings")
def new():
    form = TrainingForm()
    if request.method == "GET":
        return render_template("qualification/form.html", form=form)
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(services.create(actor=_actor(), data=form.training())),
        done=_("Die Veranstaltung ist als Entwurf gespeichert."),
        target=url_for("qualification_staff.index"),
    )
    if done:
        return redirect(url_for("qualification_staff.detail", training_id=created[0].id), 303)
    db.session.rollback()
    return render_template("qualification/form.html", form=form), status


@bp.route(f"{BASE}/<id:training_id>/bearbeiten", methods=["GET", "POST"])
@permission_required("manage_trainings")
def edit(training_id: int):
    training = _training(training_id)
    if request.method == "GET":
        return render_template(
            "qualification/form.html", form=TrainingForm.of(training), training=training
        )
    form = TrainingForm()
    done, status = submit_form(
        form,
        lambda: services.edit(actor=_actor(), training=training, data=form.training()),
        done=_("Die Veranstaltung ist gespeichert."),
        target=url_for("qualification_staff.detail", training_id=training.id),
    )
    if done:
        return done
    db.session.rollback()
    return render_template("qualification/form.html", form=form, training=training), status


@bp.get(f"{BASE}/<id:training_id>")
@permission_required("manage_trainings")
def detail(training_id: int):
    training = _training(training_id)
    return render_template(
        "qualification/staff_detail.html",
        training=training,
        participants=registrations.participants(training),
        results=attendance.results(actor=_actor(), training=training),
        form=ConfirmForm(),
    )


@bp.post(f"{BASE}/<id:training_id>/veroeffentlichen")
@permission_required("manage_trainings")
def publish(training_id: int):
    training = _training(training_id)
    services.publish(actor=_actor(), training=training)
    flash(_("Die Veranstaltung ist veröffentlicht."), "success")
    return redirect(url_for("qualification_staff.detail", training_id=training.id), 303)


@bp.post(f"{BASE}/<id:training_id>/absagen")
@permission_required("manage_trainings")
def cancel(training_id: int):
    training = _training(training_id)
    mailed = services.cancel(actor=_actor(), training=training)
    flash(
        _("Die Veranstaltung ist abgesagt; %(num)s Angemeldete werden benachrichtigt.", num=mailed),
        "success",
    )
    return redirect(url_for("qualification_staff.detail", training_id=training.id), 303)


@bp.post(f"{BASE}/<id:training_id>/anwesenheit")
@permission_required("manage_trainings")
def record_attendance(training_id: int):
    training = _training(training_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."), "error")
        return redirect(url_for("qualification_staff.detail", training_id=training.id), 303)
    chosen = set()
    for value in request.form.getlist("attended")[:10_000]:
        if value.isdigit() and len(value) < 19:
            chosen.add(int(value))
    count = attendance.record_attendance(actor=_actor(), training=training, attended_ids=chosen)
    flash(_("Die Anwesenheit ist gespeichert: %(num)s Teilnehmer*innen.", num=count), "success")
    return redirect(url_for("qualification_staff.detail", training_id=training.id), 303)


@bp.get(f"{BASE}/auswertung")
@permission_required("manage_trainings")
def evaluation():
    year = request.args.get("jahr", local_today().year, type=int) or local_today().year
    if not 2000 <= year <= 2100:
        year = local_today().year
    return render_template(
        "qualification/evaluation.html",
        data=attendance.year_results(actor=_actor(), year=year),
        years=attendance.years_with_trainings(),
    )


@bp.get(f"{BASE}/verankerung")
@permission_required("manage_trainings")
def anchoring():
    from flask import current_app

    return render_template(
        "qualification/anchoring.html",
        rows=attendance.basic_training_by_district(actor=_actor()),
        topic=current_app.config["QUALIFICATION_BASIC_TRAINING"],
    )


@bp.get("/mein-qualifizierungsstand")
@permission_required("read_own_training_record")
def my_record():
    return render_template(
        "qualification/my_record.html",
        trainings=registrations.attended_trainings(_actor()),
    )
