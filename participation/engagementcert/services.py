"""Engagement certificates: the volunteer asks, a member of the organisation confirms,
corrects (the volunteer accepts or withdraws) or declines; confirmation issues the
certificate through `certificates.services.issue` (kind "engagement").

Every step is mailed once (outbox keys): the organisation's members about a new request,
the volunteer about a confirmation, a correction and a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, extract, func, select, update

from participation.accounts.models import User
from participation.certificates import services as certificates
from participation.certificates.models import ENGAGEMENT, TRAINING, Certificate
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.links import external_url
from participation.core.pagination import Page, fetch_page
from participation.core.permissions import can, require
from participation.core.text import has_invisible_or_control
from participation.engagementcert.models import (
    CONFIRMED,
    CORRECTED,
    DECLINED,
    OPEN,
    REQUESTED,
    WITHDRAWN,
    EngagementRequest,
)
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners import services as partners
from participation.partners.models import PartnerOrganisation

NETWORK = "Netzwerk Bürgermitwirkung"
SOURCE = "engagement"
NAME_MAX, ACTIVITIES_MAX, NOTE_MAX, HOURS_MAX, MONTH_HOURS_MAX, MONTHS_MAX = (
    200,
    3000,
    2000,
    300,
    744,
    240,
)
EARLIEST = date(1950, 1, 1)
PAGE_SIZE = 20
OWN_LIMIT = 50
# One month per line: "2026-03: 12" (also "2026-03 12", "03/2026 12").
_MONTH_LINE = re.compile(
    r"^(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4}))\s*[:=]?\s*(\d{1,3})\s*(?:h|std\.?)?$"
)


@dataclass
class EngagementInput:
    activities: str
    held_from: date | None
    held_until: date | None
    hours_per_month: int | None
    monthly: str = ""


def _text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def parse_months(text: str, held_from: date, held_until: date) -> list | None:
    """The hours typed month by month as [["2026-03", 12], …] in order, or None when none
    were typed; each month must lie in the period and appear once."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return None
    if len(lines) > MONTHS_MAX:
        raise Invalid(_("Höchstens 240 Monate."), field="monthly")
    first = (held_from.year, held_from.month)
    last = (held_until.year, held_until.month)
    months: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        match = _MONTH_LINE.match(line.lower())
        if match is None:
            raise Invalid(
                _("Zeile %(num)s ist keine Monatsangabe. Bitte so: 2026-03: 12", num=number),
                field="monthly",
            )
        year, month, month2, year2, hours = match.groups()
        year, month, hours = int(year or year2), int(month or month2), int(hours)
        if not 1 <= month <= 12:
            raise Invalid(_("Zeile %(num)s: Den Monat gibt es nicht.", num=number), field="monthly")
        if not first <= (year, month) <= last:
            raise Invalid(
                _("Zeile %(num)s: Der Monat liegt nicht im Zeitraum.", num=number),
                field="monthly",
            )
        if hours > MONTH_HOURS_MAX:
            raise Invalid(
                _("Zeile %(num)s: Höchstens 744 Stunden im Monat.", num=number), field="monthly"
            )
        key = f"{year:04d}-{month:02d}"
        if key in months:
            raise Invalid(
                _("Zeile %(num)s: Diesen Monat gibt es doppelt.", num=number), field="monthly"
            )
        months[key] = hours
    return [[key, months[key]] for key in sorted(months)]


def format_months(months: list | None) -> str:
    return "\n".join(f"{month}: {hours}" for month, hours in months or [])


def _today() -> date:
    return utcnow().astimezone(CITY_TIMEZONE).date()


def _checked(data: EngagementInput) -> dict:
    activities = (data.activities or "").strip()
    if not 10 <= len(activities) <= ACTIVITIES_MAX:
        raise Invalid(
            _("Bitte beschreiben Sie die Tätigkeiten mit 10 bis 3.000 Zeichen."), field="activities"
        )
    if data.held_from is None:
        raise Invalid(_("Bitte geben Sie an, seit wann Sie sich engagieren."), field="held_from")
    if data.held_until is None:
        raise Invalid(_("Bitte geben Sie das Ende des Zeitraums an."), field="held_until")
    if data.held_from < EARLIEST or data.held_until > _today():
        raise Invalid(
            _("Der Zeitraum muss zwischen 1950 und heute liegen."),
            field="held_from" if data.held_from < EARLIEST else "held_until",
        )
    if data.held_until < data.held_from:
        raise Invalid(_("Das Ende liegt vor dem Beginn."), field="held_until")
    hours = data.hours_per_month
    if hours is None or not 1 <= hours <= HOURS_MAX:
        raise Invalid(
            _("Bitte geben Sie die Stunden im Monat an (1 bis 300)."), field="hours_per_month"
        )
    return {
        "activities": activities,
        "held_from": data.held_from,
        "held_until": data.held_until,
        "hours_per_month": hours,
        "monthly_hours": parse_months(data.monthly, data.held_from, data.held_until),
    }


def _name(value: str, field: str) -> str:
    name = _text(value, NAME_MAX + 1)
    if not 2 <= len(name) <= NAME_MAX or has_invisible_or_control(name):
        raise Invalid(_("Bitte geben Sie einen Namen mit 2 bis 200 Zeichen an."), field=field)
    return name


def _key(step: str, request: EngagementRequest) -> str:
    """Outbox key of a step's mail: the request and when it was made (SQLite may give a
    deleted row's id to the next one)."""
    return f"engagement-{step}:{request.id}:{request.created_at.timestamp():.6f}"


def organisations_to_ask() -> list[PartnerOrganisation]:
    """Active partner organisations, by name (the form's choice)."""
    return list(
        db.session.scalars(
            select(PartnerOrganisation)
            .where(PartnerOrganisation.status == "active")
            .order_by(PartnerOrganisation.name, PartnerOrganisation.id)
        )
    )


def active_organisation(organisation_id: int | None) -> PartnerOrganisation:
    organisation = db.session.get(PartnerOrganisation, organisation_id) if organisation_id else None
    if organisation is None or not organisation.is_active:
        raise Invalid(_("Bitte wählen Sie eine aktive Partnerorganisation."), field="organisation")
    return organisation


def request_certificate(
    *, actor: User, organisation: PartnerOrganisation, name: str, data: EngagementInput
) -> EngagementRequest:
    """The volunteer's request; the organisation's members hear of it once."""
    require(actor, "request_engagement_certificate", organisation)
    values = _checked(data)
    request = EngagementRequest(
        volunteer_id=actor.id,
        organisation_id=organisation.id,
        volunteer_name=_name(name, "name"),
        status=REQUESTED,
        created_at=utcnow(),
        **values,
    )
    db.session.add(request)
    db.session.flush()
    link = external_url("engagementcert.decide", slug=organisation.slug, request_id=request.id)
    for member in partners.members(organisation):
        if member.id == actor.id or member.deleted_at is not None:
            continue
        queue_mail(
            recipient=member.email,
            subject=_("Neue Anfrage: Engagementnachweis für %(org)s", org=organisation.name),
            template="engagement_requested",
            key=f"{_key('requested', request)}:{member.id}",
            organisation=organisation.name,
            link=link,
        )
    db.session.commit()
    return request


def own_requests(user: User) -> list[EngagementRequest]:
    """The volunteer's requests, newest first (one query; the organisation is joined)."""
    return list(
        db.session.scalars(
            select(EngagementRequest)
            .where(EngagementRequest.volunteer_id == user.id)
            .order_by(EngagementRequest.created_at.desc(), EngagementRequest.id.desc())
            .limit(OWN_LIMIT)
        ).unique()
    )


def own_request(*, actor: User, request_id: int) -> EngagementRequest:
    request = db.session.get(EngagementRequest, request_id)
    if request is None or not actor.is_authenticated or request.volunteer_id != actor.id:
        raise NotFound(_("Diese Anfrage gibt es nicht."))
    return request


def inbox_organisation(*, actor: User, slug: str) -> PartnerOrganisation:
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.slug == slug[:80])
    )
    if organisation is None or not can(actor, "read_engagement_inbox", organisation):
        raise NotFound(_("Diese Seite gibt es nicht."))
    return organisation


def inbox(organisation: PartnerOrganisation, *, open_only: bool, page: int = 1) -> Page:
    """The organisation's requests: open ones first, oldest first (two queries)."""
    conditions = [EngagementRequest.organisation_id == organisation.id]
    if open_only:
        conditions.append(EngagementRequest.status.in_(OPEN))
    return fetch_page(
        db.session,
        EngagementRequest,
        conditions,
        [EngagementRequest.created_at.desc(), EngagementRequest.id.desc()]
        if not open_only
        else [EngagementRequest.created_at, EngagementRequest.id],
        page,
        PAGE_SIZE,
    )


def request_of(organisation: PartnerOrganisation, request_id: int) -> EngagementRequest:
    request = db.session.get(EngagementRequest, request_id)
    if request is None or request.organisation_id != organisation.id:
        raise NotFound(_("Diese Anfrage gibt es nicht."))
    return request


def _claim(request: EngagementRequest, states, message: str, **values) -> EngagementRequest:
    """Move the request on from one of `states` in one conditional UPDATE: of two members
    (or a member and the volunteer) acting at once, one wins and the other gets a Conflict,
    on both engines. The read transaction ends first, so SQLite's writer starts afresh."""
    request_id = request.id
    db.session.commit()
    result = db.session.execute(
        update(EngagementRequest)
        .where(EngagementRequest.id == request_id, EngagementRequest.status.in_(states))
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(message)
    db.session.refresh(request)
    return request


def _volunteer(request: EngagementRequest) -> User:
    return db.session.get(User, request.volunteer_id)


def _mail_volunteer(request: EngagementRequest, step: str, subject: str, **context) -> None:
    volunteer = _volunteer(request)
    if volunteer is None or volunteer.deleted_at is not None:
        return
    queue_mail(
        recipient=volunteer.email,
        subject=subject,
        template=f"engagement_{step}",
        key=_key(step, request),
        organisation=request.organisation.name,
        link=external_url("engagementcert.mine_detail", request_id=request.id),
        **context,
    )


def _issue(request: EngagementRequest) -> Certificate:
    organisation = request.organisation
    details = {
        _("Organisation"): organisation.name,
        _("Tätigkeiten"): request.activities,
        _("Stunden im Monat (Durchschnitt)"): str(request.hours_per_month),
    }
    if organisation.has_seal:
        details[_("Qualitätssiegel")] = _(
            "%(org)s trägt das Qualitätssiegel des Netzwerks Bürgermitwirkung.",
            org=organisation.name,
        )
    if request.signer_name:
        details[_("Bestätigt von")] = _(
            "%(name)s für %(org)s", name=request.signer_name, org=organisation.name
        )
    if request.monthly_hours:
        details[_("Stunden je Monat")] = [list(row) for row in request.monthly_hours]
    return certificates.issue(
        kind=ENGAGEMENT,
        holder=_volunteer(request),
        holder_name=request.volunteer_name,
        title=_("Ehrenamtliches Engagement bei %(org)s", org=organisation.name),
        held_from=request.held_from,
        held_until=request.held_until,
        source_type=SOURCE,
        source_id=request.id,
        details=details,
        issuer=_("%(org)s und %(network)s", org=organisation.name, network=NETWORK),
    )


_DECIDED = _l("Über diese Anfrage ist schon entschieden.")
_CLOSED = _l("Diese Anfrage ist schon abgeschlossen.")


def _decide(actor: User, request: EngagementRequest, **values) -> EngagementRequest:
    require(actor, "decide_engagement_request", request)
    return _claim(
        request,
        (REQUESTED,),
        str(_DECIDED),
        decided_by_id=actor.id,
        decided_at=utcnow(),
        **values,
    )


def confirm(*, actor: User, request: EngagementRequest, signer_name: str) -> Certificate:
    """Confirm as asked: the certificate is issued and the volunteer hears of it once."""
    signer = _name(signer_name, "signer_name")
    request = _decide(actor, request, status=CONFIRMED, signer_name=signer)
    _mail_volunteer(
        request,
        "confirmed",
        _("Ihr Engagementnachweis ist ausgestellt"),
        certificates=external_url("certificates.mine"),
    )
    db.session.commit()
    certificate = _issue(request)
    request.certificate_id = certificate.id
    db.session.commit()
    return certificate


def correct(
    *, actor: User, request: EngagementRequest, data: EngagementInput, note: str, signer_name: str
) -> EngagementRequest:
    """Propose other activities, period or hours with a note; the volunteer decides."""
    signer = _name(signer_name, "signer_name")
    values = _checked(data)
    note = (note or "").strip()
    if not 5 <= len(note) <= NOTE_MAX:
        raise Invalid(
            _("Bitte erklären Sie die Korrektur (5 bis 2.000 Zeichen)."), field="correction_note"
        )
    request = _decide(
        actor,
        request,
        status=CORRECTED,
        corrected_activities=values["activities"],
        corrected_from=values["held_from"],
        corrected_until=values["held_until"],
        corrected_hours=values["hours_per_month"],
        corrected_monthly=values["monthly_hours"],
        correction_note=note,
        signer_name=signer,
    )
    _mail_volunteer(
        request,
        "corrected",
        _("Ihr Engagementnachweis: Die Organisation schlägt eine Korrektur vor"),
    )
    db.session.commit()
    return request


def decline(*, actor: User, request: EngagementRequest, reason: str) -> EngagementRequest:
    reason = (reason or "").strip()
    if not 5 <= len(reason) <= NOTE_MAX:
        raise Invalid(
            _("Bitte nennen Sie einen Grund (5 bis 2.000 Zeichen)."), field="decline_reason"
        )
    request = _decide(actor, request, status=DECLINED, decline_reason=reason)
    _mail_volunteer(request, "declined", _("Ihr Engagementnachweis wurde abgelehnt"), reason=reason)
    db.session.commit()
    return request


def accept_correction(*, actor: User, request: EngagementRequest) -> Certificate:
    """The volunteer accepts the correction: it becomes the request, and the certificate is
    issued as the organisation corrected it."""
    require(actor, "answer_engagement_correction", request)
    request = _claim(
        request,
        (CORRECTED,),
        str(_CLOSED),
        status=CONFIRMED,
        activities=EngagementRequest.corrected_activities,
        held_from=EngagementRequest.corrected_from,
        held_until=EngagementRequest.corrected_until,
        hours_per_month=EngagementRequest.corrected_hours,
        monthly_hours=EngagementRequest.corrected_monthly,
    )
    db.session.commit()
    certificate = _issue(request)
    request.certificate_id = certificate.id
    db.session.commit()
    return certificate


def withdraw(*, actor: User, request: EngagementRequest) -> EngagementRequest:
    """The volunteer takes back an open request (also instead of accepting a correction)."""
    require(actor, "answer_engagement_correction", request)
    request = _claim(request, OPEN, str(_CLOSED), status=WITHDRAWN)
    db.session.commit()
    return request


@dataclass(frozen=True)
class FigureRow:
    kind: str
    organisation: str
    year: int
    count: int


def figures() -> list[FigureRow]:
    """Certificates per kind, organisation and year for the office (two queries): training
    certificates under the coordination office, engagement ones under their organisation."""
    year = extract("year", Certificate.issued_at)
    training = db.session.execute(
        select(year.label("year"), func.count()).where(Certificate.kind == TRAINING).group_by(year)
    ).all()
    engagement = db.session.execute(
        select(PartnerOrganisation.name, year.label("year"), func.count())
        .select_from(Certificate)
        .join(
            EngagementRequest,
            (EngagementRequest.id == Certificate.source_id) & (Certificate.source_type == SOURCE),
        )
        .join(PartnerOrganisation, PartnerOrganisation.id == EngagementRequest.organisation_id)
        .where(Certificate.kind == ENGAGEMENT)
        .group_by(PartnerOrganisation.name, year)
    ).all()
    rows = [FigureRow(TRAINING, "", int(y), n) for y, n in training]
    rows += [FigureRow(ENGAGEMENT, name, int(y), n) for name, y, n in engagement]
    return sorted(rows, key=lambda r: (-r.year, r.kind != TRAINING, r.organisation.lower()))


def erase_volunteer(run, uid: int) -> None:
    """Account deletion: the volunteer's requests go (their certificates are erased by
    certificates.erase_holder); a deciding member is unlinked."""
    run(
        "engagement_request", delete(EngagementRequest).where(EngagementRequest.volunteer_id == uid)
    )
    run(
        "engagement_request_decided_by",
        update(EngagementRequest)
        .where(EngagementRequest.decided_by_id == uid)
        .values(decided_by_id=None),
    )
