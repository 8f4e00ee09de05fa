"""Issue 16's bar through the WSGI client and a real SMTP sink: an interest in
Linden-Limmer, a dialogue opening there, an answer to a supported proposal, one weekly
digest with both, nothing on a second run, and one-click unsubscribe stopping the next."""

from __future__ import annotations

import re
from datetime import timedelta

from participation.answers import services as answers
from participation.core.clock import local_today
from participation.notifications.jobs import digest_run
from participation.projects.services import PhaseInput
from tests.notifications.helpers import next_monday_morning


def _to(messages, person) -> list:
    return [m for m in messages if m["To"] == person.email]


def test_interest_dialogue_answer_one_digest_then_unsubscribe(
    smtp_app, smtp_sink, make_user, make_process, make_proposal
):
    # The factories' fixtures push the plain app's context last: act in the SMTP one.
    with smtp_app.app_context():
        client = smtp_app.test_client()
        resident = make_user("resident")
        client.sign_in(resident)
        page = client.get("/bezirke/10").get_data(as_text=True)
        assert "Benachrichtige mich über Neues in Linden-Limmer" in page
        assert client.post_form("/konto/interessen/schnell", {"bezirk": "10"}).status_code == 303

        today = local_today()
        running = (PhaseInput("dialogue", today - timedelta(days=1), today + timedelta(days=20)),)
        process = make_process("Ihmeufer für alle", district="10", phases=running)
        elsewhere = make_process("Marktplatz Mitte", district="01", phases=running)
        proposal = make_proposal(process, title="Bänke am Ufer")
        support = client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
        assert support.status_code in (200, 303)
        manager = make_user("district_manager", district="10")
        answers.answer(
            actor=manager,
            proposal=proposal,
            status="accepted",
            text="Die Bänke kommen im Frühjahr.",
        )
        assert smtp_sink.messages == []  # digest items, nothing at once

        monday = next_monday_morning()
        digest_run(now=monday.isoformat())
        mine = _to(smtp_sink.wait_for(2), resident)
        assert len(mine) == 1
        digest = mine[0]
        body = digest.get_content()
        assert digest["To"] == resident.email
        assert "Ihmeufer für alle" in body and "Bänke am Ufer" in body
        assert f"/verfahren/{process.slug}" in body and f"/vorschlaege/{proposal.id}" in body
        assert elsewhere.title not in body

        digest_run(now=(monday + timedelta(hours=2)).isoformat())
        assert len(_to(smtp_sink.wait_for(3, timeout=0.5), resident)) == 1

        unsubscribe = re.fullmatch(r"<https?://[^/]+(/\S+)>", digest["List-Unsubscribe"]).group(1)
        assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        anonymous = smtp_app.test_client()
        one_click = anonymous.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
        assert one_click.status_code == 200

        second = make_proposal(process, title="Licht am Steg")
        client.post_form(f"/vorschlaege/{second.id}/unterstuetzen")
        answers.answer(
            actor=manager,
            proposal=second,
            status="rejected",
            text="Dafür fehlt das Geld dieses Jahr.",
        )
        digest_run(now=(monday + timedelta(days=7)).isoformat())
        assert len(_to(smtp_sink.wait_for(9, timeout=0.5), resident)) == 1
        centre = client.get("/konto/benachrichtigungen").get_data(as_text=True)
        assert "Licht am Steg" in centre  # still in the portal
