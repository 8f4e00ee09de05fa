"""The transition table, state by state, action by action, role by role (no database)."""

from __future__ import annotations

import itertools

import pytest

from participation.coordination import lifecycle
from participation.coordination.lifecycle import DRAFTER, OFFICE

STATES = (
    "draft",
    "in_review",
    "returned",
    "approved",
    "published",
    "closed",
    "results_published",
    "archived",
)
ACTIONS = (
    "submit",
    "return",
    "revise",
    "approve",
    "publish",
    "close",
    "publish_results",
    "archive",
)
ROLES = (DRAFTER, OFFICE, None)
CONTENT = (
    "scope_for_influence",
    "constraints",
    "use_of_results",
    "feedback_due",
    "dialogue_phase",
    "contact",
)
# The workflow as DESIGN.md describes it, written out independently of the module:
# (state, action) -> (next state, who may, what must be there).
WORKFLOW = {
    ("draft", "submit"): ("in_review", {DRAFTER, OFFICE}, CONTENT),
    ("in_review", "return"): ("returned", {OFFICE}, ()),
    ("returned", "revise"): ("draft", {DRAFTER, OFFICE}, ()),
    ("in_review", "approve"): ("approved", {OFFICE}, (*CONTENT, "checklist")),
    ("approved", "publish"): ("published", {OFFICE}, CONTENT),
    ("published", "close"): ("closed", {OFFICE}, ()),
    ("closed", "publish_results"): ("results_published", {OFFICE}, ("results_report",)),
    ("results_published", "archive"): ("archived", {OFFICE}, ()),
}
ALL_FACTS = {name: True for name in (*CONTENT, "checklist", "results_report")}


def test_the_table_is_the_workflow():
    table = {
        (t.source, t.action): (t.target, set(t.roles), t.guards)
        for t in lifecycle.TRANSITIONS.values()
    }
    assert table == WORKFLOW
    assert set(lifecycle.PATH) == set(STATES)


@pytest.mark.parametrize("state, action, role", list(itertools.product(STATES, ACTIONS, ROLES)))
def test_every_state_action_and_role(app, state, action, role):
    expected = WORKFLOW.get((state, action))
    decision = lifecycle.decide(action, state, role, ALL_FACTS)
    transition_roles = lifecycle.TRANSITIONS[action].roles
    if expected is not None and role in expected[1]:
        assert decision.allowed and decision.reasons == ()
        assert lifecycle.TRANSITIONS[action].target == expected[0]
        return
    assert not decision.allowed and len(decision.reasons) == 1
    if role not in transition_roles:
        # The role comes first: a district manager learns it is the office's task.
        wanted = (
            "Das ist Aufgabe der Koordinierungsstelle."
            if role == DRAFTER
            else "Sie sind für dieses Verfahren nicht zuständig."
        )
    else:
        wanted = f"Im Status „{lifecycle.STATUS_LABELS[state]}“ ist das nicht möglich."
    assert decision.reasons == (wanted,)
    assert decision.missing == ()
    assert decision.refusal == ("role" if role not in transition_roles else "state")


@pytest.mark.parametrize("key", sorted(WORKFLOW), ids="-".join)
@pytest.mark.parametrize("role", [DRAFTER, OFFICE])
def test_every_guard_names_what_is_missing(app, key, role):
    state, action = key
    _target, roles, guards = WORKFLOW[key]
    if role not in roles:
        return
    nothing = {name: False for name in ALL_FACTS}
    decision = lifecycle.decide(action, state, role, nothing)
    assert decision.allowed is (guards == ())
    assert decision.missing == guards
    assert decision.refusal == ("guard" if guards else None)
    assert decision.reasons == tuple(str(lifecycle.GUARDS[guard]) for guard in guards)
    for guard in guards:
        # Each guard alone blocks the step, and names only itself.
        one_missing = {**ALL_FACTS, guard: False}
        alone = lifecycle.decide(action, state, role, one_missing)
        assert not alone.allowed and alone.missing == (guard,)


def test_available_lists_what_a_role_may_take(app):
    assert [t.action for t in lifecycle.available("in_review", OFFICE)] == ["return", "approve"]
    assert lifecycle.available("in_review", DRAFTER) == []
    assert [t.action for t in lifecycle.available("returned", DRAFTER)] == ["revise"]
    assert lifecycle.available("archived", OFFICE) == []
    assert lifecycle.available("draft", None) == []


def test_an_unknown_action_is_refused(app):
    decision = lifecycle.decide("delete", "draft", OFFICE, ALL_FACTS)
    assert not decision.allowed and decision.reasons
