"""Benchmark: the dialogue pages with long lists. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/dialogue.py [--database-url URL] [--runs 30]

Builds a throw-away database (SQLite in a temporary file unless a URL is given; a
PostgreSQL database is emptied first), one process with 500 proposals, one proposal with
1,000 comments (half of them replies) and a general discussion of 500 comments, then
times server-side rendering through the WSGI test client (no network), signed out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert  # noqa: E402


def build(app) -> dict:
    from participation.accounts import services as accounts
    from participation.comments.models import Comment
    from participation.coordination.services import advance_to
    from participation.core.clock import local_today, utcnow
    from participation.districts.services import load_reference_data
    from participation.extensions import db
    from participation.projects import services as projects
    from participation.proposals.models import Proposal

    load_reference_data()
    staff = accounts.create_user(
        email="bench-staff@example.org", password="x" * 12, pseudonym="Bench Staff", verified=True
    )
    accounts.grant_role(actor=None, user=staff, role="coordinator")
    authors = [
        accounts.create_user(
            email=f"bench{n}@example.org", password="x" * 12, pseudonym=f"Bench {n}", verified=True
        )
        for n in range(20)
    ]
    today = local_today()
    from datetime import timedelta

    process = projects.create_process(
        actor=staff,
        title="Benchmark-Verfahren",
        summary="Viele Vorschläge",
        action_field_slug="wohnen",
        district_code="10",
        scope_for_influence="Alles",
        constraints="Der Ort steht fest.",
        use_of_results="Bericht",
        feedback_due=today + timedelta(days=60),
        contact_person="Benchmark",
        contact_email="bench@example.org",
        phases=(
            projects.PhaseInput("dialogue", today - timedelta(days=1), today + timedelta(days=9)),
        ),
    )
    advance_to(actor=staff, process=process, status="published")
    now = utcnow()
    db.session.execute(
        insert(Proposal),
        [
            {
                "process_id": process.id,
                "author_id": authors[n % 20].id,
                "title": f"Vorschlag {n}",
                "body_markdown": "Text",
                "body_html": "<p>Text</p>",
                "support_count": n % 13,
                "comment_count": 0,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(500)
        ],
    )
    db.session.commit()
    target = db.session.query(Proposal).filter_by(process_id=process.id).first()

    def comments(proposal_id, count):
        base = {
            "process_id": process.id,
            "proposal_id": proposal_id,
            "body_markdown": "Text",
            "body_html": "<p>Text</p>",
            "created_at": now,
            "updated_at": now,
        }
        tops = [Comment(**base, author_id=authors[n % 20].id) for n in range(count // 2)]
        db.session.add_all(tops)
        db.session.flush()
        db.session.execute(
            insert(Comment),
            [
                {**base, "author_id": authors[(n + 1) % 20].id, "parent_id": top.id}
                for n, top in enumerate(tops)
            ],
        )
        db.session.commit()

    comments(target.id, 1000)
    comments(None, 500)
    return {
        "process page (500 proposals, 500 comments)": f"/verfahren/{process.slug}",
        "proposal list, most supported": f"/verfahren/{process.slug}/vorschlaege?sort=unterstuetzt",
        "proposal list, random, page 20": (
            f"/verfahren/{process.slug}/vorschlaege?sort=zufall&seed=7&seite=20"
        ),
        "proposal page (1,000 comments)": f"/vorschlaege/{target.id}",
        "proposal page, last thread page": f"/vorschlaege/{target.id}?seite=20",
        "general discussion": f"/verfahren/{process.slug}/diskussion",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    from flask_migrate import downgrade, upgrade

    from participation import create_app
    from participation.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
    with app.app_context():
        if url.startswith("postgresql"):
            downgrade(revision="base")
        upgrade()
        pages = build(app)
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    print(f"engine: {url.split(':', 1)[0]}, runs per page: {args.runs}")
    print(f"{'page':48} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, path in pages.items():
        assert client.get(path).status_code == 200, path
        timings, queries = [], []
        for _ in range(args.runs):
            count = [0]

            def counter(*_args, count=count):
                count[0] += 1

            event.listen(engine, "before_cursor_execute", counter)
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            event.remove(engine, "before_cursor_execute", counter)
            queries.append(count[0])
            assert response.status_code == 200
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:48} {statistics.median(timings):10.1f} {p95:8.1f} {max(queries):8d}")
    if url.startswith("postgresql"):
        with app.app_context():
            downgrade(revision="base")


if __name__ == "__main__":
    main()
