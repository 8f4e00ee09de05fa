"""/verwaltung/moderation: the queue (reports, waiting contributions, appeals), one item with
its record, the actions, and the audit log. Every action works as a plain form (POST, then
back to where it came from) and, with htmx, in place: the queue entry is swapped for what
became of it."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.forms import require_confirmed
from participation.core.clock import utcnow
from participation.core.errors import Conflict, DomainError
from participation.core.forms import show_service_error
from participation.core.permissions import can, permission_required, require
from participation.extensions import db, htmx
from participation.features.services import module_on
from participation.moderation import queue, services, subject_services
from participation.moderation.forms import AppealDecisionForm, BlockForm, HideForm, NoteForm

bp = Blueprint("moderation_staff", __name__, url_prefix="/verwaltung/moderation")
KINDS = "<any(vorschlaege, kommentare):kind>/<id:item_id>"


def navigation_counts(actor=None, everywhere: bool = False) -> queue.Counts:
    """The moderation counts of the staff navigation, counted once per request that reads
    (the queue page asks for them too; a request that writes counts after its write). Kept
    with the request, not in `g`, which an app context around several requests shares."""
    actor = actor if actor is not None else _actor()
    if request.method not in ("GET", "HEAD"):
        return queue.counts(actor, everywhere)
    kept = request.environ.setdefault("participation.moderation_counts", {})
    key = (actor.id if actor.is_authenticated else None, everywhere)
    if key not in kept:
        kept[key] = queue.counts(actor, everywhere)
    return kept[key]


def _actor():
    return current_user._get_current_object()


def _target(kind: str, item_id: int) -> services.Target:
    """The item, if the actor moderates its process (403 otherwise, 404 if there is none)."""
    target = services.target_of(
        proposal_id=item_id if kind == "vorschlaege" else None,
        comment_id=item_id if kind == "kommentare" else None,
    )
    require(_actor(), "moderate", target.process)
    return target


def _everywhere() -> bool:
    return request.args.get("alle") == "1" and bool(_actor().role_names & {"coordinator", "admin"})


def entry_forms(entry: queue.Entry, **override) -> dict:
    """The forms of one queue entry, prefixed with its key so many fit on one page."""
    forms = {
        "hide": HideForm(prefix=entry.key, formdata=None, reason=entry.main_reason),
        "decision": AppealDecisionForm(prefix=entry.key, formdata=None),
        "block": BlockForm(prefix=entry.key, formdata=None),
        "note": NoteForm(prefix=entry.key, formdata=None),
    }
    forms.update(override)
    return forms


@bp.get("")
@permission_required("moderate_queue")
def index():
    actor = _actor()
    everywhere = _everywhere()
    page = request.args.get("seite", 1, type=int) or 1
    reports = queue.report_queue(actor=actor, everywhere=everywhere, page=page, context=False)
    pending, pending_total = queue.pending_queue(
        actor=actor,
        everywhere=everywhere,
        total=navigation_counts(actor, everywhere).pending,
        context=False,
    )
    appeals = queue.appeal_queue(actor=actor, everywhere=everywhere, context=False)
    entries = queue.with_context([*reports.entries, *pending, *appeals])
    network = None
    if can(actor, "moderate_network") and module_on("network"):
        # Network items (participation/moderation/subjects.py): the office's own section.
        network = subject_services.subject_queue(
            actor=actor, page=request.args.get("netz_seite", 1, type=int) or 1
        )
    return render_template(
        "moderation/queue.html",
        network=network,
        network_forms={
            entry.key: {"hide": HideForm(prefix=entry.key, formdata=None, reason=entry.main_reason)}
            for entry in (network.entries if network else [])
        },
        reports=reports,
        pending=pending,
        pending_total=pending_total,
        appeals=appeals,
        forms={entry.key: entry_forms(entry) for entry in entries},
        coordinator=bool(actor.role_names & {"coordinator", "admin"}),
        everywhere=everywhere,
    )


@bp.get(f"/{KINDS}")
@permission_required("moderate_queue")
def item(kind: str, item_id: int):
    return _item_page(_target(kind, item_id))


def _item_page(target: services.Target, status: int = 200, **override):
    record = queue.item_record(actor=_actor(), target=target)
    return render_template(
        "moderation/item.html",
        record=record,
        entry=record.entry,
        forms={record.entry.key: entry_forms(record.entry, **override)},
        author_blocked=target.item.author.is_blocked(utcnow()),
        may_unblock=services.may_unblock(_actor(), target.item.author),
        may_decide_appeal=_may_decide(record.appeal, target),
    ), status


def _may_decide(appeal, target: services.Target) -> bool:
    """Show the decision form only on an open appeal the actor may decide."""
    return (
        appeal is not None
        and appeal.status == "open"
        and services.may_decide_appeal(_actor(), appeal, target.process)
    )


_ANCHORS = {"reports": "warteschlange", "pending": "freigabe", "appeal": "einsprueche"}


def _back(target: services.Target) -> str:
    """Where a plain form returns to: the item page, or the queue in the view and at the
    section it came from (built from known values only, never a foreign URL)."""
    if request.form.get("zurueck") == "eintrag":
        return url_for(
            "moderation_staff.item",
            kind="vorschlaege" if target.proposal else "kommentare",
            item_id=target.item.id,
        )
    args = {}
    if request.form.get("alle") == "1":
        args["alle"] = 1
    page = request.form.get("seite", "")
    if page.isdigit() and 1 < int(page) < 10_000:
        args["seite"] = int(page)
    anchor = _ANCHORS.get(request.form.get("bereich", ""), "warteschlange")
    return url_for("moderation_staff.index", **args) + "#" + anchor


def _done(target: services.Target, message: str):
    """Success: htmx gets the entry's new state in place, a plain form a redirect."""
    if htmx:
        db.session.refresh(target.item)
        response = make_response(
            render_template(
                "moderation/_done.html",
                entry=queue.Entry(target),
                message=message,
                counts=queue.counts(_actor()),
            )
        )
        response.vary.add("HX-Request")
        return response
    flash(message, "success")
    return redirect(_back(target), 303)


def _refused(target: services.Target, form_name: str, form, error: DomainError | None):
    """A refusal or a form error: the form again with what was typed, next to the field."""
    if error is not None:
        show_service_error(form, error)
    status = error.status_code if error is not None else 422
    record = queue.item_record(actor=_actor(), target=target)
    entry = record.entry
    entry.appeal = record.appeal
    if htmx and request.form.get("zurueck") != "eintrag":
        response = make_response(
            render_template(
                "moderation/_entry.html",
                entry=entry,
                forms={entry.key: entry_forms(entry, **{form_name: form})},
                section=request.form.get("bereich", "reports"),
            ),
            status,
        )
        response.vary.add("HX-Request")
        return response
    db.session.refresh(target.item)
    return _item_page(target, status, **{form_name: form})


def _simple(kind: str, item_id: int, action, message: str):
    """An action that needs nothing but the button (and the CSRF token)."""
    target = _target(kind, item_id)
    require_confirmed()
    action(actor=_actor(), target=target)
    return _done(target, message)


@bp.post(f"/{KINDS}/ausblenden")
@permission_required("moderate_queue")
def hide(kind: str, item_id: int):
    return _take_down(kind, item_id, services.hide, _("Der Beitrag ist ausgeblendet."))


@bp.post(f"/{KINDS}/ablehnen")
@permission_required("moderate_queue")
def reject(kind: str, item_id: int):
    return _take_down(kind, item_id, services.reject, _("Der Beitrag ist nicht freigegeben."))


def _with_form(kind: str, item_id: int, name: str, form_class, act, answer):
    """An action with fields: validate the item's prefixed form, `act(target, form)` (the
    service call), then `answer(target, form)`. A refusal shows the form again, with what was
    typed and the reason next to the field."""
    target = _target(kind, item_id)
    form = form_class(prefix=f"{kind[0]}{item_id}")
    if not form.validate_on_submit():
        return _refused(target, name, form, None)
    try:
        act(target, form)
    except DomainError as error:
        return _refused(target, name, form, error)
    return answer(target, form)


def _take_down(kind: str, item_id: int, action, message: str):
    return _with_form(
        kind,
        item_id,
        "hide",
        HideForm,
        lambda target, form: action(
            actor=_actor(),
            target=target,
            reason=form.reason.data,
            explanation=form.explanation.data,
        ),
        lambda target, form: _done(target, message),
    )


@bp.post(f"/{KINDS}/wiederherstellen")
@permission_required("moderate_queue")
def restore(kind: str, item_id: int):
    return _simple(kind, item_id, services.restore, _("Der Beitrag ist wieder sichtbar."))


@bp.post(f"/{KINDS}/freigeben")
@permission_required("moderate_queue")
def approve(kind: str, item_id: int):
    return _simple(kind, item_id, services.approve, _("Der Beitrag ist freigegeben."))


@bp.post(f"/{KINDS}/meldungen-verwerfen")
@permission_required("moderate_queue")
def dismiss(kind: str, item_id: int):
    return _simple(
        kind, item_id, services.dismiss, _("Die Meldungen sind verworfen; der Beitrag bleibt.")
    )


@bp.post("/kommentare/<id:item_id>/faden-sperren")
@permission_required("moderate_queue")
def lock_thread(item_id: int):
    return _toggle("kommentare", item_id, services.set_thread_locked, "locked", True)


@bp.post("/kommentare/<id:item_id>/faden-oeffnen")
@permission_required("moderate_queue")
def unlock_thread(item_id: int):
    return _toggle("kommentare", item_id, services.set_thread_locked, "locked", False)


@bp.post("/vorschlaege/<id:item_id>/kommentare-schliessen")
@permission_required("moderate_queue")
def close_comments(item_id: int):
    return _toggle("vorschlaege", item_id, services.set_comments_closed, "closed", True)


@bp.post("/vorschlaege/<id:item_id>/kommentare-oeffnen")
@permission_required("moderate_queue")
def open_comments(item_id: int):
    return _toggle("vorschlaege", item_id, services.set_comments_closed, "closed", False)


_TOGGLE_MESSAGES = {
    ("locked", True): _l("Der Gesprächsfaden nimmt keine Antworten mehr an."),
    ("locked", False): _l("Der Gesprächsfaden nimmt wieder Antworten an."),
    ("closed", True): _l("Die Kommentare zu diesem Vorschlag sind geschlossen."),
    ("closed", False): _l("Die Kommentare zu diesem Vorschlag sind wieder offen."),
}


def _toggle(kind: str, item_id: int, action, name: str, value: bool):
    target = _target(kind, item_id)
    require_confirmed()
    action(actor=_actor(), target=target, **{name: value})
    return _done(target, str(_TOGGLE_MESSAGES[(name, value)]))


@bp.post(f"/{KINDS}/sperren")
@permission_required("moderate_queue")
def block(kind: str, item_id: int):
    return _with_form(
        kind,
        item_id,
        "block",
        BlockForm,
        lambda target, form: services.block_author(
            actor=_actor(), target=target, days=form.days(), reason=form.block_reason.data
        ),
        lambda target, form: _done(
            target, _("Das Konto ist gesperrt. Es kann lesen, aber nicht schreiben.")
        ),
    )


@bp.post(f"/{KINDS}/sperre-aufheben")
@permission_required("moderate_queue")
def unblock(kind: str, item_id: int):
    return _simple(kind, item_id, services.unblock_author, _("Die Sperre ist aufgehoben."))


@bp.post(f"/{KINDS}/notizen")
@permission_required("moderate_queue")
def add_note(kind: str, item_id: int):
    def saved(target, form):
        flash(_("Die Notiz ist gespeichert."), "success")
        return redirect(
            url_for("moderation_staff.item", kind=kind, item_id=item_id) + "#notizen", 303
        )

    return _with_form(
        kind,
        item_id,
        "note",
        NoteForm,
        lambda target, form: services.add_note(actor=_actor(), target=target, text=form.text.data),
        saved,
    )


@bp.post(f"/{KINDS}/einspruch-entscheiden")
@permission_required("moderate_queue")
def decide_appeal(kind: str, item_id: int):
    def decide(target, form):
        appeal = queue.item_record(actor=_actor(), target=target).appeal
        if appeal is None:
            raise Conflict(_("Zu diesem Beitrag gibt es keinen Einspruch."))
        services.decide_appeal(
            actor=_actor(),
            appeal_id=appeal.id,
            overturn=form.decision.data == "overturned",
            explanation=form.explanation.data,
        )

    return _with_form(
        kind,
        item_id,
        "decision",
        AppealDecisionForm,
        decide,
        lambda target, form: _done(
            target,
            _("Dem Einspruch ist stattgegeben; der Beitrag ist wieder sichtbar.")
            if form.decision.data == "overturned"
            else _("Der Einspruch ist zurückgewiesen; der Beitrag bleibt ausgeblendet."),
        ),
    )


@bp.get("/protokoll")
@permission_required("read_moderation_log")
def log():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "moderation/log.html", result=queue.moderation_log(actor=_actor(), page=page)
    )
