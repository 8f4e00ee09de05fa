"""Whole pages for visitors who are not signed in: served again until content changes,
never to the signed-in, never with another visitor's CSRF token."""

from __future__ import annotations

import os
import re
import uuid

import pytest
import redis
from sqlalchemy import select

from participation.core.pagecache import (
    TOKEN_PLACEHOLDER,
    CacheGeneration,
    RedisStore,
    current_generation,
)
from participation.extensions import db
from participation.proposals.models import Proposal

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def cached_app(make_app):
    """The cache on, with the suite's Redis where REDIS_URL is set (as in CI), else in
    memory; the factories write through the suite's other app, like a second server."""
    app = make_app(PAGE_CACHE=True)
    with app.app_context():
        yield app


@pytest.fixture
def proposal(cached_app, make_proposal, make_process):
    return make_proposal(make_process("Spielplätze im Quartier"), title="Mehr Schaukeln")


def _generation() -> int:
    db.session.remove()
    return current_generation()


def test_second_visit_is_served_from_the_cache(cached_app, proposal):
    client = cached_app.test_client()
    first = client.get(f"/vorschlaege/{proposal.id}")
    second = client.get(f"/vorschlaege/{proposal.id}")
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert "Mehr Schaukeln" in second.get_data(as_text=True)
    assert _TOKEN.sub("", first.get_data(as_text=True)) == _TOKEN.sub(
        "", second.get_data(as_text=True)
    )


def test_each_visitor_gets_a_working_token_of_their_own(cached_app, proposal):
    path = f"/vorschlaege/{proposal.id}"
    alice, bob = cached_app.test_client(), cached_app.test_client()
    alice.get(path)
    page = bob.get(path)
    assert page.headers["X-Page-Cache"] == "hit"
    html = page.get_data(as_text=True)
    assert TOKEN_PLACEHOLDER not in html
    bob_token = _TOKEN.search(html).group(1)
    alice_token = _TOKEN.search(alice.get(path).get_data(as_text=True)).group(1)
    assert bob_token != alice_token
    # The language switch in the header is a form: Bob's token from the cached page works,
    # Alice's does not work in Carol's session.
    bob.post("/sprache", data={"csrf_token": bob_token, "lang": "en", "next": path})
    assert 'lang="en"' in bob.get(path).get_data(as_text=True)
    carol = cached_app.test_client()
    carol.get(path)
    carol.post("/sprache", data={"csrf_token": alice_token, "lang": "en", "next": path})
    assert 'lang="de"' in carol.get(path).get_data(as_text=True)


def test_a_new_comment_shows_at_once(cached_app, proposal, make_comment):
    client = cached_app.test_client()
    path = f"/vorschlaege/{proposal.id}"
    process = proposal.process  # before _generation() ends the session the objects are in
    client.get(path)
    before = _generation()
    make_comment(process, proposal=proposal, body="Ganz neuer Gedanke")
    assert _generation() > before
    page = client.get(path)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Ganz neuer Gedanke" in page.get_data(as_text=True)


def test_a_support_through_the_web_refreshes_the_count(cached_app, proposal, make_user):
    path = f"/vorschlaege/{proposal.id}"
    visitor = cached_app.test_client()
    assert "0 Unterstützungen" in visitor.get(path).get_data(as_text=True)
    resident = cached_app.test_client()
    resident.login(make_user("resident"))
    supported = resident.post_form(f"{path}/unterstuetzen")
    assert supported.status_code == 303
    page = visitor.get(path)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "1 Unterstützung" in page.get_data(as_text=True)


def test_mail_alone_does_not_move_the_generation(cached_app, proposal):
    from participation.mail.services import queue_mail

    before = _generation()
    queue_mail(recipient="a@example.org", subject="Hallo", template="plain", text="Hallo")
    db.session.commit()
    assert _generation() == before


def test_a_session_seen_again_does_not_move_the_generation(cached_app, make_user):
    """Signed-in sessions note when they were last seen every few minutes; that shows on
    no kept page, so it must not throw the kept pages away."""
    from participation.accounts import sessions
    from participation.accounts.models import AccountSession

    user = make_user("resident")
    sessions.start(user, user_agent="pytest", address="127.0.0.1")
    db.session.commit()
    user_id = user.id
    before = _generation()
    row = db.session.scalar(select(AccountSession).where(AccountSession.user_id == user_id))
    row.last_seen_at = row.last_seen_at.replace(year=row.last_seen_at.year - 1)
    db.session.commit()
    assert _generation() == before


def test_signed_in_visitors_and_pending_messages_bypass_the_cache(cached_app, proposal, make_user):
    path = f"/vorschlaege/{proposal.id}"
    cached_app.test_client().get(path)
    member = cached_app.test_client()
    member.login(make_user("resident"))
    page = member.get(path)
    assert "X-Page-Cache" not in page.headers
    assert "Abmelden" in page.get_data(as_text=True)
    visitor = cached_app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Eine Nachricht nur für Sie")]
    flashed = visitor.get(path)
    assert "X-Page-Cache" not in flashed.headers
    assert "Eine Nachricht nur für Sie" in flashed.get_data(as_text=True)


def test_language_htmx_and_query_have_their_own_pages(cached_app, proposal):
    process = proposal.process
    client = cached_app.test_client()
    german = client.get("/verfahren?bezirk=10").get_data(as_text=True)
    fragment = client.get("/verfahren?bezirk=10", headers={"HX-Request": "true"})
    assert fragment.headers["X-Page-Cache"] == "miss"
    assert "<html" not in fragment.get_data(as_text=True)
    other = client.get("/verfahren?bezirk=01")
    assert other.headers["X-Page-Cache"] == "miss"
    assert process.title in german
    assert process.title not in other.get_data(as_text=True)
    with client.session_transaction() as session:
        session["lang"] = "en"
    english = client.get("/verfahren?bezirk=10")
    assert english.headers["X-Page-Cache"] == "miss"
    assert 'lang="en"' in english.get_data(as_text=True)


def test_missing_pages_are_not_stored_and_carry_no_placeholder(cached_app):
    client = cached_app.test_client()
    missing = client.get("/vorschlaege/999999")
    again = client.get("/vorschlaege/999999")
    assert missing.status_code == again.status_code == 404
    assert "X-Page-Cache" not in again.headers
    assert TOKEN_PLACEHOLDER not in again.get_data(as_text=True)


def test_an_emptied_generation_table_starts_again(cached_app, proposal, make_comment):
    if isinstance(cached_app.extensions["page_cache"], RedisStore):
        pytest.skip("with Redis the generation lives there (test_a_lost_generation_...)")
    db.session.execute(CacheGeneration.__table__.delete())
    db.session.commit()
    client = cached_app.test_client()
    path = f"/vorschlaege/{proposal.id}"
    assert "X-Page-Cache" not in client.get(path).headers  # no generation, no cache
    make_comment(proposal.process, proposal=proposal)
    assert _generation() >= 1
    assert db.session.scalar(select(CacheGeneration.value)) >= 1
    assert client.get(path).headers["X-Page-Cache"] == "miss"
    assert client.get(path).headers["X-Page-Cache"] == "hit"


@pytest.fixture
def two_servers(make_app):
    """Two app servers sharing the suite's Redis under a prefix of this test's own; their
    keys are removed afterwards."""
    if not redis_available():
        pytest.skip("no Redis at REDIS_URL")
    prefix = uuid.uuid4().hex
    settings = dict(PAGE_CACHE=True, REDIS_URL=REDIS_URL, PAGE_CACHE_PREFIX=prefix)
    yield make_app(**settings), make_app(**settings), prefix
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys(f"page:{prefix}:*")
    if keys:
        store.delete(*keys)


def test_app_servers_share_pages_through_redis(two_servers, make_proposal, make_process):
    first, second, prefix = two_servers
    with first.app_context():
        proposal = make_proposal(make_process(), title="Geteilte Seite")
        path = f"/vorschlaege/{proposal.id}"
        assert first.test_client().get(path).headers["X-Page-Cache"] == "miss"
    with second.app_context():
        page = second.test_client().get(path)
    assert page.headers["X-Page-Cache"] == "hit"
    assert "Geteilte Seite" in page.get_data(as_text=True)
    assert redis.Redis.from_url(REDIS_URL).keys(f"page:{prefix}:*")


def test_redis_down_renders_pages_without_errors(make_app, make_proposal, make_process):
    from tests.conftest import free_port

    app = make_app(
        PAGE_CACHE=True,
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        PAGE_CACHE_PREFIX=uuid.uuid4().hex,
    )
    with app.app_context():
        proposal = make_proposal(make_process(), title="Ohne Redis")
        client = app.test_client()
        pages = [client.get(f"/vorschlaege/{proposal.id}") for _ in range(3)]
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all("X-Page-Cache" not in page.headers for page in pages), "no generation, no cache"
    assert "Ohne Redis" in pages[-1].get_data(as_text=True)


def test_with_redis_a_write_on_another_server_moves_the_generation(
    two_servers, make_proposal, make_process, make_comment
):
    reader, writer, _prefix = two_servers
    with reader.app_context():
        proposal = make_proposal(make_process(), title="Zwei Server")
        path = f"/vorschlaege/{proposal.id}"
        client = reader.test_client()
        client.get(path)
        assert client.get(path).headers["X-Page-Cache"] == "hit"
    with writer.app_context():
        make_comment(
            db.session.get(Proposal, proposal.id).process,
            proposal=db.session.get(Proposal, proposal.id),
            body="Vom anderen Server",
        )
    with reader.app_context():
        page = client.get(path)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Vom anderen Server" in page.get_data(as_text=True)


@pytest.mark.skipif(not redis_available(), reason="no Redis at REDIS_URL")
def test_a_lost_generation_starts_where_no_old_page_matches(make_app):
    from participation.core.pagecache import RedisStore

    prefix = uuid.uuid4().hex
    store = RedisStore(REDIS_URL, 60, prefix)
    first = store.generation()
    store.raise_generation()
    assert store.generation() == first + 1
    store.client.delete(store.generation_key)  # Redis restarted or evicted it
    assert store.generation() not in (first, first + 1)
    store.clear()
    assert store.client.keys(f"page:{prefix}:*") == []


def test_a_browser_that_kept_the_page_gets_not_modified(cached_app, proposal, make_comment):
    path = f"/vorschlaege/{proposal.id}"
    client = cached_app.test_client()
    first = client.get(path)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert {"private", "no-cache"} <= {
        part.strip() for part in first.headers["Cache-Control"].split(",")
    }
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    # "Any version" is no proof of holding this page (nor that the page exists).
    assert client.get(path, headers={"If-None-Match": "*"}).status_code == 200
    assert client.get("/vorschlaege/999999", headers={"If-None-Match": "*"}).status_code == 404
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    # Another session holds another token: the same tag gets the whole page.
    stranger = cached_app.test_client()
    stranger.get("/impressum")
    assert stranger.get(path, headers={"If-None-Match": etag}).status_code == 200
    # After a change the tag no longer matches, and the new page shows it.
    make_comment(proposal.process, proposal=proposal, body="Ein neuer Kommentar dazu")
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Ein neuer Kommentar dazu" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_the_signed_in_get_no_validator(cached_app, proposal, make_user):
    path = f"/vorschlaege/{proposal.id}"
    client = cached_app.test_client()
    etag = client.get(path).headers["ETag"]
    client.login(make_user("resident"))
    page = client.get(path, headers={"If-None-Match": etag})
    assert page.status_code == 200
    assert "ETag" not in page.headers


def test_clearing_after_a_restore_moves_the_generation_far_away(cached_app, proposal):
    from participation.core import pagecache

    if isinstance(cached_app.extensions["page_cache"], RedisStore):
        pytest.skip("with Redis, clearing drops the counter (test_a_lost_generation_...)")
    path = f"/vorschlaege/{proposal.id}"
    client = cached_app.test_client()
    etag = client.get(path).headers["ETag"]
    before = _generation()
    # A restore brings back an old generation; new writes would count up to numbers that
    # browsers still hold tags for. Clearing starts the number afresh.
    pagecache.clear(cached_app)
    after = _generation()
    assert abs(after - before) > 1000
    page = client.get(path, headers={"If-None-Match": etag})
    assert page.status_code == 200
    assert page.headers["X-Page-Cache"] == "miss"
