"""The OpenAPI 3.1 document, generated from the API's routes and marshmallow schemas with
apispec, and the reference page /api that the portal renders from it (no outside viewer).

apispec was chosen over flask-smorest and spectree: it describes plain Flask blueprints
without making every view a MethodView (flask-smorest) or every schema a pydantic model
(spectree), and its marshmallow plugin reads the very schemas that serialise the answers."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app, render_template

from participation.api import schemas as s
from participation.api.http import MAX_PAGE_SIZE, json_response
from participation.api.views import OPERATIONS, bp
from participation.core.sitemap import sitemap_provider

docs_bp = Blueprint("api_docs", __name__)

DESCRIPTION = (
    "Die öffentliche, nur lesende Schnittstelle des Beteiligungsportals: Bezirke, "
    "Handlungsfelder, Verfahren mit Phasen und Drucksachen, Vorschläge mit der Antwort der "
    "Verwaltung, Kommentare, Ergebnisberichte, die Vorhabenliste, das Netzwerk und die "
    "Rechenschaft je Bezirk. Ohne Anmeldung, ohne Cookies; Listen sind seitenweise "
    f"(höchstens {MAX_PAGE_SIZE} Einträge je Seite), Antworten tragen ein ETag.\n\n"
    "The portal's public, read-only interface: districts, action fields, processes with "
    "phases and council papers, proposals with the administration's answer, comments, "
    "results reports, the register of projects, the network and accountability per "
    f"district. No sign-in, no cookies; lists are paginated (at most {MAX_PAGE_SIZE} items "
    "per page); answers carry an ETag."
)

PROBLEM = {"application/problem+json": {"schema": "Problem"}}
ETAG = {
    "ETag": {
        "description": "Kennung dieser Fassung / Validator of this version",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "Wie lange die Antwort gilt / How long the answer may be kept",
        "schema": {"type": "string"},
    },
}
PROBLEMS = {
    "304": {"description": "Unverändert (If-None-Match) / Not modified", "headers": ETAG},
    "429": {"description": "Zu viele Anfragen / Too many requests", "content": PROBLEM},
    "503": {"description": "Datenbank nicht erreichbar / Database unavailable", "content": PROBLEM},
}


def _path(rule: str) -> str:
    """/proposals/<int:proposal_id> -> /proposals/{proposal_id}"""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def build() -> dict:
    spec = APISpec(
        title="Beteiligungsportal API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": DESCRIPTION,
            "license": {
                "name": "Datenlizenz Deutschland – Namensnennung – 2.0",
                "url": "https://www.govdata.de/dl-de/by-2-0",
            },
        },
        servers=[{"url": bp.url_prefix}],
    )
    spec.components.schema("Problem", schema=s.Problem)
    for op in OPERATIONS:
        parameters = [
            {"in": "path", "name": name, "required": True, "description": text, "schema": schema}
            for name, (text, schema) in op.path_params.items()
        ]
        if op.query is not None:
            parameters.append({"in": "query", "schema": op.query})
        parameters.append(
            {
                "in": "header",
                "name": "If-None-Match",
                "required": False,
                "description": "ETag einer früheren Antwort / ETag of an earlier answer",
                "schema": {"type": "string"},
            }
        )
        responses = {
            "200": {
                "description": "Erfolg / Success",
                "headers": ETAG,
                "content": {"application/json": {"schema": op.response}},
            },
            **PROBLEMS,
        }
        if op.query is not None:
            responses["400"] = {
                "description": "Ungültiger Parameter / Invalid parameter",
                "content": PROBLEM,
            }
        if op.not_found:
            responses["404"] = {"description": "Nicht gefunden / Not found", "content": PROBLEM}
        spec.path(
            path=_path(op.rule),
            operations={
                "get": {
                    "operationId": op.endpoint.removeprefix("api."),
                    "summary": op.summary[0],
                    "description": f"{op.summary[0]}.\n\n{op.summary[1]}.",
                    "tags": [op.tag],
                    "parameters": parameters,
                    "responses": dict(sorted(responses.items())),
                }
            },
        )
    spec.path(
        path="/openapi.json",
        operations={
            "get": {
                "operationId": "openapi",
                "summary": "Diese Beschreibung (OpenAPI 3.1)",
                "description": "Diese Beschreibung als OpenAPI 3.1.\n\nThis description.",
                "tags": ["Allgemein / General"],
                "responses": {
                    "200": {
                        "description": "OpenAPI-Dokument / OpenAPI document",
                        "headers": ETAG,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **PROBLEMS,
                },
            }
        },
    )
    return spec.to_dict()


def document() -> dict:
    """The document, built once per app (it depends on the code only)."""
    cached = current_app.extensions.get("openapi")
    if cached is None:
        cached = current_app.extensions["openapi"] = build()
    return cached


@bp.get("/openapi.json")
def openapi():
    return json_response(document())


@docs_bp.get("/api")
def reference():
    """The API's reference, rendered by the portal from the same document."""
    spec = document()
    return render_template("api/reference.html", spec=spec, schemas=spec["components"]["schemas"])


@sitemap_provider
def reference_page():
    return [("api_docs.reference", {})]
