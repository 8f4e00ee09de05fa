"""Writing, publishing and withdrawing practice examples, and drafting one from a process
whose results report is published."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.core.db import unique_slug
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.practice.models import (
    CITY,
    DISTRICT,
    DRAFT,
    ELSEWHERE,
    EXTERNAL,
    FIGURES,
    FORMATS,
    PORTAL,
    PUBLISHED,
    SCOPES,
    TARGET_GROUPS,
    TEXTS,
    ExampleTargetGroup,
    PracticeExample,
)
from participation.projects.models import Process
from participation.projects.services import slugify
from participation.results import services as results
from participation.results.figures import totals

TITLE_MAX, SUMMARY_MAX, TEXT_MAX = 200, 600, 20000
NUMBER_MAX = 1_000_000_000  # a figure or a budget above this is a typing error
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class ExampleInput:
    """Everything staff type or an import brings; checked here, whoever calls."""

    title: str
    summary: str = ""
    format: str = "other"
    format_other: str = ""
    scope: str = CITY
    district_code: str | None = None
    place: str = ""
    action_field_slugs: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)  # TEXTS -> Markdown
    numbers: dict[str, int | None] = field(default_factory=dict)  # staff_days, ..., FIGURES
    contact: str = ""
    contact_email: str = ""
    source: str = PORTAL
    source_name: str = ""
    source_url: str = ""
    process_id: int | None = None


NUMBERS = ("staff_days", "budget_euros", "duration_weeks", *FIGURES)
_LIMITS = {
    "title": TITLE_MAX,
    "summary": SUMMARY_MAX,
    "format_other": 100,
    "place": 200,
    "contact": 300,
    "contact_email": 254,
    "source_name": 200,
    "source_url": 500,
}


def _check(data: ExampleInput) -> tuple[District | None, list[ActionField]]:
    """Refuse what does not fit, next to its field; the district and action fields."""
    if not data.title.strip():
        raise Invalid(_("Bitte geben Sie einen Titel an."), field="title")
    for name, limit in _LIMITS.items():
        if len(getattr(data, name) or "") > limit:
            raise Invalid(_("Höchstens %(num)d Zeichen.", num=limit), field=name)
    for name in ("title", "format_other", "place", "contact", "contact_email", "source_name"):
        if any(c in (getattr(data, name) or "") for c in "\r\n"):
            raise Invalid(_("Bitte ohne Zeilenumbruch."), field=name)
    if data.format not in FORMATS:
        raise Invalid(_("Bitte wählen Sie ein Format aus der Liste."), field="format")
    if data.format == "other" and not data.format_other.strip():
        raise Invalid(_("Bitte nennen Sie das Format."), field="format_other")
    if data.scope not in SCOPES:
        raise Invalid(_("Bitte wählen Sie, wo das Verfahren stattfand."), field="scope")
    district = None
    if data.scope == DISTRICT:
        district = db.session.scalar(select(District).where(District.code == data.district_code))
        if district is None:
            raise Invalid(_("Bitte wählen Sie einen Stadtbezirk."), field="district")
    if data.scope == ELSEWHERE and not data.place.strip():
        raise Invalid(_("Bitte nennen Sie die Kommune."), field="place")
    slugs = set(data.action_field_slugs)
    fields_ = list(
        db.session.scalars(
            select(ActionField).where(ActionField.slug.in_(slugs)).order_by(ActionField.position)
        )
    )
    if len(fields_) != len(slugs):
        raise Invalid(_("Bitte wählen Sie Handlungsfelder aus der Liste."), field="action_fields")
    if not set(data.target_groups) <= set(TARGET_GROUPS):
        raise Invalid(_("Bitte wählen Sie Zielgruppen aus der Liste."), field="target_groups")
    for name in TEXTS:
        if len(data.texts.get(name) or "") > TEXT_MAX:
            raise Invalid(_("Bitte schreiben Sie höchstens 20.000 Zeichen."), field=name)
    for name in NUMBERS:
        value = data.numbers.get(name)
        if value is not None and not (0 <= value <= NUMBER_MAX):
            raise Invalid(_("Bitte geben Sie eine Zahl von 0 bis 1.000.000.000 an."), field=name)
    if data.contact_email and not _EMAIL.fullmatch(data.contact_email.strip()):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="contact_email")
    if data.source not in (PORTAL, EXTERNAL):
        raise Invalid(_("Bitte wählen Sie die Herkunft."), field="source")
    if data.source == EXTERNAL:
        if not data.source_name.strip():
            raise Invalid(
                _("Bitte nennen Sie die Kommune, aus der es stammt."), field="source_name"
            )
        if data.source_url and not data.source_url.startswith(("https://", "http://")):
            raise Invalid(_("Bitte geben Sie eine Adresse mit https:// an."), field="source_url")
    return district, fields_


def apply_input(example: PracticeExample, data: ExampleInput) -> None:
    district, action_fields = _check(data)
    example.title = data.title.strip()
    example.summary = data.summary.strip()
    example.format = data.format
    example.format_other = data.format_other.strip() if data.format == "other" else ""
    example.scope = data.scope
    example.district_id = district.id if district else None
    example.place = data.place.strip() if data.scope == ELSEWHERE else ""
    example.action_fields = action_fields
    wanted = [code for code in TARGET_GROUPS if code in set(data.target_groups)]
    kept = {row.code: row for row in example.target_group_rows}
    example.target_group_rows = [kept.get(code) or ExampleTargetGroup(code=code) for code in wanted]
    for name in TEXTS:
        text = (data.texts.get(name) or "").strip()
        setattr(example, f"{name}_markdown", text)
        # Sanitised once, here, whoever wrote it (staff or another portal's export).
        setattr(example, f"{name}_html", render_markdown(text) if text else "")
    for name in NUMBERS:
        setattr(example, name, data.numbers.get(name))
    example.contact = data.contact.strip()
    example.contact_email = data.contact_email.strip()
    example.source = data.source
    external = data.source == EXTERNAL
    example.source_name = data.source_name.strip() if external else ""
    example.source_url = data.source_url.strip() if external else ""
    example.updated_at = utcnow()


def new_example(data: ExampleInput, *, actor) -> PracticeExample:
    example = PracticeExample(
        slug=unique_slug(db.session, PracticeExample.slug, slugify(data.title)[:100]),
        status=DRAFT,
        created_by_id=getattr(actor, "id", None),
        process_id=data.process_id,
    )
    apply_input(example, data)
    return example


def create(*, actor, data: ExampleInput) -> PracticeExample:
    """A new draft."""
    require(actor, "draft_practice_examples")
    example = new_example(data, actor=actor)
    if not can(actor, "edit_practice_example", example):
        # A district manager drafts for their districts (or leaves the district open).
        raise Forbidden(_("Für diesen Stadtbezirk sind Sie nicht zuständig."), field="district")
    db.session.add(example)
    db.session.commit()
    return example


def update(*, actor, example: PracticeExample, data: ExampleInput) -> PracticeExample:
    require(actor, "edit_practice_example", example)
    apply_input(example, data)
    if not can(actor, "edit_practice_example", example):
        db.session.rollback()
        raise Forbidden(_("Für diesen Stadtbezirk sind Sie nicht zuständig."), field="district")
    db.session.commit()
    return example


def publish(*, actor, example: PracticeExample) -> PracticeExample:
    require(actor, "publish_practice_examples")
    if example.is_published:
        raise Conflict(_("Das Praxisbeispiel ist schon veröffentlicht."))
    if not example.summary:
        raise Invalid(_("Vor der Veröffentlichung braucht es eine Kurzfassung."), field="summary")
    example.status, example.published_at = PUBLISHED, utcnow()
    db.session.commit()
    return example


def unpublish(*, actor, example: PracticeExample) -> PracticeExample:
    require(actor, "publish_practice_examples")
    if not example.is_published:
        raise Conflict(_("Das Praxisbeispiel ist nicht veröffentlicht."))
    example.status, example.published_at = DRAFT, None
    db.session.commit()
    return example


def get_for_staff(*, actor, example_id: int) -> PracticeExample:
    """An example the actor may edit; otherwise 404 (drafts of others stay unknown)."""
    example = db.session.get(PracticeExample, example_id)
    if example is None or not can(actor, "edit_practice_example", example):
        raise NotFound(_("Dieses Praxisbeispiel gibt es nicht."))
    return example


def draftable(process: Process) -> bool:
    """Only a process whose results report is out can become a practice example."""
    return results.is_public(process, results.report_of(process))


def example_of_process(process: Process) -> PracticeExample | None:
    return db.session.scalar(
        select(PracticeExample)
        .where(PracticeExample.process_id == process.id)
        .order_by(PracticeExample.id)
        .limit(1)
    )


def draft_from_process(*, actor, process: Process) -> PracticeExample:
    """A draft with the process linked and its figures and results summary copied in, to
    be edited by hand. One per process: a second click opens the first draft."""
    require(actor, "draft_practice_examples")
    if not can(actor, "publish_process", process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    report = results.report_of(process)
    if not results.is_public(process, report):
        raise Conflict(
            _(
                "Ein Praxisbeispiel entsteht aus einem Verfahren mit veröffentlichtem "
                "Ergebnisbericht."
            )
        )
    existing = example_of_process(process)
    if existing is not None:
        return existing
    figures = totals(process)
    answered = figures.proposals - results.unanswered(process)
    data = ExampleInput(
        title=process.title,
        summary=process.summary,
        format="online_dialogue",
        scope=DISTRICT if process.district else CITY,
        district_code=process.district.code if process.district else None,
        action_field_slugs=(process.action_field.slug,),
        texts={
            "description": process.description_markdown,
            "results": report.summary_markdown,
        },
        numbers={
            "participants": figures.participants,
            "proposals": figures.proposals,
            "comments": figures.comments,
            "answers": answered,
        },
        contact=process.contact_office,
        process_id=process.id,
    )
    example = new_example(data, actor=actor)
    db.session.add(example)
    db.session.commit()
    return example
