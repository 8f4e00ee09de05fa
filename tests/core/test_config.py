"""Configuration: production refuses default secrets; cookies are strict."""

import pytest

from config import DEFAULT_SECRET_KEY
from participation import create_app


@pytest.mark.parametrize("secret", [DEFAULT_SECRET_KEY, "", "short"])
def test_production_refuses_weak_secret(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=secret, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_plain_http_base_url():
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app(
            "production",
            SECRET_KEY="x" * 40,
            SQLALCHEMY_DATABASE_URI="sqlite://",
            BASE_URL="http://127.0.0.1:5000",
        )


def test_proxy_count_trusts_forwarded_address():
    from flask import request

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", PROXY_COUNT=1)
    app.add_url_rule("/ip", "ip", lambda: request.remote_addr)
    response = app.test_client().get("/ip", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"


def test_production_settings():
    app = create_app(
        "production",
        SECRET_KEY="x" * 40,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        BASE_URL="https://beteiligung.example.org",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/robots.txt")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
