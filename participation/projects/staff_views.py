"""/verwaltung/verfahren: staff draft processes of their districts and publish them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.errors import DomainError
from participation.core.permissions import permission_required
from participation.projects import services
from participation.projects.forms import ProcessForm

bp = Blueprint("projects_staff", __name__, url_prefix="/verwaltung/verfahren")


def _actor():
    return current_user._get_current_object()


@bp.get("")
@permission_required("manage_processes")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "projects/staff_index.html",
        confirm_form=ConfirmForm(),
        result=services.list_staff_processes(actor=_actor(), page=page),
    )


@bp.route("/neu", methods=["GET", "POST"])
@permission_required("manage_processes")
def new():
    form = ProcessForm(districts=services.staff_districts(_actor()))
    if form.validate_on_submit():
        try:
            process = services.create_process(actor=_actor(), **form.service_arguments())
        except DomainError as error:
            field = getattr(form, error.field, None) if error.field else None
            (field.errors if field is not None else form.form_errors).append(error.message)
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
    return render_template("projects/staff_form.html", form=form), status


@bp.post("/<slug>/veroeffentlichen")
@permission_required("manage_processes")
def publish(slug: str):
    process = services.get_process_for_staff(actor=_actor(), slug=slug[:120])
    if ConfirmForm().validate_on_submit():
        services.publish_process(actor=_actor(), process=process)
        flash(_("Das Verfahren ist veröffentlicht."), "success")
    return redirect(url_for("projects_staff.index"), 303)
