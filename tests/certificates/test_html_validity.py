"""No Nu HTML checker (vnu) errors on the certificate pages: the form (with an error), a
valid, a revoked and an erased certificate, an unknown code, and the holder's list."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from participation.certificates import services
from participation.privacy import deletion
from tests.test_html_validity import VNU


def _pages(app, make_user, make_certificate) -> dict[str, str]:
    visitor, holder_client = app.test_client(), app.test_client()
    holder = make_user("resident")
    valid = make_certificate(holder, held_from=date(2026, 3, 1), held_until=date(2026, 3, 2))
    revoked = make_certificate(holder, title="Zurückgezogen")
    services.revoke(actor=holder, certificate=revoked, reason="Irrtum")
    leaving = make_user("resident")
    erased = make_certificate(leaving)
    deletion.delete_account(actor=None, user=leaving, delete_contributions=False)
    holder_client.login(holder)
    return {
        "form": visitor.get("/bescheinigungen").get_data(as_text=True),
        "form (error)": visitor.get("/bescheinigungen?code=falsch").get_data(as_text=True),
        "valid": visitor.get(f"/bescheinigungen/{valid.code}").get_data(as_text=True),
        "revoked": visitor.get(f"/bescheinigungen/{revoked.code}").get_data(as_text=True),
        "erased": visitor.get(f"/bescheinigungen/{erased.code}").get_data(as_text=True),
        "unknown": visitor.get("/bescheinigungen/unbekannt").get_data(as_text=True),
        "mine": holder_client.get("/konto/bescheinigungen").get_data(as_text=True),
    }


def test_certificate_pages_have_no_nu_checker_errors(app, make_user, make_certificate, tmp_path):
    if not shutil.which("java"):
        pytest.skip("the Nu HTML checker needs Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"vnu.jar not found at {VNU} (make tools installs it)")
    names = {}
    for number, (label, html) in enumerate(_pages(app, make_user, make_certificate).items()):
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
