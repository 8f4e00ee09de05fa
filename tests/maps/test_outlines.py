"""The city's outlines for the maps: a GeoJSON file read and checked once at start."""

from __future__ import annotations

import json

import pytest

from participation.maps.outlines import OutlineError, draw, load, parse, schematic

KNOWN = {"10": ["Linden-Mitte", "Linden-Nord", "Linden-Süd", "Limmer"], "01": ["Mitte", "Zoo"]}


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def test_districts_and_quarters_are_read_and_drawn_north_up():
    outlines = parse(
        collection(
            feature(square(9.70, 52.36, 0.04), district="10"),
            feature(square(9.70, 52.38), district="10", quarter="Linden-Nord"),
            feature(square(9.70, 52.36), district="10", quarter="Linden-Süd"),
        ),
        KNOWN,
    )
    assert set(outlines.districts) == {"10"}
    assert set(outlines.quarters) == {"Linden-Nord", "Linden-Süd"}
    drawing = draw(outlines.quarters.values())
    shapes = {s.key: s for s in drawing.shapes}
    assert shapes["Linden-Nord"].path.startswith("M") and shapes["Linden-Nord"].path.endswith("Z")
    # The northern quarter is drawn above the southern one, and everything fits the drawing.
    assert shapes["Linden-Nord"].label_y < shapes["Linden-Süd"].label_y
    numbers = [
        float(n)
        for s in drawing.shapes
        for n in s.path.replace("M", " ").replace("L", " ").replace("Z", " ").split()
    ]
    assert all(0 <= n <= max(drawing.width, drawing.height) for n in numbers)


def test_a_multipolygon_with_a_hole_keeps_every_ring():
    outer = [[9.7, 52.3], [9.8, 52.3], [9.8, 52.4], [9.7, 52.4], [9.7, 52.3]]
    hole = [[9.74, 52.34], [9.76, 52.34], [9.76, 52.36], [9.74, 52.34]]
    geometry = {"type": "MultiPolygon", "coordinates": [[outer, hole], [outer]]}
    outlines = parse(collection(feature(geometry, district="01")), KNOWN)
    assert len(outlines.districts["01"].rings) == 3
    assert draw(outlines.districts.values()).shapes[0].path.count("Z") == 3


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"type": "Feature"}, "not a GeoJSON FeatureCollection"),
        (collection(), "has no features"),
        (collection(feature(square(9.7, 52.3), district="99")), "'99' is not one of"),
        (
            collection(feature(square(9.7, 52.3), district="01", quarter="Limmer")),
            "'Limmer' is not a quarter of district 01",
        ),
        (
            collection(feature({"type": "Point", "coordinates": [9.7, 52.3]}, district="01")),
            "Point",
        ),
        (
            collection(
                feature({"type": "Polygon", "coordinates": [[[9.7, 52.3], [9.8]]]}, district="01")
            ),
            "at least four positions",
        ),
        (
            collection(
                feature(
                    {
                        "type": "Polygon",
                        "coordinates": [[[9.7, 52.3], [9.8, 95], [9.8, 52.4], [9.7, 52.3]]],
                    },
                    district="01",
                )
            ),
            "is not a longitude and latitude",
        ),
        (
            collection(
                feature(square(9.7, 52.3), district="01"), feature(square(9.8, 52.3), district="01")
            ),
            "second outline",
        ),
        (collection({"type": "Feature", "geometry": square(9.7, 52.3)}), "no properties"),
        (
            collection(
                feature(
                    {
                        "type": "Polygon",
                        "coordinates": [[[9.7, 52.3], [9.8, 52.3], [9.8, 52.4], [9.7, 52.4]]],
                    },
                    district="01",
                )
            ),
            "does not end where it starts",
        ),
        (
            collection(
                feature(
                    {
                        "type": "Polygon",
                        "coordinates": [[[True, 52.3], [9.8, 52.3], [9.8, 52.4], [True, 52.3]]],
                    },
                    district="01",
                )
            ),
            "not \\[longitude, latitude\\]",
        ),
    ],
)
def test_a_file_that_does_not_fit_is_refused_with_the_reason(document, reason):
    with pytest.raises(OutlineError, match=reason):
        parse(document, KNOWN)


def test_positions_with_an_altitude_are_read():
    ring = [[9.7, 52.3, 55.0], [9.8, 52.3, 56.0], [9.8, 52.4, 50.0], [9.7, 52.3, 55.0]]
    outlines = parse(
        collection(feature({"type": "Polygon", "coordinates": [ring]}, district="01")), KNOWN
    )
    assert outlines.districts["01"].rings[0][1] == (9.8, 52.3)


def test_the_file_is_named_in_the_reason(tmp_path):
    missing = tmp_path / "fehlt.geojson"
    with pytest.raises(OutlineError, match="fehlt.geojson"):
        load(str(missing), KNOWN)
    broken = tmp_path / "kaputt.geojson"
    broken.write_text("{nicht json", encoding="utf-8")
    with pytest.raises(OutlineError, match="kaputt.geojson: not JSON"):
        load(str(broken), KNOWN)
    latin = tmp_path / "latin.geojson"
    latin.write_bytes('{"name": "Döhren"}'.encode("latin-1"))
    with pytest.raises(OutlineError, match="latin.geojson: not UTF-8"):
        load(str(latin), KNOWN)
    # A byte order mark, as some GIS tools write it, is fine.
    marked = tmp_path / "bom.geojson"
    marked.write_bytes(
        b"\xef\xbb\xbf" + json.dumps(collection(feature(square(9.7, 52.3), district="01"))).encode()
    )
    assert set(load(str(marked), KNOWN).districts) == {"01"}
    assert not load("", KNOWN)


def test_the_app_does_not_start_with_a_bad_file(make_app, tmp_path):
    bad = tmp_path / "stadt.geojson"
    bad.write_text(json.dumps(collection(feature(square(9.7, 52.3), district="99"))), "utf-8")
    with pytest.raises(OutlineError, match="stadt.geojson"):
        make_app(MAP_GEOJSON=str(bad))


def test_the_schematic_has_every_district_once():
    from participation.districts.services import shipped_quarters

    keys = [shape.key for shape in schematic().shapes]
    assert sorted(keys) == sorted(shipped_quarters())
