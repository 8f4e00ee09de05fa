"""What the data export holds: one entry per table and column that points at a person.

Every foreign key to `user_account` is either a `Source` here (its rows are the person's,
selected by that column) or in `EXCLUDED` with the reason it is left out; a test walks the
metadata and fails on any column that is neither. In an exported row every other column
that points at a person is left out (a moderator, a co-author, the reporter), and so is
every column that looks like a secret (`SECRET_LOOKING`), whatever the entry says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, Table, or_, select

from participation.core.db import lower_text
from participation.extensions import db

# Hashes, secrets, tokens and derived lookup keys never leave the database.
SECRET_LOOKING = re.compile(r"hash|secret|token|password|(^|_)key$")
PERSON_TABLE = "user_account"
# Moderation steps the author of the item is told about; "dismiss" would only tell them
# that someone reported their item, and blocks are a section of their own.
TOLD_TO_AUTHORS = (
    "hide",
    "restore",
    "approve",
    "reject",
    "lock_thread",
    "unlock_thread",
    "close_comments",
    "open_comments",
    "decide_appeal",
)
# Links in stored mails carry tokens (sign-in, reset, unsubscribe): they leave as a marker.
LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Source:
    """One section of the export: rows of `table` whose `by` column is the person."""

    key: str
    table: str
    by: str
    title: object
    omit: frozenset[str] = field(default_factory=frozenset)
    # A selection of its own (joins, filters); it gets the table and the person's id and
    # must still select only rows of that person.
    query: Callable[[Table, int], Select] | None = None
    # Changes a row before it is written (e.g. links out of mail bodies).
    clean: Callable[[dict], dict] | None = None


def table(name: str) -> Table:
    return db.metadata.tables[name]


def person_columns(name: str) -> set[str]:
    """The columns of table `name` that point at a person."""
    return {
        fk.parent.name for fk in table(name).foreign_keys if fk.column.table.name == PERSON_TABLE
    }


def exported_columns(source: Source) -> list:
    """The columns of a source's rows: all but the omitted, other people's and secret ones,
    and the rendered HTML of a text whose Markdown is there."""
    rows = table(source.table)
    others = person_columns(source.table) - {source.by}
    rendered = {
        column.name
        for column in rows.columns
        if column.name.endswith("_html") and f"{column.name[:-5]}_markdown" in rows.c
    }
    left_out = source.omit | others | rendered
    return [
        column
        for column in rows.columns
        if column.name not in left_out and not SECRET_LOOKING.search(column.name)
    ]


def select_rows(source: Source, person_id: int) -> Select:
    if source.query is not None:
        return source.query(table(source.table), person_id)
    rows = table(source.table)
    return select(*exported_columns(source)).where(rows.c[source.by] == person_id)


# --- selections of their own ---------------------------------------------------------------


def _blocks(rows: Table, person_id: int) -> Select:
    columns = exported_columns(SOURCES_BY_KEY["account_blocks"])
    return select(*columns).where(
        rows.c.user_id == person_id, rows.c.action.in_(("block_user", "unblock_user"))
    )


def _decisions_on_content(rows: Table, person_id: int) -> Select:
    """Moderation steps on the person's proposals and comments, with the public reason."""
    proposals, comments = table("proposal"), table("comment")
    own_proposals = select(proposals.c.id).where(proposals.c.author_id == person_id)
    own_comments = select(comments.c.id).where(comments.c.author_id == person_id)
    columns = exported_columns(SOURCES_BY_KEY["moderation_of_content"])
    return select(*columns).where(
        rows.c.action.in_(TOLD_TO_AUTHORS),
        or_(rows.c.proposal_id.in_(own_proposals), rows.c.comment_id.in_(own_comments)),
    )


def _notifications(rows: Table, person_id: int) -> Select:
    """The person's notifications with what each was about (not who caused it)."""
    events = table("notification_event")
    columns = exported_columns(SOURCES_BY_KEY["notification"])
    return (
        select(
            *columns,
            events.c.kind.label("event_kind"),
            events.c.process_id.label("event_process_id"),
            events.c.proposal_id.label("event_proposal_id"),
            events.c.comment_id.label("event_comment_id"),
            events.c.contribution_id.label("event_contribution_id"),
            events.c.detail.label("event_detail"),
        )
        .join(events, events.c.id == rows.c.event_id)
        .where(rows.c.user_id == person_id)
    )


def _newsletter(rows: Table, person_id: int) -> Select:
    """Subscriptions of the account and of its address (subscribed without signing in)."""
    people = table(PERSON_TABLE)
    address = select(people.c.email_key).where(people.c.id == person_id).scalar_subquery()
    columns = exported_columns(SOURCES_BY_KEY["newsletter_subscriber"])
    return select(*columns).where(or_(rows.c.user_id == person_id, rows.c.email_key == address))


def _mails(rows: Table, person_id: int) -> Select:
    """Mails to the person's current address (the outbox keeps addresses, not accounts);
    only what they read, not the delivery's technical fields."""
    people = table(PERSON_TABLE)
    address = select(lower_text(people.c.email)).where(people.c.id == person_id)
    names = ("id", "recipient", "subject", "body", "status", "created_at", "sent_at")
    return select(*(rows.c[name] for name in names)).where(
        lower_text(rows.c.recipient) == address.scalar_subquery()
    )


def _qualification():
    from participation.qualification import privacy

    return privacy


def _without_links(row: dict) -> dict:
    row["body"] = LINK.sub("[Link entfernt]", row.get("body") or "")
    return row


# --- the registry --------------------------------------------------------------------------

SOURCES: tuple[Source, ...] = (
    Source(
        "account",
        PERSON_TABLE,
        "id",
        _l("Ihr Konto"),
        omit=frozenset({"session_version"}),
    ),
    Source("role_assignment", "role_assignment", "user_id", _l("Rollen")),
    Source("account_session", "account_session", "user_id", _l("Angemeldete Geräte")),
    # Only that a second factor is set up and since when; the secret stays.
    Source(
        "two_factor",
        "two_factor",
        "user_id",
        _l("Zweiter Faktor"),
        omit=frozenset({"last_step"}),
    ),
    Source("recovery_code", "recovery_code", "user_id", _l("Wiederherstellungscodes")),
    # Which passkeys there are, their names and when they were added and last used. The
    # public key, the credential's id and the counter are left out: they are the device's
    # login material, not information about the person, say nothing readable, and in a
    # downloaded file would only help someone link the key to this account.
    Source(
        "webauthn_credential",
        "webauthn_credential",
        "user_id",
        _l("Passkeys und Sicherheitsschlüssel"),
        omit=frozenset({"public_key", "credential_id", "sign_count"}),
    ),
    Source("account_audit", "account_audit", "user_id", _l("Änderungen an Ihrem Konto")),
    Source(
        "data_export",
        "data_export",
        "user_id",
        _l("Ihre Datenexporte"),
        omit=frozenset({"file_name"}),
    ),
    Source("proposal", "proposal", "author_id", _l("Ihre Vorschläge")),
    Source("comment", "comment", "author_id", _l("Ihre Kommentare")),
    Source("support", "support", "user_id", _l("Ihre Unterstützungen")),
    Source("comment_rating", "comment_rating", "user_id", _l("Ihre Bewertungen von Kommentaren")),
    Source("report", "report", "reporter_id", _l("Ihre Meldungen")),
    Source("appeal", "appeal", "author_id", _l("Ihre Einsprüche")),
    Source(
        "account_blocks",
        "moderation_action",
        "user_id",
        _l("Sperren Ihres Kontos"),
        query=_blocks,
    ),
    Source(
        "moderation_of_content",
        "moderation_action",
        # Selected through the proposal's or comment's author, not by a column of its own.
        "",
        _l("Entscheidungen der Moderation zu Ihren Beiträgen"),
        omit=frozenset({"user_id"}),
        query=_decisions_on_content,
    ),
    Source("process_follow", "process_follow", "user_id", _l("Verfahren, denen Sie folgen")),
    Source("proposal_follow", "proposal_follow", "user_id", _l("Vorschläge, denen Sie folgen")),
    Source(
        "organisation_follow",
        "organisation_follow",
        "user_id",
        _l("Organisationen, denen Sie folgen"),
    ),
    Source(
        "working_group_follow",
        "working_group_follow",
        "user_id",
        _l("Arbeitsgruppen, denen Sie folgen"),
    ),
    Source("interest", "interest", "user_id", _l("Ihre Interessen (Mein Bezirk)")),
    Source(
        "notification",
        "notification",
        "user_id",
        _l("Ihre Benachrichtigungen"),
        query=_notifications,
    ),
    Source(
        "notification_event",
        "notification_event",
        "recipient_id",
        _l("Ereignisse nur für Sie"),
    ),
    Source(
        "notification_preference",
        "notification_preference",
        "user_id",
        _l("Einstellungen je Art der Benachrichtigung"),
    ),
    Source(
        "notification_settings",
        "notification_settings",
        "user_id",
        _l("Einstellungen der Zusammenfassung"),
    ),
    Source(
        "newsletter_subscriber",
        "newsletter_subscriber",
        "user_id",
        _l("Newsletter-Abonnement"),
        query=_newsletter,
    ),
    # Their certificates with the codes (the holder's own); the key that makes issuing
    # idempotent says nothing more.
    Source(
        "certificate",
        "certificate",
        "holder_id",
        _l("Ihre Bescheinigungen"),
        omit=frozenset({"holder_ref"}),
        # Also those of trainings the person registered for by e-mail, with no account.
        query=lambda rows, person_id: _qualification().export_certificates(rows, person_id),
    ),
    # Their requests for engagement certificates (what they asked, the organisation's answer).
    Source(
        "engagement_request",
        "engagement_request",
        "volunteer_id",
        _l("Ihre Anfragen nach Engagementnachweisen"),
    ),
    Source(
        "event_registration",
        "event_registration",
        "user_id",
        _l("Anmeldungen zu Veranstaltungen"),
    ),
    Source(
        "training_registration",
        "training_registration",
        "user_id",
        _l("Anmeldungen zu Fortbildungen und Workshops (mit Anwesenheit)"),
        query=lambda rows, person_id: _qualification().export_registrations(rows, person_id),
    ),
    Source(
        "volunteer_interest",
        "volunteer_interest",
        "user_id",
        _l("Ihr Interesse an Engagements der Freiwilligenbörse"),
    ),
    Source(
        "volunteer_search",
        "volunteer_search",
        "user_id",
        _l("Ihre gespeicherten Suchen in der Freiwilligenbörse"),
    ),
    Source(
        "volunteer_opportunity",
        "volunteer_opportunity",
        "created_by_id",
        _l("Engagements, die Sie für Ihre Organisation angelegt haben"),
    ),
    Source(
        "training_feedback",
        "training_feedback",
        "",
        _l("Ihre Rückmeldungen zu Fortbildungen und Workshops"),
        query=lambda rows, person_id: _qualification().export_feedback(rows, person_id),
    ),
    Source(
        "training",
        "training",
        "created_by_id",
        _l("Fortbildungen und Workshops, die Sie angelegt haben"),
    ),
    Source(
        "partner_organisation",
        "partner_organisation",
        "contact_id",
        _l("Organisationen, für die Sie Ansprechperson sind"),
    ),
    Source(
        "agreement_signature",
        "agreement_signature",
        "signer_id",
        _l("Ihre Unterschriften unter der Kooperationsvereinbarung"),
    ),
    Source(
        "partner_invitation",
        "partner_invitation",
        "accepted_by_id",
        _l("Einladungen, die Sie angenommen haben"),
        omit=frozenset({"email"}),
    ),
    Source("contribution", "contribution", "author_id", _l("Ihre Partnerbeiträge")),
    Source("company", "company", "registered_by_id", _l("Unternehmen, die Sie angemeldet haben")),
    Source("market_entry", "market_entry", "author_id", _l("Ihre Einträge im Marktplatz")),
    Source("market_message", "market_message", "sender_id", _l("Ihre Nachrichten im Marktplatz")),
    Source(
        "market_event_registration",
        "market_event_registration",
        "user_id",
        _l("Ihre Anmeldungen zu Marktplatz-Veranstaltungen"),
    ),
    Source(
        "market_deal_proposed",
        "market_deal",
        "proposed_by_id",
        _l("Vereinbarungen im Marktplatz, die Sie vorgeschlagen haben"),
    ),
    Source(
        "market_deal_answered",
        "market_deal",
        "answered_by_id",
        _l("Vereinbarungen im Marktplatz, die Sie beantwortet haben"),
    ),
    Source(
        "market_event",
        "market_event",
        "created_by_id",
        _l("Marktplatz-Veranstaltungen, die Sie angelegt haben"),
    ),
    Source(
        "accessibility_feedback",
        "accessibility_feedback",
        "user_id",
        _l("Ihre Rückmeldungen zur Barrierefreiheit"),
    ),
    # Work of staff: the answers, assignments, steps and publications they wrote.
    Source(
        "official_response",
        "official_response",
        "responder_id",
        _l("Antworten der Verwaltung, die Sie geschrieben haben"),
    ),
    Source(
        "process_assignment",
        "process_assignment",
        "assignee_id",
        _l("Ihnen zugewiesene Verfahren"),
    ),
    Source(
        "proposal_assignment",
        "proposal_assignment",
        "assignee_id",
        _l("Ihnen zugewiesene Vorschläge"),
    ),
    Source(
        "process_transition",
        "process_transition",
        "actor_id",
        _l("Ihre Schritte im Ablauf von Verfahren"),
    ),
    Source(
        "results_report",
        "results_report",
        "published_by_id",
        _l("Ergebnisberichte, die Sie veröffentlicht haben"),
    ),
    Source(
        "cooperation_agreement",
        "cooperation_agreement",
        "published_by_id",
        _l("Fassungen der Kooperationsvereinbarung, die Sie veröffentlicht haben"),
    ),
    Source("site_page", "site_page", "updated_by_id", _l("Seiten, die Sie bearbeitet haben")),
    Source(
        "newsletter_issue",
        "newsletter_issue",
        "author_id",
        _l("Newsletter-Ausgaben, die Sie geschrieben haben"),
    ),
    Source("work_aid", "work_aid", "created_by_id", _l("Arbeitshilfen, die Sie angelegt haben")),
    Source(
        "work_aid_version",
        "work_aid_version",
        "author_id",
        _l("Fassungen von Arbeitshilfen, die Sie hinzugefügt haben"),
    ),
    Source(
        "process_checklist",
        "process_checklist",
        "attached_by_id",
        _l("Checklisten, die Sie Verfahren zugeordnet haben"),
    ),
    Source(
        "process_checklist_item",
        "process_checklist_item",
        "done_by_id",
        _l("Punkte von Checklisten, die Sie abgehakt haben"),
    ),
    Source(
        "checklist_tick",
        "checklist_tick",
        "actor_id",
        _l("Ihre Haken und Notizen in Checklisten von Verfahren"),
    ),
    Source(
        "practice_example",
        "practice_example",
        "created_by_id",
        _l("Praxisbeispiele, die Sie angelegt haben"),
    ),
    Source("fund_call", "fund_call", "created_by_id", _l("Ausschreibungen des Förderfonds")),
    Source("fund_juror", "fund_juror", "user_id", _l("Ihre Sitze in Jurys des Förderfonds")),
    # Kept without the person when the account goes (participation/fund/privacy.py).
    Source("fund_review", "fund_review", "juror_id", _l("Ihre Bewertungen im Förderfonds")),
    Source(
        "phone_adviser",
        "phone_adviser",
        "user_id",
        _l("Ihre Beratung am Freiwilligentelefon"),
    ),
    Source(
        "outbox_mail",
        "outbox_mail",
        "",
        _l("E-Mails an Sie"),
        query=_mails,
        clean=_without_links,
    ),
)
SOURCES_BY_KEY = {source.key: source for source in SOURCES}

# table.column -> why rows found through it are not in the export.
_THEIR_SUBJECTS = "those residents get them in their own exports"
EXCLUDED: dict[str, str] = {
    "volunteer_interest.answered_by_id": (
        "interests an organisation's member answered are other people's (their names, "
        "addresses and messages); Art. 15(4) GDPR: the rights of others"
    ),
    "engagement_request.decided_by_id": (
        "the member who answered other people's requests for engagement certificates on "
        "behalf of their organisation; " + _THEIR_SUBJECTS
    ),
    "moderation_action.actor_id": (
        "a moderator's decisions about other people's contributions and accounts; "
        + _THEIR_SUBJECTS
    ),
    "moderation_note.author_id": (
        "internal notes of the moderation about other people's contributions (never shown "
        "outside the moderation; Art. 15(4) GDPR: the rights of others)"
    ),
    "report.decided_by_id": (
        "reports a moderator decided name the reporters and the reported: other people's data"
    ),
    "appeal.decided_by_id": "appeals a moderator decided are other people's; " + _THEIR_SUBJECTS,
    "account_audit.actor_id": (
        "steps staff took on other accounts belong to those accounts' audit trail; "
        + _THEIR_SUBJECTS
    ),
    "notification_event.actor_id": (
        "what the person did is exported as the thing itself (proposal, comment, …); the "
        "event rows only say who else heard of it"
    ),
    "fund_application.created_by_id": (
        "an application to the recognition fund is the organisation's, not its writer's; "
        "its members see it on the portal"
    ),
    "fund_application.decided_by_id": (
        "the office's decisions about organisations' applications are the organisations'"
    ),
    "callback_request.taken_by_id": (
        "callbacks an adviser took hold the callers' first names and numbers (other people's "
        "data, erased after the retention period)"
    ),
    "partner_invitation.invited_by_id": (
        "invitations the person sent hold the invitees' e-mail addresses"
    ),
}

# What the readable page calls the common columns (the rest keep their code name).
COLUMN_LABELS = {
    "id": _l("Nummer"),
    "email": _l("E-Mail-Adresse"),
    "pseudonym": _l("Öffentlicher Name"),
    "email_verified_at": _l("E-Mail bestätigt am"),
    "last_login_at": _l("Zuletzt angemeldet"),
    "blocked_until": _l("Gesperrt bis"),
    "blocked_reason": _l("Grund der Sperre"),
    "deleted_at": _l("Gelöscht am"),
    "created_at": _l("Erstellt am"),
    "updated_at": _l("Geändert am"),
    "edited_at": _l("Bearbeitet am"),
    "withdrawn_at": _l("Zurückgezogen am"),
    "role": _l("Rolle"),
    "status": _l("Status"),
    "title": _l("Titel"),
    "body_markdown": _l("Text"),
    "text": _l("Text"),
    "text_markdown": _l("Text"),
    "subject": _l("Betreff"),
    "body": _l("Text"),
    "recipient": _l("Empfänger*in"),
    "sent_at": _l("Gesendet am"),
    "reason": _l("Grund"),
    "note": _l("Anmerkung"),
    "explanation": _l("Erklärung"),
    "action": _l("Maßnahme"),
    "moderation_reason": _l("Grund der Moderation"),
    "moderation_explanation": _l("Erklärung der Moderation"),
    "process_id": _l("Verfahren (Nummer)"),
    "proposal_id": _l("Vorschlag (Nummer)"),
    "comment_id": _l("Kommentar (Nummer)"),
    "parent_id": _l("Antwort auf Kommentar (Nummer)"),
    "contribution_id": _l("Partnerbeitrag (Nummer)"),
    "organisation_id": _l("Organisation (Nummer)"),
    "district_id": _l("Stadtbezirk (Nummer)"),
    "value": _l("Bewertung"),
    "kind": _l("Art"),
    "channel": _l("Weg"),
    "read_at": _l("Gelesen am"),
    "delivered_at": _l("Zugestellt am"),
    "event_kind": _l("Anlass"),
    "confirmed_at": _l("Bestätigt am"),
    "used_at": _l("Benutzt am"),
    "last_seen_at": _l("Zuletzt gesehen"),
    "device": _l("Gerät"),
    "network": _l("Netz"),
    "detail": _l("Einzelheiten"),
    "ready_at": _l("Fertig am"),
    "expires_at": _l("Gültig bis"),
    "downloaded_at": _l("Heruntergeladen am"),
    "size_bytes": _l("Größe (Bytes)"),
}
