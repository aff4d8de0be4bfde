"""PLACEHOLDER — being replaced by the value grammar implementation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ValueKind(StrEnum):
    EMPTY = "empty"
    NUMBER = "number"
    RANGE = "range"
    DATE = "date"
    QUALITATIVE = "qualitative"
    TEXT = "text"


class Achievement(StrEnum):
    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not_achieved"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ParsedValue:
    text: str
    kind: ValueKind
    op: str | None = None
    value: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    date: dt.date | None = None
    date_start: dt.date | None = None
    achievement: Achievement | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind.value}


def parse_value(text: str | None) -> ParsedValue:
    return ParsedValue(text=(text or "").strip(), kind=ValueKind.TEXT if text else ValueKind.EMPTY)
