"""Certificates of attendance: an attendee asks for one (signed in, or through the mailed
link without an account), the PDF holds the name, training and date, its code verifies,
and taking the attendance back withdraws it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from participation.core import clock
from participation.core.errors import Forbidden
from participation.qualification import attendance, attestation, registrations
from tests.accounts.helpers import link_in, mails_to


def _after(training):
    return clock.travel(training.ends_at + timedelta(hours=1))


def _pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _day(training) -> str:
    """The first day as the certificate prints it ("17. Dezember 2026")."""
    from flask_babel import format_date

    return format_date(training.starts_at.astimezone(clock.CITY_TIMEZONE).date(), "long")


def test_only_attendees_get_one_and_a_taken_back_attendance_withdraws_it(
    office, make_training, make_user
):
    anna, bert = make_user("district_manager"), make_user("resident")
    training = make_training(title="Grundlagen der Beteiligung")
    for person in (anna, bert):
        registrations.register(actor=person, training=training)
    anna_reg = registrations.registration_of(anna, training)
    bert_reg = registrations.registration_of(bert, training)
    with _after(training):
        attendance.record_attendance(actor=office, training=training, attended_ids={anna_reg.id})
        with pytest.raises(Forbidden):
            attestation.request_certificate(registration=bert_reg, name="Bert B.")
        first = attestation.request_certificate(registration=anna_reg, name="Anna Alt")
        again = attestation.request_certificate(registration=anna_reg, name="Andere")
        assert again.id == first.id and first.holder_name == "Anna Alt"
        assert first.holder_id == anna.id and first.title == "Grundlagen der Beteiligung"
        assert len(first.code) >= 26  # >= 128 bits in base32
        attendance.record_attendance(actor=office, training=training, attended_ids=set())
        assert attestation.certificate_of(anna_reg) is None
        assert not attestation.may_have_certificate(anna_reg)


def test_a_signed_in_attendee_asks_downloads_and_the_code_verifies(
    client, office, make_training, make_user
):
    anna = make_user("district_manager")
    training = make_training(title="Moderation von Online-Dialogen")
    registrations.register(actor=anna, training=training)
    registration = registrations.registration_of(anna, training)
    with _after(training):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
        client.login(anna)
        page = client.get(f"/qualifizierung/{training.id}").get_data(as_text=True)
        assert "Teilnahmebescheinigung" in page and "Bescheinigung ausstellen" in page
        refused = client.post_form(f"/qualifizierung/{training.id}/bescheinigung", {"name": " "})
        assert refused.status_code == 422
        assert 'id="name-error"' in refused.get_data(as_text=True)
        typed = "x" * 121
        too_long = client.post_form(f"/qualifizierung/{training.id}/bescheinigung", {"name": typed})
        assert too_long.status_code == 422 and typed in too_long.get_data(as_text=True)
        done = client.post_form(
            f"/qualifizierung/{training.id}/bescheinigung", {"name": "Anna Amsel"}
        )
        assert done.status_code == 303
        certificate = attestation.certificate_of(registration)
        page = client.get(f"/qualifizierung/{training.id}").get_data(as_text=True)
        assert certificate.code in page and "Bescheinigung ausstellen" not in page
        pdf = client.get(f"/konto/bescheinigungen/{certificate.code}.pdf")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        text = _pdf_text(pdf.data)
        assert "Anna Amsel" in text and "Moderation von Online-Dialogen" in text
        assert _day(training) in text
    client.logout()
    check = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "Anna Amsel" in check and "Moderation von Online-Dialogen" in check
    assert anna.email not in check


def test_someone_without_an_account_gets_it_through_the_mailed_link(
    client, office, make_training, mails
):
    training = make_training(open_registration=True, title="Vernetzungstreffen Ehrenamt")
    registrations.register_by_email(training=training, email="gast@example.org", name="Gabi Gast")
    token = link_in(mails_to(mails, "gast@example.org")[-1], "/qualifizierung/anmeldung/")
    registration = registrations.confirm(token=token.rsplit("/", 1)[1])
    with _after(training):
        attendance.record_attendance(
            actor=office, training=training, attended_ids={registration.id}
        )
        path = link_in(mails_to(mails, "gast@example.org")[-1], "/qualifizierung/rueckmeldung/")
        page = client.get(path).get_data(as_text=True)
        assert 'value="Gabi Gast"' in page  # the registration's name, to confirm or correct
        assert client.get(f"{path}/bescheinigung.pdf").status_code == 404  # not issued yet
        assert client.post_form(f"{path}/bescheinigung", {"name": "Gabi Gast"}).status_code == 303
        pdf = client.get(f"{path}/bescheinigung.pdf")
        assert pdf.status_code == 200 and "Gabi Gast" in _pdf_text(pdf.data)
        forged = client.get("/qualifizierung/rueckmeldung/falsch/bescheinigung.pdf")
        assert forged.status_code == 400
    assert attestation.certificate_of(registration).holder_id is None
