"""The value grammar: what a 年度指标值 / 实际完成值 cell says, as data.

``parse_value`` turns the text of one target or actual cell into a
:class:`ParsedValue`. It never raises: text it cannot read stays ``TEXT``.
Amounts are :class:`decimal.Decimal` built straight from the digits (no float
ever touches them); exponents such as ``1e5`` are not numbers.

The text is first normalised: NFKC (full-width digits, ``＞＝％（）`` and the
full-width comma become ASCII), zero-width characters dropped, whitespace
removed unless it separates two digits (line breaks split units such as
``人 次``), trailing sentence punctuation dropped. Then, in order:

* EMPTY / NOT_APPLICABLE: ``""``, ``-``, ``—`` are empty; ``/``, ``不适用``
  and ``N/A`` are not applicable.
* DATE (only when a 19xx/20xx year is present): an optional operator or
  ``截至``, a point or a span, then optional ``前/之前/以前/内/为止`` (which
  read as ``<=``) and completion words (``完成``, ``日期``, ``时间`` …).
  Points: ``2023年12月31日``, ``2023-12-31``, ``2023.12.31``, ``2021年10月底``,
  ``2023年5月中旬`` (旬 = days 1–10 / 11–20 / 21–end), ``2023年9月``,
  ``2023年全年``/``2023年度``, ``2023年底``, ``2023年上半年``,
  ``2023年第三季度``. Spans: ``2023年5-9月``, ``2023年5月中旬—6月中旬``,
  ``2023年9月12日—9月13日``, ``2023-01-01至2023-12-31``. ``date`` is the end,
  ``date_start`` the start when the value covers more than one day.
* RANGE: ``1800-3000(元/人)``, ``1800～3000元``, ``1800至3000元``,
  ``90%-95%``, ``±10%`` (lower bound must not exceed the upper).
* NUMBER: optional operator, number, optional unit, optional ``以上/以下/以内/内``.
  Operators: ``>= <= = > <``, ``≥ ≤ ≧ ≦ ═``, ``=> =<``, and words such as
  ``不低于``/``至少``/``达到`` (>=), ``不超过``/``控制在`` (<=), ``大于`` (>),
  ``小于`` (<), ``等于`` (=). Numbers: sign, ``2,872,170.00`` thousands
  separators (groups of exactly three digits), decimals. Units: ``(册)``,
  ``(人 次)``, ``80人``, ``≥188.4万元``, ``<=3工作日``, ``%``, ``百分比``; a
  unit is at most 8 letters/CJK/``%``/``/`` with no digits (``m2`` aside) and
  none of the function words that make a phrase (``内``, ``完成`` …).
* QUALITATIVE: the whole text is a lexicon phrase (``及时``, ``达成指标``,
  ``未完成``, ``基本完成``, ``无``, ``无重大故障`` …), with its achievement.
* TEXT: everything else. ``op`` is kept when the text starts with an
  operator symbol (``=约定整理数量`` → op ``=``) so callers can flag a
  malformed target; ``achievement`` is set only when a decisive phrase occurs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "MAX_VALUE_LEN",
    "Achievement",
    "ParsedValue",
    "ValueKind",
    "classify_achievement",
    "parse_decimal",
    "parse_value",
]

#: Cells longer than this (after stripping) are TEXT without further parsing.
MAX_VALUE_LEN = 200


class ValueKind(StrEnum):
    """What sort of value a cell holds."""

    EMPTY = "empty"
    NUMBER = "number"
    RANGE = "range"
    DATE = "date"
    QUALITATIVE = "qualitative"
    NOT_APPLICABLE = "not_applicable"
    TEXT = "text"


class Achievement(StrEnum):
    """How far a qualitative statement says a goal was reached."""

    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not_achieved"
    UNKNOWN = "unknown"


_OP_DISPLAY = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """One parsed target/actual cell; see the module docstring for the grammar."""

    text: str
    kind: ValueKind
    op: str | None = None
    value: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    date: dt.date | None = None
    date_start: dt.date | None = None
    achievement: Achievement | None = None

    @property
    def is_quantitative(self) -> bool:
        """True for NUMBER and RANGE values."""
        return self.kind in (ValueKind.NUMBER, ValueKind.RANGE)

    def format(self) -> str:
        """Canonical text, e.g. ``≥100(册)``, ``1800-3000(元/人)``, ``≥90%``.

        For NUMBER and RANGE, ``parse_value(v.format())`` gives back the same
        kind, op, value, upper and unit. Other kinds give their text back
        (DATE: ISO dates, ``≤2023-12-31`` or ``2023-05-01至2023-09-30``).
        """
        op = _OP_DISPLAY.get(self.op or "", self.op or "")
        if self.kind is ValueKind.NUMBER and self.value is not None:
            return f"{op}{_format_decimal(self.value)}{_format_unit(self.unit)}"
        if self.kind is ValueKind.RANGE and self.value is not None and self.upper is not None:
            lower, upper = _format_decimal(self.value), _format_decimal(self.upper)
            return f"{lower}-{upper}{_format_unit(self.unit)}"
        if self.kind is ValueKind.DATE and self.date is not None:
            if self.date_start is not None:
                return f"{op}{self.date_start.isoformat()}至{self.date.isoformat()}"
            return f"{op}{self.date.isoformat()}"
        if self.kind is ValueKind.EMPTY:
            return ""
        return self.text

    def to_json(self) -> dict:
        """A JSON-ready dict; keys whose value is None are omitted.

        Numbers become JSON numbers (int when integral, else float). A value
        no JSON number can carry (NaN, or beyond float range) becomes a string;
        ``parse_value`` never produces one.
        """
        out: dict = {"kind": self.kind.value}
        if self.op is not None:
            out["op"] = self.op
        if self.value is not None:
            out["value"] = _json_number(self.value)
        if self.upper is not None:
            out["upper"] = _json_number(self.upper)
        if self.unit is not None:
            out["unit"] = self.unit
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.date_start is not None:
            out["date_start"] = self.date_start.isoformat()
        if self.achievement is not None:
            out["achievement"] = self.achievement.value
        out["text"] = self.text
        return out


def _format_decimal(value: Decimal) -> str:
    """Plain digits, no exponent, no trailing fractional zeros (exact)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _format_unit(unit: str | None) -> str:
    if not unit:
        return ""
    return unit if unit == "%" else f"({unit})"


def _json_number(value: Decimal) -> int | float | str:
    if not value.is_finite():
        return str(value)
    if value.adjusted() < 4000 and value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if math.isfinite(number) and value.adjusted() < 4000 else str(value)


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_CHAR_MAP = str.maketrans({"−": "-", "～": "~", "〜": "~", "＝": "="})
_TRAILING_PUNCT = "。.;；,，!！、:："
_DIGITS = "0123456789"


def _join_space(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start > 0 and end < len(text) and text[start - 1] in _DIGITS and text[end] in _DIGITS:
        return " "
    return ""


def _normalize(text: str) -> str:
    """NFKC, drop invisibles and layout whitespace, drop trailing punctuation."""
    norm = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)
    norm = _SPACE_RE.sub(_join_space, _INVISIBLE_RE.sub("", norm))
    trimmed = norm.rstrip(_TRAILING_PUNCT)
    return trimmed or norm


def _as_text(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    try:
        return str(text)
    except Exception:  # a hostile __str__ must not break "never raises"
        return ""


# --------------------------------------------------------------------------
# Operators
# --------------------------------------------------------------------------

_SYM_OPS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "≥=": ">=", "≧": ">=", "≧=": ">=", "⩾": ">=", "≮": ">=",
    "<=": "<=", "=<": "<=", "≤": "<=", "≤=": "<=", "≦": "<=", "≦=": "<=", "⩽": "<=", "≯": "<=",
    "==": "=", "═": "=", "=": "=", ">": ">", "<": "<",
}  # fmt: skip
_WORD_OPS = {
    **dict.fromkeys(
        ["不低于", "不少于", "不小于", "至少", "最少", "最低", "大于等于", "大于或等于",
         "高于或等于", "达到", "不早于"], ">="),
    **dict.fromkeys(
        ["不高于", "不超过", "不多于", "不大于", "至多", "最多", "最高", "小于等于",
         "小于或等于", "低于或等于", "控制在", "不晚于", "不迟于"], "<="),
    **dict.fromkeys(["大于", "高于", "超过", "多于"], ">"),
    **dict.fromkeys(["小于", "低于", "少于"], "<"),
    **dict.fromkeys(["等于"], "="),
}  # fmt: skip


def _alternation(words: list[str] | set[str] | dict[str, str]) -> str:
    """A regex alternation, longest words first so prefixes never win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SYM_OP_RE = re.compile(_alternation(_SYM_OPS))
_WORD_OP_RE = re.compile(_alternation(_WORD_OPS))
_SUFFIX_OPS = (
    ("及以上", ">="), ("或以上", ">="), ("以上", ">="),
    ("及以下", "<="), ("或以下", "<="), ("以下", "<="),
    ("以内", "<="), ("之内", "<="), ("内", "<="),
)  # fmt: skip


def _read_op(text: str) -> tuple[str | None, str, bool]:
    """Split a leading operator off: (canonical op, rest, op was a symbol)."""
    op, symbolic = None, False
    match = _WORD_OP_RE.match(text)
    if match:
        op, text = _WORD_OPS[match.group()], text[match.end() :]
    match = _SYM_OP_RE.match(text)
    if match:
        op, text, symbolic = _SYM_OPS[match.group()], text[match.end() :], True
    return op, text, symbolic


def _strip_suffix_op(text: str) -> tuple[str, str | None]:
    for word, op in _SUFFIX_OPS:
        if text.endswith(word):
            return text[: -len(word)], op
    return text, None


# --------------------------------------------------------------------------
# Numbers, units, ranges
# --------------------------------------------------------------------------

_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SEP = r"(?:——|[-~—–至到])"
_NUMBER_RE = re.compile(rf"(?P<num>{_NUM})(?P<rest>.*)", re.S)
_RANGE_RE = re.compile(
    rf"(?P<a>{_NUM})(?P<u1>\([^()]*\)|[^\d()+\-~—–至到]{{1,8}}?)?{_SEP}(?P<b>{_NUM})(?P<u2>.*)",
    re.S,
)
_PLUS_MINUS_RE = re.compile(r"±(?P<a>\d+(?:\.\d+)?)(?P<u>.*)", re.S)
_DECIMAL_RE = re.compile(rf"(?P<num>{_NUM})(?:%|\(%\))?")
_UNIT_RE = re.compile(r"(?:[^\W\d_]|[%‰°/·'])+|[A-Za-z]{1,3}[23]")
_EXPONENT_RE = re.compile(r"[eE][+-]?\d")
_UNIT_ALIASES = {"百分比": "%", "百分数": "%"}
_UNIT_BLOCKED = frozenset("以前后内完成达及或的了和与在为是不未无按至到左右约余多超低高于少")
_MAX_UNIT_LEN = 8


def _to_decimal(digits: str) -> Decimal:
    """Exact Decimal from a string matched by ``_NUM`` (no context rounding)."""
    return Decimal(digits.replace(",", ""))


def _read_unit(text: str) -> tuple[bool, str | None]:
    """Validate a unit: ``(True, unit|None)`` or ``(False, None)`` if not a unit."""
    if not text:
        return True, None
    if _EXPONENT_RE.match(text):
        return False, None
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    unit = _UNIT_ALIASES.get(text, text)
    valid = (
        0 < len(unit) <= _MAX_UNIT_LEN
        and _UNIT_RE.fullmatch(unit) is not None
        and not _UNIT_BLOCKED.intersection(unit)
        and ("%" not in unit or unit == "%")
    )
    return (True, unit) if valid else (False, None)


def _parse_range(body: str) -> dict | None:
    match = _PLUS_MINUS_RE.fullmatch(body)
    if match:
        ok, unit = _read_unit(match["u"])
        if not ok:
            return None
        bound = _to_decimal(match["a"])
        return {"kind": ValueKind.RANGE, "value": -bound, "upper": bound, "unit": unit}
    match = _RANGE_RE.fullmatch(body)
    if match is None:
        return None
    ok1, unit1 = _read_unit(match["u1"] or "")
    ok2, unit2 = _read_unit(match["u2"].removesuffix("之间"))
    if not (ok1 and ok2) or (unit1 and unit2 and unit1 != unit2):
        return None
    lower, upper = _to_decimal(match["a"]), _to_decimal(match["b"])
    if lower > upper:
        return None
    return {"kind": ValueKind.RANGE, "value": lower, "upper": upper, "unit": unit2 or unit1}


def _parse_quantity(text: str) -> dict | None:
    """NUMBER or RANGE fields for ``text``, or None."""
    op, body, symbolic = _read_op(text)
    fields = _parse_range(body)
    if fields is not None:
        return None if symbolic else fields
    match = _NUMBER_RE.match(body)
    if match is None:
        return None
    rest, suffix_op = _strip_suffix_op(match["rest"])
    ok, unit = _read_unit(rest)
    if not ok:
        return None
    value = _to_decimal(match["num"])
    return {"kind": ValueKind.NUMBER, "op": op or suffix_op, "value": value, "unit": unit}


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_Y = r"(?:19|20)\d{2}"
_HAS_YEAR_RE = re.compile(_Y)
_DATE_PREFIX_RE = re.compile(r"截至|截止到|截止|于|在")
_ISO_RE = re.compile(rf"(?P<y>{_Y})(?P<s>[-./])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})日?")
_CN_RE = re.compile(
    rf"(?:(?P<y>{_Y})年)?(?:(?P<m>\d{{1,2}})月"
    r"(?:(?P<d>\d{1,2})[日号]?|(?P<part>上旬|中旬|下旬|初|中|底|末|份))?"
    r"|(?P<dd>\d{1,2})[日号])?"
)
_YEAR_SPAN_RE = re.compile(
    rf"(?P<y>{_Y})年?(?P<span>全年度?|年度|度|年底|年末|底|末|上半年|下半年"
    r"|第?(?P<q>[一二三四1-4])季度(?P<qend>末|底)?|[Qq](?P<qq>[1-4]))"
)
_MONTH_RANGE_RE = re.compile(
    rf"(?P<y>{_Y})年(?P<m1>\d{{1,2}})月?{_SEP}(?P<m2>\d{{1,2}})月(?P<end>底|末|份)?"
)
_YEAR_RANGE_RE = re.compile(rf"(?P<y1>{_Y})年?{_SEP}(?P<y2>{_Y})年度?")
_DATE_SEP_RE = re.compile(r"——|[-~—–]+|至|到")
_DATE_REL = frozenset({"之前", "以前", "为止", "以内", "之内", "前", "内", "止"})
_DATE_TAILS = sorted(
    _DATE_REL
    | {"完成", "完工", "竣工", "结束", "办结", "验收", "上线", "交付", "实施", "启动",
       "开展", "日期", "时间", "全部", "按时", "按期", "如期", "顺利", "全面"},
    key=len,
    reverse=True,
)  # fmt: skip
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_XUN = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31)}

_Span = tuple[dt.date, dt.date]


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int, part: str | None) -> _Span | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if part in ("底", "末"):
        first = last
    elif part in _XUN:
        first, last = _XUN[part][0], min(_XUN[part][1], last)
    else:
        first = 1
    return dt.date(year, month, first), dt.date(year, month, last)


def _year_span(match: re.Match[str]) -> _Span:
    year, span = int(match["y"]), match["span"]
    quarter = match["q"] or match["qq"]
    if quarter:
        last_month = 3 * _QUARTERS[quarter]
        end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        return (end if match["qend"] else dt.date(year, last_month - 2, 1)), end
    if span in ("年底", "年末", "底", "末"):
        return dt.date(year, 12, 31), dt.date(year, 12, 31)
    if span == "上半年":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if span == "下半年":
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _point(text: str, year: int | None = None, month: int | None = None) -> _Span | None:
    """The span one date expression covers; ``year``/``month`` fill omissions."""
    if match := _ISO_RE.fullmatch(text):
        day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
        return (day, day) if day else None
    if match := _YEAR_SPAN_RE.fullmatch(text):
        return _year_span(match)
    match = _CN_RE.fullmatch(text)
    if match is None or not text:
        return None
    year = int(match["y"]) if match["y"] else year
    if year is None:
        return None
    if match["dd"]:
        day = _make_date(year, month, int(match["dd"])) if month else None
        return (day, day) if day else None
    if not match["m"]:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match["d"]:
        day = _make_date(year, int(match["m"]), int(match["d"]))
        return (day, day) if day else None
    return _month_span(year, int(match["m"]), match["part"])


def _date_span(core: str) -> _Span | None:
    """A point, or a ``start SEP end`` span whose end may omit year/month."""
    if span := _point(core):
        return span
    if match := _MONTH_RANGE_RE.fullmatch(core):
        year = int(match["y"])
        first = _month_span(year, int(match["m1"]), None)
        last = _month_span(year, int(match["m2"]), match["end"])
        return (first[0], last[1]) if first and last and first[0] <= last[1] else None
    if match := _YEAR_RANGE_RE.fullmatch(core):
        y1, y2 = int(match["y1"]), int(match["y2"])
        return (dt.date(y1, 1, 1), dt.date(y2, 12, 31)) if y1 <= y2 else None
    for sep in _DATE_SEP_RE.finditer(core):
        start = _point(core[: sep.start()])
        if start is None:
            continue
        end = _point(core[sep.end() :], year=start[1].year, month=start[1].month)
        if end is not None and start[0] <= end[1]:
            return start[0], end[1]
    return None


def _strip_date_tail(text: str) -> tuple[str, str | None]:
    """Drop ``前``/``完成``/``日期``-style tails; ``前``-like words mean ``<=``."""
    rel = None
    for _ in range(8):
        for word in _DATE_TAILS:
            if len(text) > len(word) and text.endswith(word):
                text = text[: -len(word)]
                rel = "<=" if word in _DATE_REL else rel
                break
        else:
            break
    return text, rel


def _parse_date(text: str) -> dict | None:
    """DATE fields for ``text`` (which must contain a year), or None."""
    if not _HAS_YEAR_RE.search(text):
        return None
    prefix = _DATE_PREFIX_RE.match(text)
    by = "<=" if prefix and prefix.group().startswith("截") else None  # 截至 = "by"
    op, body, _ = _read_op(text[prefix.end() :] if prefix else text)
    body, rel = _strip_date_tail(body)
    span = _date_span(body)
    if span is None:
        return None
    start, end = span
    return {
        "kind": ValueKind.DATE,
        "op": op or by or rel,
        "date": end,
        "date_start": start if start != end else None,
    }


# --------------------------------------------------------------------------
# Qualitative lexicon
# --------------------------------------------------------------------------

# Adverbs that may precede a lexicon word without changing its sense.
_ADV = _alternation(
    ["已经", "已", "均已", "均", "全部", "全面", "完全", "按时", "按期", "如期", "按计划",
     "按要求", "及时", "顺利", "圆满", "超额", "较为", "比较", "非常", "十分", "很", "明显",
     "显著", "持续", "逐步", "有所", "进一步", "大幅度", "大幅", "有效", "得到", "稳步",
     "不断", "切实", "整体", "总体", "全年", "已全部"]
)  # fmt: skip
# Verbs that may take an object (指标, 目标, 要求 …).
_VERBS = _alternation(
    ["完成", "达成", "实现", "达到", "达标", "通过", "落实", "开展", "执行", "兑现", "满足",
     "符合", "发放", "覆盖"]
)  # fmt: skip
_OBJECT = (
    r"(?:了)?(?:年度|预期|既定|绩效|全年|计划|各项|全部|所有)?"
    r"(?:指标值|指标|目标|任务|要求|标准|规定|效果|计划|预期)"
)
# Words that are a whole (positive) statement on their own.
_STATES = _alternation(
    ["及时", "健全", "完善", "有效", "提升", "提高", "改善", "增强", "加强", "增加", "扩大",
     "促进", "优化", "稳定", "平稳", "规范", "合格", "良好", "满意", "正常", "准确", "安全",
     "顺畅", "畅通", "可控", "齐全", "完整", "高效", "充分", "持续", "多样", "多样化", "显著",
     "明显", "优秀", "优", "良", "是", "可持续", "长效", "到位", "稳定运行", "正常运行",
     "平稳运行", "安全运行", "运行稳定", "运行正常", "运行平稳", "运行良好", "按计划",
     "按要求", "按时", "按期", "如期"]
)  # fmt: skip
_CORE = rf"(?:(?:{_VERBS})(?:{_OBJECT})?|(?:{_STATES}))"
_PARTIAL_MARK = r"(?:基本上|基本|大部分|大部|部分|大体上|大体|大致|初步)"
_NEGATION = r"(?:未能|尚未|仍未|均未|没有|没能|没|不能|无法|不够|不太|未|不|无|非)"
_BAD_MODIFIERS = _alternation(
    ["重大", "有责", "一般", "较大", "严重", "明显", "安全", "质量", "网络", "系统", "数据",
     "信息", "责任", "重复", "负面", "群体性", "有效"]
)  # fmt: skip
_BAD_THINGS = _alternation(
    ["故障", "事故", "投诉", "差错", "违规", "违纪", "违法", "问题", "纠纷", "失误", "延误",
     "泄露", "泄密", "隐患", "舆情", "信访", "错误", "遗漏", "漏洞", "中断", "损失", "浪费",
     "宕机", "停机", "瘫痪", "异常", "风险", "事件"]
)  # fmt: skip
_ABSENCE = (
    rf"(?:无|零|没有|未发生|未出现|未发现|杜绝|不存在)(?:任何)?(?:{_BAD_MODIFIERS}){{0,2}}"
    rf"(?:{_BAD_THINGS})(?:发生|出现|情况|现象)?"
)
# A metric noun follows: "不合格率", "完成度" name a measure, not a verdict.
_NOT_METRIC = r"(?![率度数性量]|时间)"
_METRIC_NAME_RE = re.compile(r"(?:[率度数性量]|时间)(?:\([^()]*\))?$")

_PHRASES: tuple[tuple[re.Pattern[str], Achievement], ...] = (
    (re.compile(rf"(?:{_ADV})?{_ABSENCE}"), Achievement.ACHIEVED),
    (
        re.compile(
            rf"(?:{_ADV})?{_NEGATION}(?:{_ADV}){{0,2}}{_CORE}|无|否|差|较差|很差|无效|无进展"
            r"|无变化|滞后|延期|延误|失败|未达成年度指标且效果较差"
        ),
        Achievement.NOT_ACHIEVED,
    ),
    (
        re.compile(
            rf"(?:{_ADV})?{_PARTIAL_MARK}(?:{_ADV}){{0,2}}{_CORE}|较好|一般|尚可|中等|中"
            r"|有待(?:提高|提升|加强|改进|完善|改善)|部分达成年度指标并具有一定效果"
        ),
        Achievement.PARTIAL,
    ),
    (re.compile(rf"(?:{_ADV}){{0,3}}{_CORE}"), Achievement.ACHIEVED),
)

_DECISIVE_STATES = "合格|及时|达标|到位|规范|健全|稳定|符合|满意|理想"
_SEARCHES: tuple[tuple[re.Pattern[str], Achievement], ...] = (
    (re.compile(_ABSENCE + _NOT_METRIC), Achievement.ACHIEVED),
    (
        re.compile(
            rf"(?:未能|尚未|仍未|均未|没有|没能|无法|不能|未)(?:{_ADV}){{0,2}}(?:{_VERBS})"
            rf"{_NOT_METRIC}|不(?:{_DECISIVE_STATES}){_NOT_METRIC}"
            rf"|无(?:明显)?(?:提高|提升|改善|进展|变化){_NOT_METRIC}"
        ),
        Achievement.NOT_ACHIEVED,
    ),
    (
        re.compile(
            rf"{_PARTIAL_MARK}(?:{_ADV}){{0,2}}(?:{_VERBS}|{_DECISIVE_STATES}){_NOT_METRIC}"
            r"|有待(?:提高|提升|加强|改进|完善|改善)"
        ),
        Achievement.PARTIAL,
    ),
    (
        re.compile(
            r"(?:已经|已|均已|全部|全面|按时|按期|如期|顺利|圆满|超额|按计划|按要求)"
            rf"(?:{_ADV}){{0,2}}(?:{_VERBS}){_NOT_METRIC}"
            r"|(?:完成|达成|实现|达到)了?[^,，。;；:：]{0,10}?(?:指标|目标|任务)" + _NOT_METRIC
            + r"|(?:稳定|正常|平稳|安全)运行(?![率度数性量天时])|运行(?:稳定|正常|平稳|良好)"
        ),
        Achievement.ACHIEVED,
    ),
)
_SHORT_TEXT_LEN = 12
_TIME_BOUND = frozenset("前内后")


def _phrase_class(text: str) -> Achievement | None:
    """The achievement when ``text`` as a whole is a lexicon phrase."""
    for pattern, achievement in _PHRASES:
        if pattern.fullmatch(text):
            return achievement
    return None


def _search_class(text: str) -> Achievement | None:
    """Look for decisive phrases; a negated phrase hides the positive in it."""
    found: set[Achievement] = set()
    for pattern, achievement in _SEARCHES:
        text, count = pattern.subn("\x00", text)
        if count:
            found.add(achievement)
    if Achievement.NOT_ACHIEVED in found:
        return Achievement.PARTIAL if len(found) > 1 else Achievement.NOT_ACHIEVED
    if Achievement.PARTIAL in found:
        return Achievement.PARTIAL
    return Achievement.ACHIEVED if found else None


def _suffix_class(text: str) -> Achievement | None:
    """For short texts: a lexicon phrase (≥ 2 chars) ending the text is its verdict."""
    if len(text) > _SHORT_TEXT_LEN:
        return None
    for start in range(1, len(text) - 1):
        if text[start - 1] in _TIME_BOUND:  # "12月底前完成" is a plan, not a verdict
            continue
        if achievement := _phrase_class(text[start:]):
            return achievement
    return None


def classify_achievement(text: str | None) -> Achievement:
    """Classify a qualitative statement with the lexicon.

    Args:
        text: Any cell text, e.g. ``达成指标``, ``未完成``, ``系统全年稳定运行``.

    Returns:
        ACHIEVED, PARTIAL or NOT_ACHIEVED when the text is a lexicon phrase or
        clearly contains a decisive one (negations win over the positive word
        they contain: ``未完成`` is not ``完成``); otherwise UNKNOWN.
    """
    clean = _normalize(_as_text(text))
    if not clean:
        return Achievement.UNKNOWN
    if found := _phrase_class(clean):
        return found
    if _METRIC_NAME_RE.search(clean):  # "…按时完成时间", "…达标率" name a measure
        return Achievement.UNKNOWN
    return _search_class(clean) or _suffix_class(clean) or Achievement.UNKNOWN


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------

_EMPTY_RE = re.compile(r"[-—–―_~]*")
_NOT_APPLICABLE = frozenset({"/", "//", "\\", "不适用", "不涉及", "n/a", "na", "n.a"})


def _special_kind(clean: str) -> ValueKind | None:
    if _EMPTY_RE.fullmatch(clean):
        return ValueKind.EMPTY
    if clean.lower() in _NOT_APPLICABLE:
        return ValueKind.NOT_APPLICABLE
    return None


def parse_value(text: str | None) -> ParsedValue:
    """Parse a 年度指标值 / 实际完成值 cell. Never raises.

    Args:
        text: The cell text; None reads as empty.

    Returns:
        A ParsedValue whose ``text`` is the stripped input, e.g.
        ``≥100(册)`` → NUMBER op ``>=`` value 100 unit ``册``.
    """
    stripped = _as_text(text).strip()
    if len(stripped) > MAX_VALUE_LEN:
        return ParsedValue(text=stripped, kind=ValueKind.TEXT)
    clean = _normalize(stripped)
    if kind := _special_kind(clean):
        return ParsedValue(text=stripped, kind=kind)
    fields = _parse_date(clean) or _parse_quantity(clean)
    if fields is not None:
        return ParsedValue(text=stripped, **fields)
    if achievement := _phrase_class(clean):
        return ParsedValue(text=stripped, kind=ValueKind.QUALITATIVE, achievement=achievement)
    op, _, symbolic = _read_op(clean)
    found = classify_achievement(clean)
    return ParsedValue(
        text=stripped,
        kind=ValueKind.TEXT,
        op=op if symbolic else None,
        achievement=None if found is Achievement.UNKNOWN else found,
    )


def parse_decimal(text: str | None) -> Decimal | None:
    """Read a plain amount such as a funding cell. Never raises.

    Args:
        text: e.g. ``1,241.00``, ``84.80%``, ``１２３``; ``-``/``—``/"" mean none.

    Returns:
        The exact Decimal (``Decimal("1241.00")``), or None when the text is
        not a plain number (units such as ``万``, exponents, words).
    """
    match = _DECIMAL_RE.fullmatch(_normalize(_as_text(text)))
    return _to_decimal(match["num"]) if match else None
