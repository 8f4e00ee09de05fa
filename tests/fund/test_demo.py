"""The demo holds a closed call with scored and decided applications and a report, and an
open call with a submitted application; seeding twice adds nothing."""

from sqlalchemy import func, select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.fund import jury
from participation.fund.models import FundApplication, FundCall, FundReview


def test_demo_fund(app, client):
    seed_demo()
    seed_demo()
    calls = {c.title: c for c in db.session.scalars(select(FundCall))}
    assert len(calls) == 2
    closed, opened = calls["Danke-Projekte 2026"], calls["Anerkennung im Quartier 2027"]
    assert closed.status == "decided" and closed.approved_total_cents == 290000
    statuses = sorted(
        db.session.scalars(
            select(FundApplication.status).where(FundApplication.call_id == closed.id)
        )
    )
    assert statuses == ["approved", "declined", "reported"]
    assert db.session.scalar(select(func.count(FundReview.id))) == 5  # one juror recused
    averages = jury.standings(jury.jury_applications(closed))
    assert all(s.average is not None for s in averages.values())
    submitted = db.session.scalars(
        select(FundApplication.status).where(FundApplication.call_id == opened.id)
    ).all()
    assert submitted == ["submitted"]
    page = client.get("/foerderfonds").get_data(as_text=True)
    assert "Ehrenamtsfest im Nordstadt-Treff" in page and "1.400,00 €" in page
    assert "Anerkennung im Quartier 2027" in page
    assert "Ausflug der Selbsthilfegruppen" not in page
