"""Security headers and request hygiene applied to every response and request."""

from __future__ import annotations

import json

from flask import Flask, abort, current_app, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
JSON_TYPE = "application/json"
# A JSON body for a browser API call (a passkey's answer is a few kilobytes).
JSON_MAX_BYTES = 64 * 1024


def accepts_json(view):
    """Mark a view that takes a JSON body from the page's script instead of a form (the
    passkey ceremonies); it answers errors as JSON too. Put it right under the route."""
    view.accepts_json = True
    return view


def takes_json() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "accepts_json", False))


def json_object() -> dict:
    """The request's JSON object: 415 for another type (a form), 413 when too large, 400
    when it is not a JSON object (malformed, nested too deep, a list)."""
    if request.mimetype != JSON_TYPE:
        abort(415)
    if (request.content_length or 0) > JSON_MAX_BYTES:
        abort(413)
    raw = request.get_data(cache=True)
    if len(raw) > JSON_MAX_BYTES:
        abort(413)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        abort(400)
    if not isinstance(data, dict):
        abort(400)
    return data


def set_security_headers(response):
    """after_request: CSP without inline script, no framing, no sniffing, strict referrer."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def reject_bad_requests():
    """before_request: refuse what no form or page accepts, before any view reads it."""
    writes = request.method in {"POST", "PUT", "PATCH", "DELETE"}
    # A body without a type is left to CSRF to refuse; the API has its own rules.
    accepted = FORM_TYPES | {JSON_TYPE} if takes_json() else FORM_TYPES
    foreign_type = bool(request.mimetype) and request.mimetype not in accepted
    if writes and foreign_type and not request.path.startswith("/api/"):
        abort(415)
    if "\x00" in request.path:
        abort(404)  # no page has such an address (PostgreSQL would refuse the lookup)
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            abort(400)


def register_security(app: Flask) -> None:
    from participation.core.uploads import widen_body_limit_for_uploads

    app.before_request(reject_bad_requests)
    # Before CSRF protection reads the body, so forms with a file get their larger limit.
    app.before_request(widen_body_limit_for_uploads)
    app.after_request(set_security_headers)
