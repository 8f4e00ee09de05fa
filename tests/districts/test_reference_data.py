"""The city's districts and action fields, loaded from the project's own data files."""

import pytest
from sqlalchemy import func, select

from participation.districts.models import ActionField, District, Quarter
from participation.districts.services import load_reference_data


def test_thirteen_districts_with_codes_and_quarters(db):
    districts = db.session.scalars(select(District).order_by(District.code)).all()
    assert [d.code for d in districts] == [f"{n:02d}" for n in range(1, 14)]
    linden = next(d for d in districts if d.code == "10")
    assert linden.name == "Linden-Limmer"
    assert [q.name for q in linden.quarters] == [
        "Linden-Mitte",
        "Linden-Nord",
        "Linden-Süd",
        "Limmer",
    ]


def test_action_fields(db):
    fields = db.session.scalars(select(ActionField).order_by(ActionField.position)).all()
    assert [f.slug for f in fields] == [
        "wirtschaft",
        "wohnen",
        "bildung",
        "teilhabe",
        "finanzen",
        "verwaltung",
    ]
    assert fields[-1].guiding_question is None


def test_loading_twice_changes_nothing(db):
    counts = [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (District, Quarter, ActionField)
    ]
    result = load_reference_data()
    assert (result.districts_added, result.quarters_added, result.action_fields_added) == (0, 0, 0)
    assert [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (District, Quarter, ActionField)
    ] == counts


def test_reference_command(app):
    result = app.test_cli_runner().invoke(args=["reference", "load"])
    assert result.exit_code == 0 and "districts added: 0" in result.output


def test_district_pages(client):
    index = client.get("/bezirke").get_data(as_text=True)
    assert index.count('href="/bezirke/') == 13
    page = client.get("/bezirke/12")
    assert page.status_code == 200 and "Herrenhausen-Stöcken" in page.get_data(as_text=True)
    assert "Marienwerder" in page.get_data(as_text=True)


@pytest.mark.parametrize("code", ["99", "1", "0", "abc", "01x", "%00", "'"])
def test_unknown_district_is_404(client, code):
    assert client.get(f"/bezirke/{code}").status_code == 404


def test_district_pages_have_fixed_query_count(client, assert_max_queries):
    client.get("/bezirke")
    with assert_max_queries(3):
        assert client.get("/bezirke").status_code == 200
