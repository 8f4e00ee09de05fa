"""No Nu HTML checker (vnu) errors on any page, signed out and signed in, with and without
form errors. `make test` installs vnu.jar from the npm registry into .tools/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.harness.routes import public_get_paths

ROOT = Path(__file__).resolve().parents[1]
VNU = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


def collect_pages(app, make_user, make_process) -> dict[str, str]:
    pages = {}
    visitor = app.test_client()
    process = make_process(
        "Neue Spielplätze",
        easy_summary="Einfach.",
        council_documents=("1234/2026",),
        links=(("Plan", "https://example.org/plan.pdf"),),
    )
    for path in [
        f"/verfahren/{process.slug}",
        "/verfahren?bezirk=99",
        "/verfahren?bezirk=10&q=spiel",
    ]:
        pages[path] = visitor.get(path).get_data(as_text=True)
    for path in public_get_paths(app) + ["/gibt-es-nicht", "/passwort-neu/x", "/bestaetigen/x"]:
        pages[path] = visitor.get(path).get_data(as_text=True)
    pages["/anmelden (errors)"] = visitor.post_form(
        "/anmelden", {"email": "kein-mail", "password": ""}
    ).get_data(as_text=True)
    pages["/registrieren (errors)"] = visitor.post_form(
        "/registrieren", {"email": "x", "pseudonym": "a", "password": "b"}
    ).get_data(as_text=True)
    pages["/barrierefreiheit (errors)"] = visitor.post_form(
        "/barrierefreiheit", {"message": ""}
    ).get_data(as_text=True)
    for role, paths in {
        "resident": ["/konto", "/konto/passwort", "/konto/email"],
        "admin": [
            "/verwaltung",
            "/verwaltung/seiten",
            "/verwaltung/seiten/datenschutz/en",
            "/verwaltung/rueckmeldungen",
        ],
        "district_manager": ["/verwaltung", "/verwaltung/verfahren", "/verwaltung/verfahren/neu"],
    }.items():
        client = app.test_client()
        client.login(make_user(role, verified=role != "resident"))
        for path in paths:
            pages[f"{path} ({role})"] = client.get(path).get_data(as_text=True)
    return pages


def test_pages_have_no_nu_checker_errors(app, make_user, make_process, tmp_path):
    if not shutil.which("java"):
        pytest.skip("the Nu HTML checker needs Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"vnu.jar not found at {VNU} (make tools installs it)")
    pages = collect_pages(app, make_user, make_process)
    names = {}
    for number, (label, html) in enumerate(pages.items()):
        path = tmp_path / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = label
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *sorted(str(p) for p in tmp_path.glob("*.html")),
        ],
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
    assert len(pages) > 25
    assert errors == [], "\n".join(errors[:40])
