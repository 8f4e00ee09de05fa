"""Security headers and request hygiene applied to every response and request."""

from __future__ import annotations

from flask import Flask, abort, current_app, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


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
    foreign_type = bool(request.mimetype) and request.mimetype not in FORM_TYPES
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
