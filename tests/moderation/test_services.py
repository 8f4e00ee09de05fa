"""Reports, hiding with a public reason, restoring and dismissing (issue 4, first step)."""

from __future__ import annotations

import pytest

from participation.core.errors import Conflict, Forbidden
from participation.extensions import db
from participation.moderation import queue, services
from participation.moderation.models import ModerationAction, Report


@pytest.fixture
def dialogue(make_process, make_proposal, make_comment, make_user):
    process = make_process(district="10")
    author = make_user("resident", pseudonym="Lauter Lutz")
    proposal = make_proposal(process, author=author, title="Ein sichtbarer Vorschlag")
    comment = make_comment(process, proposal=proposal, author=author, body="Ein grober Satz")
    return {"process": process, "author": author, "proposal": proposal, "comment": comment}


def test_one_open_report_per_user_and_item_with_confirmation(app, make_user, dialogue, mails):
    reporter = make_user("resident")
    target = services.target_of(comment_id=dialogue["comment"].id)
    services.report(actor=reporter, target=target, reason="insult", note="Bitte prüfen")
    with pytest.raises(Conflict):
        services.report(actor=reporter, target=target, reason="spam")
    assert db.session.query(Report).count() == 1
    confirmation = [m for m in mails if m["To"] == reporter.email]
    assert len(confirmation) == 1 and "Beleidigung" in confirmation[0].get_content()


def test_hide_shows_the_reason_and_tells_the_author(client, make_user, dialogue, mails):
    manager = make_user("district_manager", district="10")
    target = services.target_of(comment_id=dialogue["comment"].id)
    services.report(actor=make_user("resident"), target=target, reason="insult")
    services.hide(
        actor=manager, target=target, reason="insult", explanation="Beleidigt andere Menschen."
    )
    page = client.get(f"/vorschlaege/{dialogue['proposal'].id}").get_data(as_text=True)
    assert "Von der Moderation ausgeblendet: Beleidigung oder Bedrohung" in page
    assert "Ein grober Satz" not in page
    db.session.refresh(dialogue["proposal"])
    assert dialogue["proposal"].comment_count == 0
    assert db.session.query(Report).one().status == "actioned"
    to_author = [m for m in mails if m["To"] == dialogue["author"].email]
    assert len(to_author) == 1
    body = to_author[0].get_content()
    assert "Beleidigt andere Menschen." in body and "/netiquette" in body
    entry = db.session.query(ModerationAction).one()
    assert (entry.action, entry.actor_id, entry.reason) == ("hide", manager.id, "insult")


def test_hidden_proposals_leave_lists_search_and_sitemap(client, make_user, dialogue):
    manager = make_user("coordinator")
    process, proposal = dialogue["process"], dialogue["proposal"]
    services.hide(
        actor=manager,
        target=services.target_of(proposal_id=proposal.id),
        reason="advertising",
        explanation="Werbung für ein Geschäft.",
    )
    for path in [
        f"/verfahren/{process.slug}",
        f"/verfahren/{process.slug}/vorschlaege?q=sichtbarer",
        f"/verfahren/{process.slug}/vorschlaege/aehnliche?title=sichtbarer+Vorschlag",
        "/sitemap.xml",
    ]:
        assert "Ein sichtbarer Vorschlag" not in client.get(path).get_data(as_text=True), path
    page = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert "Ein sichtbarer Vorschlag" not in page and "Werbung" in page
    db.session.refresh(process)
    assert process.proposal_count == 0


def test_managers_of_other_districts_may_not_moderate(make_user, dialogue):
    other = make_user("district_manager", district="01")
    with pytest.raises(Forbidden):
        services.hide(
            actor=other,
            target=services.target_of(comment_id=dialogue["comment"].id),
            reason="insult",
            explanation="Nicht mein Bezirk.",
        )


def test_restore_and_dismiss(make_user, dialogue):
    manager = make_user("district_manager", district="10")
    target = services.target_of(comment_id=dialogue["comment"].id)
    services.hide(actor=manager, target=target, reason="off_topic", explanation="Nicht zum Thema.")
    services.restore(actor=manager, target=services.target_of(comment_id=dialogue["comment"].id))
    db.session.refresh(dialogue["proposal"])
    assert dialogue["proposal"].comment_count == 1
    target = services.target_of(comment_id=dialogue["comment"].id)
    services.report(actor=make_user("resident"), target=target, reason="spam")
    services.dismiss(actor=manager, target=target)
    with pytest.raises(Conflict):
        services.dismiss(actor=manager, target=target)
    actions = [a.action for a in db.session.query(ModerationAction).order_by(ModerationAction.id)]
    assert actions == ["hide", "restore", "dismiss"]


def test_report_page_without_javascript(client, make_user, dialogue, mails):
    client.login(make_user("resident"))
    path = f"/kommentare/{dialogue['comment'].id}/melden"
    page = client.get(f"/vorschlaege/{dialogue['proposal'].id}").get_data(as_text=True)
    assert f'href="{path}"' in page
    missing = client.post_form(path, {"note": "Bitte ansehen"})
    assert missing.status_code == 422 and "Bitte ansehen" in missing.get_data(as_text=True)
    done = client.post_form(path, {"reason": "insult", "note": "Bitte ansehen"})
    assert done.status_code == 303
    again = client.post_form(path, {"reason": "spam"})
    assert again.status_code == 409 and "bereits gemeldet" in again.get_data(as_text=True)
    assert db.session.query(Report).count() == 1


def test_a_page_past_the_end_of_the_queue_shows_the_last(
    app, make_user, make_process, make_proposal
):
    """A typed page number far past the queue (however large) gives its last page."""
    process = make_process(district="10")
    reporter = make_user("resident")
    proposal = make_proposal(process)
    services.report(
        actor=reporter, target=services.target_of(proposal_id=proposal.id), reason="spam"
    )
    manager = make_user("district_manager", district="10")
    for page in (2, 10**30):
        result = queue.report_queue(actor=manager, page=page)
        assert (result.page, result.total) == (1, 1)
        assert [e.target.item.id for e in result.entries] == [proposal.id]


def test_queue_scope_order_grouping_and_fixed_queries(app, make_user, make_process, make_proposal):
    from tests.conftest import count_queries

    linden = make_process(district="10")
    mitte = make_process(district="01")
    city = make_process(district=None)
    reporter = make_user("resident")
    made = [make_proposal(process) for process in (linden, mitte, city, linden)]
    for proposal in made:
        services.report(
            actor=reporter, target=services.target_of(proposal_id=proposal.id), reason="spam"
        )
    # A second report on the first item joins its entry instead of making a new one.
    services.report(
        actor=make_user("resident"),
        target=services.target_of(proposal_id=made[0].id),
        reason="insult",
    )
    manager = make_user("district_manager", district="10")
    page = queue.report_queue(actor=manager)
    assert [e.target.item.id for e in page.entries] == [made[0].id, made[3].id]
    assert [len(e.reports) for e in page.entries] == [2, 1]
    coordinator = make_user("coordinator")
    assert [e.target.item.id for e in queue.report_queue(actor=coordinator).entries] == [made[2].id]
    assert queue.report_queue(actor=coordinator, everywhere=True).total == 4
    assert queue.counts(manager).reports == 2

    def read_all():
        return [
            (e.target.item.title, e.target.process.title, [r.reporter.pseudonym for r in e.reports])
            for e in queue.report_queue(actor=coordinator, everywhere=True).entries
        ]

    with count_queries(app) as small:
        read_all()
    for _ in range(10):
        services.report(
            actor=make_user("resident"),
            target=services.target_of(proposal_id=make_proposal(linden).id),
            reason="other",
        )
    # Reload the actor and its roles outside the count (commits expired them; a request
    # loads them with the user).
    db.session.refresh(coordinator)
    assert coordinator.role_names == {"coordinator"}
    with count_queries(app) as large:
        read_all()
    assert small.count == large.count, "\n".join(large.statements)
    with pytest.raises(Forbidden):
        queue.report_queue(actor=make_user("resident"))


def test_an_open_appeal_decides_instead_of_a_restore(make_user, dialogue):
    manager = make_user("district_manager", district="10")
    target = services.target_of(comment_id=dialogue["comment"].id)
    services.hide(actor=manager, target=target, reason="insult", explanation="Beleidigt andere.")
    services.appeal(actor=dialogue["author"], target=target, text="Bitte noch einmal ansehen.")
    with pytest.raises(Conflict):
        services.restore(actor=make_user("coordinator"), target=target)
    assert db.session.get(type(dialogue["comment"]), dialogue["comment"].id).status == "hidden"
