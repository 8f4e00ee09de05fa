"""The local copy of the council's papers and their consultations, and the sync's state.

Processes name papers by reference through `projects.CouncilDocument` ("1234/2026"); the
copy is matched to them by `reference`, so a link typed before the paper was fetched (or
without OPARL_URL) keeps working and shows the paper once the sync brings it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db


class CouncilPaper(db.Model):
    """A paper (oparl:Paper) as last fetched. A paper the server marks deleted keeps its
    last known state with `deleted` set, so the process page can say it was removed."""

    __tablename__ = "council_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    oparl_id: Mapped[str] = mapped_column(String(500), unique=True)
    reference: Mapped[str] = mapped_column(String(100), default="", index=True)
    name: Mapped[str] = mapped_column(String(500), default="")
    paper_type: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[date | None] = mapped_column(Date)
    # The council's own page of the paper (oparl `web`); http(s) only, checked on import.
    web_url: Mapped[str] = mapped_column(String(500), default="")
    # {"name": …, "url": …} and a list of those; the files stay on the council's server.
    main_file: Mapped[dict | None] = mapped_column(JSON)
    auxiliary_files: Mapped[list] = mapped_column(JSON, default=list)
    modified: Mapped[datetime | None]
    deleted: Mapped[bool] = mapped_column(default=False)
    fetched_at: Mapped[datetime]

    consultations: Mapped[list[CouncilConsultation]] = relationship(
        back_populates="paper",
        cascade="all, delete-orphan",
        order_by="CouncilConsultation.position",
        lazy="select",
    )


class CouncilConsultation(db.Model):
    """One consultation (oparl:Consultation) of a paper: which body dealt with it, at which
    meeting, in which role, and what it resolved (the agenda item's `result`)."""

    __tablename__ = "council_consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(
        ForeignKey("council_paper.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    organization: Mapped[str] = mapped_column(String(300), default="")
    meeting_name: Mapped[str] = mapped_column(String(300), default="")
    meeting_start: Mapped[datetime | None]
    meeting_cancelled: Mapped[bool] = mapped_column(default=False)
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    # True: the body decides on the paper here (oparl `authoritative`); None: not said.
    authoritative: Mapped[bool | None]
    result: Mapped[str] = mapped_column(String(300), default="")

    paper: Mapped[CouncilPaper] = relationship(back_populates="consultations")

    @property
    def decided(self) -> bool:
        """The deciding body has dealt with the paper and a result is published."""
        return bool(self.authoritative and self.result)


class CouncilSyncState(db.Model):
    """One row: how far the local copy reaches and how the last attempt went."""

    __tablename__ = "council_sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The start of the last successful run: the next run asks for `modified_since` it.
    synced_until: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
