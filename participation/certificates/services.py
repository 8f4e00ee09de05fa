"""Issuing, revoking, finding and printing certificates.

Other features issue them (trainings: attendance; the network: civic engagement) from
their own services, which check who may; `issue` is idempotent per source and holder, so
issuing again (a double click, a job run twice) returns the certificate that exists.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.certificates.models import Certificate
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.links import external_url
from participation.core.pagination import Page, fetch_page
from participation.core.permissions import can, require
from participation.core.text import name_key
from participation.extensions import db

# 20 random bytes: 160 bits, 32 characters of base32 (A–Z, 2–7) without padding. Upper
# case letters and digits without 0/1/8/9 are easy to read from paper and to type.
CODE_BYTES = 20
CODE_LENGTH = 32
_CODE = re.compile(r"[A-Z2-7]{32}")
# What people type around a code: spaces, hyphens (the printed groups), dots.
_SEPARATORS = re.compile(r"[\s\-.]+")
NAME_MAX, TITLE_MAX, ISSUER_MAX, REASON_MAX = 200, 300, 300, 500
PAGE_SIZE = 20


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")


def normalise_code(text: str | None) -> str | None:
    """The code in its stored form, or None when `text` cannot be one (nothing looked up)."""
    candidate = _SEPARATORS.sub("", (text or "")[:80]).upper()
    return candidate if _CODE.fullmatch(candidate) else None


def grouped(code: str) -> str:
    """The code as printed: groups of four, easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(certificate: Certificate) -> str:
    return external_url("certificates.verify", code=certificate.code)


def _holder_ref(holder: User | None, holder_name: str) -> str:
    if holder is not None:
        return f"user:{holder.id}"
    return f"name:{name_key(holder_name)}"[:220]


def _checked_text(value: str, limit: int, field: str, message: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise Invalid(message, field=field)
    return text[:limit]


def issue(
    *,
    kind: str,
    holder: User | None,
    holder_name: str,
    title: str,
    held_from: date,
    held_until: date | None = None,
    source_type: str,
    source_id: int,
    details: dict | None = None,
    issuer: str | None = None,
) -> Certificate:
    """The certificate of `holder` for this source; made the first time, returned as it
    is every time after (also when two calls race: the unique constraint decides)."""
    name = _checked_text(holder_name, NAME_MAX, "holder_name", _("Der Name fehlt."))
    title = _checked_text(title, TITLE_MAX, "title", _("Der Titel fehlt."))
    if held_until is not None and held_until < held_from:
        raise Invalid(_("Das Ende liegt vor dem Beginn."), field="held_until")
    ref = _holder_ref(holder, name)
    existing = _by_source(source_type, source_id, ref)
    if existing is not None:
        return existing
    certificate = Certificate(
        code=new_code(),
        kind=kind,
        holder_id=holder.id if holder is not None else None,
        holder_ref=ref,
        holder_name=name,
        title=title,
        held_from=held_from,
        held_until=held_until if held_until != held_from else None,
        issuer=(issuer or current_app.config["CERTIFICATE_ISSUER"])[:ISSUER_MAX],
        details=details or None,
        source_type=source_type,
        source_id=source_id,
        issued_at=utcnow(),
    )
    try:
        db.session.add(certificate)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _by_source(source_type, source_id, ref)
        if existing is None:
            raise
        return existing
    return certificate


def _by_source(source_type: str, source_id: int, ref: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.source_type == source_type,
            Certificate.source_id == source_id,
            Certificate.holder_ref == ref,
        )
    )


def revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """The verification page says from now on that the certificate is no longer valid,
    with the reason; the row stays (a printed copy can still be checked)."""
    require(actor, "revoke_certificate", certificate)
    text = _checked_text(reason, REASON_MAX, "reason", _("Bitte nennen Sie einen Grund."))
    if certificate.is_revoked:
        raise Conflict(_("Diese Bescheinigung ist bereits zurückgezogen."))
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = text
    db.session.commit()
    return certificate


def switch_verification(*, actor: User, certificate: Certificate, on: bool) -> Certificate:
    """The holder switches the public check of their certificate off (the page then says
    that it cannot be confirmed there) or on again; the PDF stays theirs either way."""
    require(actor, "switch_certificate_verification", certificate)
    if on == certificate.is_verifiable:
        raise Conflict(
            _("Die öffentliche Prüfung ist bereits eingeschaltet.")
            if on
            else _("Die öffentliche Prüfung ist bereits ausgeschaltet.")
        )
    certificate.verification_off_at = None if on else utcnow()
    db.session.commit()
    return certificate


def by_code(code: str | None) -> Certificate:
    """The certificate with this code (typed with or without the printed hyphens)."""
    normal = normalise_code(code)
    certificate = (
        db.session.scalar(select(Certificate).where(Certificate.code == normal)) if normal else None
    )
    if certificate is None:
        raise NotFound(_("Zu diesem Code haben wir keine Bescheinigung gefunden."))
    return certificate


def own_certificate(*, actor: User, code: str) -> Certificate:
    """The holder's certificate; anyone else gets the same 404 as for an unknown code."""
    certificate = by_code(code)
    if not can(actor, "download_certificate", certificate):
        # The same answer as for an unknown code: nothing said about whose it is.
        raise NotFound(_("Zu diesem Code haben wir keine Bescheinigung gefunden."))
    return certificate


def certificates_of(user: User, page: int = 1) -> Page:
    """The holder's certificates, newest first (one query for the page, one for the count)."""
    return fetch_page(
        db.session,
        Certificate,
        [Certificate.holder_id == user.id],
        [Certificate.issued_at.desc(), Certificate.id.desc()],
        page,
        PAGE_SIZE,
    )


def erase_holder(run, uid: int) -> None:
    """Account deletion (participation/privacy/deletion.py): the name and the details go,
    and the link to the account. The certificate stays findable by its code, and its page
    says that the name was deleted, so it confirms nobody any more."""
    run(
        "certificate",
        update(Certificate)
        .where(Certificate.holder_id == uid)
        .values(
            holder_id=None,
            holder_name="",
            details=None,
            holder_ref="erased:" + Certificate.code,
        ),
    )


@dataclass(frozen=True)
class Printed:
    """What the PDF prints besides the certificate's own columns."""

    code: str
    url: str


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page PDF (WeasyPrint, DejaVu embedded, nothing fetched)."""
    from participation.results.exports import pdf_document

    printed = Printed(code=grouped(certificate.code), url=verification_url(certificate))
    return pdf_document(
        "certificates/certificate_pdf.html", certificate=certificate, printed=printed
    ).write_pdf()
