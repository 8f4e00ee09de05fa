"""Moderating network items (participation/moderation/subjects.py): residents report them, the
coordination office hides them with a public reason, shows them again or dismisses the
reports. Every step is logged as a ModerationAction; reporters learn the outcome once, and
the members of the owning organisation learn why their item was hidden (once per member and
action, through the outbox). The queue of network items takes a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.links import external_url
from participation.core.pagination import clamp_page
from participation.core.permissions import require
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.moderation.models import REASONS, ModerationAction, Report
from participation.moderation.services import EXPLANATION_LENGTH, file_report
from participation.moderation.subjects import SUBJECTS, Subject, subject_of

QUEUE_PAGE_SIZE = 20


@dataclass(frozen=True)
class Item:
    """One network item and the registration of its kind."""

    subject: Subject
    obj: Any

    @property
    def kind(self) -> str:
        return self.subject.kind

    @property
    def id(self) -> int:
        return self.obj.id

    @property
    def key(self) -> str:
        """Element ids and form prefixes of the item in the queue."""
        return f"{self.kind}-{self.obj.id}"

    @property
    def title(self) -> str:
        return self.subject.title(self.obj)

    @property
    def owner(self) -> str:
        return self.subject.owner_label(self.obj)

    @property
    def text(self) -> str:
        return self.subject.text(self.obj)

    @property
    def hidden(self) -> bool:
        return self.obj.hidden_at is not None

    def local_link(self) -> str:
        return self.subject.local_link(self.obj)

    def link(self) -> str:
        return self.subject.link(self.obj)


def item_of(kind: str, item_id: int) -> Item:
    """The registered network item, or NotFound."""
    subject = subject_of(kind)
    obj = subject.get(item_id) if subject is not None else None
    if obj is None:
        raise NotFound(_("Diesen Inhalt gibt es nicht."))
    return Item(subject, obj)


def _of(item: Item):
    return and_(Report.subject_kind == item.kind, Report.subject_id == item.id)


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise Invalid(_("Bitte wählen Sie einen Grund."), field="reason")


def may_report(actor, item: Item) -> str | None:
    """None if `actor` may report the item now, or why not."""
    if not item.subject.is_published(item.obj) or item.hidden:
        return _("Dieser Inhalt ist nicht (mehr) öffentlich.")
    if item.subject.owned_by(actor, item.obj):
        return _("Inhalte Ihrer eigenen Organisation melden Sie nicht; Sie können sie ändern.")
    return None


def report(*, actor, item: Item, reason: str, note: str = "") -> Report:
    """A signed-in, unblocked account reports a public network item; one open report per
    person and item. The reporter gets a confirmation by mail."""
    require(actor, "report_content")
    refusal = may_report(actor, item)
    if refusal is not None:
        raise Conflict(refusal)
    file_report(
        actor,
        reason=reason,
        note=note,
        link=item.link(),
        already=_("Sie haben diesen Inhalt bereits gemeldet. Die Moderation prüft ihn."),
        subject_kind=item.kind,
        subject_id=item.id,
    )
    db.session.commit()
    return db.session.scalar(
        select(Report).where(_of(item), Report.reporter_id == actor.id, Report.status == "open")
    )


def _log(actor, action: str, item: Item, **fields) -> ModerationAction:
    entry = ModerationAction(
        created_at=utcnow(),
        actor_id=actor.id,
        action=action,
        subject_kind=item.kind,
        subject_id=item.id,
        **fields,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _close_reports(item: Item, status: str, actor) -> list[tuple[int, int, str]]:
    """Settle the item's open reports; (report id, reporter id, reason) of those this
    transaction's UPDATE closed (a concurrent decision finds none)."""
    return list(
        db.session.execute(
            update(Report)
            .where(Report.status == "open", _of(item))
            .values(status=status, decided_at=utcnow(), decided_by_id=actor.id)
            .returning(Report.id, Report.reporter_id, Report.reason)
            .execution_options(synchronize_session=False)
        ).all()
    )


def _tell_reporters(item: Item, decision: str, closed: list[tuple[int, int, str]]) -> None:
    """Each report the decision settled: its reporter learns the outcome once."""
    from participation.accounts.models import User

    reporter_of = {report_id: reporter_id for report_id, reporter_id, _reason in closed}
    people = {
        user.id: user
        for user in db.session.scalars(select(User).where(User.id.in_(set(reporter_of.values()))))
    }
    for report_id, reporter_id in reporter_of.items():
        reporter = people.get(reporter_id)
        if reporter is None:
            continue
        queue_mail(
            recipient=reporter.email,
            subject=_("Ihre Meldung ist entschieden"),
            template="report_decided",
            key=f"report_decided:{report_id}",
            pseudonym=reporter.pseudonym,
            decision=decision,
            link=item.link(),
        )


def _tell_owners(item: Item, entry: ModerationAction, template: str, subject: str) -> None:
    """The members of the owning organisation, once per member and action."""
    for owner in item.subject.owners(item.obj):
        queue_mail(
            recipient=owner.email,
            subject=subject,
            template=template,
            key=f"{template}:{entry.id}:{owner.id}",
            pseudonym=owner.pseudonym,
            label=str(item.subject.label),
            title=item.title,
            owner=item.owner,
            reason=str(REASONS.get(entry.reason, "")),
            explanation=entry.explanation,
            link=item.link(),
            netiquette=external_url("pages.netiquette"),
        )


def _check_explanation(explanation: str) -> str:
    explanation = (explanation or "").strip()
    if not 10 <= len(explanation) <= EXPLANATION_LENGTH:
        raise Invalid(
            _("Bitte erklären Sie in 10 bis 1.000 Zeichen, warum der Inhalt ausgeblendet wird."),
            field="explanation",
        )
    return explanation


def _set_hidden(item: Item, hidden: bool, **values) -> bool:
    """Hide or show with an UPDATE that changes the row only from the other state."""
    model = item.subject.model
    state = model.hidden_at.is_(None) if hidden else model.hidden_at.is_not(None)
    return bool(
        db.session.execute(
            update(model)
            .where(model.id == item.id, state)
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def hide(*, actor, item: Item, reason: str, explanation: str) -> ModerationAction:
    """Hide a network item with a reason and a public explanation: it leaves every public
    list, its page shows the reason; its open reports are settled and the reporters told,
    and the owning organisation's members learn why."""
    require(actor, "moderate_network")
    _check_reason(reason)
    explanation = _check_explanation(explanation)
    if not _set_hidden(
        item, True, hidden_at=utcnow(), hidden_reason=reason, hidden_explanation=explanation
    ):
        db.session.rollback()
        raise Conflict(_("Dieser Inhalt ist schon ausgeblendet."))
    closed = _close_reports(item, "actioned", actor)
    entry = _log(actor, "hide", item, reason=reason, explanation=explanation)
    _tell_reporters(item, _("Der Inhalt wurde ausgeblendet."), closed)
    _tell_owners(
        item, entry, "network_item_hidden", _("Die Moderation hat einen Inhalt ausgeblendet")
    )
    db.session.commit()
    db.session.refresh(item.obj)
    return entry


def restore(*, actor, item: Item, explanation: str = "") -> ModerationAction:
    """Show a hidden network item again; the owning organisation's members are told."""
    require(actor, "moderate_network")
    if not _set_hidden(item, False, hidden_at=None, hidden_reason="", hidden_explanation=""):
        db.session.rollback()
        raise Conflict(_("Dieser Inhalt ist nicht ausgeblendet."))
    entry = _log(actor, "restore", item, explanation=explanation.strip()[:EXPLANATION_LENGTH])
    _tell_owners(item, entry, "network_item_restored", _("Ihr Inhalt ist wieder sichtbar"))
    db.session.commit()
    db.session.refresh(item.obj)
    return entry


def dismiss(*, actor, item: Item) -> ModerationAction:
    """Close the item's open reports without action; the reporters learn the outcome."""
    require(actor, "moderate_network")
    closed = _close_reports(item, "dismissed", actor)
    if not closed:
        db.session.rollback()
        raise Conflict(_("Über die Meldungen zu diesem Inhalt ist schon entschieden."))
    reasons = Counter(reason for _id, _reporter, reason in closed)
    entry = _log(actor, "dismiss", item, reason=reasons.most_common(1)[0][0])
    _tell_reporters(
        item, _("Der Inhalt verstößt nach Prüfung nicht gegen die Netiquette und bleibt."), closed
    )
    db.session.commit()
    return entry


def forget(kind: str, item_ids) -> None:
    """Delete the reports and moderation steps of items that are deleted themselves (they
    name the item by kind and id, without a foreign key); in the caller's transaction."""
    from sqlalchemy import delete

    ids = list(item_ids)
    if not ids:
        return
    db.session.execute(
        delete(Report).where(Report.subject_kind == kind, Report.subject_id.in_(ids))
    )
    db.session.execute(
        delete(ModerationAction).where(
            ModerationAction.subject_kind == kind, ModerationAction.subject_id.in_(ids)
        )
    )


# --- what the coordination office reads -----------------------------------------------------


@dataclass
class Entry:
    item: Item
    reports: list[Report] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def main_reason(self) -> str:
        reasons = Counter(r.reason for r in self.reports)
        return reasons.most_common(1)[0][0] if reasons else "other"


@dataclass
class QueuePage:
    entries: list[Entry]
    page: int
    pages: int
    total: int


def _objects(wanted: dict[str, set[int]]) -> dict[tuple[str, int], Any]:
    """The items by (kind, id): one query per registered kind that has any."""
    found = {}
    for kind, ids in wanted.items():
        subject = SUBJECTS[kind]
        model = subject.model
        for obj in db.session.scalars(select(model).where(model.id.in_(ids))).unique():
            found[(kind, obj.id)] = obj
    return found


def _open_groups():
    return (
        select(
            Report.subject_kind,
            Report.subject_id,
            func.min(Report.created_at).label("first"),
            func.min(Report.id).label("first_id"),
        )
        .where(
            Report.status == "open",
            Report.subject_id.is_not(None),
            Report.subject_kind.in_(tuple(SUBJECTS)),
        )
        .group_by(Report.subject_kind, Report.subject_id)
    )


def open_count():
    """The number of network items with open reports, as a scalar subquery."""
    return select(func.count()).select_from(_open_groups().subquery()).scalar_subquery()


def subject_queue(*, actor, page: int = 1) -> QueuePage:
    """Network items with open reports, the longest-waiting first, each with all its open
    reports: three queries, plus one per registered kind on the page."""
    require(actor, "moderate_network")
    groups = _open_groups()
    total = db.session.scalar(select(func.count()).select_from(groups.subquery())) or 0
    page, pages = clamp_page(total, page, QUEUE_PAGE_SIZE)
    rows = db.session.execute(
        groups.order_by("first", "first_id")
        .offset((page - 1) * QUEUE_PAGE_SIZE)
        .limit(QUEUE_PAGE_SIZE)
    ).all()
    order = [(row.subject_kind, row.subject_id) for row in rows]
    wanted: dict[str, set[int]] = {}
    for kind, item_id in order:
        wanted.setdefault(kind, set()).add(item_id)
    reports_by: dict[tuple, list[Report]] = {key: [] for key in order}
    if wanted:
        reports = db.session.scalars(
            select(Report)
            .where(
                Report.status == "open",
                or_(
                    *(
                        and_(Report.subject_kind == kind, Report.subject_id.in_(ids))
                        for kind, ids in wanted.items()
                    )
                ),
            )
            .order_by(Report.created_at, Report.id)
        ).unique()
        for report in reports:
            reports_by.setdefault((report.subject_kind, report.subject_id), []).append(report)
    objects = _objects(wanted)
    entries = [
        Entry(Item(SUBJECTS[kind], objects[(kind, item_id)]), reports=reports_by[(kind, item_id)])
        for kind, item_id in order
        if (kind, item_id) in objects
    ]
    return QueuePage(entries, page, pages, total)


@dataclass
class Record:
    entry: Entry
    reports: list[Report]
    actions: list[ModerationAction]


def record_of(*, actor, item: Item) -> Record:
    """Everything the office sees about one item: all reports and every step; two queries."""
    require(actor, "moderate_network")
    reports = list(
        db.session.scalars(
            select(Report).where(_of(item)).order_by(Report.created_at, Report.id)
        ).unique()
    )
    actions = list(
        db.session.scalars(
            select(ModerationAction)
            .where(
                ModerationAction.subject_kind == item.kind, ModerationAction.subject_id == item.id
            )
            .order_by(ModerationAction.created_at, ModerationAction.id)
        ).unique()
    )
    entry = Entry(item, [r for r in reports if r.status == "open"])
    return Record(entry, reports, actions)
