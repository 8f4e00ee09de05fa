"""The budget holds when the office's approvals race (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.core.errors import Conflict
from participation.fund import decisions
from participation.fund.models import FundApplication, FundCall
from tests.concurrency import all_at_once
from tests.fund.factories import close_call, fund_application


def test_twenty_approvals_at_once_never_pass_the_budget(
    app, db, fund, make_organisation, make_user
):
    """Twenty approvals of 1.000 € at the same moment against a budget of 10.000 €: ten
    approved, ten refused, the stored sum equals the approved amounts."""
    by_member = {}
    for n in range(20):
        organisation = make_organisation(f"verein-{n}")
        member = make_user("partner_member", organisation=organisation.slug)
        made = fund_application(member, fund.call, organisation, requested="1.000")
        by_member[member.id] = made.id
    close_call(fund.call)
    call_id, office_id = fund.call.id, fund.office.id
    db.session.remove()

    def attempt(member):
        from participation.accounts.models import User
        from participation.extensions import db as database

        application = database.session.get(FundApplication, by_member[member.id])
        decisions.decide(
            actor=database.session.get(User, office_id),
            application=application,
            approve=True,
            amount_cents=100000,
        )

    errors = all_at_once(app, list(by_member), attempt)
    assert len(errors) == 10 and all(isinstance(e, Conflict) for e in errors), errors
    call = db.session.get(FundCall, call_id)
    approved = db.session.scalar(
        select(func.sum(FundApplication.approved_cents)).where(
            FundApplication.call_id == call_id, FundApplication.status == "approved"
        )
    )
    counted = db.session.scalar(
        select(func.count()).where(
            FundApplication.call_id == call_id, FundApplication.status == "approved"
        )
    )
    assert counted == 10
    assert approved == call.approved_total_cents == call.budget_cents == 1_000_000


def test_one_application_decided_twice_at_once_counts_once(app, db, fund, make_user):
    made = fund_application(fund.applicant.contact, fund.call, fund.applicant.organisation)
    close_call(fund.call)
    offices = [make_user("coordinator").id for _ in range(6)]
    application_id, call_id = made.id, fund.call.id
    db.session.remove()

    def attempt(office):
        from participation.extensions import db as database

        decisions.decide(
            actor=office,
            application=database.session.get(FundApplication, application_id),
            approve=True,
            amount_cents=90000,
        )

    errors = all_at_once(app, offices, attempt)
    assert len(errors) == 5 and all(isinstance(e, Conflict) for e in errors), errors
    assert db.session.get(FundCall, call_id).approved_total_cents == 90000
