"""The public collection and the staff pages, as plain forms and with htmx."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.practice.models import PracticeExample


def _count() -> int:
    number = db.session.scalar(select(func.count(PracticeExample.id)))
    db.session.rollback()
    return number


def test_collection_lists_published_only(client, make_example):
    make_example("Öffentliches Beispiel")
    draft = make_example("Geheimer Entwurf", publish=False)
    page = client.get("/praxisbeispiele").get_data(as_text=True)
    assert "Öffentliches Beispiel" in page and "Geheimer Entwurf" not in page
    assert client.get(f"/praxisbeispiele/{draft.slug}").status_code == 404
    assert "Geheimer Entwurf" not in client.get("/praxisbeispiele.json").get_data(as_text=True)
    assert f"/praxisbeispiele/{draft.slug}" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_staff_see_their_drafts(client, office, make_example, make_user):
    draft = make_example("Entwurf im Bezirk", publish=False, scope="district", district_code="10")
    client.login(office)
    page = client.get(f"/praxisbeispiele/{draft.slug}")
    assert page.status_code == 200 and "nur für die Verwaltung" in page.get_data(as_text=True)
    other = make_user("district_manager", district="01")
    client.logout()
    client.login(other)
    assert client.get(f"/praxisbeispiele/{draft.slug}").status_code == 404
    assert client.get(f"/verwaltung/praxisbeispiele/{draft.id}/bearbeiten").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=Spielplatz", {"Spielplatz am Markt"}),
        ("q=spiel+markt", {"Spielplatz am Markt"}),
        ("q=100%25", set()),
        ("q=a_b", set()),
        ("format=survey", {"Befragung in Köln"}),
        ("bezirk=10", {"Spielplatz am Markt"}),
        ("bezirk=stadtweit", {"Stadtweite Werkstatt"}),
        ("bezirk=andere", {"Befragung in Köln"}),
        ("handlungsfeld=wohnen", {"Spielplatz am Markt"}),
        ("zielgruppe=seniors", {"Stadtweite Werkstatt"}),
        ("herkunft=external", {"Befragung in Köln"}),
        ("herkunft=portal", {"Spielplatz am Markt", "Stadtweite Werkstatt"}),
        ("", {"Spielplatz am Markt", "Stadtweite Werkstatt", "Befragung in Köln"}),
    ],
)
def test_search_and_filters(client, make_example, query, expected):
    make_example(
        "Spielplatz am Markt",
        scope="district",
        district_code="10",
        action_field_slugs=("wohnen",),
        target_groups=("children_youth",),
    )
    make_example("Stadtweite Werkstatt", target_groups=("seniors",))
    make_example(
        "Befragung in Köln",
        format="survey",
        scope="elsewhere",
        place="Köln",
        source="external",
        source_name="Stadt Köln",
    )
    page = client.get(f"/praxisbeispiele?{query}").get_data(as_text=True)
    titles = {"Spielplatz am Markt", "Stadtweite Werkstatt", "Befragung in Köln"}
    assert {title for title in titles if f">{title}</a>" in page} == expected


def test_unknown_filter_values_are_a_clear_400(client):
    response = client.get("/praxisbeispiele?format=zaubern&bezirk=99")
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in response.get_data(as_text=True)


def test_htmx_gets_the_list_fragment(htmx_client, make_example):
    make_example("Fragmentbeispiel")
    response = htmx_client.get("/praxisbeispiele?q=Fragment")
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="practice-list"') and "Fragmentbeispiel" in body
    assert "HX-Request" in response.headers["Vary"]


def test_pages_link_the_collection(client, make_example):
    example = make_example("Im Sitemap")
    assert 'href="/praxisbeispiele"' in client.get("/").get_data(as_text=True)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/praxisbeispiele</loc>" in sitemap and f"/praxisbeispiele/{example.slug}" in sitemap


FORM = {
    "title": "Stadtteilspaziergang Nordstadt",
    "summary": "Mit Älteren durch den Stadtteil.",
    "format": "neighbourhood_walk",
    "scope": "district",
    "district": "10",
    "action_fields": "wohnen",
    "target_groups": "seniors",
    "worked": "Kleine Gruppen",
    "staff_days": "4",
    "contact": "Stadtbezirksmanagement",
    "source": "portal",
}


def test_staff_create_edit_publish_with_plain_forms(client, office):
    client.login(office)
    response = client.post_form("/verwaltung/praxisbeispiele/neu", FORM)
    assert response.status_code == 303
    example = db.session.scalar(select(PracticeExample))
    assert example.title == FORM["title"] and example.staff_days == 4
    edit = f"/verwaltung/praxisbeispiele/{example.id}/bearbeiten"
    assert client.post_form(edit, {**FORM, "title": "Neu"}).status_code == 303
    assert client.post_form(f"/verwaltung/praxisbeispiele/{example.id}/veroeffentlichen")
    db.session.refresh(example)
    assert example.title == "Neu" and example.is_published
    assert "Neu" in client.get("/praxisbeispiele").get_data(as_text=True)
    client.post_form(f"/verwaltung/praxisbeispiele/{example.id}/zurueckziehen")
    db.session.refresh(example)
    assert not example.is_published


def test_bad_input_keeps_what_was_typed(client, office):
    client.login(office)
    response = client.post_form(
        "/verwaltung/praxisbeispiele/neu",
        {**FORM, "scope": "elsewhere", "place": "", "budget_euros": "viel"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and _count() == 0
    assert "Stadtteilspaziergang Nordstadt" in page and "Kleine Gruppen" in page
    assert 'id="budget_euros-error"' in page
    response = client.post_form(
        "/verwaltung/praxisbeispiele/neu", {**FORM, "scope": "elsewhere", "place": ""}
    )
    assert response.status_code == 422 and 'id="place-error"' in response.get_data(as_text=True)


def test_button_on_the_results_page_drafts_the_example(client, reported_process):
    dialogue = reported_process()
    client.login(dialogue.office)
    page = client.get(f"/verwaltung/verfahren/{dialogue.process.slug}/ergebnisbericht")
    assert "Als Praxisbeispiel anlegen" in page.get_data(as_text=True)
    response = client.post_form(
        f"/verwaltung/praxisbeispiele/aus-verfahren/{dialogue.process.slug}"
    )
    assert response.status_code == 303 and "/bearbeiten" in response.headers["Location"]
    example = db.session.scalar(select(PracticeExample))
    assert example.process_id == dialogue.process.id and example.proposals == 3
    client.post_form(f"/verwaltung/praxisbeispiele/{example.id}/veroeffentlichen")
    detail = client.get(f"/praxisbeispiele/{example.slug}").get_data(as_text=True)
    assert f"/verfahren/{dialogue.process.slug}/ergebnisse" in detail


def test_no_button_and_no_draft_without_published_results(client, closed_dialogue):
    dialogue = closed_dialogue()
    client.login(dialogue.office)
    page = client.get(f"/verwaltung/verfahren/{dialogue.process.slug}/ergebnisbericht")
    assert "Als Praxisbeispiel anlegen" not in page.get_data(as_text=True)
    response = client.post_form(
        f"/verwaltung/praxisbeispiele/aus-verfahren/{dialogue.process.slug}"
    )
    assert response.status_code == 303 and _count() == 0
    assert "veröffentlichtem Ergebnisbericht" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_dashboard_links_by_role(client, office, make_user):
    client.login(make_user("district_manager", district="10"))
    page = client.get("/verwaltung").get_data(as_text=True)
    assert (
        "/verwaltung/praxisbeispiele" in page and "/verwaltung/praxisbeispiele/import" not in page
    )
    client.logout()
    client.login(office)
    assert "/verwaltung/praxisbeispiele/import" in client.get("/verwaltung").get_data(as_text=True)
