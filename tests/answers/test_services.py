"""Official responses: who answers, the public answer, one mail per person, duplicates."""

from __future__ import annotations

import pytest

from participation.answers import services as answers
from participation.core.clock import local_today
from participation.core.errors import Invalid, NotFound
from participation.votes.services import support
from tests.accounts.helpers import mails_to
from tests.notifications.helpers import want_at_once

TEXT = "Der Vorschlag wird im nächsten Haushalt berücksichtigt."


def test_first_answer_mails_author_and_supporters_once(
    make_user, make_process, make_proposal, mails
):
    process = make_process(district="10")
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    fans = [make_user("resident") for _ in range(2)]
    for person in (author, *fans):
        want_at_once(person, "official_answer")
    for fan in fans:
        support(actor=fan, proposal=proposal)
    manager = make_user("district_manager", district="10")
    answers.answer(actor=manager, proposal=proposal, status="accepted", text=TEXT)
    answers.answer(actor=manager, proposal=proposal, status="implemented", text=TEXT + " Fertig.")
    assert proposal.response_status == "implemented"
    for person in (author, *fans):
        assert len(mails_to(mails, person.email)) == 1
    assert mails_to(mails, manager.email) == []


def test_only_responsible_staff_answer_and_with_a_reason(make_user, make_process, make_proposal):
    process = make_process(district="10")
    proposal = make_proposal(process)
    with pytest.raises(NotFound):
        answers.answer(
            actor=make_user("district_manager", district="01"),
            proposal=proposal,
            status="accepted",
            text=TEXT,
        )
    with pytest.raises(Invalid) as refusal:
        answers.answer(actor=make_user("coordinator"), proposal=proposal, status="accepted")
    assert refusal.value.field == "text" and proposal.response_status == "open"


def test_a_duplicate_follows_its_lead(make_user, make_process, make_proposal):
    process = make_process(district="10")
    lead, copy = make_proposal(process), make_proposal(process)
    office = make_user("coordinator")
    with pytest.raises(Invalid):
        answers.answer(actor=office, proposal=copy, status="", duplicate_of_id=lead.id)
    answers.answer(actor=office, proposal=lead, status="rejected", text=TEXT)
    answers.answer(actor=office, proposal=copy, status="", duplicate_of_id=lead.id)
    assert copy.response_status == "rejected"
    answers.answer(actor=office, proposal=lead, status="partly_accepted", text=TEXT)
    from participation.extensions import db

    db.session.refresh(copy)
    assert copy.response_status == "partly_accepted"


def test_the_answer_is_public(client, make_user, make_process, make_proposal):
    process = make_process(district="10")
    proposal = make_proposal(process)
    html = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert "Die Verwaltung hat noch nicht geantwortet." in html
    answers.answer(
        actor=make_user("coordinator", pseudonym="Koordinierungsstelle"),
        proposal=proposal,
        status="accepted",
        text=TEXT,
    )
    html = client.get(f"/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert TEXT in html and "Koordinierungsstelle" in html and "Angenommen" in html


# --- assignments and the queue ---------------------------------------------------------------


def test_only_the_office_assigns_and_only_responsible_staff(make_user, make_process, make_proposal):
    from participation.core.errors import Forbidden

    process = make_process(district="10")
    proposal = make_proposal(process)
    manager = make_user("district_manager", district="10")
    with pytest.raises(Forbidden):
        answers.assign_process(actor=manager, process=process, assignee=manager)
    office = make_user("coordinator")
    with pytest.raises(Invalid) as refusal:
        answers.assign_process(
            actor=office,
            process=process,
            assignee=make_user("district_manager", district="01"),
        )
    assert refusal.value.field == "assignee"
    team = answers.assign_process(actor=office, process=process, assignee=manager)
    assert team.due_on == process.feedback_due, "the feedback date is the default"
    assert answers.responsible_staff(process) == sorted(
        [manager, office, *_other_office(office)], key=lambda u: (u.pseudonym, u.id)
    )
    one = answers.assign_proposal(actor=office, proposal=proposal, assignee=office)
    assert one.assignee_id == office.id and one.due_on == process.feedback_due


def _other_office(office):
    """Office members other than `office` that factories made along the way."""
    from sqlalchemy import select

    from participation.accounts.models import RoleAssignment, User
    from participation.extensions import db

    ids = select(RoleAssignment.user_id).where(RoleAssignment.role.in_(("coordinator", "admin")))
    return db.session.scalars(select(User).where(User.id.in_(ids), User.id != office.id)).all()


def test_a_due_date_in_the_past_is_refused(make_user, make_process, make_proposal):
    from datetime import timedelta

    process = make_process(district="10")
    office = make_user("coordinator")
    with pytest.raises(Invalid) as refusal:
        answers.assign_proposal(
            actor=office,
            proposal=make_proposal(process),
            assignee=office,
            due_on=local_today() - timedelta(days=1),
        )
    assert refusal.value.field == "due_on"


def test_the_queue_sorts_proposals_into_due_overdue_and_answered(
    make_user, make_process, make_proposal
):
    from datetime import timedelta

    from participation.answers.queue import staff_queue
    from participation.core import clock

    process = make_process(district="10", feedback_due=local_today() + timedelta(days=10))
    office = make_user("coordinator")
    manager = make_user("district_manager", district="10")
    colleague = make_user("district_manager", district="10")
    answers.assign_process(actor=office, process=process, assignee=manager)
    mine_by_process, mine_soon, answered, theirs = (make_proposal(process) for _ in range(4))
    answers.assign_proposal(
        actor=office,
        proposal=mine_soon,
        assignee=manager,
        due_on=local_today() + timedelta(days=2),
    )
    answers.assign_proposal(actor=office, proposal=theirs, assignee=colleague)
    answers.answer(actor=manager, proposal=answered, status="accepted", text=TEXT)

    queue = staff_queue(actor=manager)
    assert [row[0].id for row in queue.items] == [mine_soon.id, mine_by_process.id]
    assert queue.counts == {"offen": 2, "ueberfaellig": 0, "beantwortet": 1}
    assert [row[0].id for row in staff_queue(actor=manager, tab="beantwortet").items] == [
        answered.id
    ]
    assert [row[0].id for row in staff_queue(actor=colleague).items] == [theirs.id]
    everyone = staff_queue(actor=office, who="alle")
    assert everyone.counts["offen"] == 3
    assert staff_queue(actor=office, who=str(colleague.id)).counts["offen"] == 1
    # Five days later the proposal due in two days is overdue, the rest is still due.
    with clock.travel(clock.utcnow() + timedelta(days=5)):
        later = staff_queue(actor=manager, tab="ueberfaellig")
        assert [row[0].id for row in later.items] == [mine_soon.id]
        assert later.counts == {"offen": 1, "ueberfaellig": 1, "beantwortet": 1}


def test_district_managers_see_only_their_districts(make_user, make_process, make_proposal):
    from participation.answers.queue import staff_queue

    make_proposal(make_process(district="01"))
    ours = make_proposal(make_process(district="10"))
    manager = make_user("district_manager", district="10")
    assert [row[0].id for row in staff_queue(actor=manager, who="alle").items] == [ours.id]
    assert staff_queue(actor=manager, who="niemand").total == 1
    # A manager cannot look into someone else's queue: the id falls back to their own.
    other = make_user("district_manager", district="01")
    assert staff_queue(actor=manager, who=str(other.id)).total == 0


def test_the_public_overdue_list(make_user, make_process, make_proposal):
    from datetime import timedelta

    from participation.answers.queue import overdue
    from participation.core import clock

    process = make_process(district="10", feedback_due=local_today() + timedelta(days=3))
    late, answered = make_proposal(process), make_proposal(process)
    make_proposal(make_process(district="01", feedback_due=local_today() + timedelta(days=30)))
    answers.answer(actor=make_user("coordinator"), proposal=answered, status="rejected", text=TEXT)
    assert overdue().total == 0
    with clock.travel(clock.utcnow() + timedelta(days=4)):
        result = overdue()
        assert [row[0].id for row in result.items] == [late.id]
        assert overdue(district_code="01").total == 0
        assert overdue(district_code="10").total == 1


def test_assigning_again_replaces_and_keeps_one_row(make_user, make_process, make_proposal):
    from datetime import timedelta

    from sqlalchemy import func, select

    from participation.answers.models import ProcessAssignment, ProposalAssignment
    from participation.extensions import db

    process = make_process(district="10")
    proposal = make_proposal(process)
    office = make_user("coordinator")
    first, second = (make_user("district_manager", district="10") for _ in range(2))
    later = local_today() + timedelta(days=40)
    answers.assign_proposal(actor=office, proposal=proposal, assignee=first)
    again = answers.assign_proposal(actor=office, proposal=proposal, assignee=second, due_on=later)
    assert (again.assignee_id, again.due_on) == (second.id, later)
    assert db.session.scalar(select(func.count(ProposalAssignment.id))) == 1
    answers.assign_process(actor=office, process=process, assignee=first)
    team = answers.assign_process(actor=office, process=process, assignee=first, due_on=later)
    assert team.due_on == later
    assert db.session.scalar(select(func.count(ProcessAssignment.id))) == 1
