"""Tests for the value grammar (jixiao.model.values)."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.model.values import (
    Achievement,
    ParsedValue,
    ValueKind,
    classify_achievement,
    parse_decimal,
    parse_value,
)

K = ValueKind
A = Achievement
D = Decimal
FIELDS = ("kind", "op", "value", "upper", "unit", "date", "date_start", "achievement")


def case(text: str | None, kind: ValueKind, **fields: object):
    """One table row; every field not given is expected to be None."""
    return pytest.param(text, kind, fields, id=repr(text))


CASES = [
    # --- empty / not applicable -------------------------------------------
    case(None, K.EMPTY),
    case("", K.EMPTY),
    case("   ", K.EMPTY),
    case("-", K.EMPTY),
    case("—", K.EMPTY),
    case("——", K.EMPTY),
    case("/", K.NOT_APPLICABLE),
    case("／", K.NOT_APPLICABLE),
    case("不适用", K.NOT_APPLICABLE),
    case("N/A", K.NOT_APPLICABLE),
    # --- numbers ------------------------------------------------------------
    case("≥100(册)", K.NUMBER, op=">=", value=D("100"), unit="册"),
    case("=0.00(件)", K.NUMBER, op="=", value=D("0"), unit="件"),
    case("=4.00(期)", K.NUMBER, op="=", value=D("4"), unit="期"),
    case("80人", K.NUMBER, value=D("80"), unit="人"),
    case("100.00(%)", K.NUMBER, value=D("100.00"), unit="%"),
    case("100%", K.NUMBER, value=D("100"), unit="%"),
    case("<2小时", K.NUMBER, op="<", value=D("2"), unit="小时"),
    case("≤10个月", K.NUMBER, op="<=", value=D("10"), unit="个月"),
    case("2,872,170.00", K.NUMBER, value=D("2872170.00")),
    case("1,241.00", K.NUMBER, value=D("1241.00")),
    case("1.8", K.NUMBER, value=D("1.8")),
    case("40", K.NUMBER, value=D("40")),
    case("0", K.NUMBER, value=D("0")),
    case("-5%", K.NUMBER, value=D("-5"), unit="%"),
    case("≥4000.00(人 次)", K.NUMBER, op=">=", value=D("4000"), unit="人次"),
    case("≥28000.00 (册)", K.NUMBER, op=">=", value=D("28000"), unit="册"),
    case("≥188.4万元", K.NUMBER, op=">=", value=D("188.4"), unit="万元"),
    case("≥86519平方米", K.NUMBER, op=">=", value=D("86519"), unit="平方米"),
    case("≤5.00(万元/个)", K.NUMBER, op="<=", value=D("5"), unit="万元/个"),
    case("=300.00(元/人/年)", K.NUMBER, op="=", value=D("300"), unit="元/人/年"),
    case("≤2269280.00 (元)", K.NUMBER, op="<=", value=D("2269280"), unit="元"),
    case("≥3版", K.NUMBER, op=">=", value=D("3"), unit="版"),
    case("<=3工作日", K.NUMBER, op="<=", value=D("3"), unit="工作日"),
    case("<=1天", K.NUMBER, op="<=", value=D("1"), unit="天"),
    case("=12次", K.NUMBER, op="=", value=D("12"), unit="次"),
    case("=0 次", K.NUMBER, op="=", value=D("0"), unit="次"),
    case("=3(件/人)", K.NUMBER, op="=", value=D("3"), unit="件/人"),
    case(">=80%", K.NUMBER, op=">=", value=D("80"), unit="%"),
    case(">=80百分比", K.NUMBER, op=">=", value=D("80"), unit="%"),
    case("＞=90％", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case(">＝90%", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("=>90%", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("=<5", K.NUMBER, op="<=", value=D("5")),
    case("≧95%", K.NUMBER, op=">=", value=D("95"), unit="%"),
    case("═1(份)", K.NUMBER, op="=", value=D("1"), unit="份"),
    case("＜５", K.NUMBER, op="<", value=D("5")),
    case("≥１，０００人", K.NUMBER, op=">=", value=D("1000"), unit="人"),
    case("不低于90%", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("不少于10条", K.NUMBER, op=">=", value=D("10"), unit="条"),
    case("大于等于95%", K.NUMBER, op=">=", value=D("95"), unit="%"),
    case("不超过5天", K.NUMBER, op="<=", value=D("5"), unit="天"),
    case("大于80%", K.NUMBER, op=">", value=D("80"), unit="%"),
    case("小于2小时", K.NUMBER, op="<", value=D("2"), unit="小时"),
    case("达到90%", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("90%以上", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("90%及以上", K.NUMBER, op=">=", value=D("90"), unit="%"),
    case("2小时以内", K.NUMBER, op="<=", value=D("2"), unit="小时"),
    case("2小时内", K.NUMBER, op="<=", value=D("2"), unit="小时"),
    case("10个以下", K.NUMBER, op="<=", value=D("10"), unit="个"),
    case("控制在5%以内", K.NUMBER, op="<=", value=D("5"), unit="%"),
    case("≥70%", K.NUMBER, op=">=", value=D("70"), unit="%"),
    case("2023", K.NUMBER, value=D("2023")),
    # --- ranges -------------------------------------------------------------
    case("1800-3000 (元/人)", K.RANGE, value=D("1800"), upper=D("3000"), unit="元/人"),
    case("1300-2300 (元/人)", K.RANGE, value=D("1300"), upper=D("2300"), unit="元/人"),
    case("1800～3000元", K.RANGE, value=D("1800"), upper=D("3000"), unit="元"),
    case("1800至3000元", K.RANGE, value=D("1800"), upper=D("3000"), unit="元"),
    case("90%-95%", K.RANGE, value=D("90"), upper=D("95"), unit="%"),
    case("90%～95%之间", K.RANGE, value=D("90"), upper=D("95"), unit="%"),
    case("±10%", K.RANGE, value=D("-10"), upper=D("10"), unit="%"),
    case("1,800-3,000", K.RANGE, value=D("1800"), upper=D("3000")),
    # --- dates --------------------------------------------------------------
    case("2023年12月31日前完成", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case("2023年12月31日前", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case("2023年12月31日之前", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case("2023年12月31日前按时完成", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case("2023年9月底前完成", K.DATE, op="<=", date=dt.date(2023, 9, 30)),
    case("2021年10月底", K.DATE, date=dt.date(2021, 10, 31)),
    case("2021年4月底", K.DATE, date=dt.date(2021, 4, 30)),
    case("2024年2月底", K.DATE, date=dt.date(2024, 2, 29)),
    case(
        "2023年5-9月完成",
        K.DATE,
        date=dt.date(2023, 9, 30),
        date_start=dt.date(2023, 5, 1),
    ),
    case(
        "2023年5月中旬—6月中旬完成",
        K.DATE,
        date=dt.date(2023, 6, 20),
        date_start=dt.date(2023, 5, 11),
    ),
    case(
        "2023年9月12日—9月13日完成",
        K.DATE,
        date=dt.date(2023, 9, 13),
        date_start=dt.date(2023, 9, 12),
    ),
    case("<=2022年12月31日", K.DATE, op="<=", date=dt.date(2022, 12, 31)),
    case("<=2022年12月31日日期", K.DATE, op="<=", date=dt.date(2022, 12, 31)),
    case("2022年12月31日时间", K.DATE, date=dt.date(2022, 12, 31)),
    case("2023-12-31", K.DATE, date=dt.date(2023, 12, 31)),
    case("2023.12.31", K.DATE, date=dt.date(2023, 12, 31)),
    case("2023/6/30", K.DATE, date=dt.date(2023, 6, 30)),
    case("2023年全年", K.DATE, date=dt.date(2023, 12, 31), date_start=dt.date(2023, 1, 1)),
    case("2023年度", K.DATE, date=dt.date(2023, 12, 31), date_start=dt.date(2023, 1, 1)),
    case(
        "2023年第三季度",
        K.DATE,
        date=dt.date(2023, 9, 30),
        date_start=dt.date(2023, 7, 1),
    ),
    case("2023年底", K.DATE, date=dt.date(2023, 12, 31)),
    case("2023年年底前", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case("2023年上半年", K.DATE, date=dt.date(2023, 6, 30), date_start=dt.date(2023, 1, 1)),
    case("截至2023年12月31日", K.DATE, op="<=", date=dt.date(2023, 12, 31)),
    case(
        "2023-01-01至2023-12-31",
        K.DATE,
        date=dt.date(2023, 12, 31),
        date_start=dt.date(2023, 1, 1),
    ),
    # --- qualitative --------------------------------------------------------
    case("及时", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("健全", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("提升", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("有效", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("达成指标", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("达成年度指标", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("达成预期指标", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("符合", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("符合要求", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("完成", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("已完成", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("按时完成", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("稳定", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("稳定运行", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("规范", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("合格", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("良好", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("满意", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("非常满意", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("明显提高", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("持续提高", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("有所改善", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("多样化", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("是", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("按计划", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("无重大故障", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("无投诉", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("无有责投诉", K.QUALITATIVE, achievement=A.ACHIEVED),
    case("基本完成", K.QUALITATIVE, achievement=A.PARTIAL),
    case("基本达成", K.QUALITATIVE, achievement=A.PARTIAL),
    case("部分完成", K.QUALITATIVE, achievement=A.PARTIAL),
    case("基本及时", K.QUALITATIVE, achievement=A.PARTIAL),
    case("较好", K.QUALITATIVE, achievement=A.PARTIAL),
    case("部分达成年度指标并具有一定效果", K.QUALITATIVE, achievement=A.PARTIAL),
    case("未完成", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("未实现", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("未达标", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("未按时完成", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("没有完成", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("无", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("无提高", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("否", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("不合格", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("不及时", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("未开展", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("未达成年度指标且效果较差", K.QUALITATIVE, achievement=A.NOT_ACHIEVED),
    case("达成 指标。", K.QUALITATIVE, achievement=A.ACHIEVED),
    # --- text ---------------------------------------------------------------
    case("=约定整理数量", K.TEXT, op="="),
    case("=项目管理完成度", K.TEXT, op="="),
    case("档案管理规范要求", K.TEXT),
    case("故障2小时内响应 处理小时", K.TEXT),
    case("2小时内响应处理小时", K.TEXT),
    case("系统全年无重大故障百分之", K.TEXT, achievement=A.ACHIEVED),
    case("系统全年稳定运行", K.TEXT, achievement=A.ACHIEVED),
    case("系统无故障稳定运行", K.TEXT, achievement=A.ACHIEVED),
    case("印刷质量合格", K.TEXT, achievement=A.ACHIEVED),
    case("已按计划完成各项工作", K.TEXT, achievement=A.ACHIEVED),
    case("完成所有数据编目任务", K.TEXT, achievement=A.ACHIEVED),
    case("宽带偶尔略有波动", K.TEXT),
    case("长效管理制度健全性", K.TEXT),
    case("不合格率低于5%", K.TEXT),
    case("培训已完成，验收未完成", K.TEXT, achievement=A.PARTIAL),
    case("年底前", K.TEXT),
    case("12月底前完成", K.TEXT),
    case("2019年残疾人保障金(就业培训)", K.TEXT),
    case("≥90%以上的人", K.TEXT, op=">="),
    case("100多人", K.TEXT),
    case("1,2", K.TEXT),
    case("1e999999", K.TEXT),
    case("1E+5", K.TEXT),
    case("2023年2月30日", K.TEXT),
    case("5-3", K.TEXT),
]


@pytest.mark.parametrize(("text", "kind", "fields"), CASES)
def test_value_table(text: str | None, kind: ValueKind, fields: dict) -> None:
    parsed = parse_value(text)
    expected = {name: None for name in FIELDS} | {"kind": kind} | fields
    actual = {name: getattr(parsed, name) for name in FIELDS}
    assert actual == expected
    assert parsed.text == (text or "").strip()


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


def test_decimal_values_keep_their_digits() -> None:
    value = parse_value("=0.00(件)").value
    assert isinstance(value, Decimal)
    assert str(value) == "0.00"
    assert str(parse_value("2,872,170.00").value) == "2872170.00"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (ParsedValue("", K.NUMBER, op=">=", value=D("100.00"), unit="册"), "≥100(册)"),
        (ParsedValue("", K.NUMBER, op="=", value=D("0.00"), unit="件"), "=0(件)"),
        (ParsedValue("", K.NUMBER, op="<=", value=D("10"), unit="个月"), "≤10(个月)"),
        (ParsedValue("", K.NUMBER, op=">=", value=D("90.50"), unit="%"), "≥90.5%"),
        (ParsedValue("", K.NUMBER, value=D("1E+3")), "1000"),
        (
            ParsedValue("", K.RANGE, value=D("1800"), upper=D("3000"), unit="元/人"),
            "1800-3000(元/人)",
        ),
        (ParsedValue("x", K.DATE, op="<=", date=dt.date(2023, 12, 31)), "≤2023-12-31"),
        (ParsedValue("", K.EMPTY), ""),
        (ParsedValue("档案管理", K.TEXT), "档案管理"),
    ],
)
def test_format(value: ParsedValue, text: str) -> None:
    assert value.format() == text


def test_to_json() -> None:
    data = parse_value("≥4000.00(人 次)").to_json()
    assert data == {"kind": "number", "op": ">=", "value": 4000, "unit": "人次",
                    "text": "≥4000.00(人 次)"}  # fmt: skip
    assert type(data["value"]) is int
    assert parse_value("99.65(%)").to_json()["value"] == 99.65
    dated = parse_value("2023年5-9月完成").to_json()
    assert dated["date"] == "2023-09-30" and dated["date_start"] == "2023-05-01"
    assert "op" not in dated and "value" not in dated
    assert parse_value("未完成").to_json()["achievement"] == "not_achieved"
    json.dumps(parse_value("9" * 190).to_json())


def test_is_quantitative() -> None:
    assert parse_value("≥90%").is_quantitative
    assert parse_value("90%-95%").is_quantitative
    assert not parse_value("2023-12-31").is_quantitative
    assert not parse_value("及时").is_quantitative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("达成指标", A.ACHIEVED),
        ("系统全年稳定运行", A.ACHIEVED),
        ("无安全事故发生", A.ACHIEVED),
        ("未发生安全事故", A.ACHIEVED),
        ("基本达成", A.PARTIAL),
        ("有待提高", A.PARTIAL),
        ("未完成", A.NOT_ACHIEVED),
        ("不及时", A.NOT_ACHIEVED),
        ("无进展", A.NOT_ACHIEVED),
        ("项目验收未通过，正在整改", A.NOT_ACHIEVED),
        ("无障碍建设督导次数", A.UNKNOWN),
        ("信息化系统正常运行天数", A.UNKNOWN),
        ("全国盲人医疗按摩人员考试按时完成时间", A.UNKNOWN),
        ("残疾人运动员按时完成训练计划达标率", A.UNKNOWN),
        ("计划培训2期,实际培训1期,导致人数不达标", A.NOT_ACHIEVED),
        ("系统全年运行稳定，无重大故障", A.ACHIEVED),
        ("服务对象满意度", A.UNKNOWN),
        ("≥90%", A.UNKNOWN),
        ("", A.UNKNOWN),
        (None, A.UNKNOWN),
    ],
)
def test_classify_achievement(text: str | None, expected: Achievement) -> None:
    assert classify_achievement(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,241.00", D("1241.00")),
        ("84.80%", D("84.80")),
        ("100.00(%)", D("100.00")),
        ("648.58", D("648.58")),
        ("１２３．４", D("123.4")),
        (" 0.00 ", D("0.00")),
        ("-5", D("-5")),
        ("-", None),
        ("—", None),
        ("", None),
        (None, None),
        ("1.2万", None),
        ("1e5", None),
        ("1,2", None),
        ("NaN", None),
        ("Infinity", None),
    ],
)
def test_parse_decimal(text: str | None, expected: Decimal | None) -> None:
    result = parse_decimal(text)
    assert result == expected
    if expected is not None:
        assert str(result) == str(expected)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

OPS = st.sampled_from([None, ">=", "<=", "=", ">", "<"])
UNITS = st.sampled_from(
    ["%", "册", "元/人", "人次", "天", "平方米", "元/人/年", "万元/个", "期", "次", None]
)
DECIMALS = st.integers(0, 4).flatmap(
    lambda places: st.decimals(
        min_value=-(10**9), max_value=10**9, places=places, allow_nan=False, allow_infinity=False
    )
)


@given(op=OPS, value=DECIMALS, unit=UNITS)
def test_number_format_round_trip(op: str | None, value: Decimal, unit: str | None) -> None:
    original = ParsedValue(text="", kind=K.NUMBER, op=op, value=value, unit=unit)
    parsed = parse_value(original.format())
    assert parsed.kind is K.NUMBER
    assert (parsed.op, parsed.value, parsed.unit) == (op, value, unit)


@given(bounds=st.lists(DECIMALS, min_size=2, max_size=2).map(sorted), unit=UNITS)
def test_range_format_round_trip(bounds: list[Decimal], unit: str | None) -> None:
    lower, upper = bounds
    original = ParsedValue(text="", kind=K.RANGE, value=lower, upper=upper, unit=unit)
    parsed = parse_value(original.format())
    assert parsed.kind is K.RANGE
    assert (parsed.op, parsed.value, parsed.upper, parsed.unit) == (None, lower, upper, unit)


DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(op=st.sampled_from([None, "<=", ">="]), end=DATES, start=st.none() | DATES)
def test_date_format_round_trip(op: str | None, end: dt.date, start: dt.date | None) -> None:
    if start is not None and start >= end:
        start = None
    original = ParsedValue(text="", kind=K.DATE, op=op, date=end, date_start=start)
    parsed = parse_value(original.format())
    assert (parsed.kind, parsed.op, parsed.date, parsed.date_start) == (K.DATE, op, end, start)


NASTY = st.sampled_from(
    ["9" * 5000, "1e999999", "≥" + "9" * 300 + "%", "2023年" * 100, "-" * 1000,
     "1,000," * 50, "（" * 500, "\x00\x01\u200b", "≥１２３４５６７８９０％", "1" + "0" * 199,
     "2023-" * 60, "未" * 300 + "完成", "无" * 400, "≥" * 250]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,-~%≥≤=<>()（）年月日前后至—０１２３４５６７８９ 　\n无未完成达"),
    NASTY,
)


@given(TEXTS)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_parse_value_never_raises(text: str) -> None:
    parsed = parse_value(text)
    assert isinstance(parsed, ParsedValue)
    assert parsed.text == text.strip()
    assert isinstance(parsed.kind, ValueKind)
    for number in (parsed.value, parsed.upper):
        assert number is None or isinstance(number, Decimal)
    json.dumps(parsed.to_json(), ensure_ascii=False)
    parsed.format()
    classify_achievement(text)


@given(TEXTS)
def test_parse_decimal_never_raises(text: str) -> None:
    result = parse_decimal(text)
    assert result is None or (isinstance(result, Decimal) and result.is_finite())


@given(
    st.tuples(
        st.booleans(),
        st.text(alphabet="0123456789", min_size=1, max_size=60),
        st.none() | st.text(alphabet="0123456789", min_size=1, max_size=30),
    )
)
def test_parse_decimal_is_exact(parts: tuple[bool, str, str | None]) -> None:
    negative, whole, fraction = parts
    digits = ("-" if negative else "") + whole + ("" if fraction is None else "." + fraction)
    assert str(parse_decimal(digits)) == str(Decimal(digits))
    assert parse_decimal(digits) == Decimal(digits)
    assert parse_value(digits).value == Decimal(digits)


def test_parse_decimal_exact_examples() -> None:
    assert str(parse_decimal("123456789012345.67")) == "123456789012345.67"
    assert parse_decimal("9" * 5000) == Decimal("9" * 5000)
    assert parse_decimal("1e999999") is None


@pytest.mark.parametrize(
    "text",
    ["9" * 100_000, "≥" + "1," * 50_000, "2023年" * 20_000, "未完成" * 30_000,
     "(" * 100_000, "1" + "-1" * 50_000, "无重大" * 30_000],
)  # fmt: skip
def test_pathological_input_is_fast(text: str) -> None:
    started = time.perf_counter()
    assert parse_value(text).kind is K.TEXT
    parse_decimal(text)
    classify_achievement(text)
    assert time.perf_counter() - started < 1.0
