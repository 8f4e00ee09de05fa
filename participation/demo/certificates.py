"""Demo certificates: one for the demo resident and one for the district manager of
Linden-Limmer, issued from a demo source (the trainings issue real ones)."""

from __future__ import annotations

from datetime import date

from participation.accounts import services as accounts
from participation.certificates import services
from participation.certificates.models import DEMO, TRAINING

# (account, printed name, title, from, until, source id)
CERTIFICATES = (
    (
        "einwohnerin@example.org",
        "Lotte Lindner",
        "Workshop „Gut beteiligen“: Vorschläge schreiben, die ankommen",
        date(2026, 10, 14),
        None,
        1,
    ),
    (
        "bezirk-linden@example.org",
        "Kim Bezirksmanagerin",
        "Grundlagenfortbildung Bürgerbeteiligung für das Stadtbezirksmanagement",
        date(2026, 9, 7),
        date(2026, 9, 8),
        2,
    ),
)


def seed_certificates() -> None:
    """Issuing is idempotent per source and holder: running the seed again adds nothing."""
    for email, name, title, held_from, held_until, source_id in CERTIFICATES:
        holder = accounts.find_by_email(email)
        if holder is None:
            continue
        services.issue(
            kind=TRAINING,
            holder=holder,
            holder_name=name,
            title=title,
            held_from=held_from,
            held_until=held_until,
            source_type=DEMO,
            source_id=source_id,
            details={"Umfang": "4 Stunden" if held_until is None else "2 Tage, 12 Stunden"},
        )
