"""The demo data holds a sent issue in the archive and subscriptions, and seeds once."""

from sqlalchemy import func, select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.newsletters.models import NewsletterIssue, NewsletterSubscriber


def test_demo_newsletter(app, client):
    seed_demo()
    seed_demo()
    issues = db.session.scalars(select(NewsletterIssue)).all()
    assert [(i.status, i.recipient_count) for i in issues] == [("sent", 2)]
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 2
    html = client.get("/newsletter/archiv").get_data(as_text=True)
    assert "neue Verfahren in Linden-Limmer" in html
    assert client.get(f"/newsletter/archiv/{issues[0].id}").status_code == 200
