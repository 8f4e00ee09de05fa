"""The notification pages as a browser without JavaScript uses them, and with htmx; the
signed links in mails; the query counts of the centre and the header."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import interests
from participation.notifications.delivery import PREFERENCES, UNSUBSCRIBE, link_token
from participation.notifications.preferences import settings_of
from tests.conftest import count_queries


def _replies(make_process, make_proposal, make_comment, person, count: int):
    process = make_process()
    proposal = make_proposal(process)
    mine = make_comment(process, proposal=proposal, author=person)
    for _ in range(count):
        make_comment(process, proposal=proposal, parent=mine)


def test_centre_lists_and_marks_read_without_javascript(
    client, make_user, make_process, make_proposal, make_comment
):
    person = make_user("resident")
    _replies(make_process, make_proposal, make_comment, person, 2)
    client.sign_in(person)
    page = client.get("/konto/benachrichtigungen").get_data(as_text=True)
    assert page.count('class="notification notification-unread"') == 2
    assert 'id="notification-link"' in page and ">2<" in page
    response = client.post_form("/konto/benachrichtigungen/alle-gelesen")
    assert response.status_code == 303
    page = client.get("/konto/benachrichtigungen").get_data(as_text=True)
    assert "Als gelesen markieren" not in page


def test_mark_one_read_with_htmx_returns_the_item(
    client, htmx_client, make_user, make_process, make_proposal, make_comment
):
    from participation.notifications.services import page

    person = make_user("resident")
    _replies(make_process, make_proposal, make_comment, person, 1)
    notification = page(person).items[0]
    client.sign_in(person)
    response = htmx_client.post(f"/konto/benachrichtigungen/{notification.id}/gelesen")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="benachrichtigung-{notification.id}"' in html
    assert "<html" not in html and "Als gelesen markieren" not in html
    other = make_user("resident")
    client.sign_in(other)
    assert (
        client.post_form(f"/konto/benachrichtigungen/{notification.id}/gelesen").status_code == 404
    )


@pytest.mark.parametrize("signed_in_page", ["/konto/benachrichtigungen", "/verfahren"])
def test_query_count_does_not_grow_with_notifications(
    app, client, make_user, make_process, make_proposal, make_comment, signed_in_page
):
    few, many = make_user("resident"), make_user("resident")
    _replies(make_process, make_proposal, make_comment, few, 2)
    _replies(make_process, make_proposal, make_comment, many, 25)
    counts = []
    for person in (few, many):
        client.sign_in(person)
        client.get(signed_in_page)  # warm: the session's first request loads more
        with count_queries(app) as counter:
            assert client.get(signed_in_page).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_follow_and_unfollow_a_proposal_plain_and_htmx(
    client, htmx_client, make_user, make_process, make_proposal
):
    person = make_user("resident")
    proposal = make_proposal(make_process())
    client.sign_in(person)
    response = client.post_form(f"/vorschlaege/{proposal.id}/folgen")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/vorschlaege/{proposal.id}"
    )
    assert follows.is_following(person, proposal)
    assert "Nicht mehr folgen" in client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    fragment = htmx_client.post(f"/vorschlaege/{proposal.id}/nicht-mehr-folgen")
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert (
        f'id="follow-proposal-{proposal.id}"' in html
        and f"/vorschlaege/{proposal.id}/folgen" in html
    )
    assert not follows.is_following(person, proposal)


def test_visitors_are_sent_to_sign_in_to_follow(client, make_process):
    process = make_process()
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "Anmelden, um zu folgen" in page
    response = client.post_form(f"/verfahren/{process.slug}/folgen")
    assert response.status_code in (302, 303) and "/anmelden" in response.headers["Location"]


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(client, make_user):
    person = make_user("resident")
    token = link_token(UNSUBSCRIBE, person.id, settings_of(person).token_version)
    page = client.get(f"/benachrichtigungen/abmelden/{token}")
    assert page.status_code == 200 and "Keine E-Mails mehr" in page.get_data(as_text=True)
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", nothing else.
    response = client.post(
        f"/benachrichtigungen/abmelden/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert settings_of(person).mail_off is True
    # Clicked again (a mail client retrying): the same page, nothing else changes.
    again = client.post(f"/benachrichtigungen/abmelden/{token}", data={})
    assert again.status_code == 200 and "schon abbestellt" in again.get_data(as_text=True)


@pytest.mark.parametrize("token", ["x", "eyJ1IjoxLCJ2IjoxfQ.forged.sig", "a" * 2000])
def test_forged_links_get_a_clear_page(client, token):
    for path in ("/benachrichtigungen/abmelden/", "/benachrichtigungen/einstellungen/"):
        response = client.get(path + token)
        assert response.status_code == 400
        assert "funktioniert nicht" in response.get_data(as_text=True)


def test_expired_link_gets_a_clear_page(app, client, make_user):
    from datetime import timedelta

    from participation.core import clock

    person = make_user("resident")
    token = link_token(PREFERENCES, person.id, 1)
    later = clock.utcnow() + timedelta(days=app.config["NOTIFICATION_TOKEN_DAYS"] + 1)
    import time as time_module

    real = time_module.time
    try:
        time_module.time = lambda: later.timestamp()
        response = client.get(f"/benachrichtigungen/einstellungen/{token}")
    finally:
        time_module.time = real
    assert response.status_code == 400


def test_preferences_by_link_save_once(client, make_user):
    person = make_user("resident")
    token = link_token(PREFERENCES, person.id, settings_of(person).token_version)
    form = client.get(f"/benachrichtigungen/einstellungen/{token}")
    assert form.status_code == 200
    data = {
        "csrf_token": client.csrf_token(),
        "digest_frequency": "daily",
        "digest_weekday": "2",
        "digest_hour": "18",
        "kind_official_answer": "instant",
    }
    saved = client.post(f"/benachrichtigungen/einstellungen/{token}", data=data)
    assert saved.status_code == 200 and "gespeichert" in saved.get_data(as_text=True)
    db.session.expire_all()
    settings = settings_of(person)
    assert (settings.digest_frequency, settings.digest_hour) == ("daily", 18)
    assert client.get(f"/benachrichtigungen/einstellungen/{token}").status_code == 410


def test_bad_preferences_keep_what_was_chosen(client, make_user):
    client.sign_in(make_user("resident"))
    response = client.post_form(
        "/konto/benachrichtigungen/einstellungen",
        {"digest_frequency": "hourly", "digest_hour": "25", "kind_comment_reply": "instant"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    import re

    chosen = re.search(r'<input[^>]*name="kind_comment_reply"[^>]*value="instant"[^>]*>', html)
    assert chosen and "checked" in chosen.group(0)
    assert "Not a valid choice" not in html or "digest_frequency" in html


def test_quick_interest_from_the_district_page(client, make_user):
    person = make_user("resident")
    client.sign_in(person)
    page = client.get("/bezirke/10").get_data(as_text=True)
    assert "Benachrichtige mich über Neues in" in page
    response = client.post_form("/konto/interessen/schnell", {"bezirk": "10"})
    assert response.status_code == 303
    saved = interests.interests_of(person)
    assert len(saved) == 1 and saved[0][0].area == "district"


def test_interest_form_refuses_a_quarter_outside_the_district(client, make_user):
    from participation.districts.models import District, Quarter

    elsewhere = db.session.scalar(
        select(Quarter).join(District).where(District.code == "01").limit(1)
    )
    client.sign_in(make_user("resident"))
    response = client.post_form(
        "/konto/interessen", {"area": "10", "quarter": str(elsewhere.id), "keywords": "Radweg"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nicht im gewählten Stadtbezirk" in html and 'value="Radweg"' in html
