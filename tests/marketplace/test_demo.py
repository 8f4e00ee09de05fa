"""The demo marketplace: three companies, six entries, two published deals, one event with
participants; seeding twice adds nothing."""

from sqlalchemy import func, select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.marketplace.models import Company, Deal, MarketEntry, MarketEventRegistration


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Company, MarketEntry, Deal, MarketEventRegistration)
    )


def test_demo_marketplace(client):
    seed_demo()
    first = _counts()
    seed_demo()
    assert _counts() == first == (3, 6, 2, 3)
    assert db.session.scalar(select(func.count(Deal.id)).where(Deal.published_at.is_not(None))) == 2
    page = client.get("/marktplatz").get_data(as_text=True)
    assert "Tischlerkurs für Jugendliche" in page and "Raum für das Reparaturcafé" in page
    assert "Ein Transporter" in client.get("/marktplatz/vereinbarungen").get_data(as_text=True)
