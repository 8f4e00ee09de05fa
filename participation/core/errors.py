"""Domain errors and how they become 4xx/5xx pages, fragments or JSON."""

from __future__ import annotations

import contextlib
import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from participation.core.security import takes_json
from participation.extensions import db, htmx, login_manager

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A refusal by a service; carries the message shown to the user."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.field = field
        # Further members of the API's problem document (e.g. "errors" per parameter).
        self.extra = extra


class Forbidden(DomainError):
    """The actor may not do this."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist or is not visible to the actor."""

    status_code = 404


class Conflict(DomainError):
    """The action clashes with the current state (already done, taken, closed)."""

    status_code = 409


class TooManyAttempts(DomainError):
    """Refused for now: too many tries in too short a time."""

    status_code = 429


class Invalid(DomainError):
    """The input is well-formed but not acceptable."""

    status_code = 422


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Ungültige Anfrage"), _("Die Anfrage konnte nicht verarbeitet werden.")),
        403: (_("Kein Zugriff"), _("Dafür fehlt Ihnen die Berechtigung.")),
        404: (_("Seite nicht gefunden"), _("Diese Seite gibt es nicht (mehr).")),
        405: (_("Nicht erlaubt"), _("Diese Aktion ist auf diesem Weg nicht möglich.")),
        409: (_("Konflikt"), _("Das passt nicht zum aktuellen Stand.")),
        413: (
            _("Zu viele Daten"),
            _("Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Eingabe."),
        ),
        415: (_("Falsches Format"), _("Dieses Datenformat wird hier nicht angenommen.")),
        422: (_("Eingabe nicht möglich"), _("Die Eingabe konnte nicht übernommen werden.")),
        429: (
            _("Zu viele Versuche"),
            _("Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
        ),
        500: (
            _("Interner Fehler"),
            _(
                "Etwas ist schiefgegangen. Wir wurden benachrichtigt. "
                "Bitte versuchen Sie es später erneut."
            ),
        ),
        503: (
            _("Vorübergehend nicht verfügbar"),
            _(
                "Das Portal ist gerade nicht erreichbar. "
                "Bitte versuchen Sie es in wenigen Minuten erneut."
            ),
        ),
    }


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or takes_json()


def problem(status: int, title: str, detail: str, **extra):
    """An RFC 9457 problem document, the JSON API's only error shape."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["instance"] = request.path
    response = jsonify({**body, **extra})
    response.mimetype = "application/problem+json"
    return response


def error_response(status: int, message: str | None = None, **extra):
    """Render an error as JSON (a problem document on the API), a fragment (htmx) or a full
    page. `extra` adds members to an API problem (e.g. the refused parameters)."""
    title, default_message = _titles().get(status, _titles()[500])
    message = message or default_message
    if request.path.startswith("/api/"):
        response = problem(status, title, message, **extra)
    elif _wants_json():
        response = jsonify(error={"status": status, "title": title, "message": message})
    else:
        # 500 and 503 use a layout that needs neither the database nor the session.
        if htmx:
            template = "errors/_error.html"
        elif status >= 500:
            template = "errors/minimal.html"
        else:
            template = "errors/page.html"
        # An htmx error lands in #messages, which is already a live region.
        response = make_response(
            render_template(template, status=status, title=title, message=message, live=not htmx)
        )
    response.status_code = status
    response.vary.add("HX-Request")
    if status == 503:
        response.headers["Retry-After"] = "30"
    if htmx and status != 422:
        # Let htmx show the error fragment in the page's message area.
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the database may be gone; the 503 still has to render
        log.warning("rollback after a database error failed", exc_info=True)


def close_session_quietly(_error=None) -> None:
    """teardown: end the request's session even when its connection died with the
    database; otherwise the failed rollback would escape after the 503 page and the
    server would answer with a bare 500."""
    try:
        db.session.remove()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool will replace it
        log.warning("closing the session after a database outage failed", exc_info=True)
        with contextlib.suppress(Exception):
            db.session.invalidate()
        db.session.registry.clear()


def register_error_handlers(app: Flask) -> None:
    """Map domain errors, HTTP errors and database outages to styled responses."""
    # Registered after Flask-SQLAlchemy's teardown, so it runs first (teardowns run in
    # reverse); Flask-SQLAlchemy then finds no session left to close.
    app.teardown_appcontext(close_session_quietly)

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        return error_response(error.status_code, error.message, **error.extra)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        return error_response(
            400,
            _(
                "Das Formular ist abgelaufen oder unvollständig. Bitte laden Sie die Seite neu "
                "und senden Sie es noch einmal."
            ),
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 413:
            _rollback_quietly()
        response = error_response(error.code if error.code in _titles() else 400)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def handle_database_outage(error):
        log.error("database unavailable: %s", error.__class__.__name__)
        _rollback_quietly()
        # The page must not ask the database who is signed in (Flask-Login's template
        # context loads the user): it is shown as to a visitor.
        g._login_user = login_manager.anonymous_user()
        return error_response(503)

    @app.errorhandler(DataError)
    def handle_data_error(error):
        # Input the database refuses (e.g. NUL bytes on PostgreSQL) that slipped past a form.
        log.warning("database refused a value: %s", error.orig.__class__.__name__)
        _rollback_quietly()
        return error_response(400)

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(error):
        # A unique constraint won a race the service's own check lost.
        _rollback_quietly()
        return error_response(409)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        log.exception("unhandled error")
        _rollback_quietly()
        return error_response(500)
