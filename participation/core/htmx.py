"""htmx helpers: one template for page and fragment, and the Vary header."""

from __future__ import annotations

from flask import make_response, render_template

from participation.extensions import htmx


def render_page_or_fragment(
    page_template: str, fragment_template: str, status: int = 200, **context
):
    """Render the fragment for htmx requests and the page (which includes it) otherwise.

    htmx is never used for authorisation, only to choose how much HTML to send.
    """
    # Boosted navigation and history restores (back button) need the whole page.
    wants_fragment = htmx and not htmx.boosted and not htmx.history_restore_request
    template = fragment_template if wants_fragment else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def add_vary_header(response):
    """after_request hook: any response that may differ for htmx says so."""
    response.vary.add("HX-Request")
    return response
