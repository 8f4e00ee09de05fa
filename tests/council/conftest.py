"""The OParl test server with a council's papers, and an app that reads from it."""

from __future__ import annotations

import pytest

from tests.council.oparl_server import OParlServer

PAGE_SIZE = 2
PAPERS = 5  # three list pages of two


@pytest.fixture
def oparl():
    """Five papers on three list pages; paper 3 ("0003/2026") went to the district council
    of Linden-Limmer (heard, meeting in the past) and goes to the building committee
    (decides, meeting ahead)."""
    server = OParlServer(page_size=PAGE_SIZE).start()
    district = server.organization(1, "Stadtbezirksrat Linden-Limmer", "Stadtbezirksrat")
    committee = server.organization(2, "Stadtentwicklungs- und Bauausschuss")
    heard = server.meeting(
        1, "12. Sitzung des Stadtbezirksrats", "2026-01-20T18:00:00+01:00", district
    )
    ahead = server.meeting(
        2, "8. Sitzung des Bauausschusses", "2099-03-04T15:00:00+01:00", committee
    )
    for number in range(1, PAPERS + 1):
        consultations = []
        if number == 3:
            consultations = [
                server.consultation(
                    31,
                    3,
                    meeting=heard,
                    organization=district,
                    role="Anhörung",
                    authoritative=False,
                ),
                server.consultation(
                    32,
                    3,
                    meeting=ahead,
                    organization=committee,
                    role="Entscheidung",
                    authoritative=True,
                ),
            ]
        server.paper(
            number,
            f"{number:04d}/2026",
            f"Umgestaltung Platz {number}",
            consultations=consultations,
            auxiliary=[server.file(2000 + number, "Lageplan")] if number == 3 else [],
        )
    server.committee, server.ahead = committee, ahead
    yield server
    server.stop()


@pytest.fixture
def app(make_app, oparl):
    """The portal reading the test server, with a short timeout for the slow answer."""
    app = make_app(OPARL_URL=oparl.system_url, OPARL_TIMEOUT=0.5)
    with app.app_context():
        yield app
