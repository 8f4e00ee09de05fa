"""Funded applications of the recognition fund are public and so network items of the
moderation: residents report them at /melden/foerderantraege/<id>, the coordination office
hides them with a public reason (participation/moderation/subjects.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.fund.models import FundApplication
from participation.moderation.subjects import register
from participation.partners.permissions import is_member

KIND = "foerderantraege"


def _owners(application: FundApplication) -> list:
    from participation.partners.services import members

    return members(application.organisation)


register(
    KIND,
    FundApplication,
    label=_l("Geförderter Antrag des Förderfonds"),
    public_endpoint="fund.application",
    id_arg="application_id",
    title=lambda application: application.title,
    owner_label=lambda application: application.organisation.name,
    owners=_owners,
    owned_by=lambda actor, application: is_member(actor, application.organisation),
    # Only funded projects are public; drafts and applications under review are not.
    is_published=lambda application: application.is_funded,
    text=lambda application: application.description,
)
