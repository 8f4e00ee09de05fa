"""No Nu HTML checker (vnu) errors on the practice examples' pages, with and without errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.practice.test_exchange import _upload
from tests.test_html_validity import VNU


def _pages(app, office, make_example) -> dict[str, str]:
    visitor, staff = app.test_client(), app.test_client()
    staff.login(office)
    published = make_example(
        "Werkstatt am Markt",
        scope="district",
        district_code="10",
        action_field_slugs=("wohnen",),
        target_groups=("seniors",),
        texts={"worked": "**Gut**", "not_worked": "Wenig", "resources": "Zwei Leute"},
        numbers={"staff_days": 3, "participants": 40},
        contact="Stadtbezirksmanagement",
        contact_email="sbm@example.org",
    )
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


def test_practice_pages_have_no_nu_checker_errors(app, office, make_example, tmp_path):
    if not shutil.which("java"):
        pytest.skip("the Nu HTML checker needs Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"vnu.jar not found at {VNU} (make tools installs it)")
    names = {}
    for number, (label, html) in enumerate(_pages(app, office, make_example).items()):
        path = tmp_path / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = label
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
        + sorted(str(p) for p in tmp_path.glob("*.html")),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{names[Path(m['url']).name]}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == [], "\n".join(errors[:40])
