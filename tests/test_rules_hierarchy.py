"""HIER-01 … HIER-06, DEPT-01 … DEPT-03, TIME-01: a case that triggers each rule and one that does not."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from jixiao import api, audit
from rules_harness import located, review_all, self_eval

# 2023 under the national profile: the new tree (成本指标 一级) applies.
COST = "成本指标 | 经济成本指标 | 人均培训成本 | ≤1000元/人 | 950元/人 | 10 | 10 |"
OK_ROWS = f"""
{COST}
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 40 | 40 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""


def rows(old: str, new: str, base: str = OK_ROWS) -> str:
    """OK_ROWS with one cell sequence replaced (the replaced text must exist)."""
    assert old in base, old
    return base.replace(old, new)


def doc(indicator_rows: str = OK_ROWS, year: str = "(2023年度)") -> str:
    return self_eval(indicator_rows, year=year)


DOUBLE_BLIND = rows("效益指标 | 社会效益指标 | 就业率", "双盲指标 | 任意双盲指标 | 就业率")
OLD_TREE = rows(COST, "产出指标 | 成本指标 | 人均培训成本 | ≤1000元/人 | 950元/人 | 10 | 10 |")
NO_COST = rows(COST + "\n", "").replace("| 40 | 40 |", "| 50 | 50 |")
NOT_SATISFACTION = rows("满意度 | ≥90% | 95%", "满意度指标 | 系统全年无重大故障 | 全年无重大故障")
COUNT_UNDER_QUALITY = rows("产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 40 | 40 |",
                           "产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 20 | 20 |\n"
                           "产出指标 | 质量指标 | 法律宣传活动参与人次 | ≥3000人次 | 3500人次 | 20 | 20 |")
RATE_UNDER_ECONOMY = rows("社会效益指标 | 就业率", "经济效益指标 | 运维项目评价通过率")
BENEFIT_IS_OUTPUT = rows("就业率 | ≥80% | 85%", "受训人数 | ≥100人 | 100人")
SATISFACTION_AS_BENEFIT = rows("就业率 | ≥80% | 85%", "培训对象满意度 | ≥80% | 85%")
LATE_TARGET = rows("满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |",
                   "满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 5 | 5 |\n"
                   "产出指标 | 时效指标 | 项目完成时限 | 2021年10月底 | 未完成 | 5 | 0 | 资金到位晚")


def department(blocks: str | None = None, goals: str | None = None, conclusion: str | None = None) -> str:
    """A department self-evaluation: 2 goals, indicator weights 90, total 99.46."""
    goals = goals or "| 1 | 开展培训 | 培训 80 人 |\n| 2 | 保障运行 | 平稳运行 |"
    blocks = blocks or (
        "绩效目标1 | 产出指标 | 数量指标 | 培训人数 | ≥80人 | 80人 | 40 | 40 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 培训对象满意度 | ≥90% | 95% | 10 | 10 |\n"
        "绩效目标2 | 成本指标 | 经济成本指标 | 运行经费 | ≤100万元 | 94.56万元 | 10 | 10 |\n"
        "| 效益指标 | 社会效益指标 | 运行保障率 | ≥95% | 100% | 30 | 30 |")
    conclusion = conclusion or "执行率为94.6%，自评总分为99分，评价等级为“优”。"
    return f"""
        部门整体支出绩效自评表
        (2023年度)
        部门名称 | | 某市残联
        预算执行情况 | 部门预算金额(万元) | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 分值 | 得分 | 执行率(B/A)
        | | 100 | 100 | 94.56 | 10 | 9.46 | 94.56%
        年度绩效目标完成情况 | 目标序号 | 年度绩效目标 | 实际完成情况 | 偏差原因分析及改进措施
        {goals}
        年度指标完成情况 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        {blocks}
        总分 | | | | | | 100 | 99.46 |
        整体支出绩效自评结论 | | | {conclusion}
    """


DEPT_LIGHT = department(blocks=(
    "绩效目标1 | 产出指标 | 数量指标 | 培训人数 | ≥80人 | 80人 | 40 | 40 |\n"
    "| 满意度指标 | 服务对象满意度指标 | 培训对象满意度 | ≥90% | 95% | 10 | 10 |\n"
    "绩效目标2 | 成本指标 | 经济成本指标 | 运行经费 | ≤100万元 | 94.56万元 | 10 | 10 |\n"
    "| 效益指标 | 社会效益指标 | 运行保障率 | ≥95% | 100% | 20 | 20 |"))
DEPT_GOAL_WITHOUT_BLOCK = department(goals="| 1 | 开展培训 | 培训 80 人 |\n| 2 | 保障运行 | 平稳运行 |\n| 3 | 宣传 | 已宣传 |")
DEPT_BLOCK_WITHOUT_GOAL = department(goals="| 1 | 开展培训 | 培训 80 人 |")
DEPT_WRONG_CONCLUSION = department(conclusion="执行率为96.5%，自评总分为98分，评价等级为“良”。")

TRIGGERS = [
    ("HIER-01", doc(DOUBLE_BLIND), None, [(0, 2)]),
    ("HIER-02", doc(OLD_TREE), None, [(0, 0)]),
    ("HIER-03", doc(NO_COST), None, [(0, None)]),
    ("HIER-04", doc(NOT_SATISFACTION), None, [(0, 3)]),
    ("HIER-05", doc(COUNT_UNDER_QUALITY), None, [(0, 2)]),
    ("HIER-05", doc(RATE_UNDER_ECONOMY), None, [(0, 2)]),
    ("HIER-06", doc(BENEFIT_IS_OUTPUT), None, [(0, 2)]),
    ("HIER-06", doc(SATISFACTION_AS_BENEFIT), None, [(0, 2)]),
    ("HIER-06", doc(rows("就业率 | ≥80% | 85%", "宣传活动场次 | ≥12场 | 12场")), None, [(0, 2)]),
    ("DEPT-01", DEPT_LIGHT, None, [(0, None)]),
    ("DEPT-02", DEPT_GOAL_WITHOUT_BLOCK, None, [(0, None)]),
    ("DEPT-02", DEPT_BLOCK_WITHOUT_GOAL, None, [(0, 2)]),
    ("DEPT-03", DEPT_WRONG_CONCLUSION, None, [(0, None), (0, None), (0, None)]),
    ("TIME-01", doc(LATE_TARGET, year="(2020年度)"), None, [(0, 4)]),
]

CLEAN = [
    ("HIER-01", doc(), None),
    ("HIER-02", doc(OLD_TREE), "tianjin"),  # the Tianjin profile keeps the old tree
    ("HIER-02", doc(OLD_TREE, year="(2021年度)"), None),
    ("HIER-03", doc(), None),
    ("HIER-03", doc(NO_COST), "xinjiang"),
    ("HIER-04", doc(), None),
    ("HIER-05", doc(), None),
    ("HIER-06", doc(), None),
    ("HIER-06", doc(rows("就业率 | ≥80% | 85%", "受益农户数 | ≥8600户 | 8700户")), None),  # reach, not workload
    ("DEPT-01", department(), None),
    ("DEPT-02", department(), None),
    ("DEPT-03", department(), None),
    ("TIME-01", doc(LATE_TARGET.replace("2021年10月底", "2020年10月底"), year="(2020年度)"), None),
]



def _severities(document: str, rule_id: str, profile: str | None = None) -> list[tuple[int | None, str]]:
    return [(f.indicator, f.severity.value) for f in review_all(document, profile) if f.code == rule_id]


def test_level_names_unknown_nonstandard_or_misplaced() -> None:
    nonstandard = rows("服务对象满意度指标 | 满意度", "社会公众满意度指标 | 满意度")
    misplaced = rows("效益指标 | 社会效益指标", "效益指标 | 数量指标")
    assert _severities(doc(DOUBLE_BLIND), "HIER-01") == [(2, "error")]
    assert _severities(doc(nonstandard), "HIER-01") == [(3, "info")]
    assert _severities(doc(misplaced), "HIER-01") == [(2, "warning")]


def test_a_level_label_repeated_as_the_name_still_measures_satisfaction_by_its_target() -> None:
    labelled = rows("满意度 | ≥90% | 95%", "满意度指标 | ≥90% | 95%")
    assert located(doc(labelled), "HIER-04") == []


def test_a_date_early_in_the_next_year_is_only_info() -> None:
    early = LATE_TARGET.replace("2021年10月底", "2021年2月底前")
    assert _severities(doc(early, year="(2020年度)"), "TIME-01") == [(4, "info")]
    assert _severities(doc(LATE_TARGET, year="(2020年度)"), "TIME-01") == [(4, "warning")]


def test_conclusion_numbers_are_compared_at_the_precision_quoted() -> None:
    findings = [f for f in review_all(DEPT_WRONG_CONCLUSION) if f.code == "DEPT-03"]
    assert sorted((f.field, f.found, f.expected) for f in findings) == [
        ("execution_rate", "96.5", "94.56"), ("grade", "良", "优"), ("total_score", "98", "99.46")]


def _seed(stem: str):
    return api.parse_path(next(SAMPLES.glob(f"{stem}_*.txt"))).forms


MY_RULES = ("HIER-", "DEPT-", "TIME-")


def test_seed_004_time_targets_after_2020() -> None:
    forms = _seed("004")
    flagged = set()
    for i, form in enumerate(forms):
        for f in audit.review(form, i).findings:
            if f.code == "TIME-01":
                flagged.add((form.indicators[f.indicator].name, form.indicators[f.indicator].target_text))
    late = {(ind.name, ind.target_text) for form in forms for ind in form.indicators
            if ind.target_text in ("2021年10月底", "2021年4月底")}
    assert len(late) == 7 and flagged == late


def test_seed_003_satisfaction_lines_that_are_not_satisfaction() -> None:
    forms = _seed("003")
    review = audit.review(forms[0], 0)
    flagged = [forms[0].indicators[f.indicator].target_text for f in review.findings if f.code == "HIER-04"]
    assert flagged == ["系统全年无重大故障"]


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_no_error_from_these_rules_on_the_seeds(stem: str) -> None:
    for i, form in enumerate(_seed(stem)):
        errors = [f for f in audit.review(form, i).findings if f.code.startswith(MY_RULES) and f.severity == "error"]
        assert errors == [], [f.message for f in errors]


def test_seed_002_department_form_is_consistent() -> None:
    (form,) = _seed("002")
    codes = {f.code for f in audit.review(form, 0).findings}
    assert not codes & {"DEPT-01", "DEPT-02", "DEPT-03", "HIER-02", "HIER-03"}
