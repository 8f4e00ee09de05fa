"""Something in every section of /mitmachen: processes, volunteer opportunities, partners'
events and offers, trainings for residents."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from tests.qualification.factories import training
from tests.volunteering.factories import opportunity


@pytest.fixture
def fill(make_process, make_partner, make_user):
    """fill(n): n items in each section (district 10 "Linden-Limmer" or city-wide)."""
    partner = make_partner()
    office = make_user("coordinator")
    made = {"count": 0}

    def add(n: int, *, district: str = "10", field: str = "wohnen"):
        for _ in range(n):
            made["count"] += 1
            number = made["count"]
            make_process(f"Verfahren {number}", district=district, field=field)
            for kind, extra in (
                ("event", {"starts_at": utcnow() + timedelta(days=2 + number % 20)}),
                ("offer", {}),
            ):
                contributions.publish(
                    actor=partner.contact,
                    organisation=partner.organisation,
                    kind=kind,
                    data=ContributionInput(
                        title=f"{kind} {number}",
                        body="Eine Beschreibung mit genug Zeichen für die Prüfung.",
                        district_codes=[district],
                        action_field_slugs=[field],
                        place="Küchengarten",
                        **extra,
                    ),
                )
            training(office, title=f"Fortbildung {number}", audiences=["residents"])
            opportunity(
                partner.contact,
                partner.organisation,
                title=f"Engagement {number}",
                district_code=district,
            )

    return add
