"""Rate limits live in Redis when REDIS_URL is set, and fall back to memory when it is down."""

import os
import uuid

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis at REDIS_URL")
def test_limits_are_shared_through_redis(make_app, make_user):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings = dict(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="2 per minute",
        REDIS_URL=REDIS_URL,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    first_app, second_app = make_app(**settings), make_app(**settings)
    with first_app.app_context():
        email = make_user().email
    data = {"email": email, "password": "falsches Passwort!"}
    statuses = [
        first_app.test_client().post_form("/anmelden", data).status_code,
        second_app.test_client().post_form("/anmelden", data).status_code,
        first_app.test_client().post_form("/anmelden", data).status_code,
    ]
    assert statuses == [422, 422, 429], "two app servers count together"
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"*{prefix}*")
    assert keys
    client.delete(*keys)


def test_redis_down_falls_back_to_memory(make_app, make_user):
    from tests.conftest import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="2 per minute",
        REDIS_URL=dead,
        RATELIMIT_STORAGE_URI=dead,
    )
    with app.app_context():
        user = make_user()
        client = app.test_client()
        data = {"email": user.email, "password": "falsches Passwort!"}
        statuses = [client.post_form("/anmelden", data).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


@pytest.mark.skipif(not redis_available(), reason="no Redis at REDIS_URL")
def test_a_new_app_does_not_inherit_a_dead_storage(make_app):
    """The limiter object outlives one app: after an app whose Redis was down, the next app
    must count in its own live Redis from the first request, not start in the memory fallback
    and flip to Redis mid-burst (forgetting the hits so far)."""
    from tests.conftest import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"
    down = make_app(RATELIMIT_ENABLED=True, REDIS_URL=dead, RATELIMIT_STORAGE_URI=dead)
    down.test_client().post_form("/barrierefreiheit", {"message": "Barriere"})
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_FEEDBACK="2 per hour",
        REDIS_URL=REDIS_URL,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    client = app.test_client()
    statuses = [
        client.post_form("/barrierefreiheit", {"message": f"Barriere {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys(f"*{prefix}*")
    assert keys, "the hits were counted in Redis, where the other app servers see them"
    store.delete(*keys)
