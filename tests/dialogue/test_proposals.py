"""Proposals: submit, edit window, withdraw, list with sorts and filters, similar titles,
and the clear refusals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from participation.core import clock
from participation.core.clock import local_today
from participation.extensions import db
from participation.proposals import services
from participation.proposals.models import Proposal

FORM = {"title": "Mehr Bänke am Küchengarten", "body": "Ältere Menschen brauchen Pausen."}


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/vorschlaege/\d+">([^<]+)</a></h3>', html)


@pytest.fixture
def process(make_process):
    return make_process("Plätze in Linden", categories=("Grün", "Verkehr"))


@pytest.fixture
def frozen():
    moments = []

    def freeze(moment):
        moments.append(moment)
        clock.freeze(moment)

    yield freeze
    clock.freeze(None)


def test_a_resident_submits_a_proposal_and_sees_it(client, make_user, process):
    client.login(make_user("resident", pseudonym="Gärtnerin"))
    category = process.categories[0]
    response = client.post_form(
        f"/verfahren/{process.slug}/vorschlaege/neu",
        {**FORM, "category": str(category.id), "place": "Limmerstraße"},
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mehr Bänke am Küchengarten" in page and "Gärtnerin" in page
    assert "Limmerstraße" in page and "Grün" in page
    db.session.refresh(process)
    assert process.proposal_count == 1
    listing = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert titles(listing) == ["Mehr Bänke am Küchengarten"]


def test_bad_input_is_explained_and_kept(client, make_user, process, make_process):
    client.login(make_user("resident"))
    other = make_process("Anderes", categories=("Fremd",))
    response = client.post_form(
        f"/verfahren/{process.slug}/vorschlaege/neu",
        {"title": "Kurz", "body": "Ein längerer Text bleibt stehen.", "category": "abc"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in html and 'id="category-error"' in html
    assert "Ein längerer Text bleibt stehen." in html and 'value="Kurz"' in html
    foreign = client.post_form(
        f"/verfahren/{process.slug}/vorschlaege/neu",
        {**FORM, "category": str(other.categories[0].id)},
    )
    assert foreign.status_code == 422 and 'id="category-error"' in foreign.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 0


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("unverified", 403, "bestätigen Sie zuerst Ihre E-Mail-Adresse"),
        ("blocked", 403, "für Beiträge gesperrt"),
        ("before_dialogue", 409, "wenn die Dialogphase beginnt"),
        ("after_dialogue", 409, "Dialogphase ist am"),
        ("closed", 409, "Verfahren ist abgeschlossen"),
    ],
)
def test_refusals_are_clear_and_keep_the_text(
    client, make_user, make_process, setup, status, message
):
    plan = {"before_dialogue": "information", "after_dialogue": "evaluation"}.get(setup, "dialogue")
    process = make_process(plan=plan)
    user = make_user("resident", verified=setup != "unverified")
    if setup == "blocked":
        user.blocked_until = datetime.now(UTC) + timedelta(days=3)
    if setup == "closed":
        process.status = "closed"
    db.session.commit()
    client.login(user)
    response = client.post_form(f"/verfahren/{process.slug}/vorschlaege/neu", FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html
    assert FORM["body"] in html, "what the user typed is still there"
    assert db.session.query(Proposal).count() == 0


def test_visitors_are_asked_to_sign_in(client, process):
    response = client.get(f"/verfahren/{process.slug}/vorschlaege/neu")
    assert response.status_code in (302, 303) and "/anmelden" in response.headers["Location"]
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "melden Sie sich bitte an" in page


def test_edit_within_the_window_and_only_without_reactions(
    client, make_user, process, make_proposal, frozen
):
    # Inside the fixture's dialogue, which runs around the city's today.
    start = datetime.combine(local_today(), time(10), tzinfo=UTC)
    frozen(start)
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    client.login(author)
    frozen(start + timedelta(minutes=59))
    edit = f"/vorschlaege/{proposal.id}/bearbeiten"
    assert client.post_form(edit, {**FORM, "title": "Neuer Titel hier"}).status_code == 303
    db.session.refresh(proposal)
    assert proposal.title == "Neuer Titel hier" and proposal.edited_at is not None
    frozen(start + timedelta(minutes=61))
    late = client.post_form(edit, {**FORM, "title": "Zu spät geändert"})
    assert late.status_code == 409 and "ersten 60 Minuten" in late.get_data(as_text=True)
    assert "Zu spät geändert" in late.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.title == "Neuer Titel hier"


def test_no_edit_once_supported(client, make_user, process, make_proposal):
    from participation.votes import services as votes

    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    votes.support(actor=make_user("resident"), proposal=proposal)
    client.login(author)
    response = client.post_form(f"/vorschlaege/{proposal.id}/bearbeiten", FORM)
    assert response.status_code == 409 and "schon Unterstützung" in response.get_data(as_text=True)
    stranger = make_user("resident")
    client.logout()
    client.login(stranger)
    assert client.post_form(f"/vorschlaege/{proposal.id}/bearbeiten", FORM).status_code == 403


def test_withdraw_leaves_a_note_and_the_list(client, make_user, process, make_proposal):
    author = make_user("resident")
    proposal = make_proposal(process, author=author, title="Wird zurückgezogen")
    client.login(author)
    response = client.post_form(f"/vorschlaege/{proposal.id}/zurueckziehen")
    assert response.status_code == 303
    page = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert "zurückgezogen" in page and proposal.body_html not in page
    assert titles(client.get(f"/verfahren/{process.slug}").get_data(as_text=True)) == []
    db.session.refresh(process)
    assert process.proposal_count == 0
    # Twice is harmless and does not count twice.
    client.post_form(f"/vorschlaege/{proposal.id}/zurueckziehen")
    db.session.refresh(process)
    assert process.proposal_count == 0


def test_others_cannot_withdraw(client, make_user, process, make_proposal):
    proposal = make_proposal(process)
    client.login(make_user("resident"))
    assert client.post_form(f"/vorschlaege/{proposal.id}/zurueckziehen").status_code == 403
    db.session.refresh(proposal)
    assert proposal.status == "published"


def test_pre_moderation_keeps_proposals_pending(client, make_user, make_process):
    process = make_process(pre_moderation=True)
    author = make_user("resident")
    client.login(author)
    response = client.post_form(f"/verfahren/{process.slug}/vorschlaege/neu", FORM)
    proposal = db.session.query(Proposal).one()
    assert proposal.status == "pending"
    assert "wartet auf Freigabe" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "wartet auf Freigabe" in client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    client.logout()
    assert client.get(f"/vorschlaege/{proposal.id}").status_code == 404
    assert titles(client.get(f"/verfahren/{process.slug}").get_data(as_text=True)) == []


def test_sorts_and_filters(client, make_user, process, make_proposal, make_comment):
    from participation.votes import services as votes

    grün, verkehr = process.categories
    a = make_proposal(process, title="Alpha Vorschlag", category_id=grün.id)
    b = make_proposal(process, title="Beta Vorschlag", category_id=verkehr.id)
    c = make_proposal(process, title="Gamma Vorschlag")
    for _ in range(2):
        votes.support(actor=make_user("resident"), proposal=b)
    make_comment(process, proposal=c)
    c.response_status = "accepted"
    db.session.commit()
    base = f"/verfahren/{process.slug}/vorschlaege"
    assert titles(client.get(base).get_data(as_text=True)) == [c.title, b.title, a.title]
    assert titles(client.get(base + "?sort=unterstuetzt").get_data(as_text=True))[0] == b.title
    assert titles(client.get(base + "?sort=diskutiert").get_data(as_text=True))[0] == c.title
    assert titles(client.get(f"{base}?kategorie={grün.id}").get_data(as_text=True)) == [a.title]
    assert titles(client.get(base + "?antwort=beantwortet").get_data(as_text=True)) == [c.title]
    assert titles(client.get(base + "?antwort=offen").get_data(as_text=True)) == [b.title, a.title]
    assert titles(client.get(base + "?q=beta").get_data(as_text=True)) == [b.title]
    bad = client.get(base + "?kategorie=999999&sort=neu")
    assert bad.status_code == 400 and 'id="kategorie-error"' in bad.get_data(as_text=True)


def _bulk_proposals(process, author, count: int) -> None:
    db.session.add_all(
        Proposal(
            process_id=process.id,
            author_id=author.id,
            title=f"Vorschlag {n:03d}",
            body_markdown="Text",
            body_html="<p>Text</p>",
        )
        for n in range(count)
    )
    db.session.commit()


def test_random_order_is_stable_across_pages(app, process, make_user):
    author = make_user("resident")
    _bulk_proposals(process, author, 45)

    def ids(seed, page):
        result = services.list_proposals(process=process, sort="zufall", seed=seed, page=page)
        return [p.id for p in result.items]

    pages = [ids(7, n) for n in (1, 2, 3)]
    seen = [i for page in pages for i in page]
    assert len(seen) == 45 and len(set(seen)) == 45, "no proposal twice, none missing"
    assert pages[0] == ids(7, 1), "the same seed gives the same order"
    assert ids(7, 1) != ids(8, 1)
    assert seen != sorted(seen)


def test_random_order_links_carry_the_seed(client, process, make_user):
    author = make_user("resident")
    _bulk_proposals(process, author, 25)
    response = client.get(
        f"/verfahren/{process.slug}/vorschlaege?sort=zufall", follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert re.search(r'href="[^"]*seed=\d+[^"]*seite=2', html.replace("&amp;", "&"))


def test_similar_titles_are_offered(htmx_client, process, make_proposal, make_process):
    make_proposal(process, title="Mehr Sitzbänke auf dem Lindener Marktplatz")
    make_proposal(process, title="Radweg an der Fössestraße")
    make_proposal(make_process("Anderswo"), title="Sitzbänke anderswo")
    response = htmx_client.get(
        f"/verfahren/{process.slug}/vorschlaege/aehnliche?title=Sitzbank+Marktplatz"
    )
    html = response.get_data(as_text=True)
    assert html.startswith('<div id="similar"')
    assert "Lindener Marktplatz" in html
    assert "Fössestraße" not in html and "anderswo" not in html
    nothing = htmx_client.get(f"/verfahren/{process.slug}/vorschlaege/aehnliche?title=und+die")
    assert "<li>" not in nothing.get_data(as_text=True)


def test_pending_and_draft_proposals_stay_private(client, make_user, make_process):
    draft = make_process(publish=False)
    response = client.get(f"/verfahren/{draft.slug}/vorschlaege")
    assert response.status_code == 404


def test_sitemap_lists_published_proposals_only(client, make_user, make_process, make_proposal):
    process = make_process()
    shown = make_proposal(process)
    author = make_user("resident")
    gone = make_proposal(process, author=author)
    services.withdraw_proposal(actor=author, proposal=gone)
    pending = make_proposal(make_process(pre_moderation=True))
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/vorschlaege/{shown.id}<" in sitemap
    assert f"/vorschlaege/{gone.id}<" not in sitemap
    assert f"/vorschlaege/{pending.id}<" not in sitemap


def test_a_pending_comment_also_ends_the_edit_window(client, make_user, make_process):
    from participation.comments import services as comments

    process = make_process(pre_moderation=True)
    author = make_user("resident")
    proposal = services.submit_proposal(
        actor=author, process=process, title="Ein Vorschlag", body="Mit einer Begründung."
    )
    proposal.status = "published"  # approved (issue 4 approves through moderation)
    db.session.commit()
    comments.post_comment(
        actor=make_user("resident"), process=process, proposal=proposal, body="Hm"
    )
    client.login(author)
    response = client.post_form(f"/vorschlaege/{proposal.id}/bearbeiten", FORM)
    assert response.status_code == 409


def test_no_withdrawal_once_answered_or_closed(client, make_user, process, make_proposal):
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    proposal.response_status = "under_review"
    db.session.commit()
    client.login(author)
    response = client.post_form(f"/vorschlaege/{proposal.id}/zurueckziehen")
    assert response.status_code == 409
    db.session.refresh(proposal)
    assert proposal.status == "published"


def test_random_order_puts_its_seed_into_the_address(client, htmx_client, process):
    response = client.get(f"/verfahren/{process.slug}/vorschlaege?sort=zufall")
    assert response.status_code == 303 and re.search(r"seed=\d+", response.headers["Location"])
    pushed = htmx_client.get(f"/verfahren/{process.slug}/vorschlaege?sort=zufall")
    assert re.search(r"sort=zufall.*seed=\d+|seed=\d+.*sort=zufall", pushed.headers["HX-Push-Url"])
