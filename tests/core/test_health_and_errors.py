"""/healthz, styled error pages, and a clear 503 when the database is unreachable."""

import pytest

from participation import create_app
from tests.conftest import ENGINE, free_port


def unreachable_database_url(tmp_path) -> str:
    if ENGINE == "postgresql":
        return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test?connect_timeout=2"
    return f"sqlite:///{tmp_path}/missing-directory/db.sqlite3"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=unreachable_database_url(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
    assert response.headers["Retry-After"]


def test_pages_answer_clear_503_when_database_unreachable(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=unreachable_database_url(tmp_path))
    client = app.test_client()
    for path in ["/", "/bezirke/10"]:
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "Vorübergehend nicht verfügbar" in html and "Traceback" not in html


def test_404_page_is_styled(client):
    response = client.get("/gibt-es-nicht")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and 'class="skip-link"' in html


def test_404_for_htmx_is_a_fragment(htmx_client):
    response = htmx_client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert response.get_data(as_text=True).startswith('<div class="error-box"')
    assert response.headers["HX-Retarget"] == "#messages"


def test_405_has_allow_header(client):
    response = client.get("/abmelden")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_500_page_hides_the_traceback(make_app):
    app = make_app()

    @app.get("/kaputt")
    def broken():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/kaputt")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Interner Fehler" in html and "secret detail" not in html


def test_domain_errors_map_to_status_codes(make_app):
    from participation.core.errors import Conflict, Forbidden, Invalid, NotFound

    app = make_app()
    for number, error in enumerate([Forbidden, NotFound, Conflict, Invalid]):
        app.add_url_rule(
            f"/fehler{number}",
            f"fehler{number}",
            lambda error=error: (_ for _ in ()).throw(error("Nachricht")),
        )
    client = app.test_client()
    assert [client.get(f"/fehler{n}").status_code for n in range(4)] == [403, 404, 409, 422]
    assert "Nachricht" in client.get("/fehler0").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/anmelden", "/healthz"])
def test_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in headers["Vary"]


def test_cookies_are_http_only_and_lax(client):
    client.get("/anmelden")
    cookie = client.get_cookie("bp_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_wrong_content_type_is_415(client):
    response = client.post("/anmelden", data='{"email": "x"}', content_type="application/json")
    assert response.status_code == 415


def test_oversized_body_is_413(client):
    response = client.post("/anmelden", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True)


def test_nul_in_query_is_400(client):
    assert client.get("/anmelden?next=%00").status_code == 400
