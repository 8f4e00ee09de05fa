"""Parts of pages kept once and shared by everyone they look the same for (core.fragments):
fewer queries for the second reader, and never one person's state on another's page."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale

from participation.core.pagecache import TOKEN_PLACEHOLDER
from participation.votes import services as vote_services
from tests.conftest import count_queries

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def cached_app(make_app):
    app = make_app(PAGE_CACHE=True)
    with app.app_context():
        yield app


@pytest.fixture
def scene(cached_app, make_process, make_proposal, make_comment, make_user):
    """A process (district 10) with a proposal and comments; Alice wrote one comment of
    each thread and rated another's, Bob took no part, a district manager moderates."""
    process = make_process("Plätze im Quartier")
    alice, bob = make_user("resident"), make_user("resident")
    manager = make_user("district_manager", district="10")
    proposal = make_proposal(process, title="Mehr Bänke am Platz")
    others = make_comment(process, body="Ein Gedanke von jemand anderem")
    own = make_comment(process, author=alice, body="Alices eigener Kommentar")
    vote_services.rate(actor=alice, comment=others, value=1)
    on_proposal = make_comment(process, proposal=proposal, body="Etwas zum Vorschlag")
    own_on_proposal = make_comment(
        process, proposal=proposal, author=alice, body="Alice zum Vorschlag"
    )
    clients = {}
    for name, user in (("alice", alice), ("bob", bob), ("manager", manager), ("visitor", None)):
        client = cached_app.test_client()
        if user is not None:
            client.sign_in(user)
        clients[name] = client
    return SimpleNamespace(
        process=process,
        proposal=proposal,
        comments={"others": others, "own": own, "on_proposal": on_proposal},
        own_on_proposal=own_on_proposal,
        clients=clients,
        pages=[f"/verfahren/{process.slug}", f"/vorschlaege/{proposal.id}"],
    )


def _links(html: str, comment_id: int) -> dict[str, bool]:
    """What a page offers for one comment."""
    rating = re.search(
        rf'<div id="bewertung-{comment_id}" class="rating">(.*?)</div>', html, re.DOTALL
    )
    return {
        "edit": f"/kommentare/{comment_id}/bearbeiten" in html,
        "report": f"/kommentare/{comment_id}/melden" in html,
        "moderate": f"/kommentare/{comment_id}" in html and "Moderieren" in html,
        "rate": f"/kommentare/{comment_id}/bewerten" in html,
        "rated": bool(rating and 'aria-pressed="true"' in rating.group(1)),
    }


def _check(name: str, html: str, scene) -> None:
    """What `name` must and must not see on a page."""
    own, others = scene.comments["own"], scene.comments["others"]
    if "Alice zum Vorschlag" in html:  # the proposal page: its thread instead
        own, others = scene.own_on_proposal, scene.comments["on_proposal"]
    mine, theirs = _links(html, own.id), _links(html, others.id)
    tokens = set(_TOKEN.findall(html))
    assert TOKEN_PLACEHOLDER not in html
    assert len(tokens) == 1, (name, tokens)
    assert ('action="/abmelden"' in html) == (name != "visitor")
    if name == "alice":
        assert mine["edit"] and not mine["report"] and not mine["rate"], (mine, theirs)
        assert theirs["report"] and theirs["rate"] and not theirs["edit"]
        assert theirs["rated"] == (others is scene.comments["others"])
    elif name == "bob":
        assert not mine["edit"] and mine["report"] and mine["rate"] and not mine["rated"]
        assert theirs["report"] and not theirs["rated"]
    elif name == "manager":
        assert not mine["edit"] and "Moderieren" in html
    else:
        assert not any(mine.values()) and not theirs["report"] and not theirs["rate"]
    if name != "manager":
        assert "Moderieren" not in html


def _content(page: str) -> str:
    """The page's main content without its CSRF tokens and its forms' one-time submission
    keys (the header names the reader)."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'value="[0-9a-f]{32}"', "", _TOKEN.sub("", main))


def _token_of(client) -> str:
    """The session's CSRF secret, as the tokens of its pages carry it."""
    page = client.get("/impressum").get_data(as_text=True)
    return _TOKEN.search(page).group(1).split(".")[0]


def test_each_person_sees_their_own_state_under_load(scene):
    """Two residents, a district manager and a visitor read the same pages at once, again
    and again; each page shows its reader's state and token, and no one else's."""
    tokens = {name: _token_of(client) for name, client in scene.clients.items()}
    assert len(set(tokens.values())) == len(tokens)
    reads = [(name, path) for _round in range(4) for name in scene.clients for path in scene.pages]

    def read(job):
        name, path = job
        response = scene.clients[name].get(path)
        return name, response.status_code, response.get_data(as_text=True)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(read, reads))
    assert len(results) == len(reads)
    for name, status, html in results:
        assert status == 200, name
        _check(name, html, scene)
        # A token is the session's secret, signed with the time: the secret must be theirs.
        assert {t.split(".")[0] for t in _TOKEN.findall(html)} == {tokens[name]}, name


def test_the_second_reader_gets_the_kept_parts(scene, cached_app, make_user):
    """A resident who took no part in the discussion gets the thread, the proposal cards and
    the process's figures as kept for the resident before them: fewer queries, same page."""
    path = scene.pages[0]
    carol = cached_app.test_client()
    carol.sign_in(make_user("resident"))  # before: a new account moves the generation on
    with count_queries(cached_app) as first:
        first_page = scene.clients["bob"].get(path).get_data(as_text=True)
    with count_queries(cached_app) as second:
        second_page = carol.get(path).get_data(as_text=True)

    def lists(counter):
        return [
            s
            for s in counter.statements
            if "LIMIT" in s and ("FROM comment" in s or "FROM proposal" in s)
        ]

    assert lists(first), first.statements
    assert not lists(second), second.statements
    assert second.count < first.count
    assert _content(first_page) == _content(second_page)
    _check("bob", second_page, scene)


def test_a_new_comment_reaches_every_reader_at_once(scene):
    """A write moves the content generation on: the kept parts are not served again."""
    for client in scene.clients.values():
        client.get(scene.pages[0])
    bob = scene.clients["bob"]
    posted = bob.post_form(f"{scene.pages[0]}/diskussion", {"body": "Bobs erster Beitrag"})
    assert posted.status_code == 303, posted.get_data(as_text=True)[:500]
    for name in ("alice", "visitor"):
        assert "Bobs erster Beitrag" in scene.clients[name].get(scene.pages[0]).get_data(
            as_text=True
        ), name


def test_a_comment_written_during_the_render_stays_out_of_the_shared_copy(
    scene, monkeypatch, make_user
):
    """Alice's check says she took no part, then her comment lands (another tab) before the
    thread is rendered: the copy everyone shares is read as by no one, so it shows her
    comment without her controls, and Bob sees no edit link for it."""
    from participation.comments import services as comment_services

    monkeypatch.setattr(comment_services, "took_part_in_thread", lambda **_kwargs: False)
    path = scene.pages[0]
    alice_page = scene.clients["alice"].get(path).get_data(as_text=True)
    bob_page = scene.clients["bob"].get(path).get_data(as_text=True)
    own = scene.comments["own"].id
    for page in (alice_page, bob_page):
        assert "Alices eigener Kommentar" in page
        assert f"/kommentare/{own}/bearbeiten" not in page
        assert not _links(page, scene.comments["others"].id)["rated"]


def test_a_deferred_value_that_fails_does_not_pass_for_empty():
    """An AttributeError while loading would read to Jinja as a missing attribute."""
    from participation.core.fragments import Deferred

    def broken():
        raise AttributeError("no such column")

    with pytest.raises(RuntimeError, match="no such column"):
        bool(Deferred(broken))


def test_templates_translate_in_a_locale_forced_for_a_mail(cached_app):
    """The catalogue kept per request follows a locale forced for one block (force_locale)."""
    template = "{{ _('Abmelden') }}"
    with cached_app.test_request_context("/"):
        assert render_template_string(template) == "Abmelden"
        with force_locale("en"):
            assert render_template_string(template) == "Log out"
        assert render_template_string(template) == "Abmelden"
