"""The demo data holds held trainings with attendance, feedback and certificates (the
basic training attended by the Linden-Limmer district manager), a full one with a waiting
list, and seeds once."""

from sqlalchemy import func, select

from participation.accounts.services import find_by_email
from participation.certificates.models import Certificate
from participation.demo.services import seed_demo
from participation.extensions import db
from participation.qualification import attendance, attestation, registrations
from participation.qualification.models import Training, TrainingFeedback


def test_demo_trainings(app, client):
    seed_demo()
    seed_demo()
    trainings = {t.title: t for t in db.session.scalars(select(Training))}
    assert len(trainings) == 4
    assert db.session.scalar(select(func.count(TrainingFeedback.id))) == 3
    full = trainings["Online-Dialoge moderieren"]
    assert full.places_left == 0 and full.waiting_count == 2
    manager = find_by_email("bezirk-linden@example.org")
    basic = trainings["Grundlagen der Bürgerbeteiligung"]
    assert basic.topic == app.config["QUALIFICATION_BASIC_TRAINING"]
    assert registrations.attended(manager, basic)
    issued = db.session.scalars(
        select(Certificate).where(Certificate.source_type == attestation.SOURCE)
    ).all()
    assert sorted(c.holder_name for c in issued) == ["Gerda Gast", "Kim Bezirksmanagerin"]
    assert client.get(f"/bescheinigungen/{issued[0].code}").status_code == 200
    office = find_by_email("koordination@example.org")
    rows = {r["district"].code: r for r in attendance.basic_training_by_district(actor=office)}
    assert (rows["10"]["managers"], rows["10"]["trained"]) == (1, 1)
    assert (rows["01"]["managers"], rows["01"]["trained"]) == (1, 0)
    page = client.get("/qualifizierung?zeit=vergangen").get_data(as_text=True)
    assert "Grundlagen der Bürgerbeteiligung" in page
