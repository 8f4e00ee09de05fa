"""No Nu HTML checker (vnu) errors on the newsletter's pages, with and without errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from participation.core.clock import utcnow
from participation.newsletters import issues, links
from tests.test_html_validity import VNU


def _pages(app, office, make_user, make_subscriber, make_issue) -> dict[str, str]:
    visitor, staff, resident = app.test_client(), app.test_client(), app.test_client()
    staff.login(office)
    user = make_user("resident")
    resident.login(user)
    make_subscriber(user=user, districts=("10",))
    ended = make_subscriber(status="unsubscribed")
    active = make_subscriber()
    draft = make_issue(district_codes=("10",), action_field_slugs=("wohnen",))
    scheduled = make_issue(subject="Geplant")
    issues.schedule(actor=office, issue=scheduled, at=utcnow() + timedelta(days=1))
    sent = make_issue(subject="Verschickt")
    issues.send_now(actor=office, issue=sent)
    form = {"list_name": "office", "subject": "", "body_markdown": "Text", "audiences": "staff"}
    return {
        "subscribe": visitor.get("/newsletter").get_data(as_text=True),
        "subscribe (errors)": visitor.post_form("/newsletter", {"email": "x"}).get_data(
            as_text=True
        ),
        "subscribe (own)": resident.get("/newsletter").get_data(as_text=True),
        "unsubscribe": visitor.get(
            f"/newsletter/abmelden/{links.unsubscribe_token(active.id, active.token_version)}"
        ).get_data(as_text=True),
        "unsubscribed": visitor.get(
            f"/newsletter/abmelden/{links.unsubscribe_token(ended.id, ended.token_version)}"
        ).get_data(as_text=True),
        "bad link": visitor.get("/newsletter/bestaetigen/x").get_data(as_text=True),
        "archive": visitor.get("/newsletter/archiv").get_data(as_text=True),
        "issue": visitor.get(f"/newsletter/archiv/{sent.id}").get_data(as_text=True),
        "staff index": staff.get("/verwaltung/newsletter").get_data(as_text=True),
        "new": staff.get("/verwaltung/newsletter/neu").get_data(as_text=True),
        "new (errors)": staff.post_form("/verwaltung/newsletter/neu", form).get_data(as_text=True),
        "preview": staff.post_form(
            "/verwaltung/newsletter/neu", {**form, "subject": "Hallo", "preview": "1"}
        ).get_data(as_text=True),
        "edit": staff.get(f"/verwaltung/newsletter/{draft.id}/bearbeiten").get_data(as_text=True),
        "draft": staff.get(f"/verwaltung/newsletter/{draft.id}").get_data(as_text=True),
        "scheduled": staff.get(f"/verwaltung/newsletter/{scheduled.id}").get_data(as_text=True),
        "sent": staff.get(f"/verwaltung/newsletter/{sent.id}").get_data(as_text=True),
        "schedule (errors)": staff.post_form(
            f"/verwaltung/newsletter/{draft.id}/planen", {"scheduled_at": ""}
        ).get_data(as_text=True),
    }


def test_newsletter_pages_have_no_nu_checker_errors(
    app, office, make_user, make_subscriber, make_issue, tmp_path
):
    if not shutil.which("java"):
        pytest.skip("the Nu HTML checker needs Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"vnu.jar not found at {VNU} (make tools installs it)")
    names = {}
    for number, (label, html) in enumerate(
        _pages(app, office, make_user, make_subscriber, make_issue).items()
    ):
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
