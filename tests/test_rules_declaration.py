"""T01 … T16 on the declaration form: a case that triggers each rule and one that does not; the seed 001 defects."""

from __future__ import annotations


from conftest import SAMPLES
from jixiao import api, audit
from rules_harness import review_all

# Indicators: 0 cost, 1 培训人次, 2 培训合格率, 3 培训完成时间, 4 参训人员就业率, 5 参训人员满意度.
DECL = """
财政项目支出绩效目标申报表
(2023年度)
项目名称 | 测试项目 | 项目性质 | 其他一次性项目 | 项目类别 | 特定目标类
主管部门 | 某市残联 | 实施单位 | 某中心 | |
计划开始日期 | 2023-01-01 | 计划完成日期 | 2023-12-31 | |
项目资金 (元) | 项目资金总额 | 500,000.00 | 年度资金申请总额 | 500,000.00 |
| 其中：财政资金 | 500,000.00 | 其中：当年财政拨款 | 500,000.00 |
| | | 上年结转资金 | 0.00 |
| 其他资金 | 0.00 | 其他资金 | 0.00 |
项目绩效目标 | 项目总目标 | | 年度总体目标 | |
| 开展残疾人职业技能培训，提高残疾人就业能力 | | 开展职业技能培训 500 人次 | |
| 一级指标 | 二级指标 | 三级指标 | 年度(/项目)指标值 |
绩效指标 | 成本指标 | 经济成本指标 | 人均培训成本 | ≤1000(元/人次) |
| 产出指标 | 数量指标 | 培训人次 | ≥500(人次) |
| | 质量指标 | 培训合格率 | ≥90(%) |
| | 时效指标 | 培训完成时间 | 2023年11月30日前 |
| 效益指标 | 社会效益指标 | 参训人员就业率 | ≥30(%) |
| 满意度指标 | 服务对象满意度指标 | 参训人员满意度 | ≥90(%) |
"""


def decl(*swaps: tuple[str, str]) -> str:
    """DECL with some texts replaced (each replaced text must exist)."""
    text = DECL
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new)
    return text


NO_UNIT = decl(("≥500(人次)", "≥500"))
NO_OPERATOR = decl(("≥500(人次)", "500(人次)"))
NO_SATISFACTION = decl(("| 满意度指标 | 服务对象满意度指标 | 参训人员满意度 | ≥90(%) |\n", ""))
NO_COST = decl(("绩效指标 | 成本指标 | 经济成本指标 | 人均培训成本 | ≤1000(元/人次) |\n| 产出指标",
                "绩效指标 | 产出指标"))
ONE_YEAR_TOTAL = decl(("项目资金总额 | 500,000.00", "项目资金总额 | 1,609,500.00"),
                      ("财政资金 | 500,000.00", "财政资金 | 1,609,500.00"))
LARGE = decl(*[(f"{a} | 500,000.00", f"{a} | 186,938,169.00")
               for a in ("项目资金总额", "财政资金", "年度资金申请总额", "当年财政拨款")])
LARGE_WAN = decl(("项目资金 (元)", "项目资金 (万元)"),
                 *[(f"{a} | 500,000.00", f"{a} | 10,000.00") for a in ("项目资金总额", "财政资金", "年度资金申请总额",
                                                                         "当年财政拨款")])
SEVEN_INDICATORS = "| | 时效指标 | 培训完成时间 | 2023年11月30日前 |\n| | | 培训报名及时性 | 及时 |"

TRIGGERS = [
    ("T01", decl(("实施单位 | 某中心", "实施单位 | ")), None, [(0, None)]),
    ("T01", decl(("开展职业技能培训 500 人次", "")), None, [(0, None)]),
    ("T02", decl(("当年财政拨款 | 500,000.00", "当年财政拨款 | 400,000.00")), None, [(0, None)]),
    ("T02", decl(("财政资金 | 500,000.00", "财政资金 | 450,000.00")), None, [(0, None)]),
    ("T03", decl(("项目资金总额 | 500,000.00", "项目资金总额 | 300,000.00"),
                 ("财政资金 | 500,000.00", "财政资金 | 300,000.00")), None, [(0, None)]),
    ("T04", decl(("计划开始日期 | 2023-01-01", "计划开始日期 | 2023-09-01"),
                 ("计划完成日期 | 2023-12-31", "计划完成日期 | 2023-06-30")), None, [(0, None), (0, 3)]),
    ("T05", NO_SATISFACTION, None, [(0, None)]),
    ("T05", NO_COST, None, [(0, None)]),
    ("T06", NO_UNIT, None, [(0, 1)]),
    ("T06", NO_OPERATOR, None, [(0, 1)]),
    ("T06", decl(("| 培训人次 | ≥500(人次) |", "| 培训人次 | |")), None, [(0, 1)]),
    ("T07", decl(("≥500(人次)", "=约定培训人数")), None, [(0, 1)]),
    ("T08", decl(("≥30(%)", "提升")), None, [(0, 4)]),
    ("T08", decl(("≥30(%)", "有效提高残疾人就业能力")), None, [(0, 4)]),
    ("T08", decl(("| 培训合格率 | ≥90(%) |", "| 培训质量 | 培训规范要求 |")), None, [(0, 2)]),
    ("T09", decl(("≥90(%)", "≥10000(家)")), None, [(0, 2)]),
    ("T10", decl(("培训合格率 | ≥90(%)", "培训合格率 | ≥120(%)")), None, [(0, 2)]),
    ("T11", decl(("≤1000(元/人次)", "≥1000(元/人次)")), None, [(0, 0)]),
    ("T12", decl(("开展残疾人职业技能培训，提高残疾人就业能力", "按计划")), None, [(0, None)]),
    ("T12", decl(("开展残疾人职业技能培训，提高残疾人就业能力", "")), None, [(0, None)]),
    ("T13", decl(("开展职业技能培训 500 人次", "开展职业技能培训 500 人次，编印培训手册")), None, [(0, None)]),
    ("T13", decl(("开展职业技能培训 500 人次", "开展职业技能培训 500 人次，走访企业 95 家")), None, [(0, None)]),
    ("T14", decl(("| 效益指标 | 社会效益指标 |", "| 双盲指标 | 任意双盲指标 |")), None, [(0, 4)]),
    ("T15", LARGE, None, [(0, None)]),
    ("T15", LARGE_WAN, None, [(0, None)]),
    ("T16", ONE_YEAR_TOTAL, None, [(0, None)]),
]

CLEAN = [
    ("T01", DECL, None),
    ("T02", DECL, None),
    ("T02", decl(("| 其中：财政资金 | 500,000.00 |", "| 其中：财政资金 | |"),
                 ("| 其他资金 | 0.00 | 其他资金", "| 其他资金 | | 其他资金"),
                 ("项目资金总额 | 500,000.00", "项目资金总额 | 800,000.00"),
                 ("计划完成日期 | 2023-12-31", "计划完成日期 | 2024-12-31")), None),  # only a total: not checked
    ("T03", DECL, None),
    ("T04", DECL, None),
    ("T05", DECL, None),
    ("T05", NO_COST, "tianjin"),  # old tree: no cost line required
    ("T06", DECL, None),
    ("T06", decl(("≥30(%)", "提升"), ("≥500(人次)", "及时")), None),  # qualitative, not this rule
    ("T06", decl(("| 参训人员就业率 | ≥30(%) |", "| 灌溉水有效利用系数 | ≥0.56 |")), None),  # dimensionless
    ("T07", DECL, None),
    ("T08", DECL, None),
    ("T08", decl(("≥500(人次)", "及时"), ("≥90(%)", "合格")), None),  # decidable qualitative values
    ("T09", DECL, None),
    ("T09", decl(("| 培训合格率 | ≥90(%) |", "| 巡检频率 | ≥2(次/月) |")), None),
    ("T10", DECL, None),
    ("T10", decl(("参训人员就业率 | ≥30(%)", "参训人员收入增长率 | ≥120(%)")), None),
    ("T11", DECL, None),
    ("T12", DECL, None),
    ("T13", DECL, None),
    ("T13", decl(("开展职业技能培训 500 人次", "开展职业技能培训 500 人次，按方案实施")), None),
    ("T14", DECL, None),
    ("T15", DECL, None),
    ("T15", decl(*[(f"{a} | 500,000.00", f"{a} | 186,938,169.00")
                   for a in ("项目资金总额", "财政资金", "年度资金申请总额", "当年财政拨款")],
                 ("| | 时效指标 | 培训完成时间 | 2023年11月30日前 |", SEVEN_INDICATORS)), None),
    ("T16", DECL, None),
    ("T16", decl(("项目资金总额 | 500,000.00", "项目资金总额 | 1,609,500.00"),
                 ("财政资金 | 500,000.00", "财政资金 | 1,609,500.00"),
                 ("计划完成日期 | 2023-12-31", "计划完成日期 | 2025-12-31")), None),  # a three-year project
    ("T16", decl(("项目资金总额 | 500,000.00", "项目资金总额 | 300,000.00"),
                 ("财政资金 | 500,000.00", "财政资金 | 300,000.00"),
                 ("当年财政拨款 | 500,000.00", "当年财政拨款 | 300,000.00"),
                 ("上年结转资金 | 0.00", "上年结转资金 | 200,000.00")), None),  # carried-over money
    # a declaration's level names are T14's: HIER-01 does not repeat it, nor HIER-03 T05's cost line
    ("HIER-01", decl(("| 效益指标 | 社会效益指标 |", "| 双盲指标 | 任意双盲指标 |")), None),
    ("HIER-03", NO_COST, None),
]



def _severities(document: str, rule_id: str) -> list[str]:
    return [f.severity.value for f in review_all(document) if f.code == rule_id]


def test_missing_levels_are_errors_a_missing_cost_line_a_warning() -> None:
    assert _severities(NO_SATISFACTION, "T05") == ["error"]
    assert _severities(NO_COST, "T05") == ["warning"]


def test_placeholder_project_target_is_a_warning_a_blank_one_info() -> None:
    assert _severities(decl(("开展残疾人职业技能培训，提高残疾人就业能力", "按计划")), "T12") == ["warning"]
    assert _severities(decl(("开展残疾人职业技能培训，提高残疾人就业能力", "")), "T12") == ["info"]


def test_one_year_total_names_both_amounts_and_the_difference() -> None:
    (finding,) = [f for f in review_all(ONE_YEAR_TOTAL) if f.code == "T16"]
    assert (finding.severity.value, finding.found, finding.expected) == ("error", "1609500", "500000")
    assert "1,109,500.00" in finding.message


# --------------------------------------------------------------------------
# Seed 001: Shanghai 2023 declarations (profile guessed: shanghai, new tree from 2023)
# --------------------------------------------------------------------------

def _seed001():
    forms = api.parse_path(next(SAMPLES.glob("001_*.txt"))).forms
    return [(form, audit.review(form, i)) for i, form in enumerate(forms)]


def _project(name: str):
    return next((form, review) for form, review in _seed001() if form.project_name == name)


def _flagged(name: str, code: str) -> list[str]:
    form, review = _project(name)
    return [form.indicators[f.indicator].name for f in review.findings if f.code == code and f.indicator is not None]


def _index(form, indicator_name: str) -> int:
    return next(i for i, ind in enumerate(form.indicators) if ind.name == indicator_name)


def test_seed001_double_blind_level_names() -> None:
    form, review = _project("社会工作业务经费")
    wanted = _index(form, "持有上海市盲人公共交通证乘坐本市市内公共交通工具费用支出")
    hits = [f for f in review.findings if f.code in ("HIER-01", "T14") and f.indicator == wanted]
    assert hits and all(f.severity.value == "error" for f in hits)


def test_seed001_operator_followed_by_text() -> None:
    assert _flagged("残疾人事业综合保障经费", "T07") == ["档案整理数量"]


def test_seed001_coverage_rate_counted_in_households() -> None:
    assert _flagged("残保金征收及奖励", "T09") == ["申请超比例奖励发放覆盖率"]


def test_seed001_no_cost_indicator_in_any_declaration() -> None:
    reviews = _seed001()
    assert len(reviews) == 8 and {r.profile.id for _, r in reviews} == {"shanghai"}
    for form, review in reviews:
        cost = [f for f in review.findings if f.code in ("T05", "HIER-03")]
        assert [(f.code, f.severity.value) for f in cost] == [("T05", "warning")], form.project_name


def test_seed001_one_year_project_total_differs_from_annual() -> None:
    _, review = _project("信息化建设项目")
    (finding,) = [f for f in review.findings if f.code == "T16"]
    assert (finding.found, finding.expected) == ("1609500", "883200")
    assert "726,300.00" in finding.message


def test_seed001_only_the_information_project_has_a_one_year_mismatch() -> None:
    assert [form.project_name for form, review in _seed001() if any(f.code == "T16" for f in review.findings)] == [
        "信息化建设项目"]


def test_seed001_errors_are_exactly_the_known_defects() -> None:
    errors = {(form.project_name, f.code) for form, review in _seed001() for f in review.findings
              if f.severity.value == "error" and (f.code.startswith(("T", "HIER-")))}
    assert errors == {("社会工作业务经费", "T14"), ("残疾人事业综合保障经费", "T07"), ("信息化建设项目", "T16")}
