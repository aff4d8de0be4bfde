"""Mutable drafts the recogniser fills row by row, frozen into the model at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import (
    Diagnostic,
    Form,
    FormType,
    Funding,
    Goal,
    Grade,
    Indicator,
    Loc,
    Severity,
)
from jixiao.model.labels import LEVEL2_PARENT, canonical_level1, canonical_level2
from jixiao.model.values import parse_value


@dataclass(slots=True)
class LabelSlot:
    """A merged 一级/二级 cell shared by the rows under it.

    A label broken by a page break (``时效`` … ``指标``) is completed later;
    every row that points at the slot then sees the whole label.
    """

    text: str
    level: int

    def canonical(self) -> str | None:
        return canonical_level1(self.text) if self.level == 1 else canonical_level2(self.text)


@dataclass(slots=True)
class IndicatorDraft:
    name: str
    loc: Loc
    level1: LabelSlot | None = None
    level2: LabelSlot | None = None
    target_text: str | None = None
    actual_text: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    goal_no: int | None = None

    def freeze(self) -> Indicator:
        level2 = self.level2.canonical() if self.level2 else None
        level1 = self.level1.canonical() if self.level1 else LEVEL2_PARENT.get(level2 or "")
        return Indicator(
            name=self.name,
            level1=level1,
            level2=level2,
            level1_printed=self.level1.text if self.level1 else None,
            level2_printed=self.level2.text if self.level2 else None,
            target_text=self.target_text,
            actual_text=self.actual_text,
            weight=self.weight,
            score=self.score,
            deviation_reason=self.deviation_reason,
            goal_no=self.goal_no,
            target=parse_value(self.target_text) if self.target_text is not None else None,
            actual=parse_value(self.actual_text) if self.actual_text is not None else None,
            loc=self.loc,
        )


@dataclass(slots=True)
class GoalDraft:
    loc: Loc
    no: int | None = None
    target: str | None = None
    actual: str | None = None
    deviation_reason: str | None = None
    last_role: str | None = None

    def freeze(self) -> Goal:
        return Goal(no=self.no, target=self.target, actual=self.actual,
                    deviation_reason=self.deviation_reason, loc=self.loc)


@dataclass(slots=True)
class FormDraft:
    """Everything read so far for one form."""

    loc: Loc
    index: int
    form_type: FormType | None = None
    title: str | None = None
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    amount_unit: str | None = None
    funding: list[Funding] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: Grade | None = None
    conclusion: str | None = None
    budget_deviation_reason: str | None = None
    project_target: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)

    def use(self, loc: Loc | None) -> None:
        """Record that the row at ``loc`` went into this form (as data or structure)."""
        if loc is not None and loc.line is not None:
            self.used_lines.update(loc.lines())

    def diag(self, code: str, severity: Severity, message: str, loc: Loc | None) -> None:
        self.diagnostics.append(Diagnostic(code, severity, message, loc, self.index))

    def infer_type(self) -> FormType:
        """The form type: from the title, else from what the form contains."""
        if self.form_type is not None:
            return self.form_type
        if "部门名称" in self.fields or any(g.no is not None for g in self.goals):
            return FormType.DEPARTMENT_SELF_EVAL
        has_eval = any(i.actual_text or i.score is not None for i in self.indicators) or any(
            f.executed is not None for f in self.funding
        )
        if has_eval or self.total_score is not None:
            return FormType.PROJECT_SELF_EVAL
        return FormType.TARGET_DECLARATION

    def freeze(self) -> Form:
        form_type = self.infer_type()
        department = self.fields.get("department") or self.fields.get("部门名称")
        return Form(
            form_type=form_type,
            year=self.year,
            title=self.title,
            project_name=None if form_type is FormType.DEPARTMENT_SELF_EVAL else self.fields.get("project_name"),
            department=department,
            implementing_unit=self.fields.get("implementing_unit"),
            amount_unit=self.amount_unit,
            project_nature=self.fields.get("project_nature"),
            project_category=self.fields.get("project_category"),
            start_date=self.start_date,
            end_date=self.end_date,
            funding=tuple(self.funding),
            goals=tuple(g.freeze() for g in self.goals),
            indicators=tuple(i.freeze() for i in self.indicators),
            total_weight=self.total_weight,
            total_score=self.total_score,
            grade=self.grade,
            conclusion=self.conclusion,
            budget_deviation_reason=self.budget_deviation_reason,
            project_target=self.project_target,
            loc=self.loc,
            extra=dict(self.extra),
        )
