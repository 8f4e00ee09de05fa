"""/verwaltung/verfahren: staff draft processes of their districts, edit and publish them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.coordination.lifecycle import STATUS_LABELS
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import permission_required
from participation.core.uploads import accepts_upload
from participation.projects import listing, services
from participation.projects.forms import ProcessForm

bp = Blueprint("projects_staff", __name__, url_prefix="/verwaltung/verfahren")


def _actor():
    return current_user._get_current_object()


@bp.get("")
@permission_required("manage_processes")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    status = request.args.get("status", "")[:20]
    return render_template(
        "projects/staff_index.html",
        status=status,
        statuses=STATUS_LABELS,
        result=listing.list_staff_processes(actor=_actor(), page=page, status=status),
    )


@bp.route("/neu", methods=["GET", "POST"])
@accepts_upload("PROCESS_IMAGE_MAX_BYTES")
@permission_required("manage_processes")
def new():
    form = ProcessForm(districts=listing.staff_districts(_actor()))
    if form.validate_on_submit():
        try:
            process = services.create_process(actor=_actor(), **form.service_arguments())
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(
                _(
                    "Der Entwurf ist gespeichert. Er ist erst nach der Veröffentlichung "
                    "öffentlich sichtbar."
                ),
                "success",
            )
            return redirect(url_for("projects.detail", slug=process.slug), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("projects/staff_form.html", form=form, process=None), status


@bp.route("/<slug>/bearbeiten", methods=["GET", "POST"])
@accepts_upload("PROCESS_IMAGE_MAX_BYTES")
@permission_required("manage_processes")
def edit(slug: str):
    process = services.get_process_for_staff(actor=_actor(), slug=slug[:120])
    form = ProcessForm(
        data=ProcessForm.initial(process) if request.method == "GET" else None,
        districts=listing.staff_districts(_actor()),
    )
    if form.validate_on_submit():
        try:
            services.update_process(
                actor=_actor(),
                process=process,
                remove_image=form.remove_image.data,
                **form.service_arguments(),
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(_("Die Änderungen sind gespeichert."), "success")
            return redirect(url_for("projects.detail", slug=process.slug), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("projects/staff_form.html", form=form, process=process), status
