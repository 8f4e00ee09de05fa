"""Partner organisations; the network issue adds agreements, contributions and governance."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db

ORGANISATION_KINDS = (
    "welfare_association",
    "migrant_organisation",
    "self_help",
    "municipal_office",
    "initiative",
    "media",
    "other",
)
ORGANISATION_STATUSES = ("applied", "active", "left")


class PartnerOrganisation(TimestampMixin, db.Model):
    """An organisation of the network; scope of the partner_member role."""

    __tablename__ = "partner_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    status: Mapped[str] = mapped_column(String(20), default="applied")
