"""Demo answers and one published results report, for the process whose results are out."""

from __future__ import annotations

from sqlalchemy import select

from participation.answers import services as answers
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.results import services as results

RESULTS_PROCESS = "Inklusiver Stadtteiltreff am Mühlenberg"
# Answers in turn: each proposal of the process gets the next one.
ANSWERS = (
    (
        "implemented",
        "Der Treff hat seit dem Frühjahr einen stufenlosen Eingang und ein barrierefreies WC.",
    ),
    (
        "partly_accepted",
        "Die Öffnungszeiten am Abend kommen; am Wochenende fehlt dafür noch ein Träger.",
    ),
    (
        "rejected",
        "Ein eigener Parkplatz ist auf dem Grundstück nicht möglich. Die Stadtbahn "
        "hält 200 Meter entfernt.",
    ),
    (
        "accepted",
        "Der Raum wird auch für Vereine geöffnet; die Buchung läuft über das "
        "Stadtbezirksmanagement.",
    ),
)
SUMMARY = (
    "Rund um den neuen Stadtteiltreff am Mühlenberg haben Einwohner*innen, Vereine und "
    "Träger ihre Wünsche eingebracht. Am wichtigsten waren ein barrierefreier Zugang, "
    "Öffnungszeiten am Abend und Räume, die Vereine selbst nutzen können.\n\n"
    "Jeder Vorschlag hat eine Antwort der Verwaltung; was umgesetzt ist, steht dabei."
)
NEXT_STEPS = (
    "- Der Bezirksrat Ricklingen berät den Bericht in seiner nächsten Sitzung.\n"
    "- Das Stadtbezirksmanagement lädt im Herbst zu einem Rundgang durch den Treff ein."
)


def seed_results(coordinator, staff_by_district: dict) -> bool:
    """Answer every proposal of the demo's finished process and publish its report once;
    True if it did so now."""
    process = db.session.scalar(select(Process).where(Process.title == RESULTS_PROCESS))
    if process is None or process.status != "closed":
        return False
    manager = staff_by_district.get(process.district_id, coordinator)
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.process_id == process.id, Proposal.status == "published")
        .order_by(Proposal.id)
    ).all()
    for number, proposal in enumerate(proposals):
        if proposal.response_status == "open":
            status, text = ANSWERS[number % len(ANSWERS)]
            answers.answer(actor=manager, proposal=proposal, status=status, text=text)
    results.save(actor=coordinator, process=process, summary=SUMMARY, next_steps=NEXT_STEPS)
    results.publish(actor=coordinator, process=process)
    return True
