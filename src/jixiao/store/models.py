"""The database schema (SQLAlchemy 2): source documents, forms and their rows, findings.

Numbers printed on a form are stored as their exact text (``"5.00"`` stays
``"5.00"``), so a stored form renders as printed; the few values lists are
filtered and sorted by (total score, execution rate) get a numeric twin.
Every form row carries a ``version`` used for optimistic locking: a save
based on a stale version is refused, never applied over another's change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Amount = String(40)  # an exact decimal as printed


class Base(DeclarativeBase):
    """Declarative base of jixiao's tables."""


class Document(Base):
    """An imported source file, kept byte for byte (content-addressed by SHA-256)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    diagnostics: Mapped[list] = mapped_column(JSON, default=list)
    forms: Mapped[list[StoredForm]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                   order_by="StoredForm.position")


class StoredForm(Base):
    """One form, its header fields, the review summary used by lists and charts."""

    __tablename__ = "forms"
    __table_args__ = (
        Index("ix_forms_year", "year"), Index("ix_forms_department", "department"),
        Index("ix_forms_type", "form_type"), Index("ix_forms_grade", "grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    form_type: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(200))
    project_name: Mapped[str | None] = mapped_column(String(500))
    department: Mapped[str | None] = mapped_column(String(500))
    implementing_unit: Mapped[str | None] = mapped_column(String(500))
    amount_unit: Mapped[str | None] = mapped_column(String(8))
    project_nature: Mapped[str | None] = mapped_column(String(200))
    project_category: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    total_weight: Mapped[str | None] = mapped_column(Amount)
    total_score: Mapped[str | None] = mapped_column(Amount)
    grade: Mapped[str | None] = mapped_column(String(4))
    conclusion: Mapped[str | None] = mapped_column(Text)
    budget_deviation_reason: Mapped[str | None] = mapped_column(Text)
    project_target: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_page: Mapped[int | None] = mapped_column(Integer)
    # review summary (recomputed on every save)
    score_value: Mapped[float | None] = mapped_column(Numeric(12, 4))
    execution_rate: Mapped[float | None] = mapped_column(Numeric(12, 4))
    profile_id: Mapped[str | None] = mapped_column(String(40))
    ruleset_digest: Mapped[str | None] = mapped_column(String(40))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    full_marks: Mapped[int] = mapped_column(Integer, default=0)  # indicators at full marks
    scored: Mapped[int] = mapped_column(Integer, default=0)  # indicators with weight and score
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    document: Mapped[Document] = relationship(back_populates="forms")
    funding: Mapped[list[FundingRow]] = relationship(cascade="all, delete-orphan", order_by="FundingRow.position")
    goals: Mapped[list[GoalRow]] = relationship(cascade="all, delete-orphan", order_by="GoalRow.position")
    indicators: Mapped[list[IndicatorRow]] = relationship(cascade="all, delete-orphan",
                                                          order_by="IndicatorRow.position")
    findings: Mapped[list[FindingRow]] = relationship(cascade="all, delete-orphan", order_by="FindingRow.id")

    __mapper_args__ = {"version_id_col": version}


class FundingRow(Base):
    """One printed row of the funding block."""

    __tablename__ = "funding"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(200))
    initial_budget: Mapped[str | None] = mapped_column(Amount)
    annual_budget: Mapped[str | None] = mapped_column(Amount)
    executed: Mapped[str | None] = mapped_column(Amount)
    weight: Mapped[str | None] = mapped_column(Amount)
    execution_rate: Mapped[str | None] = mapped_column(Amount)
    score: Mapped[str | None] = mapped_column(Amount)
    amount: Mapped[str | None] = mapped_column(Amount)
    source_line: Mapped[int | None] = mapped_column(Integer)


class GoalRow(Base):
    """年度总体目标 / 年度绩效目标."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    no: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    source_line: Mapped[int | None] = mapped_column(Integer)


class IndicatorRow(Base):
    """One 三级指标 row."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    goal_no: Mapped[int | None] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(String(100))
    level2: Mapped[str | None] = mapped_column(String(100))
    level1_printed: Mapped[str | None] = mapped_column(String(100))
    level2_printed: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str | None] = mapped_column(Text)
    actual_text: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[str | None] = mapped_column(Amount)
    score: Mapped[str | None] = mapped_column(Amount)
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_page: Mapped[int | None] = mapped_column(Integer)


class FindingRow(Base):
    """One audit finding, with the profile and rule-set digest that produced it."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    indicator: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(40))
    found: Mapped[str | None] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    profile: Mapped[str | None] = mapped_column(String(40))
    ruleset_digest: Mapped[str | None] = mapped_column(String(40))
