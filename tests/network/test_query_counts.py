"""Every list of the network takes the same number of queries however long it grows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.core.clock import local_today, utcnow
from participation.network import elections, groups, meetings
from participation.partners import services as partners
from tests.conftest import count_queries


def _queries(app, client, path: str) -> int:
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def _grow(office, partner, process, n: int) -> None:
    """Add n of everything the network's lists show."""
    now = utcnow()
    for number in range(n):
        other = partner.extra()
        partners.grant_seal(actor=office, organisation=other.organisation)
        meetings.save_meeting(
            actor=office,
            title=f"Treffen {number}",
            starts_at=now - timedelta(days=number + 1),
            place="Rathaus",
            attendee_ids=[other.organisation.id, partner.organisation.id],
        )
        meetings.save_meeting(
            actor=office,
            title=f"Geplant {number}",
            starts_at=now + timedelta(days=number + 1),
            place="Rathaus",
        )
        meetings.add_item(
            actor=office,
            year=local_today().year,
            title=f"Vorhaben {number}",
            responsible_ids=[other.organisation.id],
        )
        groups.save_group(actor=office, title=f"AG {number}", member_ids=[other.organisation.id])
        elections.create(
            actor=office,
            nominations_close_at=now + timedelta(days=1),
            voting_close_at=now + timedelta(days=2),
            term_starts_on=(now + timedelta(days=30)).date(),
        )
        for kind in ("statement", "event", "offer"):
            contributions.publish(
                actor=partner.contact,
                organisation=partner.organisation,
                kind=kind,
                data=ContributionInput(
                    title=f"Beitrag {kind} {number}",
                    body="Wir begrüßen den Umbau und bitten um breitere Wege.",
                    process_ids=[process.id] if kind == "statement" else [],
                    district_codes=["10", "01"],
                    action_field_slugs=["wohnen"],
                    starts_at=now + timedelta(days=number + 2),
                    place="Marktplatz",
                ),
            )


PATHS = [
    "/netzwerk",
    "/netzwerk/partner",
    "/netzwerk/partner/{partner}",
    "/netzwerk/veranstaltungen",
    "/netzwerk/angebote",
    "/netzwerk/treffen",
    "/netzwerk/arbeitsprogramm",
    "/netzwerk/arbeitsgruppen",
    "/netzwerk/sprecherinnengruppe",
    "/verfahren/{process}",
    "/verwaltung/netzwerk/partner?status=active",
    "/verwaltung/netzwerk/treffen",
    "/verwaltung/netzwerk/arbeitsprogramm",
    "/verwaltung/netzwerk/arbeitsgruppen",
    "/verwaltung/netzwerk/wahlen",
]


@pytest.fixture
def grown(make_user, make_partner, make_process):
    office = make_user("coordinator")
    partner = make_partner("Verein")
    partner.extra = make_partner
    process = make_process("Marktplatz")

    def grow(n):
        _grow(office, partner, process, n)

    return office, partner, process, grow


def test_network_lists_take_a_fixed_number_of_queries(app, client, grown):
    office, partner, process, grow = grown
    client.login(office)
    paths = [p.format(partner=partner.organisation.slug, process=process.slug) for p in PATHS]
    grow(1)
    few = {path: _queries(app, client, path) for path in paths}
    grow(4)
    many = {path: _queries(app, client, path) for path in paths}
    assert many == few
