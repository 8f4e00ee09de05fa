"""The demo: three engagement certificates (one with hours month by month, one after an
accepted correction) and one open request; seeding twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.certificates.models import ENGAGEMENT, Certificate
from participation.demo.services import seed_demo
from participation.engagementcert.models import EngagementRequest
from participation.extensions import db


def test_demo_engagement_certificates(app, client):
    seed_demo()
    seed_demo()
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.kind == ENGAGEMENT)
    ).all()
    assert len(certificates) == 3
    assert sum(1 for c in certificates if "Stunden je Monat" in c.details) == 1
    statuses = sorted(db.session.scalars(select(EngagementRequest.status)))
    assert statuses == ["confirmed", "confirmed", "confirmed", "requested"]
    assert db.session.scalar(select(func.count(EngagementRequest.id))) == 4
    client.login("partner@example.org", "demo-passwort-2026")
    inbox = client.get("/netzwerk/partner/nachbarschaftsinitiative-nord/bescheinigungen")
    assert "Kim Nordmann" in inbox.get_data(as_text=True)
    assert client.get("/mitmachen").status_code == 200
