"""The typed model every importer produces and every later stage reads."""

from jixiao.model.diagnostics import Diagnostic, Severity
from jixiao.model.findings import Finding
from jixiao.model.forms import Form, FormType, Funding, Goal, Grade, Indicator
from jixiao.model.loc import Loc
from jixiao.model.values import (
    Achievement,
    ParsedValue,
    ValueKind,
    classify_achievement,
    parse_decimal,
    parse_value,
)

__all__ = [
    "Achievement",
    "Diagnostic",
    "Finding",
    "Form",
    "FormType",
    "Funding",
    "Goal",
    "Grade",
    "Indicator",
    "Loc",
    "ParsedValue",
    "Severity",
    "ValueKind",
    "classify_achievement",
    "parse_decimal",
    "parse_value",
]
