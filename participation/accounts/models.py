"""User accounts and their role assignments."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import District
from participation.extensions import db
from participation.marketplace.models import Company
from participation.partners.models import PartnerOrganisation

ROLES = (
    "resident",
    "district_manager",
    "coordinator",
    "partner_member",
    "admin",
    "council_member",
    # A member of a company taking part in the marketplace (participation/marketplace/).
    "company_member",
)
STAFF_ROLES = frozenset({"district_manager", "coordinator", "admin"})
# Members of a district council (Bezirksrat) or, without a district, of the city council:
# they read the administration's work of their district before it is public, but change
# nothing, so they are no staff (participation/councillors/).
COUNCIL_ROLE = "council_member"


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
    # Set when the account was deleted: the row stays, without personal data, so that the
    # contributions it wrote read as "gelöschtes Konto" (participation/privacy/deletion.py).
    deleted_at: Mapped[datetime | None]

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The key of the browser session this object was loaded for or is signing in with
    # (participation/accounts/sessions.py); not a column.
    session_key = ""

    def get_id(self) -> str:
        """The identity Flask-Login keeps in the session and the remember-me cookie: the
        account, its session version (ends every session at once) and this session's key
        (ends this one)."""
        return f"{self.id}:{self.session_version}:{self.session_key}"

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

    def council_district_ids(self) -> set[int | None]:
        """Districts whose council this user sits on; None stands for the city council,
        which sees every district."""
        return {a.district_id for a in self.roles if a.role == COUNCIL_ROLE}

    def organisation_ids(self) -> set[int]:
        return {a.organisation_id for a in self.roles if a.role == "partner_member"}

    def company_ids(self) -> set[int]:
        return {a.company_id for a in self.roles if a.role == "company_member"}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.pseudonym!r}>"


class RoleAssignment(TimestampMixin, db.Model):
    """A role held by a user, scoped to a district or an organisation where the role needs one."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "district_id", "organisation_id"),
        # A district manager has a district; a council member may have one (a district
        # council) or none (the city council); every other role has none.
        CheckConstraint(
            "(role = 'district_manager' AND district_id IS NOT NULL)"
            " OR role = 'council_member'"
            " OR (role <> 'district_manager' AND district_id IS NULL)",
            name="district_scope",
        ),
        CheckConstraint(
            "(role = 'partner_member') = (organisation_id IS NOT NULL)",
            name="organisation_scope",
        ),
        CheckConstraint(
            "(role = 'company_member') = (company_id IS NOT NULL)",
            name="company_scope",
        ),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")",
            name="known_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(30))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partner_organisation.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship(back_populates="roles")
    district: Mapped[District | None] = relationship(lazy="joined")
    organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")
    company: Mapped[Company | None] = relationship(lazy="joined")


class AccountSession(db.Model):
    """One signed-in browser: what the person sees on /konto/sitzungen and can end.

    The cookie holds a random key; only its hash is stored. The session version on the
    user still ends every session at once.
    """

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The user's session version when the session began: a row of an older version is a
    # session that "sign out everywhere" (or a password change) has ended.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    # A short description of the browser and system, never the whole user-agent string.
    device: Mapped[str] = mapped_column(String(120), default="")
    # The client's network with the host part removed (an IPv4 /24, an IPv6 /48).
    network: Mapped[str] = mapped_column(String(50), default="")


class TwoFactor(TimestampMixin, db.Model):
    """A person's TOTP authenticator; active once confirmed with a first code."""

    __tablename__ = "two_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None]
    # The last 30-second step a code was accepted for: a code cannot be used twice.
    last_step: Mapped[int] = mapped_column(default=0)


class WebAuthnCredential(TimestampMixin, db.Model):
    """A passkey or security key (WebAuthn): another method of the second factor.

    Only the public key, the credential's id and its signature counter are stored; the
    private key and any fingerprint or face stay in the person's device.
    """

    __tablename__ = "webauthn_credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # base64url, as browsers send it; up to 1023 bytes by the specification.
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The authenticator's signature counter: a count that does not move forward points to
    # a cloned key (many passkeys always report 0, which is allowed).
    sign_count: Mapped[int] = mapped_column(default=0)
    # A label the person gives it ("YubiKey", "Telefon").
    name: Mapped[str] = mapped_column(String(60))
    last_used_at: Mapped[datetime | None]


class RecoveryCode(db.Model):
    """One of ten single-use codes for a lost authenticator; only a keyed hash is stored."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class SignInFailure(db.Model):
    """A wrong password, keyed by hashes of the account and of the client's address.

    Failures of one client on one account stop that client; failures on one account from
    everywhere make a correct password wait for a mailed link instead of locking the owner
    out (participation/accounts/lockout.py).
    """

    __tablename__ = "sign_in_failure"
    __table_args__ = (
        Index("ix_sign_in_failure_account", "account_key", "created_at"),
        Index("ix_sign_in_failure_pair", "account_key", "client_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(24))
    client_key: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime]


ACCOUNT_ACTIONS = (
    "grant_role",
    "revoke_role",
    "reset_two_factor",
    "delete_account",
    "block",
    "unblock",
)


class AccountAudit(db.Model):
    """What administrators (or the command line, actor None) did to an account."""

    __tablename__ = "account_audit"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in ACCOUNT_ACTIONS) + ")",
            name="known_action",
        ),
        Index("ix_account_audit_user", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    # What changed, in words that name no personal data (a role and its scope, a reason).
    detail: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
