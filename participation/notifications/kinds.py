"""The kinds of event a person can be told of, with their labels and default channels."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from participation.accounts.models import COUNCIL_ROLE
from participation.notifications.models import DIGEST, INSTANT, PORTAL


@dataclass(frozen=True)
class Kind:
    """A kind of event people can be told of: its label, default channel and audience."""

    label: object
    default: str
    # Staff-only kinds are offered only to staff; residents-only ones never reach staff.
    staff_only: bool = False
    channels: tuple[str, ...] = (PORTAL, INSTANT, DIGEST)
    residents_only: bool = False
    # Labels of the channels where the common ones would not fit.
    labels: dict | None = None


# The weekly digest is the default: a resident hears of most things once a week. What
# loses its use by waiting a week (a place on an event, a dialogue about to end) comes at
# once unless the person says otherwise.
KINDS: dict[str, Kind] = {
    "process_listed": Kind(_l("Ein Vorhaben kommt auf die Vorhabenliste"), DIGEST),
    # Following a planned process promises a word when it starts: that comes at once.
    "process_published": Kind(_l("Ein Verfahren, dem ich folge, ist online"), INSTANT),
    "dialogue_opened": Kind(_l("Ein Dialog beginnt"), DIGEST),
    "dialogue_closing": Kind(_l("Ein Dialog endet in wenigen Tagen"), INSTANT),
    "dialogue_closed": Kind(_l("Ein Dialog ist beendet"), DIGEST),
    "official_answer": Kind(_l("Die Verwaltung antwortet auf einen Vorschlag"), DIGEST),
    "comment_reply": Kind(_l("Jemand antwortet auf meinen Kommentar"), DIGEST),
    "proposal_comment": Kind(_l("Neuer Kommentar zu einem Vorschlag, dem ich folge"), DIGEST),
    "official_comment": Kind(_l("Ein offizieller Kommentar der Verwaltung"), DIGEST),
    # The administration knows its own reports; as before, only residents are told.
    "results_published": Kind(
        _l("Ein Ergebnisbericht ist veröffentlicht"), DIGEST, residents_only=True
    ),
    "contribution_published": Kind(_l("Neues von Partnerorganisationen"), DIGEST),
    "group_news": Kind(_l("Neues aus einer Arbeitsgruppe"), DIGEST),
    "volunteer_opportunity": Kind(
        _l("Neues Engagement passend zu meiner gespeicherten Suche"), DIGEST, residents_only=True
    ),
    "event_changed": Kind(_l("Änderungen an Veranstaltungen, für die ich angemeldet bin"), INSTANT),
    "staff_summary": Kind(
        _l("Tägliche Arbeitsübersicht (Verwaltung)"),
        INSTANT,
        staff_only=True,
        channels=(INSTANT, PORTAL),
        labels={INSTANT: _l("jeden Morgen per E-Mail"), PORTAL: _l("keine Übersicht")},
    ),
}

CHANNEL_LABELS = {
    PORTAL: _l("nur im Portal"),
    INSTANT: _l("sofort per E-Mail"),
    DIGEST: _l("in der Zusammenfassung"),
}


def channel_label(kind: Kind, channel: str):
    """The label of a channel for this kind (the staff summary's are its own)."""
    return (kind.labels or {}).get(channel, CHANNEL_LABELS[channel])


def kinds_for(user) -> dict[str, Kind]:
    """The kinds this person can choose for (staff kinds only for staff, and for council
    members, who get the daily summary of their district)."""
    insider = user.is_staff or user.has_role(COUNCIL_ROLE)
    return {name: kind for name, kind in KINDS.items() if insider or not kind.staff_only}
