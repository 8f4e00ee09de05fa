"""Asking for a data export, downloading it once, and removing it when its time is up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from participation.core.clock import utcnow
from participation.core.errors import Conflict, DomainError, Forbidden
from participation.extensions import db
from participation.jobs.services import enqueue, periodic
from participation.privacy import export as builder
from participation.privacy.models import DataExport

PENDING, READY, DOWNLOADED, EXPIRED, FAILED = (
    "pending",
    "ready",
    "downloaded",
    "expired",
    "failed",
)
# A request whose job has not finished by then failed (its retries are used up long before).
STALE_AFTER = timedelta(hours=6)


class LinkUnusable(DomainError):
    """A download link that is forged (400), not the person's (404), used or expired (410)."""

    STATUS = {"invalid": 400, "unknown": 404, "used": 410, "expired": 410}

    def __init__(self, why: str):
        super().__init__(_("Dieser Link funktioniert nicht (mehr)."))
        self.why = why
        self.status_code = self.STATUS[why]


@dataclass(frozen=True)
class Download:
    export: DataExport
    file: BinaryIO
    path: Path


def latest(actor) -> DataExport | None:
    """The person's newest export, for the status on their page."""
    return db.session.scalar(
        select(DataExport)
        .where(DataExport.user_id == actor.id)
        .order_by(DataExport.created_at.desc(), DataExport.id.desc())
        .limit(1)
    )


def is_usable(export: DataExport | None, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return bool(export and export.status == READY and export.expires_at and export.expires_at > now)


def request_export(*, actor) -> DataExport:
    """Queue an export of everything stored about `actor`; one at a time per person. An
    earlier export that is still ready is replaced (its file is removed)."""
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Bitte melden Sie sich an."))
    now = utcnow()
    db.session.execute(
        update(DataExport)
        .where(
            DataExport.user_id == actor.id,
            DataExport.status == PENDING,
            DataExport.created_at < now - STALE_AFTER,
        )
        .values(status=FAILED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    busy = _(
        "Ihr Datenexport wird gerade erstellt. Sobald er fertig ist, finden Sie ihn hier "
        "und bekommen eine E-Mail. Danach können Sie einen neuen anfordern."
    )
    if db.session.scalar(
        select(DataExport.id).where(DataExport.user_id == actor.id, DataExport.status == PENDING)
    ):
        db.session.rollback()
        raise Conflict(busy)
    replaced = db.session.scalars(
        select(DataExport).where(DataExport.user_id == actor.id, DataExport.status == READY)
    ).all()
    for old in replaced:
        old.status = EXPIRED
    export = DataExport(user_id=actor.id, status=PENDING)
    db.session.add(export)
    try:
        db.session.flush()
    except IntegrityError:
        # A second request won the race for the one pending export (unique index).
        db.session.rollback()
        raise Conflict(busy) from None
    enqueue("privacy.build_export", key=f"data_export:{export.id}", export_id=export.id)
    db.session.commit()
    for old in replaced:
        _remove_files(old.id)
    return export


def open_download(*, actor, token: str) -> Download:
    """Hand out the file of a ready export once: the first download marks it downloaded
    (a conditional UPDATE, so two clicks at once give one file)."""
    payload = builder.read_download_token(token)
    if payload is None:
        raise LinkUnusable("invalid")
    export = db.session.get(DataExport, payload["export"])
    if export is None or export.user_id != actor.id or payload["user"] != actor.id:
        raise LinkUnusable("unknown")
    now = utcnow()
    if export.status == DOWNLOADED:
        raise LinkUnusable("used")
    if not is_usable(export, now):
        raise LinkUnusable("expired" if export.status in (EXPIRED, READY) else "unknown")
    path = builder.file_path(export.id)
    try:
        file = path.open("rb")
    except FileNotFoundError:
        raise LinkUnusable("expired") from None
    claimed = db.session.execute(
        update(DataExport)
        .where(DataExport.id == export.id, DataExport.status == READY)
        .values(status=DOWNLOADED, downloaded_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        file.close()
        raise LinkUnusable("used")
    # The open handle still reads the data; the name is gone at once. Where the system
    # will not remove an open file, the sweep does it later (file_name stays set).
    try:
        path.unlink()
    except OSError:
        pass
    else:
        db.session.execute(
            update(DataExport)
            .where(DataExport.id == export.id)
            .values(file_name="")
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    db.session.refresh(export)
    return Download(export=export, file=file, path=path)


def _remove_files(export_id: int) -> None:
    path = builder.file_path(export_id)
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".part").unlink(missing_ok=True)


@periodic
def delete_expired_exports(now: datetime) -> int:
    """Remove the files of exports that expired, were downloaded or replaced, and give up
    on requests whose job never finished; returns how many exports were tidied."""
    rows = db.session.execute(
        select(DataExport.id, DataExport.status).where(
            or_(
                (DataExport.status == READY) & (DataExport.expires_at <= now),
                (DataExport.status.in_((DOWNLOADED, EXPIRED, FAILED)))
                & (DataExport.file_name != ""),
                (DataExport.status == PENDING) & (DataExport.created_at < now - STALE_AFTER),
            )
        )
    ).all()
    for export_id, status in rows:
        _remove_files(export_id)
        new_status = {READY: EXPIRED, PENDING: FAILED}.get(status, status)
        db.session.execute(
            update(DataExport)
            .where(DataExport.id == export_id, DataExport.status == status)
            .values(status=new_status, file_name="", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return len(rows)
