"""Every change to the volunteer phone line: the office's hours, exceptions, advisers and
roster; callback requests from the public; the advisers' steps on them; the storage limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts import services as accounts
from participation.core import phones
from participation.core.clock import utcnow
from participation.core.db import submission_key
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.permissions import require
from participation.districts.models import District
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.volunteerphone import hours
from participation.volunteerphone.models import (
    AGE_GROUPS,
    OUTCOMES,
    TOPICS,
    CallbackRequest,
    PhoneAdviser,
    PhoneConversation,
    PhoneDuty,
    PhoneException,
    PhoneSlot,
)

TOPIC_LABELS = {
    "first_steps": _l("Einstieg ins Ehrenamt"),
    "social": _l("Soziales und Nachbarschaft"),
    "environment": _l("Umwelt und Natur"),
    "culture": _l("Kultur und Bildung"),
    "sport": _l("Sport und Freizeit"),
    "refugees": _l("Geflüchtete und Integration"),
    "other": _l("Etwas anderes"),
}
AGE_GROUP_LABELS = {
    "under_18": _l("unter 18"),
    "18_29": _l("18 bis 29"),
    "30_49": _l("30 bis 49"),
    "50_64": _l("50 bis 64"),
    "65_plus": _l("65 und älter"),
    "unknown": _l("unbekannt"),
}
OUTCOME_LABELS = {
    "referred": _l("An Organisation oder Angebot vermittelt"),
    "information": _l("Informiert"),
    "follow_up": _l("Weiteres Gespräch vereinbart"),
    "no_match": _l("Nichts Passendes gefunden"),
}
STATUS_LABELS = {
    "open": _l("offen"),
    "taken": _l("übernommen"),
    "reached": _l("erreicht, Gespräch nicht protokolliert"),
    "logged": _l("erledigt"),
    "unreachable": _l("nicht erreicht"),
}
WEEKDAY_LABELS = (
    _l("Montag"),
    _l("Dienstag"),
    _l("Mittwoch"),
    _l("Donnerstag"),
    _l("Freitag"),
    _l("Samstag"),
    _l("Sonntag"),
)
assert set(TOPIC_LABELS) == set(TOPICS) and set(AGE_GROUP_LABELS) == set(AGE_GROUPS)
assert set(OUTCOME_LABELS) == set(OUTCOMES)


# --- the line's hours ----------------------------------------------------------------------


def pattern() -> tuple[list[hours.Slot], list[hours.Exception_]]:
    """The weekly slots and the exceptions from yesterday on (two queries)."""
    slots = db.session.scalars(
        select(PhoneSlot).order_by(PhoneSlot.weekday, PhoneSlot.starts)
    ).all()
    since = utcnow().date() - timedelta(days=1)
    exceptions = db.session.scalars(
        select(PhoneException)
        .where(PhoneException.day >= since)
        .order_by(PhoneException.day, PhoneException.starts)
    ).all()
    return (
        [hours.Slot(s.weekday, s.starts, s.ends) for s in slots],
        [hours.Exception_(e.day, e.starts, e.ends, e.note) for e in exceptions],
    )


def _check_times(starts: time | None, ends: time | None, field: str = "ends") -> None:
    if starts is None or ends is None or ends <= starts:
        raise Invalid(_("Das Ende muss nach dem Beginn liegen."), field=field)


def add_slot(*, actor, weekday: int, starts: time, ends: time) -> PhoneSlot:
    require(actor, "manage_phone_line")
    if not 0 <= weekday <= 6:
        raise Invalid(_("Bitte wählen Sie einen Wochentag."), field="weekday")
    _check_times(starts, ends)
    slot = PhoneSlot(weekday=weekday, starts=starts, ends=ends)
    db.session.add(slot)
    db.session.commit()
    return slot


def add_exception(
    *, actor, day: date, starts: time | None, ends: time | None, note: str
) -> PhoneException:
    """A closed day (no times) or special hours on that day."""
    require(actor, "manage_phone_line")
    if (starts is None) != (ends is None):
        raise Invalid(
            _("Für Sonderzeiten bitte Beginn und Ende angeben, für einen freien Tag keines."),
            field="ends",
        )
    if starts is not None:
        _check_times(starts, ends)
    exception = PhoneException(day=day, starts=starts, ends=ends, note=note)
    db.session.add(exception)
    db.session.commit()
    return exception


def _remove(model, ids: list[int], actor) -> int:
    """Delete the chosen rows; returns how many there were."""
    require(actor, "manage_phone_line")
    wanted = [i for i in ids if i > 0]
    if not wanted:
        return 0
    removed = db.session.execute(
        delete(model).where(model.id.in_(wanted)).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return removed or 0


def remove_slots(*, actor, ids: list[int]) -> int:
    return _remove(PhoneSlot, ids, actor)


def remove_exceptions(*, actor, ids: list[int]) -> int:
    return _remove(PhoneException, ids, actor)


def remove_advisers(*, actor, ids: list[int]) -> int:
    return _remove(PhoneAdviser, ids, actor)


def remove_duties(*, actor, ids: list[int]) -> int:
    return _remove(PhoneDuty, ids, actor)


# --- advisers and roster -------------------------------------------------------------------


def advisers() -> list[PhoneAdviser]:
    return list(db.session.scalars(select(PhoneAdviser).order_by(PhoneAdviser.id)).unique().all())


def add_adviser(*, actor, email: str, organisation_id: int | None, show_name: bool) -> PhoneAdviser:
    """Designate a staff member, or a member of an active partner organisation (for that
    organisation), as an adviser."""
    require(actor, "manage_phone_line")
    user = accounts.find_by_email(email or "")
    if user is None or user.deleted_at is not None:
        raise Invalid(_("Zu dieser E-Mail-Adresse gibt es kein Konto."), field="email")
    if organisation_id is not None:
        organisation = db.session.get(PartnerOrganisation, organisation_id)
        if organisation is None or organisation.status != "active":
            raise Invalid(
                _("Bitte wählen Sie eine aktive Partnerorganisation."), field="organisation"
            )
        if organisation_id not in user.organisation_ids():
            raise Invalid(
                _("Die Person ist nicht Mitglied dieser Organisation."), field="organisation"
            )
    elif not user.role_names & {"coordinator", "admin", "district_manager"}:
        raise Invalid(
            _("Ehrenamtlich Beratende brauchen die Organisation, für die sie beraten."),
            field="organisation",
        )
    if db.session.scalar(select(PhoneAdviser.id).where(PhoneAdviser.user_id == user.id)):
        raise Conflict(_("Die Person berät bereits am Telefon."), field="email")
    adviser = PhoneAdviser(
        user_id=user.id, organisation_id=organisation_id, show_name=show_name, created_at=utcnow()
    )
    db.session.add(adviser)
    db.session.commit()
    return adviser


def add_duty(*, actor, adviser_id: int | None, day: date, starts: time, ends: time) -> PhoneDuty:
    require(actor, "manage_phone_line")
    if adviser_id is None or db.session.get(PhoneAdviser, adviser_id) is None:
        raise Invalid(_("Bitte wählen Sie eine beratende Person."), field="adviser")
    _check_times(starts, ends)
    exists = db.session.scalar(
        select(PhoneDuty.id).where(
            PhoneDuty.adviser_id == adviser_id, PhoneDuty.day == day, PhoneDuty.starts == starts
        )
    )
    if exists:
        raise Conflict(_("Dieser Dienst ist schon eingetragen."), field="starts")
    duty = PhoneDuty(adviser_id=adviser_id, day=day, starts=starts, ends=ends)
    db.session.add(duty)
    db.session.commit()
    return duty


def roster(first: date, days: int = 14) -> list[PhoneDuty]:
    return list(
        db.session.scalars(
            select(PhoneDuty)
            .where(PhoneDuty.day >= first, PhoneDuty.day < first + timedelta(days=days))
            .order_by(PhoneDuty.day, PhoneDuty.starts, PhoneDuty.id)
        )
        .unique()
        .all()
    )


def public_names_on_duty(day: date) -> list[str]:
    """Who answers today, for the public page: only those who agreed to be named."""
    return [duty.adviser.user.pseudonym for duty in roster(day, days=1) if duty.adviser.show_name]


# --- callbacks -----------------------------------------------------------------------------


def normalise_phone(raw: str) -> str:
    """The number in E.164. German numbers only (the line calls from a German landline and
    advises about volunteering in Hannover); typed with or without +49 / 0."""
    number = phones.parse(raw, field="phone")
    if number.country_code != 49:
        raise Invalid(
            _("Wir rufen nur deutsche Telefonnummern zurück (Festnetz oder Mobil)."),
            field="phone",
        )
    return phones.e164(number)


def display_phone(e164: str | None) -> str:
    return phones.display(e164)


@dataclass(frozen=True)
class CallbackInput:
    first_name: str
    phone: str
    preferred_time: str
    topic: str
    district_code: str
    consent: bool
    submission: str | None = None


def request_callback(data: CallbackInput) -> CallbackRequest:
    """A callback request from the public form (no account). The same form sent twice
    (a double click, a reload) is one request."""
    if not data.consent:
        raise Invalid(_("Bitte stimmen Sie dem Rückruf zu."), field="consent")
    if data.topic not in TOPICS:
        raise Invalid(_("Bitte wählen Sie ein Thema."), field="topic")
    district_id = None
    if data.district_code:
        district_id = db.session.scalar(
            select(District.id).where(District.code == data.district_code)
        )
        if district_id is None:
            raise Invalid(_("Bitte wählen Sie einen Stadtbezirk aus der Liste."), field="district")
    phone = normalise_phone(data.phone)
    key = submission_key(data.submission, data.first_name, phone)
    if key is not None:
        earlier = db.session.scalar(
            select(CallbackRequest).where(CallbackRequest.submission_key == key)
        )
        if earlier is not None:
            return earlier
    callback = CallbackRequest(
        submission_key=key,
        first_name=data.first_name.strip(),
        phone=phone,
        preferred_time=data.preferred_time.strip(),
        topic=data.topic,
        district_id=district_id,
        status="open",
        created_at=utcnow(),
    )
    db.session.add(callback)
    try:
        db.session.commit()
    except IntegrityError:
        # The same submission, committed a moment earlier by a concurrent request.
        db.session.rollback()
        earlier = db.session.scalar(
            select(CallbackRequest).where(CallbackRequest.submission_key == key)
        )
        if earlier is None:
            raise
        return earlier
    return callback


def get_callback(*, actor, callback_id: int) -> CallbackRequest:
    require(actor, "work_callbacks")
    callback = db.session.get(CallbackRequest, callback_id)
    if callback is None:
        raise NotFound(_("Diesen Rückrufwunsch gibt es nicht."))
    return callback


def take(*, actor, callback: CallbackRequest) -> None:
    """Assign an open callback to the actor. One conditional update: of two advisers
    taking it at once exactly one succeeds, the other is told."""
    require(actor, "work_callbacks")
    taken = db.session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.id == callback.id, CallbackRequest.status == "open")
        .values(status="taken", taken_by_id=actor.id, taken_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not taken:
        db.session.rollback()
        raise Conflict(_("Diesen Rückruf hat schon jemand übernommen."))
    db.session.commit()
    db.session.refresh(callback)


ATTEMPT_RESULTS = ("reached", "not_reached", "give_up")


def record_attempt(*, actor, callback: CallbackRequest, result: str) -> None:
    """One call: reached, not reached (try again), or given up."""
    require(actor, "handle_callback", callback)
    if callback.status != "taken":
        raise Conflict(_("Der Rückruf ist nicht (mehr) in Bearbeitung."))
    if result not in ATTEMPT_RESULTS:
        raise Invalid(_("Bitte wählen Sie ein Ergebnis."), field="result")
    callback.attempts += 1
    if result == "reached":
        callback.status, callback.reached_at = "reached", utcnow()
    elif result == "give_up":
        callback.status = "unreachable"
    db.session.commit()


@dataclass(frozen=True)
class ConversationInput:
    topic: str
    district_id: int | None
    age_group: str
    outcome: str
    organisation_ids: list[int]
    referred_opportunities: str


def log_conversation(
    *, actor, callback: CallbackRequest, data: ConversationInput
) -> PhoneConversation:
    """The anonymous log of a reached callback (once)."""
    require(actor, "handle_callback", callback)
    if callback.status != "reached":
        raise Conflict(_("Ein Gespräch wird protokolliert, wenn die Person erreicht wurde."))
    if data.topic not in TOPICS:
        raise Invalid(_("Bitte wählen Sie ein Thema."), field="topic")
    if data.age_group not in AGE_GROUPS:
        raise Invalid(_("Bitte wählen Sie eine Altersgruppe."), field="age_group")
    if data.outcome not in OUTCOMES:
        raise Invalid(_("Bitte wählen Sie ein Ergebnis."), field="outcome")
    if data.district_id is not None and db.session.get(District, data.district_id) is None:
        raise Invalid(_("Bitte wählen Sie einen Stadtbezirk aus der Liste."), field="district")
    organisations = []
    if data.organisation_ids:
        wanted = set(data.organisation_ids)
        organisations = list(
            db.session.scalars(
                select(PartnerOrganisation).where(
                    PartnerOrganisation.id.in_(wanted), PartnerOrganisation.status == "active"
                )
            )
        )
        if len(organisations) != len(wanted):
            raise Invalid(
                _("Bitte wählen Sie nur aktive Partnerorganisationen."), field="organisations"
            )
    conversation = PhoneConversation(
        callback_id=callback.id,
        topic=data.topic,
        district_id=data.district_id,
        age_group=data.age_group,
        outcome=data.outcome,
        referred_opportunities=data.referred_opportunities.strip(),
        logged_at=utcnow(),
        organisations=organisations,
    )
    callback.status = "logged"
    db.session.add(conversation)
    db.session.commit()
    return conversation


# --- storage limit -------------------------------------------------------------------------


def retention_days() -> int:
    return int(current_app.config.get("VOLUNTEER_PHONE_RETENTION_DAYS", 30))


def erase_old_callbacks(now: datetime) -> int:
    """First name, number and preferred time of callbacks older than the retention period
    go; an unfinished one can no longer be called and counts as not reached. The caller
    commits."""
    cutoff = now - timedelta(days=retention_days())
    result = db.session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.created_at < cutoff, CallbackRequest.erased_at.is_(None))
        .values(
            first_name=None,
            phone=None,
            preferred_time="",
            erased_at=now,
            status=case(
                (CallbackRequest.status.in_(("open", "taken")), "unreachable"),
                else_=CallbackRequest.status,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
