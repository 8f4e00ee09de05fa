"""Reference data tables: districts (Stadtbezirke), quarters (Stadtteile), action fields."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db


class District(db.Model):
    """One of the city's 13 districts, code "01".."13"."""

    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    quarters: Mapped[list[Quarter]] = relationship(
        back_populates="district", order_by="Quarter.position", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<District {self.code} {self.name}>"


class Quarter(db.Model):
    """A quarter (Stadtteil) within a district."""

    __tablename__ = "quarter"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    district: Mapped[District] = relationship(back_populates="quarters")


class ActionField(db.Model):
    """A Handlungsfeld of the city's urban development concept."""

    __tablename__ = "action_field"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    guiding_question: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
