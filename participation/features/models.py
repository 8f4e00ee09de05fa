"""The stored state of the switches: one row per module that was ever switched."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db


class FeatureSwitch(TimestampMixin, db.Model):
    """A module without a row is on: the default needs no data. (Who switched is not
    kept here: the row holds no personal data.)"""

    __tablename__ = "feature_switch"

    module: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
