"""Demo answers and one published results report, for the process whose results are out."""

from __future__ import annotations

from sqlalchemy import select

from participation.answers import services as answers
from participation.coordination.services import transition
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.results import services as results

RESULTS_PROCESS = "Inklusiver Stadtteiltreff am Mühlenberg"
# Its report is out and the office has archived it.
ARCHIVED_PROCESS = "Sitzplätze im Stadtpark Bothfeld"
# Answers in turn: each proposal of a process gets the next one of its list.
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


BOTHFELD_ANSWERS = (
    ("implemented", "Am Teich und am Spielplatz stehen seit dem Sommer sechs neue Bänke."),
    ("rejected", "Auf der Liegewiese bleiben keine Bänke stehen: Sie wird im Winter gemäht."),
)
BOTHFELD_SUMMARY = (
    "Einwohner*innen haben gezeigt, wo im Stadtpark Bothfeld Sitzplätze fehlen: vor allem "
    "am Teich, am Spielplatz und entlang des Rundwegs für ältere Menschen."
)
BOTHFELD_NEXT = "Die Bänke stehen. Das Verfahren ist abgeschlossen und archiviert."
REPORTS = {
    RESULTS_PROCESS: (ANSWERS, SUMMARY, NEXT_STEPS),
    ARCHIVED_PROCESS: (BOTHFELD_ANSWERS, BOTHFELD_SUMMARY, BOTHFELD_NEXT),
}


def seed_results(coordinator, staff_by_district: dict) -> int:
    """Answer every proposal of the demo's finished processes, publish their reports and
    archive the older one, once; returns how many reports it published now."""
    published = 0
    for title, (texts, summary, next_steps) in REPORTS.items():
        process = db.session.scalar(select(Process).where(Process.title == title))
        if process is None or process.status != "closed":
            continue
        _answer_all(process, staff_by_district.get(process.district_id, coordinator), texts)
        results.save(actor=coordinator, process=process, summary=summary, next_steps=next_steps)
        results.publish(actor=coordinator, process=process)
        published += 1
        if title == ARCHIVED_PROCESS:
            transition(actor=coordinator, process=process, action="archive")
    return published


def _answer_all(process, manager, texts) -> None:
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.process_id == process.id, Proposal.status == "published")
        .order_by(Proposal.id)
    ).all()
    for number, proposal in enumerate(proposals):
        if proposal.response_status == "open":
            status, text = texts[number % len(texts)]
            answers.answer(actor=manager, proposal=proposal, status=status, text=text)
