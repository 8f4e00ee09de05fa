"""Double submits: the same form sent twice, or many times at once, makes one record with
exact counters; a reload after the POST only reads (the answer is a 303 to a page)."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core import signals
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal

_SUBMISSION = re.compile(r'name="(?:antwort-)?submission" value="([0-9a-f]{32})"')


@pytest.fixture
def process(make_process):
    return make_process("Bänke am Kanal")


@pytest.fixture
def resident(make_user):
    return make_user("resident")


def _form_key(client, path: str) -> str:
    match = _SUBMISSION.search(client.get(path).get_data(as_text=True))
    assert match, f"no submission key in the form of {path}"
    return match.group(1)


def _proposals(process_id: int) -> tuple[int, int]:
    db.session.remove()
    rows = db.session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.process_id == process_id)
    )
    return rows, db.session.get(Process, process_id).proposal_count


@pytest.fixture
def submitted(app):
    """Proposals announced by the proposal_submitted signal (what notifications hang on)."""
    seen = []

    def receiver(sender, proposal):
        seen.append(proposal.id)

    signals.proposal_submitted.connect(receiver, sender=app)
    yield seen
    signals.proposal_submitted.disconnect(receiver, sender=app)


def test_a_proposal_form_sent_twice_makes_one(app, process, resident, submitted):
    client = app.test_client()
    client.login(resident)
    path = f"/verfahren/{process.slug}/vorschlaege/neu"
    data = {
        "submission": _form_key(client, path),
        "title": "Zwei Bänke mehr",
        "body": "Am Kanal fehlen Sitzplätze im Schatten.",
    }
    first = client.post_form(path, data)
    second = client.post_form(path, data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert _proposals(process.id) == (1, 1)
    assert len(submitted) == 1
    # A reload of the answer is a GET of the proposal: nothing is sent again.
    assert client.get(first.headers["Location"]).status_code == 200
    assert _proposals(process.id) == (1, 1)


def test_a_changed_form_sent_again_is_a_new_proposal(app, process, resident):
    client = app.test_client()
    client.login(resident)
    path = f"/verfahren/{process.slug}/vorschlaege/neu"
    key = _form_key(client, path)
    body = "Am Kanal fehlen Sitzplätze im Schatten."
    client.post_form(path, {"submission": key, "title": "Zwei Bänke mehr", "body": body})
    client.post_form(path, {"submission": key, "title": "Drei Bänke mehr", "body": body})
    assert _proposals(process.id) == (2, 2)


def test_a_form_sent_ten_times_at_once_makes_one(app, process, resident, submitted):
    path = f"/verfahren/{process.slug}/vorschlaege/neu"
    clients = []
    for _ in range(10):
        client = app.test_client()
        client.login(resident)
        clients.append((client, client.csrf_token()))
    data = {
        "submission": _form_key(clients[0][0], path),
        "title": "Ein Trinkbrunnen",
        "body": "Im Sommer fehlt am Kanal Wasser für alle.",
    }
    barrier = threading.Barrier(len(clients))
    statuses, locations, errors = [], set(), []

    def send(client, token):
        try:
            barrier.wait(timeout=60)
            response = client.post(path, data={**data, "csrf_token": token})
            statuses.append(response.status_code)
            locations.add(response.headers.get("Location"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=send, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert statuses == [303] * 10
    assert len(locations) == 1, "every sender is sent to the one proposal"
    assert _proposals(process.id) == (1, 1)
    assert len(submitted) == 1


def test_a_comment_sent_twice_is_one_comment(app, process, resident, make_proposal):
    proposal = make_proposal(process)
    client = app.test_client()
    client.login(resident)
    page = f"/vorschlaege/{proposal.id}"
    data = {"submission": _form_key(client, page), "body": "Gute Idee, bitte mit Lehne."}
    first = client.post_form(f"{page}/kommentare", data)
    second = client.post_form(f"{page}/kommentare", data)
    assert first.status_code == second.status_code == 303
    db.session.remove()
    comments = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.proposal_id == proposal.id)
    )
    assert comments == 1
    assert db.session.get(Proposal, proposal.id).comment_count == 1
    assert db.session.get(Process, process.id).comment_count == 1


def test_a_forged_key_is_no_key(app, process, resident):
    """Only a key the portal could have written counts; anything else posts as usual."""
    client = app.test_client()
    client.login(resident)
    path = f"/verfahren/{process.slug}/vorschlaege/neu"
    data = {
        "submission": "<b>nicht von uns</b>",
        "title": "Eine Blühwiese",
        "body": "Bitte mehr Blumen.",
    }
    assert client.post_form(path, data).status_code == 303
    assert client.post_form(path, data).status_code == 303
    assert _proposals(process.id) == (2, 2)
