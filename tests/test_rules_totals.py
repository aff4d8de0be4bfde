"""SUM-01 … SUM-07: a case that triggers each rule and one that does not."""

from __future__ import annotations


from rules_harness import located, review_all, self_eval

OK_ROWS = """
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 50 | 50 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""
LOW_ROWS = OK_ROWS.replace("| 100人 | 50 | 50 |", "| 90人 | 50 | 45 | 报名人数不足")
SHORT_ROWS = OK_ROWS.replace("| 95% | 10 | 10 |", "| 95% | 5 | 5 |")
SKEWED_ROWS = OK_ROWS.replace("| 50 | 50 |", "| 70 | 70 |").replace("| 30 | 30 |", "| 10 | 10 |")
COST_ROWS = """
成本指标 | 经济成本指标 | 培训成本 | ≤100万元 | 95万元 | 10 | 10 |
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 40 | 40 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""
NA_ROWS = """
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 40 | 40 |
产出指标 | 质量指标 | 生态修复面积 | / | / | 10 | / |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""
OVER_ROWS = OK_ROWS.replace("| 100人 | 50 | 50 |", "| 160人 | 50 | 50 | 需求增加").replace("≥80% | 85%", "≥50% | 85%")
FUNDING_NO_WEIGHT = "| 年度资金总额 | 100 | 100 | 95 | | 95.00% | 9.5"


def total(score: str, weight: str = "100") -> str:
    return f"总分 | | | | | {weight} | {score} |"


def graded(score: str, grade: str) -> str:
    return f"{total(score)}\n评分等级 | {grade} | | | | | |"


TRIGGERS = [
    ("SUM-01", self_eval(SHORT_ROWS, total=total("94.5")), None, [(0, None)]),
    ("SUM-01", self_eval(SHORT_ROWS, funding=FUNDING_NO_WEIGHT, total=total("94.5")), None, [(0, None)]),
    ("SUM-02", self_eval(OK_ROWS, total=total("100")), None, [(0, None)]),
    ("SUM-02", self_eval(LOW_ROWS, total=total("99.5")), None, [(0, None)]),
    ("SUM-03", self_eval(LOW_ROWS, total=graded("94.5", "良")), None, [(0, None)]),
    ("SUM-04", self_eval(SKEWED_ROWS, total=total("99.5")), None, [(0, None)]),
    ("SUM-05", self_eval(NA_ROWS, total=total("89.5")), None, [(0, None)]),
    ("SUM-06", self_eval(OK_ROWS, total=total("99.5")), None, [(0, None)]),
    ("SUM-07", self_eval(OVER_ROWS, total=total("99.5")), None, [(0, None)]),
]

CLEAN = [
    ("SUM-01", self_eval(OK_ROWS, total=total("99.5")), None),
    ("SUM-01", self_eval(OK_ROWS, funding=FUNDING_NO_WEIGHT, total=total("99.5")), None),
    ("SUM-02", self_eval(OK_ROWS, total=total("99.5")), None),
    ("SUM-02", self_eval(NA_ROWS, total=total("99.44")), None),
    ("SUM-03", self_eval(LOW_ROWS, total=graded("94.5", "优")), None),
    ("SUM-03", self_eval(LOW_ROWS, total=total("94.5")), None),  # no grade printed
    ("SUM-04", self_eval(OK_ROWS, total=total("99.5")), None),
    ("SUM-04", self_eval(COST_ROWS, total=total("99.5")), None),  # 成本 + 产出 = 50
    ("SUM-05", self_eval(NA_ROWS, total=total("99.44")), None),
    ("SUM-05", self_eval(OK_ROWS, total=total("100")), None),  # nothing 不适用
    ("SUM-06", self_eval(LOW_ROWS, total=total("94.5")), None),
    ("SUM-07", self_eval(OK_ROWS, total=total("99.5")), None),
]



def _sum(document: str, rule_id: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.severity.value, f.found, f.expected) for f in review_all(document) if f.code == rule_id]


def test_total_printed_with_fewer_decimals_is_info() -> None:
    """Seed 002: components 9.46 + 89.5 = 98.96, printed 99.0."""
    funding = "| 部门预算金额 | 100 | 100 | 94.56 | 10 | 94.56% | 9.46"
    rows = LOW_ROWS.replace("| 50 | 45 |", "| 50 | 49.5 |")
    assert _sum(self_eval(rows, funding=funding, total=total("99.0")), "SUM-02") == [("info", "99.0", "98.96")]
    assert _sum(self_eval(rows, funding=funding, total=total("99.1")), "SUM-02") == [("error", "99.1", "98.96")]


def test_total_not_renormalised_is_sum05_only() -> None:
    """Printed as the plain sum: the arithmetic is right, only the renormalisation is missing."""
    document = self_eval(NA_ROWS, total=total("89.5"))
    assert _sum(document, "SUM-05") == [("warning", "89.5", "99.44")]
    assert _sum(document, "SUM-02") == []


def test_grade_on_a_boundary_is_info() -> None:
    """Printed 90.0 (优) while the components add up to 89.96 (良)."""
    funding = "| 年度资金总额 | 100 | 100 | 94.56 | 10 | 94.56% | 9.46"
    rows = LOW_ROWS.replace("| 50 | 45 |", "| 50 | 40.5 |")
    assert _sum(self_eval(rows, funding=funding, total=graded("90.0", "优")), "SUM-03") == [("info", "优", "良")]


def test_twenty_point_template_weights_add_up_to_100() -> None:
    funding = "| 年度资金总额 | 100 | 100 | 95 | 20 | 95.00% | 19"
    rows = OK_ROWS.replace("| 50 | 50 |", "| 40 | 40 |")
    assert located(self_eval(rows, funding=funding, total=total("99")), "SUM-01", "twenty-point") == []


def test_not_applicable_rows_printed_with_full_marks_are_no_total_error() -> None:
    from rules_harness import review_all, self_eval

    rows = """
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 30 | 30 |
| | 采购数量 | 不适用 | 不适用 | 30 | 30 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 20 | 20 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""
    findings = review_all(self_eval(rows, total="总分 | | | | | 100 | 99.5 |"))
    assert not [f for f in findings if f.code == "SUM-02" and f.severity == "error"]
