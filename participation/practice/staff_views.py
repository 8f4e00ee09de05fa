"""/verwaltung/praxisbeispiele: write, publish and withdraw practice examples, draft one
from a process with published results, import another portal's export."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.errors import DomainError
from participation.core.forms import show_service_error, submit_form
from participation.core.permissions import permission_required
from participation.practice import collection, exchange, services
from participation.practice.forms import ExampleForm, ImportForm
from participation.projects import services as projects

bp = Blueprint("practice_staff", __name__, url_prefix="/verwaltung/praxisbeispiele")


def _actor():
    return current_user._get_current_object()


@bp.get("")
@permission_required("draft_practice_examples")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "practice/staff_index.html",
        result=collection.list_examples(page=page, published_only=False),
    )


def _editor(form: ExampleForm, example=None, status: int = 200):
    return render_template(
        "practice/staff_form.html", form=form, example=example, action_form=ConfirmForm()
    ), status


@bp.route("/neu", methods=["GET", "POST"])
@permission_required("draft_practice_examples")
def new():
    form = ExampleForm()
    if not form.is_submitted():
        return _editor(form)
    status = 422
    if form.validate_on_submit():
        try:
            example = services.create(actor=_actor(), data=form.to_input())
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            flash(_("Der Entwurf ist gespeichert."), "success")
            return redirect(url_for("practice_staff.edit", example_id=example.id), 303)
    return _editor(form, status=status)


@bp.route("/<id:example_id>/bearbeiten", methods=["GET", "POST"])
@permission_required("draft_practice_examples")
def edit(example_id: int):
    example = services.get_for_staff(actor=_actor(), example_id=example_id)
    if request.method == "GET":
        return _editor(ExampleForm.of(example), example)
    form = ExampleForm()
    done, status = submit_form(
        form,
        lambda: services.update(
            actor=_actor(), example=example, data=form.to_input(process_id=example.process_id)
        ),
        done=_l("Das Praxisbeispiel ist gespeichert."),
        target=url_for("practice_staff.edit", example_id=example_id),
    )
    return done or _editor(form, example, status)


def _state_change(example_id: int, change, message):
    example = services.get_for_staff(actor=_actor(), example_id=example_id)
    if ConfirmForm().validate_on_submit():
        try:
            change(actor=_actor(), example=example)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(str(message), "success")
    return redirect(url_for("practice_staff.edit", example_id=example.id), 303)


@bp.post("/<id:example_id>/veroeffentlichen")
@permission_required("publish_practice_examples")
def publish(example_id: int):
    return _state_change(example_id, services.publish, _l("Das Praxisbeispiel ist öffentlich."))


@bp.post("/<id:example_id>/zurueckziehen")
@permission_required("publish_practice_examples")
def unpublish(example_id: int):
    return _state_change(
        example_id, services.unpublish, _l("Das Praxisbeispiel ist wieder ein Entwurf.")
    )


@bp.post("/aus-verfahren/<slug>")
@permission_required("draft_practice_examples")
def from_process(slug: str):
    """The button on the results report's staff page."""
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    if ConfirmForm().validate_on_submit():
        try:
            example = services.draft_from_process(actor=_actor(), process=process)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("results.compose", slug=process.slug), 303)
        flash(_("Der Entwurf ist angelegt. Ergänzen Sie, was gut und was nicht lief."), "success")
        return redirect(url_for("practice_staff.edit", example_id=example.id), 303)
    return redirect(url_for("results.compose", slug=process.slug), 303)


@bp.route("/import", methods=["GET", "POST"])
@permission_required("publish_practice_examples")
def import_examples():
    form = ImportForm()
    summary = None
    status = 200
    if form.is_submitted():
        upload = request.files.get("document")
        if not form.validate_on_submit():
            status = 422
        elif upload is None or not upload.filename:
            form.document.errors = [_("Bitte wählen Sie eine JSON-Datei aus.")]
            status = 422
        else:
            try:
                raw = upload.stream.read(exchange.MAX_BYTES + 1)
            finally:
                upload.close()
            try:
                summary = exchange.import_document(actor=_actor(), raw=raw)
            except DomainError as error:
                show_service_error(form, error)
                status = error.status_code
    return render_template("practice/import.html", form=form, summary=summary), status
