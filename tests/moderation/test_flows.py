"""Moderation end to end through the web: the queue with plain forms and htmx, pre-moderation,
first-contribution review, blocking, appeals, locks, notes, the audit log and the figures.
Every action sends one mail per person concerned (counted in the outbox's delivered mails)."""

from __future__ import annotations

import pytest

from participation.comments.models import Comment
from participation.extensions import db
from participation.moderation import services
from participation.moderation.models import Appeal, ModerationAction, ModerationNote, Report
from participation.proposals.models import Proposal
from tests.conftest import count_queries


@pytest.fixture
def linden(make_process, make_proposal, make_comment, make_user):
    process = make_process("Stadtteilpark Linden", district="10")
    author = make_user("resident", pseudonym="Lauter Lutz")
    proposal = make_proposal(process, author=author, title="Mehr Bänke am Teich")
    comment = make_comment(process, proposal=proposal, author=author, body="Ihr seid alle Idioten")
    return {"process": process, "author": author, "proposal": proposal, "comment": comment}


def _to(mails, user):
    return [m for m in mails if m["To"] == user.email]


def _report(user, *, comment=None, proposal=None, reason="insult"):
    return services.report(
        actor=user,
        target=services.target_of(
            comment_id=comment.id if comment else None,
            proposal_id=proposal.id if proposal else None,
        ),
        reason=reason,
    )


def test_manager_hides_from_the_queue_without_javascript(client, make_user, linden, mails):
    reporters = [make_user("resident"), make_user("resident")]
    for reporter in reporters:
        _report(reporter, comment=linden["comment"])
    manager = make_user("district_manager", district="10")
    client.login(manager)
    queue_page = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Ihr seid alle Idioten" in queue_page and "2 offene Meldungen" in queue_page
    nav = client.get("/verwaltung").get_data(as_text=True)
    assert 'id="moderation-count">1<' in nav
    key = f"k{linden['comment'].id}"
    path = f"/verwaltung/moderation/kommentare/{linden['comment'].id}/ausblenden"
    short = client.post_form(path, {f"{key}-reason": "insult", f"{key}-explanation": "Kurz"})
    assert short.status_code == 422
    assert "10 bis 1.000 Zeichen" in short.get_data(as_text=True)
    assert 'value="insult" selected' in short.get_data(as_text=True) or "Kurz" in short.get_data(
        as_text=True
    )
    before = len(mails)
    done = client.post_form(
        path,
        {
            f"{key}-reason": "insult",
            f"{key}-explanation": "Beleidigt andere Teilnehmende.",
            "zurueck": "queue",
        },
    )
    assert done.status_code == 303 and done.headers["Location"].startswith("/verwaltung/moderation")
    sent = mails[before:]
    assert len(_to(sent, linden["author"])) == 1
    assert all(len(_to(sent, reporter)) == 1 for reporter in reporters)
    assert len(sent) == 3
    assert "Keine offenen Meldungen" in client.get("/verwaltung/moderation").get_data(as_text=True)
    public = client.get(f"/vorschlaege/{linden['proposal'].id}").get_data(as_text=True)
    assert "Ihr seid alle Idioten" not in public
    assert "Von der Moderation ausgeblendet: Beleidigung oder Bedrohung" in public


def test_manager_dismisses_in_place_with_htmx(htmx_client, make_user, linden, mails):
    reporter = make_user("resident")
    _report(reporter, proposal=linden["proposal"], reason="spam")
    htmx_client.login(make_user("district_manager", district="10"))
    response = htmx_client.post(
        f"/verwaltung/moderation/vorschlaege/{linden['proposal'].id}/meldungen-verwerfen",
        data={"zurueck": "queue"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="eintrag-v{linden["proposal"].id}"' in page and "data-hx-swap-oob" in page
    assert 'id="moderation-count" data-hx-swap-oob="outerHTML">0<' in page
    assert "HX-Request" in response.headers["Vary"]
    assert db.session.query(Report).one().status == "dismissed"
    assert len(_to(mails, reporter)) == 2  # the confirmation, then the decision
    assert _to(mails, linden["author"]) == []


def test_htmx_refusal_returns_the_entry_with_the_text_kept(htmx_client, make_user, linden):
    _report(make_user("resident"), comment=linden["comment"])
    htmx_client.login(make_user("district_manager", district="10"))
    key = f"k{linden['comment'].id}"
    response = htmx_client.post(
        f"/verwaltung/moderation/kommentare/{linden['comment'].id}/ausblenden",
        data={f"{key}-reason": "spam", f"{key}-explanation": "zu kurz", "zurueck": "queue"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith("<article") and "zu kurz" in page
    assert db.session.get(Comment, linden["comment"].id).status == "published"


def test_pre_moderation_waits_for_approval(client, make_process, make_user, mails):
    process = make_process("Vorab moderiert", district="10", pre_moderation=True)
    author = make_user("resident", pseudonym="Geduldige Gerda")
    client.login(author)
    client.post_form(
        f"/verfahren/{process.slug}/vorschlaege/neu",
        {"title": "Ein Trinkbrunnen am Platz", "body": "Im Sommer wäre Wasser gut."},
    )
    proposal = db.session.query(Proposal).one()
    assert proposal.status == "pending"
    own = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert "wartet auf Freigabe" in own
    client.logout()
    assert client.get(f"/vorschlaege/{proposal.id}").status_code == 404
    assert "Trinkbrunnen" not in client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    client.login(make_user("district_manager", district="10"))
    queue_page = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Warten auf Freigabe (1)" in queue_page and "Trinkbrunnen" in queue_page
    before = len(mails)
    approved = client.post_form(
        f"/verwaltung/moderation/vorschlaege/{proposal.id}/freigeben", {"zurueck": "queue"}
    )
    assert approved.status_code == 303
    assert [m["To"] for m in mails[before:]] == [author.email]
    db.session.refresh(process)
    assert process.proposal_count == 1
    client.logout()
    assert "Trinkbrunnen" in client.get(f"/verfahren/{process.slug}").get_data(as_text=True)


def test_rejecting_a_waiting_contribution(make_process, make_user, mails):
    process = make_process(district="10", pre_moderation=True)
    from participation.comments.services import post_comment

    author = make_user("resident")
    comment = post_comment(actor=author, process=process, body="Kauft billige Uhren bei mir!")
    assert comment.status == "pending"
    services.reject(
        actor=make_user("district_manager", district="10"),
        target=services.target_of(comment_id=comment.id),
        reason="advertising",
        explanation="Werbung gehört nicht in den Dialog.",
    )
    db.session.refresh(process)
    assert db.session.get(Comment, comment.id).status == "hidden"
    assert process.comment_count == 0
    body = _to(mails, author)[0].get_content()
    assert "nicht freigegeben" in body and "Werbung" in body and "/einspruch" in body


def test_first_contribution_review_only_for_new_accounts(make_process, make_user):
    from participation.comments.services import post_comment

    process = make_process(district="10", first_contribution_review=True)
    newcomer = make_user("resident")
    first = post_comment(actor=newcomer, process=process, body="Mein erster Beitrag hier.")
    assert first.status == "pending"
    services.approve(
        actor=make_user("district_manager", district="10"),
        target=services.target_of(comment_id=first.id),
    )
    second = post_comment(actor=newcomer, process=process, body="Und noch ein Gedanke.")
    assert second.status == "published"


def test_blocked_author_reads_but_cannot_write(client, make_user, linden, mails):
    manager = make_user("district_manager", district="10")
    client.login(manager)
    key = f"k{linden['comment'].id}"
    path = f"/verwaltung/moderation/kommentare/{linden['comment'].id}/sperren"
    missing = client.post_form(path, {f"{key}-duration": "7", f"{key}-block_reason": ""})
    assert missing.status_code == 422
    blocked = client.post_form(
        path,
        {
            f"{key}-duration": "7",
            f"{key}-block_reason": "Wiederholte Beleidigungen.",
            "zurueck": "eintrag",
        },
    )
    assert blocked.status_code == 303
    assert len(_to(mails, linden["author"])) == 1
    client.logout()
    client.login(linden["author"])
    page = client.get(f"/vorschlaege/{linden['proposal'].id}")
    assert page.status_code == 200 and "gesperrt" in page.get_data(as_text=True)
    refused = client.post_form(
        f"/vorschlaege/{linden['proposal'].id}/kommentare", {"body": "Jetzt erst recht!"}
    )
    assert refused.status_code == 403 and "Jetzt erst recht!" in refused.get_data(as_text=True)
    client.logout()
    client.login(manager)
    client.post_form(
        f"/verwaltung/moderation/kommentare/{linden['comment'].id}/sperre-aufheben",
        {"zurueck": "eintrag"},
    )
    db.session.refresh(linden["author"])
    assert linden["author"].blocked_until is None
    assert len(_to(mails, linden["author"])) == 2
    actions = [a.action for a in db.session.query(ModerationAction).order_by(ModerationAction.id)]
    assert actions == ["block_user", "unblock_user"]


def test_staff_accounts_are_not_blocked(make_user, make_process, make_comment):
    process = make_process(district="10")
    official = make_comment(process, author=make_user("district_manager", district="10"))
    with pytest.raises(services.Conflict):
        services.block_author(
            actor=make_user("coordinator"),
            target=services.target_of(comment_id=official.id),
            days=7,
            reason="Soll nicht gehen.",
        )


def test_appeal_is_decided_by_another_moderator(client, make_user, linden, mails):
    hider = make_user("district_manager", district="10")
    target = services.target_of(comment_id=linden["comment"].id)
    services.hide(actor=hider, target=target, reason="insult", explanation="Beleidigend.")
    client.login(linden["author"])
    thread = client.get(f"/vorschlaege/{linden['proposal'].id}").get_data(as_text=True)
    appeal_path = f"/kommentare/{linden['comment'].id}/einspruch"
    assert f'href="{appeal_path}"' in thread
    page = client.get(appeal_path).get_data(as_text=True)
    assert "Beleidigend." in page and "Einspruch einlegen" in page
    short = client.post_form(appeal_path, {"text": "Nein"})
    assert short.status_code == 422 and "Nein" in short.get_data(as_text=True)
    sent = client.post_form(appeal_path, {"text": "Das war Ironie unter Freunden."})
    assert sent.status_code == 303
    again = client.post_form(appeal_path, {"text": "Noch einmal, bitte prüfen."})
    assert again.status_code == 409
    assert db.session.query(Appeal).count() == 1
    assert len(_to(mails, linden["author"])) == 2  # hidden, appeal received
    client.logout()
    # Only the author reads the appeal page.
    client.login(make_user("resident"))
    assert client.get(appeal_path).status_code == 404
    client.logout()
    # The one who hid may not decide while someone else can.
    client.login(hider)
    queue_page = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Das war Ironie unter Freunden." in queue_page
    key = f"k{linden['comment'].id}"
    decide = f"/verwaltung/moderation/kommentare/{linden['comment'].id}/einspruch-entscheiden"
    decision = {f"{key}-decision": "overturned", f"{key}-explanation": "Ironie erkannt, ok."}
    assert client.post_form(decide, decision).status_code == 403
    client.logout()
    client.login(make_user("coordinator"))
    assert client.post_form(decide, {**decision, "zurueck": "eintrag"}).status_code == 303
    comment = db.session.get(Comment, linden["comment"].id)
    assert comment.status == "published" and comment.moderation_reason == ""
    db.session.refresh(linden["proposal"])
    assert linden["proposal"].comment_count == 1
    assert db.session.query(Appeal).one().status == "overturned"
    assert len(_to(mails, linden["author"])) == 3


def test_the_only_moderator_decides_alone(make_user, make_process, make_comment, app):
    from participation.accounts.models import RoleAssignment

    process = make_process(district="10")
    comment = make_comment(process)
    # Remove every other moderator: the factory's coordinator included.
    db.session.query(RoleAssignment).delete()
    db.session.commit()
    admin = make_user("admin")
    target = services.target_of(comment_id=comment.id)
    services.hide(actor=admin, target=target, reason="spam", explanation="Doppelt gepostet.")
    appeal = services.appeal(
        actor=comment.author, target=target, text="Es war nicht doppelt gemeint."
    )
    decided = services.decide_appeal(
        actor=admin, appeal_id=appeal.id, overturn=False, explanation="Bleibt ausgeblendet."
    )
    assert decided.status == "upheld"


def test_lock_thread_and_close_comments(client, make_user, linden, make_comment):
    manager = make_user("district_manager", district="10")
    client.login(manager)
    thread = linden["comment"]
    assert (
        client.post_form(
            f"/verwaltung/moderation/kommentare/{thread.id}/faden-sperren", {"zurueck": "eintrag"}
        ).status_code
        == 303
    )
    client.logout()
    client.login(make_user("resident"))
    reply = client.post_form(f"/kommentare/{thread.id}/antworten", {"antwort-body": "Aber doch!"})
    assert reply.status_code == 409 and "gesperrt" in reply.get_data(as_text=True)
    client.logout()
    client.login(manager)
    client.post_form(
        f"/verwaltung/moderation/vorschlaege/{linden['proposal'].id}/kommentare-schliessen",
        {"zurueck": "eintrag"},
    )
    db.session.refresh(linden["proposal"])
    assert linden["proposal"].comments_closed


def test_other_district_gets_403_everywhere(client, make_user, linden):
    _report(make_user("resident"), comment=linden["comment"])
    client.login(make_user("district_manager", district="01"))
    assert "Ihr seid alle Idioten" not in client.get("/verwaltung/moderation").get_data(
        as_text=True
    )
    comment_id = linden["comment"].id
    assert client.get(f"/verwaltung/moderation/kommentare/{comment_id}").status_code == 403
    for action in ("ausblenden", "meldungen-verwerfen", "sperren", "notizen", "faden-sperren"):
        response = client.post_form(f"/verwaltung/moderation/kommentare/{comment_id}/{action}", {})
        assert response.status_code == 403, action
    assert db.session.query(Report).one().status == "open"


def test_notes_stay_internal_and_the_log_is_for_coordinators(client, make_user, linden):
    manager = make_user("district_manager", district="10")
    client.login(manager)
    item = f"/verwaltung/moderation/vorschlaege/{linden['proposal'].id}"
    key = f"v{linden['proposal'].id}"
    client.post_form(f"{item}/notizen", {f"{key}-text": "Autor schon zweimal aufgefallen."})
    assert db.session.query(ModerationNote).count() == 1
    assert "Autor schon zweimal aufgefallen." in client.get(item).get_data(as_text=True)
    assert client.get("/verwaltung/moderation/protokoll").status_code == 403
    client.post_form(f"{item}/kommentare-schliessen", {"zurueck": "eintrag"})
    client.logout()
    public = client.get(f"/vorschlaege/{linden['proposal'].id}").get_data(as_text=True)
    assert "zweimal aufgefallen" not in public
    client.login(make_user("coordinator"))
    log = client.get("/verwaltung/moderation/protokoll").get_data(as_text=True)
    assert "Kommentare geschlossen" in log and manager.pseudonym in log


def test_process_page_shows_hidden_counts_by_reason(client, make_user, linden, make_comment):
    manager = make_user("district_manager", district="10")
    extra = make_comment(linden["process"], body="Noch einmal Werbung")
    for comment, reason in ((linden["comment"], "insult"), (extra, "advertising")):
        services.hide(
            actor=manager,
            target=services.target_of(comment_id=comment.id),
            reason=reason,
            explanation="Verstößt gegen die Netiquette.",
        )
    page = client.get(f"/verfahren/{linden['process'].slug}").get_data(as_text=True)
    assert "2 Beiträge ausgeblendet" in page
    assert "Beleidigung oder Bedrohung: 1" in page and "Werbung: 1" in page


def test_dashboard_shows_decision_times_and_waiting_reports(client, make_user, linden):
    from datetime import timedelta

    from participation.core import clock

    manager = make_user("district_manager", district="10")
    start = clock.utcnow()
    with clock.travel(start - timedelta(hours=30)):
        _report(make_user("resident"), comment=linden["comment"])
    with clock.travel(start - timedelta(hours=20)):
        _report(make_user("resident"), proposal=linden["proposal"])
    with clock.travel(start - timedelta(hours=10)):
        services.dismiss(actor=manager, target=services.target_of(comment_id=linden["comment"].id))
    _report(make_user("resident"), proposal=make_proposal_for(linden))
    client.login(manager)
    page = client.get("/verwaltung").get_data(as_text=True)
    assert "<td>Linden-Limmer</td><td>1</td><td>20,0</td><td>20,0</td>" in page
    assert "<td>unter 1 Tag</td><td>2</td>" in page


def make_proposal_for(linden):
    from participation.proposals.services import submit_proposal

    return submit_proposal(
        actor=linden["author"],
        process=linden["process"],
        title="Noch ein Vorschlag",
        body="Ein weiterer Text.",
    )


def test_queue_page_takes_a_fixed_number_of_queries(
    app, client, make_user, make_process, linden, make_comment
):
    from participation.comments.services import post_comment

    manager = make_user("district_manager", district="10")
    waiting = make_process(district="10", pre_moderation=True)

    def add_work(count: int) -> None:
        """`count` reported replies, hidden comments with an appeal, and waiting comments."""
        for _ in range(count):
            reply = make_comment(
                linden["process"], proposal=linden["proposal"], parent=linden["comment"]
            )
            _report(make_user("resident"), comment=reply)
            hidden = make_comment(linden["process"])
            target = services.target_of(comment_id=hidden.id)
            services.hide(actor=manager, target=target, reason="spam", explanation="Spam hier.")
            services.appeal(actor=hidden.author, target=target, text="Bitte noch einmal prüfen.")
            post_comment(actor=make_user("resident"), process=waiting, body="Wartet noch.")

    add_work(1)
    client.login(manager)
    with count_queries(app) as few:
        assert client.get("/verwaltung/moderation").status_code == 200
    add_work(6)
    with count_queries(app) as many:
        page = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Einsprüche (7)" in page and "Warten auf Freigabe (7)" in page
    assert "Gemeldete Beiträge (7)" in page
    assert few.count == many.count, "\n".join(many.statements)


def test_rejected_contributions_stay_out_of_public_view(client, make_process, make_user):
    from participation.comments.services import post_comment

    process = make_process("Vorab geprüft", district="10", pre_moderation=True)
    author = make_user("resident")
    comment = post_comment(actor=author, process=process, body="Nie öffentlich gewesen.")
    services.reject(
        actor=make_user("district_manager", district="10"),
        target=services.target_of(comment_id=comment.id),
        reason="spam",
        explanation="Gehört nicht hierher.",
    )
    discussion = f"/verfahren/{process.slug}/diskussion"
    public = client.get(discussion).get_data(as_text=True)
    assert "Gehört nicht hierher." not in public and "0 Beiträge" in public
    assert client.get(f"/kommentare/{comment.id}").status_code == 404
    assert "Bisher hat die Moderation keinen Beitrag ausgeblendet." in client.get(
        f"/verfahren/{process.slug}"
    ).get_data(as_text=True)
    client.login(author)
    own = client.get(discussion).get_data(as_text=True)
    assert "Gehört nicht hierher." in own and f"/kommentare/{comment.id}/einspruch" in own


def test_htmx_appeal_refusal_is_shown_in_place(htmx_client, make_user, linden):
    hider = make_user("district_manager", district="10")
    target = services.target_of(comment_id=linden["comment"].id)
    services.hide(actor=hider, target=target, reason="insult", explanation="Beleidigend.")
    services.appeal(actor=linden["author"], target=target, text="Das war Ironie, wirklich.")
    htmx_client.login(hider)
    key = f"k{linden['comment'].id}"
    response = htmx_client.post(
        f"/verwaltung/moderation/kommentare/{linden['comment'].id}/einspruch-entscheiden",
        data={
            f"{key}-decision": "overturned",
            f"{key}-explanation": "Ich entscheide selbst.",
            "zurueck": "queue",
            "bereich": "appeal",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Das war Ironie, wirklich." in page and "andere Person" in page


def test_blocks_keep_their_scope_and_length(make_user, make_process, make_comment):
    resident = make_user("resident")
    linden = make_comment(make_process(district="10"), author=resident)
    mitte = make_comment(make_process(district="01"), author=resident)
    services.block_author(
        actor=make_user("district_manager", district="10"),
        target=services.target_of(comment_id=linden.id),
        days=None,
        reason="Dauerhaft beleidigend.",
    )
    other = make_user("district_manager", district="01")
    in_mitte = services.target_of(comment_id=mitte.id)
    with pytest.raises(services.Conflict):
        services.block_author(actor=other, target=in_mitte, days=1, reason="Nur ein Tag bitte.")
    with pytest.raises(services.Forbidden):
        services.unblock_author(actor=other, target=in_mitte)
    services.unblock_author(actor=make_user("coordinator"), target=in_mitte)
    assert db.session.get(type(resident), resident.id).blocked_until is None


def test_authors_do_not_report_themselves(make_user, linden):
    with pytest.raises(services.Conflict):
        _report(linden["author"], comment=linden["comment"])


def test_plain_forms_return_to_the_view_they_came_from(client, make_user, make_process, linden):
    city = make_process(district=None)
    from participation.proposals.services import submit_proposal

    proposal = submit_proposal(
        actor=linden["author"], process=city, title="Stadtweit etwas", body="Ein längerer Text."
    )
    _report(make_user("resident"), proposal=proposal)
    client.login(make_user("coordinator"))
    page = client.get("/verwaltung/moderation?alle=1").get_data(as_text=True)
    assert 'name="alle" value="1"' in page
    response = client.post_form(
        f"/verwaltung/moderation/vorschlaege/{proposal.id}/meldungen-verwerfen",
        {"zurueck": "queue", "alle": "1", "bereich": "reports"},
    )
    assert response.headers["Location"] == "/verwaltung/moderation?alle=1#warteschlange"
