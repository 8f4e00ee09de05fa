"""Writing the open-data files: every dataset as CSV and JSON, then the catalogue, into a
new folder of its own; a manifest names the current folder, so readers always see one
whole generation (files, sizes and dates that belong together).

Rows are written as they come from the database; nothing holds a whole dataset. One
generation runs at a time (a lock file); the previous folder is kept for readers that are
still sending it and removed by the next generation.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask import current_app

from participation.core.clock import utcnow
from participation.core.exports import safe_cell
from participation.extensions import db
from participation.opendata import catalog
from participation.opendata.datasets import DATASETS, Dataset, Links

MANIFEST = "manifest.json"
LICENSE_NAME = "Datenlizenz Deutschland – Namensnennung – 2.0"
LICENSE_URL = "https://www.govdata.de/dl-de/by-2-0"
# The licence as DCAT-AP.de names it (its controlled vocabulary of licences).
LICENSE_URI = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
FORMATS = {
    # format: (media type as served, EU file type, IANA media type)
    "csv": ("text/csv; charset=utf-8", "CSV", "text/csv"),
    "json": ("application/json", "JSON", "application/json"),
    "ttl": ("text/turtle; charset=utf-8", "RDF_TURTLE", "text/turtle"),
    "jsonld": ("application/ld+json", "JSON_LD", "application/ld+json"),
}


def folder() -> Path:
    return Path(current_app.config["OPENDATA_FOLDER"])


def attribution() -> str:
    """The attribution text the licence asks of re-users (dl-de/by-2-0: "Namensnennung")."""
    config = current_app.config
    return f"{config['OPENDATA_PUBLISHER']}, {config['SITE_NAME']} ({config['BASE_URL']})"


def read_manifest(base: Path | None = None) -> dict | None:
    """The current generation, or None before the first."""
    path = (base or folder()) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def file_path(manifest: dict, name: str) -> Path:
    return folder() / manifest["directory"] / name


def _plain(value):
    """A cell's value for JSON: dates as ISO 8601 text, numbers and booleans as they are."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def _write_dataset(dataset: Dataset, target: Path, links: Links, meta: dict) -> int:
    """Write `<slug>.csv` and `<slug>.json` in one pass over the rows; returns the count."""
    keys = [column.key for column in dataset.columns]
    count = 0
    csv_path, json_path = target / f"{dataset.slug}.csv", target / f"{dataset.slug}.json"
    with (
        csv_path.open("w", encoding="utf-8", newline="") as csv_file,
        json_path.open("w", encoding="utf-8") as json_file,
    ):
        # A byte order mark, so spreadsheets detect UTF-8 (as core.exports does).
        csv_file.write("\ufeff")
        writer = csv.writer(csv_file, lineterminator="\r\n")
        writer.writerow([safe_cell(column.label) for column in dataset.columns])
        head = {
            **meta,
            "title": str(dataset.title),
            "description": str(dataset.description),
            "columns": [
                {"key": c.key, "label": c.label, "description": str(c.description)}
                for c in dataset.columns
            ],
        }
        json_file.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2])
        json_file.write(',\n "records": [')
        for row in dataset.rows(links):
            if len(row) != len(keys):
                raise ValueError(f"{dataset.slug}: {len(row)} values for {len(keys)} columns")
            writer.writerow([_cell(value) for value in row])
            record = {key: _plain(value) for key, value in zip(keys, row, strict=True)}
            json_file.write(
                ("\n  " if count == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False)
            )
            count += 1
        json_file.write(f'\n ],\n "record_count": {count}\n}}\n')
    return count


@contextmanager
def _lock(base: Path):
    """One generation at a time on this machine (the job, the CLI, a first visitor)."""
    with (base / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def generate(now: datetime | None = None) -> dict:
    """Write a new generation of every file and make it the current one; returns its
    manifest. The database is only read."""
    base = folder()
    base.mkdir(parents=True, exist_ok=True)
    with _lock(base):
        now = now or utcnow()
        previous = read_manifest(base)
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        name = f"gen-{stamp}"
        work = base / f".work-{stamp}-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        links = Links()
        generated_at = now.isoformat(timespec="seconds")
        meta = {
            "publisher": current_app.config["OPENDATA_PUBLISHER"],
            "license": {
                "name": LICENSE_NAME,
                "url": LICENSE_URL,
                "uri": LICENSE_URI,
                "attribution": attribution(),
            },
            "generated_at": generated_at,
            "page": links("opendata.index"),
        }
        manifest = {
            "generated_at": generated_at,
            # When the data were first offered (dct:issued); kept across generations.
            "first_generated_at": (previous or {}).get("first_generated_at", generated_at),
            "directory": name,
            "datasets": {},
            "files": {},
        }
        try:
            for dataset in DATASETS.values():
                rows = _write_dataset(dataset, work, links, meta)
                db.session.rollback()  # end the read transaction between datasets
                manifest["datasets"][dataset.slug] = {"rows": rows}
                for kind in ("csv", "json"):
                    _describe(manifest, work, f"{dataset.slug}.{kind}", kind, dataset.slug)
            graph = catalog.build(manifest, links)
            for kind, rdf_format in (("ttl", "turtle"), ("jsonld", "json-ld")):
                (work / f"catalog.{kind}").write_bytes(
                    graph.serialize(format=rdf_format, encoding="utf-8")
                )
                _describe(manifest, work, f"catalog.{kind}", kind, None)
            os.rename(work, base / name)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        _write_json(base / MANIFEST, manifest)
        keep = {name, (previous or {}).get("directory")}
        for old in base.glob("gen-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
    return manifest


def _describe(manifest: dict, work: Path, name: str, kind: str, dataset: str | None) -> None:
    manifest["files"][name] = {
        "dataset": dataset,
        "format": kind,
        "media_type": FORMATS[kind][0],
        "bytes": (work / name).stat().st_size,
    }
