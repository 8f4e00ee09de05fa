"""The demo data holds feedback over a few weeks and page views, and seeds once."""

from sqlalchemy import func, select

from participation.demo.evaluation import FEEDBACK, SECTIONS, seed_evaluation
from participation.evaluation.models import PageViewCount, PortalFeedback
from participation.extensions import db


def test_demo_evaluation(app, make_user):
    seed_evaluation()
    seed_evaluation()
    assert db.session.scalar(select(func.count(PortalFeedback.id))) == len(FEEDBACK)
    assert db.session.scalar(select(func.count()).select_from(PageViewCount)) == 35 * len(SECTIONS)
    client = app.test_client()
    client.sign_in(make_user("coordinator"))
    html = client.get("/verwaltung/auswertung").get_data(as_text=True)
    assert "Eine Karte wäre schön." in html
    assert "<code>/verfahren</code>" in html
