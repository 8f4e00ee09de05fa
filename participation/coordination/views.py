"""The coordination workflow's pages: /vorhabenliste (public: what is planned and running)
and /verwaltung/verfahren/<slug>/ablauf (staff: where a process stands, its next steps and
its record)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.coordination import lifecycle, register, services
from participation.coordination.forms import StepForm, step_form
from participation.core.clock import local_today
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import permission_required
from participation.core.sitemap import public_page
from participation.districts.services import list_districts
from participation.follows import services as follows
from participation.projects import services as projects
from participation.projects.sections import REVIEW, sections_for

bp = Blueprint("coordination", __name__)
STAFF = "/verwaltung/verfahren"

# URL segment -> lifecycle action; the segments are German like every public path.
STEPS = {
    "einreichen": "submit",
    "zurueckgeben": "return",
    "ueberarbeiten": "revise",
    "freigeben": "approve",
    "veroeffentlichen": "publish",
    "abschliessen": "close",
    "ergebnisse-veroeffentlichen": "publish_results",
    "archivieren": "archive",
}
SEGMENTS = {action: segment for segment, action in STEPS.items()}
DONE = {
    "submit": _l("Das Verfahren ist zur Prüfung eingereicht."),
    "return": _l("Das Verfahren ist zur Überarbeitung zurückgegeben."),
    "revise": _l("Das Verfahren ist wieder ein Entwurf und kann bearbeitet werden."),
    "approve": _l("Das Verfahren ist freigegeben und steht auf der Vorhabenliste."),
    "publish": _l("Das Verfahren ist veröffentlicht."),
    "close": _l("Das Verfahren ist abgeschlossen."),
    "publish_results": _l("Die Ergebnisse sind veröffentlicht."),
    "archive": _l("Das Verfahren ist archiviert."),
}


def _actor():
    return current_user._get_current_object()


def _page(process, *, failed: StepForm | None = None, status: int = 200):
    actor = _actor()
    role = services.role_of(actor, process)
    forms = [
        failed if failed is not None and failed.action == step.action else step_form(step.action)
        for step in lifecycle.available(process.status, role)
    ]
    return (
        render_template(
            "coordination/timeline.html",
            process=process,
            forms=forms,
            segments=SEGMENTS,
            missing=services.missing_content(process),
            steps=services.timeline(process),
            status_labels=lifecycle.STATUS_LABELS,
            transitions=lifecycle.TRANSITIONS,
            # A refusal of a step that is no longer on offer (someone was quicker).
            stale=failed if failed is not None and failed not in forms else None,
            # What other features add beside the review (preparation checklists).
            sections=sections_for(process, actor, REVIEW),
        ),
        status,
    )


@bp.get(f"{STAFF}/<slug>/ablauf")
@permission_required("manage_processes")
def timeline(slug: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    return _page(process)


_SEGMENT = "any(" + ", ".join(f'"{segment}"' for segment in STEPS) + ")"


@bp.post(f"{STAFF}/<slug>/<{_SEGMENT}:segment>")
@permission_required("manage_processes")
def step(slug: str, segment: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    action = STEPS[segment]
    form = step_form(action)
    if form.validate_on_submit():
        try:
            services.transition(
                actor=_actor(),
                process=process,
                action=action,
                comment=form.comment.data or "",
                ticked=form.ticked,
            )
        except DomainError as error:
            show_service_error(form, error)
            return _page(process, failed=form, status=error.status_code)
        flash(str(DONE[action]), "success")
        return redirect(url_for("coordination.timeline", slug=process.slug), 303)
    return _page(process, failed=form, status=422)


@bp.get("/vorhabenliste")
@public_page
def planned():
    """The public Vorhabenliste: approved processes before they open, and running ones."""
    page = request.args.get("seite", 1, type=int) or 1
    district = request.args.get("bezirk", "")[:10]
    result = register.list_planned(district_code=district or None, page=page)
    return render_template(
        "coordination/planned.html",
        result=result,
        district=district,
        districts=list_districts(),
        followed=follows.followed_ids(_actor(), [p.id for p in result.items]),
        today=local_today(),
    )
