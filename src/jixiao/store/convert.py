"""Between the typed model and the database rows, exactly (printed numbers stay printed)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import Review
from jixiao.model import (
    Finding,
    Form,
    FormType,
    Funding,
    Goal,
    Grade,
    Indicator,
    Loc,
    Severity,
    parse_value,
)
from jixiao.store.models import (
    FindingRow,
    FundingRow,
    GoalRow,
    IndicatorRow,
    StoredForm,
)


def text(value: Decimal | None) -> str | None:
    """A Decimal as its exact printed text."""
    return None if value is None else format(value, "f")


def dec(value: str | None) -> Decimal | None:
    """Stored text back to the exact Decimal."""
    return None if value is None else Decimal(value)


def _line(loc: Loc | None) -> int | None:
    return loc.line if loc else None


def _page(loc: Loc | None) -> int | None:
    return loc.page if loc else None


def fill_form_row(row: StoredForm, form: Form) -> None:
    """Copy a form's fields and rows onto a database row (children replaced)."""
    for name in ("year", "title", "project_name", "department", "implementing_unit", "amount_unit",
                 "project_nature", "project_category", "start_date", "end_date", "conclusion",
                 "budget_deviation_reason", "project_target"):
        setattr(row, name, getattr(form, name))
    row.form_type = form.form_type.value
    row.total_weight, row.total_score = text(form.total_weight), text(form.total_score)
    row.grade = form.grade.value if form.grade else None
    row.extra = dict(form.extra)
    row.source_line, row.source_page = _line(form.loc), _page(form.loc)
    row.funding = [FundingRow(position=i, line=f.line, initial_budget=text(f.initial_budget),
                              annual_budget=text(f.annual_budget), executed=text(f.executed), weight=text(f.weight),
                              execution_rate=text(f.execution_rate), score=text(f.score), amount=text(f.amount),
                              source_line=_line(f.loc)) for i, f in enumerate(form.funding)]
    row.goals = [GoalRow(position=i, no=g.no, target=g.target, actual=g.actual, deviation_reason=g.deviation_reason,
                         source_line=_line(g.loc)) for i, g in enumerate(form.goals)]
    row.indicators = [IndicatorRow(position=i, goal_no=ind.goal_no, level1=ind.level1, level2=ind.level2,
                                   level1_printed=ind.level1_printed, level2_printed=ind.level2_printed,
                                   name=ind.name, target_text=ind.target_text, actual_text=ind.actual_text,
                                   weight=text(ind.weight), score=text(ind.score),
                                   deviation_reason=ind.deviation_reason, source_line=_line(ind.loc),
                                   source_page=_page(ind.loc)) for i, ind in enumerate(form.indicators)]


def fill_review(row: StoredForm, review: Review) -> None:
    """Store a review: findings (with profile and rule-set digest) and the summary columns."""
    digest = review.profile.digest
    row.profile_id, row.ruleset_digest = review.profile.id, digest
    row.findings = [FindingRow(code=f.code, severity=f.severity.value, indicator=f.indicator, field=f.field,
                               found=f.found, expected=f.expected, message=f.message, line=f.line,
                               page=_page(f.loc), profile=f.profile, ruleset_digest=digest) for f in review.findings]
    row.errors = sum(1 for f in review.findings if f.severity is Severity.ERROR)
    row.warnings = sum(1 for f in review.findings if f.severity is Severity.WARNING)
    row.infos = sum(1 for f in review.findings if f.severity is Severity.INFO)
    total = review.score.execution
    row.execution_rate = float(round(total.rate, 4)) if total and total.rate is not None else None
    row.score_value = float(dec(row.total_score)) if row.total_score is not None else None
    scored = [i for i in row.indicators if i.weight is not None and i.score is not None]
    row.scored = len(scored)
    row.full_marks = sum(1 for i in scored if dec(i.score) == dec(i.weight))


def to_form(row: StoredForm, source: str | None = None) -> Form:
    """The typed form of a database row."""
    src = source or (row.document.filename if row.document else None)

    def loc(line: int | None, page: int | None = None) -> Loc:
        return Loc(source=src, line=line, page=page)

    return Form(
        form_type=FormType(row.form_type), year=row.year, title=row.title, project_name=row.project_name,
        department=row.department, implementing_unit=row.implementing_unit, amount_unit=row.amount_unit,
        project_nature=row.project_nature, project_category=row.project_category, start_date=row.start_date,
        end_date=row.end_date,
        funding=tuple(Funding(line=f.line, initial_budget=dec(f.initial_budget), annual_budget=dec(f.annual_budget),
                              executed=dec(f.executed), weight=dec(f.weight), execution_rate=dec(f.execution_rate),
                              score=dec(f.score), amount=dec(f.amount), loc=loc(f.source_line))
                      for f in row.funding),
        goals=tuple(Goal(no=g.no, target=g.target, actual=g.actual, deviation_reason=g.deviation_reason,
                         loc=loc(g.source_line)) for g in row.goals),
        indicators=tuple(Indicator(name=i.name, level1=i.level1, level2=i.level2, target_text=i.target_text,
                                   actual_text=i.actual_text, weight=dec(i.weight), score=dec(i.score),
                                   deviation_reason=i.deviation_reason, goal_no=i.goal_no,
                                   level1_printed=i.level1_printed, level2_printed=i.level2_printed,
                                   target=parse_value(i.target_text) if i.target_text is not None else None,
                                   actual=parse_value(i.actual_text) if i.actual_text is not None else None,
                                   loc=loc(i.source_line, i.source_page)) for i in row.indicators),
        total_weight=dec(row.total_weight), total_score=dec(row.total_score),
        grade=Grade(row.grade) if row.grade else None, conclusion=row.conclusion,
        budget_deviation_reason=row.budget_deviation_reason, project_target=row.project_target,
        loc=loc(row.source_line, row.source_page), extra=dict(row.extra or {}),
    )


def to_findings(row: StoredForm, form_index: int = 0) -> list[Finding]:
    """The stored findings of a form, as model findings."""
    src = row.document.filename if row.document else None
    return [Finding(code=f.code, severity=Severity(f.severity), message=f.message, form=form_index,
                    indicator=f.indicator, field=f.field, found=f.found, expected=f.expected,
                    loc=Loc(source=src, line=f.line, page=f.page), profile=f.profile) for f in row.findings]
