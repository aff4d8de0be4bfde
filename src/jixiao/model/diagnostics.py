"""Diagnostics are data: what a reader could not read cleanly, with where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jixiao.model.loc import Loc


class Severity(StrEnum):
    """error · warning · info, as in the contract."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word for the severity."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A located problem met while reading a document.

    ``code`` is a stable kebab-case identifier (tests assert on it, never on
    ``message``); ``message`` is one Chinese sentence a user can act on.
    """

    code: str
    severity: Severity
    message: str
    loc: Loc | None = None
    form: int | None = None

    @property
    def line(self) -> int | None:
        """The source line, if the location has one."""
        return self.loc.line if self.loc else None
