"""Network items in the existing moderation queue (issue 20, item 7): partners' contributions
are reported at /melden/beitraege/<id>, the coordination office hides them with a public
reason, restores them or dismisses the reports; a hidden contribution leaves every public
list, feed, answer of the API and count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, NotFound
from participation.extensions import db
from participation.moderation import subject_services as moderation
from participation.moderation.models import ModerationAction, Report
from tests.conftest import count_queries

OFFER_TITLE = "Reparaturcafé im Stadtteil"
EVENT_TITLE = "Sommerfest der Nachbarschaft"
STATEMENT_TITLE = "Unsere Sicht auf den Platz"


@pytest.fixture
def world(make_partner, make_process, make_user):
    process = make_process("Neuer Platz", district="10")
    partner = make_partner("Nachbarschaftsladen e. V.")
    member = make_user("partner_member", organisation=partner.organisation.slug)

    def publish(kind, title, **extra):
        return contributions.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind=kind,
            data=ContributionInput(
                title=title,
                body="Wir laden alle Menschen aus dem Stadtteil herzlich ein.",
                district_codes=["10"],
                **extra,
            ),
        )

    return {
        "process": process,
        "partner": partner,
        "member": member,
        "office": make_user("coordinator"),
        "offer": publish("offer", OFFER_TITLE),
        "event": publish(
            "event",
            EVENT_TITLE,
            starts_at=utcnow() + timedelta(days=5),
            place="Lindener Markt",
            registration="portal",
            capacity=10,
        ),
        "statement": publish("statement", STATEMENT_TITLE, process_ids=[process.id]),
    }


def _item(contribution):
    return moderation.item_of("beitraege", contribution.id)


def _hide(world, contribution, reason="advertising"):
    return moderation.hide(
        actor=world["office"],
        item=_item(contribution),
        reason=reason,
        explanation="Werbung für ein Geschäft gehört nicht hierher.",
    )


def test_report_then_hide_tells_reporters_and_members_once(world, make_user, mails, client):
    reporters = [make_user("resident"), make_user("resident")]
    del mails[:]
    for reporter in reporters:
        moderation.report(actor=reporter, item=_item(world["offer"]), reason="advertising")
    assert len(mails) == 2  # the two confirmations
    del mails[:]
    _hide(world, world["offer"])
    decided = [m for m in mails if m["Subject"] == "Ihre Meldung ist entschieden"]
    assert sorted(m["To"] for m in decided) == sorted(r.email for r in reporters)
    notices = [m for m in mails if m not in decided]
    members = {world["partner"].contact.email, world["member"].email}
    assert {m["To"] for m in notices} == members and len(notices) == 2
    body = notices[0].get_content()
    assert "Werbung" in body and "Werbung für ein Geschäft gehört nicht hierher." in body
    assert OFFER_TITLE in body
    assert {r.status for r in db.session.query(Report)} == {"actioned"}
    entry = db.session.query(ModerationAction).one()
    assert (entry.action, entry.subject_kind, entry.subject_id, entry.process_id) == (
        "hide",
        "beitraege",
        world["offer"].id,
        None,
    )
    # Hiding twice is refused and mails no one again.
    del mails[:]
    with pytest.raises(Conflict):
        _hide(world, world["offer"])
    assert mails == []


def test_the_hidden_page_shows_the_reason_to_everyone(world, client, make_user):
    _hide(world, world["offer"])
    for who in (None, make_user("resident"), world["partner"].contact):
        if who is not None:
            client.login(who)
        page = client.get(f"/netzwerk/beitraege/{world['offer'].id}")
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "Von der Moderation ausgeblendet: Werbung" in text
        assert "Werbung für ein Geschäft gehört nicht hierher." in text
        assert OFFER_TITLE not in text and "herzlich ein" not in text
        if who is not None:
            client.logout()


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed_in"])
def test_hidden_contributions_leave_lists_feeds_api_and_counts(world, client, make_user, signed_in):
    process = world["process"]
    paths = [
        "/netzwerk",
        "/netzwerk/angebote",
        "/netzwerk/angebote?bezirk=10",
        "/netzwerk/veranstaltungen",
        f"/netzwerk/partner/{world['partner'].organisation.slug}",
        f"/verfahren/{process.slug}",
        "/netzwerk/neuigkeiten.atom",
        "/netzwerk/veranstaltungen.atom",
        "/netzwerk/veranstaltungen.ics",
        "/api/v1/contributions?kind=offer",
        "/api/v1/contributions?kind=event",
        "/api/v1/contributions?kind=statement",
        "/sitemap.xml",
    ]
    if signed_in:
        client.login(make_user("resident"))
    titles = (OFFER_TITLE, EVENT_TITLE, STATEMENT_TITLE)
    before = {path: client.get(path).get_data(as_text=True) for path in paths}
    assert any(OFFER_TITLE in text for text in before.values())
    assert any(EVENT_TITLE in text for text in before.values())
    assert any(STATEMENT_TITLE in text for text in before.values())
    for contribution in ("offer", "event", "statement"):
        _hide(world, world[contribution])
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        for title in titles:
            assert title not in text, (path, title)
        for contribution in ("offer", "event", "statement"):
            assert f'/netzwerk/beitraege/{world[contribution].id}"' not in text, path
    offers = client.get("/api/v1/contributions?kind=offer").get_json()
    assert offers["data"] == [] and offers["meta"]["total"] == 0


def test_hidden_events_refuse_registration_and_statements_comments(world, client, make_user):
    _hide(world, world["event"])
    _hide(world, world["statement"])
    resident = make_user("resident")
    from participation.comments.services import post_comment
    from participation.contributions import registrations

    with pytest.raises(NotFound):
        registrations.register(actor=resident, event=world["event"])
    with pytest.raises((Conflict, Forbidden)):
        post_comment(
            actor=resident,
            process=world["process"],
            body="Ein Kommentar zur Stellungnahme",
            contribution_id=world["statement"].id,
        )


def test_restore_brings_it_back_and_tells_the_members(world, client, mails):
    _hide(world, world["offer"])
    del mails[:]
    moderation.restore(actor=world["office"], item=_item(world["offer"]))
    assert {m["To"] for m in mails} == {world["partner"].contact.email, world["member"].email}
    assert OFFER_TITLE in client.get("/netzwerk/angebote").get_data(as_text=True)
    with pytest.raises(Conflict):
        moderation.restore(actor=world["office"], item=_item(world["offer"]))
    actions = [a.action for a in db.session.query(ModerationAction).order_by(ModerationAction.id)]
    assert actions == ["hide", "restore"]


def test_dismiss_closes_the_reports_and_tells_the_reporters(world, make_user, mails):
    reporter = make_user("resident")
    moderation.report(actor=reporter, item=_item(world["offer"]), reason="spam")
    del mails[:]
    moderation.dismiss(actor=world["office"], item=_item(world["offer"]))
    assert [m["To"] for m in mails] == [reporter.email]
    assert "bleibt" in mails[0].get_content()
    with pytest.raises(Conflict):
        moderation.dismiss(actor=world["office"], item=_item(world["offer"]))
    assert db.session.query(Report).one().status == "dismissed"
    assert world["offer"].hidden_at is None


def test_forget_removes_the_reports_and_steps_of_deleted_items(world, make_user):
    moderation.report(actor=make_user("resident"), item=_item(world["event"]), reason="spam")
    _hide(world, world["offer"])
    moderation.forget("beitraege", [world["offer"].id, world["event"].id])
    db.session.commit()
    assert db.session.query(Report).count() == 0
    assert db.session.query(ModerationAction).count() == 0


def test_one_open_report_per_person_and_item(world, make_user):
    reporter = make_user("resident")
    moderation.report(actor=reporter, item=_item(world["offer"]), reason="spam")
    with pytest.raises(Conflict):
        moderation.report(actor=reporter, item=_item(world["offer"]), reason="insult")
    # The database refuses it too (the partial unique index).
    db.session.add(
        Report(
            subject_kind="beitraege",
            subject_id=world["offer"].id,
            reporter_id=reporter.id,
            reason="other",
            status="open",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # A report needs exactly one target (and network items no process).
    db.session.add(Report(reporter_id=reporter.id, reason="other", status="open"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Once decided, the same person may report it again.
    moderation.dismiss(actor=world["office"], item=_item(world["offer"]))
    moderation.report(actor=reporter, item=_item(world["offer"]), reason="insult")
    assert db.session.query(Report).count() == 2


def test_blocked_accounts_and_members_do_not_report(world, make_user, client):
    blocked = make_user("resident")
    blocked.blocked_until = datetime.now(UTC) + timedelta(days=3)
    db.session.commit()
    with pytest.raises(Forbidden):
        moderation.report(actor=blocked, item=_item(world["offer"]), reason="spam")
    client.login(blocked)
    response = client.post_form(
        f"/melden/beitraege/{world['offer'].id}", {"reason": "spam", "note": ""}
    )
    assert response.status_code == 403
    client.logout()
    with pytest.raises(Conflict):
        moderation.report(actor=world["member"], item=_item(world["offer"]), reason="spam")
    assert db.session.query(Report).count() == 0


def test_reporting_through_the_page(world, client, make_user, mails):
    resident = make_user("resident")
    del mails[:]
    client.login(resident)
    page = client.get(f"/netzwerk/beitraege/{world['offer'].id}").get_data(as_text=True)
    assert f"/melden/beitraege/{world['offer'].id}" in page
    form = client.get(f"/melden/beitraege/{world['offer'].id}")
    assert form.status_code == 200 and OFFER_TITLE in form.get_data(as_text=True)
    missing = client.post_form(f"/melden/beitraege/{world['offer'].id}", {"note": ""})
    assert missing.status_code == 422
    sent = client.post_form(
        f"/melden/beitraege/{world['offer'].id}", {"reason": "advertising", "note": "Werbung"}
    )
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith(f"/netzwerk/beitraege/{world['offer'].id}")
    again = client.post_form(f"/melden/beitraege/{world['offer'].id}", {"reason": "spam"})
    assert again.status_code == 409
    assert [m["To"] for m in mails] == [resident.email]
    assert client.get("/melden/unbekannt/1").status_code == 404
    contributions.withdraw(actor=world["partner"].contact, contribution=world["event"])
    gone = client.get(f"/melden/beitraege/{world['event'].id}")
    assert gone.status_code == 409 and EVENT_TITLE not in gone.get_data(as_text=True)
    assert client.get(f"/melden/beitraege/{world['offer'].id + 999}").status_code == 404
    client.logout()
    client.login(world["member"])
    own = client.get(f"/netzwerk/beitraege/{world['offer'].id}").get_data(as_text=True)
    assert "/melden/beitraege/" not in own


def test_the_office_moderates_in_the_queue_plain_and_htmx(
    world, client, htmx_client, make_user, mails
):
    for contribution in ("offer", "event"):
        moderation.report(
            actor=make_user("resident"), item=_item(world[contribution]), reason="spam"
        )
    client.login(world["office"])
    queue = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Gemeldete Inhalte des Netzwerks (2)" in queue
    assert OFFER_TITLE in queue and EVENT_TITLE in queue
    assert queue.index(OFFER_TITLE) < queue.index(EVENT_TITLE)  # the oldest first
    prefix = f"beitraege-{world['offer'].id}"
    refused = client.post_form(
        f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}/ausblenden",
        {f"{prefix}-reason": "spam", f"{prefix}-explanation": "kurz", "zurueck": "queue"},
    )
    assert refused.status_code == 422 and "10 bis" in refused.get_data(as_text=True)
    done = client.post_form(
        f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}/ausblenden",
        {
            f"{prefix}-reason": "spam",
            f"{prefix}-explanation": "Doppelt eingestellt, bitte nur einmal.",
            "zurueck": "queue",
        },
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("#netzwerk")
    db.session.refresh(world["offer"])
    assert world["offer"].hidden_reason == "spam"
    htmx_client.login(world["office"])
    swapped = htmx_client.post(
        f"/verwaltung/moderation/netzwerk/beitraege/{world['event'].id}/meldungen-verwerfen",
        data={"zurueck": "queue"},
    )
    assert swapped.status_code == 200
    assert "Die Meldungen sind verworfen" in swapped.get_data(as_text=True)
    item = client.get(f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}")
    text = item.get_data(as_text=True)
    assert item.status_code == 200 and "Wieder anzeigen" in text and "ausgeblendet" in text
    restored = client.post_form(
        f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}/wiederherstellen",
        {"zurueck": "eintrag"},
    )
    assert restored.status_code == 303
    log = client.get("/verwaltung/moderation/protokoll").get_data(as_text=True)
    assert "Beitrag einer Partnerorganisation" in log
    assert f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}" in log


def test_district_managers_neither_see_nor_moderate_network_items(world, client, make_user):
    moderation.report(actor=make_user("resident"), item=_item(world["offer"]), reason="spam")
    manager = make_user("district_manager", district="10")
    with pytest.raises(Forbidden):
        _hide({"office": manager}, world["offer"])
    client.login(manager)
    queue = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert OFFER_TITLE not in queue and "Inhalte des Netzwerks" not in queue
    base = f"/verwaltung/moderation/netzwerk/beitraege/{world['offer'].id}"
    assert client.get(base).status_code == 403
    for action in ("ausblenden", "wiederherstellen", "meldungen-verwerfen"):
        assert client.post_form(f"{base}/{action}", {}).status_code == 403


def test_the_staff_count_includes_network_items_for_the_office_only(world, make_user):
    from participation.moderation.queue import counts

    moderation.report(actor=make_user("resident"), item=_item(world["offer"]), reason="spam")
    moderation.report(actor=make_user("resident"), item=_item(world["offer"]), reason="insult")
    assert counts(world["office"]).reports == 1
    assert counts(make_user("district_manager", district="10")).reports == 0


def _queue_queries(app, client) -> int:
    with count_queries(app) as counter:
        assert client.get("/verwaltung/moderation").status_code == 200
    return counter.count


def test_the_queue_of_network_items_takes_a_fixed_number_of_queries(
    app, world, client, make_user, make_partner
):
    def grow(count):
        for number in range(count):
            partner = make_partner()
            offer = contributions.publish(
                actor=partner.contact,
                organisation=partner.organisation,
                kind="offer",
                data=ContributionInput(
                    title=f"Angebot {number}",
                    body="Ein Angebot für alle im Stadtteil, jede Woche.",
                ),
            )
            moderation.report(actor=make_user("resident"), item=_item(offer), reason="spam")

    grow(2)
    client.login(world["office"])
    small = _queue_queries(app, client)
    grow(8)
    assert "(10)" in client.get("/verwaltung/moderation").get_data(as_text=True)
    assert _queue_queries(app, client) == small


def test_demo_data_hold_a_hidden_offer_and_an_open_report_once(app, client):
    from sqlalchemy import func, select

    from participation.accounts.services import find_by_email
    from participation.contributions.models import Contribution
    from participation.demo.services import seed_demo

    seed_demo()
    seed_demo()
    hidden = db.session.scalars(
        select(Contribution).where(Contribution.hidden_at.is_not(None))
    ).all()
    assert [c.title for c in hidden] == ["Umzugskartons zum Sonderpreis"]
    network_reports = select(func.count(Report.id)).where(Report.subject_id.is_not(None))
    assert db.session.scalar(network_reports) == 3
    assert db.session.scalar(network_reports.where(Report.status == "open")) == 1
    assert "Umzugskartons" not in client.get("/netzwerk/angebote").get_data(as_text=True)
    client.sign_in(find_by_email("koordination@example.org"))
    queue = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Gemeldete Inhalte des Netzwerks (1)" in queue
