"""Who follows what: processes, proposals, partner organisations and working groups."""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db


class ProcessFollow(TimestampMixin, db.Model):
    """A person follows a process (e.g. a planned one, to hear when it opens); one row per
    person and process, enforced by the unique constraint."""

    __tablename__ = "process_follow"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class ProposalFollow(TimestampMixin, db.Model):
    """A person follows a proposal: its answer, official comments and new comments."""

    __tablename__ = "proposal_follow"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class OrganisationFollow(TimestampMixin, db.Model):
    """A person follows a partner organisation: its new statements, events and offers."""

    __tablename__ = "organisation_follow"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )


class WorkingGroupFollow(TimestampMixin, db.Model):
    """A person follows a working group of the network: its meetings and documents."""

    __tablename__ = "working_group_follow"
    __table_args__ = (UniqueConstraint("working_group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
