"""The contract JSON of ``shared/contract/forms.md``: forms and diagnostics out.

Field names are the contract's; extra keys (``source_line``, parsed values)
are additions the contract allows. Decimals become JSON numbers here and only
here: integral values as integers, others through their exact decimal text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jixiao.model import Diagnostic, Finding, Form, Funding, Goal, Indicator, Loc


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number (the shortest float repr of its exact text)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(str(value))


def _line(loc: Loc | None) -> int | None:
    return loc.line if loc else None


def _locate(out: dict[str, Any], loc: Loc | None) -> dict[str, Any]:
    if loc is None:
        return out
    out["source_line"] = loc.line
    for key in ("page", "sheet", "cell", "table", "row", "col"):
        value = getattr(loc, key)
        if value is not None:
            out[f"source_{key}"] = value
    return out


def funding_json(row: Funding) -> dict[str, Any]:
    """One FUNDING object."""
    if row.amount is not None or row.line.startswith(("项目:", "年度:")):
        out: dict[str, Any] = {"line": row.line, "amount": number(row.amount)}
    else:
        out = {
            "line": row.line,
            "initial_budget": number(row.initial_budget),
            "annual_budget": number(row.annual_budget),
            "executed": number(row.executed),
            "weight": number(row.weight),
            "execution_rate": number(row.execution_rate),
            "score": number(row.score),
        }
    return _locate(out, row.loc)


def goal_json(goal: Goal) -> dict[str, Any]:
    """One GOAL object."""
    out = {"no": goal.no, "target": goal.target, "actual": goal.actual,
           "deviation_reason": goal.deviation_reason}
    return _locate(out, goal.loc)


def indicator_json(ind: Indicator) -> dict[str, Any]:
    """One INDICATOR object, with the parsed target and actual added."""
    out: dict[str, Any] = {
        "goal_no": ind.goal_no,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "target_text": ind.target_text,
        "actual_text": ind.actual_text,
        "weight": number(ind.weight),
        "score": number(ind.score),
        "deviation_reason": ind.deviation_reason,
    }
    if ind.level1_printed and ind.level1_printed != ind.level1:
        out["level1_printed"] = ind.level1_printed
    if ind.level2_printed and ind.level2_printed != ind.level2:
        out["level2_printed"] = ind.level2_printed
    if ind.target is not None:
        out["target_value"] = ind.target.to_json()
    if ind.actual is not None:
        out["actual_value"] = ind.actual.to_json()
    return _locate(out, ind.loc)


def form_json(form: Form) -> dict[str, Any]:
    """One FORM object."""
    out: dict[str, Any] = {
        "form_type": form.form_type.value,
        "year": form.year,
        "title": form.title,
        "project_name": form.project_name,
        "department": form.department,
        "implementing_unit": form.implementing_unit,
        "amount_unit": form.amount_unit,
        "project_nature": form.project_nature,
        "project_category": form.project_category,
        "start_date": form.start_date.isoformat() if form.start_date else None,
        "end_date": form.end_date.isoformat() if form.end_date else None,
        "funding": [funding_json(f) for f in form.funding],
        "goals": [goal_json(g) for g in form.goals],
        "indicators": [indicator_json(i) for i in form.indicators],
        "total_weight": number(form.total_weight),
        "total_score": number(form.total_score),
        "grade": form.grade.value if form.grade else None,
        "conclusion": form.conclusion,
        "budget_deviation_reason": form.budget_deviation_reason,
    }
    if form.project_target is not None:
        out["project_target"] = form.project_target
    if form.extra:
        out["extra"] = dict(form.extra)
    return _locate(out, form.loc)


def _where(out: dict[str, Any], loc: Loc | None) -> dict[str, Any]:
    """Add the page, sheet and cell of a location (formats other than text) as extra keys."""
    if loc is not None:
        for key in ("page", "sheet", "cell", "table", "row", "col"):
            value = getattr(loc, key)
            if value is not None:
                out[key] = value
    return out


def diagnostic_json(diag: Diagnostic) -> dict[str, Any]:
    """One diagnostic object."""
    out: dict[str, Any] = {"severity": diag.severity.value, "code": diag.code, "message": diag.message,
                           "form": diag.form, "line": _line(diag.loc)}
    return _where(out, diag.loc)


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding object of ``jixiao check --json``."""
    out: dict[str, Any] = {
        "code": finding.code, "severity": finding.severity.value, "form": finding.form,
        "indicator": finding.indicator, "field": finding.field, "found": finding.found,
        "expected": finding.expected, "message": finding.message, "line": _line(finding.loc),
        "profile": finding.profile,
    }
    return _where(out, finding.loc)


def document_json(source: str, forms: list[Form], diagnostics: list[Diagnostic],
                  findings: list[Finding] | None = None) -> dict[str, Any]:
    """The whole contract document for one source file (with findings after a check)."""
    doc: dict[str, Any] = {
        "source": source,
        "forms": [form_json(f) for f in forms],
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }
    if findings is not None:
        doc["findings"] = [finding_json(f) for f in findings]
    return doc


def dumps(doc: Any) -> str:
    """JSON text as jixiao prints it: UTF-8 characters kept, two-space indent."""
    return json.dumps(doc, ensure_ascii=False, indent=2)
