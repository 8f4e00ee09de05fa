"""Storage limits (GDPR Art. 5(1)(e)): what is deleted after how many days.

Each period is a setting (config.py); `purge` applies all of them, the scheduler runs it
every hour (through the existing `flask jobs run-due` timer) and `flask privacy purge` runs
it by hand. The privacy notice lists the same settings (`periods`), so the page and the
practice cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select, update

from participation.accounts import sessions
from participation.accounts.models import AccountAudit, SignInFailure, User
from participation.core.clock import utcnow
from participation.core.db import lower_text
from participation.extensions import db
from participation.jobs.services import enqueue, handler, periodic
from participation.mail.models import FAILED, SENT, OutboxMail, PausedAddress
from participation.notifications.models import Notification, NotificationEvent

# The data export's own setting (participation/privacy exports); listed here, applied there.
EXPORT_SETTING, EXPORT_DEFAULT_DAYS = "DATA_EXPORT_MAX_AGE_DAYS", 7
# A deletion's confirmation mail that could not be sent for this long goes unsent.
CONFIRMATION_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Period:
    """One storage limit: which setting holds its days, and how the privacy notice says it."""

    key: str
    setting: str
    default: int
    what: object
    then: object


PERIODS: tuple[Period, ...] = (
    Period(
        "unverified_accounts",
        "UNVERIFIED_ACCOUNT_DAYS",
        30,
        _l("Konten, deren E-Mail-Adresse nie bestätigt wurde"),
        _l("werden mit allen Angaben gelöscht"),
    ),
    Period(
        "outbox_mail",
        "OUTBOX_MAIL_DAYS",
        90,
        _l("Verschickte E-Mails und E-Mails, die nicht zugestellt werden konnten"),
        _l("werden mit Adresse und Text gelöscht"),
    ),
    Period(
        "notifications",
        "NOTIFICATION_HISTORY_DAYS",
        365,
        _l("Benachrichtigungen im Portal"),
        _l("werden gelöscht"),
    ),
    Period(
        "sign_in_failures",
        "SIGN_IN_FAILURE_DAYS",
        1,
        _l("Fehlgeschlagene Anmeldeversuche (nur als Prüfsumme von Konto und Netzadresse)"),
        _l("werden gelöscht"),
    ),
    Period(
        "sessions",
        "SESSION_IDLE_DAYS",
        30,
        _l("Angemeldete Geräte (Browser, System und Netz ohne vollständige IP-Adresse)"),
        _l("werden gelöscht, wenn sie so lange nicht benutzt wurden oder beendet sind"),
    ),
    Period(
        "data_exports",
        EXPORT_SETTING,
        EXPORT_DEFAULT_DAYS,
        _l("Dateien Ihres Datenexports"),
        _l("werden gelöscht"),
    ),
    Period(
        "deleted_account_audit",
        "DELETED_ACCOUNT_AUDIT_DAYS",
        365,
        _l("Einträge im Änderungsprotokoll eines gelöschten Kontos"),
        _l("werden um alle Angaben außer Art und Zeitpunkt gekürzt"),
    ),
    Period(
        "volunteer_phone_callbacks",
        "VOLUNTEER_PHONE_RETENTION_DAYS",
        30,
        _l("Vorname, Telefonnummer und Wunschzeit eines Rückrufwunschs beim Freiwilligentelefon"),
        _l("werden ab dem Eingang gelöscht (das anonyme Gesprächsprotokoll bleibt)"),
    ),
)


def days(period: Period) -> int:
    return int(current_app.config.get(period.setting, period.default))


def periods() -> list[tuple[Period, int]]:
    """Every storage limit with its days as configured (for the privacy notice)."""
    return [(period, days(period)) for period in PERIODS]


def _cutoff(now: datetime, key: str) -> datetime:
    period = next(p for p in PERIODS if p.key == key)
    return now - timedelta(days=days(period))


def _rows(statement) -> int:
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return result.rowcount or 0


def purge_deletion_confirmations(now: datetime) -> int:
    """The confirmation mail of an account deletion keeps the address only until it is
    sent (or given up): then it goes, with a pause the failing address may have caused.
    The caller commits."""
    from participation.privacy.deletion import CONFIRMATION_KEY

    confirmation = OutboxMail.idempotency_key.like(f"{CONFIRMATION_KEY}%")
    done = confirmation & (
        OutboxMail.status.in_((SENT, FAILED)) | (OutboxMail.created_at < now - CONFIRMATION_MAX_AGE)
    )
    _rows(
        delete(PausedAddress).where(
            PausedAddress.address.in_(select(lower_text(OutboxMail.recipient)).where(done))
        )
    )
    return _rows(delete(OutboxMail).where(done))


def purge(now: datetime | None = None) -> dict[str, int]:
    """Apply every storage limit; returns how many rows each removed or shortened. Each
    limit commits on its own, so one that fails leaves the others done."""
    from participation.accounts.services import purge_unverified

    now = now or utcnow()
    removed: dict[str, int] = {}
    removed["unverified_accounts"] = purge_unverified(older_than_days=days(PERIODS[0]))
    removed["deletion_confirmation_mails"] = purge_deletion_confirmations(now)
    removed["outbox_mail"] = _rows(
        delete(OutboxMail).where(
            OutboxMail.status.in_((SENT, FAILED)),
            OutboxMail.created_at < _cutoff(now, "outbox_mail"),
        )
    )
    db.session.commit()
    notifications_cutoff = _cutoff(now, "notifications")
    removed["notifications"] = _rows(
        delete(Notification).where(Notification.created_at < notifications_cutoff)
    )
    # Events nobody hears of any more; newer ones stay (their keys keep them from being
    # recorded twice).
    removed["notification_events"] = _rows(
        delete(NotificationEvent).where(
            NotificationEvent.created_at < notifications_cutoff,
            ~exists().where(Notification.event_id == NotificationEvent.id),
        )
    )
    db.session.commit()
    removed["sign_in_failures"] = _rows(
        delete(SignInFailure).where(SignInFailure.created_at < _cutoff(now, "sign_in_failures"))
    )
    removed["sessions"] = sessions.purge(idle_before=_cutoff(now, "sessions"))
    db.session.commit()
    removed["deleted_account_audit"] = _rows(
        update(AccountAudit)
        .where(
            AccountAudit.detail != "",
            AccountAudit.user_id.in_(
                select(User.id).where(
                    User.deleted_at.is_not(None),
                    User.deleted_at < _cutoff(now, "deleted_account_audit"),
                )
            ),
        )
        .values(detail="")
    )
    db.session.commit()
    from participation.volunteerphone.services import erase_old_callbacks

    removed["volunteer_phone_callbacks"] = erase_old_callbacks(now)
    db.session.commit()
    return removed


@handler("privacy.purge")
def purge_job(now: str) -> None:
    purge(datetime.fromisoformat(now))


@periodic
def schedule_purge(now: datetime) -> None:
    """Once an hour (the timer looks every minute; the key makes it one job an hour)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    enqueue("privacy.purge", key=f"privacy-purge:{hour.isoformat()}", now=now.isoformat())
