"""Comments on statements are moderated like every comment: reported into the queue of the
process's district, hidden with a public reason, and the hidden text is gone."""

from __future__ import annotations

from participation.comments.services import post_comment
from participation.contributions import services
from participation.contributions.services import ContributionInput
from participation.moderation import services as moderation


def test_a_reported_statement_comment_is_moderated(client, make_user, make_partner, make_process):
    process = make_process("Marktplatz", district="10")
    partner = make_partner()
    statement = services.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="statement",
        data=ContributionInput(
            title="Unsere Sicht",
            body="Wir begrüßen den Umbau und bitten um breitere Wege.",
            process_ids=[process.id],
        ),
    )
    comment = post_comment(
        actor=make_user("resident"),
        process=process,
        body="Beleidigender Unsinn hier",
        contribution_id=statement.id,
    )
    target = moderation.target_of(comment_id=comment.id)
    moderation.report(actor=make_user("resident"), target=target, reason="insult")
    manager = make_user("district_manager", district="10")
    client.login(manager)
    queue = client.get("/verwaltung/moderation").get_data(as_text=True)
    assert "Beleidigender Unsinn" in queue
    item = client.get(f"/verwaltung/moderation/kommentare/{comment.id}")
    assert item.status_code == 200
    moderation.hide(
        actor=manager, target=target, reason="insult", explanation="Verstößt gegen die Netiquette."
    )
    client.logout()
    page = client.get(f"/netzwerk/beitraege/{statement.id}").get_data(as_text=True)
    assert "Beleidigender Unsinn" not in page and "Verstößt gegen die Netiquette." in page
    shown = client.get(f"/kommentare/{comment.id}")
    assert (
        shown.status_code == 303
        and f"/netzwerk/beitraege/{statement.id}" in shown.headers["Location"]
    )
