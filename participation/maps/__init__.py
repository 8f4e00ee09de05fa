"""Server-drawn maps: outlines of the districts and quarters, and the map of proposals."""

from __future__ import annotations


def init_app(app) -> None:
    """Read the city's outlines (MAP_GEOJSON) once; a file that does not fit stops the
    start with the reason (maps.outlines.OutlineError)."""
    from participation.districts.services import shipped_quarters
    from participation.maps.outlines import load

    app.extensions["map_outlines"] = load(app.config.get("MAP_GEOJSON", ""), shipped_quarters())
