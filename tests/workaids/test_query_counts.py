"""The library and the checklist pages take a fixed number of queries however long they
grow, for visitors and signed-in staff."""

from __future__ import annotations

import pytest

from participation.workaids import checklists
from tests.conftest import count_queries


def _queries(app, client, path: str) -> int:
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


@pytest.fixture
def grown(app, make_aid, make_process, make_user):
    manager = make_user("district_manager", district="10")
    draft = make_process("Vorbereitung", district="10", publish=False)
    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            number = next(counter)
            make_aid(
                f"Leitfaden {number}",
                pdf=number % 2 == 0,
                audiences=("residents",),
                phase_kinds=("dialogue",),
                action_field_slugs=("wohnen",),
            )
            make_aid(f"Intern {number}", kind="template", public=False)
            template = make_aid(
                f"Checkliste {number}",
                kind="checklist",
                items=tuple(f"Punkt {k}" for k in range(number % 3 + 2)),
            )
            attached = checklists.attach(actor=manager, process=draft, work_aid_id=template.id)
            checklists.tick(actor=manager, process=draft, item=attached.items[0], done=True)

    return manager, draft, grow


PUBLIC = ["/arbeitshilfen", "/arbeitshilfen?zielgruppe=residents&phase=dialogue&q=leitfaden"]


@pytest.mark.parametrize("who", ["visitor", "manager", "office"])
def test_library_and_checklists_take_a_fixed_number_of_queries(
    app, client, grown, office, assert_max_queries, who
):
    manager, draft, grow = grown
    paths = list(PUBLIC)
    if who == "manager":
        client.sign_in(manager)
        paths += [
            f"/verwaltung/verfahren/{draft.slug}/checklisten",
            f"/verwaltung/verfahren/{draft.slug}/ablauf",
        ]
    elif who == "office":
        client.sign_in(office)
        paths += ["/verwaltung/arbeitshilfen", f"/verwaltung/verfahren/{draft.slug}/ablauf"]
    grow(1)
    few = {path: _queries(app, client, path) for path in paths}
    grow(4)
    many = {path: _queries(app, client, path) for path in paths}
    assert many == few
    with assert_max_queries(15):  # 14 and the feature switches' one read
        client.get("/arbeitshilfen")
