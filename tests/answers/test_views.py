"""The answer pages as staff use them without JavaScript: the answer form, assignments,
the queue, the team of a process, and the public list of overdue answers."""

from __future__ import annotations

from datetime import timedelta

from participation.answers import services as answers
from participation.core import clock
from participation.core.clock import local_today
from tests.accounts.helpers import mails_to
from tests.conftest import count_queries
from tests.notifications.helpers import want_at_once

TEXT = "Wir prüfen den Vorschlag im Rahmen der Haushaltsberatungen."


def test_a_manager_answers_and_the_author_reads_it(
    client, make_user, make_process, make_proposal, mails
):
    process = make_process(district="10")
    author = make_user("resident")
    want_at_once(author, "official_answer")
    proposal = make_proposal(process, author=author)
    client.login(make_user("district_manager", district="10", pseudonym="Bezirksmanagement"))
    page = client.get(f"/verwaltung/antworten/{proposal.id}").get_data(as_text=True)
    assert proposal.title in page and 'name="status"' in page
    response = client.post_form(
        f"/verwaltung/antworten/{proposal.id}", {"status": "accepted", "text": TEXT}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/vorschlaege/{proposal.id}")
    html = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert TEXT in html and "Bezirksmanagement" in html and "Angenommen" in html
    assert len(mails_to(mails, author.email)) == 1


def test_a_refused_answer_keeps_the_text(client, make_user, make_process, make_proposal):
    proposal = make_proposal(make_process(district="10"))
    client.login(make_user("coordinator"))
    response = client.post_form(
        f"/verwaltung/antworten/{proposal.id}", {"status": "accepted", "text": "Zu kurz"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "mindestens 20 Zeichen" in html and "Zu kurz" in html
    assert 'value="accepted" checked' in html or 'checked id="status-1"' in html
    assert proposal.response_status == "open"


def test_the_office_assigns_a_proposal_and_a_process_team(
    client, make_user, make_process, make_proposal
):
    process = make_process(district="10")
    proposal = make_proposal(process)
    manager = make_user("district_manager", district="10", pseudonym="Frau Bezirk")
    client.login(make_user("coordinator"))
    due = (local_today() + timedelta(days=20)).isoformat()
    response = client.post_form(
        f"/verwaltung/antworten/{proposal.id}/zuweisen",
        {"assignee": str(manager.id), "due_on": due},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Die Zuständigkeit ist gespeichert." in html and "Frau Bezirk" in html
    assert answers.assignment_of(proposal).due_on.isoformat() == due
    # Nobody from another district, and no date in the past; the choice is kept.
    outsider = make_user("district_manager", district="01")
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten",
        {"assignee": str(outsider.id), "due_on": "2000-01-01"},
    )
    assert response.status_code == 422
    assert "Diese Person ist für das Verfahren nicht zuständig." in response.get_data(as_text=True)
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten",
        {"assignee": str(manager.id), "due_on": "2000-01-01"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Das Datum liegt in der Vergangenheit." in html
    assert 'value="2000-01-01"' in html and f'selected value="{manager.id}"' in html
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten",
        {"assignee": str(manager.id)},
        follow_redirects=True,
    )
    assert "Frau Bezirk" in response.get_data(as_text=True)
    assert [a.assignee_id for a in answers.process_assignments(process)] == [manager.id]
    client.post_form(
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten/{manager.id}/entfernen"
    )
    assert answers.process_assignments(process) == []


def test_a_district_manager_sees_the_team_but_does_not_assign(client, make_user, make_process):
    process = make_process(district="10")
    client.login(make_user("district_manager", district="10"))
    html = client.get(f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten").get_data(
        as_text=True
    )
    assert "Zuständigkeiten vergibt die Koordinierungsstelle." in html
    assert 'id="team-form"' not in html
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten", {"assignee": "1"}
    )
    assert response.status_code == 403


def test_the_queue_page_shows_tabs_with_counts(client, make_user, make_process, make_proposal):
    process = make_process(district="10", feedback_due=local_today() + timedelta(days=1))
    manager = make_user("district_manager", district="10")
    answers.assign_process(actor=make_user("coordinator"), process=process, assignee=manager)
    late = make_proposal(process, title="Mehr Bänke am Ufer")
    client.login(manager)
    html = client.get("/verwaltung/antworten").get_data(as_text=True)
    assert "Mehr Bänke am Ufer" in html and f"/verwaltung/antworten/{late.id}" in html
    with clock.travel(clock.utcnow() + timedelta(days=3)):
        html = client.get("/verwaltung/antworten?ansicht=ueberfaellig").get_data(as_text=True)
        assert "Mehr Bänke am Ufer" in html and "überfällig" in html
        public = client.get("/antworten/ueberfaellig").get_data(as_text=True)
        assert "Mehr Bänke am Ufer" in public
    assert "Mehr Bänke am Ufer" not in client.get(
        "/verwaltung/antworten?ansicht=beantwortet"
    ).get_data(as_text=True)


def test_the_office_picks_a_person_by_id_and_odd_ids_fall_back(
    client, make_user, make_process, make_proposal
):
    process = make_process(district="10")
    office, manager = make_user("coordinator"), make_user("district_manager", district="10")
    answers.assign_process(actor=office, process=process, assignee=manager)
    make_proposal(process, title="Mehr Bänke am Ufer")
    client.login(office)
    html = client.get(f"/verwaltung/antworten?wer={manager.id}").get_data(as_text=True)
    assert "Mehr Bänke am Ufer" in html
    # Digits that are no id ("²", fullwidth, too long) show the office's own queue, no error.
    for odd in ("²", "\uff11", "9" * 20):
        response = client.get("/verwaltung/antworten", query_string={"wer": odd})
        assert response.status_code == 200, odd
        assert "Mehr Bänke am Ufer" not in response.get_data(as_text=True)


def _queries(app, client, path: str) -> int:
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_the_lists_take_a_fixed_number_of_queries(
    app, client, make_user, make_process, make_proposal
):
    office = make_user("coordinator")
    process = make_process(district="10", feedback_due=local_today() + timedelta(days=1))
    answers.assign_process(actor=office, process=process, assignee=office)
    make_proposal(process)
    client.login(office)
    paths = ["/verwaltung/antworten?wer=alle", "/verwaltung/antworten?wer=ich"]
    with clock.travel(clock.utcnow() + timedelta(days=3)):
        paths += ["/verwaltung/antworten?ansicht=ueberfaellig", "/antworten/ueberfaellig"]
        few = [_queries(app, client, path) for path in paths]
    for index in range(12):
        proposal = make_proposal(make_process(district="10" if index % 2 else "01"))
        answers.assign_proposal(actor=office, proposal=proposal, assignee=office)
    with clock.travel(clock.utcnow() + timedelta(days=200)):
        many = [_queries(app, client, path) for path in paths]
    assert many == few
