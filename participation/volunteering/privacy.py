"""What an account deletion does with a resident's part in the Freiwilligenbörse
(participation/privacy calls it): their interests and saved searches go, and the
opportunities' counters of interest move with them."""

from __future__ import annotations

from sqlalchemy import case, delete, func, select, update

from participation.extensions import db
from participation.volunteering.models import (
    VolunteerInterest,
    VolunteerOpportunity,
    VolunteerSearch,
)


def remove_interests(run, uid: int) -> None:
    # Interests still counted (not withdrawn) per opportunity: one UPDATE each (a person
    # shows interest in a handful).
    counted = db.session.execute(
        select(VolunteerInterest.opportunity_id, func.count(VolunteerInterest.id))
        .where(VolunteerInterest.user_id == uid, VolunteerInterest.status != "withdrawn")
        .group_by(VolunteerInterest.opportunity_id)
    ).all()
    for opportunity_id, number in counted:
        run(
            "volunteer_opportunity_counts",
            update(VolunteerOpportunity)
            .where(VolunteerOpportunity.id == opportunity_id)
            .values(
                interest_count=case(
                    (
                        VolunteerOpportunity.interest_count > number,
                        VolunteerOpportunity.interest_count - number,
                    ),
                    else_=0,
                )
            )
            .execution_options(synchronize_session=False),
        )
    run("volunteer_interest", delete(VolunteerInterest).where(VolunteerInterest.user_id == uid))
    run("volunteer_search", delete(VolunteerSearch).where(VolunteerSearch.user_id == uid))
