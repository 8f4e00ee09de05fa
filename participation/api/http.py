"""What every API answer shares: JSON with a validator, public caching, CORS, links
between pages, and query parameters checked against their schema."""

from __future__ import annotations

import json

from flask import current_app, request
from marshmallow import Schema, ValidationError

from participation.core.errors import DomainError
from participation.core.links import external_url

# The largest page any list serves, whatever a client asks for.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After, X-RateLimit-Limit, "
    "X-RateLimit-Remaining, X-RateLimit-Reset",
    "Access-Control-Max-Age": "86400",
}


class BadQuery(DomainError):
    """Query parameters that do not fit their schema: a 400 problem naming each one."""

    status_code = 400


def parameters(schema: type[Schema]) -> dict:
    """The request's query parameters loaded by `schema`; unknown names are ignored, a
    malformed value is refused with the message of its parameter."""
    try:
        return schema().load(request.args)
    except ValidationError as error:
        from flask_babel import gettext as _

        errors = {name: messages for name, messages in error.normalized_messages().items()}
        raise BadQuery(
            _("Mindestens ein Parameter hat einen ungültigen Wert."),
            errors={name: [str(m) for m in _flat(messages)] for name, messages in errors.items()},
        ) from None


def _flat(messages) -> list:
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flat(value)]
    if isinstance(messages, list):
        return [m for value in messages for m in _flat(value)]
    return [messages]


def json_response(payload: dict, *, status: int = 200):
    """A JSON answer with a strong ETag (a repeated request with If-None-Match gets 304
    without a body) and the public caching the API allows."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(body, status=status, mimetype="application/json")
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    return response.make_conditional(request)


def add_cors(response):
    response.headers.update(CORS_HEADERS)
    return response


def page_links(endpoint: str, result, params: dict, **values) -> dict:
    """self/first/last/prev/next of a paginated list. Only the loaded, checked parameters go
    into the links (raw query names could collide with url_for's own keywords)."""
    query = {k: v for k, v in params.items() if k != "page" and v not in (None, "", False)}

    def link(page: int) -> str:
        return external_url(endpoint, **values, **query, page=page)

    return {
        "self": link(result.page),
        "first": link(1),
        "last": link(result.pages),
        "prev": link(result.page - 1) if result.page > 1 else None,
        "next": link(result.page + 1) if result.page < result.pages else None,
    }


def page_meta(result, per_page: int) -> dict:
    return {"page": result.page, "per_page": per_page, "pages": result.pages, "total": result.total}


def self_link() -> str:
    """This resource's absolute address (from BASE_URL, like every link of the API)."""
    return external_url(request.endpoint, **(request.view_args or {}))


def page_answer(schema: type[Schema], rows, result, params: dict, endpoint: str, **values):
    """One page of a list as JSON: the rows through `schema`, where the page stands, and
    the links to the others."""
    return json_response(
        {
            "data": schema(many=True).dump(rows),
            "meta": page_meta(result, params["per_page"]),
            "links": page_links(endpoint, result, params, **values),
        }
    )
