"""The pages: the public list with its filters, a training's page with registration (plain
forms, no JavaScript needed), the calendar file, the office's pages, the own record, the
sitemap and the navigation, and the fixed query counts of every list."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from participation.core import clock
from participation.qualification import attendance, registrations
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import count_queries
from tests.qualification.factories import dates_text, in_days


def test_the_list_filters_by_audience_format_and_time(client, make_training):
    make_training(title="Für Bezirke vor Ort", audiences=["district_managers"])
    make_training(
        title="Online für alle",
        audiences=["residents", "partners"],
        format="online",
        place="",
        online_url="https://konferenz.example.org/raum",
    )
    make_training(title="Noch ein Entwurf", publish=False)
    page = client.get("/qualifizierung").get_data(as_text=True)
    assert "Für Bezirke vor Ort" in page and "Online für alle" in page
    assert "Noch ein Entwurf" not in page
    page = client.get("/qualifizierung?zielgruppe=einwohnerinnen").get_data(as_text=True)
    assert "Online für alle" in page and "Für Bezirke vor Ort" not in page
    page = client.get("/qualifizierung?format=vor-ort").get_data(as_text=True)
    assert "Für Bezirke vor Ort" in page and "Online für alle" not in page
    page = client.get("/qualifizierung?zeit=vergangen").get_data(as_text=True)
    assert "Für Bezirke vor Ort" not in page
    # Unknown values are ignored, as on the other lists.
    response = client.get("/qualifizierung?zielgruppe=alle'--&format=<b>&zeit=morgen&seite=x")
    assert response.status_code == 200
    assert "Für Bezirke vor Ort" in response.get_data(as_text=True)


def test_a_visitor_reads_the_page_and_the_calendar(client, make_training):
    training = make_training(dates=dates_text(in_days(10), in_days(17)))
    page = client.get(f"/qualifizierung/{training.id}").get_data(as_text=True)
    assert training.title in page and "Leitlinien" in page
    assert "Melden Sie sich mit Ihrem Konto an" in page
    response = client.get(f"/qualifizierung/{training.id}/termine.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 2 and str(events[0]["summary"]) == training.title
    draft = make_training(publish=False)
    assert client.get(f"/qualifizierung/{draft.id}").status_code == 404
    assert client.get(f"/qualifizierung/{draft.id}/termine.ics").status_code == 404
    assert client.get("/qualifizierung/999999").status_code == 404


def test_register_and_cancel_with_plain_forms(client, make_training, make_user):
    training = make_training(capacity=1)
    person = make_user("district_manager")
    client.login(person)
    response = client.post_form(f"/qualifizierung/{training.id}/anmelden")
    assert response.status_code == 303
    page = client.get(f"/qualifizierung/{training.id}").get_data(as_text=True)
    assert "Sie sind angemeldet." in page
    assert client.post_form(f"/qualifizierung/{training.id}/abmelden").status_code == 303
    assert registrations.registration_of(person, training) is None


def test_email_registration_form_errors_keep_the_input(client, make_training, mails):
    training = make_training(open_registration=True)
    response = client.post_form(
        f"/qualifizierung/{training.id}/anmelden-per-email",
        {"name": "Gerda Gast", "email": "keine-adresse"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Gerda Gast" in page and "gültige E-Mail-Adresse" in page
    response = client.post_form(
        f"/qualifizierung/{training.id}/anmelden-per-email",
        {"name": "Gerda Gast", "email": "gerda@example.org"},
    )
    assert response.status_code == 303
    path = link_in(mails_to(mails, "gerda@example.org")[-1], "/qualifizierung/anmeldung/")
    assert "Anmeldung bestätigen" in client.get(path).get_data(as_text=True)
    assert client.post_form(path).status_code == 303
    assert client.get(path).status_code == 410
    assert client.get("/qualifizierung/anmeldung/gefaelscht").status_code == 400
    closed = make_training()
    response = client.post_form(
        f"/qualifizierung/{closed.id}/anmelden-per-email",
        {"name": "Gerda Gast", "email": "gerda@example.org"},
    )
    assert response.status_code == 403


def test_feedback_form_for_attendees(client, office, make_training, make_user):
    person = make_user()
    training = make_training()
    registrations.register(actor=person, training=training)
    client.login(person)
    assert client.get(f"/qualifizierung/{training.id}/rueckmeldung").status_code == 404
    with clock.travel(training.ends_at + timedelta(hours=1)):
        reg = registrations.registration_of(person, training)
        attendance.record_attendance(actor=office, training=training, attended_ids={reg.id})
        path = f"/qualifizierung/{training.id}/rueckmeldung"
        response = client.post_form(path, {"usefulness": "", "comment": "Gut erklärt"})
        assert response.status_code == 422 and "Gut erklärt" in response.get_data(as_text=True)
        response = client.post_form(
            path, {"usefulness": "5", "organisation": "4", "comment": "Gut erklärt"}
        )
        assert response.status_code == 303
        assert "schon eine Rückmeldung" in client.get(path).get_data(as_text=True)


TRAINING_FORM = {
    "kind": "workshop",
    "title": "Werkstatt Beteiligungsformate",
    "description": "Wir probieren Formate aus und tauschen Erfahrungen aus.",
    "audiences": ["partners", "residents"],
    "format": "hybrid",
    "place": "Stadtteilzentrum",
    "online_url": "https://konferenz.example.org/werkstatt",
    "capacity": "12",
    "topic": "formate",
    "open_registration": "y",
}


def test_the_office_writes_publishes_and_cancels(client, office, make_user, mails):
    client.login(office)
    form = {**TRAINING_FORM, "dates": dates_text(in_days(20))}
    response = client.post_form("/verwaltung/qualifizierung/neu", {**form, "dates": "bald"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Werkstatt Beteiligungsformate" in page and "kein Termin" in page
    response = client.post_form("/verwaltung/qualifizierung/neu", form)
    assert response.status_code == 303
    detail = response.headers["Location"]
    training_id = int(detail.rsplit("/", 1)[1])
    assert client.get(f"/qualifizierung/{training_id}").status_code == 200  # office sees drafts
    assert client.post_form(f"{detail}/veroeffentlichen").status_code == 303
    person = make_user()
    from participation.qualification import services

    registrations.register(
        actor=person, training=services.get_training(actor=office, training_id=training_id)
    )
    response = client.post_form(f"{detail}/bearbeiten", {**form, "capacity": "0"})
    assert response.status_code == 422
    assert client.post_form(f"{detail}/absagen").status_code == 303
    assert len(mails_to(mails, person.email)) == 1
    assert "Abgesagt" in client.get("/qualifizierung").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/verwaltung/qualifizierung",
        "/verwaltung/qualifizierung/neu",
        "/verwaltung/qualifizierung/auswertung",
        "/verwaltung/qualifizierung/verankerung",
    ],
)
def test_office_pages_are_for_the_office(client, make_user, path):
    client.login(make_user("district_manager"))
    assert client.get(path).status_code == 403


def test_the_own_record_lists_only_what_one_attended(client, office, make_training, make_user):
    manager, other = make_user("district_manager"), make_user("district_manager")
    attended, missed = make_training(title="Besucht"), make_training(title="Verpasst")
    for training in (attended, missed):
        registrations.register(actor=manager, training=training)
        registrations.register(actor=other, training=training)
    with clock.travel(attended.ends_at + timedelta(hours=1)):
        reg = registrations.registration_of(manager, attended)
        attendance.record_attendance(actor=office, training=attended, attended_ids={reg.id})
    client.login(manager)
    page = client.get("/verwaltung/mein-qualifizierungsstand").get_data(as_text=True)
    assert "Besucht" in page and "Verpasst" not in page
    client.login(other)
    page = client.get("/verwaltung/mein-qualifizierungsstand").get_data(as_text=True)
    assert "Besucht" not in page
    client.login(make_user("resident"))
    assert client.get("/verwaltung/mein-qualifizierungsstand").status_code == 403


def test_sitemap_navigation_and_dashboard(client, office, make_training):
    training = make_training()
    draft = make_training(publish=False)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/qualifizierung/{training.id}<" in sitemap and "/qualifizierung<" in sitemap
    assert f"/qualifizierung/{draft.id}<" not in sitemap
    assert 'href="/qualifizierung"' in client.get("/").get_data(as_text=True)
    client.login(office)
    dashboard = client.get("/verwaltung").get_data(as_text=True)
    assert 'href="/verwaltung/qualifizierung"' in dashboard
    assert 'href="/verwaltung/mein-qualifizierungsstand"' in dashboard


def _queries(app, client, path: str) -> int:
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def _grow(office, make_training, make_user, n: int):
    """n more trainings, upcoming and past, with registrations, attendance and feedback."""
    person = make_user("district_manager")
    for number in range(n):
        upcoming = make_training(title=f"Kommend {number}")
        registrations.register(actor=person, training=upcoming)
        past = make_training(title=f"Vorbei {number}", dates=dates_text(in_days(-30 - number)))
        from participation.extensions import db
        from participation.qualification.models import TrainingRegistration

        db.session.add(
            TrainingRegistration(
                training_id=past.id,
                user_id=person.id,
                status="confirmed",
                attended=True,
                created_at=clock.utcnow(),
            )
        )
        db.session.commit()
        registration = registrations.registration_of(person, past)
        attendance.give_feedback(
            registration=registration, usefulness=4, organisation=5, comment="Gut"
        )
    return person


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_lists_take_a_fixed_number_of_queries(
    app, client, office, make_training, make_user, signed_in
):
    year = clock.local_today().year
    paths = ["/qualifizierung", "/qualifizierung?zeit=vergangen&zielgruppe=bezirksmanagement"]
    staff_paths = [
        "/verwaltung/qualifizierung",
        f"/verwaltung/qualifizierung/auswertung?jahr={year}",
        "/verwaltung/qualifizierung/verankerung",
    ]
    _grow(office, make_training, make_user, 1)
    if signed_in:
        client.login(office)
    small = {p: _queries(app, client, p) for p in paths + (staff_paths if signed_in else [])}
    _grow(office, make_training, make_user, 8)
    large = {p: _queries(app, client, p) for p in small}
    assert large == small


def test_the_own_record_takes_a_fixed_number_of_queries(
    app, client, office, make_training, make_user
):
    few = _grow(office, make_training, make_user, 1)
    many = _grow(office, make_training, make_user, 8)
    record = "/verwaltung/mein-qualifizierungsstand"
    client.login(few)
    small = _queries(app, client, record)
    client.login(many)
    assert _queries(app, client, record) == small


def test_the_office_writes_an_info_mail_to_the_audiences(client, office, make_training):
    held = make_training(audiences=["district_managers", "administration", "council"])
    client.login(office)
    page = client.get(f"/verwaltung/qualifizierung/{held.id}").get_data(as_text=True)
    link = re.search(r'href="(/verwaltung/newsletter/neu\?[^"]+)"', page)
    assert link, "no info-mail link on the office's page"
    url = html.unescape(link.group(1))
    assert sorted(parse_qs(urlsplit(url).query)["an"]) == ["politik", "verwaltung"]
    form = client.get(url).get_data(as_text=True)
    assert f'value="{held.title}"' in form
    for audience, ticked in (("staff", True), ("council", True), ("residents", False)):
        box = re.search(rf'<input[^>]*value="{audience}"[^>]*>', form)
        assert box and (("checked" in box.group(0)) == ticked), (audience, box)
