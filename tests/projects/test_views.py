"""The process list and the process page, without JavaScript and through htmx."""

import re

from tests.harness.xss import dangerous_features


def cards(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/verfahren/[^"]+">([^<]+)</a></h3>', html)


def test_list_and_filters_as_plain_get(client, make_process):
    make_process("Spielplätze Linden", district="10", plan="dialogue")
    make_process("Radwege Mitte", district="01", plan="upcoming", field="bildung")
    make_process("Haushalt", district=None, plan="evaluation", field="finanzen")
    make_process("Entwurf", publish=False)
    assert sorted(cards(client.get("/verfahren").get_data(as_text=True))) == [
        "Haushalt",
        "Radwege Mitte",
        "Spielplätze Linden",
    ]
    assert cards(client.get("/verfahren?bezirk=10").get_data(as_text=True)) == [
        "Spielplätze Linden"
    ]
    assert cards(client.get("/verfahren?bezirk=stadtweit").get_data(as_text=True)) == ["Haushalt"]
    assert cards(client.get("/verfahren?handlungsfeld=bildung").get_data(as_text=True)) == [
        "Radwege Mitte"
    ]
    assert cards(client.get("/verfahren?phase=offen").get_data(as_text=True)) == [
        "Spielplätze Linden"
    ]
    assert cards(client.get("/verfahren?q=spielpl").get_data(as_text=True)) == [
        "Spielplätze Linden"
    ]
    html = client.get("/verfahren?bezirk=10&q=spiel").get_data(as_text=True)
    assert 'value="spiel"' in html and '<option selected value="10">' in html


def test_htmx_gets_the_list_fragment(htmx_client, make_process):
    make_process("Spielplätze Linden")
    response = htmx_client.get("/verfahren?bezirk=10")
    html = response.get_data(as_text=True)
    assert html.startswith('<section id="process-list"') and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]
    restore = htmx_client.get(
        "/verfahren?bezirk=10", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert restore.get_data(as_text=True).startswith("<!doctype html>")


def test_unknown_filter_values_are_explained_next_to_the_field(client, make_process):
    make_process("Spielplätze Linden")
    response = client.get("/verfahren?bezirk=99&q=spiel")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="bezirk-error"' in html and 'value="spiel"' in html
    assert cards(html) == ["Spielplätze Linden"], "the valid filters still apply"


def test_pagination_keeps_the_filters(client, make_process):
    for number in range(23):
        make_process(f"Verfahren {number:02d}", district="10")
    html = client.get("/verfahren?bezirk=10&sort=titel").get_data(as_text=True)
    assert len(cards(html)) == 20 and "Seite 1 von 2" in html
    assert 'href="/verfahren?bezirk=10&amp;sort=titel&amp;seite=2"' in html
    second = client.get("/verfahren?bezirk=10&sort=titel&seite=2").get_data(as_text=True)
    assert cards(second) == ["Verfahren 20", "Verfahren 21", "Verfahren 22"]
    assert client.get("/verfahren?seite=999").status_code == 200


def test_process_page_says_what_can_be_influenced(client, make_process):
    process = make_process(
        "Spielplätze Linden",
        scope_for_influence="Ausstattung und Schatten",
        constraints="Standorte stehen fest",
        use_of_results="Bericht an den Bezirksrat",
        decided_by="Der Stadtbezirksrat",
        council_documents=("1234/2026",),
        links=(("Lageplan", "https://example.org/plan.pdf"),),
        easy_summary="Neue Spiel-Plätze.",
        contact_person="Frau Demir",
        contact_email="linden@example.org",
        description_markdown="Mehr **Details**",
    )
    html = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    for text in (
        "Was Sie beeinflussen können",
        "Ausstattung und Schatten",
        "Was bereits feststeht",
        "Standorte stehen fest",
        "Was mit den Ergebnissen passiert",
        "Der Stadtbezirksrat",
        "Drucksache 1234/2026",
        "Lageplan",
        "In Leichter Sprache",
        "Frau Demir",
        "<strong>Details</strong>",
        'aria-current="step"',
    ):
        assert text in html, text
    assert html.count("<h1") == 1


def test_process_page_escapes_staff_text(client, make_process):
    process = make_process("<script>alert(1)</script>", constraints='<img src=x onerror="a()">')
    html = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    baseline = client.get(f"/verfahren/{make_process('Harmlos').slug}").get_data(as_text=True)
    assert not (dangerous_features(html) - dangerous_features(baseline))


def test_drafts_are_404_for_visitors_and_visible_to_their_staff(client, make_process, make_user):
    draft = make_process("Entwurf", publish=False)
    assert client.get(f"/verfahren/{draft.slug}").status_code == 404
    client.login(make_user("district_manager", district="10"))
    response = client.get(f"/verfahren/{draft.slug}")
    assert response.status_code == 200 and "Entwurf – nicht öffentlich" in response.get_data(
        as_text=True
    )


def test_district_page_lists_its_processes(client, make_process):
    make_process("Spielplätze Linden", district="10")
    make_process("Radwege Mitte", district="01")
    html = client.get("/bezirke/10").get_data(as_text=True)
    assert cards(html) == ["Spielplätze Linden"]


def test_sitemap_lists_public_processes_only(client, make_process):
    public, draft = make_process("Öffentlich"), make_process("Geheim", publish=False)
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/verfahren/{public.slug}</loc>" in xml and draft.slug not in xml


def test_list_and_page_have_fixed_query_counts(app, client, make_process):
    from tests.conftest import count_queries

    def queries(path_for, count):
        processes = [
            make_process(council_documents=(f"{n:04d}/2026",), categories=("A", "B"))
            for n in range(count)
        ]
        client.get(path_for(processes[-1]))
        with count_queries(app) as counter:
            assert client.get(path_for(processes[-1])).status_code == 200
        return counter.count

    assert queries(lambda p: "/verfahren", 2) == queries(lambda p: "/verfahren", 25)
    assert queries(lambda p: f"/verfahren/{p.slug}", 1) == queries(
        lambda p: f"/verfahren/{p.slug}", 10
    )


def test_pagination_links_carry_only_known_parameters(client, make_process):
    for number in range(23):
        make_process(f"Verfahren {number:02d}")
    response = client.get("/verfahren?endpoint=x&_method=POST&_anchor=x&_external=1&bezirk=10&q=")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    links = re.findall(r'rel="next"[^>]*|href="([^"]*seite=2[^"]*)"', html)
    assert links and all("_anchor" not in link and "endpoint" not in link for link in links)
    assert 'href="/verfahren?bezirk=10&amp;seite=2"' in html
