"""The public collection: published examples, searched and filtered, one page at a time;
the staff list with drafts."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from participation.core.db import lower_text
from participation.core.errors import NotFound
from participation.core.pagination import Page, clamp_page
from participation.core.permissions import can
from participation.core.search import like_pattern, terms
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.practice.models import (
    CITY,
    DISTRICT,
    ELSEWHERE,
    FORMATS,
    PUBLISHED,
    SOURCES,
    TARGET_GROUPS,
    ExampleTargetGroup,
    PracticeExample,
)

PAGE_SIZE = 20
# The "district" filter also takes these: the whole city, or other municipalities.
PLACE_FILTERS = {"stadtweit": CITY, "andere": ELSEWHERE}
_SEARCHED = (
    PracticeExample.title,
    PracticeExample.summary,
    PracticeExample.place,
    PracticeExample.source_name,
    PracticeExample.worked_markdown,
    PracticeExample.not_worked_markdown,
    PracticeExample.description_markdown,
)


def _conditions(
    *,
    query: str | None = None,
    format: str | None = None,
    district: str | None = None,
    action_field: str | None = None,
    target_group: str | None = None,
    source: str | None = None,
) -> list:
    conditions = []
    if format in FORMATS:
        conditions.append(PracticeExample.format == format)
    if district in PLACE_FILTERS:
        conditions.append(PracticeExample.scope == PLACE_FILTERS[district])
    elif district:
        conditions.append(
            (PracticeExample.scope == DISTRICT)
            & PracticeExample.district_id.in_(select(District.id).where(District.code == district))
        )
    if action_field:
        conditions.append(PracticeExample.action_fields.any(ActionField.slug == action_field))
    if target_group in TARGET_GROUPS:
        conditions.append(
            select(ExampleTargetGroup.example_id)
            .where(
                ExampleTargetGroup.example_id == PracticeExample.id,
                ExampleTargetGroup.code == target_group,
            )
            .exists()
        )
    if source in SOURCES:
        conditions.append(PracticeExample.source == source)
    # Every word somewhere in the title, summary, place or texts (a few dozen or hundred
    # examples: LIKE is enough, and the words come from core.search's tokeniser).
    for word in terms(query or ""):
        pattern = like_pattern(word.lower())
        conditions.append(or_(*(lower_text(c).like(pattern, escape="\\") for c in _SEARCHED)))
    return conditions


def list_examples(
    *,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    published_only: bool = True,
    **filters,
) -> Page:
    """Examples, newest first, with their districts, action fields and target groups: four
    queries whatever the number (count, page, action fields, target groups)."""
    conditions = _conditions(**filters)
    if published_only:
        conditions.append(PracticeExample.status == PUBLISHED)
    total = db.session.scalar(select(func.count(PracticeExample.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, per_page)
    items = list(
        db.session.scalars(
            select(PracticeExample)
            .where(*conditions)
            .order_by(
                PracticeExample.published_at.desc().nulls_last()
                if published_only
                else PracticeExample.updated_at.desc(),
                PracticeExample.id.desc(),
            )
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items, page, pages, total, filters={k: v or "" for k, v in filters.items()})


def readable_example(*, actor, slug: str) -> PracticeExample:
    """A published example for everyone; a draft only for the staff who may edit it."""
    example = db.session.scalar(select(PracticeExample).where(PracticeExample.slug == slug[:120]))
    if example is None or not (
        example.is_published or can(actor, "edit_practice_example", example)
    ):
        raise NotFound(_("Dieses Praxisbeispiel gibt es nicht."))
    return example


def published_slugs() -> list[str]:
    return list(
        db.session.scalars(
            select(PracticeExample.slug)
            .where(PracticeExample.status == PUBLISHED)
            .order_by(PracticeExample.id)
        )
    )


def published_examples() -> list[PracticeExample]:
    """Every published example, for the JSON export (three queries)."""
    return list(
        db.session.scalars(
            select(PracticeExample)
            .where(PracticeExample.status == PUBLISHED)
            .order_by(PracticeExample.id)
        )
    )
