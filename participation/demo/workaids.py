"""Demo work aids: a guide in two versions (a PDF, then Markdown), a staff-only template,
the checklists of the city's participation guidelines, and two of them in use on demo
processes, partly ticked."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from participation.extensions import db
from participation.projects.models import Process
from participation.workaids import checklists, library
from participation.workaids.library import VersionInput, WorkAidInput
from participation.workaids.models import CHECKLIST, GUIDE, TEMPLATE, WorkAid

# The guidelines' demands (participation/coordination/checklist.py), each as a checklist
# of concrete steps for the district managers preparing a process.
GUIDELINE_CHECKLISTS = (
    (
        "Checkliste: Frühzeitig informieren",
        "Die Einwohner*innen werden informiert, bevor entschieden ist – nicht erst danach.",
        ("information",),
        (
            "Das Vorhaben steht mindestens zwei Wochen vor dem Dialog auf der Vorhabenliste.",
            "Der Bezirksrat ist über Ziel, Zeitplan und Spielraum unterrichtet.",
            "Eine Information in einfacher Sprache ist geschrieben.",
            "Aushänge und Hinweise an Orten im Stadtteil sind geplant (Bibliothek, Treffs).",
        ),
    ),
    (
        "Checkliste: Gestaltungsspielraum klären",
        "Was entschieden werden kann und was feststeht, ist geklärt und beschrieben.",
        ("information", "dialogue"),
        (
            "Was feststeht (Standort, Budget, rechtliche Vorgaben), ist aufgeschrieben.",
            "Was die Einwohner*innen beeinflussen können, ist konkret benannt.",
            "Wer am Ende entscheidet (Bezirksrat, Rat, Verwaltung), steht auf der Seite.",
            "Der Fachbereich hat den Spielraum schriftlich bestätigt.",
        ),
    ),
    (
        "Checkliste: Ressourcen planen",
        "Personal, Zeit und Geld für das ganze Verfahren sind eingeplant.",
        ("information",),
        (
            "Eine Ansprechperson ist benannt und für Rückfragen erreichbar.",
            "Zeit für Moderation und für die Antworten auf Vorschläge ist eingeplant.",
            "Kosten für Veranstaltungen, Übersetzung und Barrierefreiheit sind gedeckt.",
        ),
    ),
    (
        "Checkliste: Rückmeldung an die Beteiligten",
        "Alle Beteiligten erfahren, was aus ihren Beiträgen geworden ist.",
        ("evaluation", "results"),
        (
            "Ein Datum für die Rückmeldung der Verwaltung ist festgelegt.",
            "Jeder Vorschlag bekommt eine begründete Antwort.",
            "Der Ergebnisbericht ist eingeplant und wird veröffentlicht.",
            "Die Beteiligten werden über die Umsetzung auf dem Laufenden gehalten.",
        ),
    ),
    (
        "Checkliste: Schwer erreichbare Gruppen",
        "Wer sich selten beteiligt, wird gezielt angesprochen.",
        ("information", "dialogue"),
        (
            "Partnerorganisationen im Stadtteil sind angefragt (Migrant*innenvereine, Treffs).",
            "Angebote ohne Internet gibt es (Sprechstunde, Papierbogen, Telefon).",
            "Veranstaltungsorte sind barrierefrei, Zeiten passen auch für Berufstätige.",
            "Übersetzungen in die häufigsten Sprachen im Stadtteil sind geplant.",
            "Kinder und Jugendliche werden in Schulen oder Jugendzentren beteiligt.",
        ),
    ),
)

GUIDE_TITLE = "Leitfaden: Gute Online-Beteiligung im Stadtbezirk"
GUIDE_TEXT = """## Worum es geht

Dieser Leitfaden fasst zusammen, wie ein Online-Dialog im Stadtbezirk gut gelingt.

## Vor dem Dialog

- Ziel und **Gestaltungsspielraum** klären
- Partnerorganisationen im Stadtteil früh ansprechen
- Zeitplan mit Rückmeldung an die Beteiligten festlegen

## Während des Dialogs

Moderieren Sie zeitnah, antworten Sie sichtbar und verweisen Sie auf die Netiquette.

## Danach

Jeder Vorschlag bekommt eine Antwort; der Ergebnisbericht wird veröffentlicht.
"""
TEMPLATE_TITLE = "Vorlage: Einladung zur Beteiligungswerkstatt"
TEMPLATE_TEXT = """Sehr geehrte Damen und Herren,

das Stadtbezirksmanagement lädt Sie herzlich zur **Beteiligungswerkstatt** ein.

- Ort: *bitte eintragen*
- Zeit: *bitte eintragen*
- Barrierefreiheit: *bitte eintragen*

Wir freuen uns auf Ihre Ideen.
"""
# (process title, checklist title, how many items are ticked, a note on the first)
IN_USE = (
    (
        "Spielstraße Fössestraße",
        "Checkliste: Frühzeitig informieren",
        2,
        "Aushang im Stadtteiltreff.",
    ),
    ("Neue Stadtteilbibliothek Limmer", "Checkliste: Schwer erreichbare Gruppen", 3, ""),
)


def _guide_pdf() -> bytes:
    """The guide's first version: a small real PDF, laid out by WeasyPrint."""
    from participation.results.exports import pdf_document

    return pdf_document("workaids/demo_guide_pdf.html", title=GUIDE_TITLE).write_pdf()


def _find(title: str) -> WorkAid | None:
    return db.session.scalar(select(WorkAid).where(WorkAid.title == title))


def seed_workaids(coordinator, district_manager) -> None:
    """Create what is missing; running it again adds nothing."""
    for title, summary, phases, items in GUIDELINE_CHECKLISTS:
        if _find(title) is None:
            library.create_work_aid(
                actor=coordinator,
                data=WorkAidInput(
                    title=title,
                    summary=summary,
                    kind=CHECKLIST,
                    audiences=("district_managers", "administration"),
                    phase_kinds=phases,
                    items=items,
                ),
                version=VersionInput(
                    note="Nach den Leitlinien für Bürgerbeteiligung.",
                    body_markdown=summary + "\n\n" + "\n".join(f"- {item}" for item in items),
                ),
            )
    if _find(GUIDE_TITLE) is None:
        guide = library.create_work_aid(
            actor=coordinator,
            data=WorkAidInput(
                title=GUIDE_TITLE,
                summary=(
                    "Wie ein Online-Dialog im Stadtbezirk gut gelingt: vorher, währenddessen, "
                    "danach."
                ),
                kind=GUIDE,
                audiences=("district_managers", "administration", "partners"),
                action_field_slugs=("wohnen",),
                phase_kinds=("information", "dialogue", "results"),
            ),
            version=VersionInput(note="Erste Fassung als PDF.", document=BytesIO(_guide_pdf())),
        )
        library.add_version(
            actor=coordinator,
            aid=guide,
            version=VersionInput(
                note="Überarbeitet: Abschnitt „Danach“ ergänzt.", body_markdown=GUIDE_TEXT
            ),
        )
    if _find(TEMPLATE_TITLE) is None:
        library.create_work_aid(
            actor=coordinator,
            data=WorkAidInput(
                title=TEMPLATE_TITLE,
                summary="Ein Einladungstext zum Anpassen – nur für die Verwaltung.",
                kind=TEMPLATE,
                audiences=("district_managers",),
                phase_kinds=("dialogue",),
                is_public=False,
            ),
            version=VersionInput(note="Erste Fassung.", body_markdown=TEMPLATE_TEXT),
        )
    for process_title, checklist_title, ticked, note in IN_USE:
        process = db.session.scalar(select(Process).where(Process.title == process_title))
        template = _find(checklist_title)
        if process is None or template is None:
            continue
        if any(c.work_aid_id == template.id for c in checklists.checklists_of(process)):
            continue
        attached = checklists.attach(
            actor=district_manager, process=process, work_aid_id=template.id
        )
        for position, item in enumerate(attached.items[:ticked]):
            checklists.tick(
                actor=district_manager,
                process=process,
                item=item,
                done=True,
                note=note if position == 0 else "",
            )
