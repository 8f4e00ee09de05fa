"""The jury: each juror scores each submitted application per criterion, once, with a
comment; the others' scores open to them only after their own; a juror who is a member of
the applying organisation is recused ("befangen") and left out of the average."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import RoleAssignment
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid
from participation.core.permissions import require
from participation.extensions import db
from participation.fund.models import FundApplication, FundCall, FundReview, FundScore

COMMENT_MAX = 5_000


@dataclass
class Standing:
    """What the jury made of one application."""

    reviews: list[FundReview]
    average: float | None


def weighted(call: FundCall, values: dict[int, int]) -> float:
    total = sum(c.weight for c in call.criteria)
    return sum(c.weight * values[c.id] for c in call.criteria) / total


def submit_review(
    *, actor, application: FundApplication, values: dict[int, int | None], comment: str
) -> FundReview:
    """The actor's scores for every criterion of the call (0..scale) and a comment."""
    require(actor, "score_fund_application", application)
    call = application.call
    checked: dict[int, int] = {}
    for criterion in call.criteria:
        value = values.get(criterion.id)
        if value is None or not 0 <= value <= call.score_scale:
            raise Invalid(
                _("Bitte bewerten Sie jedes Kriterium von 0 bis %(max)d.", max=call.score_scale),
                field=f"k{criterion.id}",
            )
        checked[criterion.id] = value
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid(_("Höchstens 5.000 Zeichen."), field="comment")
    if review_of(actor, application) is not None:
        raise Conflict(_("Sie haben diesen Antrag schon bewertet."))
    review = FundReview(
        application_id=application.id,
        juror_id=actor.id,
        juror_name=actor.pseudonym,
        comment=comment,
        weighted=round(weighted(call, checked), 3),
        submitted_at=utcnow(),
        scores=[FundScore(criterion_id=cid, value=value) for cid, value in checked.items()],
    )
    db.session.add(review)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(_("Sie haben diesen Antrag schon bewertet.")) from error
    return review


def review_of(actor, application: FundApplication) -> FundReview | None:
    return db.session.scalar(
        select(FundReview).where(
            FundReview.application_id == application.id, FundReview.juror_id == actor.id
        )
    )


def reviewed_ids(actor, call: FundCall) -> set[int]:
    """The applications of `call` the actor has scored."""
    return set(
        db.session.scalars(
            select(FundReview.application_id)
            .join(FundApplication, FundApplication.id == FundReview.application_id)
            .where(FundApplication.call_id == call.id, FundReview.juror_id == actor.id)
        )
    )


def standings(applications: list[FundApplication]) -> dict[int, Standing]:
    """Reviews and weighted average per application, in two queries whatever the number:
    a review by a member of the applying organisation (who joined it after scoring) is
    shown but left out of the average."""
    ids = [a.id for a in applications]
    reviews = (
        list(
            db.session.scalars(
                select(FundReview)
                .where(FundReview.application_id.in_(ids))
                .order_by(FundReview.submitted_at, FundReview.id)
            )
        )
        if ids
        else []
    )
    jurors = {r.juror_id for r in reviews if r.juror_id is not None}
    memberships = (
        {
            (row.user_id, row.organisation_id)
            for row in db.session.execute(
                select(RoleAssignment.user_id, RoleAssignment.organisation_id).where(
                    RoleAssignment.role == "partner_member", RoleAssignment.user_id.in_(jurors)
                )
            )
        }
        if jurors
        else set()
    )
    result: dict[int, Standing] = {}
    for application in applications:
        own = [r for r in reviews if r.application_id == application.id]
        counted = [
            r.weighted for r in own if (r.juror_id, application.organisation_id) not in memberships
        ]
        average = round(sum(counted) / len(counted), 2) if counted else None
        result[application.id] = Standing(own, average)
    return result


def jury_applications(call: FundCall) -> list[FundApplication]:
    """Everything the jury sees: submitted and decided applications (not drafts)."""
    return list(
        db.session.scalars(
            select(FundApplication)
            .where(FundApplication.call_id == call.id, FundApplication.status != "draft")
            .order_by(FundApplication.submitted_at, FundApplication.id)
        )
    )
