"""The exchange between municipalities: the published examples as a versioned JSON document
(`/praxisbeispiele.json`, described in docs/practice-examples.md), and the import of another
portal's document as drafts that keep their source.

An import is checked completely (participation/practice/schema.py) before anything is
written: one wrong value anywhere and nothing is imported, with the reasons listed next to
the upload field. Texts arrive as Markdown and are sanitised like everything staff write;
HTML is never taken over."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.core.errors import Invalid
from participation.core.links import external_url
from participation.core.permissions import require
from participation.districts.models import ActionField
from participation.extensions import db
from participation.practice.models import ELSEWHERE, EXTERNAL, FIGURES, TEXTS, PracticeExample
from participation.practice.schema import (  # noqa: F401 - MAX_BYTES is part of the interface
    FORMAT_NAME,
    MAX_BYTES,
    RESOURCES,
    VERSION,
    read_document,
)
from participation.practice.services import ExampleInput, apply_input, new_example

# --- export ---------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _source(example: PracticeExample, config) -> dict:
    """Where the example comes from: this portal for its own, else the source it came
    with, so a re-export never claims another municipality's example."""
    own = external_url("practice.detail", slug=example.slug)
    if not example.is_external:
        return {
            "portal": config["SITE_NAME"],
            "municipality": config["MUNICIPALITY_NAME"],
            "url": config["BASE_URL"].rstrip("/"),
            "id": str(example.id),
            "link": own,
        }
    return {
        "portal": "",
        "municipality": example.source_name,
        "url": example.origin_url or example.source_url or config["BASE_URL"].rstrip("/"),
        "id": example.origin_id or str(example.id),
        "link": example.source_url or None,
    }


def as_entry(example: PracticeExample) -> dict:
    config = current_app.config
    return {
        "id": str(example.id),
        "url": external_url("practice.detail", slug=example.slug),
        "title": example.title,
        "summary": example.summary,
        "format": example.format,
        "format_other": example.format_other,
        "scope": example.scope,
        "district": example.district.name if example.district else None,
        "place": example.place,
        "action_fields": [{"slug": f.slug, "name": f.name} for f in example.action_fields],
        "target_groups": example.target_groups,
        "texts": {name: getattr(example, f"{name}_markdown") for name in TEXTS},
        "resources": {name: getattr(example, name) for name in RESOURCES},
        "figures": {name: getattr(example, name) for name in FIGURES},
        "contact": {"office": example.contact, "email": example.contact_email},
        "source": _source(example, config),
        "published_at": _iso(example.published_at),
        "updated_at": _iso(example.updated_at),
    }


def export_document(examples: list[PracticeExample]) -> dict:
    config = current_app.config
    return {
        "format": FORMAT_NAME,
        "version": VERSION,
        "publisher": {
            "portal": config["SITE_NAME"],
            "municipality": config["MUNICIPALITY_NAME"],
            "url": config["BASE_URL"].rstrip("/"),
        },
        "exported_at": _iso(utcnow()),
        "examples": [as_entry(example) for example in examples],
    }


# --- import: writing ------------------------------------------------------------------------


@dataclass
class ImportLine:
    title: str
    outcome: str  # "created", "updated", "skipped"
    note: str = ""


@dataclass
class ImportSummary:
    source: str
    lines: list[ImportLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


def _place(entry: dict, municipality: str) -> str:
    if entry["scope"] == ELSEWHERE:
        return entry["place"] or municipality
    parts = [municipality, entry["district"] or ""]
    return " – ".join(p for p in parts if p)[:200]


def _input(entry: dict, source: dict, known: dict[str, str]) -> ExampleInput:
    municipality = source["municipality"] or source["portal"] or source["url"]
    return ExampleInput(
        title=entry["title"],
        summary=entry["summary"],
        format=entry["format"],
        format_other=entry["format_other"] or ("Sonstiges" if entry["format"] == "other" else ""),
        scope=ELSEWHERE,
        place=_place(entry, municipality) or municipality[:200],
        action_field_slugs=tuple({f["slug"] for f in entry["action_fields"] if f["slug"] in known}),
        target_groups=tuple(entry["target_groups"]),
        texts={name: entry["texts"].get(name, "") for name in TEXTS},
        numbers={
            **{name: entry["resources"].get(name) for name in RESOURCES},
            **{name: entry["figures"].get(name) for name in FIGURES},
        },
        contact=entry["contact"].get("office", ""),
        contact_email=entry["contact"].get("email", ""),
        source=EXTERNAL,
        source_name=municipality[:200],
        source_url=source["link"] or entry["url"] or source["url"],
    )


def import_document(*, actor, raw: bytes) -> ImportSummary:
    """Import another portal's export: new examples as drafts, drafts from an earlier
    import of the same source updated, published ones left as they are (edit them by
    hand). One commit for all."""
    require(actor, "publish_practice_examples")
    document = read_document(raw)
    publisher = document["publisher"]
    own_url = current_app.config["BASE_URL"].rstrip("/")
    known = dict(db.session.execute(select(ActionField.slug, ActionField.name)).all())
    summary = ImportSummary(source=publisher["municipality"] or publisher["portal"] or "")
    for entry in document["examples"]:
        source = entry["source"] or {
            "portal": publisher["portal"],
            "municipality": publisher["municipality"],
            "url": publisher["url"],
            "id": entry["id"],
            "link": entry["url"],
        }
        origin_url, origin_id = source["url"].rstrip("/"), source["id"]
        if origin_url == own_url:
            summary.lines.append(
                ImportLine(entry["title"], "skipped", _("stammt aus diesem Portal"))
            )
            continue
        data = _input(entry, source, known)
        unknown = sorted({f["slug"] for f in entry["action_fields"]} - set(known))
        note = (
            _("Handlungsfelder ohne Entsprechung hier: %(names)s", names=", ".join(unknown))
            if unknown
            else ""
        )
        existing = db.session.scalar(
            select(PracticeExample).where(
                PracticeExample.origin_url == origin_url, PracticeExample.origin_id == origin_id
            )
        )
        try:
            if existing is None:
                example = new_example(data, actor=actor)
                example.origin_url, example.origin_id = origin_url, origin_id
                db.session.add(example)
                db.session.flush()
                summary.lines.append(ImportLine(entry["title"], "created", note))
            elif existing.is_published:
                summary.lines.append(
                    ImportLine(
                        entry["title"],
                        "skipped",
                        _("schon veröffentlicht; Änderungen bitte von Hand übernehmen"),
                    )
                )
            else:
                apply_input(existing, data)
                summary.lines.append(ImportLine(entry["title"], "updated", note))
        except Invalid as error:
            db.session.rollback()
            raise Invalid(
                _(
                    "Das Beispiel „%(title)s“ lässt sich nicht übernehmen: %(reason)s",
                    title=entry["title"],
                    reason=error.message,
                ),
                field="document",
            ) from error
    db.session.commit()
    return summary
