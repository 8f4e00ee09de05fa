"""Writing, publishing, and drafting practice examples from a process with results."""

from __future__ import annotations

import pytest

from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.practice import services
from participation.practice.models import EXTERNAL, PUBLISHED
from participation.practice.services import ExampleInput


def test_create_sanitises_markdown_and_keeps_structure(make_example):
    example = make_example(
        "Spielplatz im Dialog",
        publish=False,
        scope="district",
        district_code="10",
        action_field_slugs=("wohnen",),
        target_groups=("children_youth", "families"),
        texts={"worked": "Gut: **Aufsuchende** Beteiligung <script>alert(1)</script>"},
        numbers={"staff_days": 12, "budget_euros": 4500, "participants": 80},
    )
    assert example.status == "draft" and example.district.code == "10"
    assert [f.slug for f in example.action_fields] == ["wohnen"]
    assert example.target_groups == ["children_youth", "families"]
    assert "<strong>Aufsuchende</strong>" in example.worked_html
    assert "<script" not in example.worked_html
    assert example.staff_days == 12 and example.participants == 80


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": " "}, "title"),
        ({"format": "zaubern"}, "format"),
        ({"format": "other"}, "format_other"),
        ({"scope": "district"}, "district"),
        ({"scope": "elsewhere"}, "place"),
        ({"action_field_slugs": ("gibt-es-nicht",)}, "action_fields"),
        ({"target_groups": ("aliens",)}, "target_groups"),
        ({"numbers": {"budget_euros": 10**12}}, "budget_euros"),
        ({"numbers": {"staff_days": -1}}, "staff_days"),
        ({"source": EXTERNAL}, "source_name"),
        ({"source": EXTERNAL, "source_name": "Köln", "source_url": "javascript:x"}, "source_url"),
        ({"contact_email": "keine-adresse"}, "contact_email"),
        ({"texts": {"worked": "x" * 20001}}, "worked"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(office, fields, field):
    data = {"title": "Beispiel", "format": "workshop", **fields}
    with pytest.raises(Invalid) as error:
        services.create(actor=office, data=ExampleInput(**data))
    assert error.value.field == field


def test_district_managers_draft_for_their_districts_only(make_user, make_example):
    manager = make_user("district_manager", district="10")
    own = make_example(publish=False, actor=manager, scope="district", district_code="10")
    assert own.created_by_id == manager.id
    with pytest.raises(Forbidden):
        make_example(publish=False, actor=manager, scope="district", district_code="01")
    with pytest.raises(Forbidden):
        services.publish(actor=manager, example=own)
    with pytest.raises(Forbidden):
        make_example(publish=False, actor=make_user("resident"))


def test_publish_and_unpublish(office, make_example):
    example = make_example(publish=False)
    services.publish(actor=office, example=example)
    assert example.status == PUBLISHED and example.published_at
    with pytest.raises(Conflict):
        services.publish(actor=office, example=example)
    services.unpublish(actor=office, example=example)
    assert example.status == "draft" and example.published_at is None
    with pytest.raises(Conflict):
        services.unpublish(actor=office, example=example)


def test_draft_from_a_process_copies_figures_and_summary(reported_process):
    dialogue = reported_process()
    example = services.draft_from_process(actor=dialogue.office, process=dialogue.process)
    assert example.process_id == dialogue.process.id and example.status == "draft"
    assert example.proposals == 3 and example.answers == 1
    assert example.comments == 2 and example.participants >= 4
    assert "mehr Grün" in example.results_html
    assert example.district.code == "10"
    # A second click opens the same draft.
    again = services.draft_from_process(actor=dialogue.office, process=dialogue.process)
    assert again.id == example.id


def test_draft_from_a_process_without_published_results_is_refused(closed_dialogue, make_user):
    dialogue = closed_dialogue()
    with pytest.raises(Conflict):
        services.draft_from_process(actor=dialogue.office, process=dialogue.process)
    other = make_user("district_manager", district="01")
    with pytest.raises(NotFound):
        services.draft_from_process(actor=other, process=dialogue.process)
