"""The demo data of the volunteer phone: every page shows something, seeding twice adds
nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.volunteerphone.models import (
    CallbackRequest,
    PhoneAdviser,
    PhoneConversation,
    PhoneDuty,
    PhoneException,
    PhoneSlot,
)

TABLES = (PhoneSlot, PhoneException, PhoneAdviser, PhoneDuty, CallbackRequest, PhoneConversation)


def test_the_demo_is_complete_and_idempotent(app, client):
    seed_demo()
    first = [db.session.scalar(select(func.count()).select_from(t)) for t in TABLES]
    seed_demo()
    assert [db.session.scalar(select(func.count()).select_from(t)) for t in TABLES] == first
    slots, exceptions, advisers, duties, callbacks, logs = first
    assert slots >= 5 and exceptions == 2 and advisers == 2 and duties >= 8
    assert callbacks == 3 and logs == 1
    statuses = set(db.session.scalars(select(CallbackRequest.status)))
    assert statuses == {"open", "taken", "logged"}
    assert "Sprechzeiten" in client.get("/freiwilligentelefon").get_data(as_text=True)
