"""The official layout of each form type, as one neutral grid of merged cells.

:func:`layout` turns a :class:`~jixiao.model.Form` into a :class:`Sheet`: the
rows and columns of the template of its type (财预〔2020〕10号 annex for the
project self-evaluation, the Tianjin-style department form, the Shanghai-style
declaration), with merged 一级/二级 cells. The HTML, PDF and Excel renderers
all draw this one sheet, so the three exports cannot drift apart. Every cell
that shows a value carries an ``anchor`` naming the model field it shows, so
that findings can be marked on their cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Form, FormType, Funding, Indicator, Loc

Anchor = tuple  # ("form", field) · ("funding", index, field) · ("indicator", index, field) · ("goal", index, field)


@dataclass(slots=True)
class LCell:
    """One cell of the layout: text, spans, a style role and the field it shows."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    role: str = "value"  # label · header · value · number · text
    anchor: Anchor | None = None


@dataclass(slots=True)
class Sheet:
    """A form laid out: title, year line and rows of cells over ``columns`` columns."""

    title: str
    subtitle: str
    columns: int
    widths: list[int]  # relative column widths (renderers scale them)
    rows: list[list[LCell]] = field(default_factory=list)
    form_type: FormType = FormType.PROJECT_SELF_EVAL
    funding_locs: list[Loc | None] = field(default_factory=list)  # where each funding row was read


def num(value: Decimal | None) -> str:
    """A Decimal as printed (``5.00`` stays ``5.00``); None as blank."""
    return "" if value is None else format(value, "f")


def pct(value: Decimal | None) -> str:
    """A rate in percent as printed, with its % sign."""
    return "" if value is None else f"{format(value, 'f')}%"


def _label(text: str, colspan: int = 1, rowspan: int = 1) -> LCell:
    return LCell(text, colspan, rowspan, "label")


def _header(text: str, colspan: int = 1, rowspan: int = 1) -> LCell:
    return LCell(text, colspan, rowspan, "header")


def _value(text: str | None, anchor: Anchor, colspan: int = 1, role: str = "value") -> LCell:
    return LCell(text or "", colspan, 1, role, anchor)


def _unit(form: Form) -> str:
    return f"（{form.amount_unit}）" if form.amount_unit else ""


def _funding_cells(i: int, row: Funding) -> list[LCell]:
    anchor = ("funding", i)
    return [
        _value(num(row.initial_budget), (*anchor, "initial_budget"), role="number"),
        _value(num(row.annual_budget), (*anchor, "annual_budget"), role="number"),
        _value(num(row.executed), (*anchor, "executed"), role="number"),
        _value(num(row.weight) or ("—" if row.score is None and i else ""), (*anchor, "weight"), role="number"),
        _value(pct(row.execution_rate), (*anchor, "execution_rate"), role="number"),
        _value(num(row.score) or ("—" if row.weight is None and i else ""), (*anchor, "score"), role="number"),
    ]


def _indicator_rows(indicators: tuple[Indicator, ...], first: int, with_actual: bool,
                    lead: list[LCell] | None = None) -> list[list[LCell]]:
    """Indicator rows with merged 一级/二级 cells (consecutive equal labels share one cell)."""
    rows: list[list[LCell]] = []
    n = len(indicators)
    for k, ind in enumerate(indicators):
        i = first + k
        row: list[LCell] = list(lead) if (lead and k == 0) else []
        if k == 0 or indicators[k - 1].level1 != ind.level1:
            span = 1
            while k + span < n and indicators[k + span].level1 == ind.level1:
                span += 1
            row.append(LCell(ind.level1_printed or ind.level1 or "", 1, span, "label", ("indicator", i, "level1")))
        if k == 0 or (indicators[k - 1].level1, indicators[k - 1].level2) != (ind.level1, ind.level2):
            span = 1
            while k + span < n and (indicators[k + span].level1, indicators[k + span].level2) == (
                    ind.level1, ind.level2):
                span += 1
            row.append(LCell(ind.level2_printed or ind.level2 or "", 1, span, "label", ("indicator", i, "level2")))
        row.append(_value(ind.name, ("indicator", i, "name")))
        row.append(_value(ind.target_text, ("indicator", i, "target_text")))
        if with_actual:
            row += [
                _value(ind.actual_text, ("indicator", i, "actual_text")),
                _value(num(ind.weight), ("indicator", i, "weight"), role="number"),
                _value(num(ind.score), ("indicator", i, "score"), role="number"),
                _value(ind.deviation_reason, ("indicator", i, "deviation_reason"), role="text"),
            ]
        rows.append(row)
    return rows


def _project_self_eval(form: Form, sheet: Sheet) -> None:
    rows = sheet.rows
    rows.append([_label("项目名称"), _value(form.project_name, ("form", "project_name"), 7)])
    rows.append([_label("主管部门"), _value(form.department, ("form", "department"), 3), _label("实施单位"),
                 _value(form.implementing_unit, ("form", "implementing_unit"), 3)])
    rows.append([_label(f"项目资金{_unit(form)}", rowspan=len(form.funding) + 1), _header(""),
                 *[_header(h) for h in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]])
    for i, row in enumerate(form.funding):
        line = row.line if i == 0 else f"其中：{row.line}" if i == 1 and "拨款" in row.line else row.line
        rows.append([_value(line, ("funding", i, "line"), role="label"), *_funding_cells(i, row)])
    _goal_block(form, rows)
    rows.append([_header(h) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                      "偏差原因分析及改进措施")])
    rows.extend(_indicator_rows(form.indicators, 0, True))
    _total_rows(form, rows, 5)


def _goal_block(form: Form, rows: list[list[LCell]]) -> None:
    goals = form.goals or ()
    rows.append([_label("年度总体目标", rowspan=len(goals) + 1), _header("预期目标", 3), _header("实际完成情况", 4)])
    for g, goal in enumerate(goals):
        rows.append([_value(goal.target, ("goal", g, "target"), 3, "text"),
                     _value(goal.actual, ("goal", g, "actual"), 4, "text")])


def _total_rows(form: Form, rows: list[list[LCell]], lead: int, trailing: int = 1) -> None:
    rows.append([_label("总分", lead), _value(num(form.total_weight), ("form", "total_weight"), role="number"),
                 _value(num(form.total_score), ("form", "total_score"), role="number"), _value("", ("form", "none"), trailing)])
    if form.grade is not None:
        rows.append([_label("评分等级"), _value(form.grade.value, ("form", "grade"), lead + 1 + trailing)])


def _department(form: Form, sheet: Sheet) -> None:
    rows = sheet.rows
    rows.append([_label("部门名称"), _value(form.department, ("form", "department"), 8)])
    total = form.funding[0] if form.funding else None
    rows.append([_label("预算执行情况", rowspan=2), _header(f"{total.line if total else '部门预算金额'}{_unit(form)}"),
                 *[_header(h) for h in ("年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "得分", "执行率(B/A)")],
                 _header("")])
    if total is not None:
        cells = _funding_cells(0, total)
        rows.append([_value("", ("funding", 0, "line")), *cells[:4], cells[5], cells[4], _value("", ("form", "none"))])
    rows.append([_label("偏差原因分析及改进措施"),
                 _value(form.budget_deviation_reason, ("form", "budget_deviation_reason"), 8, "text")])
    rows.append([_label("年度绩效目标完成情况", rowspan=len(form.goals) + 1), _header("目标序号"),
                 _header("年度绩效目标", 2), _header("实际完成情况", 3), _header("偏差原因分析及改进措施", 2)])
    for g, goal in enumerate(form.goals):
        rows.append([_value(str(goal.no or ""), ("goal", g, "no")), _value(goal.target, ("goal", g, "target"), 2, "text"),
                     _value(goal.actual, ("goal", g, "actual"), 3, "text"),
                     _value(goal.deviation_reason, ("goal", g, "deviation_reason"), 2, "text")])
    rows.append([_header(h) for h in ("年度指标完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                      "分值", "得分", "偏差原因分析及改进措施")])
    groups: list[tuple[int | None, int]] = []
    for i, ind in enumerate(form.indicators):
        if not groups or groups[-1][0] != ind.goal_no:
            groups.append((ind.goal_no, i))
    for n, (goal_no, start) in enumerate(groups):
        end = groups[n + 1][1] if n + 1 < len(groups) else len(form.indicators)
        lead = [LCell(f"绩效目标{goal_no}" if goal_no is not None else "", 1, end - start, "label",
                      ("indicator", start, "goal_no"))]
        rows.extend(_indicator_rows(form.indicators[start:end], start, True, lead))
    _total_rows(form, rows, 6)
    rows.append([_label("整体支出绩效自评结论"), _value(form.conclusion, ("form", "conclusion"), 8, "text")])


def _declaration(form: Form, sheet: Sheet) -> None:
    rows = sheet.rows
    rows.append([_label("项目名称"), _value(form.project_name, ("form", "project_name")), _label("项目性质"),
                 _value(form.project_nature, ("form", "project_nature")), _label("项目类别"),
                 _value(form.project_category, ("form", "project_category"))])
    rows.append([_label("主管部门"), _value(form.department, ("form", "department")), _label("实施单位"),
                 _value(form.implementing_unit, ("form", "implementing_unit"), 3)])
    rows.append([_label("计划开始日期"), _value(form.start_date.isoformat() if form.start_date else "",
                                             ("form", "start_date")),
                 _label("计划完成日期"), _value(form.end_date.isoformat() if form.end_date else "", ("form", "end_date"),
                                             3)])
    project = [(i, f) for i, f in enumerate(form.funding) if f.line.startswith("项目:")]
    annual = [(i, f) for i, f in enumerate(form.funding) if not f.line.startswith("项目:")]
    height = max(len(project), len(annual), 1)
    for r in range(height):
        row: list[LCell] = [_label(f"项目资金{_unit(form)}", rowspan=height)] if r == 0 else []
        for side, width in ((project, 1), (annual, 2)):
            if r < len(side):
                i, f = side[r]
                name = f.line.split(":", 1)[1]
                shown = f"其中：{name}" if r == 1 and name in ("财政资金", "当年财政拨款") else name
                row += [_value(shown, ("funding", i, "line"), role="label"),
                        _value(num(f.amount), ("funding", i, "amount"), width, "number")]
            else:
                row += [_value("", ("form", "none")), _value("", ("form", "none"), width)]
        rows.append(row)
    goal = form.goals[0] if form.goals else None
    rows.append([_label("项目绩效目标", rowspan=2), _header("项目总目标", 2), _header("年度总体目标", 3)])
    rows.append([_value(form.project_target, ("form", "project_target"), 2, "text"),
                 _value(goal.target if goal else "", ("goal", 0, "target"), 3, "text")])
    rows.append([_label("绩效指标", rowspan=len(form.indicators) + 1), _header("一级指标"), _header("二级指标"),
                 _header("三级指标"), _header("年度(/项目)指标值", 2)])
    for row in _indicator_rows(form.indicators, 0, False):
        row[-1].colspan = 2
        rows.append(row)


def layout(form: Form) -> Sheet:
    """The official layout of a form."""
    title = form.title or form.form_type.label
    subtitle = f"（{form.year}年度）" if form.year else ""
    if form.form_type is FormType.DEPARTMENT_SELF_EVAL:
        sheet = Sheet(title, subtitle, 9, [12, 10, 10, 10, 24, 14, 14, 6, 6], form_type=form.form_type)
        _department(form, sheet)
    elif form.form_type is FormType.TARGET_DECLARATION:
        sheet = Sheet(title, subtitle, 6, [14, 16, 16, 30, 16, 16], form_type=form.form_type)
        _declaration(form, sheet)
    else:
        sheet = Sheet(title, subtitle, 8, [12, 14, 24, 16, 16, 8, 8, 26], form_type=form.form_type)
        _project_self_eval(form, sheet)
    sheet.funding_locs = [row.loc for row in form.funding]
    return sheet


def column_starts(sheet: Sheet) -> list[list[int]]:
    """The starting column of every cell, taking row spans from above into account."""
    taken: dict[int, set[int]] = {}
    out: list[list[int]] = []
    for r, row in enumerate(sheet.rows):
        col, starts = 0, []
        busy = taken.get(r, set())
        for cell in row:
            while col in busy:
                col += 1
            starts.append(col)
            for k in range(1, cell.rowspan):
                taken.setdefault(r + k, set()).update(range(col, col + cell.colspan))
            col += cell.colspan
        out.append(starts)
    return out
