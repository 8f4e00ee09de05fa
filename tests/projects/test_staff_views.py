"""Staff draft processes of their districts and publish them (plain form posts)."""

import re

from sqlalchemy import select

from participation.coordination.checklist import items as checklist_items
from participation.projects.models import Process

VALID = {
    "title": "Neuer Quartiersplatz",
    "summary": "Wie soll der Platz aussehen?",
    "district": "10",
    "action_field": "wohnen",
    "scope_for_influence": "Gestaltung",
    "phase_dialogue_starts_on": "2026-11-01",
    "phase_dialogue_ends_on": "2026-12-15",
    "council_documents": "1234/2026\n0042/2025",
    "links": "Lageplan | https://example.org/plan.pdf\nhttps://example.org/info",
    "categories": "Grün\nSitzen\nGrün",
}


def test_district_manager_drafts_for_own_district_only(client, make_user, db):
    client.login(make_user("district_manager", district="10"))
    page = client.get("/verwaltung/verfahren/neu").get_data(as_text=True)
    assert re.findall(r'<option[^>]*value="(\d\d)"', page) == ["10"]
    response = client.post_form("/verwaltung/verfahren/neu", VALID)
    assert response.status_code == 303
    process = db.session.scalar(select(Process))
    assert process.status == "draft" and process.district.code == "10"
    assert [d.number for d in process.council_documents] == ["0042/2025", "1234/2026"]
    assert [(link.title, link.url) for link in process.links] == [
        ("Lageplan", "https://example.org/plan.pdf"),
        ("https://example.org/info", "https://example.org/info"),
    ]
    assert [c.name for c in process.categories] == ["Grün", "Sitzen"]
    assert [p.kind for p in process.phases] == ["dialogue"]
    refused = client.post_form("/verwaltung/verfahren/neu", {**VALID, "district": "01"})
    assert refused.status_code == 422 and 'id="district-error"' in refused.get_data(as_text=True)


def test_errors_are_shown_next_to_the_field_and_nothing_is_lost(client, make_user, db):
    client.login(make_user("coordinator"))
    data = {**VALID, "council_documents": "123/2026", "phase_information_starts_on": "2026-10-01"}
    response = client.post_form("/verwaltung/verfahren/neu", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="phase_information_ends_on-error"' in html
    assert (
        'value="Neuer Quartiersplatz"' in html and "Lageplan | https://example.org/plan.pdf" in html
    )
    assert db.session.scalar(select(Process)) is None
    data["phase_information_starts_on"] = ""
    response = client.post_form("/verwaltung/verfahren/neu", data)
    assert response.status_code == 422 and 'id="council_documents-error"' in response.get_data(
        as_text=True
    )


def test_only_the_district_submits_and_only_the_office_publishes(client, make_user, make_process):
    draft = make_process("Entwurf Linden", district="10", publish=False)
    client.login(make_user("district_manager", district="01"))
    assert client.post_form(f"/verwaltung/verfahren/{draft.slug}/einreichen").status_code == 404
    client.logout()
    client.login(make_user("district_manager", district="10"))
    listing = client.get("/verwaltung/verfahren").get_data(as_text=True)
    assert "Entwurf Linden" in listing and "Ablauf" in listing
    assert client.post_form(f"/verwaltung/verfahren/{draft.slug}/einreichen").status_code == 303
    refused = client.post_form(f"/verwaltung/verfahren/{draft.slug}/freigeben")
    assert refused.status_code == 403
    assert "Aufgabe der Koordinierungsstelle" in refused.get_data(as_text=True)
    client.logout()
    assert client.get(f"/verfahren/{draft.slug}").status_code == 404
    client.login(make_user("coordinator"))
    approve = {f"approve-check_{key}": "y" for key, _text in checklist_items()}
    assert (
        client.post_form(f"/verwaltung/verfahren/{draft.slug}/freigeben", approve).status_code
        == 303
    )
    assert (
        client.post_form(f"/verwaltung/verfahren/{draft.slug}/veroeffentlichen").status_code == 303
    )
    client.logout()
    assert client.get(f"/verfahren/{draft.slug}").status_code == 200


def test_staff_list_has_a_fixed_number_of_queries(app, client, make_user, make_process):
    from tests.conftest import count_queries

    client.login(make_user("coordinator"))

    def queries(count):
        for _ in range(count):
            make_process(publish=False)
        with count_queries(app) as counter:
            assert client.get("/verwaltung/verfahren").status_code == 200
        return counter.count

    assert queries(2) == queries(25)


def test_submitting_an_incomplete_draft_says_what_is_missing(client, make_user, make_process):
    draft = make_process("Ohne Ergebnisverwendung", publish=False, use_of_results="")
    client.login(make_user("coordinator"))
    page = client.get(f"/verwaltung/verfahren/{draft.slug}/ablauf").get_data(as_text=True)
    assert "Was mit den Ergebnissen passiert, fehlt." in page
    response = client.post_form(
        f"/verwaltung/verfahren/{draft.slug}/einreichen", {"submit-comment": "Bitte prüfen"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Was mit den Ergebnissen passiert, fehlt." in html and "error-summary" in html
    # What was typed stays in the form.
    assert "Bitte prüfen" in html
    client.logout()
    assert client.get(f"/verfahren/{draft.slug}").status_code == 404


def test_overlapping_phases_are_refused_in_the_form(client, make_user, db):
    client.login(make_user("coordinator"))
    data = {
        **VALID,
        "phase_information_starts_on": "2026-10-01",
        "phase_information_ends_on": "2026-11-01",
    }
    response = client.post_form("/verwaltung/verfahren/neu", data)
    assert response.status_code == 422
    assert "überschneiden sich" in response.get_data(as_text=True)
    assert db.session.scalar(select(Process)) is None
