"""After a training: attendance, feedback (signed in and by link), the office's figures,
the anchoring counts, the own record, and the person's data (export, deletion)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.core import clock
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.extensions import db
from participation.qualification import attendance, registrations, services
from participation.qualification.models import TrainingFeedback, TrainingRegistration
from tests.accounts.helpers import link_in, mails_to


def _held(make_training, people, *, emails=(), **overrides):
    """A training with these people registered; the clock then stands after its end."""
    training = make_training(open_registration=True, **overrides)
    for person in people:
        registrations.register(actor=person, training=training)
    return training


def _after(training):
    return clock.travel(training.ends_at + timedelta(hours=1))


def test_attendance_from_the_start_and_feedback_after_the_end(
    office, make_training, make_user, mails
):
    anna, bert = make_user("district_manager"), make_user("resident")
    training = _held(make_training, [anna, bert])
    with pytest.raises(Conflict):  # not before the first date
        attendance.record_attendance(actor=office, training=training, attended_ids={1})
    anna_reg = registrations.registration_of(anna, training)
    with _after(training):
        with pytest.raises(Forbidden):
            attendance.record_attendance(actor=anna, training=training, attended_ids=set())
        count = attendance.record_attendance(
            actor=office, training=training, attended_ids={anna_reg.id, 999_999}
        )
        assert count == 1
        assert registrations.attended(anna, training) and not registrations.attended(bert, training)
        assert [t.id for t in registrations.attended_trainings(anna)] == [training.id]
        assert registrations.attended_trainings(bert) == []
        # Recording again sends no second invitation.
        attendance.record_attendance(actor=office, training=training, attended_ids={anna_reg.id})
        assert len([m for m in mails_to(mails, anna.email) if "Wie war" in m["Subject"]]) == 1
        with pytest.raises(Forbidden):
            attendance.give_feedback(
                registration=registrations.registration_of(bert, training),
                usefulness=5,
                organisation=5,
                comment="",
            )
        with pytest.raises(Invalid) as refused:
            attendance.give_feedback(
                registration=anna_reg, usefulness=6, organisation=3, comment=""
            )
        assert refused.value.field == "usefulness"
        attendance.give_feedback(
            registration=anna_reg, usefulness=4, organisation=2, comment="<script>x</script>Gut"
        )
        attendance.give_feedback(  # changeable, still once
            registration=anna_reg, usefulness=5, organisation=3, comment="**Sehr** gut"
        )
    rows = db.session.scalars(select(TrainingFeedback)).all()
    assert len(rows) == 1 and "<strong>Sehr</strong>" in rows[0].comment_html
    results = attendance.results(actor=office, training=training)
    assert results["figures"].count == 1 and results["figures"].usefulness == 5.0
    year = attendance.year_results(
        actor=office, year=training.starts_at.astimezone(clock.CITY_TIMEZONE).year
    )
    assert year["figures"].count == 1 and year["per_training"][0]["attended"] == 1
    assert "<script" not in year["comments"][0][1]
    with pytest.raises(Forbidden):
        attendance.results(actor=anna, training=training)


def test_feedback_by_link_for_those_registered_by_email(office, make_training, mails):
    training = make_training(open_registration=True)
    registrations.register_by_email(training=training, email="gast@example.org", name="Gast")
    token = link_in(mails_to(mails, "gast@example.org")[-1], "/qualifizierung/anmeldung/")
    registration = registrations.confirm(token=token.rsplit("/", 1)[1])
    with _after(training):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
    invitation = mails_to(mails, "gast@example.org")[-1]
    path = link_in(invitation, "/qualifizierung/rueckmeldung/")
    found = registrations.registration_for_link(registrations.FEEDBACK, path.rsplit("/", 1)[1])
    assert found.id == registration.id


def test_the_anchoring_counts_district_managers_per_district_without_names(
    app, office, make_training, make_user
):
    trained = make_user("district_manager", district="10")
    make_user("district_manager", district="10")
    other_topic = make_user("district_manager", district="03")
    basic = make_training(topic=app.config["QUALIFICATION_BASIC_TRAINING"])
    other = make_training(topic="moderation")
    registrations.register(actor=trained, training=basic)
    registrations.register(actor=other_topic, training=other)
    with clock.travel(basic.ends_at + timedelta(hours=1)):
        for training in (basic, other):
            ids = {r.id for r in registrations.participants(training)}
            attendance.record_attendance(actor=office, training=training, attended_ids=ids)
    rows = {
        row["district"].code: row for row in attendance.basic_training_by_district(actor=office)
    }
    assert (rows["10"]["managers"], rows["10"]["trained"]) == (2, 1)
    assert (rows["03"]["managers"], rows["03"]["trained"]) == (1, 0)
    assert len(rows) == 13 and set(rows["10"]) == {"district", "managers", "trained"}
    with pytest.raises(Forbidden):
        attendance.basic_training_by_district(actor=trained)


def test_export_and_deletion_of_a_persons_registrations(office, make_training, make_user, mails):
    from participation.privacy.deletion import delete_account
    from participation.privacy.registry import SOURCES_BY_KEY, select_rows

    person, waiting = make_user(), make_user()
    training = make_training(capacity=1, open_registration=True)
    registrations.register(actor=person, training=training)
    registrations.register(actor=waiting, training=training)
    registrations.register_by_email(training=training, email=person.email, name="Auch ich")
    past = make_training()
    registrations.register(actor=person, training=past)
    with clock.travel(past.ends_at + timedelta(hours=1)):
        reg = registrations.registration_of(person, past)
        attendance.record_attendance(actor=office, training=past, attended_ids={reg.id})
        attendance.give_feedback(registration=reg, usefulness=4, organisation=4, comment="Privat")
    exported = (
        db.session.execute(select_rows(SOURCES_BY_KEY["training_registration"], person.id))
        .mappings()
        .all()
    )
    assert len(exported) == 3 and all("email_key" not in row for row in exported)
    feedback = (
        db.session.execute(select_rows(SOURCES_BY_KEY["training_feedback"], person.id))
        .mappings()
        .all()
    )
    assert [row["comment_markdown"] for row in feedback] == ["Privat"]
    delete_account(actor=person, user=person, delete_contributions=False)
    assert db.session.scalars(select(TrainingRegistration.user_id)).all() == [waiting.id]
    training = services.get_training(actor=None, training_id=training.id)
    assert registrations.registration_of(waiting, training).status == "confirmed"
    assert (training.confirmed_count, training.waiting_count) == (1, 0)
    assert len(mails_to(mails, waiting.email)) == 1
    kept = db.session.scalars(select(TrainingFeedback)).one()
    assert kept.registration_id is None and kept.comment_markdown == "" and kept.usefulness == 4
