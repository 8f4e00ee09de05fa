"""A deleted account leaves its party's marketplace rows without the person; its export
holds its messages."""

from __future__ import annotations

from participation.extensions import db
from participation.marketplace import services
from participation.marketplace.models import MarketEntry, MarketMessage
from participation.privacy import deletion
from participation.privacy.registry import SOURCES_BY_KEY, select_rows
from tests.marketplace import factories as f


def test_deletion_keeps_the_party_rows_without_the_person(make_user):
    owner, member = f.company(make_user)
    entry = f.entry(member, owner)
    sender_company, sender = f.company(make_user)
    message = services.contact(
        actor=sender,
        entry=entry,
        party_key=sender_company.party_key,
        body="Hallo",
        reply_email="privat@example.org",
    )
    rows = db.session.execute(select_rows(SOURCES_BY_KEY["market_message"], sender.id)).all()
    assert len(rows) == 1
    deletion.delete_account(actor=None, user=sender, delete_contributions=False)
    deletion.delete_account(actor=None, user=member, delete_contributions=False)
    db.session.expire_all()
    kept = db.session.get(MarketMessage, message.id)
    assert (kept.sender_id, kept.reply_email, kept.body) == (None, "", "Hallo")
    assert db.session.get(MarketEntry, entry.id).author_id is None
    assert services.member_addresses(owner) == []
