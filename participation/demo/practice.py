"""Demo practice examples: one drafted from the process whose results are out, one written
by hand in Linden-Limmer, one from another municipality entered by hand, and one imported
from another portal's JSON export (the document next to this module)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from participation.demo.results import RESULTS_PROCESS
from participation.extensions import db
from participation.practice import exchange, services
from participation.practice.models import PracticeExample
from participation.practice.services import ExampleInput
from participation.projects.models import Process

IMPORT_FILE = Path(__file__).with_name("praxisbeispiele-lindenau.json")

WALK = ExampleInput(
    title="Stadtteilspaziergang mit Senior*innen in Linden-Süd",
    summary=(
        "Mit älteren Menschen aus Linden-Süd zu Fuß durch den Stadtteil: Wo fehlen Bänke, "
        "wo sind Wege zu steil, wo ist es abends zu dunkel? Zwei Rundgänge, eine Karte mit "
        "32 Stellen, die der Bezirksrat beraten hat."
    ),
    format="neighbourhood_walk",
    scope="district",
    district_code="10",
    action_field_slugs=("teilhabe", "wohnen"),
    target_groups=("seniors", "disabled_people"),
    texts={
        "description": (
            "Zwei Rundgänge an Vormittagen, je 90 Minuten, mit Pausen im Stadtteiltreff. "
            "Eingeladen haben der Seniorenbeirat und die Kirchengemeinde."
        ),
        "worked": (
            "- Treffpunkte, die die Menschen kennen.\n"
            "- Eine Mitarbeiterin hat jede Stelle sofort mit Foto notiert."
        ),
        "not_worked": (
            "Menschen, die nicht mehr gut zu Fuß sind, kamen kaum. Beim nächsten Mal gibt "
            "es eine Runde mit dem Rollstuhl-Taxi."
        ),
        "resources": "Zwei Mitarbeitende des Stadtbezirksmanagements an je drei Tagen.",
    },
    numbers={"staff_days": 6, "budget_euros": 300, "duration_weeks": 4, "participants": 27},
    contact="Stadtbezirksmanagement Linden-Limmer",
    contact_email="stadtbezirksmanagement.linden@example.org",
)
WORKSHOP = ExampleInput(
    title="Zukunftswerkstatt Marktplatz in Bergheide",
    summary=(
        "Eine Zukunftswerkstatt an zwei Samstagen: Kritik, Ideen, Umsetzung. Die Stadt "
        "Bergheide hat damit die Neugestaltung ihres Marktplatzes vorbereitet."
    ),
    format="planning_workshop",
    scope="elsewhere",
    place="Stadt Bergheide (Beispielkommune)",
    action_field_slugs=("wirtschaft",),
    target_groups=("everyone", "businesses"),
    texts={
        "worked": "Die Händler*innen des Wochenmarkts saßen von Anfang an mit am Tisch.",
        "not_worked": "Samstags fehlten Familien mit kleinen Kindern: Es gab keine Betreuung.",
    },
    numbers={"duration_weeks": 10, "participants": 64},
    contact="Amt für Stadtentwicklung Bergheide",
    source="external",
    source_name="Stadt Bergheide (Beispielkommune)",
    source_url="https://www.bergheide.example/zukunftswerkstatt",
)
FROM_PROCESS_TEXTS = {
    "worked": (
        "Vereine und Träger haben früh mitgemacht und ihre Mitglieder eingeladen. Jeder "
        "Vorschlag hat eine Antwort bekommen, mit dem, was umgesetzt ist."
    ),
    "not_worked": "Online kamen kaum Jugendliche; für sie braucht es eigene Wege.",
}


def _exists(title: str) -> bool:
    return (
        db.session.scalar(select(PracticeExample.id).where(PracticeExample.title == title))
        is not None
    )


def _publish(coordinator, example) -> None:
    if not example.is_published:
        services.publish(actor=coordinator, example=example)


def seed_practice(coordinator) -> None:
    """Create the four examples once; running it again adds nothing."""
    process = db.session.scalar(select(Process).where(Process.title == RESULTS_PROCESS))
    if (
        process is not None
        and services.draftable(process)
        and not services.example_of_process(process)
    ):
        example = services.draft_from_process(actor=coordinator, process=process)
        data = ExampleInput(
            **{
                **{k: getattr(example, k) for k in ("title", "summary", "format", "contact")},
                "scope": example.scope,
                "district_code": example.district.code if example.district else None,
                "action_field_slugs": tuple(f.slug for f in example.action_fields),
                "target_groups": ("everyone", "associations", "disabled_people"),
                "texts": {
                    "description": example.description_markdown,
                    "results": example.results_markdown,
                    **FROM_PROCESS_TEXTS,
                },
                "numbers": {
                    name: getattr(example, name)
                    for name in ("participants", "proposals", "comments", "answers")
                }
                | {"staff_days": 18, "duration_weeks": 12},
                "process_id": process.id,
            }
        )
        services.update(actor=coordinator, example=example, data=data)
        _publish(coordinator, example)
    for data in (WALK, WORKSHOP):
        if not _exists(data.title):
            _publish(coordinator, services.create(actor=coordinator, data=data))
    imported = db.session.scalar(
        select(PracticeExample).where(PracticeExample.origin_url.like("%lindenau.example"))
    )
    if imported is None:
        exchange.import_document(actor=coordinator, raw=IMPORT_FILE.read_bytes())
        imported = db.session.scalar(
            select(PracticeExample).where(PracticeExample.origin_url.like("%lindenau.example"))
        )
        # The office has read the import through and published it.
        _publish(coordinator, imported)
