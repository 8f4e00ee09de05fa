"""Fixtures of the work aids' tests: the office, aids made through the service."""

from __future__ import annotations

from io import BytesIO

import pytest

from participation.workaids import library
from participation.workaids.library import VersionInput, WorkAidInput
from tests.harness.forms import multipart
from tests.workaids.files import pdf_bytes


@pytest.fixture
def office(make_user):
    return make_user("coordinator")


@pytest.fixture
def make_aid(app, office):
    """make_aid(title, kind="guide", public=True, pdf=False, items=(), **fields)."""

    def make(title="Leitfaden Beteiligung", *, kind="guide", public=True, pdf=False, **fields):
        version = (
            VersionInput(note="Erste Fassung", document=BytesIO(pdf_bytes()))
            if pdf
            else VersionInput(note="Erste Fassung", body_markdown="## Schritte\n\nErst **planen**.")
        )
        return library.create_work_aid(
            actor=office,
            data=WorkAidInput(title=title, kind=kind, is_public=public, **fields),
            version=version,
        )

    return make


def post_with_file(client, path: str, fields: dict, document=None):
    """POST a form as multipart/form-data with `document` (content, name, type) if given."""
    fields = {"csrf_token": client.csrf_token(), **fields}
    body, content_type = multipart(fields, {"document": document} if document else {})
    return client.post(path, data=body, content_type=content_type)
