"""User accounts and their role assignments."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import District
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

ROLES = ("resident", "district_manager", "coordinator", "partner_member", "admin")
STAFF_ROLES = frozenset({"district_manager", "coordinator", "admin"})


class User(UserMixin, TimestampMixin, db.Model):
    """A person with an account; appears in public only under their pseudonym."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    pseudonym: Mapped[str] = mapped_column(String(40))
    pseudonym_key: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None]
    # Bumped on logout-everywhere and password change; part of the session and
    # remember-me identity, so every older session stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    # Set by moderation (issue 4): a blocked user may read but not write until then.
    blocked_until: Mapped[datetime | None]
    blocked_reason: Mapped[str] = mapped_column(Text, default="")

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def is_blocked(self, now: datetime) -> bool:
        return self.blocked_until is not None and self.blocked_until > now

    def has_role(self, role: str) -> bool:
        return any(a.role == role for a in self.roles)

    @property
    def role_names(self) -> set[str]:
        return {a.role for a in self.roles}

    @property
    def is_staff(self) -> bool:
        return bool(self.role_names & STAFF_ROLES)

    def district_ids(self) -> set[int]:
        """Districts this user manages."""
        return {a.district_id for a in self.roles if a.role == "district_manager"}

    def organisation_ids(self) -> set[int]:
        return {a.organisation_id for a in self.roles if a.role == "partner_member"}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.pseudonym!r}>"


class RoleAssignment(TimestampMixin, db.Model):
    """A role held by a user, scoped to a district or an organisation where the role needs one."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "district_id", "organisation_id"),
        CheckConstraint(
            "(role = 'district_manager') = (district_id IS NOT NULL)", name="district_scope"
        ),
        CheckConstraint(
            "(role = 'partner_member') = (organisation_id IS NOT NULL)",
            name="organisation_scope",
        ),
        CheckConstraint(
            "role IN ('resident', 'district_manager', 'coordinator', 'partner_member', 'admin')",
            name="known_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(30))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partner_organisation.id"))

    user: Mapped[User] = relationship(back_populates="roles")
    district: Mapped[District | None] = relationship(lazy="joined")
    organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")
