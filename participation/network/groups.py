"""Working groups: topic, member organisations, documents (linked where they are
published) and their own meetings."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import unique_slug
from participation.core.errors import Invalid, NotFound
from participation.core.sanitize import render_markdown
from participation.core.text import is_web_address
from participation.extensions import db
from participation.network.meetings import _organisations, _text, _title, office_only
from participation.network.models import NetworkMeeting, WorkingGroup, WorkingGroupDocument
from participation.projects.services import slugify


def save_group(
    *,
    actor,
    group: WorkingGroup | None = None,
    title: str,
    description: str = "",
    member_ids=(),
) -> WorkingGroup:
    office_only(actor)
    title = _title(title)
    description = _text(description, "description")
    try:
        members = _organisations(member_ids)
    except Invalid as refusal:
        raise Invalid(refusal.message, field="members") from refusal
    if group is None:
        group = WorkingGroup(slug=unique_slug(db.session, WorkingGroup.slug, slugify(title)))
        db.session.add(group)
    group.title = title
    group.description_markdown, group.description_html = description, render_markdown(description)
    group.members = members
    db.session.commit()
    return group


def add_document(*, actor, group: WorkingGroup, title: str, url: str) -> WorkingGroupDocument:
    office_only(actor)
    title = _title(title)
    url = (url or "").strip()
    if not is_web_address(url):
        raise Invalid(
            _("Bitte geben Sie eine Webadresse an, die mit https:// beginnt."), field="url"
        )
    document = WorkingGroupDocument(title=title, url=url, added_at=utcnow())
    group.documents.append(document)
    db.session.flush()
    signals.group_news.send(
        current_app._get_current_object(),
        group=group,
        key=f"document:{document.id}",
        detail=title,
        actor=actor,
    )
    db.session.commit()
    return document


def groups() -> list[WorkingGroup]:
    return list(db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.title)))


def get_group(slug: str) -> WorkingGroup:
    group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.slug == slug[:80]))
    if group is None:
        raise NotFound(_("Diese Arbeitsgruppe gibt es nicht."))
    return group


def group_meetings(group: WorkingGroup) -> list[NetworkMeeting]:
    return list(
        db.session.scalars(
            select(NetworkMeeting)
            .where(NetworkMeeting.working_group_id == group.id)
            .order_by(NetworkMeeting.starts_at.desc())
        )
    )
