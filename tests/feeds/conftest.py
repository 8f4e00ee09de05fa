"""One of everything the feeds show, and of everything they must leave out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from participation.answers import services as answers
from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.coordination.services import advance_to
from participation.core.clock import utcnow
from participation.moderation import services as moderation
from participation.network import meetings
from participation.proposals import services as proposals
from participation.results import services as results

ANSWER_TEXT = "Wir pflanzen zwei Bäume, die den Sandkasten beschatten."


@dataclass
class World:
    office: object
    manager: object
    process: object
    city_wide: object
    elsewhere: object
    draft: object
    reported: object
    unreported: object
    partner: object
    visible: object
    answered: object
    event: object
    meeting: object


@pytest.fixture
def world(make_user, make_process, make_proposal, make_partner, closed_dialogue) -> World:
    office = make_user("coordinator")
    manager = make_user("district_manager", district="10")
    process = make_process("Spielplatz am Lindener Markt", district="10")
    city_wide = make_process("Klimaschutzprogramm der Stadt", district=None, field="verwaltung")
    elsewhere = make_process("Platz vor dem Rathaus", district="01", field="bildung")
    draft = make_process("Geheimer Entwurf für Linden", district="10", publish=False)

    visible = make_proposal(process, title="Mehr Bänke am Markt", body="Bänke **im Schatten**.")
    answered = make_proposal(process, title="Schatten für den Sandkasten")
    answers.answer(actor=manager, proposal=answered, status="accepted", text=ANSWER_TEXT)
    hidden = make_proposal(process, title="Ausgeblendete Werbung")
    answers.answer(
        actor=manager, proposal=hidden, status="rejected", text="Das ist keine Idee für den Markt."
    )
    moderation.hide(
        actor=manager,
        target=moderation.target_of(proposal_id=hidden.id),
        reason="advertising",
        explanation="Werbung ist hier nicht erlaubt.",
    )
    author = make_user("resident")
    withdrawn = make_proposal(process, author=author, title="Zurückgezogener Vorschlag")
    proposals.withdraw_proposal(actor=author, proposal=withdrawn)
    moderated = make_process("Vormoderiertes Verfahren", district="10", pre_moderation=True)
    make_proposal(moderated, title="Wartender Vorschlag")
    refused = make_proposal(moderated, title="Abgelehnter Vorschlag")
    moderation.reject(
        actor=manager,
        target=moderation.target_of(proposal_id=refused.id),
        reason="off_topic",
        explanation="Das gehört nicht zu diesem Verfahren.",
    )

    dialogue = closed_dialogue("Ergebnisse am Küchengarten")
    reported = dialogue.process
    summary = "Zusammenfassung des Dialogs. " * 3
    results.save(actor=office, process=reported, summary=summary, next_steps="")
    results.publish(
        actor=office, process=reported, override_reason="Die übrigen Antworten folgen bald."
    )
    unreported = make_process("Noch ohne Bericht", district="10", publish=False)
    advance_to(actor=office, process=unreported, status="closed")
    results.save(actor=office, process=unreported, summary=summary, next_steps="")

    partner = make_partner("Nachbarschaftsladen e. V.")
    now = utcnow()

    def contribute(kind: str, title: str, **extra):
        return contributions.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind=kind,
            data=ContributionInput(
                title=title,
                body="Wir laden alle Nachbar*innen ein.",
                place="Küchengarten",
                starts_at=now + timedelta(days=10),
                ends_at=now + timedelta(days=10, hours=2),
                **extra,
            ),
        )

    event = contribute("event", "Pflanzfest im Küchengarten", district_codes=["10"])
    gone = contribute("event", "Abgesagtes Fest")
    contributions.withdraw(actor=partner.contact, contribution=gone)
    contribute("offer", "Offene Werkstatt")
    gone_offer = contribute("offer", "Zurückgezogenes Angebot")
    contributions.withdraw(actor=partner.contact, contribution=gone_offer)
    meeting = meetings.save_meeting(
        actor=office,
        title="Frühjahrstreffen",
        starts_at=now + timedelta(days=20),
        place="Rathaus",
        agenda="1. Begrüßung\n\n2. Arbeitsprogramm",
    )
    meetings.save_meeting(
        actor=office, title="Wintertreffen", starts_at=now - timedelta(days=30), place="Rathaus"
    )
    return World(
        office=office,
        manager=manager,
        process=process,
        city_wide=city_wide,
        elsewhere=elsewhere,
        draft=draft,
        reported=reported,
        unreported=unreported,
        partner=partner,
        visible=visible,
        answered=answered,
        event=event,
        meeting=meeting,
    )


# Titles no feed may carry.
NEVER = {
    "Geheimer Entwurf für Linden",
    "Ausgeblendete Werbung",
    "Zurückgezogener Vorschlag",
    "Wartender Vorschlag",
    "Abgelehnter Vorschlag",
    "Abgesagtes Fest",
    "Zurückgezogenes Angebot",
    "Ergebnisbericht: Noch ohne Bericht",
    "Werbung für einen Laden",
}
