"""Fixtures: the app on SQLite or PostgreSQL (TEST_DATABASE_URL), clients, factories,
query counting, an SMTP sink and the browser."""

from __future__ import annotations

import contextvars
import os
import re
import secrets
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, exists, literal, select, text, union_all
from werkzeug.routing.rules import Rule

from participation import create_app
from participation.core import clock

# --- building apps --------------------------------------------------------------------------

# Nearly every test builds its own app, and two thirds of create_app's time went into
# werkzeug compiling two URL builders per rule (Python source through `ast`, for ~400 rules).
# A builder is a plain function of the rule's text, parts and defaults (the rule and its
# converters come in as arguments when it is called), so the apps of one test process can
# share them: 118 → 47 ms per app.
_BUILDERS: dict = {}
_compile_builder = Rule._compile_builder


def _shared_builder(self, append_unknown=True):
    key = (
        self.rule,
        tuple(self._trace),
        repr(sorted((self.defaults or {}).items())),
        append_unknown,
    )
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = _BUILDERS[key] = _compile_builder(self, append_unknown)
    return builder


Rule._compile_builder = _shared_builder

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ENGINE = "postgresql" if TEST_DATABASE_URL.startswith("postgresql") else "sqlite"
REFERENCE_TABLES = {"district", "quarter", "action_field", "alembic_version"}
PASSWORD = "ein langes Test-Passwort"


# --- database -------------------------------------------------------------------------------


def create_schema(prefix: str) -> tuple[str, dict]:
    """A new PostgreSQL schema and the settings that make it the app's search path."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    # The suite's data dies with the schema: commits need not wait for the disk.
    options = {
        "pool_pre_ping": True,
        "connect_args": {"options": f"-csearch_path={schema} -csynchronous_commit=off"},
    }
    return schema, {
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": options,
    }


def drop_schema(schema: str) -> None:
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """A fresh schema for this run, built by the migrations and removed afterwards."""
    if ENGINE == "postgresql":
        schema, settings = create_schema("test")
    else:
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    app = create_app("testing", **settings)
    with app.app_context():
        from flask_migrate import upgrade

        from participation.districts.services import load_reference_data
        from participation.extensions import db

        upgrade()
        load_reference_data()
        db.session.remove()
        db.engine.dispose()
    yield settings
    if ENGINE == "postgresql":
        drop_schema(schema)


def _empty_tables(app) -> None:
    """Delete every row a test wrote and start the ids again from 1.

    On PostgreSQL, TRUNCATE pays per table (and CASCADE names every table that refers to
    one), about 0.1 s a test; deleting the rows of the tables that hold any is a few ms.
    Foreign keys are not checked while the rows go (the replication role), so the order of
    the deletes does not matter.
    """
    from participation.extensions import db

    db.session.remove()
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            probe = union_all(
                *(select(literal(t.name)).where(exists().select_from(t)) for t in tables)
            )
            filled = set(connection.execute(probe).scalars())
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for table in tables:
                if table.name in filled:
                    connection.execute(table.delete())
            # Every sequence of the emptied tables, even of one left empty by a rollback.
            connection.execute(
                text(
                    "SELECT setval(s.oid, 1, false) FROM pg_class s"
                    " JOIN pg_namespace n ON n.oid = s.relnamespace"
                    " JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
                    " JOIN pg_class t ON t.oid = d.refobjid"
                    " WHERE s.relkind = 'S' AND n.nspname = current_schema()"
                    " AND t.relname <> ALL(:kept)"
                ),
                {"kept": sorted(REFERENCE_TABLES)},
            )
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def scratch_database(tmp_path):
    """Settings for an empty database of the engine under test, removed afterwards."""
    if ENGINE == "postgresql":
        schema, settings = create_schema("scratch")
        yield settings
        drop_schema(schema)
    else:
        yield {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/scratch.sqlite3",
            "SQLALCHEMY_ENGINE_OPTIONS": {},
        }


@pytest.fixture
def make_app(database, tmp_path):
    """Build an app on the test database with extra settings; tables are emptied afterwards.
    Uploads, data exports and open-data files go to the test's own temporary folder; rate
    limits are counted under the app's own key prefix."""
    apps = []

    def build(**overrides):
        overrides.setdefault("UPLOAD_FOLDER", str(tmp_path / "uploads"))
        overrides.setdefault("EXPORT_FOLDER", str(tmp_path / "exports"))
        overrides.setdefault("OPENDATA_FOLDER", str(tmp_path / "opendata"))
        # Rate limits count in Redis when REDIS_URL is set, which outlives the test and the run:
        # each app counts under its own prefix, from zero.
        overrides.setdefault("RATELIMIT_KEY_PREFIX", f"test-{uuid.uuid4().hex[:12]}")
        app = create_app("testing", **{**database, **overrides})
        app.test_client_class = PortalClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            _empty_tables(app)
            from participation.extensions import db

            db.engine.dispose()
    clock.freeze(None)


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def db(app):
    from participation.extensions import db

    return db


# --- clients --------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class PortalClient(FlaskClient):
    """A test client that knows the session's CSRF token and can sign in.

    Each request runs in an empty context, so it gets its own app context, `g` and
    database session even while the test holds an app context, as in production.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self) -> str:
        # Every page carries the token (the header's forms); the legal notice is the cheapest.
        response = self.get("/impressum")
        match = _CSRF.search(response.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post_form(self, path: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(path, data=data, **kwargs)

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = self.post_form("/anmelden", {"email": email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response

    def sign_in(self, user) -> None:
        """Start a signed-in session without the form, as `login` would leave it: for tests
        about something else that need many signed-in clients (the harness)."""
        from participation.accounts import sessions
        from participation.core.clock import utcnow
        from participation.extensions import db

        app = self.application
        with app.test_request_context(environ_base=self.environ_base):
            identifier = app.login_manager._session_identifier_generator()
            user = db.session.merge(user)
            user.session_key = sessions.start(user, user_agent="pytest", address="127.0.0.1")
            db.session.commit()
            identity = user.get_id()
        with self.session_transaction() as session:
            session.clear()
            session["_user_id"] = identity
            session["_fresh"] = True
            session["_id"] = identifier
            session["auth_at"] = int(utcnow().timestamp())

    def logout(self):
        return self.post_form("/abmelden")


@pytest.fixture
def client(app):
    return app.test_client()


class HtmxClient:
    """Sends every request as htmx does (HX-Request header)."""

    def __init__(self, client: PortalClient):
        self.client = client

    def _headers(self, kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("HX-Request", "true")
        return headers

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self._headers(kwargs), **kwargs)

    def post(self, path, data=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.client.csrf_token())
        return self.client.post(path, data=data, headers=self._headers(kwargs), **kwargs)

    post_form = post

    def login(self, user_or_email, password: str = PASSWORD):
        """Sign in as a browser would (a plain form post), then go on as htmx."""
        return self.client.login(user_or_email, password)


@pytest.fixture
def htmx_client(client):
    return HtmxClient(client)


# --- factories ------------------------------------------------------------------------------


@pytest.fixture
def make_organisation(app):
    from participation.extensions import db
    from participation.partners.models import PartnerOrganisation

    def make(slug: str | None = None, name: str | None = None, status: str = "active"):
        slug = slug or f"org-{secrets.token_hex(3)}"
        organisation = PartnerOrganisation(
            slug=slug, name=name or f"Organisation {slug}", kind="initiative", status=status
        )
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_user(app, make_organisation):
    """make_user(role="resident", district="10", organisation=None, verified=True, ...)."""
    from participation.accounts import services

    def make(
        role: str = "resident",
        *,
        district: str | None = None,
        organisation: str | None = None,
        verified: bool = True,
        email: str | None = None,
        pseudonym: str | None = None,
        password: str = PASSWORD,
    ):
        suffix = secrets.token_hex(4)
        user = services.create_user(
            email=email or f"{role}-{suffix}@example.org",
            password=password,
            pseudonym=pseudonym or f"{role}-{suffix}",
            verified=verified,
        )
        if role == "district_manager":
            district = district or "10"
        if role == "partner_member" and organisation is None:
            organisation = make_organisation().slug
        services.grant_role(
            actor=None,
            user=user,
            role=role,
            # A council member without a district sits on the city council.
            district_code=district if role in ("district_manager", "council_member") else None,
            organisation_slug=organisation if role == "partner_member" else None,
        )
        return user

    return make


# --- mail -----------------------------------------------------------------------------------


@pytest.fixture
def mails(app):
    """Mails delivered by the in-memory backend, as email.message.EmailMessage objects."""
    return app.extensions.setdefault("mail_memory", [])


def free_port() -> int:
    # aiosmtpd will not take port 0, so pick a free one first.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_app(make_app, smtp_sink):
    app = make_app(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_sink.port, MAIL_TIMEOUT=3
    )
    with app.app_context():
        yield app


# --- queries --------------------------------------------------------------------------------


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(app):
    """Count the SQL statements the app's engine runs inside the block."""
    from participation.extensions import db

    with app.app_context():
        engine = db.engine
    counter = QueryCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def assert_max_queries(app):
    """with assert_max_queries(5): client.get(...)"""

    @contextmanager
    def check(limit: int):
        with count_queries(app) as counter:
            yield counter
        assert counter.count <= limit, f"{counter.count} queries (limit {limit}):\n" + "\n".join(
            counter.statements
        )

    return check


# --- browser --------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def buffered(app):
    """Read each response whole before the server writes it.

    When Chromium drops a connection mid-transfer, werkzeug's development
    server can fail before it closes a file response, and the open file then
    surfaces as a ResourceWarning in whichever test runs next. A body already
    read and closed cannot leak.
    """

    def serve(environ, start_response):
        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return [body]

    return serve


class LiveServer:
    def __init__(self, app):
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.app = app
        self.server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_server(make_app, browser):
    app = make_app(BASE_URL="http://127.0.0.1:0", WTF_CSRF_SSL_STRICT=False)
    server = LiveServer(app)
    app.config["BASE_URL"] = server.url
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_live_server(make_app, browser, smtp_sink):
    """A live server whose mail goes to a real SMTP server (the sink); a module that wants
    it for its pages overrides `live_server` with it."""
    app = make_app(
        BASE_URL="http://127.0.0.1:0",
        WTF_CSRF_SSL_STRICT=False,
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_sink.port,
        MAIL_TIMEOUT=3,
    )
    server = LiveServer(app)
    app.config["BASE_URL"] = server.url
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_no_js(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


# --- feature factories (fixtures defined next to their features) -----------------------------

from tests.dialogue.factories import make_comment, make_proposal  # noqa: E402,F401
from tests.partners.factories import make_agreement, make_partner  # noqa: E402,F401
from tests.projects.factories import make_process  # noqa: E402,F401
from tests.results.factories import closed_dialogue  # noqa: E402,F401
