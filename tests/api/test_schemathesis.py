"""schemathesis against the live OpenAPI document: every operation of the API, called through
the WSGI app with data generated from the document (valid values, and invalid ones that must
be refused), under the standard checks: no 5xx, answers, headers, content types and status
codes as documented, invalid parameters refused, valid ones accepted.

Each operation is its own test, so the suite's workers share them out."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from participation.answers import services as answers
from participation.api.spec import _path
from participation.api.views import OPERATIONS

PATHS = sorted({_path(op.rule) for op in OPERATIONS} | {"/openapi.json"})
# Invalid values exist only where a parameter is constrained: the query parameters, and the
# proposal's id (an integer in range).
NEGATABLE = sorted(
    {_path(op.rule) for op in OPERATIONS if op.query is not None or "proposal_id" in op.rule}
)
CASES = [(path, GenerationMode.POSITIVE) for path in PATHS] + [
    (path, GenerationMode.NEGATIVE) for path in NEGATABLE
]


@pytest.fixture
def api_schema(app, make_process, make_proposal, make_comment, make_partner, make_user):
    """The document's examples name real resources: a process with a proposal (id 1) that is
    answered and commented, and a partner organisation."""
    process = make_process("Neue Wege am Lindener Markt", district="10")
    first = make_proposal(process, title="Bänke am Markt")
    assert first.id == 1, "the examples of the document name proposal 1"
    make_comment(process, proposal=first, body="Dafür!")
    manager = make_user("district_manager", district="10")
    answers.answer(
        actor=manager, proposal=first, status="accepted", text="Die Bänke kommen im Frühjahr."
    )
    make_partner("Stadtteiltreff Linden")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("path, mode", CASES, ids=[f"{p}-{m.value}" for p, m in CASES])
def test_operation_conforms_to_the_document(api_schema, path, mode):
    operation = api_schema[path]["GET"]
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        calls.append(case.call_and_validate())

    check()
    assert calls, "hypothesis generated no case"
