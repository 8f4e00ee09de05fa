"""Checklists attached to processes: attaching a template, ticking and unticking items (every
change recorded), and what the coordination office's review shows of them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.permissions import can, require
from participation.extensions import db
from participation.features.services import module_on
from participation.projects.models import Process
from participation.projects.sections import Section, review_section
from participation.workaids.library import checklist_templates
from participation.workaids.models import (
    CHECKLIST,
    ChecklistTick,
    ProcessChecklist,
    ProcessChecklistItem,
    WorkAid,
)

NOTE_MAX = 500
HISTORY_SIZE = 30
# An archived process is a closed record: its checklists are read, not changed.
READ_ONLY_STATUSES = ("archived",)


def checklists_of(process: Process) -> list[ProcessChecklist]:
    """The process's checklists with their items (two queries however many there are)."""
    return list(
        db.session.scalars(
            select(ProcessChecklist)
            .where(ProcessChecklist.process_id == process.id)
            .order_by(ProcessChecklist.attached_at, ProcessChecklist.id)
        )
    )


def history(process: Process, limit: int = HISTORY_SIZE) -> list[tuple[ChecklistTick, str]]:
    """The latest ticks and unticks on the process's checklists, with the item's text."""
    rows = db.session.execute(
        select(ChecklistTick, ProcessChecklistItem.text)
        .join(ProcessChecklistItem, ProcessChecklistItem.id == ChecklistTick.item_id)
        .join(ProcessChecklist, ProcessChecklist.id == ProcessChecklistItem.checklist_id)
        .where(ProcessChecklist.process_id == process.id)
        .order_by(ChecklistTick.created_at.desc(), ChecklistTick.id.desc())
        .limit(limit)
    )
    return [(tick, text) for tick, text in rows]


def available_templates(*, actor, process: Process) -> list[WorkAid]:
    """Checklist templates not yet attached to the process."""
    taken = {c.work_aid_id for c in checklists_of(process)}
    return [aid for aid in checklist_templates(actor=actor) if aid.id not in taken]


def _check_open(process: Process) -> None:
    if process.status in READ_ONLY_STATUSES:
        raise Conflict(_("Das Verfahren ist archiviert; seine Checklisten bleiben, wie sie sind."))


def attach(*, actor, process: Process, work_aid_id: int | None) -> ProcessChecklist:
    """Attach a copy of a checklist template to the process."""
    require(actor, "prepare_process", process)
    _check_open(process)
    template = db.session.get(WorkAid, work_aid_id) if work_aid_id else None
    if (
        template is None
        or template.kind != CHECKLIST
        or not template.items
        or not can(actor, "view_work_aid", template)
    ):
        raise Invalid(_("Bitte wählen Sie eine Checkliste."), field="work_aid")
    exists = db.session.scalar(
        select(ProcessChecklist.id).where(
            ProcessChecklist.process_id == process.id, ProcessChecklist.work_aid_id == template.id
        )
    )
    if exists:
        raise Conflict(_("Diese Checkliste ist dem Verfahren schon zugeordnet."))
    checklist = ProcessChecklist(
        process_id=process.id,
        work_aid_id=template.id,
        title=template.title,
        attached_by_id=actor.id,
        attached_at=utcnow(),
        items=[
            ProcessChecklistItem(position=item.position, text=item.text) for item in template.items
        ],
    )
    db.session.add(checklist)
    try:
        db.session.commit()
    except IntegrityError as error:
        # The same checklist attached twice at once (a double click): one stays.
        db.session.rollback()
        raise Conflict(_("Diese Checkliste ist dem Verfahren schon zugeordnet.")) from error
    return checklist


def get_item(*, actor, process: Process, item_id: int) -> ProcessChecklistItem:
    """An item of one of the process's checklists (another process's item is a 404)."""
    item = db.session.scalar(
        select(ProcessChecklistItem)
        .join(ProcessChecklist, ProcessChecklist.id == ProcessChecklistItem.checklist_id)
        .where(ProcessChecklistItem.id == item_id, ProcessChecklist.process_id == process.id)
    )
    if item is None or not can(actor, "prepare_process", process):
        raise NotFound(_("Diesen Punkt gibt es nicht."))
    return item


def tick(
    *, actor, process: Process, item: ProcessChecklistItem, done: bool, note: str = ""
) -> ProcessChecklistItem:
    """Tick (or untick) an item with an optional note; the change is recorded. Sending the
    same state and note again (a double click) records nothing."""
    require(actor, "prepare_process", process)
    _check_open(process)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("Die Notiz darf höchstens 500 Zeichen lang sein."), field="note")
    if item.done == done and item.note == note:
        return item
    now = utcnow()
    item.done = done
    item.note = note
    item.done_at = now if done else None
    item.done_by_id = actor.id if done else None
    db.session.add(ChecklistTick(item_id=item.id, actor_id=actor.id, done=done, note=note))
    db.session.commit()
    db.session.refresh(item)
    return item


@review_section(50)
def review_checklists(process, actor) -> Section | None:
    """On the review page: each attached checklist's state, beside the review's own list."""
    if not (can(actor, "prepare_process", process) and module_on("qualification")):
        return None
    return Section(
        "workaids/_review_checklists.html",
        {"checklists": checklists_of(process), "process": process},
    )
