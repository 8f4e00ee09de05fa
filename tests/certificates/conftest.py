"""Factories of the certificate tests."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from tests.privacy.conftest import built_export  # noqa: F401 - the export as a fixture here

_sources = itertools.count(1)


@pytest.fixture
def make_certificate(app):
    """make_certificate(holder=None, name="Ida Beispiel", **issue fields): a training
    certificate from a fresh test source."""
    from participation.certificates import services

    def make(holder=None, name: str = "Ida Beispiel", **fields):
        fields.setdefault("kind", "training")
        fields.setdefault("title", "Grundlagen der Bürgerbeteiligung")
        fields.setdefault("held_from", date(2026, 11, 3))
        fields.setdefault("source_type", "test")
        fields.setdefault("source_id", next(_sources))
        return services.issue(holder=holder, holder_name=name, **fields)

    return make


def pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
