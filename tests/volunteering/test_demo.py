"""The demo data: 15 opportunities over six districts (Linden-Limmer among them) with
interests in every state; seeding twice adds nothing."""

from sqlalchemy import func, select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity


def test_demo_opportunities(app, client):
    seed_demo()
    seed_demo()
    opportunities = db.session.scalars(select(VolunteerOpportunity)).all()
    assert len(opportunities) == 15
    assert len({o.district_id for o in opportunities if o.district_id}) == 6
    states = set(db.session.scalars(select(VolunteerInterest.status)))
    assert states == {"open", "accepted", "declined", "matched", "withdrawn"}
    assert db.session.scalar(select(func.count(VolunteerInterest.id))) == 9
    page = client.get("/engagement?bezirk=10").get_data(as_text=True)
    assert "Sprachcafé in Linden-Nord" in page
