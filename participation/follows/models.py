"""Who follows what: processes, proposals, partner organisations and working groups."""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db


class FollowRow(TimestampMixin):
    """What every follow table holds besides the followed item: one row per person and
    item, enforced by each table's unique constraint."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class ProcessFollow(FollowRow, db.Model):
    """A person follows a process (e.g. a planned one, to hear when it opens)."""

    __tablename__ = "process_follow"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )


class ProposalFollow(FollowRow, db.Model):
    """A person follows a proposal: its answer, official comments and new comments."""

    __tablename__ = "proposal_follow"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )


class OrganisationFollow(FollowRow, db.Model):
    """A person follows a partner organisation: its new statements, events and offers."""

    __tablename__ = "organisation_follow"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )


class WorkingGroupFollow(FollowRow, db.Model):
    """A person follows a working group of the network: its meetings and documents."""

    __tablename__ = "working_group_follow"
    __table_args__ = (UniqueConstraint("working_group_id", "user_id"),)

    working_group_id: Mapped[int] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
