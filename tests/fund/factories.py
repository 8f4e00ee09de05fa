"""Calls and applications of the recognition fund for tests (any code with an app context)."""

from __future__ import annotations

from datetime import timedelta

from participation.core.clock import utcnow


def call_input(juror_ids, **overrides):
    from participation.fund.calls import CallInput

    values = {
        "title": "Danke-Projekte 2026",
        "description": "Wir fördern Projekte, die Ehrenamtlichen **danke** sagen.",
        "budget": "10.000",
        "maximum": "2.000",
        "deadline": utcnow() + timedelta(days=14),
        "criteria": "Wirkung für Ehrenamtliche; 3\nReichweite; 2\nNachhaltigkeit; 1",
        "seal_required": False,
        "score_scale": 5,
        "juror_ids": tuple(juror_ids),
    }
    values.update(overrides)
    return CallInput(**values)


def fund_call(office, *, jurors=(), publish: bool = True, **overrides):
    """A call written (and opened) by `office`, whose jury is `office` and `jurors`."""
    from participation.fund import calls

    ids = [office.id, *(juror.id for juror in jurors)]
    made = calls.save_call(actor=office, data=call_input(ids, **overrides))
    if publish:
        calls.open_call(actor=office, call=made)
    return made


def speaker_organisation(organisation) -> None:
    """Seat `organisation` in the speaker group (a coordinating organisation)."""
    from participation.extensions import db

    organisation.is_coordinating = True
    db.session.commit()


def application_input(**overrides):
    from participation.fund.applications import ApplicationInput

    values = {
        "title": "Ehrenamtsfest im Stadtteil",
        "description": "Ein Fest für alle Ehrenamtlichen des Stadtteils.",
        "recognition": "Öffentlicher Dank, Urkunden und ein gemeinsamer Abend.",
        "cost_plan": "Saalmiete; 400\nEssen und Getränke; 600,50",
        "requested": "900",
    }
    values.update(overrides)
    return ApplicationInput(**values)


def fund_application(member, call, organisation, *, submit: bool = True, **overrides):
    from participation.fund import applications

    made = applications.start_application(
        actor=member,
        call=call,
        organisation_id=organisation.id,
        data=application_input(**overrides),
    )
    if submit:
        applications.submit_application(actor=member, application=made)
    return made


def close_call(call) -> None:
    """Move the call's deadline into the past (the jury and the office go to work)."""
    from participation.extensions import db

    call.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()


def fund_samples(office, partner) -> dict:
    """For the route tables: an open call with the partner's draft and its attachment, and
    a closed call with the partner's approved application."""
    from io import BytesIO

    from participation.fund import decisions
    from tests.workaids.files import pdf_bytes

    open_call, closed = fund_call(office), fund_call(office, title="Vorige Runde")
    funded = fund_application(partner.contact, closed, partner.organisation)
    close_call(closed)
    decisions.decide(actor=office, application=funded, approve=True, amount_cents=50000)
    draft = fund_application(
        partner.contact,
        open_call,
        partner.organisation,
        submit=False,
        document=BytesIO(pdf_bytes()),
        document_title="Angebot",
    )
    return {
        "fund_call": open_call.id,
        "fund_draft": draft.id,
        "fund_funded": funded.id,
        "fund_doc": draft.documents[0].id,
    }
