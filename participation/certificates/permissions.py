"""Who may download and revoke a certificate: its holder; revoking also the office."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.projects.permissions import is_office


def is_holder(user, certificate) -> bool:
    return bool(
        user
        and user.is_authenticated
        and certificate is not None
        and certificate.holder_id is not None
        and certificate.holder_id == user.id
    )


@rule("download_certificate")
def can_download_certificate(user, certificate) -> bool:
    """Only the holder: the PDF holds what the public page leaves out (details)."""
    return is_holder(user, certificate)


@rule("revoke_certificate")
def can_revoke_certificate(user, certificate) -> bool:
    """The office (a certificate issued in error), and the holder (who may take back the
    public verification of their own certificate)."""
    return is_office(user) or is_holder(user, certificate)


@rule("switch_certificate_verification")
def can_switch_certificate_verification(user, certificate) -> bool:
    """Only the holder decides whether the public page confirms their certificate."""
    return is_holder(user, certificate)
