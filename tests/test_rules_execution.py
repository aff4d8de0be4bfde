"""EXEC-01 … EXEC-10: a case that triggers each rule and one that does not."""

from __future__ import annotations


from rules_harness import self_eval

OK_ROWS = """
产出指标 | 数量指标 | 培训人数 | ≥100人 | 100人 | 50 | 50 |
效益指标 | 社会效益指标 | 就业率 | ≥80% | 85% | 30 | 30 |
满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 |
"""
LOW_ROWS = OK_ROWS.replace("| 100人 | 50 | 50 |", "| 60人 | 50 | 30 | 报名人数不足")


def doc(funding: str, rows: str = OK_ROWS) -> str:
    return self_eval(rows, funding=funding)


FUNDING = {
    "ok": "| 年度资金总额 | 100 | 100 | 95 | 10 | 95.00% | 9.5\n| 其中：当年财政拨款 | 100 | 100 | 95 | — | 95.00% | —",
    "bad_rate": "| 年度资金总额 | 100 | 100 | 95 | 10 | 96.00% | 9.5",
    "rounded_up_rate": "| 年度资金总额 | 387167 | 387167 | 348350 | 10 | 89.98% | 9",
    "bad_score": "| 年度资金总额 | 100 | 100 | 95 | 10 | 95.00% | 8.5",
    "weight_20": "| 年度资金总额 | 100 | 100 | 95 | 20 | 95.00% | 19",
    "no_budget": "| 年度资金总额 | 100 | 0 | 95 | 10 | | 0",
    "over": "| 年度资金总额 | 100 | 100 | 120 | 10 | 120.00% | 10",
    "bad_sum": "| 年度资金总额 | 100 | 100 | 95 | 10 | 95.00% | 9.5\n| 其中：当年财政拨款 | 60 | 60 | 55 | — | | —\n| 上年结转资金 | 30 | 30 | 30 | — | | —",
    "good_sum": "| 年度资金总额 | 100 | 100 | 95 | 10 | 95.00% | 9.5\n| 其中：当年财政拨款 | 70 | 70 | 65 | — | | —\n| 上年结转资金 | 30 | 30 | 30 | — | | —",
    "same_money": "| 年度资金总额 | 99000 | 30000 | 27000 | 10 | 90.00% | 9\n| 其中：当年财政拨款 | 99000 | 99000 | | — | | —\n| 上年结转资金 | 0 | 0 | | — | | —",
    "adjusted": "| 年度资金总额 | 100 | 70 | 66.5 | 10 | 95.00% | 9.5",
    "no_initial": "| 年度资金总额 | | 100 | 95 | 10 | 95.00% | 9.5",
    "low_rate": "| 年度资金总额 | 100 | 100 | 50 | 10 | 50.00% | 5",
}

TRIGGERS = [
    ("EXEC-01", doc(FUNDING["bad_rate"]), None, [(0, None)]),
    ("EXEC-01", doc(FUNDING["rounded_up_rate"]), "shanghai", [(0, None)]),
    ("EXEC-02", doc(FUNDING["bad_score"]), None, [(0, None)]),
    ("EXEC-03", doc(FUNDING["weight_20"]), "national", [(0, None)]),
    ("EXEC-04", doc(FUNDING["no_budget"]), None, [(0, None)]),
    ("EXEC-05", doc(FUNDING["over"]), None, [(0, None)]),
    ("EXEC-06", doc(FUNDING["bad_sum"]), None, [(0, None), (0, None), (0, None)]),
    ("EXEC-07", doc(FUNDING["same_money"]), None, [(0, None)]),
    ("EXEC-08", doc(FUNDING["adjusted"]), None, [(0, None)]),
    ("EXEC-09", doc(FUNDING["no_initial"]), None, [(0, None)]),
    ("EXEC-10", doc(FUNDING["low_rate"]), None, [(0, None)]),
]

CLEAN = [
    ("EXEC-01", doc(FUNDING["ok"]), None),
    ("EXEC-02", doc(FUNDING["ok"]), None),
    ("EXEC-03", doc(FUNDING["weight_20"]), "twenty-point"),
    ("EXEC-04", doc(FUNDING["ok"]), None),
    ("EXEC-05", doc(FUNDING["ok"]), None),
    ("EXEC-06", doc(FUNDING["good_sum"]), None),
    ("EXEC-07", doc(FUNDING["ok"]), None),
    ("EXEC-08", doc(FUNDING["ok"]), None),
    ("EXEC-09", doc(FUNDING["ok"]), None),
    ("EXEC-10", doc(FUNDING["low_rate"], LOW_ROWS), None),
]



def test_display_rounding_of_a_rate_is_info_never_error() -> None:
    from rules_harness import review_all

    findings = [f for f in review_all(doc(FUNDING["rounded_up_rate"]), "shanghai") if f.code == "EXEC-01"]
    assert [(f.severity.value, f.found, f.expected) for f in findings] == [("info", "89.98", "89.97")]
