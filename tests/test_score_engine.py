"""The scoring engine (docs/rules.md R1–R5): direction-aware, exact, profile-driven."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.model import Achievement, Form, FormType, Funding, Grade, Indicator, parse_value
from jixiao.score.engine import grade_of, score_execution, score_form, score_indicator
from jixiao.score.profiles import load

NATIONAL = load("national")
D = Decimal


def ind(target: str, actual: str, weight: str = "10", score: str | None = None, level2: str = "数量指标",
        level1: str = "产出指标") -> Indicator:
    return Indicator(name="指标", level1=level1, level2=level2, target_text=target, actual_text=actual,
                     weight=D(weight), score=D(score) if score else None,
                     target=parse_value(target), actual=parse_value(actual))


@pytest.mark.parametrize(
    ("target", "actual", "method", "reference", "alternative", "met"),
    [
        ("≥100(册)", "100.00(册)", "正向", "10", None, True),
        ("≥100(人)", "98.00(人)", "正向", "9.80", None, False),
        (">=12次", "6次", "正向", "5.00", None, False),
        ("=600.00(元/人)", "598.00(元/人)", "等于", "9.97", None, False),
        ("=4.00(期)", "4.00(期)", "等于", "10", None, True),
        ("<=2次", "0次", "反向", "10", None, True),
        ("≤10(个)", "12(个)", "反向", "8.33", "8.00", False),
        ("≤10(个)", "25(个)", "反向", "4.00", "0", False),
        ("=0.00(起)", "0.00(起)", "为零", "10", None, True),
        ("=0(件)", "1(件)", "为零", "0", None, False),
        ("≥0(个)", "3(个)", "正向", "10", None, True),
        ("≥90%", "-5%", "正向", "0.00", None, False),
        ("1800-3000(元/人)", "2000(元/人)", "区间", "10", None, True),
        ("1800-3000(元/人)", "900(元/人)", "区间", "5.00", None, False),
        ("1800-3000(元/人)", "4000(元/人)", "区间", "7.50", None, False),
    ],
)
def test_quantitative_scoring_is_direction_aware(target, actual, method, reference, alternative, met) -> None:
    s = score_indicator(0, ind(target, actual), NATIONAL)
    assert (s.method, s.reference, s.met) == (method, D(reference), met)
    assert s.alternative == (D(alternative) if alternative is not None else None)


def test_reverse_variant_b_is_primary_under_a_linear_profile() -> None:
    values = {**NATIONAL.values, "scoring": {**NATIONAL.values["scoring"], "reverse_formula": "linear"}}
    s = score_indicator(0, ind("≤10(个)", "12(个)"), replace(NATIONAL, values=values))
    assert (s.reference, s.alternative) == (D("8.00"), D("8.33"))


def test_bare_number_on_a_cost_line_accepts_ceiling_and_ratio_readings() -> None:
    s = score_indicator(0, ind("40", "1.8", level2="成本指标"), NATIONAL)
    assert (s.reference, s.alternative) == (D(10), D("0.45"))
    assert s.accepts(D("0.45"), D("0.01")) and s.accepts(D(10), D("0.01"))
    assert not s.accepts(D("4.55"), D("0.01"))


def test_bare_number_elsewhere_is_equality() -> None:
    s = score_indicator(0, ind("80人", "74人", weight="1"), NATIONAL)
    assert (s.method, s.reference) == ("等于", D("0.93"))


@pytest.mark.parametrize(
    ("actual", "tier", "low", "high"),
    [("达成指标", Achievement.ACHIEVED, "8.00", "10"), ("基本完成", Achievement.PARTIAL, "6.00", "8.00"),
     ("未完成", Achievement.NOT_ACHIEVED, "0", "6.00"), ("提升", Achievement.ACHIEVED, "8.00", "10")],
)
def test_qualitative_tiers_2020(actual, tier, low, high) -> None:
    s = score_indicator(0, ind("提升", actual), NATIONAL)
    assert (s.tier, s.low, s.high) == (tier, D(low), D(high))
    assert not s.decidable


def test_older_tier_bounds_come_from_the_profile() -> None:
    s = score_indicator(0, ind("及时", "基本完成"), load("twenty-point"))
    assert (s.low, s.high) == (D("5.00"), D("8.00"))


def test_partial_band_excludes_its_upper_bound() -> None:
    s = score_indicator(0, ind("及时", "基本完成"), NATIONAL)
    assert s.accepts(D("7.99"), D(0)) and not s.accepts(D("8.00"), D(0))


@pytest.mark.parametrize(
    ("target", "actual"),
    [("≥70%", "≥70%"), ("≥10(次)", "12(人次)"), ("2023年12月31日前完成", "2024年1月5日完成"), ("≥5(个)", "")],
)
def test_undecidable_rows_claim_no_number(target, actual) -> None:
    s = score_indicator(0, ind(target, actual), NATIONAL)
    assert s.reference is None and (s.low, s.high) == (D(0), D(10))


def test_deadline_met_scores_full() -> None:
    s = score_indicator(0, ind("2023年12月31日前完成", "2023年12月20日完成"), NATIONAL)
    assert (s.method, s.reference, s.met) == ("日期", D(10), True)


def _form(indicators: list[Indicator], executed: str = "95", weight: str = "10", total: str | None = None) -> Form:
    return Form(
        form_type=FormType.PROJECT_SELF_EVAL,
        funding=(Funding(line="年度资金总额", annual_budget=D(100), executed=D(executed), weight=D(weight)),),
        indicators=tuple(indicators), total_score=D(total) if total else None,
    )


def test_execution_is_capped_and_rounded_half_up() -> None:
    ex = score_execution(_form([], executed="120"), NATIONAL)
    assert (ex.rate, ex.reference) == (D(120), D("10.00"))
    ex = score_execution(_form([], executed="88.5678"), NATIONAL)
    assert ex.reference == D("8.86")


def test_not_applicable_rows_are_left_out_and_the_total_renormalised() -> None:
    rows = [ind("≥100(人)", "100(人)", "45", "45"), ind("/", "/", "45", None)]
    fs = score_form(_form(rows), NATIONAL)
    assert fs.not_applicable == 1
    assert fs.total_reference == D("99.09")  # (9.5 + 45) / (10 + 45) × 100


@pytest.mark.parametrize(("total", "grade"), [("90", Grade.EXCELLENT), ("89.99", Grade.GOOD), ("80", Grade.GOOD),
                                               ("79.99", Grade.FAIR), ("60", Grade.FAIR), ("59.99", Grade.POOR)])
def test_grade_boundaries(total: str, grade: Grade) -> None:
    assert grade_of(D(total)) is grade


@pytest.mark.parametrize(("target", "actual"), [("≤-5%", "-3%"), ("≥-5%", "-7%")])
def test_negative_targets_claim_no_formula(target: str, actual: str) -> None:
    s = score_indicator(0, ind(target, actual, "30", "20"), NATIONAL)
    assert s.reference is None and s.accepts(D(20), D("0.01"))


def test_a_fraction_against_a_percent_target_is_not_scored_as_0_96_percent() -> None:
    s = score_indicator(0, ind("≥95%", "0.96", "30", "30"), NATIONAL)
    assert s.reference is None
