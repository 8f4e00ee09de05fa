"""City-scale benchmark: the portal under gunicorn, driven by wrk, next to a minimal page.

    .venv/bin/python bench/city.py                       # SQLite and PostgreSQL, both scales
    .venv/bin/python bench/city.py --engines sqlite --scales small --duration 5
    .venv/bin/python bench/city.py --soak 600            # and a 10-minute memory run

For each engine and scale it builds the data set once (`flask bench-data`; kept in
`bench/.data/` or the database `bench_<scale>` and reused unless --rebuild), serves the portal
and `bench/minimal.py` with gunicorn (2 sync workers) on 127.0.0.1, drives each page with wrk
(2 threads, 16 connections) from a second process, and prints requests per second and
p50/p99 latency. Residents support proposals through the real form (session cookie and CSRF
token as after signing in); the stored counters are checked against the rows afterwards.
The table goes to bench/results.md, which the README quotes. Asserts nothing: it measures.

Needs wrk (`apt-get install -y wrk`); PostgreSQL at --postgres-url and, if given, Redis.
"""

from __future__ import annotations

import argparse
import contextvars
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.results_file import write_section  # noqa: E402

BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / ".data"
SECRET_KEY = "bench-only-secret-key-0123456789abcdef"  # noqa: S105 - a local benchmark
THREADS, CONNECTIONS, WORKERS = 2, 16, 2
SUPPORT_USERS = 2_000
TARGET_SHARE, TARGET_P99_MS, TARGET_GROWTH, TARGET_SUPPORTS = 0.25, 100.0, 1.2, 300.0


@dataclass
class Result:
    engine: str
    scale: str
    page: str
    rps: float
    p50: float
    p99: float
    errors: int
    requests: int
    note: str = ""
    queries: int | str | None = None
    who: str = "visitor"


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(url: str, redis_url: str | None) -> dict:
    env = dict(os.environ)
    env.update(
        APP_ENV="production",
        SECRET_KEY=SECRET_KEY,
        BASE_URL="https://beteiligung.example.org",
        SESSION_COOKIE_SECURE="false",
        DATABASE_URL=url,
        MAIL_BACKEND="log",
        REDIS_URL=redis_url or "",
        PYTHONPATH=str(ROOT),
        # wrk is one client address: the API's limit stays on (its check is part of the
        # cost) but high enough not to refuse the measured requests.
        RATELIMIT_API="10000000 per minute",
    )
    return env


class Gunicorn:
    """gunicorn with the deployment's settings file, 2 workers, on a free loopback port."""

    def __init__(self, app: str, env: dict, ready_path: str = "/", workers: int = WORKERS):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
            [
                str(BIN / "gunicorn"),
                "--config",
                str(ROOT / "docs" / "deploy" / "gunicorn.conf.py"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--error-logfile",
                str(DATA / "gunicorn.log"),
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn for {app} did not answer; see {DATA / 'gunicorn.log'}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- wrk ---------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(
    url: str, seconds: int, script: Path | None = None, headers: dict | None = None
) -> tuple[float, float, float, int, int]:
    """requests/s, p50 ms, p99 ms, non-2xx/3xx responses and socket errors, requests."""
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script:
        command += ["-s", str(script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True
    ).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return rps, latency("50"), latency("99"), failed, requests


def lua_table(rows: list[tuple[str, ...]]) -> str:
    def quote(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{\n" + ",\n".join("{" + ", ".join(map(quote, row)) + "}" for row in rows) + "\n}"


WRITE_SCRIPT = """-- generated by bench/city.py: each request a resident posting a form
local items = %s
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
function init(args)
  counter = offset or 0
end
function request()
  counter = counter + 1
  local item = items[(counter %% #items) + 1]
  local headers = {
    ["Cookie"] = item[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  if item[4] == "htmx" then
    headers["HX-Request"] = "true"
  end
  return wrk.format("POST", item[1], headers, item[3])
end
"""

MIX_SCRIPT = """-- generated by bench/city.py: the read pages in turn
local paths = %s
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1][1])
end
"""


# -- data --------------------------------------------------------------------------------


def database_url(engine: str, scale: str, postgres_url: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{DATA / f'{scale}.sqlite3'}"
    return f"{postgres_url.rsplit('/', 1)[0]}/bench_{scale}"


def prepare(engine: str, scale: str, url: str, postgres_url: str, rebuild: bool) -> str:
    """Create the database and its data unless it is there; returns a note on the build."""
    if engine == "sqlite":
        path = DATA / f"{scale}.sqlite3"
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        fresh = not path.exists()
    else:
        import psycopg

        admin = postgres_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as connection:
            name = f"bench_{scale}"
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists and rebuild:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
            fresh = not exists
    env = server_env(url, None)
    env["APP_ENV"] = "development"
    flask = [str(BIN / "flask"), "--app", "participation"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    if not fresh:
        return "reused"
    started = time.perf_counter()
    built = subprocess.run(  # noqa: S603
        [*flask, "bench-data", "--scale", scale], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if built.returncode:
        raise RuntimeError(built.stdout + built.stderr)
    return f"built in {time.perf_counter() - started:.0f} s"


# The pages measured signed in (issue 21): a resident reads what visitors read, and the
# account page; a district manager of the busiest process's district and the coordination
# office read their queues and lists. Visitor rows are matched by the start of their name.
RESIDENT_PAGES = (
    "home",
    "process list, one district",
    "process page",
    "proposal page",
    "full-text search",
)
STAFF_PAGES = {
    "district manager": [
        ("moderation queue", "/verwaltung/moderation"),
        ("answer queue", "/verwaltung/antworten"),
        ("process administration", "/verwaltung/verfahren"),
    ],
    "coordination office": [
        ("moderation queue", "/verwaltung/moderation"),
        ("answer queue", "/verwaltung/antworten"),
        ("process administration", "/verwaltung/verfahren"),
        ("office figures", "/verwaltung/kennzahlen"),
    ],
}


def session_cookies(app, users) -> list[tuple[str, str]]:
    """The cookie and CSRF token of each user, signed in as the form would sign them in: a
    session row, whose key is part of the identity the cookie names."""
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from participation.accounts import sessions
    from participation.extensions import db

    for user in users:
        user.session_key = sessions.start(user, user_agent="bench", address="127.0.0.1")
    db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    signed_in = []
    for user in users:
        with app.test_request_context("/"):
            # Flask-WTF keeps the signed token in `g`, which lives as long as the app
            # context around the caller: each person needs their own.
            g.pop("csrf_token", None)
            login_user(user)
            token = generate_csrf()
            name = app.config["SESSION_COOKIE_NAME"]
            signed_in.append((f"{name}={serializer.dumps(dict(session))}", token))
    return signed_in


def query_count(app, path: str, cookie: str | None = None) -> int:
    """SQL statements of one request for `path`, the second of two (warm, as under load)."""
    from sqlalchemy import event

    from participation.extensions import db

    statements = []

    def count(*_args):
        statements.append(1)

    headers = {"Cookie": cookie} if cookie else {}
    # The client's own cookie jar would replace the Cookie header; and each request runs in
    # an empty context, so that it gets its own app context and `g` (the caller holds one,
    # which a request would otherwise share: the user loaded by the first, for instance).
    client = app.test_client(use_cookies=False)

    def get():
        return contextvars.Context().run(client.get, path, headers=headers)

    with app.app_context():
        engine = db.engine
    get()
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = get()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    if response.status_code != 200:
        raise RuntimeError(
            f"{path} answered {response.status_code} {response.headers.get('Location')}"
        )
    return len(statements)


def signed_in_targets(app, pages: dict, hot) -> list[tuple[str, str, str, str]]:
    """(who, page name, path, cookie) of every signed-in row."""
    import pyotp
    from sqlalchemy import select

    from participation.accounts import services as accounts
    from participation.accounts import two_factor
    from participation.accounts.models import RoleAssignment, TwoFactor, User
    from participation.core.clock import utcnow
    from participation.districts.models import District
    from participation.extensions import db

    residents = select(User).where(User.email_key.like("einwohnerin%")).order_by(User.id)
    resident, manager = db.session.scalars(residents.limit(2)).all()
    district = hot.district or db.session.scalar(select(District).order_by(District.code))
    held = db.session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.user_id == manager.id,
            RoleAssignment.role == "district_manager",
            RoleAssignment.district_id == district.id,
        )
    )
    if held is None:
        accounts.grant_role(
            actor=None, user=manager, role="district_manager", district_code=district.code
        )
        db.session.commit()
    office = db.session.scalar(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == "coordinator")
        .order_by(User.id)
    )
    # The staff area opens only with a second factor: both have a confirmed authenticator,
    # and their sessions stand for a sign-in that gave its code.
    for user in (manager, office):
        if not two_factor.is_enabled(user):
            db.session.add(
                TwoFactor(user_id=user.id, secret=pyotp.random_base32(), confirmed_at=utcnow())
            )
    db.session.commit()
    (cookie, _token), (manager_cookie, _), (office_cookie, _) = session_cookies(
        app, [resident, manager, office]
    )
    rows = []
    for name, path in pages.items():
        if name.startswith(RESIDENT_PAGES):
            rows.append(("resident", name, path, cookie))
    rows.append(("resident", "account page", "/konto", cookie))
    for who, staff_cookie in (
        ("district manager", manager_cookie),
        ("coordination office", office_cookie),
    ):
        rows += [(who, name, path, staff_cookie) for name, path in STAFF_PAGES[who]]
    return rows


def _open_process(resident, exclude: int):
    """The busiest process but `exclude` where a resident may propose and comment today."""
    from sqlalchemy import select

    from participation.core.clock import local_today, utcnow
    from participation.extensions import db
    from participation.projects.models import PUBLIC_STATUSES, Process
    from participation.projects.stages import participation_refusal

    candidates = db.session.scalars(
        select(Process)
        .where(Process.id != exclude, Process.status.in_(PUBLIC_STATUSES))
        .order_by(Process.proposal_count.desc(), Process.id)
        .limit(200)
    )
    today, now = local_today(), utcnow()
    for process in candidates:
        if not any(
            participation_refusal(resident, process, action, today=today, now=now)
            for action in ("propose", "comment")
        ):
            return process
    raise RuntimeError("no other process is open for proposals and comments")


def targets(url: str, offset: int = 0) -> dict:
    """The paths of the measured pages, signed-in people for the signed-in rows, and
    signed-in residents for the support action."""
    from sqlalchemy import func, select

    from participation import create_app
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.projects.models import Process
    from participation.proposals.models import Proposal
    from participation.scale.data import measured_pages

    app = create_app(
        "production",
        SECRET_KEY=SECRET_KEY,
        BASE_URL="https://beteiligung.example.org",
        SQLALCHEMY_DATABASE_URI=url,
        PAGE_CACHE=False,  # queries are counted for whole renders; the servers cache
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        pages = measured_pages()
        hot = db.session.scalar(select(Process).order_by(Process.proposal_count.desc()))
        proposals = list(
            db.session.scalars(
                select(Proposal.id).where(Proposal.process_id == hot.id).order_by(Proposal.id)
            )
        )
        # A window of residents that moves with every run, so that a reused data set
        # still gets mostly new supports (a repeat is answered without a row).
        total = db.session.scalar(
            select(func.count()).select_from(User).where(User.email_key.like("einwohnerin%"))
        )
        start = (int(time.time()) * 7919 + offset) % max(total - SUPPORT_USERS, 1)
        residents = list(
            db.session.scalars(
                select(User)
                .where(User.email_key.like("einwohnerin%"))
                .order_by(User.id)
                .offset(start)
                .limit(SUPPORT_USERS)
            )
        )
        # The proposals move with the run too: the small data set has fewer residents than
        # the window, so only new proposals give its residents new supports.
        shift = (int(time.time()) // 60 + offset) % len(proposals)
        # Comments and proposals go to another process open for both, so that the measured
        # pages keep their sizes from run to run.
        writes = _open_process(residents[0], exclude=hot.id)
        write_slug, write_process = writes.slug, writes.id
        supports, comments, submissions = [], [], []
        stamp = int(time.time())
        for n, (cookie, token) in enumerate(session_cookies(app, residents)):
            for k in range(2):
                proposal = proposals[(n * 7 + k * 251 + shift) % len(proposals)]
                # The support button as htmx sends it (the answer is the button's fragment).
                supports.append(
                    (
                        f"/vorschlaege/{proposal}/unterstuetzen",
                        cookie,
                        f"csrf_token={token}",
                        "htmx",
                    )
                )
            # The plain forms, as a browser without JavaScript sends them (303 and a page).
            comments.append(
                (
                    f"/verfahren/{write_slug}/diskussion",
                    cookie,
                    f"csrf_token={token}&body=Ein+Beitrag+aus+dem+Lasttest+{stamp}-{n}.",
                )
            )
            submissions.append(
                (
                    f"/verfahren/{write_slug}/vorschlaege/neu",
                    cookie,
                    f"csrf_token={token}&title=Lasttest-Vorschlag+{stamp}-{n}"
                    "&body=Eine+Begr%C3%BCndung+f%C3%BCr+diesen+Vorschlag+aus+dem+Lasttest."
                    "&category=&quarter=&place=",
                )
            )
        signed_in = signed_in_targets(app, pages, hot)
        queries = {path: query_count(app, path) for path in pages.values()}
        # Signed-in pages as the servers serve them (the second request gets the parts kept
        # by the first), and in brackets rendered in full.
        served = create_app(
            "production",
            SECRET_KEY=SECRET_KEY,
            BASE_URL="https://beteiligung.example.org",
            SQLALCHEMY_DATABASE_URI=url,
            RATELIMIT_ENABLED=False,
            REDIS_URL=None,
        )
        for _who, _name, path, cookie in signed_in:
            warm, full = query_count(served, path, cookie), query_count(app, path, cookie)
            queries[(path, cookie)] = f"{warm} ({full})"
        db.session.remove()
        db.engine.dispose()
        with served.app_context():
            db.engine.dispose()
    return {
        "pages": pages,
        "signed_in": signed_in,
        "queries": queries,
        "supports": supports,
        "comments": comments,
        "proposals": submissions,
        "write_process": write_process,
        "app": app,
    }


def _model(kind: str):
    from participation.comments.models import Comment
    from participation.proposals.models import Proposal
    from participation.votes.models import Support

    return {"support": Support, "comment": Comment, "proposal": Proposal}[kind]


def counters(app, kind: str = "support") -> tuple[int, dict, int]:
    """How many rows of `kind` there are, the stored counters that differ from them, and
    the highest id."""
    from sqlalchemy import func, select

    from participation.extensions import db
    from participation.scale.data import counter_mismatches

    model = _model(kind)
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(model))
        last = db.session.scalar(select(func.max(model.id))) or 0
        mismatches = counter_mismatches()
        db.session.remove()
        db.engine.dispose()
    return total, mismatches, last


def remove_written(app, kind: str, last: int, process_id: int) -> int:
    """Take the comments or proposals of a write row out again (supports stay: they do not
    change which pages are measured)."""
    from participation.extensions import db
    from participation.scale.data import remove_written_after

    with app.app_context():
        removed = remove_written_after(_model(kind), last, process_id)
        db.session.remove()
        db.engine.dispose()
    return removed


# -- the run -----------------------------------------------------------------------------


def measure_page(
    args,
    run: Run,
    engine: str,
    scale: str,
    name: str,
    url: str,
    *,
    who: str = "visitor",
    cookie: str | None = None,
    queries: int | str | None = None,
) -> None:
    headers = {"Cookie": cookie} if cookie else None
    wrk(url, args.warmup, headers=headers)
    rps, p50, p99, errors, requests = wrk(url, args.duration, headers=headers)
    run.results.append(
        Result(engine, scale, name, rps, p50, p99, errors, requests, queries=queries, who=who)
    )
    counted = f"  {queries:>3} queries" if queries is not None else ""
    failed = f"  {errors} errors" if errors else ""
    print(
        f"  {who:20} {name:40} {rps:8.0f}/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms{counted}{failed}",
        flush=True,
    )


# The write rows: what is posted, the rows counted before and after, the row's name.
WRITES = {
    "support": ("supports", "support a proposal (signed in)"),
    "comment": ("comments", "write a comment (signed in)"),
    "proposal": ("proposals", "submit a proposal (signed in)"),
}


def measure_write(
    args, run: Run, engine: str, scale: str, base: str, found: dict, kind: str
) -> None:
    """Residents post the real form (support, comment, proposal); then the rows and the
    stored counters are checked."""
    rows, name = WRITES[kind]
    before, _, last = counters(found["app"], kind)
    script = DATA / f"{kind}.lua"
    script.write_text(WRITE_SCRIPT % lua_table(found[rows]))
    rps, p50, p99, errors, requests = wrk(base + "/", args.duration, script)
    after, mismatches, _ = counters(found["app"], kind)
    exact = "counters exact" if not any(mismatches.values()) else f"MISMATCH {mismatches}"
    if after == before:
        # Every request was answered without a new row (a sign-in the portal refused, a
        # repeat): the figure would measure a refusal, not the action.
        exact += f"; NO {kind.upper()} STORED, the figure is void"
    note = f"{after - before:,} new {rows}; {exact}"
    if kind != "support":
        try:
            removed = remove_written(found["app"], kind, last, found["write_process"])
        except Exception as error:  # noqa: BLE001 - the figures stand; the note says so
            note += f"; NOT removed again ({error.__class__.__name__}): rebuild the data set"
        else:
            note += f"; removed again ({removed:,})"
    run.results.append(
        Result(engine, scale, name, rps, p50, p99, errors, requests, note, who="resident")
    )
    print(f"  {kind}: {rps:.0f}/s p50 {p50:.1f} ms p99 {p99:.1f} ms; {note}", flush=True)


def measure(args, engine: str, scale: str, run: Run) -> None:
    url = database_url(engine, scale, args.postgres_url)
    note = prepare(engine, scale, url, args.postgres_url, args.rebuild)
    print(f"\n== {engine}, {scale} scale (data {note})", flush=True)
    found = targets(url)
    redis_url = args.redis_url if engine == "postgresql" else None
    minimal = Gunicorn("bench.minimal:app", server_env(url, None))
    portal = Gunicorn("participation:create_app()", server_env(url, redis_url), "/healthz")
    try:
        measure_page(args, run, engine, scale, "minimal Flask page", minimal.url + "/")
        for name, path in found["pages"].items():
            queries = found["queries"][path]
            measure_page(args, run, engine, scale, name, portal.url + path, queries=queries)
        for who, name, path, cookie in found["signed_in"]:
            queries = found["queries"][(path, cookie)]
            measure_page(
                args,
                run,
                engine,
                scale,
                name,
                portal.url + path,
                who=who,
                cookie=cookie,
                queries=queries,
            )
        for kind in WRITES:
            measure_write(args, run, engine, scale, portal.url, found, kind)
        if args.soak and (engine, scale) == args.soak_on:
            soak(portal, list(found["pages"].values()), args.soak, engine, scale, run)
    finally:
        portal.stop()
        minimal.stop()


def soak(portal: Gunicorn, paths: list[str], seconds: int, engine: str, scale: str, run: Run):
    """All read pages in turn for `seconds`, sampling the workers' resident memory."""
    script = DATA / "mix.lua"
    script.write_text(MIX_SCRIPT % lua_table([(path,) for path in paths]))
    samples: list[tuple[float, list[float]]] = []
    done = threading.Event()

    def sample():
        started = time.monotonic()
        while not done.is_set():
            samples.append((time.monotonic() - started, [rss_mib(p) for p in portal.workers()]))
            done.wait(30)

    sampler = threading.Thread(target=sample)
    sampler.start()
    rps, p50, p99, errors, requests = wrk(portal.url + "/", seconds, script)
    done.set()
    sampler.join()
    first, last = samples[1][1] if len(samples) > 1 else samples[0][1], samples[-1][1]
    peak = max(max(values) for _, values in samples)
    run.notes.append(
        f"Memory over {seconds // 60} minutes of all read pages in turn ({engine}, {scale}; "
        f"{requests:,} requests, {rps:.0f}/s, p99 {p99:.0f} ms, {errors} errors): worker RSS "
        f"after 30 s {', '.join(f'{v:.0f}' for v in first)} MiB, at the end "
        f"{', '.join(f'{v:.0f}' for v in last)} MiB, peak {peak:.0f} MiB."
    )
    print("  " + run.notes[-1], flush=True)


NGINX_CONF = """worker_processes 1;
pid {data}/nginx.pid;
error_log {data}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {data}/nginx-body;
  proxy_temp_path {data}/nginx-proxy;
  upstream portal {{
    server 127.0.0.1:{first};
    server 127.0.0.1:{second};
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


def behind_nginx(args, run: Run) -> None:
    """Two app servers (one worker each: the same two cores) behind nginx on loopback,
    sharing PostgreSQL and Redis; signed-in residents land on either server."""
    engine, scale = args.soak_on
    url = database_url(engine, scale, args.postgres_url)
    # Other residents than in the first support run: each request can write a new row.
    found = targets(url, offset=SUPPORT_USERS)
    env = server_env(url, args.redis_url if engine == "postgresql" else None)
    env["PROXY_COUNT"] = "1"
    servers = [Gunicorn("participation:create_app()", env, "/healthz", workers=1) for _ in "ab"]
    port = free_port()
    conf = DATA / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(data=DATA, first=servers[0].port, second=servers[1].port, port=port)
    )
    nginx = subprocess.Popen(  # noqa: S603
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.3)
        label = f"{engine}, nginx + 2 app servers"
        print(f"\n== {label} ({scale})", flush=True)
        for name, path in found["pages"].items():
            measure_page(args, run, label, scale, name, base + path)
        measure_write(args, run, label, scale, base, found, "support")
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for server in servers:
            server.stop()


def report(run: Run, args) -> str:
    minimal = {(r.engine, r.scale): r.rps for r in run.results if r.page == "minimal Flask page"}
    small = {(r.engine, r.who, r.page.split(" (")[0]): r for r in run.results if r.scale == "small"}
    lines = [
        "| engine | scale | page | as | req/s | share of minimal | p50 ms | p99 ms "
        "| city ÷ small | queries | errors |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in run.results:
        ceiling = minimal.get((r.engine.split(",")[0], r.scale))
        share = r.rps / ceiling if ceiling else 0
        base = small.get((r.engine, r.who, r.page.split(" (")[0]))
        growth = f"{base.rps / r.rps:.2f}×" if r.scale == "city" and base and r.rps else ""
        queries = "" if r.queries is None else r.queries
        lines.append(
            f"| {r.engine} | {r.scale} | {r.page} | {r.who} | {r.rps:,.0f} | {share:.0%} "
            f"| {r.p50:.1f} | {r.p99:.1f} | {growth} | {queries} | {r.errors} |"
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    header = [
        "# City-scale benchmark",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {commit}, {os.cpu_count()} "
        f"cores ({cpu}), Python {platform.python_version()}; gunicorn {WORKERS} sync workers, "
        f"wrk {THREADS} threads and {CONNECTIONS} connections, {args.duration} s per row after "
        f"{args.warmup} s of warm-up, all on 127.0.0.1.",
        "",
        "    " + " ".join(["python", "bench/city.py", *sys.argv[1:]]),
        "",
        "\"city ÷ small\" is the small scale's throughput over the city's: 1.00× means the "
        "page costs the same with a whole city in the database. The support row posts the "
        "real form as signed-in residents (2,000 of them, each on two proposals of the "
        "busiest process; the residents change from run to run, and a repeat of an earlier "
        "run's support is answered without a second row). Rows as a resident, a district "
        "manager (of the busiest process's district) or the coordination office send the "
        "session cookie of a real sign-in; visitors' pages come from the page cache. "
        '"queries" is the SQL statements of one warm request rendered in full for visitors\' '
        "pages (the page cache out of the way); for signed-in rows, of a request as the "
        "servers answer it (the parts shared with others kept by the request before), and "
        "in brackets of the page rendered in full.",
        "",
    ]
    notes = [f"- {r.page}, {r.engine}, {r.scale}: {r.note}" for r in run.results if r.note]
    return "\n".join(header + lines + [""] + notes + [f"- {n}" for n in run.notes]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--scales", default="small,city")
    parser.add_argument("--duration", type=int, default=10, help="seconds per row")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--rebuild", action="store_true", help="build the data sets anew")
    parser.add_argument("--soak", type=int, default=0, help="seconds of the memory run")
    parser.add_argument("--soak-on", default="postgresql:city", help="engine:scale")
    parser.add_argument(
        "--nginx", action="store_true", help="and two app servers behind nginx (--soak-on)"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args()
    args.soak_on = tuple(args.soak_on.split(":"))
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    DATA.mkdir(parents=True, exist_ok=True)
    run = Run()
    for engine in args.engines.split(","):
        for scale in args.scales.split(","):
            measure(args, engine, scale, run)
    if args.nginx:
        behind_nginx(args, run)
    table = report(run, args)
    write_section("city", table, Path(args.out))
    print("\n" + table)


if __name__ == "__main__":
    main()
