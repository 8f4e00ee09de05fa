"""Home, legal pages, accessibility feedback, sitemap, robots, favicon, language switch."""

import pytest
from sqlalchemy import select

from participation.pages.models import AccessibilityFeedback, SitePage
from tests.harness.routes import public_get_paths

LEGAL = ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache", "/netiquette"]


def test_home_explains_and_offers_entries(client):
    html = client.get("/").get_data(as_text=True)
    assert "Mitreden, wo Sie wohnen" in html
    assert html.count('href="/bezirke/') == 13
    assert "Wie machen wir Hannover zu einem Zuhause für viele?" in html
    for path in LEGAL:
        assert f'href="{path}"' in html, f"footer links {path}"


@pytest.mark.parametrize("path", LEGAL)
def test_legal_pages_have_real_text(client, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "lorem" not in html.lower()
    assert len(html) > 3000


def test_accessibility_statement_names_enforcement_body(client):
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "Schlichtungsstelle" in html and 'id="feedback-form"' in html


def test_feedback_form_plain_post_stores_and_mails_operator(app, client, db, mails):
    response = client.post_form(
        "/barrierefreiheit", {"message": "Kontrast zu schwach", "page_url": "/bezirke"}
    )
    assert response.status_code == 303
    feedback = db.session.scalar(select(AccessibilityFeedback))
    assert feedback.message == "Kontrast zu schwach"
    [mail] = mails
    assert (
        mail["To"] == app.config["OPERATOR_EMAIL"] and "Kontrast zu schwach" in mail.get_content()
    )


def test_feedback_form_htmx_swaps_fragment(htmx_client, db, mails):
    response = htmx_client.post("/barrierefreiheit", {"message": "Fokus unsichtbar"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<div id="feedback-form">') and "Danke" in html
    assert "HX-Request" in response.headers["Vary"]
    assert len(mails) == 1


def test_feedback_form_errors_keep_input(client, db):
    response = client.post_form(
        "/barrierefreiheit",
        {"message": "  ", "page_url": "/meine-seite", "contact_email": "kein-mail"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="/meine-seite"' in html and 'value="kein-mail"' in html
    assert "Bitte beschreiben Sie die Barriere." in html
    assert db.session.scalar(select(AccessibilityFeedback)) is None


def test_operator_edits_a_page_and_can_go_back(client, make_user, db):
    client.login(make_user("admin"))
    response = client.post_form(
        "/verwaltung/seiten/impressum/de",
        {"title": "Impressum der Stadt", "body_markdown": "## Anbieterin\n\nStadt *X*"},
    )
    assert response.status_code == 303
    html = client.get("/impressum").get_data(as_text=True)
    assert "Impressum der Stadt" in html and "<h2>Anbieterin</h2>" in html and "<em>X</em>" in html
    assert client.post_form("/verwaltung/seiten/impressum/de/zuruecksetzen").status_code == 303
    assert db.session.scalar(select(SitePage)) is None
    assert "Impressum der Stadt" not in client.get("/impressum").get_data(as_text=True)


def test_page_editor_refuses_unknown_pages(client, make_user):
    client.login(make_user("admin"))
    assert client.get("/verwaltung/seiten/unbekannt/de").status_code == 404
    assert client.get("/verwaltung/seiten/impressum/fr").status_code == 404


def test_sitemap_lists_every_public_page(app, client):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for path in public_get_paths(app):
        assert f"<loc>http://127.0.0.1:5000{path}</loc>" in xml, path
    assert "/verwaltung" not in xml and "/konto" not in xml


def test_robots_and_favicon(client):
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert (
        "Disallow: /verwaltung" in robots and "Sitemap: http://127.0.0.1:5000/sitemap.xml" in robots
    )
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"


def test_language_switch_to_english_and_back(client):
    response = client.post_form("/sprache", {"lang": "en", "next": "/impressum"})
    assert response.status_code == 303 and response.headers["Location"] == "/impressum"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Log in" in html and "Legal notice" in html
    assert "Easy Read" in client.get("/leichte-sprache").get_data(as_text=True)
    client.post_form("/sprache", {"lang": "de"})
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("next_value", ["//evil.example", "https://evil.example"])
def test_language_switch_stays_on_site(client, next_value):
    response = client.post_form("/sprache", {"lang": "en", "next": next_value})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.post_form("/sprache", {"lang": "fr"})
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_home_has_fixed_query_count(client, assert_max_queries):
    # Districts with their quarters, action fields, and the modules switched off
    # (participation/features: one tiny query per rendered page).
    with assert_max_queries(4):
        client.get("/")


def test_form_errors_and_pagination_are_translated(client, make_process):
    client.post_form("/sprache", {"lang": "en"})
    html = client.post_form("/anmelden", {"email": "x", "password": ""}).get_data(as_text=True)
    assert "Please check your entries" in html and "Bitte prüfen" not in html
    for number in range(21):
        make_process(f"Verfahren {number}")
    listing = client.get("/verfahren").get_data(as_text=True)
    assert "Page 1 of 2" in listing and "Next page" in listing and "21 processes found" in listing
