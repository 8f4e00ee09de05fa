"""Staff pages: the office keeps the library at /verwaltung/arbeitshilfen; a process's staff
attach and tick its checklists at /verwaltung/verfahren/<slug>/checklisten."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.core.errors import DomainError
from participation.core.forms import show_service_error, submit_form
from participation.core.permissions import permission_required, require
from participation.core.uploads import accepts_upload
from participation.extensions import htmx
from participation.projects import services as projects
from participation.workaids import checklists, library
from participation.workaids.forms import (
    AttachForm,
    NewWorkAidForm,
    TickForm,
    VersionForm,
    WorkAidForm,
)
from participation.workaids.models import KINDS

bp = Blueprint("workaids_staff", __name__)
LIBRARY = "/verwaltung/arbeitshilfen"
PROCESS = "/verwaltung/verfahren/<slug>/checklisten"


def _actor():
    return current_user._get_current_object()


# --- the library ----------------------------------------------------------------------------


@bp.get(LIBRARY)
@permission_required("manage_work_aids")
def index():
    page = request.args.get("seite", 1, type=int) or 1
    result = library.list_work_aids(actor=_actor(), page=page)
    return render_template(
        "workaids/staff_index.html",
        result=result,
        latest=library.latest_versions(result.items),
        kinds=KINDS,
    )


def _form_page(form, aid=None, status: int = 200):
    return render_template("workaids/staff_form.html", form=form, aid=aid), status


@bp.route(f"{LIBRARY}/neu", methods=["GET", "POST"])
@accepts_upload("WORK_AID_MAX_BYTES")
@permission_required("manage_work_aids")
def new():
    form = NewWorkAidForm()
    if form.validate_on_submit():
        try:
            aid = library.create_work_aid(
                actor=_actor(), data=form.work_aid_input(), version=form.version_input()
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(_("Die Arbeitshilfe ist gespeichert."), "success")
            return redirect(url_for("workaids.detail", slug=aid.slug), 303)
    return _form_page(form, status=422 if form.errors or form.form_errors else 200)


@bp.route(f"{LIBRARY}/<slug>/bearbeiten", methods=["GET", "POST"])
@permission_required("manage_work_aids")
def edit(slug: str):
    aid = library.get_work_aid(actor=_actor(), slug=slug)
    form = WorkAidForm.of(aid) if request.method == "GET" else WorkAidForm()
    done, status = submit_form(
        form,
        lambda: library.update_work_aid(actor=_actor(), aid=aid, data=form.work_aid_input()),
        done=_l("Die Änderungen sind gespeichert."),
        target=url_for("workaids.detail", slug=aid.slug),
    )
    return done or _form_page(form, aid, status=status if request.method == "POST" else 200)


@bp.route(f"{LIBRARY}/<slug>/neue-fassung", methods=["GET", "POST"])
@accepts_upload("WORK_AID_MAX_BYTES")
@permission_required("manage_work_aids")
def new_version(slug: str):
    aid = library.get_work_aid(actor=_actor(), slug=slug)
    form = VersionForm()
    done, status = submit_form(
        form,
        lambda: library.add_version(actor=_actor(), aid=aid, version=form.version_input()),
        done=_l("Die neue Fassung ist gespeichert."),
        target=url_for("workaids.detail", slug=aid.slug),
    )
    if done:
        return done
    page = render_template("workaids/staff_version.html", form=form, aid=aid)
    return page, status if request.method == "POST" else 200


# --- checklists of a process ----------------------------------------------------------------


def _process(slug: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    require(_actor(), "prepare_process", process)
    return process


def _tick_form(item, formdata=None) -> TickForm:
    return TickForm(formdata=formdata, prefix=f"punkt{item.id}", data={"note": item.note})


def _checklist_page(process, *, attach_form=None, failed=None, status: int = 200):
    actor = _actor()
    lists = checklists.checklists_of(process)
    templates = checklists.available_templates(actor=actor, process=process)
    forms = {item.id: _tick_form(item) for checklist in lists for item in checklist.items}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template(
        "workaids/checklists.html",
        process=process,
        checklists=lists,
        forms_by_item=forms,
        attach_form=attach_form or AttachForm(formdata=None, templates=templates),
        templates=templates,
        history=checklists.history(process),
    ), status


@bp.get(PROCESS)
@permission_required("manage_processes")
def process_checklists(slug: str):
    return _checklist_page(_process(slug))


@bp.post(PROCESS)
@permission_required("manage_processes")
def attach(slug: str):
    process = _process(slug)
    templates = checklists.available_templates(actor=_actor(), process=process)
    form = AttachForm(templates=templates)
    if form.validate_on_submit():
        try:
            checklist = checklists.attach(
                actor=_actor(), process=process, work_aid_id=form.chosen_id()
            )
        except DomainError as error:
            show_service_error(form, error)
            return _checklist_page(process, attach_form=form, status=error.status_code)
        flash(_("Die Checkliste „%(title)s“ ist zugeordnet.", title=checklist.title), "success")
        return redirect(url_for("workaids_staff.process_checklists", slug=process.slug), 303)
    return _checklist_page(process, attach_form=form, status=422)


@bp.post(f"{PROCESS}/punkte/<id:item_id>")
@permission_required("manage_processes")
def tick(slug: str, item_id: int):
    process = _process(slug)
    item = checklists.get_item(actor=_actor(), process=process, item_id=item_id)
    form = _tick_form(item, formdata=request.form)
    status = 422
    if form.validate_on_submit():
        try:
            checklists.tick(
                actor=_actor(),
                process=process,
                item=item,
                done=form.done.data == "1",
                note=form.note.data or "",
            )
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            if not htmx:
                flash(_("Die Checkliste ist gespeichert."), "success")
                target = url_for("workaids_staff.process_checklists", slug=process.slug)
                return redirect(f"{target}#punkt-{item.id}", 303)
            form = _tick_form(item)
            status = 200
    if htmx:
        fragment = render_template(
            "workaids/_checklist_item.html", process=process, item=item, form=form
        )
        return fragment, status
    return _checklist_page(process, failed=(item.id, form), status=status)
