"""Applications of partner organisations: drafts, attachments, submission, the report and
receipts after the project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core import documents
from participation.core.clock import utcnow
from participation.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from participation.core.permissions import can, require
from participation.extensions import db
from participation.fund.models import FundApplication, FundCall, FundCostItem, FundDocument
from participation.fund.money import parse_euros
from participation.fund.permissions import may_apply_for
from participation.partners.models import PartnerOrganisation

TEXT_MAX = 10_000
COST_ROWS_MAX = 30
DOCUMENTS_MAX = 10


@dataclass
class ApplicationInput:
    title: str = ""
    description: str = ""
    recognition: str = ""
    cost_plan: str = ""
    requested: str = ""
    document: BinaryIO | None = None
    document_title: str = ""


def organisations_for(actor, call: FundCall) -> list[PartnerOrganisation]:
    """The organisations `actor` may apply for and that have not applied to `call` yet."""
    if not getattr(actor, "is_authenticated", False):
        return []
    applied = set(
        db.session.scalars(
            select(FundApplication.organisation_id).where(FundApplication.call_id == call.id)
        )
    )
    return [
        assignment.organisation
        for assignment in actor.roles
        if assignment.role == "partner_member"
        and assignment.organisation is not None
        and assignment.organisation.id not in applied
        and may_apply_for(actor, call, assignment.organisation)
    ]


def parse_cost_plan(text: str) -> list[tuple[str, int]]:
    """One row a line: "Posten; Betrag" (the amount in euros)."""
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        item, sep, amount = line.rpartition(";")
        item = item.strip()
        if not sep or not item or len(item) > 200:
            raise Invalid(
                _("Jede Zeile: Posten; Betrag (z. B. „Ehrenamtsfest; 450,00“)."), field="cost_plan"
            )
        rows.append((item, parse_euros(amount, field="cost_plan")))
    if not 1 <= len(rows) <= COST_ROWS_MAX:
        raise Invalid(_("Bitte nennen Sie 1 bis 30 Posten."), field="cost_plan")
    return rows


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > TEXT_MAX:
        raise Invalid(message, field=field)
    return value


def _fill(application: FundApplication, call: FundCall, data: ApplicationInput) -> None:
    title = (data.title or "").strip()
    if not title or len(title) > 200:
        raise Invalid(_("Bitte geben Sie einen Titel an (höchstens 200 Zeichen)."), field="title")
    description = _text(data.description, "description", _("Bitte beschreiben Sie das Projekt."))
    recognition = _text(
        data.recognition,
        "recognition",
        _("Bitte beschreiben Sie, wie das Projekt Ehrenamtliche anerkennt."),
    )
    costs = parse_cost_plan(data.cost_plan)
    requested = parse_euros(data.requested, field="requested")
    if requested > call.max_per_application_cents:
        raise Invalid(
            _("Der Betrag übersteigt den Höchstbetrag der Ausschreibung."), field="requested"
        )
    if requested > sum(amount for _item, amount in costs):
        raise Invalid(
            _("Der Betrag darf die Summe des Kostenplans nicht übersteigen."), field="requested"
        )
    application.title, application.description = title, description
    application.recognition, application.requested_cents = recognition, requested
    application.cost_items = [
        FundCostItem(position=i, item=item, amount_cents=amount)
        for i, (item, amount) in enumerate(costs)
    ]


def _store(application: FundApplication, data: ApplicationInput, kind: str) -> str | None:
    """Check and store an uploaded document (if one came); its stored name, for removal
    when the commit fails."""
    if data.document is None:
        return None
    if len(application.documents) >= DOCUMENTS_MAX:
        raise Invalid(_("Höchstens 10 Dokumente je Antrag."), field="document")
    title = (data.document_title or "").strip()
    if not title or len(title) > 200:
        raise Invalid(_("Bitte benennen Sie das Dokument."), field="document_title")
    try:
        stored = documents.store_document(
            data.document,
            max_bytes=current_app.config["FUND_DOCUMENT_MAX_BYTES"],
            limits=documents.ZipLimits.from_config(),
        )
    except documents.DocumentRefused as refusal:
        raise Invalid(str(refusal), field="document") from refusal
    application.documents.append(
        FundDocument(
            kind=kind,
            title=title,
            file_name=stored.name,
            file_format=stored.format,
            file_size=stored.size,
            uploaded_at=utcnow(),
        )
    )
    return stored.name


def _commit(stored: str | None) -> None:
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        documents.delete_document(stored)
        raise


def start_application(
    *, actor, call: FundCall, organisation_id: int | None, data: ApplicationInput
) -> FundApplication:
    """A draft application of one of the actor's organisations."""
    organisation = next(
        (o for o in organisations_for(actor, call) if o.id == organisation_id), None
    )
    if organisation is None:
        if not can(actor, "apply_to_fund", call):
            raise Forbidden(_("Sie können sich auf diese Ausschreibung nicht bewerben."))
        raise Invalid(
            _("Bitte wählen Sie eine Ihrer Organisationen, die sich noch nicht beworben hat."),
            field="organisation",
        )
    application = FundApplication(
        call=call, organisation=organisation, created_by_id=actor.id, status="draft"
    )
    try:
        _fill(application, call, data)
        stored = _store(application, data, "attachment")
    except DomainError:
        db.session.rollback()
        raise
    db.session.add(application)
    try:
        _commit(stored)
    except IntegrityError as error:
        raise Conflict(_("Ihre Organisation hat sich schon beworben.")) from error
    return application


def update_application(*, actor, application: FundApplication, data: ApplicationInput) -> None:
    require(actor, "edit_fund_application", application)
    try:
        _fill(application, application.call, data)
        stored = _store(application, data, "attachment")
    except DomainError:
        db.session.rollback()
        raise
    _commit(stored)


def submit_application(*, actor, application: FundApplication) -> None:
    """Draft -> submitted, before the deadline; nothing changes afterwards."""
    require(
        actor,
        "edit_fund_application",
        application,
        _("Der Antrag kann nicht mehr eingereicht werden."),
    )
    application.status, application.submitted_at = "submitted", utcnow()
    db.session.commit()


def submit_report(
    *, actor, application: FundApplication, report: str, data: ApplicationInput
) -> None:
    """The organisation's short report after the project, with receipts (one a time);
    sending it again adds receipts and changes the text until the office closes the case."""
    require(actor, "report_fund_application", application)
    try:
        application.report = _text(report, "report", _("Bitte schreiben Sie einen kurzen Bericht."))
        stored = _store(application, data, "receipt")
    except DomainError:
        db.session.rollback()
        raise
    if application.status == "approved":
        application.status, application.reported_at = "reported", utcnow()
    _commit(stored)


def get_application(application_id: int, *, actor) -> FundApplication:
    application = db.session.get(FundApplication, application_id)
    if application is None or not can(actor, "see_fund_application", application):
        raise NotFound(_("Diesen Antrag gibt es nicht."))
    return application


def get_document(application: FundApplication, document_id: int, *, actor) -> FundDocument:
    document = next((d for d in application.documents if d.id == document_id), None)
    if document is None or not can(actor, "see_fund_documents", application):
        raise NotFound(_("Dieses Dokument gibt es nicht."))
    if document.kind == "receipt" and not (
        can(actor, "manage_fund") or actor.id in _member_ids(application)
    ):
        raise NotFound(_("Dieses Dokument gibt es nicht."))
    return document


def _member_ids(application: FundApplication) -> set[int]:
    from participation.accounts.models import RoleAssignment

    return set(
        db.session.scalars(
            select(RoleAssignment.user_id).where(
                RoleAssignment.role == "partner_member",
                RoleAssignment.organisation_id == application.organisation_id,
            )
        )
    )


def own_applications(actor, call: FundCall) -> list[FundApplication]:
    """The applications of the actor's organisations to `call`."""
    ids = actor.organisation_ids() if getattr(actor, "is_authenticated", False) else set()
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(FundApplication)
            .where(FundApplication.call_id == call.id, FundApplication.organisation_id.in_(ids))
            .order_by(FundApplication.id)
        )
    )
