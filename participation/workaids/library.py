"""The library of work aids: listing with filters, reading, creating, editing, versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from participation.core import documents
from participation.core.db import lock_row, lower_text, unique_slug
from participation.core.errors import Invalid, NotFound
from participation.core.pagination import Page, clamp_page
from participation.core.permissions import can, require
from participation.core.sanitize import render_page_markdown
from participation.core.search import terms
from participation.districts.models import ActionField
from participation.extensions import db
from participation.projects.phases import REGISTRY
from participation.projects.services import slugify
from participation.workaids.models import (
    AUDIENCES,
    CHECKLIST,
    FILE,
    KINDS,
    MARKDOWN,
    ChecklistItem,
    WorkAid,
    WorkAidAudience,
    WorkAidPhase,
    WorkAidVersion,
    work_aid_action_field,
)

PAGE_SIZE = 20
TITLE_MAX, SUMMARY_MAX, NOTE_MAX, BODY_MAX = 200, 1000, 500, 100_000
ITEM_MAX, ITEMS_MAX = 500, 40


@dataclass(frozen=True)
class WorkAidInput:
    title: str
    summary: str = ""
    kind: str = ""
    audiences: tuple[str, ...] = ()
    action_field_slugs: tuple[str, ...] = ()
    phase_kinds: tuple[str, ...] = ()
    is_public: bool = True
    # The items of a checklist, one text each (only for kind "checklist").
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionInput:
    """A document upload, or Markdown written in the portal: exactly one of them."""

    note: str = ""
    body_markdown: str = ""
    document: BinaryIO | None = None


# --- reading --------------------------------------------------------------------------------


def _visible(actor):
    return None if can(actor, "read_staff_work_aids") else WorkAid.is_public.is_(True)


def list_work_aids(
    *,
    actor,
    kind: str | None = None,
    audience: str | None = None,
    action_field: str | None = None,
    phase: str | None = None,
    query: str | None = None,
    page: int = 1,
) -> Page:
    """One page of the library, newest change first; visitors see public aids only. A
    fixed number of queries whatever the page holds (count, rows, their lists, versions)."""
    conditions = []
    visible = _visible(actor)
    if visible is not None:
        conditions.append(visible)
    if kind:
        conditions.append(WorkAid.kind == kind)
    if audience:
        conditions.append(
            exists().where(
                WorkAidAudience.work_aid_id == WorkAid.id, WorkAidAudience.audience == audience
            )
        )
    if phase:
        conditions.append(
            exists().where(WorkAidPhase.work_aid_id == WorkAid.id, WorkAidPhase.phase_kind == phase)
        )
    if action_field:
        conditions.append(
            exists()
            .where(work_aid_action_field.c.work_aid_id == WorkAid.id)
            .where(work_aid_action_field.c.action_field_id == ActionField.id)
            .where(ActionField.slug == action_field)
        )
    for word in terms(query or ""):
        needle = word.lower()
        conditions.append(
            or_(
                lower_text(WorkAid.title).contains(needle, autoescape=True),
                lower_text(WorkAid.summary).contains(needle, autoescape=True),
            )
        )
    where = and_(True, *conditions)
    total = db.session.scalar(select(func.count(WorkAid.id)).where(where)) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    items = list(
        db.session.scalars(
            select(WorkAid)
            .where(where)
            .order_by(WorkAid.updated_at.desc(), WorkAid.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    filters = {
        "kind": kind,
        "audience": audience,
        "action_field": action_field,
        "phase": phase,
        "query": query,
    }
    return Page(items, page, pages, total, filters)


def latest_versions(aids) -> dict[int, WorkAidVersion]:
    """Each aid's latest version, in one query for all of them."""
    ids = [aid.id for aid in aids if aid.version_count]
    if not ids:
        return {}
    rows = db.session.scalars(
        select(WorkAidVersion)
        .join(WorkAid, WorkAid.id == WorkAidVersion.work_aid_id)
        .where(WorkAid.id.in_(ids), WorkAidVersion.number == WorkAid.version_count)
    )
    return {version.work_aid_id: version for version in rows}


def get_work_aid(*, actor, slug: str) -> WorkAid:
    """The aid, if the actor may see it; a staff-only aid does not exist for anyone else."""
    aid = db.session.scalar(select(WorkAid).where(WorkAid.slug == slug[:120]))
    if aid is None or not can(actor, "view_work_aid", aid):
        raise NotFound(_("Diese Arbeitshilfe gibt es nicht."))
    return aid


def versions_of(aid: WorkAid) -> list[WorkAidVersion]:
    """Every version, newest first."""
    return list(
        db.session.scalars(
            select(WorkAidVersion)
            .where(WorkAidVersion.work_aid_id == aid.id)
            .order_by(WorkAidVersion.number.desc())
        )
    )


def get_version(*, actor, slug: str, number: int) -> tuple[WorkAid, WorkAidVersion]:
    aid = get_work_aid(actor=actor, slug=slug)
    version = db.session.scalar(
        select(WorkAidVersion).where(
            WorkAidVersion.work_aid_id == aid.id, WorkAidVersion.number == number
        )
    )
    if version is None:
        raise NotFound(_("Diese Fassung gibt es nicht."))
    return aid, version


def checklist_templates(*, actor) -> list[WorkAid]:
    """Checklists with items, which a process can use; staff see the staff-only ones too."""
    visible = _visible(actor)
    statement = (
        select(WorkAid)
        .where(WorkAid.kind == CHECKLIST, exists().where(ChecklistItem.work_aid_id == WorkAid.id))
        .order_by(WorkAid.title)
        .options(selectinload(WorkAid.items))
    )
    if visible is not None:
        statement = statement.where(visible)
    return list(db.session.scalars(statement))


def action_fields_by_slug(slugs) -> list[ActionField]:
    slugs = set(slugs)
    if not slugs:
        return []
    return list(db.session.scalars(select(ActionField).where(ActionField.slug.in_(slugs))))


# --- writing --------------------------------------------------------------------------------


def _check(data: WorkAidInput) -> list[ActionField]:
    if not data.title.strip():
        raise Invalid(_("Bitte geben Sie einen Titel an."), field="title")
    if len(data.title) > TITLE_MAX:
        raise Invalid(_("Der Titel darf höchstens 200 Zeichen lang sein."), field="title")
    if len(data.summary) > SUMMARY_MAX:
        raise Invalid(
            _("Die Kurzbeschreibung darf höchstens 1000 Zeichen lang sein."), field="summary"
        )
    if data.kind not in KINDS:
        raise Invalid(_("Bitte wählen Sie die Art der Arbeitshilfe."), field="kind")
    if not set(data.audiences) <= set(AUDIENCES):
        raise Invalid(_("Unbekannte Zielgruppe."), field="audiences")
    if not set(data.phase_kinds) <= set(REGISTRY):
        raise Invalid(_("Unbekannte Phase."), field="phases")
    fields = action_fields_by_slug(data.action_field_slugs)
    if len(fields) != len(set(data.action_field_slugs)):
        raise Invalid(_("Unbekanntes Handlungsfeld."), field="action_fields")
    if data.items and data.kind != CHECKLIST:
        raise Invalid(_("Nur eine Checkliste hat Punkte zum Abhaken."), field="items")
    if len(data.items) > ITEMS_MAX:
        raise Invalid(_("Eine Checkliste hat höchstens 40 Punkte."), field="items")
    if any(len(item) > ITEM_MAX for item in data.items):
        raise Invalid(_("Ein Punkt darf höchstens 500 Zeichen lang sein."), field="items")
    return fields


def _apply(aid: WorkAid, data: WorkAidInput, fields: list[ActionField]) -> None:
    aid.title = data.title.strip()
    aid.summary = data.summary.strip()
    aid.kind = data.kind
    aid.is_public = data.is_public
    aid.audiences = [WorkAidAudience(audience=code) for code in AUDIENCES if code in data.audiences]
    aid.phases = [WorkAidPhase(phase_kind=kind) for kind in REGISTRY if kind in data.phase_kinds]
    aid.action_fields = sorted(fields, key=lambda f: f.position)
    texts = [item.strip() for item in data.items if item.strip()]
    # Items that stay keep their rows; checklists in use hold copies and are not touched.
    kept = {item.text: item for item in aid.items}
    aid.items = []
    for position, text in enumerate(texts):
        item = kept.pop(text, None) or ChecklistItem(text=text)
        item.position = position
        aid.items.append(item)


def _new_version(aid: WorkAid, version: VersionInput, actor) -> tuple[WorkAidVersion, str | None]:
    """The version row (not yet added) and the name of a stored document, if any."""
    has_text = bool(version.body_markdown.strip())
    if len(version.note) > NOTE_MAX:
        raise Invalid(_("Der Hinweis darf höchstens 500 Zeichen lang sein."), field="note")
    if version.document is not None and has_text:
        raise Invalid(
            _("Bitte laden Sie entweder eine Datei hoch oder schreiben Sie einen Text."),
            field="document",
        )
    if version.document is None and not has_text:
        raise Invalid(
            _("Bitte laden Sie eine Datei hoch (PDF, ODT, DOCX) oder schreiben Sie einen Text."),
            field="document",
        )
    if len(version.body_markdown) > BODY_MAX:
        raise Invalid(
            _("Der Text darf höchstens 100.000 Zeichen lang sein."), field="body_markdown"
        )
    row = WorkAidVersion(note=version.note.strip(), author_id=actor.id)
    if version.document is None:
        row.source = MARKDOWN
        row.body_markdown = version.body_markdown
        row.body_html = render_page_markdown(version.body_markdown)
        return row, None
    try:
        stored = documents.store_document(
            version.document,
            max_bytes=current_app.config["WORK_AID_MAX_BYTES"],
            limits=documents.ZipLimits.from_config(),
        )
    except documents.DocumentRefused as refusal:
        raise Invalid(str(refusal), field="document") from refusal
    row.source = FILE
    row.file_name, row.file_format, row.file_size = stored.name, stored.format, stored.size
    return row, stored.name


def _commit_with(version: WorkAidVersion | None, stored: str | None, aid: WorkAid) -> None:
    """Add the version as the aid's next and commit; a failed commit removes the file."""
    try:
        if version is not None:
            aid.version_count = (aid.version_count or 0) + 1
            version.number = aid.version_count
            db.session.add(aid)
            db.session.flush()
            version.work_aid_id = aid.id
            db.session.add(version)
        db.session.add(aid)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        documents.delete_document(stored)
        raise


def create_work_aid(*, actor, data: WorkAidInput, version: VersionInput) -> WorkAid:
    require(actor, "manage_work_aids")
    fields = _check(data)
    row, stored = _new_version(WorkAid(), version, actor)
    aid = WorkAid(
        slug=unique_slug(db.session, WorkAid.slug, slugify(data.title)[:100] or "arbeitshilfe"),
        created_by_id=actor.id,
        version_count=0,
    )
    _apply(aid, data, fields)
    _commit_with(row, stored, aid)
    return aid


def update_work_aid(*, actor, aid: WorkAid, data: WorkAidInput) -> WorkAid:
    require(actor, "manage_work_aids")
    fields = _check(data)
    _apply(aid, data, fields)
    _commit_with(None, None, aid)
    return aid


def add_version(*, actor, aid: WorkAid, version: VersionInput) -> WorkAidVersion:
    """A new latest version; the earlier ones stay as they are."""
    require(actor, "manage_work_aids")
    row, stored = _new_version(aid, version, actor)
    # Two versions saved at once get consecutive numbers, not the same one.
    lock_row(db.session, WorkAid, aid.id)
    db.session.refresh(aid)
    _commit_with(row, stored, aid)
    return row
