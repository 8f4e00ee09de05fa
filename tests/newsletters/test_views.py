"""The newsletter pages as plain forms (no JavaScript), one-click unsubscribe, bad links,
the archive and the office's pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.extensions import db
from participation.newsletters import issues, links
from participation.newsletters.models import NewsletterIssue, NewsletterSubscriber
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import count_queries


def _status(email: str) -> str:
    status = db.session.scalar(
        select(NewsletterSubscriber.status).where(NewsletterSubscriber.email_key == email)
    )
    db.session.rollback()
    return status


def _sent(office, make_issue, subject="Ausgabe", **fields) -> NewsletterIssue:
    issue = make_issue(subject=subject, **fields)
    issues.send_now(actor=office, issue=issue)
    return issue


# --- subscribing ------------------------------------------------------------------------------


def test_subscribe_and_confirm_with_plain_forms(client, mails):
    page = client.get("/newsletter")
    assert page.status_code == 200 and 'name="email"' in page.get_data(as_text=True)
    response = client.post_form(
        "/newsletter",
        {"email": "lotte@example.org", "lists": ["office", "network"], "districts": "10"},
    )
    assert response.status_code == 303
    assert "Fast geschafft" in client.get("/newsletter").get_data(as_text=True)
    assert _status("lotte@example.org") == "pending"

    path = link_in(mails_to(mails, "lotte@example.org")[0], "/newsletter/bestaetigen/")
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200 and "Abonnement bestätigen" in confirm_page.get_data(
        as_text=True
    )
    assert _status("lotte@example.org") == "pending"  # opening the link changes nothing
    response = client.post_form(path)
    assert response.status_code == 303 and response.headers["Location"] == "/newsletter/archiv"
    assert _status("lotte@example.org") == "confirmed"
    # The link is used up: a clear page, not an error.
    again = client.get(path)
    assert again.status_code == 410 and "schon benutzt" in again.get_data(as_text=True)


def test_a_refused_form_keeps_what_was_typed(client):
    response = client.post_form("/newsletter", {"email": "lotte@example.org", "districts": "10"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "mindestens einen Newsletter" in html and 'value="lotte@example.org"' in html
    assert 'checked id="districts-9"' in html
    assert (
        client.post_form("/newsletter", {"email": "x\r\n@y", "lists": "office"}).status_code == 422
    )


def test_known_and_unknown_addresses_get_the_same_answer(client, make_subscriber):
    make_subscriber("bekannt@example.org")
    answers = []
    for email in ("bekannt@example.org", "unbekannt@example.org"):
        response = client.post_form("/newsletter", {"email": email, "lists": "office"})
        answers.append((response.status_code, client.get("/newsletter").get_data(as_text=True)))
    assert answers[0][0] == answers[1][0] == 303
    assert "Fast geschafft" in answers[0][1] and "Fast geschafft" in answers[1][1]


def test_signed_in_residents_subscribe_from_their_account(client, make_user, mails):
    user = make_user("resident")
    client.login(user)
    assert 'href="/newsletter"' in client.get("/konto").get_data(as_text=True)
    html = client.get("/newsletter").get_data(as_text=True)
    assert f'value="{user.email}"' in html
    client.post_form("/newsletter", {"email": user.email, "lists": "office"})
    assert _status(user.email) == "confirmed" and mails_to(mails, user.email) == []
    html = client.get("/newsletter").get_data(as_text=True)
    assert "Ihr Abonnement" in html and "/newsletter/abmelden/" in html


# --- unsubscribing ----------------------------------------------------------------------------


def _unsubscribe_path(subscriber) -> str:
    token = links.unsubscribe_token(subscriber.id, subscriber.token_version)
    return f"/newsletter/abmelden/{token}"


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(app, make_subscriber):
    subscriber = make_subscriber("klick@example.org")
    client = app.test_client()  # a mail program: no session, no cookie
    response = client.post(
        _unsubscribe_path(subscriber),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _status("klick@example.org") == "unsubscribed"
    # Mail programs may send it again; it stays a success.
    again = client.post(_unsubscribe_path(subscriber), data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200


def test_unsubscribe_page_has_one_button(client, make_subscriber):
    subscriber = make_subscriber("knopf@example.org")
    path = _unsubscribe_path(subscriber)
    html = client.get(path).get_data(as_text=True)
    assert "Abbestellen" in html and _status("knopf@example.org") == "confirmed"
    # The page's own button is an ordinary form: without its token it is refused.
    assert client.post(path, data={}).status_code == 400
    assert _status("knopf@example.org") == "confirmed"
    response = client.post_form(path)
    assert response.status_code == 303
    assert _status("knopf@example.org") == "unsubscribed"
    assert "erhält keine Newsletter mehr" in client.get(path).get_data(as_text=True)


def test_bad_links_get_a_clear_page(app, client, make_subscriber):
    subscriber = make_subscriber()
    forged = links.unsubscribe_token(subscriber.id, subscriber.token_version)[:-3] + "abc"
    cases = [
        ("/newsletter/bestaetigen/x", 400),
        ("/newsletter/abmelden/x", 400),
        (f"/newsletter/abmelden/{forged}", 400),
        (f"/newsletter/abmelden/{'a' * 1200}", 400),
        (f"/newsletter/abmelden/{links.unsubscribe_token(999, 1)}", 404),
        (f"/newsletter/abmelden/{links.unsubscribe_token(subscriber.id, 1)}", 410),
    ]
    for path, status in cases:
        for method in ("get", "post"):
            response = getattr(client, method)(path, data={"List-Unsubscribe": "One-Click"})
            if "bestaetigen" in path and method == "post":
                continue  # a POST there needs the form's token first
            assert response.status_code == status, (method, path)
            assert "Dieser Link funktioniert nicht" in response.get_data(as_text=True)
    app.config["NEWSLETTER_CONFIRM_MAX_AGE"] = -1
    token = links.make_link_token(
        links.CONFIRM,
        {"s": subscriber.id, "v": subscriber.token_version, "l": [], "d": [], "a": []},
    )
    expired = client.get(f"/newsletter/bestaetigen/{token}")
    assert expired.status_code == 410 and "abgelaufen" in expired.get_data(as_text=True)


# --- the archive ------------------------------------------------------------------------------


def test_archive_shows_sent_issues_only(client, office, make_issue, make_subscriber):
    make_subscriber()
    sent = _sent(office, make_issue, "Verschickt")
    draft = make_issue(subject="Noch ein Entwurf")
    hidden = _sent(office, make_issue, "Nur für die Verwaltung", in_archive=False)
    html = client.get("/newsletter/archiv").get_data(as_text=True)
    assert "Verschickt" in html and "Entwurf" not in html and "Nur für" not in html
    assert client.get(f"/newsletter/archiv/{sent.id}").status_code == 200
    assert client.get(f"/newsletter/archiv/{draft.id}").status_code == 404
    assert client.get(f"/newsletter/archiv/{hidden.id}").status_code == 404
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/newsletter/archiv/{sent.id}<" in sitemap
    assert f"/newsletter/archiv/{draft.id}<" not in sitemap


def test_archive_takes_the_same_queries_for_2_and_25_issues(app, client, office, make_issue):
    def queries(total):
        while db.session.query(NewsletterIssue).count() < total:
            _sent(office, make_issue)
        with count_queries(app) as counter:
            assert client.get("/newsletter/archiv").status_code == 200
        return counter.count

    assert queries(2) == queries(25)
    assert "Seite 2 von 2" in client.get("/newsletter/archiv?seite=2").get_data(as_text=True)
    assert client.get("/newsletter/archiv?seite=-3").status_code == 200


# --- the office ---------------------------------------------------------------------------------


ISSUE_FORM = {
    "list_name": "office",
    "subject": "Neues im März",
    "body_markdown": "## Termine\n\nAm **Montag** tagt der Bezirksrat. <script>alert(1)</script>",
    "audiences": ["residents", "partners", "staff"],
    "in_archive": "y",
}


def test_office_writes_previews_tests_and_sends(client, office, mails, make_subscriber):
    make_subscriber("leser@example.org")
    client.login(office)
    assert client.get("/verwaltung/newsletter/neu").status_code == 200
    preview = client.post_form("/verwaltung/newsletter/neu", {**ISSUE_FORM, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<h2>Termine</h2>" in html and "<script>alert" not in html
    assert db.session.query(NewsletterIssue).count() == 0  # a preview saves nothing

    response = client.post_form("/verwaltung/newsletter/neu", ISSUE_FORM)
    assert response.status_code == 303
    detail = response.headers["Location"]
    issue_id = int(detail.rsplit("/", 1)[1])
    assert "1 bestätigtes Abonnement" in client.get(detail).get_data(as_text=True)

    assert client.post_form(f"{detail}/testversand").status_code == 303
    assert [m["To"] for m in mails] == [office.email]

    edited = client.post_form(f"{detail}/bearbeiten", {**ISSUE_FORM, "subject": "Neu im März"})
    assert edited.status_code == 303
    assert client.post_form(f"{detail}/senden").status_code == 303
    assert len(mails_to(mails, "leser@example.org")) == 1
    index = client.get("/verwaltung/newsletter").get_data(as_text=True)
    assert "Neu im März" in index and "Versandt" in index
    issue = db.session.get(NewsletterIssue, issue_id)
    assert (issue.recipient_count, issue.sent_count, issue.failed_count) == (1, 1, 0)
    # Sent issues are not edited; a second send starts nothing.
    assert client.get(f"{detail}/bearbeiten").status_code == 303
    assert client.post_form(f"{detail}/senden").status_code == 409


def test_subject_with_a_line_break_is_refused_next_to_the_field(client, office):
    client.login(office)
    response = client.post_form(
        "/verwaltung/newsletter/neu", {**ISSUE_FORM, "subject": "Hallo\r\nBcc: alle@example.org"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="subject-error"' in html and "Zeilenumbruch" in html
    assert "Am **Montag** tagt" in html  # the rest of what was typed is kept


def test_scheduling_takes_city_time_and_refuses_the_past(client, office, make_issue):
    issue = make_issue()
    client.login(office)
    path = f"/verwaltung/newsletter/{issue.id}/planen"
    past = (utcnow() - timedelta(hours=1)).astimezone(CITY_TIMEZONE)
    response = client.post_form(path, {"scheduled_at": past.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 422
    assert 'id="scheduled_at-error"' in response.get_data(as_text=True)
    assert client.post_form(path, {"scheduled_at": "2026-02-30T25:00"}).status_code == 422

    later = (
        (utcnow() + timedelta(days=2)).astimezone(CITY_TIMEZONE).replace(second=0, microsecond=0)
    )
    assert (
        client.post_form(path, {"scheduled_at": later.strftime("%Y-%m-%dT%H:%M")}).status_code
        == 303
    )
    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, issue.id)
    assert issue.status == "scheduled" and issue.scheduled_at == later
    assert (
        client.post_form(f"/verwaltung/newsletter/{issue.id}/planung-aufheben").status_code == 303
    )
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, issue.id).status == "draft"


@pytest.mark.parametrize("role", ["resident", "district_manager", "partner_member"])
def test_only_the_office_sees_the_newsletter_pages(client, make_user, role):
    client.login(make_user(role))
    assert client.get("/verwaltung/newsletter").status_code == 403


def test_issue_list_takes_the_same_queries_for_2_and_25(app, client, office, make_issue):
    client.login(office)

    def queries(total):
        while db.session.query(NewsletterIssue).count() < total:
            make_issue()
        with count_queries(app) as counter:
            assert client.get("/verwaltung/newsletter").status_code == 200
        return counter.count

    assert queries(2) == queries(25)
