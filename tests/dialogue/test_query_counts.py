"""Lists cost a fixed number of queries, whatever their length: a process page with 500
proposals costs what one with 5 does, a proposal page with 1,000 comments what one with 5
does."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.votes.models import CommentRating, Support
from tests.conftest import count_queries


def _add_proposals(process, authors, count: int) -> list[int]:
    now = utcnow()
    rows = [
        {
            "process_id": process.id,
            "author_id": authors[n % len(authors)].id,
            "title": f"Vorschlag {n}",
            "body_markdown": "Text",
            "body_html": "<p>Text</p>",
            "status": "published",
            "response_status": "open",
            "support_count": n % 7,
            "comment_count": n % 5,
            "comments_closed": False,
            "place": "",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Proposal), rows)
    db.session.commit()
    return [p.id for p in db.session.query(Proposal.id).filter_by(process_id=process.id)]


def _add_comments(process, authors, count: int, proposal_id: int | None, viewer=None):
    """`count` comments: every other one a reply to the comment before it."""
    now = utcnow()
    base = {
        "process_id": process.id,
        "proposal_id": proposal_id,
        "body_markdown": "Text",
        "body_html": "<p>Text</p>",
        "status": "published",
        "is_official": False,
        "up_count": 0,
        "down_count": 0,
        "reply_count": 0,
        "created_at": now,
        "updated_at": now,
    }
    for n in range(0, count, 2):
        top = Comment(**{**base, "author_id": authors[n % len(authors)].id})
        db.session.add(top)
        db.session.flush()
        if n + 1 < count:
            db.session.add(Comment(**{**base, "author_id": authors[0].id, "parent_id": top.id}))
        if viewer is not None:
            db.session.execute(
                insert(CommentRating),
                [
                    {
                        "comment_id": top.id,
                        "user_id": viewer.id,
                        "value": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
    db.session.commit()


def _queries(app, client, path: str) -> int:
    client.get(path)  # warm caches (reference data, templates) out of the count
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "resident"])
def test_process_page_with_500_proposals_costs_what_5_do(
    app, client, make_user, make_process, signed_in
):
    authors = [make_user("resident") for _ in range(3)]
    viewer = make_user("resident")
    if signed_in:
        client.login(viewer)
    small, large = make_process("Klein"), make_process("Groß")
    _add_proposals(small, authors, 5)
    _add_proposals(large, authors, 500)
    _add_comments(small, authors, 5, None, viewer)
    _add_comments(large, authors, 500, None, viewer)
    counts = {}
    for name, process in (("small", small), ("large", large)):
        counts[name] = _queries(app, client, f"/verfahren/{process.slug}")
        counts[name + " list"] = _queries(
            app, client, f"/verfahren/{process.slug}/vorschlaege?sort=unterstuetzt"
        )
        counts[name + " discussion"] = _queries(
            app, client, f"/verfahren/{process.slug}/diskussion"
        )
    assert counts["small"] == counts["large"], counts
    assert counts["small list"] == counts["large list"], counts
    assert counts["small discussion"] == counts["large discussion"], counts


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "resident"])
def test_proposal_page_with_1000_comments_costs_what_5_do(
    app, client, make_user, make_process, signed_in
):
    authors = [make_user("resident") for _ in range(4)]
    viewer = make_user("resident")
    if signed_in:
        client.login(viewer)
    process = make_process()
    small_id, large_id = _add_proposals(process, authors, 2)
    _add_comments(process, authors, 5, small_id, viewer)
    _add_comments(process, authors, 1000, large_id, viewer)
    now = utcnow()
    db.session.execute(
        insert(Support),
        [
            {"proposal_id": pid, "user_id": viewer.id, "created_at": now, "updated_at": now}
            for pid in (small_id, large_id)
        ],
    )
    db.session.commit()
    small = _queries(app, client, f"/vorschlaege/{small_id}")
    large = _queries(app, client, f"/vorschlaege/{large_id}")
    last_page = _queries(app, client, f"/vorschlaege/{large_id}?seite=20")
    assert small == large == last_page, (small, large, last_page)
