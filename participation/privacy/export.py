"""Building a data export: a ZIP with `daten.json` and `index.html`, written row by row.

Each registry source is read in batches (`yield_per`) and written into the archive as it
comes, once for the JSON and once for the HTML, so a person with 10,000 contributions
costs a few batches of memory, not the whole history. The job is keyed per export and
writes to a name of its own, so running it again overwrites instead of leaving files.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from participation.accounts import tokens
from participation.accounts.models import User
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.links import external_url
from participation.extensions import db
from participation.jobs.services import handler
from participation.mail.services import queue_mail
from participation.privacy.models import DataExport
from participation.privacy.registry import COLUMN_LABELS, SOURCES, Source, select_rows

FORMAT_VERSION = 1
BATCH_ROWS = 500
TOKEN_PURPOSE = "data-export"  # noqa: S105 - a salt name, not a secret
JSON_NAME, HTML_NAME = "daten.json", "index.html"


def export_folder() -> Path:
    return Path(current_app.config["EXPORT_FOLDER"])


def file_path(export_id: int) -> Path:
    """One name per export: a job that runs again overwrites its own file."""
    return export_folder() / f"datenexport-{export_id}.zip"


def max_age() -> timedelta:
    return timedelta(days=current_app.config["DATA_EXPORT_MAX_AGE_DAYS"])


def download_token(export: DataExport) -> str:
    return tokens.make_token(TOKEN_PURPOSE, {"export": export.id, "user": export.user_id})


def read_download_token(token: str) -> dict | None:
    payload = tokens.read_token(TOKEN_PURPOSE, token, int(max_age().total_seconds()))
    if payload is None or not all(isinstance(payload.get(k), int) for k in ("export", "user")):
        return None
    return payload


# --- rows ----------------------------------------------------------------------------------


def rows_of(source: Source, person_id: int) -> Iterator[dict]:
    """The person's rows of one source, fetched in batches."""
    result = db.session.execute(
        select_rows(source, person_id), execution_options={"yield_per": BATCH_ROWS}
    )
    for row in result.mappings():
        values = dict(row)
        yield source.clean(values) if source.clean else values


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None  # binary columns carry no readable data of the person
    raise TypeError(f"cannot export {type(value).__name__}")


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def write_json(out: io.TextIOBase, person_id: int, created_at: datetime) -> dict[str, int]:
    """`daten.json`: {"format", "version", "created_at", "sections": {key: {...rows}}};
    returns the number of rows per section."""
    counts = {}
    out.write(f'{{"format": "beteiligungsportal-datenexport", "version": {FORMAT_VERSION}, ')
    out.write(f'"created_at": {_dump(created_at)}, "person_id": {person_id}, "sections": {{')
    for index, source in enumerate(SOURCES):
        if index:
            out.write(", ")
        out.write(f"\n{_dump(source.key)}: {{")
        out.write(f'"title": {_dump(str(source.title))}, "table": {_dump(source.table)}, ')
        out.write('"rows": [')
        count = 0
        for row in rows_of(source, person_id):
            out.write(",\n" if count else "\n")
            out.write(_dump(row))
            count += 1
        out.write("]}")
        counts[source.key] = count
    out.write("\n}}\n")
    return counts


# --- the readable page ---------------------------------------------------------------------


def readable(value, yes_no: tuple[str, str] | None = None) -> str:
    """A value as a person reads it: local time, ja/nein, a dash for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        yes, no = yes_no or (_("ja"), _("nein"))
        return yes if value else no
    if isinstance(value, datetime):
        return value.astimezone(CITY_TIMEZONE).strftime("%d.%m.%Y, %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dict | list):
        return _dump(value)
    return str(value)


class Section:
    """One source for the HTML template: its rows are read when the template gets to them."""

    def __init__(self, source: Source, person_id: int, count: int):
        self.key, self.title, self.count = source.key, str(source.title), count
        self._source, self._person_id = source, person_id

    def rows(self) -> Iterator[dict]:
        return rows_of(self._source, self._person_id)


def write_html(out: io.TextIOBase, person: User, created_at: datetime, counts: dict) -> None:
    sections = [Section(source, person.id, counts[source.key]) for source in SOURCES]
    template = current_app.jinja_env.get_template("privacy/export_index.html")
    # Words the page repeats for every row are translated once, not per value.
    yes_no = (_("ja"), _("nein"))
    for chunk in template.generate(
        person=person,
        created_at=created_at,
        sections=sections,
        readable=lambda value: readable(value, yes_no),
        labels={name: str(label) for name, label in COLUMN_LABELS.items()},
        entry=_("Eintrag"),
        json_name=JSON_NAME,
        site=current_app.config["SITE_NAME"],
    ):
        out.write(chunk)


def write_archive(path: Path, person: User, created_at: datetime) -> None:
    """The ZIP: the JSON first (it counts the rows), then the page."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with (
            archive.open(JSON_NAME, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as out,
        ):
            counts = write_json(out, person.id, created_at)
        with (
            archive.open(HTML_NAME, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as out,
        ):
            write_html(out, person, created_at, counts)


# --- the job -------------------------------------------------------------------------------


@handler("privacy.build_export")
def build_export(export_id: int) -> None:
    """Write the export's file, mark it ready and mail the link (in one transaction)."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.status != "pending":
        return
    person = db.session.get(User, export.user_id)
    folder = export_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = file_path(export.id)
    partial = path.with_name(path.name + ".part")
    now = utcnow()
    try:
        write_archive(partial, person, now)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    expires_at = now + max_age()
    claimed = db.session.execute(
        update(DataExport)
        .where(DataExport.id == export_id, DataExport.status == "pending")
        .values(
            status="ready",
            ready_at=now,
            expires_at=expires_at,
            file_name=path.name,
            size_bytes=path.stat().st_size,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        # The account was deleted, or the request given up, while the file was written.
        db.session.rollback()
        path.unlink(missing_ok=True)
        return
    if person.email_verified_at is not None:
        # Only a confirmed address: nobody gets mail about an account someone else opened.
        queue_mail(
            recipient=person.email,
            subject=_("Ihr Datenexport ist fertig"),
            template="data_export_ready",
            key=f"data_export:{export.id}",
            pseudonym=person.pseudonym,
            link=external_url("privacy.download", token=download_token(export)),
            overview=external_url("privacy.overview"),
            expires=readable(expires_at),
        )
    db.session.commit()
