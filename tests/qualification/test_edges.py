"""Edges found in review: the public calendar file, signed links of a reused row id,
places at a cancelled training, feedback invitations for attendance recorded during the
training, a withdrawn certificate restored, implausible years, and certificates of
registrations by address on account deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.certificates.models import Certificate
from participation.core import clock
from participation.core.errors import Invalid, NotFound
from participation.extensions import db
from participation.qualification import attendance, attestation, jobs, registrations, services
from tests.accounts.helpers import link_in, mails_to
from tests.qualification.factories import training_input


def test_the_calendar_file_never_holds_the_online_link(client, make_training):
    online = make_training(
        format="online", place="", online_url="https://konferenz.example.org/raum-geheim"
    )
    body = client.get(f"/qualifizierung/{online.id}/termine.ics").get_data(as_text=True)
    assert "raum-geheim" not in body and "LOCATION:Online" in body


def test_a_link_does_not_act_on_another_row_with_the_same_id(make_training, mails):
    training = make_training(open_registration=True)
    registrations.register_by_email(training=training, email="a@example.org", name="Anna")
    path = link_in(mails_to(mails, "a@example.org")[-1], "/qualifizierung/anmeldung/")
    token = path.rsplit("/", 1)[1]
    pending = registrations.participants(training)[-1]
    # What SQLite does after a deletion: the same id for a row made later.
    pending.created_at = pending.created_at + timedelta(minutes=5)
    db.session.commit()
    with pytest.raises(NotFound):
        registrations.confirm(token=token)


def test_no_one_moves_up_at_a_cancelled_training(office, make_training, make_user, mails):
    training = make_training(capacity=1)
    first, second = make_user(), make_user()
    registrations.register(actor=first, training=training)
    registrations.register(actor=second, training=training)
    services.cancel(actor=office, training=training)
    before = len(mails_to(mails, second.email))
    registrations.cancel(actor=first, training=training)
    assert len(mails_to(mails, second.email)) == before
    assert registrations.registration_of(second, training).status == "waiting"


def test_attendance_recorded_during_the_training_is_followed_by_one_invitation(
    office, make_training, make_user, mails
):
    training = make_training()
    person = make_user()
    registrations.register(actor=person, training=training)
    registration = registrations.registration_of(person, training)
    with clock.travel(training.starts_at + timedelta(minutes=30)):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
    assert not [m for m in mails_to(mails, person.email) if "Wie war" in m["Subject"]]
    later = training.ends_at + timedelta(hours=1)
    with clock.travel(later):
        jobs.invite_feedback(later)
        jobs.invite_feedback(later)
        db.session.commit()
    assert len([m for m in mails_to(mails, person.email) if "Wie war" in m["Subject"]]) == 1


def test_a_certificate_withdrawn_by_mistake_comes_back(office, make_training, make_user):
    training = make_training()
    person = make_user()
    registrations.register(actor=person, training=training)
    registration = registrations.registration_of(person, training)
    with clock.travel(training.ends_at + timedelta(hours=1)):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
        first = attestation.request_certificate(registration=registration, name="Pia Probe")
        attendance.record_attendance(actor=office, training=training, attended_ids=set())
        assert attestation.certificate_of(registration) is None
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
        assert attestation.certificate_of(registration).id == first.id


@pytest.mark.parametrize(
    ("field", "value"),
    [("dates", "0001-01-01 00:30-01:00"), ("dates", "9999-12-31 10:00-11:00")],
)
def test_implausible_years_are_refused_next_to_the_field(office, field, value):
    with pytest.raises(Invalid) as refused:
        services.create(actor=office, data=training_input(**{field: value}))
    assert refused.value.field == field


def test_deletion_erases_certificates_of_registrations_by_address(
    office, make_training, make_user, mails
):
    from participation.privacy.deletion import delete_account
    from participation.privacy.registry import SOURCES_BY_KEY, select_rows

    person = make_user()
    training = make_training(open_registration=True)
    registrations.register_by_email(training=training, email=person.email, name="Per Adresse")
    token = link_in(mails_to(mails, person.email)[-1], "/qualifizierung/anmeldung/")
    registration = registrations.confirm(token=token.rsplit("/", 1)[1])
    with clock.travel(training.ends_at + timedelta(hours=1)):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
        issued = attestation.request_certificate(registration=registration, name="Per Adresse")
    exported = db.session.execute(select_rows(SOURCES_BY_KEY["certificate"], person.id)).all()
    assert [row.code for row in exported] == [issued.code]
    delete_account(actor=person, user=person, delete_contributions=False)
    db.session.expire_all()
    kept = db.session.scalar(select(Certificate).where(Certificate.code == issued.code))
    assert kept.holder_name == "" and kept.holder_id is None
