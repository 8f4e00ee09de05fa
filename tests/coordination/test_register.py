"""The public Vorhabenliste and following a planned process until it opens."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participation.coordination.services import advance_to, transition
from participation.core.clock import local_today
from participation.follows.models import ProcessFollow
from participation.projects.services import PhaseInput
from tests.accounts.helpers import mails_to
from tests.conftest import count_queries


def _starting_in(days: int) -> tuple[PhaseInput, ...]:
    start = local_today() + timedelta(days=days)
    return (PhaseInput("dialogue", start, start + timedelta(days=30)),)


def test_the_list_shows_planned_and_running_processes_soonest_first(
    client, make_user, make_process
):
    office = make_user("coordinator")
    later = make_process("Später geplant", publish=False, phases=_starting_in(60))
    sooner = make_process("Bald geplant", publish=False, phases=_starting_in(10))
    for process in (later, sooner):
        advance_to(actor=office, process=process, status="approved")
    running = make_process("Läuft schon")
    make_process("Noch Entwurf", publish=False)
    in_review = make_process("In Prüfung", publish=False)
    advance_to(actor=office, process=in_review, status="in_review")
    closed = make_process("Vorbei")
    advance_to(actor=office, process=closed, status="closed")

    html = client.get("/vorhabenliste").get_data(as_text=True)
    assert "Noch Entwurf" not in html and "In Prüfung</" not in html and "Vorbei" not in html
    assert html.index("Läuft schon") < html.index("Bald geplant") < html.index("Später geplant")
    assert "Geplant" in html and (local_today() + timedelta(days=10)).isoformat() in html
    # A planned process has no public page yet; a running one links to its page.
    assert f'href="/verfahren/{sooner.slug}"' not in html
    assert f'href="/verfahren/{running.slug}"' in html
    assert client.get(f"/verfahren/{sooner.slug}").status_code == 404


def test_the_district_filter_keeps_city_wide_processes(client, make_user, make_process):
    office = make_user("coordinator")
    for title, district in (("Linden plant", "10"), ("Mitte plant", "01"), ("Alle", None)):
        advance_to(
            actor=office,
            process=make_process(title, district=district, publish=False),
            status="approved",
        )
    html = client.get("/vorhabenliste?bezirk=10").get_data(as_text=True)
    assert "Linden plant" in html and "Alle" in html and "Mitte plant" not in html


def test_a_follower_is_mailed_once_when_the_process_opens(client, make_user, make_process, mails):
    office = make_user("coordinator")
    process = make_process("Neuer Park", publish=False, phases=_starting_in(5))
    advance_to(actor=office, process=process, status="approved")
    resident = make_user("resident")
    client.login(resident)
    page = client.get("/vorhabenliste").get_data(as_text=True)
    assert f'action="/vorhabenliste/{process.slug}/folgen"' in page
    for _ in range(2):  # a double click follows once
        response = client.post_form(f"/vorhabenliste/{process.slug}/folgen")
        assert response.status_code == 303
    assert db_count() == 1
    page = client.get("/vorhabenliste").get_data(as_text=True)
    assert f'action="/vorhabenliste/{process.slug}/nicht-mehr-folgen"' in page
    quitter = make_user("resident")
    client.logout()
    client.login(quitter)
    client.post_form(f"/vorhabenliste/{process.slug}/folgen")
    client.post_form(f"/vorhabenliste/{process.slug}/nicht-mehr-folgen")
    assert db_count() == 1

    transition(actor=office, process=process, action="publish")
    sent = mails_to(mails, resident.email)
    assert len(sent) == 1 and "Neuer Park" in sent[0]["Subject"]
    assert f"/verfahren/{process.slug}" in sent[0].get_content()
    assert mails_to(mails, quitter.email) == []


def db_count() -> int:
    from participation.extensions import db

    return db.session.scalar(select(func.count(ProcessFollow.id)))


def test_drafts_cannot_be_followed(client, make_user, make_process):
    draft = make_process(publish=False)
    client.login(make_user("resident"))
    assert client.post_form(f"/vorhabenliste/{draft.slug}/folgen").status_code == 404
    assert db_count() == 0


def test_visitors_are_asked_to_sign_in(client, make_user, make_process):
    process = make_process(publish=False)
    advance_to(actor=make_user("coordinator"), process=process, status="approved")
    html = client.get("/vorhabenliste").get_data(as_text=True)
    assert "Anmelden zum Folgen" in html
    response = client.post_form(f"/vorhabenliste/{process.slug}/folgen")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_the_list_has_a_fixed_number_of_queries(app, client, make_user, make_process):
    office = make_user("coordinator")
    resident = make_user("resident")
    client.login(resident)

    def queries(count: int) -> int:
        for _ in range(count):
            process = make_process(publish=False)
            advance_to(actor=office, process=process, status="approved")
        with count_queries(app) as counter:
            assert client.get("/vorhabenliste").status_code == 200
        return counter.count

    assert queries(1) == queries(12)
