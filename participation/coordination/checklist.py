"""The review checklist of the city's participation guidelines.

The items are a setting (`REVIEW_CHECKLIST`, a list of [key, text] pairs) with these
defaults; the reviewer ticks every item before approving, and the approval records the
texts as they were ticked, so a later change of the list leaves old records intact.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

DEFAULT_ITEMS = (
    ("early_information", _l("Die Einwohner*innen werden früh informiert.")),
    (
        "influence_and_limits",
        _l("Gestaltungsspielraum und Grenzen sind klar beschrieben."),
    ),
    ("resources", _l("Personal, Zeit und Geld für das Verfahren sind eingeplant.")),
    ("feedback", _l("Die Rückmeldung an die Beteiligten ist geplant.")),
    (
        "hard_to_reach",
        _l("Schwer erreichbare Gruppen sind bedacht (Sprache, Barrieren, Orte, Zeiten)."),
    ),
)


def items() -> list[tuple[str, str]]:
    """The current checklist as (key, text) pairs."""
    configured = current_app.config.get("REVIEW_CHECKLIST")
    if configured:
        return [(str(key), str(text)) for key, text in configured]
    return [(key, str(text)) for key, text in DEFAULT_ITEMS]
