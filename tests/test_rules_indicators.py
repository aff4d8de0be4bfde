"""IND-01 … IND-14: a case that triggers each rule and one that does not; direct tests of the
important non-findings (reverse and zero targets met) and of the seed expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SAMPLES
from jixiao import api, audit
from jixiao.model import Finding, Form
from rules_harness import review_all, self_eval

#: Three rows worth 80 that every rule leaves alone; the row under test comes first (index 0).
FILLER = """
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 40 | 40 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""


def row(target: str, actual: str, score: str, reason: str = "", weight: str = "10", name: str = "测试指标",
        level: str = "产出指标 | 质量指标") -> str:
    return f"{level} | {name} | {target} | {actual} | {weight} | {score} | {reason}"


def doc(*rows: str, filler: str = FILLER) -> str:
    """A whole self-evaluation: the rows under test (indices 0 …) then the filler; the total adds up."""
    body = "\n".join(rows) + "\n" + filler.strip()
    scores = [Decimal(r.split("|")[6].strip() or 0) for r in body.strip().split("\n")]
    total = Decimal("9.5") + sum(scores)
    return self_eval(body, total=f"总分 | | | | | 100 | {total} |")


SAME = "资金到位较晚，部分工作顺延"
TRIGGERS = [
    ("IND-01", doc(row("≥100人", "100人", "12")), None, [(0, 0)]),
    ("IND-02", doc(row("≥100人", "98人", "9", "报名人数不足")), None, [(0, 0)]),
    ("IND-02", doc(row("≤2次", "4次", "8", "设备老化")), None, [(0, 0)]),
    ("IND-02", doc(row("=4(期)", "3(期)", "5", "场地受限")), "shanghai", [(0, 0)]),
    ("IND-03", doc(row("及时", "达成指标", "5", "进度偏慢")), None, [(0, 0)]),
    ("IND-03", doc(row("提升", "基本完成", "9.5", "效果一般")), None, [(0, 0)]),
    ("IND-04", doc(row("及时", "符合", "9", "仍有改进空间")), None, [(0, 0)]),
    ("IND-04", doc(row("服务平稳", "服务平稳", "8.5", "个别时段拥堵")), None, [(0, 0)]),
    ("IND-05", doc(row("提升", "未完成", "10")), None, [(0, 0)]),
    ("IND-05", doc(row("≥100人", "0", "10")), None, [(0, 0)]),
    ("IND-06", doc(row("≥100人", "98人", "9.8")), None, [(0, 0)]),
    ("IND-06", doc(row("≥100人", "98人", "9.8", "无")), None, [(0, 0)]),
    ("IND-07", doc(row("≥100人", "130人", "10")), None, [(0, 0)]),
    ("IND-07", doc(row("≥100人", "130人", "10")), "guangxi", [(0, 0)]),
    ("IND-08", doc(row("=4(期)", "5(期)", "10")), None, [(0, 0)]),
    ("IND-08", doc(row("≤2次", "3次", "10")), None, [(0, 0)]),
    ("IND-09", doc(row("≥10(次)", "12(人次)", "10")), None, [(0, 0)]),
    ("IND-09", doc(row("≥90%", "12(个)", "10")), None, [(0, 0)]),
    ("IND-10", doc(row("≥70%", "≥70%", "10")), None, [(0, 0)]),
    ("IND-10", doc(row("<=2小时", "<2小时", "10")), None, [(0, 0)]),
    ("IND-11", doc(row("=100%", "符合", "10")), None, [(0, 0)]),
    ("IND-12", doc(row("≥100人", "100人", "0", weight="0")), None, [(0, 0)]),
    ("IND-13", doc(row("≥100人", "90人", "9", SAME), row("≥10次", "9次", "9", SAME, name="次数"),
                   row("≥5场", "4场", "8", SAME, name="场次"), filler=FILLER.replace("| 40 | 40 |", "| 20 | 20 |")),
     None, [(0, 0)]),
    ("IND-13", doc(row("≥100人", "90人", "9", "疫情")), None, [(0, 0)]),
    ("IND-14", doc(row("≥100人", "100人", "10", "资金到位较晚，项目未能按时开展")), None, [(0, 0)]),
]

CLEAN = [
    ("IND-01", doc(row("≥100人", "100人", "10")), None),
    ("IND-02", doc(row("≥100人", "98人", "9.8", "报名人数不足")), None),
    ("IND-02", doc(row("≤10次", "12次", "8", "设备老化")), None),  # the linear reverse variant is accepted
    ("IND-02", doc(row("≥100人", "150人", "9", "指标值设定偏低，酌情调减")), None),  # R2.3 deduction
    ("IND-02", doc(row("≥70%", "≥70%", "7", "未统计精确值")), None),  # undecidable: no formula claimed
    ("IND-03", doc(row("及时", "达成指标", "8", "进度偏慢")), None),
    ("IND-03", doc(row("及时", "推进中", "3", "进度偏慢")), None),  # tier unknown
    ("IND-04", doc(row("及时", "符合", "10")), None),
    ("IND-04", doc(row("≥100人", "100人", "10")), None),
    ("IND-05", doc(row("=0(件)", "无", "10")), None),  # 有责投诉 =0 → 无: achieved
    ("IND-05", doc(row("无重大故障", "无", "10", name="系统故障")), None),
    ("IND-05", doc(row("<=2次", "0次", "10")), None),
    ("IND-06", doc(row("≥100人", "98人", "9.8", "报名人数不足")), None),
    ("IND-07", doc(row("≥100人", "130人", "10", "需求增加，超额完成")), None),
    ("IND-07", doc(row("≥100人", "125人", "10")), "guangxi"),
    ("IND-08", doc(row("=4(期)", "4(期)", "10")), None),
    ("IND-08", doc(row("≤2次", "0次", "10")), None),
    ("IND-09", doc(row("≥90％", "95%", "10")), None),  # full-width ％ is %
    ("IND-09", doc(row("≥90百分比", "95%", "10")), None),
    ("IND-10", doc(row("≥70%", "75%", "10")), None),
    ("IND-10", doc(row("≥70%", "达到75%", "10")), None),
    ("IND-11", doc(row("=100%", "100%", "10")), None),
    ("IND-12", doc(row("≥100人", "100人", "10")), None),
    ("IND-13", doc(row("≥100人", "90人", "9", "报名人数少于计划，下年提前宣传")), None),
    ("IND-13", doc(row("≥100人", "100人", "10", "无")), None),
    ("IND-14", doc(row("≥100人", "100人", "10", "无")), None),
    ("IND-14", doc(row("≥100人", "130人", "10", "需求增加，超额完成")), None),
]



def _ind_findings(document: str, profile: str | None = None) -> list[Finding]:
    return [f for f in review_all(document, profile) if f.code.startswith("IND-")]


def _severities(document: str, rule_id: str, profile: str | None = None) -> list[str]:
    return [f.severity.value for f in review_all(document, profile) if f.code == rule_id]


# --------------------------------------------------------------------------
# important non-findings (docs/rules.md R2.2): reverse and zero targets that are met
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "actual", "name"),
    [("<=2次", "0次", "全年故障次数"), ("=0.00(起)", "0.00(起)", "重大信息安全事故发生数"),
     ("=0(件)", "无", "有责投诉数"), ("≤65000.00(元)", "46000.00(元)", "外省市考察调研成本"),
     ("≤5.00(万元/个)", "4.95(万元/个)", "研究课题平均成本"), ("无重大故障", "无", "系统运行")],
)
def test_met_reverse_and_zero_targets_raise_nothing(target: str, actual: str, name: str) -> None:
    document = doc(row(target, actual, "10", name=name, level="成本指标 | 经济成本指标"))
    assert _ind_findings(document) == []


def test_cost_ceiling_met_without_operator_is_silent() -> None:
    document = doc(row("40", "38", "10", name="培训项目成本(万元)", level="产出指标 | 成本指标"))
    assert _ind_findings(document) == []


# --------------------------------------------------------------------------
# severities: display rounding, profiles, band boundaries
# --------------------------------------------------------------------------

def test_display_rounding_of_a_score_is_info_even_where_the_profile_raises_ind02() -> None:
    document = doc(row("≥90%", "60%", "6.7", "宣传不足"))  # 10×60/90 = 6.67
    assert _severities(document, "IND-02") == ["info"]
    assert _severities(document, "IND-02", "shanghai") == ["info"]


def test_integer_scores_are_display_rounded() -> None:
    assert _severities(doc(row("≥90%", "60%", "7", "宣传不足")), "IND-02") == ["info"]
    assert _severities(doc(row("≥90%", "60%", "6", "宣传不足")), "IND-02") == ["error"]


def test_ind02_is_an_error_nationally_and_a_warning_where_scores_are_manual() -> None:
    document = doc(row("≥100人", "98人", "9", "报名人数不足"))
    assert _severities(document, "IND-02") == ["error"]
    assert [_severities(document, "IND-02", p) for p in ("shanghai", "tianjin", "xinjiang")] == [["warning"]] * 3


def test_overachievement_threshold_and_severity_come_from_the_profile() -> None:
    document = doc(row("≥100人", "130人", "10"))
    assert _severities(document, "IND-07") == ["warning"]
    assert _severities(document, "IND-07", "guangxi") == ["error"]


def test_score_on_a_tier_boundary_is_info() -> None:
    assert _severities(doc(row("提升", "基本完成", "8", "效果一般")), "IND-03") == ["info"]


def test_zero_actual_with_full_score_is_reported_once() -> None:
    codes = [f.code for f in _ind_findings(doc(row("≥100人", "0", "10")))]
    assert codes == ["IND-05"]


def test_a_score_above_its_weight_is_not_also_a_formula_error() -> None:
    codes = [f.code for f in _ind_findings(doc(row("≥100人", "100人", "12")))]
    assert codes == ["IND-01"]


def test_findings_carry_field_and_values() -> None:
    (finding,) = [f for f in review_all(doc(row("≥100人", "98人", "9", "报名人数不足"))) if f.code == "IND-02"]
    assert (finding.field, finding.found, finding.expected) == ("score", "9", "9.80")
    assert "9.80" in finding.message and "10×98/100" in finding.message


# --------------------------------------------------------------------------
# the seeds (docs/rules.md (d))
# --------------------------------------------------------------------------

def _seed(prefix: str) -> tuple[list[Form], list[Finding]]:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    forms = list(api.parse_path(path).forms)
    findings = [f for i, form in enumerate(forms) for f in audit.review(form, i).findings]
    return forms, findings


def _where(forms: list[Form], project: str, indicator: str) -> tuple[int, int]:
    """(form, indicator) located by project name and the start of the 三级指标 name."""
    (form_index,) = [i for i, f in enumerate(forms) if project in f.name]
    (ind_index,) = [j for j, ind in enumerate(forms[form_index].indicators) if ind.name.startswith(indicator)]
    return form_index, ind_index


def _found(findings: list[Finding]) -> set[tuple[str, str, int, int | None]]:
    return {(f.code, f.severity.value, f.form, f.indicator) for f in findings}


def test_seed_000_manual_deductions_are_ind02_warnings_under_shanghai() -> None:
    forms, findings = _seed("000")
    for project, indicator in [("统计、监测和政策研究", "市级持证残疾人基本状况培训人数"),
                               ("残疾预防与康复", "残疾人健康体检补贴标准")]:
        assert ("IND-02", "warning", *_where(forms, project, indicator)) in _found(findings)


def test_seed_002_total_rounded_to_one_decimal_is_sum02_info() -> None:
    _, findings = _seed("002")
    assert [(f.form, f.severity.value, f.found, f.expected) for f in findings if f.code == "SUM-02"] == [
        (0, "info", "99.0", "98.96")]


def test_seed_003_deductions_although_achieved_are_ind04() -> None:
    forms, findings = _seed("003")
    expected = [("综合行政服务平台", "社区事项办理"), ("综合行政服务平台", "一网通办业务办理"),
                ("综合行政服务平台", "社区事项受理平稳"), ("数据资源目录", "编目数据满足共享需求"),
                ("中国残联统计工作", "手册作用")]
    assert {("IND-04", "warning", *_where(forms, p, n)) for p, n in expected} <= _found(findings)


def test_seed_004_repeated_target_scored_8_of_15_is_ind03_and_ind04() -> None:
    forms, findings = _seed("004")
    for indicator in ("慰问安置残疾人优秀企业", "持续对残疾人进行技能培训"):
        where = _where(forms, "就业培训", indicator)
        assert {("IND-03", "error", *where), ("IND-04", "warning", *where)} <= _found(findings)


def test_seed_met_reverse_and_zero_targets_raise_no_ind_finding() -> None:
    for prefix, project, indicator in [("003", "OA维护", "全年故障次数"), ("000", "信息化运维", "重大信息安全事故发生数")]:
        forms, findings = _seed(prefix)
        where = _where(forms, project, indicator)
        assert [f.code for f in findings if f.code.startswith("IND-") and (f.form, f.indicator) == where] == []
