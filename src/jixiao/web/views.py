"""What the pages show, built from the Store's records: no database access here.

The detail page's form table is the official layout of :mod:`jixiao.render.layout`
with findings placed by :func:`jixiao.render.html.cell_findings` (the same
machinery as the HTML/PDF export), plus a reference-score badge on each score
cell. The JSON twins of the pages are built here too, so page and twin show
the same data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from jixiao.model import Finding, Form, FormType, Severity
from jixiao.render.contract import finding_json, form_json, number
from jixiao.render.html import cell_findings, worst
from jixiao.render.layout import column_starts, layout, num
from jixiao.score.engine import IndicatorScore, fmt
from jixiao.store.service import FormDetail, FormEdit, FormPage, FormQuery, FormSummary

FORM_TYPES = {t.value: t.label for t in FormType}
SEVERITIES = {"error": "有错误", "warning": "有警告"}
SORTABLE = {"year": "年度", "score": "总分", "rate": "执行率", "errors": "错误数", "name": "名称"}
PER_PAGE = (20, 50, 100, 200)

#: Chinese names of the fields a finding can be about.
FIELD_LABELS = {
    "execution_rate": "执行率", "score": "得分", "weight": "分值", "deviation_reason": "偏差原因",
    "actual_text": "实际完成值", "target_text": "年度指标值", "name": "三级指标", "level1": "一级指标",
    "level2": "二级指标", "total_score": "总分", "total_weight": "总分值", "grade": "评分等级",
    "executed": "全年执行数", "annual_budget": "全年预算数", "initial_budget": "年初预算数", "amount": "金额",
    "project_name": "项目名称", "department": "主管部门", "implementing_unit": "实施单位", "goal_no": "绩效目标",
    "start_date": "计划开始日期", "end_date": "计划完成日期", "conclusion": "自评结论", "target": "目标",
    "actual": "实际完成情况", "budget_deviation_reason": "预算偏差原因", "indicators": "绩效指标",
    "goals": "年度目标", "funding": "项目资金", "project_target": "项目总目标", "weight_total": "分值合计",
}
FUNDING_FIELDS = (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数"),
                  ("weight", "分值"), ("score", "得分"))
INDICATOR_FIELDS = ("actual_text", "score", "deviation_reason")


# -- the form list -------------------------------------------------------------


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value.strip().rstrip("%")) if value not in (None, "") else None
    except ValueError:
        return None


def list_query(params: Mapping[str, str]) -> FormQuery:
    """The list's query from URL parameters (blank and malformed values are ignored)."""
    def text(key: str) -> str | None:
        return (params.get(key) or "").strip() or None

    sort = text("sort") or "id"
    per_page = parse_int(params.get("per_page")) or 50
    return FormQuery(
        year=parse_int(params.get("year")), department=text("department"), form_type=text("form_type"),
        grade=text("grade"), severity=text("severity") if text("severity") in SEVERITIES else None,
        min_findings=parse_int(params.get("min_findings")), rate_min=_float(params.get("rate_min")),
        rate_max=_float(params.get("rate_max")), q=text("q"),
        sort=sort if sort.lstrip("-") in SORTABLE or sort.lstrip("-") == "id" else "id",
        page=max(parse_int(params.get("page")) or 1, 1), per_page=min(max(per_page, 1), max(PER_PAGE)),
    )


def query_params(query: FormQuery) -> dict[str, str]:
    """The non-default parameters of a query, for links that keep the filters."""
    default = FormQuery()
    return {k: str(v) for k, v in dataclasses.asdict(query).items()
            if v is not None and v != getattr(default, k)}


def link(query: FormQuery, **changes: Any) -> str:
    """The list URL for ``query`` with some parameters changed (a filter change goes back to page 1)."""
    params = query_params(query)
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == getattr(FormQuery(), key, None):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "/forms" + ("?" + urlencode(params) if params else "")


def sort_link(query: FormQuery, key: str) -> tuple[str, str]:
    """(URL, arrow) of a sortable column header: ascending first, then descending."""
    if query.sort == key:
        return link(query, sort=f"-{key}"), "▲"
    if query.sort == f"-{key}":
        return link(query, sort=key), "▼"
    return link(query, sort=key if key == "name" else f"-{key}"), ""


def summary_json(item: FormSummary) -> dict[str, Any]:
    return dataclasses.asdict(item) | {"form_type_label": FORM_TYPES.get(item.form_type, item.form_type)}


def page_json(page: FormPage, query: FormQuery, facets: dict[str, list]) -> dict[str, Any]:
    return {"items": [summary_json(i) for i in page.items], "total": page.total, "page": page.page,
            "per_page": page.per_page, "pages": page.pages, "query": dataclasses.asdict(query), "facets": facets}


# -- the detail page -----------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    """One table cell of the detail page."""

    lines: list[str]
    colspan: int
    rowspan: int
    cls: str
    tip: str = ""
    marks: list[int] = field(default_factory=list)
    ref: str = ""  # reference-score badge
    ref_ok: bool | None = None


@dataclass(slots=True)
class SheetView:
    title: str
    subtitle: str
    widths: list[float]
    rows: list[list[Cell]]
    unplaced: list[int]


def finding_text(n: int, f: Finding) -> str:
    """One finding as a tooltip line: the message, and the recomputed value when there is one."""
    extra = f"（重算/应为：{f.expected}）" if f.expected and f.expected not in f.message else ""
    return f"{n}. [{f.severity.label}] {f.code} {f.message}{extra}"


def where(f: Finding, form: Form) -> str:
    """Where a finding is, in words."""
    label = FIELD_LABELS.get(f.field or "", "")
    if f.indicator is not None and 0 <= f.indicator < len(form.indicators):
        return f"指标“{form.indicators[f.indicator].name}” {label}".strip()
    return label or "整表"


def indicator_ref(s: IndicatorScore, tolerance: Decimal) -> tuple[str, bool | None]:
    """The reference-score badge of an indicator, and whether the printed score agrees."""
    if s.decidable:
        text = f"参考 {fmt(s.reference)}" + (f" 或 {fmt(s.alternative)}" if s.alternative is not None else "")
    elif s.low is not None and s.high is not None:
        text = f"参考 {fmt(s.low)}–{fmt(s.high)}"
    else:
        return "", None
    return text, (s.accepts(s.printed, tolerance) if s.printed is not None else None)


def total_index(form: Form) -> int | None:
    total = form.funding_total()
    return next((i for i, row in enumerate(form.funding) if row is total), None)


def _badge(cell_anchor: tuple | None, detail: FormDetail, total_row: int | None,
           tolerance: Decimal) -> tuple[str, bool | None]:
    if cell_anchor is None:
        return "", None
    score = detail.review.score
    if cell_anchor[0] == "indicator" and cell_anchor[2] == "score" and cell_anchor[1] < len(score.indicators):
        return indicator_ref(score.indicators[cell_anchor[1]], tolerance)
    ex = score.execution
    if ex is not None and cell_anchor[0] == "funding" and cell_anchor[1] == total_row:
        if cell_anchor[2] == "score" and ex.reference is not None:
            ok = ex.printed_score is not None and abs(ex.printed_score - ex.reference) <= tolerance
            return f"参考 {fmt(ex.reference)}", ok
        if cell_anchor[2] == "execution_rate" and ex.rate is not None:
            rate = ex.rate.quantize(Decimal("0.01"))
            ok = ex.printed_rate is not None and abs(ex.printed_rate - ex.rate) <= Decimal("0.01")
            return f"重算 {rate}%", ok
    if cell_anchor == ("form", "total_score") and score.total_reference is not None:
        ok = detail.form.total_score is not None and abs(detail.form.total_score - score.total_reference) <= tolerance
        return f"参考 {fmt(score.total_reference)}", ok
    return "", None


def sheet_view(detail: FormDetail) -> SheetView:
    """The form in its official layout, findings on their cells, reference scores beside printed ones."""
    sheet = layout(detail.form)
    placed = cell_findings(sheet, detail.findings)
    tolerance = detail.review.profile.dec("tolerance", "score")
    total_row = total_index(detail.form)
    starts = column_starts(sheet)
    rows: list[list[Cell]] = []
    for r, row in enumerate(sheet.rows):
        cells = []
        for cell, _col in zip(row, starts[r]):
            marks = placed.get(id(cell), [])
            cls = cell.role
            if marks:
                cls += f" flag flag-{worst(marks).value}"
            ref, ok = _badge(cell.anchor, detail, total_row, tolerance)
            cells.append(Cell(cell.text.split("\n"), cell.colspan, cell.rowspan, cls,
                              "\n".join(finding_text(n, f) for n, f in marks), [n for n, _ in marks], ref, ok))
        rows.append(cells)
    shown = {n for marks in placed.values() for n, _ in marks}
    total = sum(sheet.widths)
    return SheetView(sheet.title, sheet.subtitle, [round(w * 100 / total, 2) for w in sheet.widths], rows,
                     [n for n in range(1, len(detail.findings) + 1) if n not in shown])


def score_json(detail: FormDetail) -> dict[str, Any]:
    """The reference scores of a form (review.score), as JSON."""
    s = detail.review.score
    ex = s.execution
    tolerance = detail.review.profile.dec("tolerance", "score")
    return {
        "profile": {"id": detail.review.profile.id, "name": detail.review.profile.name,
                    "guessed": detail.review.guessed},
        "execution": None if ex is None else {
            "budget": number(ex.budget), "executed": number(ex.executed), "weight": number(ex.weight),
            "rate": number(ex.rate.quantize(Decimal("0.0001"))) if ex.rate is not None else None,
            "reference": number(ex.reference), "printed_rate": number(ex.printed_rate),
            "printed_score": number(ex.printed_score)},
        "indicators": [{"index": i.index, "method": i.method, "weight": number(i.weight),
                        "printed": number(i.printed), "reference": number(i.reference),
                        "alternative": number(i.alternative), "low": number(i.low), "high": number(i.high),
                        "accepted": indicator_ref(i, tolerance)[1], "explanation": i.explanation}
                       for i in s.indicators],
        "total_reference": number(s.total_reference), "total_from_printed": number(s.total_from_printed),
        "grade_reference": s.grade_reference.value if s.grade_reference else None,
    }


def detail_json(detail: FormDetail) -> dict[str, Any]:
    return {"id": detail.id, "version": detail.version, "document_id": detail.document_id,
            "filename": detail.filename, "form": form_json(detail.form),
            "findings": [finding_json(f) | {"where": where(f, detail.form)} for f in detail.findings],
            "score": score_json(detail), "editable": editable(detail.form)}


# -- the edit page -------------------------------------------------------------------


def editable(form: Form) -> bool:
    """Only self-evaluations are edited (a declaration has no actuals or scores)."""
    return form.form_type is not FormType.TARGET_DECLARATION


def _text(value: Decimal | str | None) -> str:
    return num(value) if isinstance(value, Decimal) else (value or "")


def edit_values(form: Form) -> dict[str, str]:
    """The edit form's fields with the form's current values (names as in the HTML form)."""
    values = {"total_score": _text(form.total_score)}
    for i, ind in enumerate(form.indicators):
        for name in INDICATOR_FIELDS:
            values[f"ind-{i}-{name}"] = _text(getattr(ind, name))
    for i, row in enumerate(form.funding):
        for name, _ in FUNDING_FIELDS:
            values[f"fund-{i}-{name}"] = _text(getattr(row, name))
    return values


def edit_from_form(form: Form, version: int, submitted: Mapping[str, str]) -> FormEdit:
    """A FormEdit with only the fields the user changed (compared with the form as stored)."""
    current = edit_values(form)
    edit = FormEdit(version=version)
    for key, old in current.items():
        if key not in submitted:
            continue
        new = str(submitted[key]).strip()
        if new == old.strip():
            continue
        if key == "total_score":
            edit.total_score = new
            continue
        kind, index, name = key.split("-", 2)
        target = edit.indicators if kind == "ind" else edit.funding
        target.setdefault(int(index), {})[name] = new
    return edit


def edit_json(detail: FormDetail) -> dict[str, Any]:
    form = detail.form
    return {"id": detail.id, "version": detail.version, "editable": editable(form),
            "total_score": _text(form.total_score),
            "funding": [{"index": i, "line": row.line} | {name: _text(getattr(row, name)) for name, _ in FUNDING_FIELDS}
                        for i, row in enumerate(form.funding)],
            "indicators": [{"index": i, "name": ind.name, "level1": ind.level1, "level2": ind.level2,
                            "target_text": ind.target_text, "weight": _text(ind.weight)}
                           | {name: _text(getattr(ind, name)) for name in INDICATOR_FIELDS}
                           for i, ind in enumerate(form.indicators)],
            "score": score_json(detail)}


def edit_changes(edit: FormEdit, form: Form) -> list[tuple[str, str]]:
    """What an edit changes, in words (shown on the conflict page so nothing typed is lost)."""
    labels = dict(FUNDING_FIELDS) | {"actual_text": "实际完成值", "score": "得分", "deviation_reason": "偏差原因"}
    out = []
    for i, changes in edit.funding.items():
        line = form.funding[i].line if i < len(form.funding) else f"第 {i + 1} 行资金"
        out += [(f"{line} · {labels.get(k, k)}", v) for k, v in changes.items()]
    for i, changes in edit.indicators.items():
        name = form.indicators[i].name if i < len(form.indicators) else f"第 {i + 1} 个指标"
        out += [(f"{name} · {labels.get(k, k)}", v) for k, v in changes.items()]
    if edit.total_score is not None:
        out.append(("总分", edit.total_score))
    return out


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
