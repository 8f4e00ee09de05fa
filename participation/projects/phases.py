"""The phase registry: which actions each kind of phase opens. Data, not if-chains.

A process may open more than its phases do (e.g. comments during information) through
its own overrides; it can never open an action the registry does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

ACTIONS = ("propose", "comment", "support", "rate")


@dataclass(frozen=True)
class PhaseKind:
    code: str
    label: object
    description: object
    opens: frozenset[str]


REGISTRY: Mapping[str, PhaseKind] = {
    kind.code: kind
    for kind in (
        PhaseKind(
            "information",
            _l("Information"),
            _l("Die Stadt informiert über das Vorhaben und den Ablauf."),
            frozenset(),
        ),
        PhaseKind(
            "dialogue",
            _l("Dialog"),
            _l("Vorschläge machen, kommentieren und unterstützen."),
            frozenset({"propose", "comment", "support", "rate"}),
        ),
        PhaseKind(
            "evaluation",
            _l("Auswertung"),
            _l("Die Verwaltung prüft die Vorschläge und beantwortet sie."),
            frozenset(),
        ),
        PhaseKind(
            "results",
            _l("Ergebnisse"),
            _l("Die Ergebnisse und Antworten werden veröffentlicht."),
            frozenset(),
        ),
        PhaseKind(
            "implementation",
            _l("Umsetzung"),
            _l("Das Vorhaben wird umgesetzt; die Stadt berichtet über den Stand."),
            frozenset(),
        ),
    )
}
PHASE_ORDER = tuple(REGISTRY)


class PhaseLike:
    """What the registry needs of a phase (the model, or a plain object in tests)."""

    kind: str
    starts_on: date
    ends_on: date


def current_phase(phases: Iterable[PhaseLike], today: date) -> PhaseLike | None:
    """The phase whose dates contain `today` (the later one where two touch)."""
    running = [p for p in phases if p.starts_on <= today <= p.ends_on]
    return max(running, key=lambda p: (p.starts_on, PHASE_ORDER.index(p.kind)), default=None)


def opens(
    phase: PhaseLike | None, action: str, overrides: Mapping[str, Iterable[str]] | None = None
) -> bool:
    """Whether `action` is open in `phase`, with the process's own overrides."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if phase is None:
        return False
    extra = set((overrides or {}).get(phase.kind, ()))
    return action in REGISTRY[phase.kind].opens or action in extra
