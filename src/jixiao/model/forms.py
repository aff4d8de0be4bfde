"""The typed form model: 项目支出绩效自评表, 绩效目标申报表, 部门整体支出绩效自评表.

Records are frozen dataclasses. Field names follow ``shared/contract/forms.md``
exactly, so that rendering the contract JSON is mechanical. Amounts, weights,
rates and scores are :class:`~decimal.Decimal`, never float. Every record
built from a document carries a :class:`Loc` pointing back to its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.model.loc import Loc
from jixiao.model.values import ParsedValue


class FormType(StrEnum):
    """The three form types, valued as in the contract."""

    PROJECT_SELF_EVAL = "project_self_eval"  # 项目支出绩效自评表
    TARGET_DECLARATION = "target_declaration"  # 项目支出绩效目标申报表
    DEPARTMENT_SELF_EVAL = "department_self_eval"  # 部门整体支出绩效自评表

    @property
    def label(self) -> str:
        """The Chinese name of the form type."""
        return _FORM_LABELS[self]


_FORM_LABELS = {
    FormType.PROJECT_SELF_EVAL: "项目支出绩效自评表",
    FormType.TARGET_DECLARATION: "项目支出绩效目标申报表",
    FormType.DEPARTMENT_SELF_EVAL: "部门整体支出绩效自评表",
}


class Grade(StrEnum):
    """评分等级 as printed: 优 / 良 / 中 / 差."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"


@dataclass(frozen=True, slots=True)
class Funding:
    """One printed row of the funding block (项目资金 / 预算执行情况).

    Self-evaluation rows fill the budget columns; declaration rows fill
    ``amount`` and prefix ``line`` with ``项目:`` or ``年度:``.
    """

    line: str
    initial_budget: Decimal | None = None  # 年初预算数
    annual_budget: Decimal | None = None  # 全年预算数 (A)
    executed: Decimal | None = None  # 全年执行数 (B)
    weight: Decimal | None = None  # 分值
    execution_rate: Decimal | None = None  # 执行率, in percent
    score: Decimal | None = None  # 得分
    amount: Decimal | None = None  # declaration amount
    loc: Loc | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    """年度总体目标 / 年度绩效目标 with its 实际完成情况."""

    no: int | None = None
    target: str | None = None
    actual: str | None = None
    deviation_reason: str | None = None
    loc: Loc | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """One 三级指标 row of the indicator table."""

    name: str
    level1: str | None = None  # 一级指标, canonical
    level2: str | None = None  # 二级指标, canonical or as printed
    target_text: str | None = None  # 年度指标值
    actual_text: str | None = None  # 实际完成值
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分
    deviation_reason: str | None = None
    goal_no: int | None = None
    level1_printed: str | None = None  # the label as printed, before aliasing
    level2_printed: str | None = None
    target: ParsedValue | None = None  # parsed 年度指标值
    actual: ParsedValue | None = None  # parsed 实际完成值
    loc: Loc | None = None


@dataclass(frozen=True, slots=True)
class Form:
    """One form, as read from a document."""

    form_type: FormType
    year: int | None = None
    title: str | None = None
    project_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    amount_unit: str | None = None  # 元 or 万元
    project_nature: str | None = None
    project_category: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    funding: tuple[Funding, ...] = ()
    goals: tuple[Goal, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    grade: Grade | None = None
    conclusion: str | None = None
    budget_deviation_reason: str | None = None
    project_target: str | None = None  # 项目总目标 (declarations), not in the core contract
    loc: Loc | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The project name, or the department on a department form."""
        return self.project_name or self.department or "（未命名）"

    def funding_total(self) -> Funding | None:
        """The scored total row of a self-evaluation (年度资金总额 or its equivalent)."""
        for row in self.funding:
            if row.weight is not None or row.score is not None:
                return row
        return self.funding[0] if self.funding and self.funding[0].amount is None else None
