"""Moving real processes: records, refusals, mail, the review lock and racing clicks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from participation.coordination import checklist
from participation.coordination.models import ProcessTransition
from participation.coordination.services import advance_to, role_of, timeline, transition
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.projects import services as projects
from tests.accounts.helpers import mails_to


def _all_ticked() -> list[str]:
    return [key for key, _text in checklist.items()]


@pytest.fixture
def people(make_user):
    return {
        "drafter": make_user("district_manager", district="10"),
        "stranger": make_user("district_manager", district="01"),
        "office": make_user("coordinator"),
        "resident": make_user("resident"),
    }


def test_the_whole_path_is_recorded_with_actor_comment_and_checklist(db, people, make_process):
    process = make_process("Platz", district="10", publish=False)
    transition(actor=people["drafter"], process=process, action="submit", comment="Bitte prüfen")
    transition(
        actor=people["office"],
        process=process,
        action="return",
        comment="Die Grenzen sind noch zu vage.",
    )
    assert process.status == "returned"
    transition(actor=people["drafter"], process=process, action="revise")
    transition(actor=people["drafter"], process=process, action="submit")
    transition(actor=people["office"], process=process, action="approve", ticked=_all_ticked())
    assert process.status == "approved" and process.published_at is None
    transition(actor=people["office"], process=process, action="publish")
    assert process.status == "published" and process.published_at is not None
    transition(actor=people["office"], process=process, action="close", comment="Dialog vorbei")
    steps = timeline(process)
    assert [(s.action, s.from_status, s.to_status) for s in steps] == [
        ("submit", "draft", "in_review"),
        ("return", "in_review", "returned"),
        ("revise", "returned", "draft"),
        ("submit", "draft", "in_review"),
        ("approve", "in_review", "approved"),
        ("publish", "approved", "published"),
        ("close", "published", "closed"),
    ]
    assert [s.actor_id for s in steps] == [
        people[name].id
        for name in ("drafter", "office", "drafter", "drafter", "office", "office", "office")
    ]
    assert steps[0].comment == "Bitte prüfen" and steps[1].comment.startswith("Die Grenzen")
    assert steps[4].checklist == [{"key": k, "text": t} for k, t in checklist.items()]
    assert all(s.checklist == [] for s in steps if s.action != "approve")


def test_a_return_needs_a_reason_and_mails_the_submitter(db, people, make_process, mails):
    process = make_process(publish=False)
    transition(actor=people["drafter"], process=process, action="submit")
    with pytest.raises(Invalid) as refusal:
        transition(actor=people["office"], process=process, action="return", comment="  kurz ")
    assert refusal.value.field == "comment" and process.status == "in_review"
    transition(
        actor=people["office"], process=process, action="return", comment="Kontakt fehlt noch."
    )
    sent = mails_to(mails, people["drafter"].email)
    assert len(sent) == 1
    body = sent[0].get_content()
    assert "Kontakt fehlt noch." in body and process.title in body
    assert f"/verwaltung/verfahren/{process.slug}/ablauf" in body


def test_approval_needs_every_item_of_the_checklist(db, people, make_process):
    process = make_process(publish=False)
    advance_to(actor=people["office"], process=process, status="in_review")
    with pytest.raises(Invalid) as refusal:
        transition(
            actor=people["office"], process=process, action="approve", ticked=_all_ticked()[1:]
        )
    assert refusal.value.field == "checklist" and process.status == "in_review"
    transition(
        actor=people["office"],
        process=process,
        action="approve",
        ticked=[*_all_ticked(), "made_up"],
    )
    record = timeline(process)[-1]
    assert [item["key"] for item in record.checklist] == _all_ticked()


def test_the_checklist_is_a_setting(app, db, people, make_process):
    app.config["REVIEW_CHECKLIST"] = [["barrierefrei", "Die Orte sind barrierefrei."]]
    process = make_process(publish=False)
    advance_to(actor=people["office"], process=process, status="approved")
    assert timeline(process)[-1].checklist == [
        {"key": "barrierefrei", "text": "Die Orte sind barrierefrei."}
    ]


def test_roles_and_scope(db, people, make_process):
    process = make_process(district="10", publish=False)
    city_wide = make_process(district=None, publish=False)
    assert role_of(people["drafter"], process) == "drafter"
    assert role_of(people["office"], process) == "office"
    assert role_of(people["stranger"], process) is None
    assert role_of(people["drafter"], city_wide) is None
    with pytest.raises(NotFound):
        transition(actor=people["stranger"], process=process, action="submit")
    with pytest.raises(NotFound):
        transition(actor=people["resident"], process=process, action="submit")
    transition(actor=people["drafter"], process=process, action="submit")
    with pytest.raises(Forbidden):
        transition(actor=people["drafter"], process=process, action="approve", ticked=_all_ticked())
    with pytest.raises(Conflict):
        transition(actor=people["office"], process=process, action="publish")
    assert db.session.scalar(select(func.count(ProcessTransition.id))) == 1


def test_a_second_click_on_a_stale_page_changes_nothing(db, people, make_process):
    process = make_process(publish=False)
    transition(actor=people["drafter"], process=process, action="submit")
    # Another office member returned it meanwhile; this session still holds "in_review".
    db.session.execute(
        projects.Process.__table__.update()
        .where(projects.Process.id == process.id)
        .values(status="returned")
    )
    db.session.commit()
    # What the stale request had loaded, without marking it as a change of its own.
    set_committed_value(process, "status", "in_review")
    with pytest.raises(Conflict):
        transition(actor=people["office"], process=process, action="approve", ticked=_all_ticked())
    assert db.session.scalar(select(func.count(ProcessTransition.id))) == 1


def test_the_district_cannot_edit_while_the_office_reviews(db, people, make_process):
    process = make_process(district="10", publish=False)
    transition(actor=people["drafter"], process=process, action="submit")
    arguments = {
        "title": "Neuer Titel",
        "summary": process.summary,
        "action_field_slug": "wohnen",
        "district_code": "10",
        "scope_for_influence": process.scope_for_influence,
        "constraints": process.constraints,
        "use_of_results": process.use_of_results,
        "feedback_due": process.feedback_due,
        "contact_person": process.contact_person,
        "contact_email": process.contact_email,
        "phases": tuple(
            projects.PhaseInput(p.kind, p.starts_on, p.ends_on) for p in process.phases
        ),
    }
    with pytest.raises(Conflict):
        projects.update_process(actor=people["drafter"], process=process, **arguments)
    # The office may correct a process under review.
    projects.update_process(actor=people["office"], process=process, **arguments)
    assert process.title == "Neuer Titel"


def test_results_cannot_be_published_without_a_report(db, people, make_process):
    process = make_process(publish=False)
    advance_to(actor=people["office"], process=process, status="closed")
    with pytest.raises(Invalid) as refusal:
        transition(actor=people["office"], process=process, action="publish_results")
    assert "Ergebnisbericht" in refusal.value.message and process.status == "closed"
