"""Absolute links for mails, built from BASE_URL rather than the request's Host header."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g


def external_url(endpoint: str, **values) -> str:
    """`url_for(..., _external=True)` that works without a request and ignores Host. The
    bound URL map is kept for the app context (a list of the API builds hundreds)."""
    adapter = g.get("_external_urls")
    if adapter is None:
        base = urlsplit(current_app.config["BASE_URL"])
        adapter = g._external_urls = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )
    return adapter.build(endpoint, values, force_external=True)
