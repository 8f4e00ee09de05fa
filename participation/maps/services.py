"""The map of a process's proposals: where they are, by quarter, drawn on the server.

A district's process shows its quarters when the city's outlines have them; a city-wide
process shows the districts; without outlines, the schematic map of the 13 districts marks
the process's district. The table of quarters beside the drawing is the map's accessible
alternative and its filter: each quarter links to the list filtered by it. Two queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from participation.districts.models import District, Quarter
from participation.districts.services import list_districts
from participation.extensions import db
from participation.maps.outlines import Drawing, Outlines, Shape, draw, schematic
from participation.projects.models import Process
from participation.proposals.models import Proposal

# Shades of an area by its share of the busiest area's proposals (0 = none).
LEVELS = 4


@dataclass(frozen=True)
class MapArea:
    shape: Shape
    name: str
    count: int
    level: int
    href: str | None  # where the area leads (the filtered list), None for a mere backdrop
    selected: bool = False


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    count: int
    href: str
    selected: bool


@dataclass(frozen=True)
class DistrictRows:
    district: District
    count: int
    quarters: list[QuarterRow]


@dataclass(frozen=True)
class ProposalMap:
    drawing: Drawing
    areas: list[MapArea]
    schematic: bool
    by_district: list[DistrictRows]
    placed: int  # proposals with a quarter
    unplaced: int  # proposals without one


def outlines() -> Outlines:
    return current_app.extensions.get("map_outlines") or Outlines()


def _counts(process: Process) -> dict[int | None, int]:
    rows = db.session.execute(
        select(Proposal.quarter_id, func.count(Proposal.id))
        .where(Proposal.process_id == process.id, Proposal.status == "published")
        .group_by(Proposal.quarter_id)
    ).all()
    return {quarter_id: int(n) for quarter_id, n in rows}


def _level(count: int, most: int) -> int:
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(LEVELS, -(-count * LEVELS // most)))


def proposal_map(
    process: Process,
    quarters: list[Quarter],
    *,
    quarter_url: Callable[[Quarter], str],
    selected: int | None = None,
) -> ProposalMap:
    """The map of `process`'s published proposals over `quarters` (the process's district's,
    or the city's for a city-wide process), each quarter linking to `quarter_url(quarter)`."""
    counts = _counts(process)
    districts = {d.id: d for d in list_districts()}
    by_district: dict[int, list[QuarterRow]] = {}
    for quarter in quarters:
        by_district.setdefault(quarter.district_id, []).append(
            QuarterRow(
                quarter, counts.get(quarter.id, 0), quarter_url(quarter), quarter.id == selected
            )
        )
    rows = [
        DistrictRows(districts[d_id], sum(r.count for r in q_rows), q_rows)
        for d_id, q_rows in sorted(by_district.items(), key=lambda kv: districts[kv[0]].code)
    ]
    placed = sum(n for q_id, n in counts.items() if q_id is not None)
    known = outlines()
    district = districts.get(process.district_id) if process.district_id else None
    drawn_quarters = [q for q in quarters if district is not None and q.name in known.quarters]
    if drawn_quarters:
        drawing = draw(known.quarters[q.name] for q in drawn_quarters)
        shapes = {s.key: s for s in drawing.shapes}
        most = max((counts.get(q.id, 0) for q in drawn_quarters), default=0)
        areas = [
            MapArea(
                shapes[q.name],
                q.name,
                counts.get(q.id, 0),
                _level(counts.get(q.id, 0), most),
                quarter_url(q),
                q.id == selected,
            )
            for q in drawn_quarters
        ]
        return ProposalMap(drawing, areas, False, rows, placed, counts.get(None, 0))
    by_code = {row.district.code: row for row in rows}
    if known.districts:
        drawing = draw(known.districts.values())
        is_schematic = False
    else:
        drawing = schematic()
        is_schematic = True
    most = max((row.count for row in rows), default=0)
    areas = []
    for shape in drawing.shapes:
        row = by_code.get(shape.key)
        name = next((d.name for d in districts.values() if d.code == shape.key), shape.key)
        if district is not None:
            # A district's process: its district stands out, the others are the backdrop.
            ours = shape.key == district.code
            count = row.count if row and ours else 0
            areas.append(MapArea(shape, name, count, 2 if ours else 0, None, ours))
        else:
            count = row.count if row else 0
            # Only districts with proposals are links: no tab stops that lead to zeros.
            href = f"#karte-bezirk-{shape.key}" if count else None
            areas.append(MapArea(shape, name, count, _level(count, most), href))
    return ProposalMap(drawing, areas, is_schematic, rows, placed, counts.get(None, 0))
