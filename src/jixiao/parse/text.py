"""Small text helpers shared by the form recogniser."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal

from jixiao.model.labels import label_key
from jixiao.model.values import parse_decimal

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?分?$")
_POINTS = re.compile(r"分$")
_WS_INSIDE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_DATE = re.compile(r"^((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(\d{1,2})\s*日?|月?)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
#: A short parenthetical such as ``(2023年-2023年)`` or ``（盖章）`` printed after a label.
PARENS = re.compile(r"[(（][^)）]{0,20}[)）]")
_NULLS = frozenset({"", "-", "—", "——", "－", "/", "／", "–", "无数据"})

key = label_key


def fold(text: str) -> str:
    """NFKC-fold text (full-width digits and brackets to ASCII)."""
    return unicodedata.normalize("NFKC", text)


def is_null(text: str | None) -> bool:
    """True for a blank cell or a printed dash meaning 'nothing here'."""
    return text is None or fold(text).strip() in _NULLS


def is_plain_number(text: str | None) -> bool:
    """True for a bare number such as ``5``, ``0.5``, ``1,241.00`` or ``10分`` (points); no %."""
    if not text:
        return False
    return bool(_NUMBER.match(fold(text).strip()))


def points(text: str | None) -> Decimal | None:
    """A 分值/得分 cell as a Decimal: ``9.5`` or ``9.5分``; None otherwise."""
    if text is None:
        return None
    return parse_decimal(_POINTS.sub("", fold(text).strip()))


def squash(text: str | None) -> str | None:
    """Remove line-break spaces: white space goes unless it separates two ASCII words."""
    if text is None:
        return None
    parts = _WS_INSIDE.split(text.strip())
    out = parts[0]
    for part in parts[1:]:
        if out and part and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out or None


def parse_date(text: str | None, *, end: bool = False) -> dt.date | None:
    """Parse ``2023-01-01``, ``2023年1月1日``, ``2023.1.1``, ``2023/01/01`` or ``2023年1月``.

    A month alone means its first day, or its last day when ``end`` is set
    (a 计划完成日期).
    """
    if not text:
        return None
    m = _DATE.match(fold(text).strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    try:
        if m.group(3):
            return dt.date(year, month, int(m.group(3)))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except (ValueError, calendar.IllegalMonthError):
        return None


_ORDINAL = re.compile(r"^(?:绩效)?(?:目标)?\s*[(（]?([0-9]{1,2}|[一二三四五六七八九十]{1,3})[)）]?[、.．]?$")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def ordinal(text: str | None) -> int | None:
    """A goal or row number as printed: ``1``, ``1、``, ``一、``, ``（二）``, ``目标3``, ``绩效目标十一``."""
    if not text:
        return None
    m = _ORDINAL.match(key(text))
    if not m:
        return None
    digits = m.group(1)
    if digits.isdigit():
        return int(digits)
    if digits == "十":
        return 10
    if len(digits) == 2 and digits[0] == "十":
        return 10 + _CN_DIGITS.get(digits[1], 0)
    if len(digits) >= 2 and digits[1] == "十":
        return _CN_DIGITS.get(digits[0], 0) * 10 + (_CN_DIGITS.get(digits[2], 0) if len(digits) == 3 else 0)
    return _CN_DIGITS.get(digits) if len(digits) == 1 else None


def find_year(text: str) -> int | None:
    """The first ``YYYY年`` / ``YYYY 年度`` in a text, as an int."""
    m = _YEAR.search(fold(text))
    return int(m.group(1)) if m else None
