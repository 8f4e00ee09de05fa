"""Publishing contributions for an organisation: statements on a process, events and
offers; editing and withdrawing them. Registration for events is in registrations.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.contributions.models import KINDS, REGISTRATION_MODES, Contribution
from participation.contributions.registrations import promote_waiting
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import lock_row
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.permissions import can
from participation.core.sanitize import render_markdown
from participation.core.text import has_invisible_or_control, is_web_address
from participation.districts.services import chosen_scope
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Process

TITLE_MAX, BODY_MIN, BODY_MAX, CAPACITY_MAX = 200, 20, 10_000, 10_000


@dataclass
class ContributionInput:
    title: str
    body: str
    process_ids: list[int] = field(default_factory=list)
    district_codes: list[str] = field(default_factory=list)
    action_field_slugs: list[str] = field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str = ""
    accessibility: str = ""
    registration: str = "none"
    capacity: int | None = None
    external_url: str = ""
    contact: str = ""


def _app():
    return current_app._get_current_object()


def may_publish(actor, organisation: PartnerOrganisation) -> bool:
    return can(actor, "contribute_for_organisation", organisation)


def may_change(actor, contribution: Contribution) -> bool:
    """Members of the organisation change its contributions; the office may withdraw them."""
    return may_publish(actor, contribution.organisation)


def open_processes() -> list[Process]:
    """Processes a contribution can be tied to: the published ones."""
    return list(
        db.session.scalars(
            select(Process).where(Process.status == "published").order_by(Process.title)
        )
    )


def _https(url: str, field_name: str) -> str:
    url = (url or "").strip()
    if url and not is_web_address(url):
        raise Invalid(
            _("Bitte geben Sie eine Webadresse an, die mit https:// beginnt."), field=field_name
        )
    return url


def _checked(kind: str, data: ContributionInput) -> dict:
    """The input as column values and relations, or the first refusal next to its field."""
    if kind not in KINDS:
        raise Invalid(_("Unbekannte Art von Beitrag."), field="kind")
    title = " ".join((data.title or "").split())
    if not 3 <= len(title) <= TITLE_MAX or has_invisible_or_control(title):
        raise Invalid(_("Bitte geben Sie einen Titel mit 3 bis 200 Zeichen an."), field="title")
    body = (data.body or "").strip()
    if not BODY_MIN <= len(body) <= BODY_MAX:
        raise Invalid(_("Der Text braucht 20 bis 10.000 Zeichen."), field="body")
    ids = set(data.process_ids or [])
    processes = list(
        db.session.scalars(
            select(Process).where(Process.id.in_(ids), Process.status == "published")
        )
    )
    if len(processes) != len(ids):
        raise Invalid(_("Bitte wählen Sie laufende Verfahren aus der Liste."), field="processes")
    if kind == "statement" and len(processes) != 1:
        raise Invalid(
            _("Eine Stellungnahme gehört zu genau einem laufenden Verfahren."), field="processes"
        )
    districts, fields = chosen_scope(data.district_codes, data.action_field_slugs)
    values = {
        "title": title,
        "body_markdown": body,
        "body_html": render_markdown(body),
        "starts_at": None,
        "ends_at": None,
        "place": " ".join((data.place or "").split())[:300],
        "accessibility": (data.accessibility or "").strip()[:2000],
        "registration": "none",
        "capacity": None,
        "external_url": "",
        "contact": " ".join((data.contact or "").split())[:500],
    }
    if kind == "event":
        values.update(_event(data))
    return {
        "values": values,
        "processes": processes,
        "districts": districts,
        "action_fields": fields,
    }


def _event(data: ContributionInput) -> dict:
    if data.starts_at is None:
        raise Invalid(_("Bitte geben Sie an, wann die Veranstaltung beginnt."), field="starts_at")
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise Invalid(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")
    if not " ".join((data.place or "").split()):
        raise Invalid(_("Bitte geben Sie den Ort an (oder „online“)."), field="place")
    mode = data.registration or "none"
    if mode not in REGISTRATION_MODES:
        raise Invalid(_("Bitte wählen Sie, wie man sich anmeldet."), field="registration")
    values = {
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "registration": mode,
        "capacity": None,
        "external_url": "",
    }
    if mode == "portal":
        if data.capacity is None or not 1 <= data.capacity <= CAPACITY_MAX:
            raise Invalid(
                _("Bitte geben Sie die Zahl der Plätze an (1 bis 10.000)."), field="capacity"
            )
        values["capacity"] = data.capacity
    if mode == "external":
        url = _https(data.external_url, "external_url")
        if not url:
            raise Invalid(
                _("Bitte geben Sie die Adresse der Anmeldung an (https://…)."),
                field="external_url",
            )
        values["external_url"] = url
    return values


def _apply(contribution: Contribution, checked: dict) -> None:
    for name, value in checked["values"].items():
        setattr(contribution, name, value)
    contribution.processes = checked["processes"]
    contribution.districts = checked["districts"]
    contribution.action_fields = checked["action_fields"]


def publish(
    *, actor, organisation: PartnerOrganisation, kind: str, data: ContributionInput
) -> Contribution:
    """A member publishes a statement, event or offer under the organisation's name."""
    if not may_publish(actor, organisation):
        raise Forbidden(_("Beiträge veröffentlichen Mitglieder aktiver Partnerorganisationen."))
    if actor.is_blocked(utcnow()):
        raise Forbidden(_("Ihr Konto ist derzeit gesperrt."))
    checked = _checked(kind, data)
    contribution = Contribution(
        organisation_id=organisation.id, author_id=actor.id, kind=kind, status="published"
    )
    _apply(contribution, checked)
    db.session.add(contribution)
    db.session.flush()
    signals.contribution_published.send(_app(), contribution=contribution, actor=actor)
    db.session.commit()
    return contribution


def edit(*, actor, contribution: Contribution, data: ContributionInput) -> Contribution:
    """Members correct a contribution; an event keeps its registrations, so its capacity
    cannot fall below the places already taken."""
    if not may_change(actor, contribution):
        raise Forbidden(_("Diesen Beitrag ändern nur Mitglieder der Organisation."))
    if contribution.status != "published":
        raise Conflict(_("Dieser Beitrag ist zurückgezogen."))
    if contribution.is_hidden:
        raise Conflict(
            _("Die Moderation hat diesen Beitrag ausgeblendet; er lässt sich nicht ändern.")
        )
    checked = _checked(contribution.kind, data)
    values = checked["values"]
    # The counts are read under the event's lock, so a registration arriving meanwhile is
    # counted before the new capacity is checked.
    lock_row(db.session, Contribution, contribution.id)
    db.session.refresh(contribution)
    if contribution.confirmed_count or contribution.waiting_count:
        if values["registration"] != "portal":
            raise Invalid(
                _("Es gibt schon Anmeldungen; die Anmeldung über das Portal bleibt."),
                field="registration",
            )
        if values["capacity"] < contribution.confirmed_count:
            raise Invalid(
                _(
                    "Es sind schon %(num)s Plätze vergeben; weniger geht nicht.",
                    num=contribution.confirmed_count,
                ),
                field="capacity",
            )
    before = (contribution.starts_at, contribution.ends_at, contribution.place)
    _apply(contribution, checked)
    moved = before != (contribution.starts_at, contribution.ends_at, contribution.place)
    contribution.edited_at = utcnow()
    promoted = []
    if contribution.registration == "portal" and contribution.waiting_count:
        # More places: the waiting list moves up before anyone new registers.
        db.session.flush()
        promoted = promote_waiting(
            contribution, places=contribution.capacity - contribution.confirmed_count
        )
    app = _app()
    if moved:
        signals.contribution_changed.send(app, contribution=contribution, actor=actor)
    if promoted:
        signals.event_places_given.send(app, contribution=contribution, registrations=promoted)
    db.session.commit()
    db.session.refresh(contribution)
    return contribution


def withdraw(*, actor, contribution: Contribution) -> None:
    """Members (or the office) take a contribution back; it leaves every public list and
    its comment thread closes."""
    if not (may_change(actor, contribution) or can(actor, "manage_partners")):
        raise Forbidden(_("Diesen Beitrag ziehen nur Mitglieder der Organisation zurück."))
    if contribution.status != "published":
        raise Conflict(_("Dieser Beitrag ist bereits zurückgezogen."))
    contribution.status = "withdrawn"
    signals.contribution_withdrawn.send(_app(), contribution=contribution, actor=actor)
    db.session.commit()


def get_contribution(*, actor, contribution_id: int) -> Contribution:
    """A published contribution of a partner (one the moderation hid shows only its reason),
    or a withdrawn one for its members."""
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or not (
        contribution.status == "published"
        or may_change(actor, contribution)
        or can(actor, "manage_partners")
    ):
        raise NotFound(_("Diesen Beitrag gibt es nicht."))
    return contribution
