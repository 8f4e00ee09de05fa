"""Trainings for tests: `training(office, ...)` for any code with an app context, and the
`make_training` fixture."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core.clock import CITY_TIMEZONE, utcnow


def dates_text(*starts, hours: int = 3) -> str:
    """Dates as the form takes them (local time), one per line."""
    lines = []
    for start in starts:
        local = start.astimezone(CITY_TIMEZONE)
        end = local + timedelta(hours=hours)
        lines.append(f"{local:%Y-%m-%d %H:%M}-{end:%H:%M}")
    return "\n".join(lines)


def in_days(days: float):
    """A whole minute `days` from now, before 20:00 local so a 3-hour date ends that day."""
    moment = (utcnow() + timedelta(days=days)).astimezone(CITY_TIMEZONE)
    return moment.replace(hour=9, minute=0, second=0, microsecond=0)


def training_input(**overrides):
    from participation.qualification.services import TrainingInput

    values = {
        "kind": "training",
        "title": "Grundlagen der Bürgerbeteiligung",
        "description": "Was gute Beteiligung ausmacht: Leitlinien, Formate, Rückmeldung.",
        "audiences": ["district_managers", "administration"],
        "format": "in_person",
        "place": "Neues Rathaus, Raum 101",
        "accessibility": "Stufenlos erreichbar.",
        "dates": dates_text(in_days(10)),
        "capacity": 20,
        "speaker": "Koordinierungsstelle",
        "materials": "[Leitlinien](https://example.org/leitlinien.pdf)",
        "topic": "grundlagen",
        "open_registration": False,
    }
    values.update(overrides)
    return TrainingInput(**values)


def training(office, *, publish: bool = True, **overrides):
    from participation.qualification import services

    made = services.create(actor=office, data=training_input(**overrides))
    if publish:
        services.publish(actor=office, training=made)
    return made


@pytest.fixture
def office(make_user):
    return make_user("coordinator")


@pytest.fixture
def make_training(office):
    def make(**overrides):
        return training(office, **overrides)

    return make
