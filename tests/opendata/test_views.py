"""The open-data page and its files: media types, dates, licence, conditional requests,
names outside the manifest, and the first request before any generation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from participation.extensions import db
from participation.jobs import services as jobs
from participation.jobs.models import Job
from participation.opendata import generate
from participation.opendata.datasets import DATASETS
from tests.opendata.conftest import fetch

LINK = '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'


def test_page_explains_every_dataset_with_date_size_and_licence(client, generated):
    response = client.get("/opendata")
    assert response.status_code == 200
    assert response.headers["Link"] == LINK
    html = response.get_data(as_text=True)
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in html
    for slug, dataset in DATASETS.items():
        assert f'id="{slug}"' in html
        assert f"/opendata/{slug}.csv" in html and f"/opendata/{slug}.json" in html
        for column in dataset.columns:
            assert column.key in html
    assert "/opendata/catalog.ttl" in html and "/opendata/catalog.jsonld" in html
    assert " KB)" in html
    assert "zuletzt am" in html


def test_files_have_media_type_date_and_licence(client, generated):
    generated_at = datetime.fromisoformat(generated["generated_at"]).replace(microsecond=0)
    expected = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/json",
        "ttl": "text/turtle; charset=utf-8",
        "jsonld": "application/ld+json",
    }
    for name, described in generated["files"].items():
        response = fetch(client, f"/opendata/{name}")
        assert response.status_code == 200
        assert response.content_type == expected[described["format"]], name
        assert response.headers["Link"] == LINK
        assert response.last_modified == generated_at
        assert int(response.headers["Content-Length"]) == described["bytes"]
        again = fetch(
            client,
            f"/opendata/{name}",
            headers={"If-Modified-Since": response.headers["Last-Modified"]},
        )
        assert again.status_code == 304


def test_only_the_manifests_files_are_served(client, generated):
    for name in ("manifest.json", ".lock", "gibtsnicht.csv", "..%2Fmanifest.json", "verfahren.xml"):
        assert fetch(client, f"/opendata/{name}").status_code == 404, name
    assert fetch(client, f"/opendata/{generated['directory']}").status_code == 404


def test_first_visitor_queues_the_generation_and_gets_a_clear_503(make_app):
    """With workers (not inline), nothing exists until the job ran: a 503 page with
    Retry-After, never a 500; the page itself says the files are being prepared."""
    app = make_app(JOBS_DELIVERY="queue")
    with app.app_context():
        client = app.test_client()
        response = fetch(client, "/opendata/verfahren.csv")
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert "gerade erstellt" in response.get_data(as_text=True)
        page = client.get("/opendata")
        assert page.status_code == 200
        assert "zum ersten Mal erstellt" in page.get_data(as_text=True)
        # Many visitors, one job.
        assert (
            db.session.scalar(select(func.count(Job.id)).where(Job.name == "opendata.generate"))
            == 1
        )
        jobs.run_due()
        assert fetch(client, "/opendata/verfahren.csv").status_code == 200


def test_inline_jobs_generate_on_the_first_request(client):
    assert generate.read_manifest() is None
    response = fetch(client, "/opendata/vorschlaege.json")
    assert response.status_code == 200
    assert generate.read_manifest() is not None


def test_sitemap_and_footer_name_the_page(client):
    assert "/opendata</loc>" in client.get("/sitemap.xml").get_data(as_text=True)
    assert 'href="/opendata"' in client.get("/impressum").get_data(as_text=True)
