"""The process lifecycle as a plain transition table (DESIGN.md, workflow 1).

draft → in review → approved → published → closed → results published → archived, and
in review → returned (with a reason) → draft. Nothing here touches the database: `decide`
answers from the status, the actor's role towards the process and the facts the service
gathered, so the whole table is testable state by state, action by action, role by role.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Roles towards one process: the district manager of its district drafts it; the
# coordination office (coordinators and admins) reviews and runs it.
DRAFTER = "drafter"
OFFICE = "office"
ROLES = (DRAFTER, OFFICE)

# What a process must tell residents before it goes further: guard name -> what is missing.
CONTENT_GUARDS = {
    "scope_for_influence": _l("Was die Einwohner*innen beeinflussen können, fehlt."),
    "constraints": _l("Die Grenzen des Gestaltungsspielraums fehlen."),
    "use_of_results": _l("Was mit den Ergebnissen passiert, fehlt."),
    "feedback_due": _l("Das Datum, bis zu dem die Verwaltung antwortet, fehlt."),
    "dialogue_phase": _l("Eine Dialogphase mit Beginn und Ende fehlt."),
    "contact": _l("Eine Ansprechperson oder Stelle mit E-Mail-Adresse fehlt."),
}
GUARDS = {
    **CONTENT_GUARDS,
    "checklist": _l("Nicht alle Punkte der Prüfliste sind abgehakt."),
    "results_report": _l("Der Ergebnisbericht ist noch nicht fertig."),
}


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: object
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    # The reason is part of the record and is shown to whoever drafted the process.
    needs_comment: bool = False


_CONTENT = tuple(CONTENT_GUARDS)
_BOTH = frozenset(ROLES)
_OFFICE = frozenset({OFFICE})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "draft", "in_review", _l("Zur Prüfung einreichen"), _BOTH, _CONTENT),
        Transition(
            "return", "in_review", "returned", _l("Zurückgeben"), _OFFICE, needs_comment=True
        ),
        Transition("revise", "returned", "draft", _l("Überarbeitung beginnen"), _BOTH),
        Transition(
            "approve", "in_review", "approved", _l("Freigeben"), _OFFICE, (*_CONTENT, "checklist")
        ),
        Transition("publish", "approved", "published", _l("Veröffentlichen"), _OFFICE, _CONTENT),
        Transition("close", "published", "closed", _l("Abschließen"), _OFFICE),
        Transition(
            "publish_results",
            "closed",
            "results_published",
            _l("Ergebnisse veröffentlichen"),
            _OFFICE,
            ("results_report",),
        ),
        Transition("archive", "results_published", "archived", _l("Archivieren"), _OFFICE),
    )
}

STATUS_LABELS = {
    "draft": _l("Entwurf"),
    "in_review": _l("In Prüfung"),
    "returned": _l("Zurückgegeben"),
    "approved": _l("Freigegeben"),
    "published": _l("Veröffentlicht"),
    "closed": _l("Abgeschlossen"),
    "results_published": _l("Ergebnisse veröffentlicht"),
    "archived": _l("Archiviert"),
}

# The states in their order along the path, for timelines and the staff filter.
PATH = tuple(STATUS_LABELS)


@dataclass(frozen=True)
class Decision:
    """Whether an action may run, and if not, every reason why (in the table's order).

    refusal: "role" (not this role's step), "state" (not from this status) or "guard"
    (something is missing, named in `missing`: the process can be fixed)."""

    allowed: bool
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    refusal: str | None = None


def decide(action: str, status: str, role: str | None, facts: dict[str, bool]) -> Decision:
    """May someone in `role` (DRAFTER, OFFICE or None) do `action` on a process in
    `status`, given `facts` (guard name -> fulfilled)? A missing fact counts as unfulfilled."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return Decision(False, (str(_l("Diese Aktion gibt es nicht.")),), refusal="state")
    if role not in transition.roles:
        if role == DRAFTER:
            reason = _l("Das ist Aufgabe der Koordinierungsstelle.")
        else:
            reason = _l("Sie sind für dieses Verfahren nicht zuständig.")
        return Decision(False, (str(reason),), refusal="role")
    if status != transition.source:
        return Decision(
            False,
            (
                str(
                    _l(
                        "Im Status „%(status)s“ ist das nicht möglich.",
                        status=STATUS_LABELS.get(status, status),
                    )
                ),
            ),
            refusal="state",
        )
    missing = tuple(guard for guard in transition.guards if not facts.get(guard, False))
    if missing:
        return Decision(False, tuple(str(GUARDS[guard]) for guard in missing), missing, "guard")
    return Decision(True)


def available(status: str, role: str | None) -> list[Transition]:
    """The transitions that leave `status` and that `role` may take (guards aside)."""
    return [t for t in TRANSITIONS.values() if t.source == status and role in t.roles]
