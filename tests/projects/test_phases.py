"""The phase registry decides what is open; a process can only add actions it knows."""

from dataclasses import dataclass
from datetime import date

import pytest

from participation.projects.phases import ACTIONS, REGISTRY, current_phase, opens


@dataclass
class P:
    kind: str
    starts_on: date
    ends_on: date


PHASES = [
    P("information", date(2026, 1, 1), date(2026, 1, 31)),
    P("dialogue", date(2026, 2, 1), date(2026, 2, 28)),
    P("evaluation", date(2026, 2, 28), date(2026, 3, 31)),
]


@pytest.mark.parametrize(
    "day, kind",
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 15), "information"),
        (date(2026, 2, 1), "dialogue"),
        (date(2026, 2, 28), "evaluation"),
        (date(2026, 4, 1), None),
    ],
)
def test_current_phase_follows_the_dates(day, kind):
    phase = current_phase(PHASES, day)
    assert (phase.kind if phase else None) == kind


@pytest.mark.parametrize("kind", list(REGISTRY))
@pytest.mark.parametrize("action", ACTIONS)
def test_only_the_dialogue_opens_actions(kind, action):
    assert opens(P(kind, date.min, date.max), action) == (kind == "dialogue")


def test_overrides_add_actions_to_a_phase():
    information = P("information", date.min, date.max)
    assert opens(information, "comment", {"information": ["comment"]})
    assert not opens(information, "propose", {"information": ["comment"]})


def test_nothing_is_open_without_a_phase_and_unknown_actions_fail():
    assert not opens(None, "comment")
    with pytest.raises(ValueError):
        opens(PHASES[1], "delete_everything")
