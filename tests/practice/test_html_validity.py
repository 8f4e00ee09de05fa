"""No Nu HTML checker (vnu) errors on the practice examples' pages, with and without errors."""

from __future__ import annotations

import json

from tests.practice.factories import RICH
from tests.practice.test_exchange import _upload
from tests.test_html_validity import nu_errors, skip_without_checker


def _pages(app, office, make_example) -> dict[str, str]:
    visitor, staff = app.test_client(), app.test_client()
    staff.login(office)
    published = make_example("Werkstatt am Markt", **RICH)
    draft = make_example("Entwurf", publish=False)
    form = {"title": "", "format": "other", "scope": "elsewhere", "source": "portal"}
    summary = json.dumps(
        {
            "format": "praxisbeispiele",
            "version": 1,
            "publisher": {"portal": "A", "municipality": "B", "url": "https://x.example"},
            "examples": [{"id": "1", "title": "Von woanders", "format": "survey", "scope": "city"}],
        }
    ).encode()

    def text(response):
        return response.get_data(as_text=True)

    return {
        "collection": text(visitor.get("/praxisbeispiele")),
        "collection (errors)": text(visitor.get("/praxisbeispiele?format=x&bezirk=99")),
        "example": text(visitor.get(f"/praxisbeispiele/{published.slug}")),
        "draft preview": text(staff.get(f"/praxisbeispiele/{draft.slug}")),
        "staff list": text(staff.get("/verwaltung/praxisbeispiele")),
        "new": text(staff.get("/verwaltung/praxisbeispiele/neu")),
        "new (errors)": text(staff.post_form("/verwaltung/praxisbeispiele/neu", form)),
        "edit": text(staff.get(f"/verwaltung/praxisbeispiele/{published.id}/bearbeiten")),
        "import": text(staff.get("/verwaltung/praxisbeispiele/import")),
        "import (errors)": text(_upload(staff, b"{kaputt")),
        "import (summary)": text(_upload(staff, summary)),
    }


def test_practice_pages_have_no_nu_errors(app, office, make_example, tmp_path):
    skip_without_checker()
    errors = nu_errors(_pages(app, office, make_example), tmp_path)
    assert errors == [], "\n".join(errors[:40])
