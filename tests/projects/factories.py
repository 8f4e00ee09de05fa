"""Processes for tests, made through the services."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from participation.coordination.services import advance_to
from participation.core.clock import local_today
from participation.projects import services
from participation.projects.services import PhaseInput

_numbers = itertools.count(1)

# Phase plans relative to today: (kind, start offset, end offset) in days.
PLANS = {
    "information": [("information", -5, 5), ("dialogue", 6, 30), ("evaluation", 31, 60)],
    "dialogue": [("information", -30, -11), ("dialogue", -10, 20), ("evaluation", 21, 50)],
    "evaluation": [("dialogue", -60, -11), ("evaluation", -10, 20), ("results", 21, 40)],
    "upcoming": [("information", 10, 20), ("dialogue", 21, 40)],
    "results": [("dialogue", -120, -90), ("evaluation", -89, -30), ("results", -29, 30)],
}


def phases_for(plan: str, today: date) -> tuple[PhaseInput, ...]:
    return tuple(
        PhaseInput(kind, today + timedelta(days=a), today + timedelta(days=b))
        for kind, a, b in PLANS[plan]
    )


@pytest.fixture
def make_process(app, make_user):
    coordinator = make_user("coordinator")

    def make(
        title: str | None = None,
        *,
        district: str | None = "10",
        plan: str = "dialogue",
        field: str = "wohnen",
        publish: bool = True,
        summary: str = "Worum es geht.",
        **kwargs,
    ):
        # What publishing requires, unless the test says otherwise.
        kwargs.setdefault("scope_for_influence", "Die Gestaltung im Einzelnen.")
        kwargs.setdefault("use_of_results", "Die Verwaltung beantwortet jeden Vorschlag.")
        kwargs.setdefault("constraints", "Der Standort steht fest.")
        kwargs.setdefault("feedback_due", local_today() + timedelta(days=90))
        kwargs.setdefault("contact_person", "Frau Beispiel")
        kwargs.setdefault("contact_email", "beteiligung@example.org")
        process = services.create_process(
            actor=coordinator,
            title=title or f"Verfahren {next(_numbers)}",
            summary=summary,
            action_field_slug=field,
            district_code=district,
            phases=kwargs.pop("phases", None) or phases_for(plan, local_today()),
            **kwargs,
        )
        if publish:
            advance_to(actor=coordinator, process=process, status="published")
        return process

    return make
