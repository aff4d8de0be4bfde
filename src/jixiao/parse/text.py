"""Small text helpers shared by the form recogniser."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from jixiao.model.labels import label_key

_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_WS_INSIDE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_DATE = re.compile(r"^((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
_NULLS = frozenset({"", "-", "—", "——", "－", "/", "／", "–", "无数据"})

key = label_key


def fold(text: str) -> str:
    """NFKC-fold text (full-width digits and brackets to ASCII)."""
    return unicodedata.normalize("NFKC", text)


def is_null(text: str | None) -> bool:
    """True for a blank cell or a printed dash meaning 'nothing here'."""
    return text is None or fold(text).strip() in _NULLS


def is_plain_number(text: str | None) -> bool:
    """True for a bare number such as ``5``, ``0.5`` or ``1,241.00`` (no unit, no %)."""
    if not text:
        return False
    return bool(_NUMBER.match(fold(text).strip()))


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


def parse_date(text: str | None) -> dt.date | None:
    """Parse ``2023-01-01``, ``2023年1月1日``, ``2023.1.1`` or ``2023/01/01``."""
    if not text:
        return None
    m = _DATE.match(fold(text).strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_year(text: str) -> int | None:
    """The first ``YYYY年`` / ``YYYY 年度`` in a text, as an int."""
    m = _YEAR.search(fold(text))
    return int(m.group(1)) if m else None
