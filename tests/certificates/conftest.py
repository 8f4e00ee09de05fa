"""Fixtures of the certificate tests."""

from __future__ import annotations

import pytest

from tests.privacy.conftest import built_export  # noqa: F401 - the export as a fixture here


@pytest.fixture
def make_certificate(app):
    """make_certificate(holder=None, name="Ida Beispiel", **issue fields)."""
    from tests.certificates.factories import issue_sample

    return issue_sample


def pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
