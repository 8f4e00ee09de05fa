"""The "Wie finden Sie dieses Portal?" form: on every page, anonymous, rate-limited, with
the page's local path as the only thing recorded besides the answers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from participation.core import pagecache
from participation.evaluation.models import PortalFeedback
from participation.evaluation.services import local_page_path
from participation.extensions import db

VALID = {"task": "Ein Verfahren finden", "outcome": "teilweise", "rating": "4", "comment": "Gut"}


def stored() -> list[PortalFeedback]:
    return db.session.scalars(select(PortalFeedback)).all()


def test_every_page_links_the_form_with_its_own_path(client, make_process):
    process = make_process("Spielplatz")
    for path in ("/", "/verfahren", f"/verfahren/{process.slug}", "/impressum"):
        html = client.get(path).get_data(as_text=True)
        assert f'href="/rueckmeldung?adresse={path}"' in html, path
    # Also on an error page, and never with the query of the page.
    assert 'href="/rueckmeldung?adresse=/gibtsnicht"' in client.get("/gibtsnicht").get_data(
        as_text=True
    )
    html = client.get("/verfahren?q=geheim").get_data(as_text=True)
    assert 'href="/rueckmeldung?adresse=/verfahren"' in html and "adresse=/verfahren?q" not in html


def test_the_columns_hold_nothing_about_the_person():
    columns = {c.name for c in inspect(PortalFeedback).columns}
    assert columns == {
        "id",
        "page_path",
        "task",
        "outcome",
        "rating",
        "comment",
        "created_at",
        "updated_at",
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_feedback_is_stored_with_the_page_and_leads_back(client, make_user, signed_in):
    if signed_in:
        client.sign_in(make_user("resident"))
    response = client.post_form("/rueckmeldung", {**VALID, "adresse": "/verfahren"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/verfahren"
    assert "Danke!" in client.get("/verfahren").get_data(as_text=True)
    (row,) = stored()
    assert (row.page_path, row.task, row.outcome, row.rating, row.comment) == (
        "/verfahren",
        "Ein Verfahren finden",
        "teilweise",
        4,
        "Gut",
    )


def test_only_the_answer_is_required(client):
    response = client.post_form("/rueckmeldung", {"outcome": "ja"})
    assert response.status_code == 303 and response.headers["Location"] == "/rueckmeldung"
    (row,) = stored()
    assert (row.page_path, row.task, row.rating, row.comment) == (None, "", None, "")


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/gibtsnicht/wirklich/nicht",
        "/verfahren?q=x",
        "/verfahren\r\nSet-Cookie: x",
        "verfahren",
        "/" + "a" * 400,
    ],
)
def test_only_a_local_path_of_the_portal_is_kept(client, value):
    assert local_page_path(value) is None
    page = client.get("/rueckmeldung", query_string={"adresse": value}).get_data(as_text=True)
    assert "bezieht sich auf die Seite" not in page
    response = client.post_form("/rueckmeldung", {**VALID, "adresse": value})
    assert response.status_code == 303 and response.headers["Location"] == "/rueckmeldung"
    assert stored()[0].page_path is None


def test_missing_answer_is_shown_next_to_the_field_and_nothing_is_lost(client):
    response = client.post_form(
        "/rueckmeldung", {"task": "Mein Vorhaben", "comment": "Mein Text", "adresse": "/"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte wählen Sie eine Antwort." in html
    assert 'value="Mein Vorhaben"' in html and "Mein Text</textarea>" in html
    assert stored() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("outcome", "vielleicht", "Bitte wählen Sie eine Antwort."),
        ("rating", "9", "Bitte wählen Sie eine Note von 1 bis 5."),
        ("rating", "-1", "Bitte wählen Sie eine Note von 1 bis 5."),
        ("task", "x" * 501, "Höchstens 500 Zeichen."),
    ],
)
def test_bad_answers_are_refused(client, field, value, message):
    response = client.post_form("/rueckmeldung", {**VALID, field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored() == []


def test_honeypot_answers_as_if_it_worked_and_stores_nothing(client):
    response = client.post_form("/rueckmeldung", {**VALID, "hp_note": "ich bin ein Bot"})
    assert response.status_code == 303
    assert stored() == []


def test_htmx_gets_the_fragment_with_thanks(htmx_client):
    response = htmx_client.post("/rueckmeldung", {**VALID, "adresse": "/"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="portal-feedback-form">')
    assert "Danke!" in html and "<footer" not in html
    assert len(stored()) == 1


def test_feedback_does_not_make_cached_pages_stale(client):
    before = pagecache.current_generation()
    client.post_form("/rueckmeldung", VALID)
    assert pagecache.current_generation() == before


def test_feedback_is_rate_limited(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_FEEDBACK="2 per hour"
    )
    with app.app_context():
        client = app.test_client()
        statuses = [client.post_form("/rueckmeldung", VALID).status_code for _ in range(3)]
        assert statuses == [303, 303, 429]
        assert db.session.scalar(select(func.count(PortalFeedback.id))) == 2


def test_form_is_in_the_sitemap(client):
    assert "/rueckmeldung</loc>" in client.get("/sitemap.xml").get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("/qualifizierung/rueckmeldung/geheimertoken", "/qualifizierung/rueckmeldung/<token>"),
        ("/bescheinigungen/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "/bescheinigungen/<code>"),
        ("/verfahren", "/verfahren"),
    ],
)
def test_keys_in_the_path_are_never_stored(app, value, kept):
    with app.test_request_context():
        assert local_page_path(value) == kept
