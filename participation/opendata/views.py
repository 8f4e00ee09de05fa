"""The open-data page and its files: `/opendata`, `/opendata/<dataset>.csv|.json` and the
catalogue `/opendata/catalog.ttl|.jsonld`.

The files are written by a job (participation/opendata/jobs.py), never while a request
waits for them at city scale. Before the very first generation a request queues that job:
where jobs run inline (development, tests) the files are there at once; where workers run
them, the visitor gets a clear 503 with Retry-After and the page says the files are being
prepared. A request never generates a city's data itself, so it never times out into a 500.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, make_response, render_template, send_file
from flask_babel import gettext as _

from participation.core.errors import NotFound, error_response
from participation.core.sitemap import public_page
from participation.features.services import dataset_on
from participation.opendata import generate, jobs
from participation.opendata.datasets import DATASETS

bp = Blueprint("opendata", __name__)


def _manifest() -> dict | None:
    manifest = generate.read_manifest()
    if manifest is None:
        jobs.request_first_generation()
        manifest = generate.read_manifest()
    return manifest


def _license_link(response):
    response.headers["Link"] = f'<{generate.LICENSE_URL}>; rel="license"'
    return response


@bp.get("/opendata")
@public_page
def index():
    manifest = _manifest()
    return _license_link(
        make_response(
            render_template(
                "opendata/page.html",
                datasets=list(DATASETS.values()),
                manifest=manifest,
                generated_at=datetime.fromisoformat(manifest["generated_at"]) if manifest else None,
                license_name=generate.LICENSE_NAME,
                license_url=generate.LICENSE_URL,
                attribution=generate.attribution(),
            )
        )
    )


@bp.get("/opendata/<name>")
def download(name: str):
    """A file of the current generation; only names the manifest lists are served."""
    manifest = _manifest()
    if manifest is None:
        return error_response(
            503,
            _(
                "Die offenen Daten werden gerade erstellt. "
                "Bitte versuchen Sie es gleich noch einmal."
            ),
        )
    described = manifest["files"].get(name[:100])
    if described is None or not dataset_on(name.partition(".")[0]):
        raise NotFound(_("Diese Datei gibt es nicht."))
    try:
        response = send_file(
            generate.file_path(manifest, name),
            # Werkzeug adds "; charset=utf-8" to text types itself.
            mimetype=described["media_type"].split(";")[0],
            conditional=True,
            etag=True,
            last_modified=datetime.fromisoformat(manifest["generated_at"]),
            max_age=300,
        )
    except FileNotFoundError:
        # A newer generation replaced this one between reading the manifest and the file.
        return error_response(503)
    response.cache_control.public = True
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return _license_link(response)
