"""The feeds' addresses: Atom (`….atom`) and iCalendar (`….ics`), public and the same for
every reader, with a content tag (ETag) and Last-Modified so readers ask cheaply.

The page cache (core.pagecache) keeps only HTML pages, and its tag names the visitor's
CSRF token; a feed carries no token, so its tag is simply the hash of its bytes, and a
reader that sends it back gets 304 Not Modified.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Blueprint, abort, current_app, request
from flask_babel import get_locale

from participation.core.clock import local_today
from participation.core.links import external_url
from participation.feeds import network, services
from participation.feeds.formats import Calendar, Feed, to_atom, to_ical
from participation.projects.forms import ProcessFilterForm

bp = Blueprint("feeds", __name__)

ATOM = "application/atom+xml; charset=utf-8"
ICALENDAR = "text/calendar; charset=utf-8"


def _conditional(body: bytes, content_type: str, last_modified: datetime | None):
    """The feed, or 304 when the reader's copy (If-None-Match, or without a tag
    If-Modified-Since) is still current."""
    response = current_app.response_class(body, content_type=content_type)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    # Readers may keep it but ask again each time; the language follows the session.
    response.cache_control.no_cache = True
    response.vary.add("Cookie")
    return response.make_conditional(request)


def _atom(feed: Feed):
    body = to_atom(
        feed,
        language=str(get_locale() or "de"),
        publisher=current_app.config["SITE_NAME"],
        publisher_uri=external_url("pages.home"),
    )
    return _conditional(body, ATOM, feed.updated)


def _ical(calendar: Calendar):
    body = to_ical(calendar, publisher=current_app.config["SITE_NAME"])
    return _conditional(body, ICALENDAR, calendar.updated)


def _bezirk() -> str | None:
    """The events lists' district filter; unknown districts are a 404 (services)."""
    return request.args.get("bezirk", "")[:10] or None


@bp.get("/verfahren.atom")
def processes():
    """The process list's filters (`bezirk`, `handlungsfeld`, `phase`, `q`), checked by its
    own form: a value the list would refuse is a 404 here, not a wider feed."""
    form = ProcessFilterForm(request.args)
    if not form.validate():
        abort(404)
    filters = form.filters()
    filters.pop("sort")
    return _atom(services.processes_feed(today=local_today(), **filters))


@bp.get("/bezirke/<code>/verfahren.atom")
def district_processes(code: str):
    return _atom(services.district_feed(code=code, today=local_today()))


@bp.get("/verfahren/<slug>/vorschlaege.atom")
def proposals(slug: str):
    return _atom(services.proposals_feed(slug=slug))


@bp.get("/ergebnisse.atom")
def results():
    return _atom(services.results_feed())


@bp.get("/netzwerk/neuigkeiten.atom")
def news():
    return _atom(network.news_feed())


@bp.get("/netzwerk/veranstaltungen.atom")
def events():
    return _atom(network.events_feed(district_code=_bezirk()))


@bp.get("/verfahren/<slug>/phasen.ics")
def phases(slug: str):
    return _ical(services.phases_calendar(slug=slug))


@bp.get("/bezirke/<code>/dialoge.ics")
def district_dialogues(code: str):
    return _ical(services.dialogues_calendar(code=code))


@bp.get("/netzwerk/veranstaltungen.ics")
def events_calendar():
    return _ical(network.events_calendar(district_code=_bezirk()))


@bp.get("/netzwerk/treffen.ics")
def meetings():
    return _ical(network.meetings_calendar())
