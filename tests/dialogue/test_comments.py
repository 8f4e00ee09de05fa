"""Comments: general discussion and proposals, one level of replies, edit window, tombstones,
official comments, paginated threads."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from participation.comments import services
from participation.comments.models import Comment
from participation.core import clock
from participation.core.clock import local_today
from participation.extensions import db


@pytest.fixture
def process(make_process):
    return make_process("Marktplatz Linden")


def test_general_discussion_comment_and_reply(client, make_user, process):
    client.login(make_user("resident", pseudonym="Nachbarin"))
    response = client.post_form(
        f"/verfahren/{process.slug}/diskussion", {"body": "Wann ist die Bürgerversammlung?"}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("#kommentar-1")
    comment = db.session.query(Comment).one()
    assert comment.proposal_id is None
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "Wann ist die Bürgerversammlung?" in page and "Nachbarin" in page
    reply = client.post_form(
        f"/kommentare/{comment.id}/antworten", {"antwort-body": "Am Dienstag um 18 Uhr."}
    )
    assert reply.status_code == 303
    stored = db.session.query(Comment).filter(Comment.parent_id == comment.id).one()
    assert stored.body_markdown == "Am Dienstag um 18 Uhr."
    db.session.refresh(comment)
    db.session.refresh(process)
    assert comment.reply_count == 1 and process.comment_count == 2


def test_a_reply_to_a_reply_joins_the_same_thread(make_user, make_comment, process):
    top = make_comment(process)
    first = make_comment(process, parent=top)
    second = make_comment(process, parent=first)
    assert second.parent_id == top.id


def test_comment_on_a_proposal_counts_and_blocks_editing(client, make_user, process, make_proposal):
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    client.login(make_user("resident"))
    response = client.post_form(
        f"/vorschlaege/{proposal.id}/kommentare", {"body": "Gute Idee, aber zu teuer?"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/vorschlaege/{proposal.id}#kommentar-")
    db.session.refresh(proposal)
    assert proposal.comment_count == 1


def test_bad_comment_keeps_the_text(client, make_user, process, make_proposal):
    proposal = make_proposal(process)
    client.login(make_user("resident"))
    response = client.post_form(f"/vorschlaege/{proposal.id}/kommentare", {"body": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="body-error"' in html
    long_text = "Ä" * 3001
    response = client.post_form(f"/verfahren/{process.slug}/diskussion", {"body": long_text})
    assert response.status_code == 422 and long_text in response.get_data(as_text=True)


def test_closed_comments_are_refused_with_the_text_kept(client, make_user, process, make_proposal):
    proposal = make_proposal(process)
    proposal.comments_closed = True
    db.session.commit()
    client.login(make_user("resident"))
    response = client.post_form(
        f"/vorschlaege/{proposal.id}/kommentare", {"body": "Noch ein Gedanke dazu."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Kommentare zu diesem Vorschlag sind geschlossen" in html
    assert db.session.query(Comment).count() == 0


def test_comments_outside_the_dialogue_are_refused(client, make_user, make_process):
    process = make_process(plan="evaluation")
    client.login(make_user("resident"))
    response = client.post_form(
        f"/verfahren/{process.slug}/diskussion", {"body": "Zu spät, aber wichtig."}
    )
    assert response.status_code == 409
    assert "Zu spät, aber wichtig." in response.get_data(as_text=True)


def test_edit_window_and_tombstone(client, make_user, process, make_comment):
    # Inside the fixture's dialogue, which runs around the city's today.
    start = datetime.combine(local_today(), time(9), tzinfo=UTC)
    clock.freeze(start)
    try:
        author = make_user("resident")
        top = make_comment(process, author=author, body="Erster Gedanke")
        make_comment(process, parent=top, body="Eine Antwort darauf")
        client.login(author)
        clock.freeze(start + timedelta(minutes=30))
        ok = client.post_form(f"/kommentare/{top.id}/bearbeiten", {"body": "Besserer Gedanke"})
        assert ok.status_code == 303
        clock.freeze(start + timedelta(minutes=61))
        late = client.post_form(f"/kommentare/{top.id}/bearbeiten", {"body": "Noch später"})
        assert late.status_code == 409 and "Noch später" in late.get_data(as_text=True)
        assert client.post_form(f"/kommentare/{top.id}/loeschen").status_code == 303
    finally:
        clock.freeze(None)
    db.session.refresh(top)
    assert top.status == "deleted" and top.body_markdown == ""
    page = client.get(f"/verfahren/{process.slug}/diskussion").get_data(as_text=True)
    assert "gelöscht" in page and "Besserer Gedanke" not in page
    assert "Eine Antwort darauf" in page, "the thread stays readable"
    db.session.refresh(process)
    assert process.comment_count == 1


def test_only_the_author_edits_or_deletes(client, make_user, process, make_comment):
    comment = make_comment(process)
    client.login(make_user("resident"))
    assert (
        client.post_form(f"/kommentare/{comment.id}/bearbeiten", {"body": "Fremd"}).status_code
        == 403
    )
    assert client.post_form(f"/kommentare/{comment.id}/loeschen").status_code == 403
    db.session.refresh(comment)
    assert comment.status == "published"


def test_official_comments_by_the_responsible_staff(client, make_user, make_process):
    process = make_process(district="10", plan="evaluation")
    manager = make_user("district_manager", district="10")
    client.login(manager)
    response = client.post_form(
        f"/verfahren/{process.slug}/diskussion",
        {"body": "Die Verwaltung prüft alle Hinweise.", "official": "y"},
    )
    assert response.status_code == 303, "staff answer officially after the dialogue, too"
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "Offizieller Kommentar der Verwaltung" in page
    other = make_user("district_manager", district="01")
    with pytest.raises(Exception, match="zuständige Verwaltung"):
        services.post_comment(actor=other, process=process, body="Nicht zuständig", official=True)
    client.logout()
    client.login(other)
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert 'name="official"' not in page


def test_threads_are_paginated_and_links_find_the_page(client, make_user, process):
    author = make_user("resident")
    db.session.add_all(
        Comment(
            process_id=process.id,
            author_id=author.id,
            body_markdown=f"Beitrag {n}",
            body_html=f"<p>Beitrag {n}</p>",
        )
        for n in range(services.PAGE_SIZE + 3)
    )
    db.session.commit()
    first = client.get(f"/verfahren/{process.slug}/diskussion").get_data(as_text=True)
    assert "Beitrag 0<" in first and f"Beitrag {services.PAGE_SIZE}<" not in first
    second = client.get(f"/verfahren/{process.slug}/diskussion?seite=2").get_data(as_text=True)
    assert f"Beitrag {services.PAGE_SIZE}<" in second
    last = db.session.query(Comment).order_by(Comment.id.desc()).first()
    response = client.get(f"/kommentare/{last.id}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"seite=2#kommentar-{last.id}")


def test_htmx_pages_the_thread_in_place(htmx_client, make_comment, process):
    make_comment(process, body="Ein Beitrag")
    html = htmx_client.get(f"/verfahren/{process.slug}/diskussion?seite=1").get_data(as_text=True)
    assert html.startswith('<div id="thread"') and "Ein Beitrag" in html


@pytest.mark.parametrize("kind", ["discussion", "proposal"])
def test_htmx_pages_long_threads_in_place(htmx_client, make_user, process, make_proposal, kind):
    author = make_user("resident")
    proposal = make_proposal(process) if kind == "proposal" else None
    db.session.add_all(
        Comment(
            process_id=process.id,
            proposal_id=proposal.id if proposal else None,
            author_id=author.id,
            body_markdown=f"Beitrag {n}",
            body_html=f"<p>Beitrag {n}</p>",
        )
        for n in range(services.PAGE_SIZE * 2 + 1)
    )
    db.session.commit()
    base = f"/vorschlaege/{proposal.id}" if proposal else f"/verfahren/{process.slug}/diskussion"
    response = htmx_client.get(f"{base}?seite=2")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<div id="thread"') and "<html" not in html
    assert f"Beitrag {services.PAGE_SIZE}<" in html
    assert "seite=1" in html and "seite=3" in html, "links to both neighbours"


def test_hidden_or_deleted_comments_take_no_replies_and_show_no_text(
    client, make_user, process, make_comment
):
    comment = make_comment(process, body="Geheimer Text")
    comment.status = "hidden"
    db.session.commit()
    client.login(make_user("resident"))
    response = client.get(f"/kommentare/{comment.id}/antworten")
    assert response.status_code == 409 and "Geheimer Text" not in response.get_data(as_text=True)


def test_deleting_a_pending_comment_leaves_no_trace(client, make_user, make_process):
    process = make_process(pre_moderation=True)
    author = make_user("resident")
    comment = services.post_comment(actor=author, process=process, body="Noch nicht frei")
    client.login(author)
    assert client.post_form(f"/kommentare/{comment.id}/loeschen").status_code == 303
    assert db.session.query(Comment).count() == 0
