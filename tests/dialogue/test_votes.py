"""Supports and ratings: in place with htmx, back to the spot without JavaScript, exact
counters under concurrency on both engines."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core import clock
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.votes import services
from participation.votes.models import CommentRating, Support


@pytest.fixture
def process(make_process):
    return make_process("Grünflächen")


def _support_rows(proposal_id: int) -> int:
    return db.session.scalar(
        select(func.count(Support.id)).where(Support.proposal_id == proposal_id)
    )


def test_support_without_javascript_returns_to_the_spot(client, make_user, process, make_proposal):
    proposal = make_proposal(process)
    client.login(make_user("resident"))
    response = client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/vorschlaege/{proposal.id}#unterstuetzung"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 Unterstützung" in page and "Unterstützung zurücknehmen" in page
    client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzung-zuruecknehmen")
    db.session.refresh(proposal)
    assert proposal.support_count == 0 == _support_rows(proposal.id)


def test_support_with_htmx_swaps_the_count(htmx_client, make_user, process, make_proposal):
    proposal = make_proposal(process)
    htmx_client.login(make_user("resident"))
    response = htmx_client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<div id="unterstuetzung"') and "1 Unterstützung" in html
    assert 'data-hx-swap-oob="innerHTML"' in html, "the news reaches the live region"
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("case", "status"),
    [("own", 409), ("unverified", 403), ("after_dialogue", 409), ("withdrawn", 409)],
)
def test_support_refusals(client, make_user, make_process, make_proposal, case, status):
    process = make_process(plan="dialogue")
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    if case == "after_dialogue":
        # The dialogue of the "dialogue" plan ends 20 days from now.
        clock.freeze(clock.utcnow() + timedelta(days=25))
    if case == "withdrawn":
        proposal.status = "withdrawn"
        db.session.commit()
    user = {"own": author, "unverified": make_user("resident", verified=False)}.get(
        case, make_user("resident")
    )
    client.login(user)
    try:
        response = client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
    finally:
        clock.freeze(None)
    assert response.status_code == status
    assert _support_rows(proposal.id) == 0


def test_ratings_set_flip_and_take_back(htmx_client, make_user, process, make_comment):
    comment = make_comment(process)
    htmx_client.login(make_user("resident"))
    path = f"/kommentare/{comment.id}/bewerten"
    html = htmx_client.post_form(path, {"wert": "hilfreich"}).get_data(as_text=True)
    assert "Hilfreich (1)" in html and 'aria-pressed="true"' in html
    htmx_client.post_form(path, {"wert": "nicht-hilfreich"})
    db.session.refresh(comment)
    assert (comment.up_count, comment.down_count) == (0, 1)
    htmx_client.post_form(path, {"wert": "keine"})
    db.session.refresh(comment)
    assert (comment.up_count, comment.down_count) == (0, 0)
    assert htmx_client.post_form(path, {"wert": "super"}).status_code == 422


def test_own_comments_cannot_be_rated(client, make_user, process, make_comment):
    author = make_user("resident")
    comment = make_comment(process, author=author)
    client.login(author)
    response = client.post_form(f"/kommentare/{comment.id}/bewerten", {"wert": "hilfreich"})
    assert response.status_code == 409
    assert db.session.scalar(select(func.count(CommentRating.id))) == 0


# --- concurrency ------------------------------------------------------------------------------


def _race(app, clients_and_paths, data):
    """Send every (client, path[, data]) at the same moment from its own thread."""
    barrier = threading.Barrier(len(clients_and_paths))
    statuses, errors = [], []

    def run(client, path, token, extra):
        try:
            barrier.wait(timeout=60)
            response = client.post(path, data={"csrf_token": token, **data, **extra})
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))

    threads = [
        threading.Thread(target=run, args=(client, path, client.csrf_token(), extra))
        for client, path, *more in clients_and_paths
        for extra in [more[0] if more else {}]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return statuses


def _signed_in_clients(app, users):
    clients = []
    for user in users:
        client = app.test_client()
        client.login(user)
        clients.append(client)
    return clients


def test_fifty_concurrent_supports_by_one_user_make_one(app, make_user, process, make_proposal):
    proposal = make_proposal(process)
    user = make_user("resident")
    clients = _signed_in_clients(app, [user] * 50)
    path = f"/vorschlaege/{proposal.id}/unterstuetzen"
    statuses = _race(app, [(c, path) for c in clients], {})
    assert statuses.count(303) == 50, statuses
    db.session.expire_all()
    assert _support_rows(proposal.id) == 1
    assert db.session.get(Proposal, proposal.id).support_count == 1


def test_fifty_concurrent_supports_by_fifty_users_count_fifty(
    app, make_user, process, make_proposal
):
    proposal = make_proposal(process)
    clients = _signed_in_clients(app, [make_user("resident") for _ in range(50)])
    path = f"/vorschlaege/{proposal.id}/unterstuetzen"
    statuses = _race(app, [(c, path) for c in clients], {})
    assert statuses.count(303) == 50, statuses
    db.session.expire_all()
    assert _support_rows(proposal.id) == 50
    assert db.session.get(Proposal, proposal.id).support_count == 50


def test_concurrent_support_and_take_back_keep_the_counter_exact(
    app, make_user, process, make_proposal
):
    proposal = make_proposal(process)
    users = [make_user("resident") for _ in range(10)]
    for user in users[:5]:
        services.support(actor=user, proposal=proposal)
    clients = _signed_in_clients(app, users)
    support = f"/vorschlaege/{proposal.id}/unterstuetzen"
    take_back = f"/vorschlaege/{proposal.id}/unterstuetzung-zuruecknehmen"
    # The first five take back (twice each), the other five support (twice each).
    plan = [(c, take_back) for c in clients[:5]] * 2 + [(c, support) for c in clients[5:]] * 2
    _race(app, plan, {})
    db.session.expire_all()
    assert _support_rows(proposal.id) == 5
    assert db.session.get(Proposal, proposal.id).support_count == 5


def test_concurrent_ratings_keep_counters_exact(app, make_user, process, make_comment):
    comment = make_comment(process)
    users = [make_user("resident") for _ in range(20)]
    clients = _signed_in_clients(app, users)
    path = f"/kommentare/{comment.id}/bewerten"
    # Every user sends "helpful" twice and "not helpful" once, all at the same moment:
    # each ends with one rating, whichever came last.
    plan = [
        (c, path, {"wert": value})
        for c in clients
        for value in ("hilfreich", "nicht-hilfreich", "hilfreich")
    ]
    statuses = _race(app, plan, {})
    assert set(statuses) == {303}
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    ups = db.session.scalar(
        select(func.count(CommentRating.id)).where(
            CommentRating.comment_id == comment.id, CommentRating.value == 1
        )
    )
    downs = db.session.scalar(
        select(func.count(CommentRating.id)).where(
            CommentRating.comment_id == comment.id, CommentRating.value == -1
        )
    )
    assert (stored.up_count, stored.down_count) == (ups, downs)
    assert ups + downs == 20


def test_responsible_staff_stay_neutral(client, make_user, make_process, make_proposal):
    process = make_process(district="10")
    proposal = make_proposal(process)
    manager = make_user("district_manager", district="10")
    client.login(manager)
    page = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert "Vorschlag unterstützen" not in page and "bleiben Sie neutral" in page
    response = client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
    assert response.status_code == 403 and _support_rows(proposal.id) == 0
    client.logout()
    client.login(make_user("district_manager", district="01"))
    assert client.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen").status_code == 303
    assert _support_rows(proposal.id) == 1


def test_votes_and_contributions_are_rate_limited(make_app, make_user, make_process):
    from participation.proposals.services import submit_proposal

    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_VOTE="2 per minute",
        RATELIMIT_CONTRIBUTE="1 per minute",
    )
    with app.app_context():
        process = make_process()
        proposal = submit_proposal(
            actor=make_user("resident"), process=process, title="Ein Vorschlag", body="Text hier."
        )
        client = app.test_client()
        client.login(make_user("resident"))
        path = f"/vorschlaege/{proposal.id}/unterstuetzen"
        assert [client.post_form(path).status_code for _ in range(3)] == [303, 303, 429]
        comment = f"/vorschlaege/{proposal.id}/kommentare"
        statuses = [client.post_form(comment, {"body": "Kurz notiert"}).status_code for _ in "ab"]
        assert statuses == [303, 429]
