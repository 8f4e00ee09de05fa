"""Elections of the speaker group's elected seats.

Nominations are open until `nominations_close_at`, voting until `voting_close_at`. Each
active organisation casts one ballot through its contact person, naming up to `seats`
nominees. A ballot is stored only as the fact that the organisation voted; the choices
exist only as the nominees' counters, raised in the same transaction, so no view, export
or query can say who voted for whom. Ties for the last seat are drawn by lot.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from participation.accounts.models import RoleAssignment, User
from participation.core.clock import local_today, utcnow
from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import can, require
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.network.models import Ballot, Nomination, SpeakerElection
from participation.partners.models import PartnerOrganisation
from participation.projects.permissions import OFFICE_ROLES


def stage(election: SpeakerElection, now: datetime | None = None) -> str:
    """nominating, voting, counting (voting closed, result not out) or published."""
    now = now or utcnow()
    if election.result_published_at is not None:
        return "published"
    if now < election.nominations_close_at:
        return "nominating"
    if now < election.voting_close_at:
        return "voting"
    return "counting"


def create(
    *,
    actor,
    nominations_close_at: datetime | None,
    voting_close_at: datetime | None,
    term_starts_on: date | None,
    seats: int | None = None,
) -> SpeakerElection:
    """The office opens an election with the configured seats and term length."""
    require(actor, "manage_partners", message=_("Wahlen richtet die Koordinierungsstelle ein."))
    seats = seats or current_app.config["NETWORK_SPEAKER_SEATS"]
    now = utcnow()
    if nominations_close_at is None or nominations_close_at <= now:
        raise Invalid(
            _("Das Ende der Nominierung muss in der Zukunft liegen."),
            field="nominations_close_at",
        )
    if voting_close_at is None or voting_close_at <= nominations_close_at:
        raise Invalid(_("Die Stimmabgabe endet nach der Nominierung."), field="voting_close_at")
    if term_starts_on is None or term_starts_on < voting_close_at.date():
        raise Invalid(
            _("Die Amtszeit beginnt nach dem Ende der Stimmabgabe."), field="term_starts_on"
        )
    years = current_app.config["NETWORK_TERM_YEARS"]
    try:
        term_ends_on = term_starts_on.replace(year=term_starts_on.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        term_ends_on = term_starts_on.replace(year=term_starts_on.year + years, day=28)
    election = SpeakerElection(
        seats=seats,
        nominations_close_at=nominations_close_at,
        voting_close_at=voting_close_at,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
    )
    db.session.add(election)
    db.session.commit()
    return election


def _contact_of_active(actor, organisation: PartnerOrganisation) -> None:
    if not can(actor, "speak_for_organisation", organisation) or not organisation.is_active:
        raise Forbidden(_("Das tut die Kontaktperson einer aktiven Partnerorganisation."))


def nominate(*, actor, election: SpeakerElection, organisation: PartnerOrganisation) -> Nomination:
    """An active organisation stands for election (its contact decides)."""
    _contact_of_active(actor, organisation)
    if stage(election) != "nominating":
        raise Conflict(_("Die Nominierung ist geschlossen."))
    if organisation.is_coordinating:
        raise Conflict(_("Die koordinierenden Organisationen gehören der Gruppe ohne Wahl an."))
    if not insert_ignoring_duplicates(
        db.session, Nomination, election_id=election.id, organisation_id=organisation.id
    ):
        db.session.rollback()
        raise Conflict(_("Ihre Organisation kandidiert bereits."))
    db.session.commit()
    return db.session.scalar(
        select(Nomination).where(
            Nomination.election_id == election.id, Nomination.organisation_id == organisation.id
        )
    )


def cast(
    *,
    actor,
    election: SpeakerElection,
    organisation: PartnerOrganisation,
    nomination_ids: list[int],
) -> None:
    """One secret ballot per organisation: the ballot row first (its unique constraint
    turns every second attempt away), then the counters, in one transaction."""
    _contact_of_active(actor, organisation)
    if stage(election) != "voting":
        raise Conflict(_("Die Stimmabgabe ist nicht geöffnet."))
    chosen = set(nomination_ids or [])
    valid = set(
        db.session.scalars(
            select(Nomination.id).where(
                Nomination.election_id == election.id, Nomination.id.in_(chosen)
            )
        )
    )
    if not chosen or valid != chosen:
        raise Invalid(_("Bitte wählen Sie aus der Liste der Kandidierenden."), field="choices")
    if len(chosen) > election.seats:
        raise Invalid(
            _("Sie können höchstens %(seats)s Organisationen wählen.", seats=election.seats),
            field="choices",
        )
    if not insert_ignoring_duplicates(
        db.session, Ballot, election_id=election.id, organisation_id=organisation.id
    ):
        db.session.rollback()
        raise Conflict(_("Ihre Organisation hat bereits gewählt."))
    db.session.execute(
        update(Nomination)
        .where(Nomination.id.in_(chosen))
        .values(votes=Nomination.votes + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def has_voted(election: SpeakerElection, organisation: PartnerOrganisation) -> bool:
    return (
        db.session.scalar(
            select(Ballot.id).where(
                Ballot.election_id == election.id, Ballot.organisation_id == organisation.id
            )
        )
        is not None
    )


def turnout(election: SpeakerElection) -> tuple[int, int]:
    """(ballots cast, active organisations)."""
    ballots = db.session.scalar(
        select(func.count(Ballot.id)).where(Ballot.election_id == election.id)
    )
    active = db.session.scalar(
        select(func.count(PartnerOrganisation.id)).where(PartnerOrganisation.status == "active")
    )
    return ballots or 0, active or 0


def count(*, actor, election: SpeakerElection, draw=None) -> list[Nomination]:
    """After the vote, the office publishes the result: the most votes win; a tie at the
    last seat is decided by lot (`draw(candidates, k)`, the system's random by default)."""
    require(
        actor, "manage_partners", message=_("Das Ergebnis veröffentlicht die Koordinierungsstelle.")
    )
    if stage(election) != "counting":
        raise Conflict(_("Das Ergebnis kann erst nach der Stimmabgabe veröffentlicht werden."))
    # The first write claims the count, so a second click cannot draw lots a second time.
    claimed = db.session.execute(
        update(SpeakerElection)
        .where(SpeakerElection.id == election.id, SpeakerElection.result_published_at.is_(None))
        .values(result_published_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Conflict(_("Das Ergebnis ist bereits veröffentlicht."))
    draw = draw or secrets.SystemRandom().sample
    ranked = sorted(election.nominations, key=lambda n: n.votes, reverse=True)
    seats = election.seats
    elected = ranked[:seats]
    note = ""
    if len(ranked) > seats and ranked[seats - 1].votes == ranked[seats].votes:
        boundary = ranked[seats - 1].votes
        sure = [n for n in ranked if n.votes > boundary]
        tied = [n for n in ranked if n.votes == boundary]
        winners = draw(tied, seats - len(sure))
        elected = sure + list(winners)
        for nomination in winners:
            nomination.by_lot = True
        note = _(
            "Bei %(votes)s Stimmen lagen %(num)s Organisationen gleichauf; das Los hat "
            "entschieden.",
            votes=boundary,
            num=len(tied),
        )
    for nomination in elected:
        nomination.elected = True
    election.tie_note = note
    db.session.commit()
    db.session.refresh(election)
    return [n for n in ranked if n.elected]


def elections() -> list[SpeakerElection]:
    return list(db.session.scalars(select(SpeakerElection).order_by(SpeakerElection.id.desc())))


def get_election(election_id: int) -> SpeakerElection:
    election = db.session.get(SpeakerElection, election_id)
    if election is None:
        raise NotFound(_("Diese Wahl gibt es nicht."))
    return election


def speaker_group(today: date | None = None):
    """The coordinating organisations and the elected ones whose term runs today."""
    today = today or local_today()
    coordinating = list(
        db.session.scalars(
            select(PartnerOrganisation)
            .where(
                PartnerOrganisation.is_coordinating.is_(True),
                PartnerOrganisation.status == "active",
            )
            .order_by(PartnerOrganisation.name)
        )
    )
    current = db.session.scalar(
        select(SpeakerElection)
        .where(
            SpeakerElection.result_published_at.is_not(None),
            SpeakerElection.term_starts_on <= today,
            SpeakerElection.term_ends_on >= today,
        )
        .order_by(SpeakerElection.term_starts_on.desc())
        .limit(1)
    )
    # An elected organisation that has left the network no longer sits in the group.
    elected = (
        [n for n in current.nominations if n.elected and n.organisation.is_active]
        if current
        else []
    )
    return coordinating, current, elected


def remind_term_end(today: date | None = None) -> int:
    """Mail the office and every active partner's contact once when the current term ends
    within NETWORK_TERM_REMINDER_DAYS; returns the number of mails."""
    today = today or local_today()
    days = current_app.config["NETWORK_TERM_REMINDER_DAYS"]
    due = db.session.scalars(
        select(SpeakerElection).where(
            SpeakerElection.result_published_at.is_not(None),
            SpeakerElection.reminded_at.is_(None),
            SpeakerElection.term_ends_on >= today,
            SpeakerElection.term_ends_on <= today + timedelta(days=days),
        )
    ).all()
    sent = 0
    for election in due:
        office = select(RoleAssignment.user_id).where(RoleAssignment.role.in_(OFFICE_ROLES))
        contacts = select(PartnerOrganisation.contact_id).where(
            PartnerOrganisation.status == "active"
        )
        for email in db.session.scalars(
            select(User.email).where(User.id.in_(office) | User.id.in_(contacts))
        ):
            queue_mail(
                recipient=email,
                subject=_("Die Amtszeit der Sprecher*innengruppe endet"),
                template="term_ending",
                ends_on=election.term_ends_on,
                link=external_url("network.speakers"),
            )
            sent += 1
        election.reminded_at = utcnow()
    db.session.commit()
    return sent
