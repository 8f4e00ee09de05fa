"""Loading the reference data from the CSV files shipped with the project."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import lazyload, selectinload

from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    districts_added: int
    quarters_added: int
    action_fields_added: int


def shipped_quarters() -> dict[str, list[str]]:
    """The quarters' names of each district code, as the shipped CSV file has them."""
    with (DATA_DIR / "stadtbezirke.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: [n.strip() for n in row["quarters"].split(";")]
            for row in csv.DictReader(handle)
        }


def load_reference_data() -> LoadResult:
    """Insert or update districts, quarters and action fields; running it again changes nothing."""
    districts_added = quarters_added = fields_added = 0
    existing = {d.code: d for d in db.session.scalars(select(District))}
    quarters = {q.name: q for q in db.session.scalars(select(Quarter))}
    with (DATA_DIR / "stadtbezirke.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            district = existing.get(row["code"])
            if district is None:
                district = District(code=row["code"], name=row["name"])
                db.session.add(district)
                districts_added += 1
            district.name = row["name"]
            for position, name in enumerate(n.strip() for n in row["quarters"].split(";")):
                quarter = quarters.get(name)
                if quarter is None:
                    quarter = Quarter(name=name)
                    quarters[name] = quarter
                    db.session.add(quarter)
                    quarters_added += 1
                quarter.district = district
                quarter.position = position
    fields = {f.slug: f for f in db.session.scalars(select(ActionField))}
    with (DATA_DIR / "handlungsfelder.csv").open(encoding="utf-8", newline="") as handle:
        for position, row in enumerate(csv.DictReader(handle)):
            field = fields.get(row["slug"])
            if field is None:
                field = ActionField(slug=row["slug"])
                db.session.add(field)
                fields_added += 1
            field.name = row["name"]
            field.guiding_question = row["guiding_question"] or None
            field.position = position
    db.session.commit()
    return LoadResult(districts_added, quarters_added, fields_added)


def list_districts(*, with_quarters: bool = False) -> list[District]:
    """The 13 districts; their quarters only where the page shows them (most lists of
    districts are filter choices)."""
    loading = selectinload if with_quarters else lazyload
    query = select(District).order_by(District.code).options(loading(District.quarters))
    return list(db.session.scalars(query))


def list_quarters(district_id: int | None = None) -> list[Quarter]:
    """The quarters of a district by name, or of the whole city without one."""
    query = select(Quarter).order_by(Quarter.name)
    if district_id is not None:
        query = query.where(Quarter.district_id == district_id)
    return list(db.session.scalars(query))


def list_action_fields() -> list[ActionField]:
    return list(db.session.scalars(select(ActionField).order_by(ActionField.position)))


def get_district(code: str) -> District | None:
    return db.session.scalar(select(District).where(District.code == code))


def chosen_scope(codes, slugs) -> tuple[list[District], list[ActionField]]:
    """The districts and action fields picked in a form, in order; an unknown code or slug
    is refused next to its field."""
    from flask_babel import gettext as _

    from participation.core.errors import Invalid

    codes, slugs = set(codes or []), set(slugs or [])
    districts = list(
        db.session.scalars(select(District).where(District.code.in_(codes)).order_by(District.code))
    )
    if len(districts) != len(codes):
        raise Invalid(_("Bitte wählen Sie Bezirke aus der Liste."), field="districts")
    fields = list(
        db.session.scalars(
            select(ActionField).where(ActionField.slug.in_(slugs)).order_by(ActionField.name)
        )
    )
    if len(fields) != len(slugs):
        raise Invalid(_("Bitte wählen Sie Handlungsfelder aus der Liste."), field="action_fields")
    return districts, fields
