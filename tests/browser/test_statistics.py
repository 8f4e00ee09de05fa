"""The office's figures and the public accountability pages pass axe in Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.answers import services as answers
from participation.coordination.services import advance_to
from participation.core import clock
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_figures_and_accountability_have_no_violations(
    page, live_server, make_user, make_process, make_proposal
):
    office = make_user("coordinator")
    process = make_process("Platz am Küchengarten", district="10")
    answered, waiting = make_proposal(process), make_proposal(process)
    answers.answer(
        actor=office, proposal=answered, status="accepted", text="Das kommt im nächsten Jahr."
    )
    advance_to(actor=office, process=make_process("Prüfung", publish=False), status="in_review")
    problems = []
    with clock.travel(clock.utcnow() + timedelta(days=200)):
        for path in ["/antworten", f"/verfahren/{process.slug}"]:
            page.goto(path)
            problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
        sign_in(page, office.email)
        page.goto("/verwaltung/kennzahlen")
        assert page.get_by_role("heading", name="Überfällige Prüfungen").is_visible()
        problems += [f"figures: {v}" for v in axe_violations(page)]
        page.goto("/verwaltung")
        problems += [f"dashboard: {v}" for v in axe_violations(page)]
    assert waiting.response_status == "open"
    assert problems == [], "\n".join(problems)
