"""Demo of the information loop: the demo resident's interests and follows, and a
notification centre with read and unread items (added once)."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.comments import services as comments
from participation.core.clock import local_today
from participation.demo.dialogue import demo_residents
from participation.extensions import db
from participation.follows import services as follows
from participation.network.models import WorkingGroup
from participation.notifications import interests
from participation.notifications import services as notifications
from participation.notifications.models import Interest
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Phase, Process
from participation.proposals.models import Proposal


def _running_proposal() -> Proposal | None:
    """A published proposal whose process's dialogue runs today (Linden-Limmer first)."""
    today = local_today()
    return db.session.scalar(
        select(Proposal)
        .join(Process, Process.id == Proposal.process_id)
        .join(Phase, Phase.process_id == Process.id)
        .where(
            Process.status == "published",
            Proposal.status == "published",
            Phase.kind == "dialogue",
            Phase.starts_on <= today,
            Phase.ends_on >= today,
        )
        .order_by(Process.district_id.is_(None), Process.district_id != 10, Proposal.id)
        .limit(1)
    )


def seed_notifications(staff_by_district: dict) -> None:
    resident = accounts.find_by_email("einwohnerin@example.org")
    if resident is None or db.session.scalar(
        select(Interest.id).where(Interest.user_id == resident.id).limit(1)
    ):
        return
    interests.save(actor=resident, data=interests.InterestInput(area="10"))
    interests.save(actor=resident, data=interests.InterestInput(keywords="Spielplatz, Radweg"))
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.status == "active").limit(1)
    )
    if organisation is not None:
        follows.follow(actor=resident, item=organisation)
    group = db.session.scalar(select(WorkingGroup).order_by(WorkingGroup.id).limit(1))
    if group is not None:
        follows.follow(actor=resident, item=group)
    proposal = _running_proposal()
    if proposal is None:
        return
    process = proposal.process
    own = comments.post_comment(
        actor=resident,
        process=process,
        proposal=proposal,
        body="Gute Idee! Bitte auch an Sitzplätze im Schatten denken.",
    )
    neighbours = demo_residents()
    comments.post_comment(
        actor=neighbours[0],
        process=process,
        proposal=proposal,
        parent=own,
        body="Da stimme ich zu, gerade für Ältere.",
    )
    comments.post_comment(
        actor=neighbours[1],
        process=process,
        proposal=proposal,
        parent=own,
        body="Bäume statt Sonnensegel, bitte.",
    )
    staff = staff_by_district.get(process.district_id) or staff_by_district.get(None)
    if staff is not None:
        comments.post_comment(
            actor=staff,
            process=process,
            proposal=proposal,
            body="Danke für die Hinweise. Wir nehmen Schattenplätze in die Prüfung auf.",
            official=True,
        )
    # The oldest one has been read already: the centre shows both kinds.
    oldest = notifications.page(resident).items[-1:]
    for notification in oldest:
        notifications.mark_read(actor=resident, notification_id=notification.id)
