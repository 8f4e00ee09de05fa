"""A training as an iCalendar file: one calendar event per date (feeds.formats writes it)."""

from __future__ import annotations

from flask_babel import gettext as _

from participation.feeds.formats import Calendar, Happening, plain_text
from participation.feeds.services import host, url
from participation.qualification.models import Training


def of_training(training: Training) -> Calendar:
    page = url("qualification.detail", training_id=training.id)
    # The online link is only for people with a place (the page shows it to them): never
    # in this public file.
    location = training.place or (_("Online") if training.format == "online" else "")
    summary = training.title
    if training.status == "cancelled":
        summary = _("Abgesagt: %(title)s", title=training.title)
    return Calendar(
        name=training.title,
        description=_("Termine der Veranstaltung der Koordinierungsstelle"),
        page=page,
        events=[
            Happening(
                uid=f"qualifizierung-{training.id}-{date.id}@{host()}",
                summary=summary,
                starts=date.starts_at,
                ends=date.ends_at,
                url=page,
                stamp=training.updated_at,
                description=plain_text(training.description_html),
                location=location,
            )
            for date in training.dates
        ],
    )
