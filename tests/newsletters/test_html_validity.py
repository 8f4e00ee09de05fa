"""No Nu HTML checker (vnu) errors on the newsletter's pages, with and without errors."""

from __future__ import annotations

from datetime import timedelta

from participation.core.clock import utcnow
from participation.newsletters import issues, links
from tests.test_html_validity import nu_errors, skip_without_checker


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
    skip_without_checker()
    errors = nu_errors(_pages(app, office, make_user, make_subscriber, make_issue), tmp_path)
    assert errors == [], "\n".join(errors[:40])
