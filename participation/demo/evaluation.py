"""Demo data of the test phase: feedback on the portal over the last weeks and page views
per section and day, so the evaluation page has something to show after `make run`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.core.clock import local_today, utcnow
from participation.evaluation.models import PageViewCount, PortalFeedback
from participation.extensions import db

# (days ago, page, what the visitor wanted, outcome, grade, comment)
FEEDBACK = (
    (2, "/verfahren", "Ein Verfahren in Linden finden", "ja", 5, "Die Filter sind praktisch."),
    (
        4,
        "/verfahren",
        "Sehen, was in meinem Stadtteil geplant ist",
        "teilweise",
        3,
        "Eine Karte wäre schön.",
    ),
    (6, "/", "", "ja", 4, ""),
    (
        9,
        "/registrieren",
        "Ein Konto anlegen",
        "nein",
        2,
        "Die Bestätigungsmail kam erst nach einer Stunde.",
    ),
    (11, "/vorhabenliste", "Wissen, was als Nächstes kommt", "ja", 5, ""),
    (
        15,
        "/netzwerk",
        "Partnerorganisationen in der Nähe finden",
        "teilweise",
        3,
        "Die Liste ist lang, eine Suche nach Stichwort fehlt.",
    ),
    (18, "/verfahren", "", "ja", 4, ""),
    (
        23,
        "/barrierefreiheit",
        "Die Seite mit dem Screenreader lesen",
        "teilweise",
        3,
        "Die Tabellen sind gut, die Zeitleiste schwer zu verstehen.",
    ),
    (27, "/", "Mich informieren", "ja", None, "Übersichtlich und schnell."),
    (33, "/antworten", "Nachsehen, ob mein Vorschlag beantwortet ist", "ja", 5, ""),
    (38, "/leichte-sprache", "Die Seite in Leichter Sprache lesen", "ja", 4, "Gut verständlich."),
)
# Views per day for a few sections over the last five weeks (a weekly rhythm).
SECTIONS = {"start": 140, "verfahren": 95, "vorhabenliste": 22, "netzwerk": 18, "antworten": 9}


def seed_evaluation() -> None:
    if db.session.scalar(select(PortalFeedback.id).limit(1)) is None:
        now = utcnow()
        for days, page, task, outcome, rating, comment in FEEDBACK:
            db.session.add(
                PortalFeedback(
                    page_path=page,
                    task=task,
                    outcome=outcome,
                    rating=rating,
                    comment=comment,
                    created_at=now - timedelta(days=days, hours=days % 7),
                )
            )
    if db.session.scalar(select(PageViewCount.day).limit(1)) is None:
        today = local_today()
        for days in range(1, 36):
            day = today - timedelta(days=days)
            weekend = day.weekday() >= 5
            for section, views in SECTIONS.items():
                count = views // 2 if weekend else views + (days * 7) % 13
                db.session.add(PageViewCount(day=day, section=section, views=count))
    db.session.commit()
