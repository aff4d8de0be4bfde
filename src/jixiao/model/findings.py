"""Findings (审核发现): what the audit found in a form as printed.

Unlike diagnostics (what the reader could not read), a finding is about the
form's content: an arithmetic slip, a score that contradicts its completion
value, a missing reason. ``code`` is the rule ID of docs/rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.diagnostics import Severity
from jixiao.model.loc import Loc


@dataclass(frozen=True, slots=True)
class Finding:
    """One located audit finding, with the printed and the recomputed value."""

    code: str
    severity: Severity
    message: str
    form: int
    indicator: int | None = None
    field: str | None = None
    found: str | None = None
    expected: str | None = None
    loc: Loc | None = None
    profile: str | None = None

    @property
    def line(self) -> int | None:
        """The source line, if the location has one."""
        return self.loc.line if self.loc else None
