"""Signed links in newsletter mails: confirming a subscription and unsubscribing.

itsdangerous, signed with SECRET_KEY under salts of this feature. A link names a subscriber
and their `token_version`; whoever reads it checks that version against the subscriber's
(participation/newsletters/services.py), so a link can be used once or replaced.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from participation.core.errors import DomainError
from participation.core.links import external_url

CONFIRM, UNSUBSCRIBE = "newsletter-confirm", "newsletter-unsubscribe"
# Defaults of the settings of the same names; config.py reads them from the environment.
DEFAULTS = {
    "NEWSLETTER_CONFIRM_MAX_AGE": 3 * 86_400,
    "NEWSLETTER_UNSUBSCRIBE_MAX_AGE": 2 * 365 * 86_400,
    # A new confirmation mail to the same address waits this long: the form cannot be
    # used to flood someone's mailbox.
    "NEWSLETTER_CONFIRM_INTERVAL": 300,
}


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


class BadLink(DomainError):
    """A link that was never ours (forged, cut off)."""

    status_code = 400


class GoneLink(DomainError):
    """A link that was ours but no longer works (expired, used, replaced)."""

    status_code = 410


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"participation:{purpose}")


def make_link_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_link(purpose: str, token: str, max_age: int) -> dict:
    if not token or len(token) > 1000:
        raise BadLink(_("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise GoneLink(_("Dieser Link ist abgelaufen.")) from exc
    except BadSignature as exc:
        raise BadLink(
            _("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist.")
        ) from exc
    if not (
        isinstance(payload, dict)
        and isinstance(payload.get("s"), int)
        and isinstance(payload.get("v"), int)
    ):
        raise BadLink(_("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    return payload


def unsubscribe_token(subscriber_id: int, version: int) -> str:
    return make_link_token(UNSUBSCRIBE, {"s": subscriber_id, "v": version})


def unsubscribe_url(subscriber_id: int, version: int) -> str:
    return external_url("newsletters.unsubscribe", token=unsubscribe_token(subscriber_id, version))


def list_headers(unsubscribe: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058): mail programs POST to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
