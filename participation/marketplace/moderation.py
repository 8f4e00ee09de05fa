"""Marketplace entries are network items of the moderation: residents report them at
/melden/marktplatz/<id>, the coordination office hides them with a public reason
(participation/moderation/subjects.py). Their owner is a company or a partner organisation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.marketplace.models import MarketEntry
from participation.marketplace.permissions import is_party_member
from participation.moderation.subjects import register

KIND = "marktplatz"


def _owners(entry: MarketEntry) -> list:
    from participation.marketplace.services import party_members

    return party_members(entry.owner)


register(
    KIND,
    MarketEntry,
    label=_l("Eintrag im Marktplatz"),
    public_endpoint="marketplace.entry",
    id_arg="entry_id",
    title=lambda entry: entry.title,
    owner_label=lambda entry: entry.owner.name,
    owners=_owners,
    owned_by=lambda actor, entry: is_party_member(actor, entry.owner),
    is_published=lambda entry: entry.status == "published",
    text=lambda entry: entry.description,
)
