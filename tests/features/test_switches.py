"""Feature switches: a switched-off module answers 404 on every route for everyone, leaves
no link on any page (a crawl of the public pages, the staff start page and the sitemap),
and switching it on restores everything; cached pages follow the switch."""

from __future__ import annotations

import string
from collections import defaultdict
from urllib.parse import urlsplit

import html5lib
import pytest
from werkzeug.exceptions import HTTPException

from participation.core import pagecache
from participation.features import services
from participation.features.registry import MODULES, module_of
from tests.harness.test_access_matrix import (
    EXPECTED,
    _contribution,
    _governance,
    _invitation,
)


def switch(client, name: str, state: str):
    return client.post_form(f"/verwaltung/module/{name}", {"state": state})


@pytest.fixture
def admin(app, make_user):
    client = app.test_client()
    client.sign_in(make_user("admin"))
    return client


@pytest.fixture
def sample(app, make_user, make_partner, make_process):
    """A public process with a partner's statement, an event, a meeting, a group and the
    rest of what the network's routes show."""
    partner = make_partner("Stichprobe e. V.")
    process = make_process("Öffentlich", district="10")
    office = make_user("coordinator")
    values = {
        "process": process.slug,
        "partner": partner.organisation.slug,
        "applicant": make_partner("Bewirbt sich", confirm=False).organisation.slug,
        "invitation": _invitation(partner),
        "member": make_user("partner_member", organisation=partner.organisation.slug).id,
        "statement": _contribution(partner, "statement", process).id,
        "event": _contribution(partner, "event", process).id,
        **_governance(office, partner),
    }
    return values


def module_routes(app, name: str) -> list[tuple[str, str, str]]:
    """(endpoint, method, sample path) of every route of the module in the app."""
    endpoints = sorted(
        {rule.endpoint for rule in app.url_map.iter_rules() if module_of(rule.endpoint) == name}
    )
    return [(endpoint, *EXPECTED[endpoint][:2]) for endpoint in endpoints]


def fill(path: str, values: dict) -> str:
    return string.Formatter().vformat(path, (), defaultdict(lambda: "1", values))


def test_registry_names_only_modules_with_blueprints_and_accepts_missing_ones(app):
    assert set(MODULES) == {"network", "qualification"}
    registered = set(app.blueprints)
    assert MODULES["network"].blueprints <= registered
    assert MODULES["qualification"].blueprints <= registered
    assert module_of("qualification.index") == "qualification"
    assert module_of("projects.index") is None
    assert module_of("feeds.news") == "network"
    assert module_of("feeds.processes") is None


def test_every_route_of_a_module_is_in_the_access_table(app):
    for name in MODULES:
        for endpoint, _method, _path in module_routes(app, name):
            assert endpoint in EXPECTED


@pytest.mark.parametrize("name", sorted(MODULES))
def test_switched_off_module_answers_404_everywhere_and_comes_back(
    app, client, admin, sample, name
):
    routes = module_routes(app, name)
    before = {}
    for endpoint, method, path in routes:
        if method == "GET":
            before[endpoint] = admin.get(fill(path, sample), buffered=True).status_code
    assert switch(admin, name, "aus").status_code == 303
    wrong = []
    for _endpoint, method, path in routes:
        url = fill(path, sample)
        for who, user_client in (("visitor", client), ("admin", admin)):
            if method == "GET":
                status = user_client.get(url, buffered=True).status_code
            else:
                status = user_client.post_form(url).status_code
            if status != 404:
                wrong.append(f"{who} {method} {url}: {status}")
    assert wrong == []
    assert switch(admin, name, "an").status_code == 303
    after = {
        endpoint: admin.get(fill(path, sample), buffered=True).status_code
        for endpoint, method, path in routes
        if method == "GET"
    }
    assert after == before
    if name == "network":
        assert before["network.index"] == 200 and before["partners.detail"] == 200


def test_only_the_admin_switches(app, make_user):
    for role in ("coordinator", "district_manager", "resident"):
        client = app.test_client()
        client.sign_in(make_user(role))
        assert client.get("/verwaltung/module").status_code == 403
        assert switch(client, "network", "aus").status_code == 403
    assert services.module_on("network")


def test_bad_switch_requests_change_nothing(admin):
    response = switch(admin, "network", "vielleicht")
    assert response.status_code == 422
    assert "Bitte wählen Sie" in response.get_data(as_text=True)
    assert switch(admin, "gibtsnicht", "aus").status_code == 404
    assert services.module_on("network")


def test_switch_page_shows_the_state(admin):
    page = admin.get("/verwaltung/module").get_data(as_text=True)
    assert "Netzwerk Bürgermitwirkung ausschalten" in page
    switch(admin, "network", "aus")
    page = admin.get("/verwaltung/module").get_data(as_text=True)
    assert "Netzwerk Bürgermitwirkung einschalten" in page
    assert "ist jetzt ausgeschaltet" in page


# -- no link into a switched-off module --------------------------------------------------


def links_of(html: str) -> set[str]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    found = set()
    for element in tree.iter():
        for attribute in ("href", "action", "src", "data-hx-get", "data-hx-post"):
            value = element.get(attribute)
            if value:
                found.add(value)
    return found


def crawl(client, app, start: list[str], limit: int = 400):
    """Every page reachable from `start` through links on this site: {path: links}."""
    adapter = app.url_map.bind("localhost")
    seen, queue, pages = set(start), list(start), {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = client.get(path, buffered=True)
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        links = links_of(response.get_data(as_text=True))
        pages[path] = links
        for link in links:
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/static/") or target in seen:
                continue
            try:
                endpoint = adapter.match(parts.path, method="GET")[0]
            except HTTPException:
                continue
            # Every process page and partner page once is enough; filtered variants of
            # lists add nothing here.
            if parts.query and endpoint not in ("evaluation.feedback",):
                continue
            seen.add(target)
            queue.append(target)
    return pages


def links_into(app, pages: dict, name: str) -> list[str]:
    adapter = app.url_map.bind("localhost")
    wrong = []
    for page, links in pages.items():
        for link in links:
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            try:
                endpoint = adapter.match(parts.path, method="GET")[0]
            except HTTPException:
                try:
                    endpoint = adapter.match(parts.path, method="POST")[0]
                except HTTPException:
                    continue
            if module_of(endpoint) == name:
                wrong.append(f"{page} -> {link}")
    return wrong


def test_no_link_into_a_switched_off_qualification_and_back(app, client, admin, make_user):
    from tests.harness.routes import public_get_paths
    from tests.qualification.factories import training

    training(make_user("coordinator"))  # a published training: its page is in the sitemap
    start = ["/", *public_get_paths(app)]
    on = crawl(client, app, start)
    assert links_into(app, on, "qualification"), "the crawl should find the module's links"
    staff_on = {"/verwaltung": links_of(admin.get("/verwaltung").get_data(as_text=True))}
    assert links_into(app, staff_on, "qualification")
    assert "/qualifizierung/" in client.get("/sitemap.xml").get_data(as_text=True)

    switch(admin, "qualification", "aus")
    off = crawl(client, app, start)
    assert links_into(app, off, "qualification") == []
    staff_off = {"/verwaltung": links_of(admin.get("/verwaltung").get_data(as_text=True))}
    assert links_into(app, staff_off, "qualification") == []
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    for path in ("/qualifizierung", "/arbeitshilfen", "/praxisbeispiele"):
        assert path not in sitemap

    switch(admin, "qualification", "an")
    again = crawl(client, app, start)
    assert sorted(links_into(app, again, "qualification")) == sorted(
        links_into(app, on, "qualification")
    )


def test_no_link_into_a_switched_off_network_and_back(app, client, admin, sample, make_user):
    from tests.harness.routes import public_get_paths

    start = ["/", *public_get_paths(app), f"/verfahren/{sample['process']}"]
    on = crawl(client, app, start)
    assert links_into(app, on, "network"), "the crawl should find the network's links"
    staff_on = admin.get("/verwaltung").get_data(as_text=True)
    assert "/netzwerk" in staff_on
    sitemap_on = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/netzwerk" in sitemap_on

    switch(admin, "network", "aus")
    off = crawl(client, app, start)
    assert f"/verfahren/{sample['process']}" in off
    assert links_into(app, off, "network") == []
    staff_off = {"/verwaltung": links_of(admin.get("/verwaltung").get_data(as_text=True))}
    assert links_into(app, staff_off, "network") == []
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/netzwerk" not in sitemap
    api = client.get("/api/v1/").get_json()
    assert "partners" not in api["links"] and "contributions" not in api["links"]
    process_page = client.get(f"/verfahren/{sample['process']}").get_data(as_text=True)
    assert "Stellungnahmen von Partnerorganisationen" not in process_page

    switch(admin, "network", "an")
    again = crawl(client, app, start)
    assert sorted(links_into(app, again, "network")) == sorted(links_into(app, on, "network"))
    assert client.get("/sitemap.xml").get_data(as_text=True) == sitemap_on


def test_switched_off_dataset_is_gone_from_open_data(app, client, admin):
    switch(admin, "network", "aus")
    page = client.get("/opendata").get_data(as_text=True)
    assert "partnerorganisationen.csv" not in page
    assert client.get("/opendata/partnerorganisationen.csv").status_code == 404
    assert client.get("/opendata/verfahren.csv", buffered=True).status_code == 200
    switch(admin, "network", "an")
    assert "partnerorganisationen.csv" in client.get("/opendata").get_data(as_text=True)
    assert client.get("/opendata/partnerorganisationen.csv", buffered=True).status_code == 200


# -- the page cache ----------------------------------------------------------------------


@pytest.fixture
def cached_app(make_app):
    app = make_app(PAGE_CACHE=True)
    with app.app_context():
        yield app


def test_cached_pages_follow_the_switch(cached_app, make_user):
    visitor = cached_app.test_client()
    admin = cached_app.test_client()
    admin.sign_in(make_user("admin"))
    assert visitor.get("/").headers["X-Page-Cache"] == "miss"
    first = visitor.get("/")
    assert first.headers["X-Page-Cache"] == "hit"
    assert 'href="/netzwerk"' in first.get_data(as_text=True)
    generation = pagecache.current_generation()
    switch(admin, "network", "aus")
    assert pagecache.current_generation() > generation
    page = visitor.get("/")
    assert page.headers["X-Page-Cache"] == "miss"
    assert 'href="/netzwerk"' not in page.get_data(as_text=True)
    assert visitor.get("/netzwerk").status_code == 404
    switch(admin, "network", "an")
    assert 'href="/netzwerk"' in visitor.get("/").get_data(as_text=True)


def test_state_is_read_once_per_request(app, client, assert_max_queries):
    from participation.extensions import db
    from participation.features.models import FeatureSwitch

    db.session.add(FeatureSwitch(module="qualification", enabled=False))
    db.session.commit()
    client.get("/impressum")
    with assert_max_queries(10) as counter:
        client.get("/impressum")
    reads = [s for s in counter.statements if "feature_switch" in s]
    assert len(reads) == 1


def test_with_redis_a_cached_module_page_needs_no_query_and_follows_a_switch_at_once(
    make_app, make_user
):
    """Each worker keeps the switches under the content generation it read them at: a
    cached page of a module costs no query, and a switch reaches every worker at once."""
    from sqlalchemy import event

    from participation.extensions import db
    from tests.core.test_pagecache import REDIS_URL, redis_available

    if not redis_available():
        pytest.skip("no Redis at REDIS_URL")
    # Two workers: apps of their own (and memory) on the same database and Redis. No app
    # context spans the requests, so each request starts with an empty `g`, as in a worker.
    worker, other = (make_app(PAGE_CACHE=True, REDIS_URL=REDIS_URL) for _ in "ab")
    visitor, elsewhere = worker.test_client(), other.test_client()
    admin = worker.test_client()
    admin.sign_in(make_user("admin"))
    for client in (visitor, elsewhere):
        assert client.get("/engagement").status_code == 200
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with worker.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        hit = visitor.get("/engagement")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert hit.headers["X-Page-Cache"] == "hit"
    assert statements == []

    switch(admin, "network", "aus")
    assert visitor.get("/engagement").status_code == 404
    assert elsewhere.get("/engagement").status_code == 404
    switch(admin, "network", "an")
    assert elsewhere.get("/engagement").status_code == 200
    assert visitor.get("/engagement").status_code == 200


def test_a_failed_read_is_not_kept_for_the_generation(make_app, make_user, monkeypatch):
    """While the database is away nothing is hidden (the 503 page is drawn); the requests
    after it read the switches again instead of keeping "nothing off" for the generation."""
    from tests.core.test_pagecache import REDIS_URL, redis_available

    if not redis_available():
        pytest.skip("no Redis at REDIS_URL")
    worker = make_app(PAGE_CACHE=True, REDIS_URL=REDIS_URL)
    admin = worker.test_client()
    admin.sign_in(make_user("admin"))
    switch(admin, "network", "aus")
    real = services._read_switches
    monkeypatch.setattr(services, "_read_switches", lambda: None)
    visitor = worker.test_client()
    assert visitor.get("/engagement").status_code == 200  # nothing hidden while away
    monkeypatch.setattr(services, "_read_switches", real)
    assert visitor.get("/engagement").status_code == 404
