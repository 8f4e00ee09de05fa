"""/konto/daten as a person uses it: the page, the request (plain form and htmx), the
password check, the rate limit and the download link's one use."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participation.accounts.reauth import AUTH_AT
from participation.core.clock import utcnow
from participation.extensions import db
from participation.privacy.export import file_path
from participation.privacy.models import DataExport
from tests.privacy.conftest import mark_recent, unpack

DOWNLOAD = re.compile(r'href="(/konto/daten/[^"]+)"')


def _exports() -> list[DataExport]:
    rows = db.session.query(DataExport).order_by(DataExport.id).all()
    db.session.rollback()
    return rows


def test_the_page_needs_a_sign_in(client):
    response = client.get("/konto/daten")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    response = client.post_form("/konto/daten")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    assert _exports() == []


def test_request_and_download_with_plain_forms(client, make_user, signed_in, make_proposal):
    person = make_user("resident")
    make_proposal(author=person, title="Ein Vorschlag zum Export")
    signed_in(person)
    page = client.get("/konto/daten").get_data(as_text=True)
    assert "Datenexport anfordern" in page and 'action="/konto/daten"' in page

    response = client.post_form("/konto/daten")
    assert response.status_code == 303 and response.headers["Location"].endswith("/konto/daten")
    page = client.get("/konto/daten").get_data(as_text=True)
    assert "Ihr Datenexport wird erstellt" in page  # the flash message
    link = DOWNLOAD.search(page).group(1)

    response = client.get(link, buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    got = unpack(response.data)
    assert got.rows("proposal")[0]["title"] == "Ein Vorschlag zum Export"
    (export,) = _exports()
    assert export.status == "downloaded"
    assert not file_path(export.id).exists()  # gone with the response

    again = client.get(link)
    assert again.status_code == 410
    assert "schon heruntergeladen" in again.get_data(as_text=True)
    page = client.get("/konto/daten").get_data(as_text=True)
    assert "heruntergeladen" in page and not DOWNLOAD.search(page)


def test_request_with_htmx(client, htmx_client, make_user, signed_in):
    signed_in(make_user("resident"))
    response = htmx_client.post("/konto/daten")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="data-export"')
    assert "<html" not in html
    assert "Ihr Datenexport wird erstellt" in html
    assert DOWNLOAD.search(html)
    assert "HX-Request" in response.headers["Vary"]
    # The page itself, as htmx asks for it while an export is being made.
    fragment = htmx_client.get("/konto/daten").get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="data-export"')


def test_a_second_request_while_one_is_made_is_refused(
    app, client, htmx_client, make_user, signed_in
):
    app.config["JOBS_DELIVERY"] = "queue"  # the job waits in the database
    signed_in(make_user("resident"))
    assert client.post_form("/konto/daten").status_code == 303
    page = client.get("/konto/daten").get_data(as_text=True)
    assert "wird gerade erstellt" in page and 'data-hx-trigger="every 10s"' in page
    assert 'action="/konto/daten"' not in page  # no button while it is made

    refused = client.post_form("/konto/daten")
    assert refused.status_code == 409
    assert "wird gerade erstellt" in refused.get_data(as_text=True)
    refused = htmx_client.post("/konto/daten")
    assert refused.status_code == 409
    assert refused.get_data(as_text=True).lstrip().startswith('<section id="data-export"')
    assert len(_exports()) == 1


def test_the_request_needs_a_recent_password(app, client, htmx_client, make_user):
    if not {"security.reauthenticate", "accounts.reauthenticate"} & set(app.view_functions):
        pytest.skip("the password check page (/konto/bestaetigen) is not there yet")
    client.login(make_user("resident"))
    with client.session_transaction() as session:  # the password was typed long ago
        session[AUTH_AT] = int((utcnow() - timedelta(days=1)).timestamp())
    response = client.post_form("/konto/daten")
    assert response.status_code == 303
    assert "/konto/bestaetigen" in response.headers["Location"]
    response = htmx_client.post("/konto/daten")
    assert response.status_code == 401
    assert "/konto/bestaetigen" in response.headers["HX-Redirect"]
    assert _exports() == []


def test_requests_are_rate_limited(make_app, make_user):
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_EXPORT="2 per hour"
    )
    with app.app_context():
        client = app.test_client()
        client.login(make_user("resident"))
        mark_recent(client)
        assert client.post_form("/konto/daten").status_code == 303
        assert client.post_form("/konto/daten").status_code == 303
        assert client.post_form("/konto/daten").status_code == 429
        assert len(_exports()) == 2


def test_bad_links_get_clear_pages(client, make_user, signed_in):
    person, other = make_user("resident"), make_user("resident")
    signed_in(other)
    client.post_form("/konto/daten")
    link = DOWNLOAD.search(client.get("/konto/daten").get_data(as_text=True)).group(1)
    client.logout()
    signed_in(person)

    foreign = client.get(link)
    assert foreign.status_code == 404  # another person's export
    forged = client.get("/konto/daten/nicht.echt.x")
    assert forged.status_code == 400
    assert "gehört nicht zu Ihrem Konto" in forged.get_data(as_text=True)
    assert _exports()[0].status == "ready"


def test_an_expired_link_says_so(client, make_user, signed_in):
    signed_in(make_user("resident"))
    client.post_form("/konto/daten")
    link = DOWNLOAD.search(client.get("/konto/daten").get_data(as_text=True)).group(1)
    (export,) = _exports()
    db.session.get(DataExport, export.id).status = "expired"
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "abgelaufen" in response.get_data(as_text=True)
