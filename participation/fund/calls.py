"""Calls of the fund (Ausschreibungen): written by the office, opened, listed publicly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from participation.accounts.models import RoleAssignment, User
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.pagination import Page, fetch_page
from participation.core.permissions import require
from participation.core.sanitize import render_markdown
from participation.extensions import db
from participation.fund.models import FUNDED, FundApplication, FundCall, FundCriterion, FundJuror
from participation.fund.money import parse_euros
from participation.network.elections import speaker_group

TEXT_MAX = 20_000
CRITERIA_MAX = 10
PAGE_SIZE = 50


@dataclass
class CallInput:
    title: str = ""
    description: str = ""
    budget: str = ""
    maximum: str = ""
    deadline: datetime | None = None
    criteria: str = ""
    seal_required: bool = False
    score_scale: int = 5
    juror_ids: tuple[int, ...] = ()


def parse_criteria(text: str) -> list[tuple[str, int]]:
    """One criterion a line: "Name; Gewicht" (weight 1–5, 1 when left out)."""
    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, sep, weight = line.rpartition(";")
        if not sep:
            name, weight = line, "1"
        name, weight = name.strip(), weight.strip()
        if not name or len(name) > 200 or not weight.isdigit() or not 1 <= int(weight) <= 5:
            raise Invalid(
                _("Jede Zeile: Name; Gewicht von 1 bis 5 (z. B. „Wirkung; 3“)."),
                field="criteria",
            )
        rows.append((name, int(weight)))
    if not 1 <= len(rows) <= CRITERIA_MAX:
        raise Invalid(_("Bitte nennen Sie 1 bis 10 Kriterien."), field="criteria")
    if len({name.casefold() for name, _w in rows}) != len(rows):
        raise Invalid(_("Jedes Kriterium nur einmal, bitte."), field="criteria")
    return rows


def jury_candidates() -> list[User]:
    """The office and the members of the speaker group's organisations."""
    coordinating, _current, elected = speaker_group()
    group = [o.id for o in coordinating] + [n.organisation_id for n in elected]
    held = select(RoleAssignment.user_id).where(
        or_(
            RoleAssignment.role.in_(("coordinator", "admin")),
            (RoleAssignment.role == "partner_member") & RoleAssignment.organisation_id.in_(group),
        )
    )
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(held), User.deleted_at.is_(None))
            .order_by(User.pseudonym, User.id)
        )
    )


def _checked(data: CallInput, *, editing_open: bool) -> dict:
    title = (data.title or "").strip()
    if not title or len(title) > 200:
        raise Invalid(_("Bitte geben Sie einen Titel an (höchstens 200 Zeichen)."), field="title")
    description = (data.description or "").strip()
    if not description or len(description) > TEXT_MAX:
        raise Invalid(_("Bitte beschreiben Sie die Ausschreibung."), field="description")
    budget = parse_euros(data.budget, field="budget")
    maximum = parse_euros(data.maximum, field="maximum")
    if maximum > budget:
        raise Invalid(_("Der Höchstbetrag darf das Budget nicht übersteigen."), field="maximum")
    if data.deadline is None or not 2000 <= data.deadline.year <= 2100:
        raise Invalid(_("Bitte wählen Sie einen Bewerbungsschluss."), field="deadline")
    if data.deadline <= utcnow() and not editing_open:
        raise Invalid(_("Der Bewerbungsschluss muss in der Zukunft liegen."), field="deadline")
    if data.score_scale not in (5, 10):
        raise Invalid(_("Bitte wählen Sie eine Skala."), field="score_scale")
    candidates = {user.id for user in jury_candidates()}
    jurors = set(data.juror_ids)
    if not jurors or not jurors <= candidates:
        raise Invalid(
            _(
                "Bitte wählen Sie die Jury aus der Koordinierungsstelle "
                "und der Sprecher*innengruppe."
            ),
            field="jurors",
        )
    return {
        "title": title,
        "description": description,
        "budget": budget,
        "maximum": maximum,
        "criteria": parse_criteria(data.criteria),
        "jurors": jurors,
    }


def save_call(*, actor, data: CallInput, call: FundCall | None = None) -> FundCall:
    """Write a new call, or change a draft."""
    require(actor, "manage_fund")
    if call is not None and call.status != "draft":
        raise Conflict(_("Eine eröffnete Ausschreibung wird nicht mehr geändert."))
    checked = _checked(data, editing_open=False)
    if call is None:
        call = FundCall(created_by_id=actor.id, status="draft")
        db.session.add(call)
    call.title = checked["title"]
    call.description_markdown = checked["description"]
    call.description_html = render_markdown(checked["description"])
    call.budget_cents, call.max_per_application_cents = checked["budget"], checked["maximum"]
    call.deadline = data.deadline
    call.seal_required, call.score_scale = bool(data.seal_required), data.score_scale
    call.criteria = [
        FundCriterion(position=i, name=name, weight=weight)
        for i, (name, weight) in enumerate(checked["criteria"])
    ]
    call.jurors = [FundJuror(user_id=user_id) for user_id in sorted(checked["jurors"])]
    db.session.commit()
    return call


def open_call(*, actor, call: FundCall) -> None:
    require(actor, "manage_fund")
    if call.status != "draft":
        raise Conflict(_("Die Ausschreibung ist schon eröffnet."))
    if call.deadline <= utcnow():
        raise Conflict(_("Der Bewerbungsschluss liegt in der Vergangenheit."))
    call.status, call.opened_at = "open", utcnow()
    db.session.commit()


def get_call(call_id: int, *, actor) -> FundCall:
    call = db.session.get(FundCall, call_id)
    if call is None or (call.status == "draft" and not _office(actor)):
        raise NotFound(_("Diese Ausschreibung gibt es nicht."))
    return call


def _office(actor) -> bool:
    from participation.projects.permissions import is_office

    return is_office(actor)


def staff_calls(*, page: int) -> Page:
    return fetch_page(db.session, FundCall, (), (FundCall.deadline.desc(), FundCall.id), page, 20)


def open_calls() -> list[FundCall]:
    """Calls taking applications now, the next deadline first."""
    return list(
        db.session.scalars(
            select(FundCall)
            .where(FundCall.status == "open", FundCall.deadline > utcnow())
            .order_by(FundCall.deadline, FundCall.id)
        )
    )


def funded_projects(*, page: int, call: FundCall | None = None) -> Page:
    """Funded projects (not hidden), grouped by call in the order of their calls."""
    conditions = [FundApplication.status.in_(FUNDED), FundApplication.hidden_at.is_(None)]
    if call is not None:
        conditions.append(FundApplication.call_id == call.id)
    order = (FundApplication.call_id.desc(), FundApplication.title, FundApplication.id)
    return fetch_page(db.session, FundApplication, conditions, order, page, PAGE_SIZE)
