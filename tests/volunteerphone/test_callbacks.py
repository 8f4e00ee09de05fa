"""The public page and callback form, the advisers' queue, retention and the figures."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.clock import travel, utcnow
from participation.core.errors import Conflict
from participation.extensions import db
from participation.volunteerphone import services
from participation.volunteerphone.models import CallbackRequest, PhoneConversation
from participation.volunteerphone.services import ConversationInput
from tests.concurrency import all_at_once
from tests.volunteerphone.factories import adviser, callback, weekday_hours

FORM = {
    "first_name": "Ida",
    "phone": "0511 987 65 43",
    "preferred_time": "Dienstag ab 16 Uhr",
    "topic": "environment",
    "district": "10",
    "consent": "y",
}


def test_the_page_shows_hours_and_the_form(client, make_user):
    weekday_hours(make_user("coordinator"))
    html = client.get("/freiwilligentelefon").get_data(as_text=True)
    assert "Sprechzeiten der nächsten sieben Tage" in html
    assert ("Jetzt erreichbar" in html) or ("Nächste Sprechzeit" in html)
    assert 'name="phone"' in html


def test_a_callback_is_stored_in_e164_and_shown_nowhere_publicly(client, app):
    response = client.post_form("/freiwilligentelefon/rueckruf", FORM)
    assert response.status_code == 303 and response.headers["Location"].endswith("/danke")
    stored = db.session.scalar(select(CallbackRequest))
    assert stored.phone == "+495119876543" and stored.topic == "environment"
    assert stored.district_id is not None
    for path in ("/freiwilligentelefon", "/freiwilligentelefon/rueckruf/danke", "/sitemap.xml"):
        assert "9876543" not in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize(
    "phone, message",
    [
        ("abcdefg", "keine Telefonnummer"),
        ("0511 12", "unvollständig oder ungültig"),
        ("+44 20 7946 0958", "nur deutsche Telefonnummern"),
        ("", "Bitte füllen Sie dieses Feld aus"),
    ],
    ids=["letters", "too-short", "foreign", "empty"],
)
def test_bad_numbers_are_refused_next_to_the_field_keeping_the_rest(client, phone, message):
    response = client.post_form("/freiwilligentelefon/rueckruf", {**FORM, "phone": phone})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'id="phone-error"' in html
    assert 'value="Dienstag ab 16 Uhr"' in html and 'value="Ida"' in html
    assert db.session.scalar(select(func.count()).select_from(CallbackRequest)) == 0


def test_a_mobile_number_with_country_code_is_accepted(client):
    client.post_form("/freiwilligentelefon/rueckruf", {**FORM, "phone": "+49 (0)170 1234567"})
    assert db.session.scalar(select(CallbackRequest.phone)) == "+491701234567"


def test_consent_is_required(client):
    data = {k: v for k, v in FORM.items() if k != "consent"}
    response = client.post_form("/freiwilligentelefon/rueckruf", data)
    assert response.status_code == 422 and "Bitte stimmen Sie dem Rückruf zu" in (
        response.get_data(as_text=True)
    )


def test_the_same_form_sent_twice_is_one_request(client):
    page = client.get("/freiwilligentelefon").get_data(as_text=True)
    submission = page.split('name="submission" value="', 1)[1].split('"', 1)[0]
    for _ in range(2):
        client.post_form("/freiwilligentelefon/rueckruf", {**FORM, "submission": submission})
    assert db.session.scalar(select(func.count()).select_from(CallbackRequest)) == 1


def test_the_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_CALLBACK="2 per minute")
    client = app.test_client()
    # An address of its own: with Redis the limits are shared by every app and test run.
    client.environ_base["REMOTE_ADDR"] = f"2001:db8::{secrets.randbits(32):x}"
    statuses = [
        client.post_form(
            "/freiwilligentelefon/rueckruf", {**FORM, "first_name": f"N{i}"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_the_queue_is_for_advisers_and_the_office(client, make_user, make_organisation):
    office = make_user("coordinator")
    organisation = make_organisation()
    member = make_user("partner_member", organisation=organisation.slug)
    other_member = make_user("partner_member", organisation=organisation.slug)
    adviser(office, member, organisation.id)
    callback()
    client.sign_in(make_user("resident"))
    assert client.get("/verwaltung/freiwilligentelefon/rueckrufe").status_code == 403
    from participation.core.permissions import can

    assert can(member, "work_callbacks") and can(office, "work_callbacks")
    assert not can(other_member, "work_callbacks")
    assert not can(make_user("district_manager"), "work_callbacks")


def test_take_call_and_log_a_conversation(app, make_user, make_organisation):
    office = make_user("coordinator")
    organisation = make_organisation()
    member = make_user("partner_member", organisation=organisation.slug)
    adviser(office, member, organisation.id)
    request = callback()
    services.take(actor=member, callback=request)
    with pytest.raises(Conflict):
        services.take(actor=office, callback=request)
    services.record_attempt(actor=member, callback=request, result="not_reached")
    services.record_attempt(actor=member, callback=request, result="reached")
    assert request.attempts == 2 and request.status == "reached"
    log = services.log_conversation(
        actor=member,
        callback=request,
        data=ConversationInput(
            topic="environment",
            district_id=request.district_id,
            age_group="30_49",
            outcome="referred",
            organisation_ids=[organisation.id],
            referred_opportunities="Baumpatenschaft Linden",
        ),
    )
    assert request.status == "logged" and [o.id for o in log.organisations] == [organisation.id]
    columns = set(PhoneConversation.__table__.columns.keys())
    assert not columns & {"first_name", "phone", "user_id", "adviser_id"}


def test_two_advisers_taking_one_callback_at_once_get_it_once(app, make_user):
    ids = [make_user("coordinator").id for _ in range(6)]
    callback_id = callback().id
    db.session.remove()

    def take(user):
        services.take(actor=user, callback=db.session.get(CallbackRequest, callback_id))

    errors = all_at_once(app, ids, take)
    assert len(errors) == 5 and all(isinstance(e, Conflict) for e in errors)
    stored = db.session.get(CallbackRequest, callback_id)
    assert stored.status == "taken" and stored.taken_by_id in ids


def test_numbers_are_erased_after_the_retention_period(app):
    old = callback(first_name="Alt", phone="0511 7654321")
    fresh = callback(first_name="Neu", phone="0511 1112223")
    db.session.execute(
        CallbackRequest.__table__.update()
        .where(CallbackRequest.id == old.id)
        .values(created_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    old, fresh = db.session.get(CallbackRequest, old.id), db.session.get(CallbackRequest, fresh.id)
    assert old.phone is None and old.first_name is None and old.erased_at is not None
    assert old.status == "unreachable"
    assert fresh.phone == "+495111112223"
    assert (
        db.session.scalar(select(func.count()).where(CallbackRequest.phone.like("%7654321%"))) == 0
    )


def test_the_privacy_notice_lists_the_period(client):
    assert "Rückrufwunschs beim Freiwilligentelefon" in client.get("/datenschutz").get_data(
        as_text=True
    )


def _rows(count: int, office):
    for i in range(count):
        request = callback(first_name=f"P{i}", phone=f"0511 12345{i:02d}")
        if i % 2:
            services.take(actor=office, callback=request)
            services.record_attempt(actor=office, callback=request, result="reached")
            services.log_conversation(
                actor=office,
                callback=request,
                data=ConversationInput("social", None, "65_plus", "information", [], ""),
            )


@pytest.mark.parametrize("path", ["/rueckrufe", "/auswertung", "/auswertung.csv", ""])
def test_lists_take_a_fixed_number_of_queries(client, make_user, count_queries_fixed, path):
    count_queries_fixed(f"/verwaltung/freiwilligentelefon{path}")


@pytest.fixture
def count_queries_fixed(app, client, make_user):
    from tests.conftest import count_queries

    def check(path):
        from participation.accounts.models import User
        from tests.harness.test_access_matrix import give_authenticator

        office = make_user("coordinator")
        give_authenticator(office)
        client.sign_in(office)
        office_id = office.id
        counts = []
        for rows in (2, 8):
            _rows(rows, db.session.get(User, office_id))
            db.session.remove()
            with count_queries(app) as counter:
                assert client.get(path).status_code == 200
            counts.append(counter.count)
        assert counts[0] == counts[1], counts

    return check


def test_the_public_page_takes_a_fixed_number_of_queries(app, client, make_user):
    from datetime import time

    from participation.accounts.models import User
    from tests.conftest import count_queries

    office_id = make_user("coordinator").id
    counts = []
    for extra in (1, 5):
        office = db.session.get(User, office_id)
        weekday_hours(office, weekdays=range(extra))
        member = make_user("coordinator")
        services.add_duty(
            actor=office,
            adviser_id=adviser(office, member, show_name=True).id,
            day=utcnow().date(),
            starts=time(10),
            ends=time(12),
        )
        db.session.remove()
        with count_queries(app) as counter:
            assert client.get("/freiwilligentelefon").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_figures_count_per_month(app, make_user, client):
    office = make_user("coordinator")
    with travel(utcnow() - timedelta(days=40)):
        _rows(2, office)
    _rows(4, office)
    from participation.core.clock import local_today
    from participation.volunteerphone.figures import month_figures

    data = month_figures(actor=office, month=local_today().replace(day=1))
    assert data.requested in (4, 6) and data.reached >= 2
    assert ("social", data.conversations) in data.by_topic
