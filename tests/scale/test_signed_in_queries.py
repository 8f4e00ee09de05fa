"""Every page a signed-in resident, district manager or the coordination office reads costs
a fixed number of queries, whatever the length of its lists: at most 12 as the servers
answer it (the parts shared with others kept by the request before, core.fragments), and
the same number with 5 items and with 500 rendered in full."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.moderation.models import Report
from participation.projects.models import Process
from tests.conftest import count_queries
from tests.dialogue.test_query_counts import _add_comments, _add_proposals

LIMIT = 12


def _add_processes(count: int, start: int) -> None:
    """`count` published processes in district 10 (the lists of processes)."""
    district = db.session.scalar(select(District).where(District.code == "10"))
    field = db.session.scalar(select(ActionField).order_by(ActionField.position))
    now = utcnow()
    db.session.execute(
        insert(Process),
        [
            {
                "slug": f"verfahren-{start + n}",
                "title": f"Verfahren {start + n}",
                "summary": "Worum es geht.",
                "district_id": district.id,
                "action_field_id": field.id,
                "status": "published",
                "published_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def _add_reports(process, reporters, count: int) -> None:
    """`count` reported comments of the process, each with one open report."""
    before = set(db.session.scalars(select(Comment.id).where(Comment.process_id == process.id)))
    _add_comments(process, reporters, count, None)
    comments = [
        c
        for c in db.session.scalars(select(Comment.id).where(Comment.process_id == process.id))
        if c not in before
    ]
    now = utcnow()
    db.session.execute(
        insert(Report),
        [
            {
                "process_id": process.id,
                "comment_id": comment_id,
                "reporter_id": reporters[n % len(reporters)].id,
                "reason": "spam",
                "note": "",
                "status": "open",
                "created_at": now,
                "updated_at": now,
            }
            for n, comment_id in enumerate(comments)
        ],
    )
    db.session.commit()


def _grow(world, count: int) -> None:
    process, authors = world["process"], world["authors"]
    ids = _add_proposals(process, authors, count)
    world.setdefault("proposal", ids[0])
    _add_comments(process, authors, count, None)
    _add_comments(process, authors, count, world["proposal"])
    _add_reports(process, authors, count)
    _add_processes(count, world.setdefault("processes", 0))
    world["processes"] += count


def _counts(apps, clients, pages) -> dict:
    """(warm, full) statements of each page: as served, and rendered in full."""
    counts = {}
    for who, path in pages:
        row = []
        for app in apps:
            client = clients[(app, who)]
            assert client.get(path).status_code == 200, (who, path)
            with count_queries(app) as counter:
                response = client.get(path)
            assert response.status_code == 200, (who, path)
            row.append(counter)
        counts[(who, path)] = row
    return counts


@pytest.fixture
def world(app, make_app, make_user, make_process):
    authors = [make_user("resident") for _ in range(3)]
    people = {
        "resident": make_user("resident"),
        "district manager": make_user("district_manager", district="10"),
        "coordination office": make_user("coordinator"),
    }
    served = make_app(PAGE_CACHE=True)
    clients = {}
    for target in (app, served):
        for who, user in people.items():
            client = target.test_client()
            client.sign_in(user)
            clients[(target, who)] = client
    return {
        "process": make_process("Groß und klein", district="10"),
        "authors": authors,
        "apps": (served, app),
        "clients": clients,
    }


def test_signed_in_pages_cost_a_fixed_number_of_queries(world):
    _grow(world, 5)
    slug = world["process"].slug
    pages = [
        ("resident", "/"),
        ("resident", "/verfahren?bezirk=10"),
        ("resident", f"/verfahren/{slug}"),
        ("resident", f"/vorschlaege/{world['proposal']}"),
        ("resident", f"/verfahren/{slug}/vorschlaege?q=Vorschlag"),
        ("resident", "/konto"),
        ("district manager", "/verwaltung/moderation"),
        ("district manager", "/verwaltung/antworten"),
        ("district manager", "/verwaltung/verfahren"),
        ("coordination office", "/verwaltung/moderation"),
        ("coordination office", "/verwaltung/antworten"),
        ("coordination office", "/verwaltung/verfahren"),
        ("coordination office", "/verwaltung/kennzahlen"),
    ]
    small = _counts(world["apps"], world["clients"], pages)
    _grow(world, 495)
    large = _counts(world["apps"], world["clients"], pages)
    # The lists are long now (what the counts are about).
    served = world["apps"][0]
    manager = world["clients"][(served, "district manager")]
    assert "Gemeldete Beiträge (500)" in manager.get("/verwaltung/moderation").get_data(
        as_text=True
    )
    resident = world["clients"][(served, "resident")]
    page = resident.get(f"/verfahren/{slug}").get_data(as_text=True)
    assert "500 Vorschläge" in page and "502 Beiträge" in page
    for page in pages:
        (warm_small, full_small), (warm_large, full_large) = small[page], large[page]
        detail = f"{page}:\n" + "\n".join(warm_large.statements)
        assert warm_large.count <= LIMIT, detail
        assert warm_small.count == warm_large.count, detail
        assert full_small.count == full_large.count, f"{page}:\n" + "\n".join(full_large.statements)
