"""Opportunities of partner organisations (write, publish, withdraw, renew), a resident's
interest in one, and the organisation's answers to it, each mailed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import bump_counter, insert_ignoring_duplicates
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners.models import PartnerOrganisation
from participation.volunteering.models import (
    DECLINE_REASONS,
    RHYTHMS,
    VolunteerInterest,
    VolunteerOpportunity,
)

TITLE_MAX, TASKS_MIN, TASKS_MAX, MESSAGE_MAX, NOTE_MAX = 200, 20, 10_000, 1000, 1000

RHYTHM_LABELS = {"once": _l("einmalig"), "regular": _l("regelmäßig")}
STATUS_LABELS = {
    "draft": _l("Entwurf"),
    "published": _l("veröffentlicht"),
    "expired": _l("abgelaufen"),
    "withdrawn": _l("zurückgezogen"),
}
INTEREST_LABELS = {
    "open": _l("gesendet, noch ohne Antwort"),
    "accepted": _l("angenommen"),
    "declined": _l("abgesagt"),
    "matched": _l("vermittelt"),
    "withdrawn": _l("zurückgezogen"),
}
DECLINE_LABELS = {
    "filled": _l("Alle Plätze sind inzwischen vergeben."),
    "requirements": _l("Die Voraussetzungen passen leider nicht."),
    "timing": _l("Die Zeiten passen leider nicht zusammen."),
    "other": _l("Ein anderer Grund (siehe Nachricht)."),
}
WEEKDAY_LABELS = {
    "1": _l("Montag"),
    "2": _l("Dienstag"),
    "3": _l("Mittwoch"),
    "4": _l("Donnerstag"),
    "5": _l("Freitag"),
    "6": _l("Samstag"),
    "7": _l("Sonntag"),
}


@dataclass
class OpportunityInput:
    title: str
    tasks: str
    district_code: str = ""
    quarter_id: int | None = None
    action_field_slug: str = ""
    rhythm: str = "regular"
    hours: int | None = None
    times: str = ""
    weekdays: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    volunteers_wanted: int = 1
    skills: str = ""
    languages: str = ""
    minimum_age: int | None = None
    accessibility: str = ""
    for_newcomers: bool = False
    for_families: bool = False
    for_young_people: bool = False
    contact_name: str = ""
    contact_role: str = ""


def expiry_days() -> int:
    return int(current_app.config.get("VOLUNTEERING_EXPIRY_DAYS", 91))


# --- reading ---------------------------------------------------------------------------------


def get_opportunity(*, actor, opportunity_id: int) -> VolunteerOpportunity:
    """A published opportunity of an active organisation (also when hidden or expired, for
    the page to say so); drafts and withdrawn ones only to the organisation's members."""
    opportunity = db.session.get(VolunteerOpportunity, opportunity_id)
    if opportunity is None:
        raise NotFound(_("Dieses Engagement gibt es nicht."))
    if can(actor, "manage_opportunities", opportunity.organisation):
        return opportunity
    if opportunity.status not in ("published", "expired") or not opportunity.organisation.is_active:
        raise NotFound(_("Dieses Engagement gibt es nicht."))
    return opportunity


def own_opportunity(*, actor, organisation, opportunity_id: int) -> VolunteerOpportunity:
    """An opportunity of `organisation` for one of its members (404 for anything else)."""
    require(actor, "manage_opportunities", organisation)
    opportunity = db.session.get(VolunteerOpportunity, opportunity_id)
    if opportunity is None or opportunity.organisation_id != organisation.id:
        raise NotFound(_("Dieses Engagement gibt es nicht."))
    return opportunity


# --- writing ---------------------------------------------------------------------------------


def _checked(data: OpportunityInput) -> dict:
    title, tasks = data.title.strip(), data.tasks.strip()
    if not title:
        raise Invalid(_("Bitte geben Sie einen Titel an."), field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(_("Höchstens 200 Zeichen."), field="title")
    if not TASKS_MIN <= len(tasks) <= TASKS_MAX:
        raise Invalid(
            _("Bitte beschreiben Sie die Aufgaben in 20 bis 10.000 Zeichen."), field="tasks"
        )
    if data.rhythm not in RHYTHMS:
        raise Invalid(_("Bitte wählen Sie, wie oft."), field="rhythm")
    district = None
    if data.district_code:
        district = db.session.scalar(select(District).where(District.code == data.district_code))
        if district is None:
            raise Invalid(_("Diesen Stadtbezirk gibt es nicht."), field="district")
    quarter = None
    if data.quarter_id is not None:
        quarter = db.session.get(Quarter, data.quarter_id)
        if quarter is None or district is None or quarter.district_id != district.id:
            raise Invalid(_("Der Stadtteil liegt nicht im gewählten Bezirk."), field="quarter")
    field = None
    if data.action_field_slug:
        field = db.session.scalar(
            select(ActionField).where(ActionField.slug == data.action_field_slug)
        )
        if field is None:
            raise Invalid(_("Dieses Handlungsfeld gibt es nicht."), field="action_field")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise Invalid(_("Das Ende liegt vor dem Beginn."), field="ends_on")
    if not 1 <= data.volunteers_wanted <= 1000:
        raise Invalid(_("Zwischen 1 und 1.000."), field="volunteers_wanted")
    if data.hours is not None and not 0 < data.hours <= 80:
        raise Invalid(_("Zwischen 1 und 80 Stunden."), field="hours")
    if data.minimum_age is not None and not 0 <= data.minimum_age <= 99:
        raise Invalid(_("Zwischen 0 und 99 Jahren."), field="minimum_age")
    weekdays = "".join(sorted({d for d in data.weekdays if d in WEEKDAY_LABELS}))
    return {
        "title": title,
        "tasks_markdown": tasks,
        "tasks_html": render_markdown(tasks),
        "district_id": district.id if district else None,
        "quarter_id": quarter.id if quarter else None,
        "action_field_id": field.id if field else None,
        "rhythm": data.rhythm,
        "hours": data.hours,
        "times": data.times.strip()[:300],
        "weekdays": weekdays,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "volunteers_wanted": data.volunteers_wanted,
        "skills": data.skills.strip()[:500],
        "languages": data.languages.strip()[:200],
        "minimum_age": data.minimum_age,
        "accessibility": data.accessibility.strip()[:2000],
        "for_newcomers": data.for_newcomers,
        "for_families": data.for_families,
        "for_young_people": data.for_young_people,
        "contact_name": data.contact_name.strip()[:120],
        "contact_role": data.contact_role.strip()[:120],
    }


def create(*, actor, organisation: PartnerOrganisation, data: OpportunityInput):
    """A draft of the organisation (its members only)."""
    require(actor, "manage_opportunities", organisation)
    opportunity = VolunteerOpportunity(
        organisation_id=organisation.id, created_by_id=actor.id, status="draft", **_checked(data)
    )
    db.session.add(opportunity)
    db.session.commit()
    return opportunity


def edit(*, actor, opportunity: VolunteerOpportunity, data: OpportunityInput) -> None:
    require(actor, "manage_opportunities", opportunity.organisation)
    if opportunity.status == "withdrawn":
        raise Conflict(_("Ein zurückgezogenes Engagement kann nicht mehr bearbeitet werden."))
    for name, value in _checked(data).items():
        setattr(opportunity, name, value)
    db.session.commit()


def publish(*, actor, opportunity: VolunteerOpportunity) -> None:
    """A draft goes online until the expiry; residents whose saved search matches it hear
    of it (one notification event, fanned out to them)."""
    require(actor, "manage_opportunities", opportunity.organisation)
    if opportunity.status != "draft":
        raise Conflict(_("Nur ein Entwurf kann veröffentlicht werden."))
    now = utcnow()
    opportunity.status = "published"
    opportunity.published_at = now
    opportunity.expires_at = now + timedelta(days=expiry_days())
    from participation.volunteering.searches import announce

    announce(opportunity, actor)
    db.session.commit()


def renew(*, actor, opportunity: VolunteerOpportunity) -> None:
    """A published or expired opportunity stays (or comes back) online for another
    period; the next expiry asks again."""
    require(actor, "manage_opportunities", opportunity.organisation)
    if opportunity.status not in ("published", "expired"):
        raise Conflict(
            _("Nur ein veröffentlichtes oder abgelaufenes Engagement kann verlängert werden.")
        )
    opportunity.status = "published"
    opportunity.expires_at = utcnow() + timedelta(days=expiry_days())
    opportunity.expiry_round = opportunity.expiry_round + 1
    db.session.commit()


def withdraw(*, actor, opportunity: VolunteerOpportunity) -> None:
    require(actor, "manage_opportunities", opportunity.organisation)
    if opportunity.status == "withdrawn":
        raise Conflict(_("Dieses Engagement ist bereits zurückgezogen."))
    opportunity.status = "withdrawn"
    opportunity.withdrawn_at = utcnow()
    db.session.commit()


# --- interest --------------------------------------------------------------------------------


def interest_of(actor, opportunity) -> VolunteerInterest | None:
    if not (actor and actor.is_authenticated):
        return None
    return db.session.scalar(
        select(VolunteerInterest).where(
            VolunteerInterest.opportunity_id == opportunity.id,
            VolunteerInterest.user_id == actor.id,
        )
    )


def express_interest(*, actor, opportunity, message: str, consent: bool) -> VolunteerInterest:
    """Once per person and opportunity; name and address reach the organisation only
    with the explicit consent given here."""
    if not can(actor, "express_volunteer_interest"):
        raise Forbidden(
            _("Mit einem gesperrten oder unbestätigten Konto können Sie kein Interesse senden.")
        )
    if not opportunity.is_public or (
        opportunity.expires_at is not None and opportunity.expires_at <= utcnow()
    ):
        raise Conflict(_("Dieses Engagement nimmt zurzeit kein Interesse an."))
    if not consent:
        raise Invalid(
            _("Bitte bestätigen Sie, dass wir Ihren Namen und Ihre E-Mail-Adresse weitergeben."),
            field="consent",
        )
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise Invalid(_("Höchstens 1.000 Zeichen."), field="message")
    now = utcnow()
    inserted = insert_ignoring_duplicates(
        db.session,
        VolunteerInterest,
        opportunity_id=opportunity.id,
        user_id=actor.id,
        status="open",
        message=message,
        consented_at=now,
    )
    interest = interest_of(actor, opportunity)
    if not inserted:
        # Sent again after withdrawing: it is open again, with the new message (once, even
        # when the form arrives twice at the same moment).
        reopened = _step(
            interest,
            ("withdrawn",),
            _("Sie haben bei diesem Engagement bereits Interesse gezeigt."),
            status="open",
            message=message,
            consented_at=now,
            withdrawn_at=None,
            answered_at=None,
            decline_reason="",
            decline_note="",
        )
        interest = reopened
    bump_counter(db.session, VolunteerOpportunity, opportunity.id, "interest_count", 1)
    db.session.commit()
    return interest


def withdraw_interest(*, actor, interest_id: int) -> VolunteerInterest:
    interest = db.session.get(VolunteerInterest, interest_id)
    if interest is None or not actor.is_authenticated or interest.user_id != actor.id:
        raise NotFound(_("Diese Interessensbekundung gibt es nicht."))
    interest = _step(
        interest,
        ("open", "accepted", "declined"),
        _("Diese Interessensbekundung kann nicht mehr zurückgezogen werden."),
        status="withdrawn",
        withdrawn_at=utcnow(),
    )
    bump_counter(db.session, VolunteerOpportunity, interest.opportunity_id, "interest_count", -1)
    db.session.commit()
    return interest


def _step(interest: VolunteerInterest, allowed: tuple[str, ...], refusal, **values):
    """Move the interest on with one conditional UPDATE from one of the `allowed` states:
    of two steps at the same moment (a withdrawal and an acceptance, two clicks) only one
    happens, so counters move and mails go once. Conflict with `refusal` otherwise."""
    changed = db.session.execute(
        update(VolunteerInterest)
        .where(VolunteerInterest.id == interest.id, VolunteerInterest.status.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(refusal)
    db.session.refresh(interest)
    return interest


def own_interest(*, actor, organisation, interest_id: int) -> VolunteerInterest:
    require(actor, "manage_opportunities", organisation)
    interest = db.session.get(VolunteerInterest, interest_id)
    if interest is None or interest.opportunity.organisation_id != organisation.id:
        raise NotFound(_("Diese Interessensbekundung gibt es nicht."))
    return interest


def _mail(interest: VolunteerInterest, step: str, **context) -> None:
    opportunity = interest.opportunity
    subjects = {
        "accepted": _("Ihr Interesse an „%(title)s“ ist angenommen", title=opportunity.title),
        "declined": _("Antwort auf Ihr Interesse an „%(title)s“", title=opportunity.title),
        "matched": _("Willkommen bei „%(title)s“", title=opportunity.title),
    }
    queue_mail(
        recipient=interest.user.email,
        subject=subjects[step][:200],
        template=f"volunteer_{step}",
        # One mail per step and interest; sent again after a withdrawal, the interest's
        # consent time tells the rounds apart.
        key=f"volunteer-{step}:{interest.id}:{interest.consented_at:%Y%m%d%H%M%S}",
        name=interest.user.pseudonym,
        title=opportunity.title,
        organisation=opportunity.organisation.name,
        contact=opportunity.contact_name,
        link=external_url("volunteering.mine"),
        **context,
    )


def accept(*, actor, interest: VolunteerInterest) -> None:
    require(actor, "manage_opportunities", interest.opportunity.organisation)
    _step(
        interest,
        ("open",),
        _("Diese Interessensbekundung ist bereits beantwortet."),
        status="accepted",
        answered_at=utcnow(),
        answered_by_id=actor.id,
    )
    _mail(interest, "accepted")
    db.session.commit()


def decline(*, actor, interest: VolunteerInterest, reason: str, note: str = "") -> None:
    require(actor, "manage_opportunities", interest.opportunity.organisation)
    if interest.status not in ("open", "accepted"):
        raise Conflict(_("Diese Interessensbekundung ist bereits beantwortet."))
    if reason not in DECLINE_REASONS:
        raise Invalid(_("Bitte wählen Sie einen Grund."), field="reason")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("Höchstens 1.000 Zeichen."), field="note")
    if reason == "other" and not note:
        raise Invalid(_("Bitte schreiben Sie ein paar freundliche Worte."), field="note")
    _step(
        interest,
        ("open", "accepted"),
        _("Diese Interessensbekundung ist bereits beantwortet."),
        status="declined",
        decline_reason=reason,
        decline_note=note,
        answered_at=func.coalesce(VolunteerInterest.answered_at, utcnow()),
        answered_by_id=actor.id,
    )
    _mail(interest, "declined", reason=str(DECLINE_LABELS[reason]), note=note)
    db.session.commit()


def mark_matched(*, actor, interest: VolunteerInterest) -> None:
    require(actor, "manage_opportunities", interest.opportunity.organisation)
    now = utcnow()
    _step(
        interest,
        ("open", "accepted"),
        _("Nur offene oder angenommene Interessen können vermittelt werden."),
        status="matched",
        matched_at=now,
        answered_at=func.coalesce(VolunteerInterest.answered_at, now),
        answered_by_id=actor.id,
    )
    bump_counter(db.session, VolunteerOpportunity, interest.opportunity_id, "match_count", 1)
    _mail(interest, "matched")
    db.session.commit()


def members_addresses(organisation_id: int) -> list[tuple[str, str]]:
    """(address, name) of the organisation's members: whom its renewal mails go to."""
    from participation.accounts.models import RoleAssignment

    return list(
        db.session.execute(
            select(User.email, User.pseudonym)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.role == "partner_member",
                RoleAssignment.organisation_id == organisation_id,
                User.deleted_at.is_(None),
                User.email_verified_at.is_not(None),
            )
            .order_by(User.id)
        ).all()
    )


def visible_now():
    """The condition of an opportunity residents see in lists: published, not hidden,
    not expired, of an active organisation."""
    return (
        (VolunteerOpportunity.status == "published")
        & VolunteerOpportunity.hidden_at.is_(None)
        & (VolunteerOpportunity.expires_at > utcnow())
        & VolunteerOpportunity.organisation_id.in_(
            select(PartnerOrganisation.id).where(PartnerOrganisation.status == "active")
        )
    )
