"""Fixtures for the data export: a fresh sign-in, exports built through the service, and
reading what a ZIP holds."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import pytest

from participation.accounts.reauth import AUTH_AT
from participation.core.clock import utcnow


@dataclass
class Unpacked:
    data: dict
    html: str
    raw: str  # both files' text, for "appears nowhere" checks

    def rows(self, section: str) -> list[dict]:
        return self.data["sections"][section]["rows"]


def unpack(payload: bytes) -> Unpacked:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert sorted(archive.namelist()) == ["daten.json", "index.html"]
        text = archive.read("daten.json").decode("utf-8")
        html = archive.read("index.html").decode("utf-8")
    return Unpacked(json.loads(text), html, text + html)


def mark_recent(client) -> None:
    """As if the person had just typed their password (the reauth decorator's check)."""
    with client.session_transaction() as session:
        session[AUTH_AT] = int(utcnow().timestamp())


@pytest.fixture
def built_export(app):
    """built_export(user): request an export as `user` (the job runs inline) and return
    (export, Unpacked)."""
    from participation.extensions import db
    from participation.privacy import services
    from participation.privacy.export import file_path

    def build(user):
        export = services.request_export(actor=user)
        db.session.refresh(export)
        assert export.status == "ready", export.status
        return export, unpack(file_path(export.id).read_bytes())

    return build


@pytest.fixture
def signed_in(client):
    """signed_in(user): the client signed in with a recent password check."""

    def sign_in(user):
        client.login(user)
        mark_recent(client)
        return client

    return sign_in
