"""Process use cases: create, edit, find, list (coordination.services moves them along)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from participation.core import signals, uploads
from participation.core.db import unique_slug
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.projects import phases as registry
from participation.projects.models import (
    CouncilDocument,
    Phase,
    Process,
    ProcessLink,
    ProposalCategory,
)

DRUCKSACHE = re.compile(r"^\d{4}/\d{4}$")


@dataclass(frozen=True)
class PhaseInput:
    kind: str
    starts_on: date
    ends_on: date
    description: str = ""


def slugify(text: str) -> str:
    text = text.replace("ß", "ss")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100] or "verfahren"


def _unique_slug(title: str) -> str:
    return unique_slug(db.session, Process.slug, slugify(title))


def _check_phases(phases: list[PhaseInput]) -> None:
    for phase in phases:
        if phase.kind not in registry.REGISTRY:
            raise Invalid(_("Unbekannte Phase: %(kind)s", kind=phase.kind), field="phases")
        if phase.starts_on > phase.ends_on:
            raise Invalid(_("Eine Phase endet vor ihrem Beginn."), field="phases")
    # Phases follow one another: a day belongs to at most one phase, so "the current phase"
    # has one answer (phase_state) and the list filters agree with it.
    ordered = sorted(phases, key=lambda p: (p.starts_on, p.ends_on))
    for previous, following in itertools.pairwise(ordered):
        if following.starts_on <= previous.ends_on:
            raise Invalid(
                _(
                    "Die Phasen „%(first)s“ und „%(second)s“ überschneiden sich. Eine Phase "
                    "beginnt frühestens am Tag nach dem Ende der vorigen.",
                    first=registry.REGISTRY[previous.kind].label,
                    second=registry.REGISTRY[following.kind].label,
                ),
                field="phases",
            )


@dataclass(frozen=True, kw_only=True)
class ProcessInput:
    """What staff write about a process; create_process and update_process take these
    fields as keyword arguments, and check them in one place (_check_input)."""

    title: str
    summary: str
    action_field_slug: str
    district_code: str | None = None
    description_markdown: str = ""
    easy_summary: str = ""
    decided_by: str = ""
    scope_for_influence: str = ""
    constraints: str = ""
    use_of_results: str = ""
    feedback_due: date | None = None
    contact_office: str = ""
    contact_person: str = ""
    contact_email: str = ""
    council_documents: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    categories: tuple[str, ...] = ()
    phases: tuple[PhaseInput, ...] = ()
    phase_overrides: dict | None = None
    pre_moderation: bool = False
    first_contribution_review: bool = False
    # A new image (a binary file object, e.g. an upload) and its alternative text.
    image: BinaryIO | None = None
    image_alt: str = ""


@dataclass(frozen=True)
class _Checked:
    district: District | None
    action_field: ActionField
    council_documents: tuple[str, ...]
    categories: tuple[str, ...]
    phases: tuple[PhaseInput, ...]


def _find_district(code: str | None) -> District | None:
    if not code:
        return None
    district = db.session.scalar(select(District).where(District.code == code))
    if district is None:
        raise NotFound(_("Bezirk %(code)s gibt es nicht.", code=code))
    return district


def _check_input(data: ProcessInput, *, district: District | None, has_image: bool) -> _Checked:
    """Refuse what no process may hold; the caller has checked the actor's permission."""
    action_field = db.session.scalar(
        select(ActionField).where(ActionField.slug == data.action_field_slug)
    )
    if action_field is None:
        raise Invalid(_("Bitte wählen Sie ein Handlungsfeld."), field="action_field")
    if not 3 <= len(data.title.strip()) <= 200:
        raise Invalid(_("Der Titel muss 3 bis 200 Zeichen lang sein."), field="title")
    for number in data.council_documents:
        if not DRUCKSACHE.match(number):
            raise Invalid(
                _("Drucksachen-Nummern haben die Form 1234/2026."), field="council_documents"
            )
    if len(data.summary.strip()) > 600:
        raise Invalid(
            _("Die Kurzbeschreibung darf höchstens 600 Zeichen lang sein."), field="summary"
        )
    for link_title, url in data.links:
        if not url.startswith(("https://", "http://")):
            raise Invalid(_("Links müssen mit https:// beginnen."), field="links")
        if len(link_title) > 200 or len(url) > 500:
            raise Invalid(
                _("Ein Link ist zu lang (Titel bis 200, Adresse bis 500 Zeichen)."), field="links"
            )
    categories = tuple(dict.fromkeys(c.strip() for c in data.categories if c.strip()))
    if any(len(name) > 80 for name in categories):
        raise Invalid(_("Kategorien dürfen höchstens 80 Zeichen lang sein."), field="categories")
    _check_phases(list(data.phases))
    for kind, actions in (data.phase_overrides or {}).items():
        if kind not in registry.REGISTRY or not set(actions) <= set(registry.ACTIONS):
            raise Invalid(_("Unbekannte Freigabe für eine Phase."), field="phase_overrides")
    if len(data.image_alt.strip()) > 300:
        raise Invalid(
            _("Der Alternativtext darf höchstens 300 Zeichen lang sein."), field="image_alt"
        )
    if (has_image or data.image is not None) and not data.image_alt.strip():
        raise Invalid(
            _(
                "Bitte beschreiben Sie in einem Satz, was auf dem Bild zu sehen ist "
                "(Alternativtext für Menschen, die das Bild nicht sehen)."
            ),
            field="image_alt",
        )
    return _Checked(
        district=district,
        action_field=action_field,
        council_documents=tuple(sorted(set(data.council_documents))),
        categories=categories,
        phases=tuple(data.phases),
    )


def _store_image(image: BinaryIO) -> str:
    """The stored name of a checked and cleaned upload; Invalid next to the field if not."""
    config = current_app.config
    try:
        stored = uploads.store_image(
            image,
            max_bytes=config["PROCESS_IMAGE_MAX_BYTES"],
            max_pixels=config["PROCESS_IMAGE_MAX_PIXELS"],
        )
    except uploads.ImageRefused as refusal:
        raise Invalid(str(refusal), field="image") from refusal
    return stored.name


def _apply(process: Process, data: ProcessInput, checked: _Checked) -> None:
    """Write the checked input to the process; children are matched by what identifies
    them (number, name, kind), so rows that stay keep their ids and references."""
    process.title = data.title.strip()
    process.summary = data.summary.strip()
    process.description_markdown = data.description_markdown
    process.description_html = render_markdown(data.description_markdown)
    process.easy_summary = data.easy_summary
    process.district = checked.district
    process.action_field = checked.action_field
    process.decided_by = data.decided_by
    process.scope_for_influence = data.scope_for_influence
    process.constraints = data.constraints
    process.use_of_results = data.use_of_results
    process.feedback_due = data.feedback_due
    process.contact_office = data.contact_office
    process.contact_person = data.contact_person
    process.contact_email = data.contact_email
    process.phase_overrides = {k: sorted(v) for k, v in (data.phase_overrides or {}).items()}
    process.pre_moderation = data.pre_moderation
    process.first_contribution_review = data.first_contribution_review

    documents = {d.number: d for d in process.council_documents}
    process.council_documents = [
        documents.get(n) or CouncilDocument(number=n) for n in checked.council_documents
    ]
    process.links = [ProcessLink(title=t, url=u, position=i) for i, (t, u) in enumerate(data.links)]
    # A kept category keeps its row, so proposals filed under it stay there; a removed one
    # is deleted and its proposals lose the category (ON DELETE SET NULL).
    categories = {c.name: c for c in process.categories}
    process.categories = []
    for position, name in enumerate(checked.categories):
        category = categories.get(name) or ProposalCategory(name=name)
        category.position = position
        process.categories.append(category)
    phases = {p.kind: p for p in process.phases}
    process.phases = []
    for given in checked.phases:
        phase = phases.pop(given.kind, None) or Phase(kind=given.kind)
        phase.starts_on, phase.ends_on = given.starts_on, given.ends_on
        phase.description = given.description
        process.phases.append(phase)


def _save(
    process: Process, data: ProcessInput, checked: _Checked, *, remove_image: bool = False
) -> None:
    """Store a new image, write the process and commit, and only then delete the image it
    replaces; a failed commit removes the new file instead. The image is checked before
    the process changes, so a refused file leaves the process untouched."""
    old_image = process.image_filename
    new_image = _store_image(data.image) if data.image is not None else None
    try:
        _apply(process, data, checked)
        if new_image is not None:
            process.image_filename = new_image
        elif remove_image:
            process.image_filename = None
        process.image_alt = data.image_alt.strip() if process.image_filename else ""
        db.session.add(process)
        db.session.commit()
    except BaseException:
        uploads.delete_image(new_image)
        raise
    if old_image and old_image != process.image_filename:
        uploads.delete_image(old_image)


def create_process(*, actor, **fields) -> Process:
    """A new draft process of a district (or city-wide without one); `fields` are those of
    ProcessInput."""
    data = ProcessInput(**fields)
    district = _find_district(data.district_code)
    require(actor, "create_process", district)
    checked = _check_input(data, district=district, has_image=False)
    process = Process(slug=_unique_slug(data.title), status="draft")
    _save(process, data, checked)
    signals.process_created.send(current_app._get_current_object(), process=process)
    return process


def update_process(*, actor, process: Process, remove_image: bool = False, **fields) -> Process:
    """Change a process (draft or public) with the same fields and checks as
    create_process. The slug stays, so links to the process keep working; a new image
    replaces the old one, `remove_image` drops it. While the coordination office reviews
    the process, only the office changes it."""
    require(actor, "publish_process", process)
    if not can(actor, "edit_process", process):
        raise Conflict(
            _(
                "Das Verfahren liegt bei der Koordinierungsstelle zur Prüfung. Ändern können "
                "Sie es wieder, wenn es zurückgegeben wird."
            )
        )
    data = ProcessInput(**fields)
    district = _find_district(data.district_code)
    # Moving a process needs the right to draft in the district it moves to.
    if district != process.district:
        require(actor, "create_process", district)
    keeps_image = bool(process.image_filename) and not remove_image
    checked = _check_input(data, district=district, has_image=keeps_image)
    _save(process, data, checked, remove_image=remove_image)
    signals.process_updated.send(current_app._get_current_object(), process=process)
    return process


def get_process(*, actor, slug: str) -> Process:
    """The process with this slug if the actor may see it; otherwise NotFound (not 403, so
    drafts do not reveal that they exist)."""
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug)
        # Papers and links are shown in the page's kept article (projects/detail.html) and
        # loaded only to render it anew.
        .options(
            selectinload(Process.categories),
            joinedload(Process.district).lazyload(District.quarters),
        )
    )
    if process is None or not _can_view(actor, process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def _can_view(actor, process) -> bool:
    return can(actor, "view_process", process)


def get_process_for_staff(*, actor, slug: str) -> Process:
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None or not process_in_scope(actor, process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


def process_in_scope(actor, process) -> bool:
    return can(actor, "publish_process", process)
