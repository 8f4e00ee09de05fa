"""What an account deletion does with the fund's rows (participation/privacy calls it).

Applications belong to their organisation and stay; only the link to the member who wrote
them goes. A juror's reviews stay, without the person (no id, no name): the scores and
comments explain the office's decisions, which stand after the juror has left. The jury
seats themselves go.
"""

from __future__ import annotations

from sqlalchemy import delete, update

from participation.fund.models import FundApplication, FundCall, FundJuror, FundReview


def erase_person(run, uid: int) -> None:
    run(
        "fund_review",
        update(FundReview).where(FundReview.juror_id == uid).values(juror_id=None, juror_name=""),
    )
    run("fund_juror", delete(FundJuror).where(FundJuror.user_id == uid))
    run(
        "fund_application_author",
        update(FundApplication)
        .where(FundApplication.created_by_id == uid)
        .values(created_by_id=None),
    )
    run(
        "fund_application_decider",
        update(FundApplication)
        .where(FundApplication.decided_by_id == uid)
        .values(decided_by_id=None),
    )
    run(
        "fund_call_author",
        update(FundCall).where(FundCall.created_by_id == uid).values(created_by_id=None),
    )
