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
