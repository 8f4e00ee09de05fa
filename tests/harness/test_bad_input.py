"""QUALITY.md's bad-input harness, generated from the route table and the real forms.

Every POST route has a scenario; every text field of its form gets every payload family.
Each case must end as reject (4xx, nothing written, the rest of the input kept), sanitise
or escape (no new executable markup on any page that shows it) — never a 5xx.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape as escape_html
from urllib.parse import urlencode

import pytest
from flask import Request
from sqlalchemy import text
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from participation.extensions import db
from tests.conftest import ENGINE
from tests.harness.forms import field_values, multipart, parse_forms
from tests.harness.payloads import ALL, FAMILIES
from tests.harness.routes import rules
from tests.harness.scenarios import BY_ENDPOINT, FORM_SCENARIOS, JSON_SCENARIOS, Context
from tests.harness.xss import dangerous_features

HARMLESS = "Harmloser Text"
FORM = "application/x-www-form-urlencoded"
# {{7*7}} evaluated shows as a lone 49; 49 inside tokens and random names must not count.
# A 49 that template evaluation would print; not one inside an id, a path, a parameter, a
# time of day ("23:49", "12:05:49") or a number ("4.49").
_FORTY_NINE = re.compile(r"(?<![\w/=#:.-])49(?![\w/:.-])")


def count_49(html: str) -> int:
    return len(_FORTY_NINE.findall(html))


def evaluated(page: str, payload: str, before: int) -> bool:
    """Whether a page that shows stored input evaluated a template payload: more lone 49s
    than before, and the payload itself nowhere to be read. A list that grows with the
    cases may come to count 49 items; the payload shown as typed tells that apart."""
    if count_49(page) <= before:
        return False
    return payload not in page and escape_html(payload, quote=True) not in page


def encode(data: dict) -> bytes:
    """URL-encode as a browser would, keeping lone surrogates as their raw bytes."""
    return urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in data.items()}).encode()


# Every payload family runs against every target on both engines. The families that test
# the storage engine (what it accepts: NUL, broken UTF-16, long text; how it matches and
# compares: LIKE wildcards, quotes; what exports make of it) send all their payloads on
# both. The markup families test the templates and the sanitiser, the same code on every
# engine: SQLite gets all their payloads, PostgreSQL the shortest of each (docs/testing.md).
STORAGE_FAMILIES = {"sqlish", "crlf", "nul", "bad_unicode", "long", "csv"}
_SHORTEST = {family: min(payloads, key=len) for family, payloads in FAMILIES.items()}
# Every family, the markup ones by their shortest payload.
EVERY_FAMILY = [(f, p) for f, p in ALL if f in STORAGE_FAMILIES or p == _SHORTEST[f]]
# The shortest payload of every family.
ONE_PER_FAMILY = list(_SHORTEST.items())
PAYLOADS = ALL if ENGINE == "sqlite" else EVERY_FAMILY
assert {f for f, _p in PAYLOADS} == {f for f, _p in EVERY_FAMILY} == set(FAMILIES)

# Page views are counted (and written now and then) whatever a request does.
COUNTED_BY_REFUSALS = {"sign_in_failure", "page_view_count"}
NOT_KEPT = {"csrf_token", "hp_note"}  # the honeypot is never shown again
PASSWORD_KINDS = {"password"}


def post_endpoints(app) -> set[str]:
    return {r.endpoint for r in rules(app) if "POST" in r.methods}


def test_every_post_route_has_a_scenario(app):
    assert post_endpoints(app) == set(BY_ENDPOINT), "add a Scenario for each new form"


def test_no_route_uses_the_plain_int_converter(app):
    from participation.core.urls import IdConverter

    for rule in rules(app):
        for converter in rule._converters.values():
            assert type(converter).__name__ != "IntegerConverter" or isinstance(
                converter, IdConverter
            ), rule


@pytest.mark.parametrize(
    "value, matches",
    [
        ("1", True),
        ("2147483647", True),
        ("0", False),
        ("-1", False),
        (str(2**63), False),
        ("1e3", False),
    ],
)
def test_id_converter_refuses_out_of_range_ids(value, matches):
    from flask import Flask
    from werkzeug.exceptions import NotFound

    from participation.core.urls import IdConverter

    app = Flask(__name__)
    app.url_map.converters["id"] = IdConverter
    app.add_url_rule("/x/<id:item_id>", "x", lambda item_id: "")
    adapter = app.url_map.bind("localhost")
    if matches:
        assert adapter.match(f"/x/{value}")[1]["item_id"] == int(value)
    else:
        with pytest.raises(NotFound):
            adapter.match(f"/x/{value}")


# --- running one scenario --------------------------------------------------------------------


class Runner:
    def __init__(self, app, make_user):
        self.app = app
        self.make_user = make_user
        self.viewers = {}
        self.form_features = {}
        self._count_sql = None
        # The row counts after the last case that changed nothing: the next case on the
        # same prepared context starts from them instead of counting again.
        self._unchanged_counts = None

    def row_counts(self) -> dict[str, int]:
        """Rows per table, in one round trip (it runs for every refused case).

        Wrong passwords and codes are counted in `sign_in_failure` by the refusal itself
        (participation/accounts/lockout.py): that table is left out of the comparison. The
        statement is compiled once: building a union over every table costs more than
        running it."""
        if self._count_sql is None:
            # Table names from our own metadata, not from input.
            names = [t.name for t in db.metadata.sorted_tables if t.name not in COUNTED_BY_REFUSALS]
            one = "SELECT '{0}' AS name, count(*) AS rows FROM \"{0}\""
            self._count_sql = text(" UNION ALL ".join(one.format(n) for n in names))
        counts = dict(db.session.execute(self._count_sql).all())
        db.session.rollback()
        return counts

    def submitter(self, scenario, ctx):
        client = self.app.test_client()
        if scenario.role == "setup":
            client.sign_in(ctx.data["actor"])
        elif scenario.role:
            role, _, variant = scenario.role.partition("-")
            user = self.make_user(role, verified=variant != "unverified")
            ctx.data["actor"] = user
            client.sign_in(user)
        scenario.client_setup(ctx, client)
        return client

    def viewer(self, role, submitter):
        if role == "self":
            return submitter
        if role not in self.viewers:
            client = self.app.test_client()
            if role:
                client.sign_in(self.make_user(role))
            self.viewers[role] = client
        return self.viewers[role]

    def prepare(self, scenario):
        ctx = Context(make_user=self.make_user, app=self.app)
        scenario.setup(ctx)
        client = self.submitter(scenario, ctx)
        form_path = scenario.form_path(ctx)
        page = client.get(form_path)
        assert page.status_code == 200, (scenario.endpoint, form_path, page.status_code)
        html = page.get_data(as_text=True)
        adapter = self.app.url_map.bind("localhost")
        wanted = scenario.post_path(ctx) if scenario.post_path else None
        for form in parse_forms(html, form_path):
            if form.method != "post":
                continue
            if wanted is not None and form.action != wanted:
                continue
            try:
                endpoint = adapter.match(form.action, method="POST")[0]
            except HTTPException:
                endpoint = None  # a form for a route that takes no POST here
            if endpoint == scenario.endpoint:
                data = {f.name: f.value for f in form.fields if f.kind != "button"}
                data.update(scenario.valid(ctx))
                return ctx, client, form, data, html
        raise AssertionError(f"no form for {scenario.endpoint} on {form_path}")

    def submit(self, client, scenario, ctx, form, data):
        """POST as the browser would: URL-encoded, or multipart when the form has files."""
        file_inputs = {f.name for f in form.fields if f.kind == "file"}
        if not file_inputs:
            return client.post(form.action, data=encode(data), content_type=FORM)
        given = scenario.files(ctx)
        files = {
            name: given.get(name, (b"", "", "application/octet-stream")) for name in file_inputs
        }
        fields = {k: v for k, v in data.items() if k not in file_inputs}
        body, content_type = multipart(fields, files)
        return client.post(form.action, data=body, content_type=content_type)

    def shown(self, scenario, ctx, submitter) -> list[str]:
        pages = []
        for role, path in scenario.show(ctx):
            response = self.viewer(role, submitter).get(path)
            if response.status_code == 200:
                pages.append(response.get_data(as_text=True))
        return pages

    def baseline(self, scenario):
        ctx, client, form, data, form_html = self.prepare(scenario)
        response = self.submit(client, scenario, ctx, form, data)
        assert response.status_code < 400, (
            f"{scenario.endpoint}: the valid submission was refused ({response.status_code})\n"
            + response.get_data(as_text=True)[:3000]
        )
        shown = self.shown(scenario, ctx, client)
        return {
            "shown": [dangerous_features(html) for html in shown],
            "shown_49": [count_49(html) for html in shown],
        }

    def case(self, scenario, field, payload, base, prepared=None):
        """Judge one payload in one field: (problems, prepared), where `prepared` is the
        context the next case may reuse: a refusal that changed no row leaves it as it was,
        so only a case that stored something pays for a fresh setup."""
        problems = []
        ctx, client, form, data, form_html = prepared or self.prepare(scenario)
        reusable = (ctx, client, form, dict(data), form_html)
        data = dict(data)
        # The form page looks the same for every case after the baseline; parse it once.
        if scenario.endpoint not in self.form_features:
            self.form_features[scenario.endpoint] = (
                dangerous_features(form_html),
                count_49(form_html),
            )
        form_features, form_49 = self.form_features[scenario.endpoint]
        if "7*7" in payload:
            # Numbers on the form page may have grown with the cases before (a version, a
            # count): for the few template payloads, count against the page as it is now.
            form_49 = count_49(client.get(scenario.form_path(ctx)).get_data(as_text=True))
        kinds = {f.name: f.kind for f in form.fields}
        data[field] = payload
        before = (self._unchanged_counts if prepared else None) or self.row_counts()
        self._unchanged_counts = None
        response = self.submit(client, scenario, ctx, form, data)
        status = response.status_code
        html = response.get_data(as_text=True)
        if status >= 500:
            return [f"{status} for {payload!r}"], None
        if response.mimetype == "text/html":
            new = dangerous_features(html) - form_features
            if new:
                problems.append(f"response markup {new} for {payload!r}")
            if "7*7" in payload and count_49(html) > form_49:
                problems.append(f"template evaluated for {payload!r}")
        unchanged = False
        if 400 <= status < 500:
            after = self.row_counts()
            unchanged = after == before
            if unchanged:
                self._unchanged_counts = after
            if not unchanged:
                problems.append(f"{status} but rows changed for {payload!r}")
            if status == 422:
                kept = field_values(html, form.action)
                for name, value in data.items():
                    if name in (field, *NOT_KEPT) or kinds.get(name) in PASSWORD_KINDS:
                        continue
                    if name not in kept:
                        problems.append(f"{name} missing from the re-shown form")
                    elif kept[name] != value:
                        problems.append(f"lost {name}={value!r} when {field}={payload!r}")
        else:
            for index, page in enumerate(self.shown(scenario, ctx, client)):
                if index >= len(base["shown"]):
                    break
                new = dangerous_features(page) - base["shown"][index]
                if new:
                    problems.append(f"stored markup {new} for {payload!r}")
                if "7*7" in payload and evaluated(page, payload, base["shown_49"][index]):
                    problems.append(f"template evaluated on a page for {payload!r}")
        return problems, reusable if unchanged or scenario.repeatable else None


@pytest.fixture
def runner(make_app, make_user):
    app = make_app()
    with app.app_context():
        yield Runner(app, make_user)


def test_row_counts_see_every_table_change(runner, make_user):
    before = runner.row_counts()
    assert set(before) == {t.name for t in db.metadata.sorted_tables} - COUNTED_BY_REFUSALS
    make_user("resident")
    after = runner.row_counts()
    assert after["user_account"] == before["user_account"] + 1
    assert after["role_assignment"] == before["role_assignment"] + 1


@pytest.mark.parametrize("scenario", FORM_SCENARIOS, ids=lambda s: s.endpoint)
def test_payloads_in_every_field(runner, scenario):
    base = runner.baseline(scenario)
    _ctx, _client, form, _data, _html = runner.prepare(scenario)
    fields = [f.name for f in form.text_fields]
    problems = []
    prepared = None
    # A form's fields share its templates and the sanitiser: the first text field gets every
    # payload of the engine, the others one of every family (docs/testing.md).
    for index, field in enumerate(fields):
        for _family, payload in PAYLOADS if index == 0 else ONE_PER_FAMILY:
            found, prepared = runner.case(scenario, field, payload, base, prepared)
            problems += [f"{field}: {p}" for p in found]
    assert problems == [], "\n".join(problems[:40])


# RFC 8058's one-click unsubscribe is POSTed by mail clients without any session: the signed
# token in its URL is the authorisation, so a forged URL must be refused instead.
CSRF_EXEMPT = {"notifications.unsubscribe"}


@pytest.mark.parametrize("scenario", FORM_SCENARIOS, ids=lambda s: s.endpoint)
def test_csrf_is_required(runner, scenario):
    ctx, client, form, data, _html = runner.prepare(scenario)
    before = runner.row_counts()
    if scenario.endpoint in CSRF_EXEMPT:
        forged = form.action.rsplit("/", 1)[0] + "/forged.token.x"
        assert client.post(forged, data={}).status_code == 400
        assert runner.row_counts() == before
        return
    without = {k: v for k, v in data.items() if k != "csrf_token"}
    assert client.post(form.action, data=without).status_code == 400

    other = runner.app.test_client()
    foreign = {**data, "csrf_token": other.csrf_token()}
    assert client.post(form.action, data=foreign).status_code == 400
    assert runner.row_counts() == before


@pytest.mark.parametrize(
    "scenario", [s for s in FORM_SCENARIOS if s.role], ids=lambda s: s.endpoint
)
def test_old_token_after_logout_is_refused(runner, scenario):
    ctx, client, form, data, _html = runner.prepare(scenario)
    client.logout()
    response = client.post(form.action, data=data)
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or "/anmelden" in response.headers["Location"]


@pytest.mark.parametrize("scenario", FORM_SCENARIOS, ids=lambda s: s.endpoint)
def test_transport_level_bad_input(runner, scenario):
    ctx, client, form, data, _html = runner.prepare(scenario)
    assert (
        client.post(form.action, data=b'{"a": 1}', content_type="application/json").status_code
        == 415
    )
    assert client.post(form.action, data=b"<x/>", content_type="text/xml").status_code == 415
    big = {**data, "filler": "x" * (3 * 1024 * 1024)}
    assert client.post(form.action, data=big).status_code == 413
    raw = "&".join(f"{name}=%FF%FE%ED%A0%80" for name in data if name != "csrf_token")
    raw += f"&csrf_token={data['csrf_token']}"
    response = client.post(form.action, data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    duplicated = "&".join(f"{name}=eins&{name}=zwei" for name in data if name != "csrf_token")
    duplicated += f"&csrf_token={data['csrf_token']}"
    response = client.post(
        form.action, data=duplicated, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500


@pytest.mark.parametrize("scenario", FORM_SCENARIOS, ids=lambda s: s.endpoint)
def test_extra_privileged_fields_are_ignored(runner, scenario):
    ctx, client, form, data, _html = runner.prepare(scenario)
    actor = ctx.data.get("actor") or ctx.data.get("user")
    extra = {
        "role": "admin",
        "roles": "admin",
        "district_id": "1",
        "organisation_id": "1",
        "author_id": "1",
        "email_verified": "1",
        "email_verified_at": "2020-01-01",
        "session_version": "99",
        "is_staff": "1",
    }
    response = client.post(form.action, data={**data, **extra})
    assert response.status_code < 500
    if actor is not None:
        from participation.accounts.models import User

        fresh = db.session.get(User, actor.id)
        db.session.refresh(fresh)
        assert "admin" not in fresh.role_names or actor.has_role("admin")
        assert fresh.session_version != 99
        db.session.rollback()


# --- JSON calls of the page's script ----------------------------------------------------------

JSON = "application/json"


@pytest.mark.parametrize("scenario", JSON_SCENARIOS, ids=lambda s: s.endpoint)
def test_json_calls_refuse_forms_and_broken_bodies(runner, scenario):
    """The passkey ceremonies' JSON calls: a form body, another type, a body without or with
    a foreign CSRF token, malformed, nested, oversized JSON and every payload family in
    every key end in a clean 4xx (or a 2xx for a harmless value), never a 5xx, and a
    refusal changes no row. tests/accounts/test_passkeys.py covers real authenticators."""
    ctx = Context(make_user=runner.make_user, app=runner.app)
    scenario.setup(ctx)
    client = runner.submitter(scenario, ctx)
    page = client.get(scenario.form_path(ctx))
    assert page.status_code == 200, (scenario.endpoint, page.status_code)
    path = scenario.post_path(ctx)
    assert f'"{path}"' in page.get_data(as_text=True), "the page names the call it makes"
    token = client.csrf_token()
    body = scenario.valid(ctx)

    def send(raw, content_type=JSON, csrf=token):
        return client.post(path, data=raw, content_type=content_type, headers={"X-CSRFToken": csrf})

    foreign = runner.app.test_client().csrf_token()
    before = runner.row_counts()
    refusals = {
        "form": (client.post(path, data={"csrf_token": token, **body}), {415}),
        "xml": (send(b"<x/>", "text/xml"), {415}),
        "no token": (send(json.dumps(body), csrf=""), {400}),
        "foreign token": (send(json.dumps(body), csrf=foreign), {400}),
        "malformed": (send(b'{"credential": '), {400}),
        "list": (send(b"[]"), {400}),
        "nested": (send(b"[" * 20_000 + b"]" * 20_000), {400}),
        "huge": (send(json.dumps({**body, "filler": "x" * 100_000})), {413}),
        "NUL": (send(json.dumps({key: "\x00" for key in body} or {"x": "\x00"})), None),
    }
    wrong = [
        f"{name}: {response.status_code}"
        for name, (response, expected) in refusals.items()
        if response.status_code >= 500
        or (expected is not None and response.status_code not in expected)
    ]
    assert wrong == [], wrong
    assert runner.row_counts() == before
    problems = []
    for key in body:
        for _family, payload in PAYLOADS:
            before = runner.row_counts()
            response = send(json.dumps({**body, key: payload}).encode("utf-8", "surrogatepass"))
            if response.status_code >= 500:
                problems.append(f"{key}: {response.status_code} for {payload!r}")
            elif response.status_code >= 400 and runner.row_counts() != before:
                problems.append(f"{key}: rows changed for {payload!r}")
            if response.mimetype != JSON:
                problems.append(f"{key}: answered {response.mimetype} for {payload!r}")
    assert problems == [], "\n".join(problems[:40])
    if scenario.role:
        client.logout()
        response = send(json.dumps(body))
        assert response.status_code in (302, 400)


# --- query parameters ------------------------------------------------------------------------


class RecordingArgs(ImmutableMultiDict):
    """Query parameters that remember which keys a view asked for."""

    read: set[str] = set()

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        RecordingArgs.read.add(key)
        return super().get(key, default, type)

    def __getitem__(self, key):
        RecordingArgs.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key, type=None):  # noqa: A002
        RecordingArgs.read.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    parameter_storage_class = RecordingArgs


URL_FOR_KEYWORDS = {"endpoint", "_method", "_anchor", "_external", "_scheme", "values"}

GET_VIEWS = [  # (role, path) for every GET route; paths with arguments get sample values
    (None, "/"),
    (None, "/anmelden"),
    (None, "/registrieren"),
    (None, "/registrieren/fast-geschafft"),
    (None, "/registrieren/pseudonym-pruefen"),
    (None, "/passwort-vergessen"),
    (None, "/bezirke"),
    (None, "/bezirke/10"),
    (None, "/impressum"),
    (None, "/datenschutz"),
    (None, "/barrierefreiheit"),
    (None, "/leichte-sprache"),
    (None, "/netiquette"),
    (None, "/healthz"),
    (None, "/sitemap.xml"),
    (None, "/robots.txt"),
    (None, "/favicon.ico"),
    (None, "/bestaetigen/x"),
    (None, "/passwort-neu/x"),
    (None, "/konto/email-bestaetigen/x"),
    ("resident", "/konto"),
    ("resident", "/konto/passwort"),
    ("resident", "/konto/email"),
    ("resident", "/konto/loeschen"),
    ("resident", "/konto/daten"),
    ("resident", "/konto/daten/x"),
    ("resident", "/konto/bestaetigen"),
    ("resident", "/konto/sitzungen"),
    ("resident", "/konto/zwei-faktor"),
    ("resident", "/konto/zwei-faktor/passkey/codes"),
    (None, "/anmelden/code"),
    (None, "/anmelden/link/x"),
    (None, "/.well-known/security.txt"),
    ("admin", "/verwaltung/konten"),
    ("admin", "/verwaltung/konten/{me}"),
    ("admin", "/verwaltung"),
    ("admin", "/verwaltung/seiten"),
    ("admin", "/verwaltung/seiten/impressum/de"),
    ("admin", "/verwaltung/rueckmeldungen"),
    (None, "/static/css/site.css"),
    (None, "/verfahren"),
    (None, "/verfahren/{process}"),
    ("district_manager", "/verwaltung/verfahren"),
    ("district_manager", "/verwaltung/verfahren/neu"),
    ("district_manager", "/verfahren/{draft}"),
    ("district_manager", "/verwaltung/verfahren/{draft}/bearbeiten"),
    ("district_manager", "/verwaltung/verfahren/{draft}/rat"),
    ("coordinator", "/verwaltung/verfahren/{draft}/ablauf"),
    (None, "/vorhabenliste"),
    ("resident", "/vorhabenliste"),
    (None, "/medien/{image}"),
    (None, "/verfahren/{process}/vorschlaege"),
    ("resident", "/verfahren/{process}/vorschlaege/neu"),
    (None, "/verfahren/{process}/vorschlaege/aehnliche"),
    (None, "/verfahren/{process}/diskussion"),
    (None, "/vorschlaege/{proposal}"),
    ("resident", "/vorschlaege/{proposal}/bearbeiten"),
    (None, "/kommentare/{comment}"),
    ("resident", "/kommentare/{comment}/antworten"),
    ("resident", "/kommentare/{comment}/bearbeiten"),
    ("resident", "/vorschlaege/{proposal}/melden"),
    ("resident", "/kommentare/{comment}/melden"),
    ("resident", "/vorschlaege/{proposal}/einspruch"),
    ("resident", "/kommentare/{comment}/einspruch"),
    ("coordinator", "/verwaltung/moderation"),
    ("coordinator", "/verwaltung/moderation/protokoll"),
    ("coordinator", "/verwaltung/moderation/kommentare/{comment}"),
    ("coordinator", "/verwaltung/antworten"),
    ("coordinator", "/verwaltung/antworten/{proposal}"),
    ("coordinator", "/verwaltung/verfahren/{process}/zustaendigkeiten"),
    (None, "/antworten/ueberfaellig"),
    (None, "/antworten"),
    ("coordinator", "/verwaltung/kennzahlen"),
    ("coordinator", "/verwaltung/kennzahlen.csv"),
    ("coordinator", "/verwaltung/verfahren/{process}/ergebnisbericht"),
    ("coordinator", "/verfahren/{process}/ergebnisse"),
    ("coordinator", "/verfahren/{process}/ergebnisse.csv"),
    (None, "/netzwerk"),
    (None, "/netzwerk/partner"),
    (None, "/netzwerk/partner/{partner}"),
    (None, "/netzwerk/vereinbarung"),
    ("resident", "/netzwerk/mitmachen"),
    ("coordinator", "/netzwerk/partner/{partner}/verwalten"),
    (None, "/netzwerk/einladung/x"),
    ("coordinator", "/verwaltung/netzwerk/partner"),
    ("coordinator", "/verwaltung/netzwerk/partner/{partner}"),
    ("coordinator", "/verwaltung/netzwerk/vereinbarung"),
    (None, "/netzwerk/beitraege/{contribution}"),
    ("resident", "/melden/beitraege/{contribution}"),
    ("coordinator", "/verwaltung/moderation/netzwerk/beitraege/{contribution}"),
    ("contact", "/netzwerk/beitraege/{contribution}/bearbeiten"),
    ("contact", "/netzwerk/partner/{partner}/beitraege/neu/veranstaltung"),
    (None, "/netzwerk/veranstaltungen"),
    (None, "/netzwerk/angebote"),
    (None, "/netzwerk/treffen"),
    (None, "/netzwerk/treffen/{meeting}"),
    ("resident", "/netzwerk/arbeitsprogramm"),
    (None, "/netzwerk/arbeitsgruppen"),
    (None, "/netzwerk/arbeitsgruppen/{group}"),
    (None, "/netzwerk/sprecherinnengruppe"),
    ("contact", "/netzwerk/wahlen/{election}"),
    ("coordinator", "/verwaltung/netzwerk/treffen"),
    ("coordinator", "/verwaltung/netzwerk/treffen/{meeting}"),
    ("coordinator", "/verwaltung/netzwerk/arbeitsprogramm"),
    ("coordinator", "/verwaltung/netzwerk/arbeitsgruppen"),
    ("coordinator", "/verwaltung/netzwerk/arbeitsgruppen/{group}"),
    ("coordinator", "/verwaltung/netzwerk/wahlen"),
    ("resident", "/konto/benachrichtigungen"),
    ("resident", "/konto/benachrichtigungen/einstellungen"),
    ("resident", "/konto/interessen"),
    (None, "/benachrichtigungen/abmelden/x"),
    (None, "/benachrichtigungen/einstellungen/x"),
    # Feeds (participation/feeds): public, the same for everyone.
    (None, "/verfahren.atom"),
    (None, "/bezirke/10/verfahren.atom"),
    (None, "/verfahren/{process}/vorschlaege.atom"),
    (None, "/ergebnisse.atom"),
    (None, "/netzwerk/neuigkeiten.atom"),
    (None, "/netzwerk/veranstaltungen.atom"),
    (None, "/verfahren/{process}/phasen.ics"),
    (None, "/bezirke/10/dialoge.ics"),
    (None, "/netzwerk/veranstaltungen.ics"),
    (None, "/netzwerk/treffen.ics"),
    # Open data (participation/opendata): the page and a file (one route serves them all).
    (None, "/opendata"),
    (None, "/opendata/vorschlaege.csv"),
    # Newsletters: {issue} is a sent issue, {nl_draft} a draft.
    (None, "/newsletter"),
    ("resident", "/newsletter"),
    (None, "/newsletter/bestaetigen/x"),
    (None, "/newsletter/abmelden/x"),
    (None, "/newsletter/archiv"),
    (None, "/newsletter/archiv/{issue}"),
    ("coordinator", "/verwaltung/newsletter"),
    ("coordinator", "/verwaltung/newsletter/neu"),
    ("coordinator", "/verwaltung/newsletter/{nl_draft}"),
    ("coordinator", "/verwaltung/newsletter/{nl_draft}/bearbeiten"),
    # Practice examples: {example} is a published one, {ex_draft} a draft's id.
    (None, "/praxisbeispiele"),
    ("coordinator", "/praxisbeispiele"),
    (None, "/praxisbeispiele/{example}"),
    (None, "/praxisbeispiele.json"),
    ("coordinator", "/verwaltung/praxisbeispiele"),
    ("coordinator", "/verwaltung/praxisbeispiele/neu"),
    ("coordinator", "/verwaltung/praxisbeispiele/{ex_draft}/bearbeiten"),
    ("coordinator", "/verwaltung/praxisbeispiele/import"),
    # The public JSON API (participation/api) and its reference page.
    (None, "/api"),
    (None, "/api/v1/"),
    (None, "/api/v1/openapi.json"),
    (None, "/api/v1/districts"),
    (None, "/api/v1/districts/10"),
    (None, "/api/v1/action-fields"),
    (None, "/api/v1/processes"),
    (None, "/api/v1/processes/{process}"),
    (None, "/api/v1/processes/{process}/proposals"),
    (None, "/api/v1/processes/{process}/results"),
    (None, "/api/v1/proposals/{proposal}"),
    (None, "/api/v1/proposals/{proposal}/comments"),
    (None, "/api/v1/register"),
    (None, "/api/v1/partners"),
    (None, "/api/v1/partners/{partner}"),
    (None, "/api/v1/contributions"),
    (None, "/api/v1/accountability"),
    # Council members (participation/councillors): a city council member reads everything.
    ("council_member", "/verwaltung/rat"),
    ("council_member", "/verwaltung/rat/verfahren/{process}"),
    (None, "/vorhabenliste/vorlage.pdf"),
    (None, "/verfahren/{process}/ergebnisse/vorlage.pdf"),
    # The test phase (participation/evaluation) and the module switches (features).
    (None, "/rueckmeldung"),
    ("coordinator", "/verwaltung/auswertung"),
    ("coordinator", "/verwaltung/auswertung/zahlen.csv"),
    ("coordinator", "/verwaltung/auswertung/rueckmeldungen.csv"),
    ("admin", "/verwaltung/module"),
    # Work aids: {aid} is a public aid whose first version is a PDF.
    (None, "/arbeitshilfen"),
    ("district_manager", "/arbeitshilfen"),
    (None, "/arbeitshilfen/{aid}"),
    (None, "/arbeitshilfen/{aid}/fassungen/1"),
    (None, "/arbeitshilfen/{aid}/fassungen/1/datei"),
    ("coordinator", "/verwaltung/arbeitshilfen"),
    ("coordinator", "/verwaltung/arbeitshilfen/neu"),
    ("coordinator", "/verwaltung/arbeitshilfen/{aid}/bearbeiten"),
    ("coordinator", "/verwaltung/arbeitshilfen/{aid}/neue-fassung"),
    ("district_manager", "/verwaltung/verfahren/{draft}/checklisten"),
    # Certificates (participation/certificates): the code form reads `code`; the code in
    # the path gets the payloads in tests/certificates/test_bad_input.py.
    (None, "/bescheinigungen"),
    (None, "/bescheinigungen/{certificate}"),
    ("resident", "/konto/bescheinigungen"),
    ("resident", "/konto/bescheinigungen/{certificate}.pdf"),
    # Engagement certificates and /mitmachen (issue 20): {engagement} is a resident's
    # request to the partner {partner}, whose contact decides; someone else's request is a
    # 404 for a resident.
    ("resident", "/konto/engagement-nachweise"),
    ("resident", "/konto/engagement-nachweise/neu"),
    ("resident", "/konto/engagement-nachweise/1"),
    ("contact", "/netzwerk/partner/{partner}/bescheinigungen"),
    ("contact", "/netzwerk/partner/{partner}/bescheinigungen/{engagement}"),
    ("coordinator", "/verwaltung/bescheinigungen"),
    (None, "/mitmachen"),
    # Qualification (participation/qualification): {training} is a published training.
    (None, "/qualifizierung"),
    (None, "/qualifizierung/{training}"),
    (None, "/qualifizierung/{training}/termine.ics"),
    (None, "/qualifizierung/anmeldung/x"),
    (None, "/qualifizierung/abmeldung/x"),
    (None, "/qualifizierung/rueckmeldung/x"),
    (None, "/qualifizierung/rueckmeldung/x/bescheinigung.pdf"),
    ("resident", "/qualifizierung/{training}/rueckmeldung"),
    ("coordinator", "/verwaltung/qualifizierung"),
    ("coordinator", "/verwaltung/qualifizierung/neu"),
    ("coordinator", "/verwaltung/qualifizierung/{training}"),
    ("coordinator", "/verwaltung/qualifizierung/{training}/bearbeiten"),
    ("coordinator", "/verwaltung/qualifizierung/auswertung"),
    ("coordinator", "/verwaltung/qualifizierung/verankerung"),
    ("district_manager", "/verwaltung/mein-qualifizierungsstand"),
    # Volunteer phone (participation/volunteerphone): {phone_callback} is an open callback.
    (None, "/freiwilligentelefon"),
    (None, "/freiwilligentelefon/rueckruf/danke"),
    ("coordinator", "/verwaltung/freiwilligentelefon"),
    ("coordinator", "/verwaltung/freiwilligentelefon/rueckrufe"),
    ("coordinator", "/verwaltung/freiwilligentelefon/rueckrufe/{phone_callback}"),
    ("coordinator", "/verwaltung/freiwilligentelefon/auswertung"),
    ("coordinator", "/verwaltung/freiwilligentelefon/auswertung.csv"),
    # Recognition fund (participation/fund): {fund_call} is an open call, {fund_draft} the
    # contact's draft with the attachment {fund_doc}, {fund_funded} an approved application.
    (None, "/foerderfonds"),
    (None, "/foerderfonds/{fund_call}"),
    ("contact", "/foerderfonds/{fund_call}/antrag"),
    ("contact", "/foerderfonds/antraege/{fund_draft}"),
    ("contact", "/foerderfonds/antraege/{fund_draft}/bearbeiten"),
    ("contact", "/foerderfonds/antraege/{fund_funded}/bericht"),
    ("contact", "/foerderfonds/antraege/{fund_draft}/dokumente/{fund_doc}"),
    ("coordinator", "/verwaltung/foerderfonds"),
    ("coordinator", "/verwaltung/foerderfonds/neu"),
    ("coordinator", "/verwaltung/foerderfonds/{fund_call}"),
    ("coordinator", "/verwaltung/foerderfonds/{fund_call}/jury"),
    ("coordinator", "/verwaltung/foerderfonds/{fund_call}/jury/{fund_draft}"),
    # Freiwilligenbörse (participation/volunteering): {opportunity} is a published
    # opportunity of the sample organisation {partner}.
    (None, "/engagement"),
    (None, "/engagement/{opportunity}"),
    ("resident", "/konto/engagement"),
    ("contact", "/netzwerk/partner/{partner}/engagement"),
    ("contact", "/netzwerk/partner/{partner}/engagement/neu"),
    ("contact", "/netzwerk/partner/{partner}/engagement/{opportunity}"),
    ("contact", "/netzwerk/partner/{partner}/engagement/{opportunity}/bearbeiten"),
    ("coordinator", "/verwaltung/engagement"),
    ("coordinator", "/verwaltung/engagement.csv"),
    # The marketplace (participation/marketplace): {market_entry} is a company's published
    # entry, {company} that company, {deal} its deal proposed to the partner {partner}, whose
    # contact reads it, {market_event} an event of the office.
    (None, "/marktplatz"),
    (None, "/marktplatz/eintraege/{market_entry}"),
    ("contact", "/marktplatz/eintraege/neu"),
    ("resident", "/marktplatz/unternehmen/registrieren"),
    (None, "/marktplatz/unternehmen/{company}"),
    ("resident", "/marktplatz/mein-bereich"),
    (None, "/marktplatz/vereinbarungen"),
    ("contact", "/marktplatz/vereinbarungen/neu"),
    ("contact", "/marktplatz/vereinbarungen/{deal}"),
    (None, "/marktplatz/veranstaltungen"),
    (None, "/marktplatz/veranstaltungen/{market_event}"),
    ("coordinator", "/verwaltung/marktplatz"),
    ("coordinator", "/verwaltung/marktplatz/veranstaltungen/neu"),
    ("coordinator", "/verwaltung/marktplatz/kennzahlen"),
]


def _market_samples(path: str, partner, make_user) -> dict:
    """Only what the path names: a company with an entry, its deal with the partner, an
    event of the office."""
    names = ("{market_entry}", "{company}", "{deal}", "{market_event}")
    if not any(name in path for name in names):
        return {}
    from participation.marketplace import services
    from tests.marketplace import factories

    company, member = factories.company(make_user)
    samples = {"company": company.slug, "market_entry": "", "deal": "", "market_event": ""}
    if "{market_entry}" in path:
        samples["market_entry"] = factories.entry(member, company).id
    if "{deal}" in path:
        samples["deal"] = services.propose_deal(
            actor=member,
            data=services.DealInput(
                own_party=company.party_key,
                other_party=f"o{partner.organisation.id}",
                own_side="giver",
                what="Räume für Treffen",
                category="rooms",
            ),
        ).id
    if "{market_event}" in path:
        samples["market_event"] = factories.event(make_user("coordinator")).id
    return samples


def _phone_callbacks(path: str) -> dict:
    if "{phone_callback}" not in path:
        return {}
    from tests.volunteerphone.factories import callback

    return {"phone_callback": callback().id}


# Sample values for the placeholders of GET_VIEWS, for matching paths to routes.
SAMPLE_KEYS = {
    "process": "x",
    "draft": "x",
    "image": "x",
    "proposal": "1",
    "comment": "1",
    "partner": "x",
    "contribution": "1",
    "meeting": "1",
    "group": "x",
    "election": "1",
    "issue": "1",
    "nl_draft": "1",
    "example": "x",
    "ex_draft": "1",
    "aid": "x",
    "certificate": "x",
    "me": "1",
    "training": "1",
    "phone_callback": "1",
    "market_entry": "1",
    "company": "x",
    "deal": "1",
    "market_event": "1",
    "engagement": "1",
    "fund_call": "1",
    "fund_draft": "1",
    "fund_funded": "1",
    "fund_doc": "1",
    "opportunity": "1",
}


def _statement(partner, process):
    from participation.contributions import services
    from participation.contributions.services import ContributionInput

    return services.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="statement",
        data=ContributionInput(
            title="Unsere Sicht",
            body="Wir begrüßen den Umbau und bitten um breitere Wege.",
            process_ids=[process.id],
        ),
    )


def _governance(path: str) -> dict:
    """A past meeting, a working group and an election in its voting stage, for the views
    of the network's governance."""
    from datetime import timedelta

    from participation.core.clock import utcnow
    from participation.network import elections, groups, meetings

    if not any(key in path for key in ("{meeting}", "{group}", "{election}")):
        return {}
    from participation.accounts.services import create_user, grant_role

    office = create_user(
        email="amt@example.org", password="ein langes Passwort 1", pseudonym="Amt", verified=True
    )
    grant_role(actor=None, user=office, role="coordinator")
    now = utcnow()
    meeting = meetings.save_meeting(
        actor=office, title="Treffen", starts_at=now - timedelta(days=1), place="Rathaus"
    )
    group = groups.save_group(actor=office, title="AG Teilhabe")
    election = elections.create(
        actor=office,
        nominations_close_at=now + timedelta(days=1),
        voting_close_at=now + timedelta(days=2),
        term_starts_on=(now + timedelta(days=30)).date(),
    )
    return {"meeting": meeting.id, "group": group.slug, "election": election.id}


def _newsletter_issues(path: str) -> dict:
    """A sent issue (the archive) and a draft (the editor), for the newsletter's views."""
    if "{issue}" not in path and "{nl_draft}" not in path:
        return {}
    from participation.accounts.services import create_user, grant_role
    from participation.newsletters import issues

    office = create_user(
        email="newsletter@example.org",
        password="ein langes Passwort 1",
        pseudonym="Newsletter",
        verified=True,
    )
    grant_role(actor=None, user=office, role="coordinator")
    data = issues.IssueInput(list_name="office", subject="Ausgabe", body_markdown="Text")
    sent = issues.save_issue(actor=office, data=data)
    issues.send_now(actor=office, issue=sent)
    return {"issue": sent.id, "nl_draft": issues.save_issue(actor=office, data=data).id}


def _many_practice_examples(office) -> None:
    """A second page of examples, so the pagination links render."""
    from participation.practice import services

    for number in range(21):
        example = services.create(
            actor=office,
            data=services.ExampleInput(
                title=f"Beispiel {number}", summary="Kurz.", format="survey"
            ),
        )
        services.publish(actor=office, example=example)


def _practice_examples(path: str) -> dict:
    """A published example and a draft, for the practice examples' views."""
    if "{example}" not in path and "{ex_draft}" not in path:
        return {}
    from participation.accounts.services import create_user, grant_role
    from participation.practice import services

    office = create_user(
        email="praxis@example.org",
        password="ein langes Passwort 1",
        pseudonym="Praxis",
        verified=True,
    )
    grant_role(actor=None, user=office, role="coordinator")
    data = services.ExampleInput(title="Werkstatt", summary="Kurz.", format="workshop")
    published = services.create(actor=office, data=data)
    services.publish(actor=office, example=published)
    draft = services.create(actor=office, data=data)
    return {"example": published.slug, "ex_draft": draft.id}


def _work_aids(path: str) -> dict:
    """A public work aid with a PDF as its first version, for the library's views."""
    if "{aid}" not in path:
        return {}
    from io import BytesIO

    from participation.accounts.services import create_user, grant_role
    from participation.workaids import library
    from tests.workaids.files import pdf_bytes

    office = create_user(
        email="arbeitshilfen@example.org",
        password="ein langes Passwort 1",
        pseudonym="Arbeitshilfen",
        verified=True,
    )
    grant_role(actor=None, user=office, role="coordinator")
    aid = library.create_work_aid(
        actor=office,
        data=library.WorkAidInput(title="Leitfaden", kind="guide"),
        version=library.VersionInput(document=BytesIO(pdf_bytes())),
    )
    return {"aid": aid.slug}


def _certificates(path: str) -> dict:
    """A certificate (held by name, without an account) for the check page and the PDF."""
    if "{certificate}" not in path:
        return {}
    from tests.certificates.factories import issue_sample

    return {"certificate": issue_sample().code}


def _engagements(path: str, partner) -> dict:
    """A resident's request for an engagement certificate to the partner."""
    if "{engagement}" not in path:
        return {}
    from participation.accounts.services import create_user
    from participation.engagementcert import services
    from tests.engagementcert.conftest import engagement_input

    volunteer = create_user(
        email="freiwillig@example.org",
        password="ein langes Passwort 1",
        pseudonym="Freiwillig",
        verified=True,
    )
    request = services.request_certificate(
        actor=volunteer, organisation=partner.organisation, name="Lotte", data=engagement_input()
    )
    return {"engagement": request.id}


def _trainings(path: str) -> dict:
    """A published training of the office, for the qualification's views."""
    if "{training}" not in path:
        return {}
    from participation.accounts.services import create_user, grant_role
    from tests.qualification.factories import training

    office = create_user(
        email="qualifizierung@example.org",
        password="ein langes Passwort 1",
        pseudonym="Qualifizierung",
        verified=True,
    )
    grant_role(actor=None, user=office, role="coordinator")
    return {"training": training(office, open_registration=True).id}


def _fund_samples(path: str, partner) -> dict:
    """An open call with the partner's draft (and its attachment), and a closed call with
    its approved application, for the fund's views."""
    if "{fund_" not in path:
        return {}
    from participation.accounts.services import create_user, grant_role
    from tests.fund.factories import fund_samples

    office = create_user(
        email="foerderfonds@example.org",
        password="ein langes Passwort 1",
        pseudonym="Foerderfonds",
        verified=True,
    )
    grant_role(actor=None, user=office, role="coordinator")
    return fund_samples(office, partner)


def _opportunities(path: str, partner) -> dict:
    """A published opportunity of the sample organisation, for the exchange's views."""
    if "{opportunity}" not in path:
        return {}
    from tests.volunteering.factories import opportunity

    return {"opportunity": opportunity(partner.contact, partner.organisation).id}


def stored_image() -> str:
    """The name of a stored upload (inside an app context)."""
    from io import BytesIO

    from participation.core.uploads import store_image
    from tests.projects.images import image_bytes

    return store_image(BytesIO(image_bytes())).name


def test_get_views_cover_every_get_route(app):
    adapter = app.url_map.bind("localhost")
    covered = {
        adapter.match(path.split("?")[0].format(**SAMPLE_KEYS))[0] for _role, path in GET_VIEWS
    }
    routes = {r.endpoint for r in rules(app) if "GET" in r.methods}
    assert routes == covered


_TOKENS = re.compile(r'("csrf_token" value="|"X-CSRFToken": ")[^"]+')


def without_tokens(html: str) -> str:
    return _TOKENS.sub(r"\1", html)


def judge_query_response(response, key, payload, base_html, base_features) -> list[str]:
    if response.status_code >= 500:
        return [f"{key}={payload!r}: {response.status_code}"]
    problems = []
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        if without_tokens(html) == without_tokens(base_html):
            return []  # the view ignored the parameter: nothing new to parse
        new = dangerous_features(html) - base_features
        if new:
            problems.append(f"{key}={payload!r}: {new}")
        if "7*7" in payload and count_49(html) > count_49(base_html):
            problems.append(f"{key}={payload!r}: template evaluated")
    return problems


def _query_case(client, path, query: dict, base_html, base_features) -> list[str]:
    payload = next(iter(query.values()))
    if len(payload) > 5000:
        return []  # URLs that long are refused by every server before the app
    names = ",".join(query)
    with client.get(path, query_string=encode(query).decode(), buffered=True) as response:
        return judge_query_response(response, names, payload, base_html, base_features)


@pytest.mark.parametrize("role, path", GET_VIEWS)
def test_payloads_in_every_query_parameter(
    make_app,
    make_user,
    make_process,
    make_proposal,
    make_comment,
    make_partner,
    make_organisation,
    role,
    path,
):
    app = make_app()
    app.request_class = RecordingRequest
    with app.app_context():
        if path == "/verfahren":
            for number in range(21):  # a second page, so the pagination links render
                make_process(f"Verfahren {number}")
        if path == "/netzwerk/partner":
            for number in range(21):
                make_organisation(name=f"Partner {number}")
        if path == "/praxisbeispiele":
            _many_practice_examples(make_user("coordinator"))
        needs_partner = (
            "{partner}" in path
            or "{contribution}" in path
            or "{fund_" in path
            or "{opportunity}" in path
            or "{deal}" in path
            or role == "contact"
        )
        partner = make_partner("Verein") if needs_partner else None
        if "{" in path:
            process = make_process("Öffentlich")
            proposal = make_proposal(process, title="Spielplatz am Markt")
            comment = make_comment(process, proposal=proposal)
            make_comment(process, proposal=proposal, parent=comment)
            path = path.format(
                process=process.slug,
                draft=make_process("Entwurf", publish=False).slug,
                image=stored_image() if "{image}" in path else "",
                proposal=proposal.id,
                comment=comment.id,
                partner=partner.organisation.slug if partner else "",
                contribution=_statement(partner, process).id if "{contribution}" in path else "",
                **_governance(path),
                **_newsletter_issues(path),
                **_practice_examples(path),
                **_work_aids(path),
                **_certificates(path),
                **_trainings(path),
                **_phone_callbacks(path),
                **_engagements(path, partner),
                **_fund_samples(path, partner),
                **_opportunities(path, partner),
                **_market_samples(path, partner, make_user),
                me="{me}",
            )
        client = app.test_client()
        if role == "contact":
            client.sign_in(partner.contact)
        elif role:
            user = make_user(role)
            client.sign_in(user)
            path = path.replace("{me}", str(user.id))  # the signed-in person's own page
        RecordingArgs.read = set()
        baseline = client.get(path, buffered=True)
        # Common names, and the keywords url_for reserves (a view passing raw query
        # arguments to url_for would break on them).
        keys = set(RecordingArgs.read) | {"seite", "q", "sort", "next"} | URL_FOR_KEYWORDS
        is_html = baseline.mimetype == "text/html"
        base_html = baseline.get_data(as_text=True) if is_html else ""
        base_features = dangerous_features(base_html) if is_html else Counter()
        # A refused parameter gets the portal's error page; its own markup is no payload.
        with client.get("/gibt-es-nicht-404", buffered=True) as error_page:
            base_features |= dangerous_features(error_page.get_data(as_text=True))
        problems = []
        read = set(RecordingArgs.read)
        # Every payload of the engine for the first parameter the view reads, one of every
        # family for the others (they share the page's templates, as a form's fields do).
        # The names the view ignores travel together: one request per family carries that
        # family's payload in each of them, which shows that ignoring them is all.
        full = min(read) if read else None
        for key in sorted(read):
            for _family, payload in PAYLOADS if key == full else ONE_PER_FAMILY:
                problems += _query_case(client, path, {key: payload}, base_html, base_features)
        ignored = sorted(keys - read)
        for _family, payload in ONE_PER_FAMILY if ignored else []:
            problems += _query_case(
                client, path, dict.fromkeys(ignored, payload), base_html, base_features
            )
        for key in sorted(keys):
            with client.get(f"{path}?{key}=1&{key}=2&{key}=%FF", buffered=True) as response:
                if response.status_code >= 500:
                    problems.append(f"duplicate {key}: {response.status_code}")
        baseline.close()
    assert problems == [], "\n".join(problems[:40])


def test_families_are_all_used():
    assert len(FAMILIES) >= 15 and all(FAMILIES.values())
    assert any(re.search("onerror", p) for _f, p in ALL)


@pytest.mark.parametrize(
    "page, payload, before, expected",
    [
        ("<p>49</p>", "{{7*7}}", 0, True),  # evaluated, the payload gone
        ("<p>49 Ausschreibungen</p><td>${7*7}</td>", "${7*7}", 0, False),  # a count reached 49
        ("<p>49 Ausschreibungen</p><td>49</td>", "${7*7}", 0, True),
        ("<p>49 Ausschreibungen</p><td>49</td>", "${7*7}", 1, True),
        ("<p>49 Ausschreibungen</p>", "${7*7}", 1, False),
        ("<td>&lt;%= 7*7 %&gt;</td><p>49</p>", "<%= 7*7 %>", 0, False),  # shown escaped
    ],
)
def test_template_evaluation_is_told_from_a_growing_count(page, payload, before, expected):
    assert evaluated(page, payload, before) is expected
