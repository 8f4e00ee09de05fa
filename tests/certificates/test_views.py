"""The public check (only name, title, date, kind, issuer, state), the code form, the rate
limit, the holder's list and the holder-only PDF."""

from __future__ import annotations

import io
import secrets
from datetime import date

import pytest
from pypdf import PdfReader

from participation.certificates import services
from tests.certificates.conftest import pdf_text
from tests.certificates.factories import issue_sample
from tests.results.test_services import _embedded_fonts


def test_the_check_shows_only_what_a_certificate_says(client, make_user, make_certificate):
    holder = make_user("resident", pseudonym="Geheimes Pseudonym", email="ida.geheim@example.org")
    certificate = make_certificate(
        holder,
        name="Ida Beispiel",
        title="Moderation von Bürgerversammlungen",
        held_from=date(2026, 11, 3),
        details={"Bemerkung": "Interne Notiz zur Person"},
    )
    response = client.get(f"/bescheinigungen/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in (
        "Ida Beispiel",
        "Moderation von Bürgerversammlungen",
        "3. November 2026",
        "Teilnahmebescheinigung",
        "Koordinierungsstelle für Einwohner*innenbeteiligung",
        "Echt und gültig",
        services.grouped(certificate.code),
    ):
        assert shown in html, shown
    for hidden in ("Geheimes Pseudonym", "ida.geheim", "Interne Notiz", "Bemerkung"):
        assert hidden not in html, hidden
    assert '<meta name="robots" content="noindex">' in html
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_period_and_a_revoked_certificate(client, make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(
        holder, kind="engagement", held_from=date(2026, 3, 1), held_until=date(2026, 5, 31)
    )
    services.revoke(actor=holder, certificate=certificate, reason="Privat: nicht mehr zeigen")
    html = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "1. März 2026" in html and "31. Mai 2026" in html
    assert "bürgerschaftliches Engagement" in html
    assert "Nicht mehr gültig" in html and "zurückgezogen" in html
    assert "Echt und gültig" not in html
    # The reason is the holder's or the office's business, not the public's.
    assert "Privat" not in html


@pytest.mark.parametrize("code", ["A" * 32, "kein-code", "%3Cscript%3E", "A" * 300])
def test_an_unknown_code_is_a_clear_404_with_the_form(client, code):
    response = client.get(f"/bescheinigungen/{code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Bescheinigung nicht gefunden" in html
    assert 'id="code-error"' in html and "keine Bescheinigung gefunden" in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_form_sends_a_typed_code_to_its_page(client, make_certificate):
    certificate = make_certificate()
    typed = services.grouped(certificate.code).lower()
    response = client.get("/bescheinigungen", query_string={"code": f" {typed} "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/bescheinigungen/{certificate.code}")


@pytest.mark.parametrize(
    "typed, message",
    [("", "Bitte geben Sie den Prüfcode ein."), ("ABCD-1234", "kein gültiger Prüfcode")],
)
def test_a_malformed_code_gets_an_error_next_to_the_field(client, typed, message):
    response = client.get("/bescheinigungen", query_string={"code": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-error"' in html and message in html
    assert 'aria-invalid="true"' in html
    if typed:
        assert f'value="{typed}"' in html  # nothing typed is lost


def test_the_form_without_a_code_is_a_plain_page(client):
    response = client.get("/bescheinigungen")
    assert response.status_code == 200
    assert 'id="code-error"' not in response.get_data(as_text=True)


def test_the_form_is_in_the_sitemap_and_no_certificate_is(client, make_certificate):
    certificate = make_certificate()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/bescheinigungen</loc>" in sitemap
    assert certificate.code not in sitemap


def test_the_footer_links_the_check(client):
    assert 'href="/bescheinigungen"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("page_cache", [False, True], ids=["plain", "page-cache"])
def test_the_check_is_rate_limited_also_with_the_page_cache(make_app, make_user, page_cache):
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_CERTIFICATES="3 per minute", PAGE_CACHE=page_cache
    )
    with app.app_context():
        code = issue_sample().code
    client = app.test_client()
    # An address of its own: with Redis the limits are shared by every app and test run.
    client.environ_base["REMOTE_ADDR"] = f"2001:db8::{secrets.randbits(32):x}"
    statuses = [client.get(f"/bescheinigungen/{code}").status_code for _ in range(3)]
    statuses.append(client.get(f"/bescheinigungen/{services.new_code()}").status_code)
    assert statuses == [200, 200, 200, 429]
    # The form itself looks nothing up and stays usable.
    assert client.get("/bescheinigungen").status_code == 200


def test_the_holder_downloads_the_pdf(client, make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(
        holder,
        name="Ida Beispiel",
        title="Moderation von Bürgerversammlungen",
        held_from=date(2026, 11, 3),
        details={"Umfang": "4 Stunden"},
    )
    client.login(holder)
    response = client.get(f"/konto/bescheinigungen/{certificate.code}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response.get_data())
    for printed in (
        "Ida Beispiel",
        "Moderation von Bürgerversammlungen",
        "3. November 2026",
        services.grouped(certificate.code),
        f"/bescheinigungen/{certificate.code}",
        "4 Stunden",
        "Koordinierungsstelle",
    ):
        assert printed in text, printed


def test_the_pdf_embeds_its_fonts(client, make_user, make_certificate):
    holder = make_user("resident")
    certificate = make_certificate(holder)
    client.login(holder)
    body = client.get(f"/konto/bescheinigungen/{certificate.code}.pdf").get_data()
    fonts = _embedded_fonts(PdfReader(io.BytesIO(body)))
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    assert all(fonts.values()), "every font's file is inside the PDF"


@pytest.mark.parametrize("role", ["resident", "coordinator", "admin"])
def test_nobody_else_downloads_the_pdf(client, make_user, make_certificate, role):
    certificate = make_certificate(make_user("resident"))
    client.login(make_user(role))
    assert client.get(f"/konto/bescheinigungen/{certificate.code}.pdf").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, make_certificate):
    certificate = make_certificate()
    response = client.get(f"/konto/bescheinigungen/{certificate.code}.pdf")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    assert client.get("/konto/bescheinigungen").status_code == 302


def test_the_pdf_is_rate_limited(make_app, make_user, make_certificate):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PDF="2 per minute")
    with app.app_context():
        holder = make_user("resident")
        code = make_certificate(holder).code
    client = app.test_client()
    client.sign_in(holder)
    path = f"/konto/bescheinigungen/{code}.pdf"
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]


def test_the_holders_list_shows_their_own_only(client, make_user, make_certificate):
    holder = make_user("resident")
    mine = make_certificate(holder, title="Meine Fortbildung")
    make_certificate(make_user("resident"), title="Fremde Fortbildung")
    client.login(holder)
    html = client.get("/konto/bescheinigungen").get_data(as_text=True)
    assert "Meine Fortbildung" in html and "Fremde Fortbildung" not in html
    assert f"/konto/bescheinigungen/{mine.code}.pdf" in html
    assert f"/bescheinigungen/{mine.code}" in html
    assert 'href="/konto/bescheinigungen"' in client.get("/konto").get_data(as_text=True)


def test_the_holders_list_costs_the_same_queries_however_long(
    app, make_user, make_certificate, assert_max_queries
):
    from tests.conftest import count_queries

    holder = make_user("resident")
    client = app.test_client()
    client.sign_in(holder)
    for number in range(2):
        make_certificate(holder, title=f"Fortbildung {number}")
    client.get("/konto/bescheinigungen")
    with count_queries(app) as few:
        assert client.get("/konto/bescheinigungen").status_code == 200
    for number in range(25):
        make_certificate(holder, title=f"Weitere Fortbildung {number}")
    with assert_max_queries(few.count):
        response = client.get("/konto/bescheinigungen")
    assert response.status_code == 200
    assert "Seite 1 von 2" in response.get_data(as_text=True)


def test_an_engagement_certificate_prints_its_period_issuer_and_details(
    client, make_user, make_certificate
):
    holder = make_user("resident")
    certificate = make_certificate(
        holder,
        kind="engagement",
        title="Lesepatenschaft in der Stadtteilbibliothek Linden",
        held_from=date(2026, 1, 1),
        held_until=date(2026, 6, 30),
        issuer="Nachbarschaftsinitiative Nord e. V. und Netzwerk Bürgermitwirkung",
        details={"Stunden im Monat": "8"},
    )
    client.login(holder)
    text = pdf_text(client.get(f"/konto/bescheinigungen/{certificate.code}.pdf").get_data())
    assert "bürgerschaftliches Engagement" in text
    assert "vom 1. Januar 2026 bis zum 30. Juni 2026" in text
    assert "ehrenamtlich engagiert" in text and "Lesepatenschaft" in text
    assert "Nachbarschaftsinitiative Nord e. V." in text and "Stunden im Monat" in text
