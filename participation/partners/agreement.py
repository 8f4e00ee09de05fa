"""The cooperation agreement: its versions, the signatures of the organisations, and who
has not yet signed the current version."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Conflict, Invalid
from participation.core.links import external_url
from participation.core.permissions import require
from participation.core.sanitize import render_page_markdown
from participation.core.text import has_invisible_or_control
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners.models import (
    AgreementSignature,
    CooperationAgreement,
    PartnerOrganisation,
)


def current_agreement() -> CooperationAgreement | None:
    return db.session.scalar(
        select(CooperationAgreement).order_by(CooperationAgreement.version.desc()).limit(1)
    )


def agreement_versions() -> list[CooperationAgreement]:
    return list(
        db.session.scalars(
            select(CooperationAgreement).order_by(CooperationAgreement.version.desc())
        )
    )


def publish_agreement(*, actor, title: str, text: str) -> CooperationAgreement:
    """The office publishes a new version; every active partner is asked to sign it."""
    require(
        actor, "manage_partners", message=_("Die Vereinbarung ändert die Koordinierungsstelle.")
    )
    title, text = (title or "").strip(), (text or "").strip()
    if not 3 <= len(title) <= 200:
        raise Invalid(_("Bitte geben Sie einen Titel mit 3 bis 200 Zeichen an."), field="title")
    if not 50 <= len(text) <= 50_000:
        raise Invalid(_("Der Text der Vereinbarung braucht 50 bis 50.000 Zeichen."), field="text")
    latest = db.session.scalar(select(func.max(CooperationAgreement.version))) or 0
    agreement = CooperationAgreement(
        version=latest + 1,
        title=title,
        text_markdown=text,
        text_html=render_page_markdown(text),
        published_at=utcnow(),
        published_by_id=actor.id if actor else None,
    )
    db.session.add(agreement)
    db.session.flush()
    asked = db.session.execute(
        select(User.email, PartnerOrganisation.slug)
        .join(PartnerOrganisation, PartnerOrganisation.contact_id == User.id)
        .where(PartnerOrganisation.status == "active")
    ).all()
    for email, slug in asked:
        queue_mail(
            recipient=email,
            subject=_("Neue Fassung der Kooperationsvereinbarung"),
            template="agreement_published",
            version=agreement.version,
            link=external_url("partners.manage", slug=slug) + "#vereinbarung",
        )
    db.session.commit()
    return agreement


def signature_of(organisation: PartnerOrganisation, agreement) -> AgreementSignature | None:
    if agreement is None:
        return None
    return db.session.scalar(
        select(AgreementSignature).where(
            AgreementSignature.organisation_id == organisation.id,
            AgreementSignature.agreement_id == agreement.id,
        )
    )


def signatures(organisation: PartnerOrganisation) -> list[AgreementSignature]:
    return list(
        db.session.scalars(
            select(AgreementSignature)
            .where(AgreementSignature.organisation_id == organisation.id)
            .order_by(AgreementSignature.signed_at.desc())
        )
    )


def has_current_signature(organisation: PartnerOrganisation) -> bool:
    return signature_of(organisation, current_agreement()) is not None


def unsigned_partners() -> list[PartnerOrganisation]:
    """Active partners that have not signed the current version (one query)."""
    agreement = current_agreement()
    query = select(PartnerOrganisation).where(PartnerOrganisation.status == "active")
    if agreement is not None:
        signed = select(AgreementSignature.organisation_id).where(
            AgreementSignature.agreement_id == agreement.id
        )
        query = query.where(PartnerOrganisation.id.not_in(signed))
    return list(db.session.scalars(query.order_by(PartnerOrganisation.name)))


def check_signature(agreement, *, signer_name: str, accepted: bool, version: int | None):
    if agreement is None:
        raise Conflict(_("Es gibt noch keine Kooperationsvereinbarung zum Unterzeichnen."))
    if version != agreement.version:
        raise Invalid(
            _(
                "Die Vereinbarung wurde inzwischen geändert. Bitte lesen Sie die neue Fassung "
                "(Version %(version)s).",
                version=agreement.version,
            ),
            field="accept",
        )
    if not accepted:
        raise Invalid(
            _("Bitte bestätigen Sie, dass Ihre Organisation die Vereinbarung annimmt."),
            field="accept",
        )
    signer_name = " ".join((signer_name or "").split())
    if not 3 <= len(signer_name) <= 200 or has_invisible_or_control(signer_name):
        raise Invalid(
            _("Bitte geben Sie den Namen der unterzeichnenden Person an (3 bis 200 Zeichen)."),
            field="signer_name",
        )
    return signer_name


def record_signature(organisation, agreement, actor, signer_name: str) -> bool:
    return insert_ignoring_duplicates(
        db.session,
        AgreementSignature,
        organisation_id=organisation.id,
        agreement_id=agreement.id,
        signer_id=actor.id,
        signer_name=signer_name,
        signed_at=utcnow(),
    )


def sign(
    *,
    actor,
    organisation: PartnerOrganisation,
    signer_name: str,
    accepted: bool,
    version: int | None,
) -> None:
    """The contact signs the current version for the organisation."""
    require(
        actor,
        "speak_for_organisation",
        organisation,
        message=_("Die Vereinbarung unterzeichnet die Kontaktperson der Organisation."),
    )
    agreement = current_agreement()
    signer_name = check_signature(
        agreement, signer_name=signer_name, accepted=accepted, version=version
    )
    if not record_signature(organisation, agreement, actor, signer_name):
        db.session.rollback()
        raise Conflict(_("Diese Fassung hat Ihre Organisation bereits unterzeichnet."))
    db.session.commit()
