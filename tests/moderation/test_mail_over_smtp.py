"""One notification per person and action, delivered over real SMTP (a local sink): the
pre-moderation, hiding, appeal and blocking flows."""

from __future__ import annotations

from collections import Counter

from participation.comments.services import post_comment
from participation.moderation import services


def test_each_action_mails_each_person_once(make_user, make_process, smtp_app, smtp_sink):
    # The factories come first, so the SMTP app's context is the innermost one.
    process = make_process(district="10", pre_moderation=True)
    manager = make_user("district_manager", district="10")
    coordinator = make_user("coordinator")
    author, reporter_a, reporter_b = (make_user("resident") for _ in range(3))

    waiting = post_comment(actor=author, process=process, body="Ein erster Gedanke dazu.")
    target = services.target_of(comment_id=waiting.id)
    services.approve(actor=manager, target=target)  # author: 1
    for reporter in (reporter_a, reporter_b):  # each reporter: a confirmation
        services.report(actor=reporter, target=target, reason="insult")
    # author: 1; each reporter: the outcome
    services.hide(actor=manager, target=target, reason="insult", explanation="Beleidigt andere.")
    services.appeal(actor=author, target=target, text="Bitte prüfen Sie das noch einmal.")
    services.decide_appeal(  # author: received, then decided
        actor=coordinator,
        appeal_id=services.appeal_of(services.takedown_of(target)).id,
        overturn=False,
        explanation="Die Beleidigung bleibt ausgeblendet.",
    )
    services.block_author(actor=manager, target=target, days=7, reason="Wiederholt beleidigend.")

    expected = {author.email: 5, reporter_a.email: 2, reporter_b.email: 2}
    received = smtp_sink.wait_for(sum(expected.values()))
    assert Counter(m["To"] for m in received) == expected
    subjects = [m["Subject"] for m in received if m["To"] == author.email]
    assert subjects == [
        "Ihr Beitrag ist freigegeben",
        "Ihr Beitrag wurde ausgeblendet",
        "Ihr Einspruch ist eingegangen",
        "Entscheidung über Ihren Einspruch",
        "Ihr Konto ist gesperrt",
    ]
    assert len(smtp_sink.wait_for(sum(expected.values()) + 1, timeout=0.3)) == 9
