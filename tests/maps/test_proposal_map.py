"""The map beside the proposal list: counts by quarter, the quarter filter it links to, the
schematic without outlines and the drawn quarters with them, a fixed number of queries."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from participation.districts.models import Quarter
from participation.extensions import db
from tests.conftest import count_queries
from tests.maps.test_outlines import collection, feature, square


def quarter(name: str) -> Quarter:
    return db.session.scalar(select(Quarter).where(Quarter.name == name))


def test_the_map_counts_proposals_by_quarter_and_filters_the_list(
    client, make_process, make_proposal
):
    process = make_process("Lindener Plätze", district="10")
    nord, limmer = quarter("Linden-Nord"), quarter("Limmer")
    for _ in range(2):
        make_proposal(process, title="Bank am Küchengarten", quarter_id=nord.id)
    make_proposal(process, title="Fähre nach Limmer", quarter_id=limmer.id)
    make_proposal(process, title="Überall mehr Bäume")
    # Hidden and withdrawn proposals are in no count.
    for status in ("hidden", "withdrawn"):
        make_proposal(process, quarter_id=nord.id).status = status
    db.session.commit()

    html = client.get(f"/verfahren/{process.slug}/vorschlaege").get_data(as_text=True)
    # Closed by default, the list below it as always.
    assert re.search(r'<details class="proposal-map" id="karte">', html)
    assert "4 Vorschläge" in html
    the_map = html[html.index('<details class="proposal-map"') : html.index("</details>")]
    # The district's own area says how many of its proposals name a quarter.
    assert "<title>Linden-Limmer: 3 Vorschläge</title>" in the_map
    table = html[html.index('<table class="map-table">') : html.index("</table>")]
    assert re.search(r"Linden-Nord</a></th>\s*<td class=\"num\">2</td>", table)
    assert re.search(r"Limmer</a></th>\s*<td class=\"num\">1</td>", table)
    assert re.search(r"Linden-Süd</a></th>\s*<td class=\"num\">0</td>", table)
    assert "3 Vorschläge nennen einen Stadtteil" in html and "1 keinen" in html
    # Without outlines: the schematic, the process's district marked.
    assert "Schematische Karte der 13 Stadtbezirke" in html
    assert html.count('class="map-area') == 13
    assert html.count("is-selected") == 1

    link = re.search(rf'<a href="([^"]*stadtteil={nord.id}[^"]*)"', table).group(1)
    filtered = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "open" in re.search(r'<details class="proposal-map" id="karte"[^>]*>', filtered).group(0)
    assert "2 Vorschläge" in filtered and "Bank am Küchengarten" in filtered
    assert "Fähre nach Limmer" not in filtered and "Überall mehr Bäume" not in filtered
    assert 'aria-current="true">Linden-Nord' in filtered
    # The filter form keeps the quarter, so sorting does not lose it.
    assert re.search(rf'<option selected value="{nord.id}">Linden-Nord</option>', filtered)


def test_the_kept_map_follows_the_filter_and_comes_along_with_htmx(
    make_app, make_user, make_process, make_proposal
):
    """With the page cache on, a signed-in reader gets the map as a kept part: its key must
    hold the selected quarter and the open state."""
    app = make_app(PAGE_CACHE=True)
    with app.app_context():
        process = make_process(district="10")
        nord = quarter("Linden-Nord")
        make_proposal(process, quarter_id=nord.id)
        reader = make_user("resident").email
        slug, nord_id = process.slug, nord.id
    client = app.test_client()
    client.login(reader)
    base = f"/verfahren/{slug}/vorschlaege"

    def the_map(path, **headers):
        html = client.get(path, headers=headers).get_data(as_text=True)
        start = html.index('<div id="karte-box"')
        return html[start : html.index("</details>", start)]

    plain = the_map(base)
    assert "aria-current" not in plain and " open>" not in plain
    chosen = the_map(f"{base}?stadtteil={nord_id}")
    assert 'aria-current="true">Linden-Nord' in chosen and " open>" in chosen
    opened = the_map(f"{base}?ansicht=karte")
    assert " open>" in opened and "aria-current" not in opened
    assert the_map(base) == plain
    # A filter changed in place (htmx) sends the map along, out of band.
    fragment = the_map(f"{base}?stadtteil={nord_id}", **{"HX-Request": "true"})
    assert 'data-hx-swap-oob="true"' in fragment and 'aria-current="true">Linden-Nord' in fragment


def test_a_district_without_quarters_shows_no_table(client, make_process):
    from participation.districts.models import District

    district = db.session.scalar(select(District).where(District.code == "07"))
    for q in list(district.quarters):
        db.session.delete(q)
    db.session.commit()
    process = make_process(district="07")
    html = client.get(f"/verfahren/{process.slug}/vorschlaege?ansicht=karte").get_data(as_text=True)
    assert "Schematische Karte" in html and '<table class="map-table">' not in html
    assert "Die Tabelle nennt" not in html


def test_a_city_wide_process_shows_the_districts(client, make_process, make_proposal):
    process = make_process("Ganz Hannover", district=None)
    make_proposal(process, quarter_id=quarter("Limmer").id)
    make_proposal(process, quarter_id=quarter("Zoo").id)
    make_proposal(process, quarter_id=quarter("Oststadt").id)
    html = client.get(f"/verfahren/{process.slug}/vorschlaege?ansicht=karte").get_data(as_text=True)
    assert re.search(r'<details class="proposal-map" id="karte" open>', html)
    # Each district with proposals leads to its quarters in the table.
    assert re.search(r'<a href="#karte-bezirk-01" aria-label="Mitte: 2 Vorschläge">', html)
    assert re.search(r'<a href="#karte-bezirk-10" aria-label="Linden-Limmer: 1 Vorschlag">', html)
    assert 'id="karte-bezirk-01"' in html and "Mitte (2)" in html


def test_drawn_quarters_from_the_citys_file(make_app, make_process, make_proposal, tmp_path):
    path = tmp_path / "hannover.geojson"
    path.write_text(
        json.dumps(
            collection(
                feature(square(9.70, 52.38), district="10", quarter="Linden-Nord"),
                feature(square(9.70, 52.36), district="10", quarter="Linden-Süd"),
                feature(square(9.71, 52.37), district="10", quarter="Linden-Mitte"),
                feature(square(9.68, 52.38), district="10", quarter="Limmer"),
            )
        ),
        encoding="utf-8",
    )
    app = make_app(MAP_GEOJSON=str(path))
    with app.app_context():
        process = make_process("Linden", district="10")
        make_proposal(process, quarter_id=quarter("Limmer").id)
        slug, limmer_id = process.slug, quarter("Limmer").id
    html = app.test_client().get(f"/verfahren/{slug}/vorschlaege").get_data(as_text=True)
    assert "Schematische" not in html and "Karte der Stadtbezirke und Stadtteile" in html
    assert html.count('class="map-area') == 4
    assert re.search(
        rf'<a href="[^"]*stadtteil={limmer_id}[^"]*" aria-label="Limmer: 1 Vorschlag">', html
    )


def test_a_quarter_that_is_not_the_processs_is_an_error_next_to_the_field(client, make_process):
    process = make_process(district="10")
    for value in ("abc", str(quarter("Zoo").id), "99999999999999999999"):
        response = client.get(f"/verfahren/{process.slug}/vorschlaege?stadtteil={value}&q=Bank")
        assert response.status_code == 400, value
        html = response.get_data(as_text=True)
        assert 'id="stadtteil-error"' in html
        assert 'value="Bank"' in html  # nothing the visitor typed is lost


def _queries(app, client, path: str) -> int:
    client.get(path)
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("district", ["10", None], ids=["district", "city-wide"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "resident"])
def test_the_map_costs_the_same_for_2_and_for_40_proposals(
    app, client, make_user, make_process, make_proposal, signed_in, district
):
    if signed_in:
        client.login(make_user("resident"))
    names = ["Linden-Nord", "Linden-Süd", "Limmer", "Linden-Mitte"]
    small, large = make_process(district=district), make_process(district=district)
    for n in range(2):
        make_proposal(small, quarter_id=quarter(names[n]).id)
    for n in range(40):
        make_proposal(large, quarter_id=quarter(names[n % 4]).id if n % 5 else None)
    counts = [
        _queries(app, client, f"/verfahren/{p.slug}/vorschlaege?ansicht=karte")
        for p in (small, large)
    ]
    assert counts[0] == counts[1]
