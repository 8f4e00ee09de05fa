"""Engagement certificates: requests checked field by field; only the organisation's
members decide; confirm, correct (accepted or withdrawn), decline; each step mailed once;
the certificate is issued through the one certificate mechanism."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.certificates import services as certificates
from participation.certificates.models import Certificate
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.engagementcert import services
from participation.engagementcert.models import EngagementRequest
from participation.extensions import db
from tests.accounts.helpers import mails_to
from tests.engagementcert.conftest import engagement_input


def test_a_request_is_checked_field_by_field(volunteer, organisation):
    cases = [
        ({"activities": "kurz"}, "activities"),
        ({"held_from": None}, "held_from"),
        ({"held_until": None}, "held_until"),
        ({"held_from": date(1900, 1, 1)}, "held_from"),
        ({"held_until": date(2999, 1, 1)}, "held_until"),
        ({"held_until": date(2025, 1, 1)}, "held_until"),
        ({"hours_per_month": 0}, "hours_per_month"),
        ({"hours_per_month": 301}, "hours_per_month"),
        ({"hours_per_month": None}, "hours_per_month"),
        ({"monthly": "im März viel"}, "monthly"),
        ({"monthly": "2025-13: 4"}, "monthly"),
        ({"monthly": "2024-01: 4"}, "monthly"),
        ({"monthly": "2025-10: 4\n2025-10: 5"}, "monthly"),
        ({"monthly": "2025-10: 800"}, "monthly"),
    ]
    for overrides, field in cases:
        with pytest.raises(Invalid) as refused:
            services.request_certificate(
                actor=volunteer,
                organisation=organisation,
                name="Lotte Lindner",
                data=engagement_input(**overrides),
            )
        assert refused.value.field == field, overrides
    with pytest.raises(Invalid) as refused:
        services.request_certificate(
            actor=volunteer, organisation=organisation, name=" ", data=engagement_input()
        )
    assert refused.value.field == "name"
    assert db.session.scalar(select(func.count(EngagementRequest.id))) == 0


def test_monthly_hours_are_read_in_order(make_request):
    request = make_request(monthly="2025-11: 10\n10/2025 6\n2026-01 = 12")
    assert request.monthly_hours == [["2025-10", 6], ["2025-11", 10], ["2026-01", 12]]
    assert services.format_months(request.monthly_hours) == "2025-10: 6\n2025-11: 10\n2026-01: 12"


def test_who_may_ask(make_user, make_organisation, volunteer):
    from participation.core import clock

    for who, where in (
        (make_user("resident", verified=False), make_organisation()),
        (volunteer, make_organisation(status="applied")),
        (volunteer, make_organisation(status="left")),
    ):
        with pytest.raises(Forbidden):
            services.request_certificate(
                actor=who, organisation=where, name="Lotte Lindner", data=engagement_input()
            )
    blocked = make_user("resident")
    blocked.blocked_until = clock.utcnow().replace(year=2999)
    db.session.commit()
    with pytest.raises(Forbidden):
        services.request_certificate(
            actor=blocked, organisation=make_organisation(), name="Lotte", data=engagement_input()
        )


def test_members_hear_of_a_new_request_once(make_request, member, other_member, volunteer, mails):
    make_request()
    assert len(mails_to(mails, member.email)) == 1
    assert len(mails_to(mails, other_member.email)) == 1
    assert mails_to(mails, volunteer.email) == []
    assert (
        "/netzwerk/partner/nachbarschaft-linden/bescheinigungen/"
        in mails_to(mails, member.email)[0].get_content()
    )


def test_only_members_of_that_organisation_decide(
    make_request, make_user, make_organisation, member, volunteer
):
    request = make_request()
    outsiders = [
        make_user("partner_member"),  # another organisation
        make_user("coordinator"),
        make_user("admin"),
        volunteer,
    ]
    for who in outsiders:
        with pytest.raises(Forbidden):
            services.confirm(actor=who, request=request, signer_name="Irgendwer")
        with pytest.raises(Forbidden):
            services.decline(actor=who, request=request, reason="Kenne ich nicht")
    assert request.status == "requested"


def test_a_member_cannot_confirm_their_own_request(make_user, organisation, member):
    own = services.request_certificate(
        actor=member, organisation=organisation, name="Mia Mitglied", data=engagement_input()
    )
    with pytest.raises(Forbidden):
        services.confirm(actor=member, request=own, signer_name="Mia Mitglied")


def test_confirming_issues_the_engagement_certificate(
    make_request, member, volunteer, organisation, mails
):
    organisation.seal_granted_at = organisation.created_at
    db.session.commit()
    request = make_request(monthly="2025-09: 8\n2025-10: 9")
    certificate = services.confirm(actor=member, request=request, signer_name="Maren Muster")
    assert certificate.kind == "engagement"
    assert certificate.holder_id == volunteer.id
    assert certificate.holder_name == "Lotte Lindner"
    assert "Nachbarschaftsladen Linden" in certificate.issuer
    assert "Netzwerk Bürgermitwirkung" in certificate.issuer
    assert (certificate.held_from, certificate.held_until) == (date(2025, 9, 1), date(2026, 2, 28))
    assert certificate.details["Stunden je Monat"] == [["2025-09", 8], ["2025-10", 9]]
    assert "Qualitätssiegel" in certificate.details
    assert "Maren Muster" in certificate.details["Bestätigt von"]
    assert request.status == "confirmed" and request.certificate_id == certificate.id
    assert len(mails_to(mails, volunteer.email)) == 1
    with pytest.raises(Conflict):
        services.confirm(actor=member, request=request, signer_name="Maren Muster")
    assert len(mails_to(mails, volunteer.email)) == 1
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
    # Without the seal the PDF names none.
    pdf = certificates.certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")


def test_a_correction_is_shown_and_issued_only_when_accepted(
    make_request, member, volunteer, mails
):
    request = make_request()
    services.correct(
        actor=member,
        request=request,
        data=engagement_input(hours_per_month=6, held_from=date(2025, 10, 1)),
        note="Wir haben Sie erst ab Oktober eingeplant.",
        signer_name="Maren Muster",
    )
    assert request.status == "corrected"
    assert (request.hours_per_month, request.corrected_hours) == (8, 6)
    assert db.session.scalar(select(func.count(Certificate.id))) == 0
    assert len(mails_to(mails, volunteer.email)) == 1
    with pytest.raises(Forbidden):
        services.accept_correction(actor=member, request=request)
    certificate = services.accept_correction(actor=volunteer, request=request)
    assert certificate.held_from == date(2025, 10, 1)
    assert certificate.details["Stunden im Monat (Durchschnitt)"] == "6"
    assert request.status == "confirmed"
    with pytest.raises(Conflict):
        services.accept_correction(actor=volunteer, request=request)
    with pytest.raises(Conflict):
        services.withdraw(actor=volunteer, request=request)
    # The correction mail only, the volunteer accepted on screen.
    assert len(mails_to(mails, volunteer.email)) == 1


def test_a_correction_can_be_withdrawn_instead(make_request, member, volunteer):
    request = make_request()
    services.correct(
        actor=member,
        request=request,
        data=engagement_input(hours_per_month=2),
        note="Eher zwei Stunden im Monat.",
        signer_name="Maren Muster",
    )
    services.withdraw(actor=volunteer, request=request)
    assert request.status == "withdrawn"
    with pytest.raises(Conflict):
        services.accept_correction(actor=volunteer, request=request)
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_declining_needs_a_reason_and_is_mailed_once(make_request, member, volunteer, mails):
    request = make_request()
    with pytest.raises(Invalid):
        services.decline(actor=member, request=request, reason="")
    services.decline(actor=member, request=request, reason="Wir kennen Sie leider nicht.")
    assert request.status == "declined"
    with pytest.raises(Conflict):
        services.decline(actor=member, request=request, reason="Noch einmal abgelehnt.")
    [mail] = mails_to(mails, volunteer.email)
    assert "Wir kennen Sie leider nicht." in mail.get_content()


def test_the_holder_switches_the_public_check_off_and_on(
    make_request, member, volunteer, make_user
):
    certificate = services.confirm(actor=member, request=make_request(), signer_name="Maren Muster")
    with pytest.raises(Forbidden):
        certificates.switch_verification(actor=member, certificate=certificate, on=False)
    with pytest.raises(Forbidden):
        certificates.switch_verification(
            actor=make_user("coordinator"), certificate=certificate, on=False
        )
    certificates.switch_verification(actor=volunteer, certificate=certificate, on=False)
    assert not certificate.is_verifiable
    with pytest.raises(Conflict):
        certificates.switch_verification(actor=volunteer, certificate=certificate, on=False)
    certificates.switch_verification(actor=volunteer, certificate=certificate, on=True)
    assert certificate.is_verifiable


def test_office_figures_per_organisation_and_year(make_request, member):
    from tests.certificates.factories import issue_sample

    issue_sample()
    services.confirm(actor=member, request=make_request(), signer_name="Maren Muster")
    rows = services.figures()
    kinds = {(row.kind, row.organisation): row.count for row in rows}
    assert kinds == {("training", ""): 1, ("engagement", "Nachbarschaftsladen Linden"): 1}


def test_account_deletion_removes_the_requests(make_request, member, volunteer):
    from participation.privacy import deletion

    services.confirm(actor=member, request=make_request(), signer_name="Maren Muster")
    deletion.delete_account(actor=volunteer, user=volunteer, delete_contributions=False)
    assert db.session.scalar(select(func.count(EngagementRequest.id))) == 0
    certificate = db.session.scalar(select(Certificate))
    assert certificate.holder_name == "" and certificate.holder_id is None


def test_members_deciding_at_once_decide_once(
    app, make_request, member, other_member, volunteer, mails
):
    from tests.concurrency import all_at_once

    request_id = make_request().id
    ids = [member.id, other_member.id]
    address = volunteer.email
    db.session.remove()

    def attempt(user):
        request = db.session.get(EngagementRequest, request_id)
        if user.id == ids[0]:
            services.confirm(actor=user, request=request, signer_name="Maren Muster")
        else:
            services.decline(actor=user, request=request, reason="Leider nicht bekannt.")

    errors = all_at_once(app, ids, attempt)
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
    request = db.session.get(EngagementRequest, request_id)
    assert request.status in ("confirmed", "declined")
    certificates_made = db.session.scalar(select(func.count(Certificate.id)))
    assert certificates_made == (1 if request.status == "confirmed" else 0)
    assert len(mails_to(mails, address)) == 1
