"""The fund's workflow through its services: call, application, jury, decision, report."""

from __future__ import annotations

from io import BytesIO

import pytest

from participation.core.errors import Conflict, Forbidden, Invalid
from participation.extensions import db
from participation.fund import applications, calls, decisions, jury
from participation.fund.models import FundApplication, FundCall, FundReview
from participation.fund.money import euros, parse_euros
from tests.fund.factories import application_input, call_input, close_call, fund_application
from tests.workaids.files import HTML_AS_PDF, pdf_bytes


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1.234,50", 123450), ("250", 25000), ("99.90", 9990), ("1.000", 100000), ("7,5 €", 750)],
)
def test_amounts_as_people_type_them(app, text, cents):
    assert parse_euros(text, field="x") == cents


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "1,234.5", "99999999999", "1e3"])
def test_amounts_that_are_no_amounts_are_refused(app, text):
    with pytest.raises(Invalid):
        parse_euros(text, field="x")


def test_euros_reads_german():
    assert euros(123450) == "1.234,50 €"


def test_a_call_needs_weights_from_one_to_five_and_a_jury_of_the_office_or_speakers(
    fund, make_user
):
    with pytest.raises(Invalid) as refused:
        calls.save_call(actor=fund.office, data=call_input([fund.office.id], criteria="Wirkung; 9"))
    assert refused.value.field == "criteria"
    resident = make_user("resident")
    with pytest.raises(Invalid) as refused:
        calls.save_call(actor=fund.office, data=call_input([resident.id]))
    assert refused.value.field == "jurors"
    with pytest.raises(Forbidden):
        calls.save_call(actor=resident, data=call_input([fund.office.id]))
    with pytest.raises(Invalid) as refused:
        calls.save_call(
            actor=fund.office, data=call_input([fund.office.id], budget="100", maximum="200")
        )
    assert refused.value.field == "maximum"


def test_an_application_stays_within_the_maximum_and_the_cost_plan(fund):
    member = fund.applicant.contact
    organisation = fund.applicant.organisation
    for requested, field in (("2.500", "requested"), ("1.500", "requested")):
        with pytest.raises(Invalid) as refused:
            applications.start_application(
                actor=member,
                call=fund.call,
                organisation_id=organisation.id,
                data=application_input(requested=requested),
            )
        assert refused.value.field == field
    made = fund_application(member, fund.call, organisation, submit=False)
    assert made.cost_total_cents == 100050 and made.requested_cents == 90000
    # One application per organisation and call: it is no longer offered.
    assert applications.organisations_for(member, fund.call) == []
    with pytest.raises(Invalid) as refused:
        fund_application(member, fund.call, organisation)
    assert refused.value.field == "organisation"


def test_only_members_of_active_partners_apply_and_the_seal_can_be_required(
    fund, make_user, make_partner
):
    resident = make_user("resident")
    assert applications.organisations_for(resident, fund.call) == []
    with pytest.raises(Forbidden):
        fund_application(resident, fund.call, fund.applicant.organisation)
    sealed = calls.save_call(
        actor=fund.office, data=call_input([fund.office.id], seal_required=True)
    )
    calls.open_call(actor=fund.office, call=sealed)
    assert applications.organisations_for(fund.applicant.contact, sealed) == []


def test_no_change_after_submission_or_after_the_deadline(fund):
    member = fund.applicant.contact
    draft = fund_application(member, fund.call, fund.applicant.organisation, submit=False)
    close_call(fund.call)
    with pytest.raises(Forbidden):
        applications.update_application(actor=member, application=draft, data=application_input())
    with pytest.raises(Forbidden):
        applications.submit_application(actor=member, application=draft)


def test_uploads_are_checked_by_content(fund):
    member = fund.applicant.contact
    with pytest.raises(Invalid) as refused:
        fund_application(
            member,
            fund.call,
            fund.applicant.organisation,
            document=BytesIO(HTML_AS_PDF),
            document_title="Kostenvoranschlag",
        )
    assert refused.value.field == "document"
    assert db.session.query(FundApplication).count() == 0
    made = fund_application(
        member,
        fund.call,
        fund.applicant.organisation,
        document=BytesIO(pdf_bytes()),
        document_title="Kostenvoranschlag",
    )
    assert [d.file_format for d in made.documents] == ["pdf"]


def _scores(call, value):
    return {criterion.id: value for criterion in call.criteria}


def test_jury_scores_once_weighted_and_the_recused_cannot(fund):
    made = fund_application(fund.other.contact, fund.call, fund.other.organisation)
    # The other organisation's contact is a juror, and recused for its own application.
    with pytest.raises(Forbidden):
        jury.submit_review(
            actor=fund.other.contact, application=made, values=_scores(fund.call, 5), comment=""
        )
    values = dict(zip([c.id for c in fund.call.criteria], [5, 2, 2], strict=True))
    review = jury.submit_review(actor=fund.juror, application=made, values=values, comment="Gut")
    assert review.weighted == pytest.approx((3 * 5 + 2 * 2 + 1 * 2) / 6, abs=0.001)
    with pytest.raises(Conflict):
        jury.submit_review(actor=fund.juror, application=made, values=values, comment="")
    with pytest.raises(Invalid):
        jury.submit_review(
            actor=fund.office, application=made, values=_scores(fund.call, 6), comment=""
        )
    jury.submit_review(
        actor=fund.office, application=made, values=_scores(fund.call, 1), comment=""
    )
    standing = jury.standings([made])[made.id]
    assert len(standing.reviews) == 2
    assert standing.average == pytest.approx((review.weighted + 1) / 2, abs=0.01)


def test_decisions_keep_the_budget_and_tell_the_members_once(fund, make_partner, make_user, mails):
    made, partners = [], []
    for name in ("A", "B", "C"):
        partner = make_partner(f"Verein {name}")
        partners.append(partner)
        made.append(fund_application(partner.contact, fund.call, partner.organisation))
    with pytest.raises(Conflict):
        decisions.decide(actor=fund.office, application=made[0], approve=True, amount_cents=100)
    close_call(fund.call)
    fund.call.budget_cents = 150000
    db.session.commit()
    decisions.decide(
        actor=fund.office,
        application=made[0],
        approve=True,
        amount_cents=90000,
        conditions="Fotos",
    )
    with pytest.raises(Invalid):
        decisions.decide(actor=fund.office, application=made[1], approve=True, amount_cents=95000)
    with pytest.raises(Conflict):
        decisions.decide(actor=fund.office, application=made[1], approve=True, amount_cents=90000)
    with pytest.raises(Conflict):
        decisions.decide(actor=fund.office, application=made[0], approve=False, reason="x")
    decisions.decide(actor=fund.office, application=made[1], approve=True, amount_cents=60000)
    with pytest.raises(Invalid):
        decisions.decide(actor=fund.office, application=made[2], approve=False, reason="")
    decisions.decide(actor=fund.office, application=made[2], approve=False, reason="Zu spät")
    call = db.session.get(FundCall, fund.call.id)
    assert call.approved_total_cents == 150000 and call.status == "decided"
    from participation.mail.services import send_pending

    send_pending()
    decided = [m for m in mails if m["Subject"] == "Förderfonds: Entscheidung über Ihren Antrag"]
    assert sorted(m["To"] for m in decided) == sorted(p.contact.email for p in partners)
    assert "900,00 €" in decided[0].get_content() or "600,00 €" in decided[0].get_content()
    # Each decision is mailed once; sending again sends nothing more.
    count = len(mails)
    send_pending()
    assert len(mails) == count


def test_report_and_receipts_then_the_office_closes(fund):
    member = fund.applicant.contact
    made = fund_application(member, fund.call, fund.applicant.organisation)
    close_call(fund.call)
    with pytest.raises(Forbidden):
        applications.submit_report(
            actor=member, application=made, report="x", data=application_input()
        )
    decisions.decide(actor=fund.office, application=made, approve=True, amount_cents=50000)
    made = db.session.get(FundApplication, made.id)
    with pytest.raises(Conflict):
        decisions.close_case(actor=fund.office, application=made)
    receipt = application_input(document=BytesIO(pdf_bytes()), document_title="Rechnung Saal")
    applications.submit_report(actor=member, application=made, report="Schön war's.", data=receipt)
    assert made.status == "reported" and made.documents[0].kind == "receipt"
    decisions.close_case(actor=fund.office, application=made)
    assert made.status == "closed"


def test_erasing_a_juror_keeps_the_scores_without_the_person(fund):
    from participation.privacy.deletion import delete_account

    made = fund_application(fund.applicant.contact, fund.call, fund.applicant.organisation)
    jury.submit_review(
        actor=fund.juror, application=made, values=_scores(fund.call, 4), comment="Stark"
    )
    delete_account(actor=fund.juror, user=fund.juror, delete_contributions=False)
    review = db.session.query(FundReview).one()
    assert review.juror_id is None and review.juror_name == ""
    assert review.weighted == 4 and jury.standings([made])[made.id].average == 4
