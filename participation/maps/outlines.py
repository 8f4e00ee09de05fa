"""District and quarter outlines for the server-drawn maps.

The city may configure a GeoJSON file (`MAP_GEOJSON`): a FeatureCollection whose features
carry `properties.district` (the district code, "01"…"13") and, for a quarter,
`properties.quarter` (the quarter's name as in the reference data), with a Polygon or
MultiPolygon geometry in longitude/latitude. It is read once when the app starts and refused
there with the reason if it does not fit. Without it, a schematic map of the 13 districts
stands in (tiles in their rough position, not geography; the page says so).

Nothing here loads from another host: the maps are SVG drawn on the server.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Width of the drawing in SVG units; the height follows the outlines' proportions.
WIDTH = 600.0
MARGIN = 8.0


class OutlineError(ValueError):
    """The configured GeoJSON file cannot be used; the message says why."""


@dataclass(frozen=True)
class Outline:
    district: str  # district code
    quarter: str | None  # quarter name, None for the district's own outline
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) rings, holes included


@dataclass
class Outlines:
    """What the configured file holds, by district code and quarter name."""

    districts: dict[str, Outline] = field(default_factory=dict)
    quarters: dict[str, Outline] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.districts or self.quarters)


def _ring(points, where: str) -> tuple[tuple[float, float], ...]:
    if not isinstance(points, list) or len(points) < 4:
        raise OutlineError(f"{where}: a ring needs at least four positions")
    ring = []
    for point in points:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                for v in point[:2]
            )
        ):
            raise OutlineError(f"{where}: a position is not [longitude, latitude]")
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise OutlineError(f"{where}: {lon}, {lat} is not a longitude and latitude")
        ring.append((lon, lat))
    # GeoJSON rings end where they start (RFC 7946, 3.1.6); the drawing relies on it.
    if ring[0] != ring[-1]:
        raise OutlineError(f"{where}: a ring does not end where it starts")
    return tuple(ring)


def _rings(geometry, where: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    if not isinstance(geometry, dict):
        raise OutlineError(f"{where}: no geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise OutlineError(f"{where}: geometry {kind!r} is not a Polygon or MultiPolygon")
    if not isinstance(polygons, list) or not polygons:
        raise OutlineError(f"{where}: no coordinates")
    rings = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise OutlineError(f"{where}: a polygon without rings")
        rings.extend(_ring(ring, where) for ring in polygon)
    return tuple(rings)


def parse(data, known: Mapping[str, Iterable[str]]) -> Outlines:
    """Outlines from a decoded GeoJSON document; `known` maps each district code to its
    quarters' names (the reference data), which every feature must name."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise OutlineError("not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise OutlineError("the FeatureCollection has no features")
    outlines = Outlines()
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise OutlineError(f"{where}: no properties")
        code = str(properties.get("district") or "").strip()
        if code not in known:
            raise OutlineError(f"{where}: district {code!r} is not one of the city's districts")
        quarter = properties.get("quarter")
        quarter = str(quarter).strip() if quarter not in (None, "") else None
        if quarter is not None and quarter not in set(known[code]):
            raise OutlineError(f"{where}: {quarter!r} is not a quarter of district {code}")
        outline = Outline(code, quarter, _rings(feature.get("geometry"), where))
        target, key = (outlines.quarters, quarter) if quarter else (outlines.districts, code)
        if key in target:
            raise OutlineError(f"{where}: {key!r} has a second outline")
        target[key] = outline
    return outlines


def load(path: str, known: Mapping[str, Iterable[str]]) -> Outlines:
    """Read and check the file at `path`; an empty path means no file (the schematic)."""
    if not path:
        return Outlines()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise OutlineError(f"MAP_GEOJSON {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise OutlineError(f"MAP_GEOJSON {path}: not UTF-8 ({error.reason})") from error
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise OutlineError(f"MAP_GEOJSON {path}: not JSON ({error})") from error
    try:
        return parse(data, known)
    except OutlineError as error:
        raise OutlineError(f"MAP_GEOJSON {path}: {error}") from error


@dataclass(frozen=True)
class Shape:
    """One area of a drawn map: an SVG path, and where its label goes."""

    key: str  # district code or quarter name
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    shapes: tuple[Shape, ...]


def draw(outlines: Iterable[Outline], key=lambda o: o.quarter or o.district) -> Drawing:
    """Project outlines to SVG paths fitted into WIDTH: longitudes shrink by the cosine of
    the middle latitude (a plain equirectangular view, right for a city), north up."""
    outlines = list(outlines)
    points = [p for o in outlines for ring in o.rings for p in ring]
    if not points:
        return Drawing(WIDTH, WIDTH / 2, ())
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = span_y * scale + 2 * MARGIN

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            MARGIN + (lon - min(lons)) * shrink * scale,
            MARGIN + (max(lats) - lat) * scale,
        )

    shapes = []
    for outline in outlines:
        parts = []
        for ring in outline.rings:
            projected = [xy(*p) for p in ring]
            parts.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in projected[:-1]) + " Z")
        # The label sits at the middle of the outer ring's bounding box.
        outer = [xy(*p) for p in outline.rings[0]]
        label_x = (min(x for x, _ in outer) + max(x for x, _ in outer)) / 2
        label_y = (min(y for _, y in outer) + max(y for _, y in outer)) / 2
        shapes.append(Shape(key(outline), " ".join(parts), round(label_x, 1), round(label_y, 1)))
    return Drawing(WIDTH, round(height, 1), tuple(shapes))


# The schematic map: each district a tile at (column, row) in its rough position in the city,
# for a city without a GeoJSON file. Codes as in districts/data/stadtbezirke.csv.
SCHEMATIC = {
    "12": (1, 0),  # Herrenhausen-Stöcken
    "13": (2, 0),  # Nord
    "02": (3, 0),  # Vahrenwald-List
    "03": (4, 0),  # Bothfeld-Vahrenheide
    "11": (0, 1),  # Ahlem-Badenstedt-Davenstedt
    "10": (1, 1),  # Linden-Limmer
    "01": (2, 1),  # Mitte
    "04": (3, 1),  # Buchholz-Kleefeld
    "05": (4, 1),  # Misburg-Anderten
    "09": (1, 2),  # Ricklingen
    "07": (2, 2),  # Südstadt-Bult
    "06": (3, 2),  # Kirchrode-Bemerode-Wülferode
    "08": (2, 3),  # Döhren-Wülfel
}
TILE, GAP = 112.0, 6.0


def schematic() -> Drawing:
    shapes = []
    for code, (column, row) in SCHEMATIC.items():
        x, y = MARGIN + column * (TILE + GAP), MARGIN + row * (TILE + GAP)
        path = f"M{x:.1f} {y:.1f} h{TILE:.1f} v{TILE:.1f} h-{TILE:.1f} Z"
        shapes.append(Shape(code, path, round(x + TILE / 2, 1), round(y + TILE / 2, 1)))
    columns = 1 + max(c for c, _ in SCHEMATIC.values())
    rows = 1 + max(r for _, r in SCHEMATIC.values())
    return Drawing(
        2 * MARGIN + columns * TILE + (columns - 1) * GAP,
        2 * MARGIN + rows * TILE + (rows - 1) * GAP,
        tuple(shapes),
    )
