"""Partners' contributions (statements, events, offers) are network items of the moderation:
residents report them at /melden/beitraege/<id>, the coordination office hides them with a
public reason (participation/moderation/subjects.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.contributions.models import Contribution
from participation.moderation.subjects import register

KIND = "beitraege"


def _owners(contribution: Contribution) -> list:
    from participation.partners.services import members

    return members(contribution.organisation)


def _owned_by(actor, contribution: Contribution) -> bool:
    from participation.contributions.services import may_change

    return bool(actor and actor.is_authenticated and may_change(actor, contribution))


register(
    KIND,
    Contribution,
    label=_l("Beitrag einer Partnerorganisation"),
    public_endpoint="contributions.detail",
    id_arg="contribution_id",
    title=lambda contribution: contribution.title,
    owner_label=lambda contribution: contribution.organisation.name,
    owners=_owners,
    owned_by=_owned_by,
    is_published=lambda contribution: contribution.status == "published",
    text=lambda contribution: contribution.body_html,
    text_is_html=True,
)
