"""The timeline page and the step forms, as the district and the office use them."""

from __future__ import annotations

from participation.coordination import checklist
from participation.coordination.services import advance_to, transition
from tests.conftest import count_queries


def _ticks(keys=None) -> dict[str, str]:
    keys = [k for k, _t in checklist.items()] if keys is None else keys
    return {f"approve-check_{key}": "y" for key in keys}


def test_the_district_sees_its_step_and_the_office_its_own(client, make_user, make_process):
    process = make_process("Spielplatz Linden", district="10", publish=False)
    client.login(make_user("district_manager", district="10"))
    page = client.get(f"/verwaltung/verfahren/{process.slug}/ablauf").get_data(as_text=True)
    assert "Zur Prüfung einreichen" in page and "Freigeben" not in page
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/einreichen",
        {"submit-comment": "Fertig zur Prüfung"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Das Verfahren ist zur Prüfung eingereicht." in html
    assert "In Prüfung" in html and "Fertig zur Prüfung" in html
    assert "Für Sie steht in diesem Status kein Schritt an." in html
    # Under review the district cannot change the text.
    assert "/bearbeiten" not in html
    client.logout()
    client.login(make_user("coordinator"))
    html = client.get(f"/verwaltung/verfahren/{process.slug}/ablauf").get_data(as_text=True)
    assert "Zurückgeben" in html and "Prüfliste nach den Leitlinien" in html
    for _key, text in checklist.items():
        assert text in html


def test_a_refused_approval_keeps_what_was_typed_and_ticked(client, make_user, make_process):
    coordinator = make_user("coordinator")
    process = make_process(publish=False)
    advance_to(actor=coordinator, process=process, status="in_review")
    client.login(coordinator)
    first = checklist.items()[0][0]
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/freigeben",
        {**_ticks([first]), "approve-comment": "Fast alles gut"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nicht alle Punkte der Prüfliste sind abgehakt." in html
    assert "Fast alles gut" in html
    assert f'<input checked id="approve-check_{first}"' in html
    second = checklist.items()[1][0]
    assert f'<input id="approve-check_{second}"' in html
    assert process.status == "in_review"


def test_a_return_without_reason_is_refused_next_to_the_field(client, make_user, make_process):
    coordinator = make_user("coordinator")
    process = make_process(publish=False)
    advance_to(actor=coordinator, process=process, status="in_review")
    client.login(coordinator)
    response = client.post_form(f"/verwaltung/verfahren/{process.slug}/zurueckgeben", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="return-comment-error"' in html and "mindestens 10 Zeichen" in html


def test_a_step_no_longer_on_offer_says_why(client, make_user, make_process):
    coordinator = make_user("coordinator")
    process = make_process(publish=False)
    client.login(coordinator)
    response = client.post_form(f"/verwaltung/verfahren/{process.slug}/veroeffentlichen", {})
    assert response.status_code == 409
    assert "Im Status „Entwurf“ ist das nicht möglich." in response.get_data(as_text=True)


def test_the_timeline_has_a_fixed_number_of_queries(app, client, make_user, make_process):
    coordinator = make_user("coordinator")
    client.login(coordinator)

    def queries(rounds: int) -> int:
        process = make_process(publish=False)
        for _ in range(rounds):
            drafter = make_user("district_manager", district="10")
            transition(actor=drafter, process=process, action="submit")
            transition(
                actor=coordinator, process=process, action="return", comment="Noch einmal bitte."
            )
            transition(actor=drafter, process=process, action="revise")
        with count_queries(app) as counter:
            page = client.get(f"/verwaltung/verfahren/{process.slug}/ablauf")
        assert page.status_code == 200
        return counter.count

    assert queries(1) == queries(6)


def test_the_staff_list_filters_by_status(client, make_user, make_process):
    coordinator = make_user("coordinator")
    waiting = make_process("Wartet auf Prüfung", publish=False)
    advance_to(actor=coordinator, process=waiting, status="in_review")
    make_process("Noch im Entwurf", publish=False)
    client.login(coordinator)
    html = client.get("/verwaltung/verfahren?status=in_review").get_data(as_text=True)
    assert "Wartet auf Prüfung" in html and "Noch im Entwurf" not in html
    html = client.get("/verwaltung/verfahren?status=unbekannt").get_data(as_text=True)
    assert "Wartet auf Prüfung" in html and "Noch im Entwurf" in html
