"""Where a process stands (its phase and badge) and who may take part in it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from participation.core.clock import local_today, utcnow
from participation.core.errors import Conflict, Forbidden
from participation.projects import phases as registry
from participation.projects.models import Phase, Process


def current_phase(process: Process, today: date) -> Phase | None:
    return registry.current_phase(process.phases, today)


@dataclass(frozen=True)
class PhaseState:
    """Where a process stands on a day, as its badge says and the list filters select it.

    code: a phase kind while one runs, "upcoming" before the first phase, "none" between
    or after the phases, "planned" while approved but not published, or the status once a
    process is closed, has results or is archived.
    """

    code: str
    label: str
    phase: Phase | None = None


def phase_state(process: Process, today: date) -> PhaseState:
    """The one answer to "what stage is this process in?" (templates: phase_state())."""
    if process.status == "results_published":
        return PhaseState("results_published", _("Ergebnisse veröffentlicht"))
    if process.status in ("closed", "archived"):
        return PhaseState(process.status, _("Abgeschlossen"))
    if process.status == "approved":
        # Approved by the coordination office, not public yet: on the Vorhabenliste.
        return PhaseState("planned", _("Geplant"))
    phase = current_phase(process, today)
    if phase is not None:
        return PhaseState(phase.kind, str(registry.REGISTRY[phase.kind].label), phase)
    if process.phases and min(p.starts_on for p in process.phases) > today:
        return PhaseState("upcoming", _("Demnächst"))
    return PhaseState("none", _("Ohne laufende Phase"))


# The list filters select by phase_state in SQL: filter -> the codes it lists
# (tests/projects check that the two agree).
FILTER_STATES = {
    "offen": ("dialogue",),
    "bald": ("upcoming",),
    "auswertung": ("evaluation",),
    "ergebnisse": ("results_published", "archived"),
}


def is_open(process: Process, action: str, today: date) -> bool:
    """Whether residents may do `action` in this process today."""
    if process.status != "published":
        return False
    return registry.opens(current_phase(process, today), action, process.phase_overrides)


def participation_refusal(actor, process: Process, action: str, *, today: date, now):
    """Why `actor` may not do `action` (propose, comment, support, rate) in this process now,
    as the DomainError to raise or show; None when nothing stands in the way. The process's
    state comes first, so visitors learn when taking part is possible before signing in."""
    if process.status != "published":
        return Conflict(_("Dieses Verfahren ist abgeschlossen. Beiträge sind nicht mehr möglich."))
    if not is_open(process, action, today):
        return _phase_refusal(process, today)
    if actor is None or not actor.is_authenticated:
        return Forbidden(_("Bitte melden Sie sich an, um mitzumachen."))
    if not actor.is_verified:
        return Forbidden(
            _(
                "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Den Link dazu finden Sie in "
                "der E-Mail, die wir Ihnen geschickt haben."
            )
        )
    if actor.is_blocked(now):
        if actor.blocked_until.year >= 9999:
            return Forbidden(_("Ihr Konto ist für Beiträge gesperrt. Lesen können Sie weiter."))
        return Forbidden(
            _(
                "Ihr Konto ist bis %(until)s für Beiträge gesperrt. Lesen können Sie weiter.",
                until=format_datetime(actor.blocked_until, "short"),
            )
        )
    return None


def _phase_refusal(process: Process, today: date) -> Conflict:
    dialogue = next((p for p in process.phases if p.kind == "dialogue"), None)
    if dialogue is not None and dialogue.starts_on > today:
        return Conflict(
            _(
                "Das ist ab dem %(start)s möglich, wenn die Dialogphase beginnt.",
                start=format_date(dialogue.starts_on),
            )
        )
    if dialogue is not None and dialogue.ends_on < today:
        return Conflict(
            _(
                "Die Dialogphase ist am %(end)s zu Ende gegangen. Beiträge sind nicht mehr "
                "möglich; lesen können Sie weiter.",
                end=format_date(dialogue.ends_on),
            )
        )
    return Conflict(_("In der aktuellen Phase dieses Verfahrens ist das nicht möglich."))


def require_participation(actor, process: Process, action: str) -> None:
    """Raise the refusal of participation_refusal, if any."""
    refusal = participation_refusal(actor, process, action, today=local_today(), now=utcnow())
    if refusal is not None:
        raise refusal
