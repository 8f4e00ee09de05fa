"""Demo processes: several districts and city-wide, one in every phase, and a draft."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from participation.coordination.services import advance_to
from participation.core.clock import local_today
from participation.extensions import db
from participation.projects import services
from participation.projects.models import Process
from participation.projects.services import PhaseInput

# (kind, start, end) in days relative to the day the demo is loaded.
PLANS = {
    "information": (("information", -5, 10), ("dialogue", 11, 40), ("evaluation", 41, 90)),
    "dialogue": (("information", -30, -15), ("dialogue", -14, 21), ("evaluation", 22, 80)),
    "evaluation": (("dialogue", -70, -15), ("evaluation", -14, 30), ("results", 31, 60)),
    "upcoming": (("information", 20, 40), ("dialogue", 41, 80)),
    "results": (
        ("dialogue", -150, -100),
        ("evaluation", -99, -40),
        ("results", -39, 60),
        ("implementation", 61, 400),
    ),
}

COMMON = {
    "decided_by": "Der Stadtbezirksrat entscheidet auf Grundlage der Vorlage der Verwaltung. "
    "Die Ergebnisse der Beteiligung gehen als Anlage in die Drucksache ein.",
    "use_of_results": "Die Verwaltung wertet alle Vorschläge aus, beantwortet jeden einzelnen "
    "öffentlich und legt dem Bezirksrat einen Ergebnisbericht vor.",
    "contact_office": "Stadtbezirksmanagement",
    "contact_email": "beteiligung@example.org",
}

DEMO_PROCESSES = (
    dict(
        title="Neue Spielplätze in Linden-Süd",
        district="10",
        field="wohnen",
        plan="dialogue",
        summary="Drei Spielplätze in Linden-Süd werden erneuert. Was wünschen sich Kinder, "
        "Eltern und Nachbar*innen?",
        easy_summary="Die Stadt macht 3 Spiel-Plätze neu.\nSie können sagen: "
        "Das wünsche ich mir auf dem Spiel-Platz.",
        scope="Ausstattung der Spielplätze, Sitzplätze und Schatten, Angebote für "
        "verschiedene Altersgruppen.",
        constraints="Die drei Standorte und das Budget von 450.000 Euro stehen fest.",
        categories=("Spielgeräte", "Sitzen und Schatten", "Barrierefreiheit"),
        documents=("1432/2026",),
        person="Frau Demir",
    ),
    dict(
        title="Umgestaltung des Platzes am Steintor",
        district="01",
        field="wohnen",
        plan="information",
        summary="Der Platz am Steintor soll grüner und sicherer werden. Zuerst informieren wir "
        "über die Varianten, dann sammeln wir Ihre Vorschläge.",
        scope="Aufenthaltsqualität, Begrünung, Beleuchtung, Nutzung durch Veranstaltungen.",
        constraints="Die Stadtbahnhaltestelle und die Feuerwehrzufahrt bleiben, wo sie sind.",
        categories=("Grün", "Sicherheit", "Nutzung"),
        documents=("0987/2026",),
        person="Herr Albers",
    ),
    dict(
        title="Radverkehr im Stadtbezirk Nord",
        district="13",
        field="wohnen",
        plan="evaluation",
        summary="Wo fehlen Radwege, wo ist es gefährlich? Die Vorschläge aus dem Dialog werden "
        "jetzt geprüft.",
        scope="Reihenfolge der Maßnahmen, Lage neuer Abstellanlagen.",
        constraints="Hauptverkehrsstraßen des Landes sind nicht Teil dieses Verfahrens.",
        categories=("Radwege", "Abstellen", "Kreuzungen"),
        documents=("2210/2025",),
        person="Frau Kowalski",
    ),
    dict(
        title="Stadtteilkultur in Vahrenwald-List",
        district="02",
        field="bildung",
        plan="upcoming",
        summary="Welche Kulturangebote fehlen im Stadtteil? Das Verfahren beginnt in wenigen "
        "Wochen.",
        scope="Themen und Orte neuer Angebote im Stadtteilzentrum.",
        constraints="Das Stadtteilzentrum bleibt am heutigen Standort.",
        categories=("Musik", "Theater", "Begegnung"),
        documents=(),
        person="Herr Yilmaz",
    ),
    dict(
        title="Haushalt 2027: Wofür soll die Stadt Geld ausgeben?",
        district=None,
        field="finanzen",
        plan="dialogue",
        summary="Die Stadt plant ihren Haushalt für 2027. Sagen Sie, wo Sie Schwerpunkte setzen "
        "würden.",
        scope="Schwerpunkte bei freiwilligen Leistungen, etwa Kultur, Sport und Grünflächen.",
        constraints="Pflichtaufgaben und bereits beschlossene Investitionen sind festgelegt.",
        categories=("Kultur", "Sport", "Grün", "Soziales"),
        documents=("1800/2026",),
        person="Koordinierungsstelle",
        office="Koordinierungsstelle Einwohner*innenbeteiligung",
    ),
    dict(
        title="Inklusiver Stadtteiltreff am Mühlenberg",
        district="09",
        field="teilhabe",
        plan="results",
        summary="Gemeinsam mit Einwohner*innen und Vereinen wurde ein barrierefreier Treffpunkt "
        "geplant. Die Ergebnisse liegen vor.",
        scope="Raumprogramm und Öffnungszeiten.",
        constraints="Gebäude und Träger standen fest.",
        categories=("Räume", "Angebote"),
        documents=("0456/2026",),
        person="Frau Nowak",
        status="results_published",
    ),
    dict(
        title="Sitzplätze im Stadtpark Bothfeld",
        district="07",
        field="wohnen",
        plan="results",
        summary="Wo im Stadtpark fehlen Bänke? Der Dialog ist lange abgeschlossen, die "
        "Bänke stehen, der Bericht liegt im Archiv.",
        scope="Standorte und Art der Bänke.",
        constraints="Der Denkmalschutz des Parks bleibt unberührt.",
        categories=("Standorte",),
        documents=("0789/2025",),
        person="Herr Brandt",
        status="archived",
    ),
    dict(
        title="Stadtverwaltung 2030: Ihre Ideen für digitale Dienste",
        district=None,
        field="verwaltung",
        plan="information",
        summary="Welche Behördengänge sollen online möglich sein? Wir informieren über den "
        "Stand und laden dann zum Dialog ein.",
        scope="Reihenfolge der Online-Dienste.",
        constraints="Gesetzlich vorgeschriebene persönliche Termine bleiben.",
        categories=("Online-Dienste", "Service"),
        documents=(),
        person="Herr Brandt",
        office="Koordinierungsstelle Einwohner*innenbeteiligung",
    ),
    dict(
        title="Grünzug am Misburger Hafen",
        district="05",
        field="wirtschaft",
        plan="evaluation",
        # The dialogue is over and the office has closed the process; the answers are due.
        status="closed",
        summary="Ein neuer Grünzug soll den Hafen mit dem Stadtteil verbinden. Die Vorschläge "
        "werden ausgewertet.",
        scope="Wegeführung und Aufenthaltsorte.",
        constraints="Die Hafenflächen bleiben gewerblich.",
        categories=("Wege", "Natur"),
        documents=("1999/2026",),
        person="Frau Peters",
    ),
)


def seed_processes(actor, today: date | None = None) -> int:
    """Create the demo processes that do not exist yet; returns how many were added."""
    today = today or local_today()
    added = 0
    for spec in DEMO_PROCESSES:
        if db.session.scalar(select(Process.id).where(Process.title == spec["title"])):
            continue
        process = services.create_process(
            actor=actor,
            title=spec["title"],
            summary=spec["summary"],
            action_field_slug=spec["field"],
            district_code=spec["district"],
            easy_summary=spec.get("easy_summary", ""),
            scope_for_influence=spec["scope"],
            constraints=spec["constraints"],
            feedback_due=today + timedelta(days=120),
            contact_person=spec["person"],
            contact_office=spec.get("office", COMMON["contact_office"]),
            contact_email=COMMON["contact_email"],
            decided_by=COMMON["decided_by"],
            use_of_results=COMMON["use_of_results"],
            council_documents=spec["documents"],
            categories=spec["categories"],
            description_markdown=f"{spec['summary']}\n\nDie Beteiligung ist offen für alle "
            "Einwohner*innen. **Jeder Vorschlag wird beantwortet.**",
            phases=tuple(
                PhaseInput(kind, today + timedelta(days=a), today + timedelta(days=b))
                for kind, a, b in PLANS[spec["plan"]]
            ),
        )
        # A finished process waits closed for its contributions; demo.results then answers
        # them and publishes its report.
        status = spec.get("status", "published")
        advance_to(
            actor=actor,
            process=process,
            status="closed" if status in ("results_published", "archived") else status,
        )
        added += 1
    if not db.session.scalar(select(Process.id).where(Process.status == "draft")):
        services.create_process(
            actor=actor,
            title="Entwurf: Ruhezonen am Lindener Marktplatz",
            district_code="10",
            action_field_slug="wohnen",
            summary="Noch nicht öffentlich.",
        )
    return added


# Processes on their way to publication, one per state before it, drafted by district 10.
LIFECYCLE_DEMO = (
    ("Spielstraße Fössestraße", "in_review", 30, None),
    (
        "Sitzbänke am Lindener Berg",
        "returned",
        45,
        "Bitte beschreiben Sie, welche Standorte feststehen und welche offen sind.",
    ),
    ("Neue Stadtteilbibliothek Limmer", "approved", 50, None),
)


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def seed_lifecycle(coordinator, drafter, today: date | None = None) -> int:
    """Processes waiting for review, returned with a reason, and approved but not open yet
    (on the Vorhabenliste), each with the timeline a real one would have."""
    from participation.coordination.services import transition

    today = today or local_today()
    added = 0
    for title, status, start, reason in LIFECYCLE_DEMO:
        if db.session.scalar(select(Process.id).where(Process.title == title)):
            continue
        process = services.create_process(
            actor=drafter,
            title=title,
            summary="Die Bezirksverwaltung plant ein Beteiligungsverfahren.",
            action_field_slug="wohnen",
            district_code="10",
            scope_for_influence="Gestaltung und Ausstattung im Einzelnen.",
            constraints="Standort und Budget stehen fest.",
            use_of_results=COMMON["use_of_results"],
            feedback_due=today + timedelta(days=start + 90),
            contact_person="Herr Yılmaz",
            contact_office="Stadtbezirksmanagement Linden-Limmer",
            contact_email=COMMON["contact_email"],
            phases=(
                PhaseInput(
                    "information",
                    today + timedelta(days=start - 14),
                    today + timedelta(days=start - 1),
                ),
                PhaseInput(
                    "dialogue", today + timedelta(days=start), today + timedelta(days=start + 28)
                ),
            ),
        )
        transition(actor=drafter, process=process, action="submit", comment="Bitte prüfen.")
        if status == "returned":
            transition(actor=coordinator, process=process, action="return", comment=reason)
        elif status == "approved":
            advance_to(actor=coordinator, process=process, status="approved")
        added += 1
    return added
