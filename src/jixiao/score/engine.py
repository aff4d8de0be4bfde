"""The scoring engine: a reference score for every printed score (docs/rules.md R1–R7).

* Execution (R1): rate = 全年执行数 / 全年预算数; score = min(rate, 100%) × 分值,
  rounded half-up to 0.01.
* Quantitative indicators (R2.2), direction-aware: ``≥ >`` and ``=`` score
  w × B/A when not met; ``≤ <`` score w × A/B (variant a) and the linear
  w × (1 − (B−A)/A) (variant b) is accepted too; ``=0`` is all-or-nothing;
  a bare number is ``=`` (``≤`` on a cost line); ranges score against the
  bound they miss; negative actuals count as 0; a score never exceeds 分值.
* Qualitative indicators (R3): a band by achievement tier (达成 / 部分达成 /
  未达成 with the profile's bounds); an unknown tier only bounds 0 … 分值.
* Totals and grades (R5): 总分 = execution score + Σ indicator scores;
  不适用 rows are left out and the total renormalised to 100.

Where a rule cannot decide (a deadline met or not, a unit mismatch, an
actual written as an inequality) the score is *undecidable*: the band is the
whole 0 … 分值 and no reference number is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import (
    Achievement,
    Form,
    FormType,
    Grade,
    Indicator,
    ParsedValue,
    ValueKind,
)
from jixiao.score.profiles import Profile
from jixiao.score.rounding import half_up

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_COST = ("成本指标",)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """The reference score of one indicator, with how it was obtained."""

    index: int
    method: str  # 正向 · 反向 · 等于 · 为零 · 区间 · 日期 · 定性 · 不适用 · 无法判定
    weight: Decimal | None
    printed: Decimal | None
    reference: Decimal | None = None  # the recomputed score, when a formula decides it
    alternative: Decimal | None = None  # the other accepted formula (反向 variant b)
    low: Decimal | None = None  # accepted band (qualitative tiers), inclusive
    high: Decimal | None = None
    high_inclusive: bool = True
    met: bool | None = None  # target reached
    ratio: Decimal | None = None  # B/A, for over-achievement
    tier: Achievement | None = None
    explanation: str = ""  # the formula with its numbers, in Chinese
    quantitative: bool = False

    @property
    def decidable(self) -> bool:
        """True when a formula gives one reference number."""
        return self.reference is not None

    def accepts(self, value: Decimal | None, tolerance: Decimal) -> bool:
        """True when a printed score agrees with the rules (either formula, or inside the band)."""
        if value is None:
            return False
        if self.decidable:
            assert self.reference is not None
            if abs(value - self.reference) <= tolerance:
                return True
            return self.alternative is not None and abs(value - self.alternative) <= tolerance
        if self.low is None or self.high is None:
            return True
        if value < self.low - tolerance:
            return False
        return value <= self.high + tolerance if self.high_inclusive else value < self.high


@dataclass(frozen=True, slots=True)
class ExecutionScore:
    """预算执行率 and its score, recomputed from the amounts."""

    budget: Decimal | None  # 全年预算数 A
    executed: Decimal | None  # 全年执行数 B
    weight: Decimal | None
    rate: Decimal | None  # exact B/A × 100, unrounded
    reference: Decimal | None  # half_up(min(rate, 100%) × 分值, 2)
    printed_rate: Decimal | None
    printed_score: Decimal | None


@dataclass(frozen=True, slots=True)
class FormScore:
    """A form re-scored: execution, every indicator, total and grade."""

    form_index: int
    profile: str
    execution: ExecutionScore | None
    indicators: tuple[IndicatorScore, ...]
    total_reference: Decimal | None
    total_from_printed: Decimal | None  # execution + Σ printed indicator scores
    grade_reference: Grade | None
    not_applicable: int = 0


def grade_of(total: Decimal | None) -> Grade | None:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (R5.2)."""
    if total is None:
        return None
    if total >= 90:
        return Grade.EXCELLENT
    if total >= 80:
        return Grade.GOOD
    if total >= 60:
        return Grade.FAIR
    return Grade.POOR


def fmt(value: Decimal | None) -> str:
    """A computed Decimal for messages: no exponent, no needless trailing zeros."""
    if value is None:
        return "—"
    return format(value.normalize(), "f")


def shown(value: Decimal | None) -> str:
    """A printed Decimal as the form prints it (``96.20`` stays ``96.20``)."""
    return "—" if value is None else format(value, "f")


def is_cost(ind: Indicator) -> bool:
    """True for a 成本指标 line (under either hierarchy)."""
    return any(c in (ind.level1 or "") or c in (ind.level2 or "") for c in _COST) or "成本" in (ind.level2 or "")


def score_execution(form: Form, profile: Profile) -> ExecutionScore | None:
    """Recompute the execution rate and score of a self-evaluation (R1)."""
    row = form.funding_total()
    if row is None or form.form_type is FormType.TARGET_DECLARATION:
        return None
    weight = row.weight if row.weight is not None else profile.dec("scoring", "exec_weight")
    rate = reference = None
    if row.annual_budget is not None and row.annual_budget > 0 and row.executed is not None:
        rate = row.executed / row.annual_budget * HUNDRED
        reference = half_up(min(rate / HUNDRED, Decimal(1)) * weight)
    return ExecutionScore(row.annual_budget, row.executed, weight, rate, reference, row.execution_rate, row.score)


def _tier_band(index: int, ind: Indicator, tier: Achievement, profile: Profile, method: str,
               explanation: str, quantitative: bool = False) -> IndicatorScore:
    w = ind.weight or ZERO
    upper, lower = (Decimal(str(b)) for b in profile.get("scoring", "qual_bands"))
    bands = {
        Achievement.ACHIEVED: (half_up(w * upper), w, True),
        Achievement.PARTIAL: (half_up(w * lower), half_up(w * upper), False),
        Achievement.NOT_ACHIEVED: (ZERO, half_up(w * lower), False),
        Achievement.UNKNOWN: (ZERO, w, True),
    }
    low, high, inclusive = bands[tier]
    met = {Achievement.ACHIEVED: True, Achievement.NOT_ACHIEVED: False}.get(tier)
    return IndicatorScore(index, method, ind.weight, ind.score, low=low, high=high, high_inclusive=inclusive,
                          met=met, tier=tier, explanation=explanation, quantitative=quantitative)


_NONE_WORDS = frozenset({"无", "没有", "零", "未发生", "无发生"})
_ABSENCE_TARGET = ("无", "零", "杜绝", "没有", "未发生", "未出现", "不发生", "不出现")
_INCIDENTS = ("故障", "事故", "投诉", "差错", "违规", "违纪", "违法", "纠纷", "隐患", "信访", "事件", "失误",
              "损失", "泄露", "泄密", "舆情")


def _absence_target(target: ParsedValue | None) -> bool:
    """A target met by nothing happening: ``≤``/``<`` a number, ``=0``, or a text such as ``无重大故障``."""
    if target is None:
        return False
    if target.kind is ValueKind.NUMBER:
        return target.op in ("<=", "<") or (target.op in ("=", None) and target.value == 0)
    return target.text.strip().startswith(_ABSENCE_TARGET)


def _tier_of(target: ParsedValue | None, actual: ParsedValue | None, name: str = "") -> Achievement:
    if actual is None or actual.kind is ValueKind.EMPTY:
        return Achievement.UNKNOWN
    if target is not None and actual.text and actual.text == target.text:
        return Achievement.ACHIEVED  # the actual repeats the target: reached as written
    if actual.text.strip().rstrip("。.") in _NONE_WORDS:
        # "无" answers "how many incidents?" as well as "was it done?": achieved against
        # 有责投诉 =0 or 无重大故障, undecidable when only the indicator name speaks of incidents.
        if _absence_target(target):
            return Achievement.ACHIEVED
        if any(word in name for word in _INCIDENTS):
            return Achievement.UNKNOWN
    return actual.achievement or Achievement.UNKNOWN


def _undecidable(index: int, ind: Indicator, why: str, quantitative: bool = False) -> IndicatorScore:
    return IndicatorScore(index, "无法判定", ind.weight, ind.score, low=ZERO, high=ind.weight,
                          explanation=why, quantitative=quantitative)


def _numeric(index: int, ind: Indicator, target: ParsedValue, actual: ParsedValue,
             profile: Profile) -> IndicatorScore:
    w = ind.weight or ZERO
    a = target.value or ZERO
    if a < 0:  # a falling rate (≤-5%): the ratio formulas have no meaning for negative targets
        return _undecidable(index, ind, f"指标值 {fmt(a)} 为负数，比例计分公式不适用，得分需人工判定", True)
    b = max(actual.value or ZERO, ZERO)  # negative actuals of counts count as 0 (R2.2)
    if target.op is None and is_cost(ind):
        return _bare_cost(index, ind, a, b, profile)
    op = target.op or "="
    nums = f"B={fmt(b)}，A={fmt(a)}，分值={fmt(w)}"
    if op in (">=", ">", "="):
        if a == 0:
            if op == "=":
                met = b <= 0
                return IndicatorScore(index, "为零", w, ind.score, reference=w if met else ZERO, met=met,
                                      explanation=f"目标为 0：实际 {fmt(b)}，{'得满分' if met else '不得分'}",
                                      quantitative=True)
            return IndicatorScore(index, "正向", w, ind.score, reference=w, met=True,
                                  explanation="目标值为 0，实际值不小于 0 即得满分", quantitative=True)
        ratio = b / a
        met = b >= a
        reference = w if met else half_up(w * ratio)
        how = "已达到目标，得满分" if met else f"{fmt(w)}×{fmt(b)}/{fmt(a)} = {fmt(reference)}"
        method = "等于" if op == "=" else "正向"
        return IndicatorScore(index, method, w, ind.score, reference=reference, met=met, ratio=ratio,
                              explanation=f"{nums}：{how}", quantitative=True)
    met = b <= a
    if met:
        return IndicatorScore(index, "反向", w, ind.score, reference=w, met=True,
                              explanation=f"{nums}：未超过上限，得满分", quantitative=True)
    variant_a = half_up(w * a / b)
    variant_b = half_up(max(ZERO, w * (1 - (b - a) / a))) if a > 0 else ZERO
    primary, other = (variant_b, variant_a) if profile.get("scoring", "reverse_formula") == "linear" else (
        variant_a, variant_b)
    return IndicatorScore(index, "反向", w, ind.score, reference=primary, alternative=other, met=False,
                          ratio=b / a if a else None, quantitative=True,
                          explanation=f"{nums}：超过上限，{fmt(w)}×{fmt(a)}/{fmt(b)} = {fmt(variant_a)}"
                                      f"（线性扣分 {fmt(variant_b)}）")


def _bare_cost(index: int, ind: Indicator, a: Decimal, b: Decimal, profile: Profile) -> IndicatorScore:
    """A cost line printed without operator: read as a ceiling (≤), the ratio reading accepted too."""
    ceiling = _numeric(index, ind, ParsedValue(text="", kind=ValueKind.NUMBER, op="<=", value=a),
                       ParsedValue(text="", kind=ValueKind.NUMBER, value=b), profile)
    ratio = _numeric(index, ind, ParsedValue(text="", kind=ValueKind.NUMBER, op="=", value=a),
                     ParsedValue(text="", kind=ValueKind.NUMBER, value=b), profile)
    return IndicatorScore(index, "成本（无运算符）", ceiling.weight, ind.score, reference=ceiling.reference,
                          alternative=ratio.reference, met=ceiling.met, ratio=ratio.ratio, quantitative=True,
                          explanation=f"成本指标未写运算符，按上限（≤）计 {fmt(ceiling.reference)}，"
                                      f"按比例计 {fmt(ratio.reference)}，两者均接受")


def _range(index: int, ind: Indicator, target: ParsedValue, actual: ParsedValue) -> IndicatorScore:
    w = ind.weight or ZERO
    low, high = target.value or ZERO, target.upper or ZERO
    b = max(actual.value or ZERO, ZERO)
    if low <= b <= high:
        ref, how, met = w, "在区间内，得满分", True
    elif b < low:
        ref = half_up(w * b / low) if low else ZERO
        how, met = f"低于下限，{fmt(w)}×{fmt(b)}/{fmt(low)} = {fmt(ref)}", False
    else:
        ref = half_up(w * high / b)
        how, met = f"高于上限，{fmt(w)}×{fmt(high)}/{fmt(b)} = {fmt(ref)}", False
    return IndicatorScore(index, "区间", w, ind.score, reference=ref, met=met, quantitative=True,
                          explanation=f"目标区间 {fmt(low)}–{fmt(high)}，实际 {fmt(b)}：{how}")


def _fraction_for_percent(target: ParsedValue, actual: ParsedValue) -> bool:
    """``≥95%`` against a bare ``0.96``: most likely 96% written as a fraction."""
    return (target.unit == "%" and actual.unit is None and actual.value is not None and 0 < actual.value <= 1
            and (target.value or ZERO) > 1)


def _units_differ(target: ParsedValue, actual: ParsedValue) -> bool:
    return bool(target.unit and actual.unit and target.unit != actual.unit)


def score_indicator(index: int, ind: Indicator, profile: Profile) -> IndicatorScore:
    """The reference score (or band) of one indicator."""
    target, actual = ind.target, ind.actual
    if ind.weight is None:
        return IndicatorScore(index, "无法判定", None, ind.score, explanation="未填分值")
    if target is not None and target.kind is ValueKind.NOT_APPLICABLE and (
            actual is None or actual.kind in (ValueKind.NOT_APPLICABLE, ValueKind.EMPTY)):
        return IndicatorScore(index, "不适用", ind.weight, ind.score, explanation="不适用，不参与计分")
    quantitative = target is not None and target.kind in (ValueKind.NUMBER, ValueKind.RANGE)
    if actual is None or actual.kind is ValueKind.EMPTY:
        return _undecidable(index, ind, "实际完成值为空", quantitative)
    if quantitative and actual.kind is ValueKind.NUMBER:
        if actual.op is not None:
            return _undecidable(index, ind, f"实际完成值“{actual.text}”是不等式，不是数值", True)
        if _units_differ(target, actual):
            return _undecidable(index, ind, f"单位不一致：指标值为“{target.unit}”，实际值为“{actual.unit}”", True)
        if _fraction_for_percent(target, actual):
            return _undecidable(index, ind, f"指标值为百分数，实际值“{actual.text}”可能是小数形式的比例，得分需人工核实",
                                True)
        if target.kind is ValueKind.RANGE:
            return _range(index, ind, target, actual)
        return _numeric(index, ind, target, actual, profile)
    if target is not None and target.kind is ValueKind.DATE and actual.kind is ValueKind.DATE:
        if target.date and actual.date and actual.date <= target.date:
            return IndicatorScore(index, "日期", ind.weight, ind.score, reference=ind.weight, met=True,
                                  explanation=f"完成日期 {actual.date} 不晚于期限 {target.date}，得满分")
        return _undecidable(index, ind, "完成日期晚于期限或无法比较，得分需人工判定")
    tier = _tier_of(target, actual, ind.name)
    method = "定量目标定性完成" if quantitative else "定性"
    return _tier_band(index, ind, tier, profile, method, f"实际完成值“{actual.text}”判定为{_TIER_WORDS[tier]}",
                      quantitative)


_TIER_WORDS = {
    Achievement.ACHIEVED: "达成（80%–100% 分值）",
    Achievement.PARTIAL: "部分达成",
    Achievement.NOT_ACHIEVED: "未达成",
    Achievement.UNKNOWN: "无法判断完成档次",
}


def score_form(form: Form, profile: Profile, form_index: int = 0) -> FormScore:
    """Re-score one form under a profile."""
    execution = score_execution(form, profile)
    scores = tuple(score_indicator(i, ind, profile) for i, ind in enumerate(form.indicators))
    if form.form_type is FormType.TARGET_DECLARATION:
        return FormScore(form_index, profile.id, None, scores, None, None, None)
    applicable = [s for s in scores if s.method != "不适用"]
    not_applicable = len(scores) - len(applicable)
    exec_ref = execution.reference if execution and execution.reference is not None else (
        execution.printed_score if execution else None)
    exec_printed = execution.printed_score if execution else None
    tolerance = profile.dec("tolerance", "score")
    ref_parts = [s.printed if s.accepts(s.printed, tolerance) or not s.decidable else s.reference
                 for s in applicable]
    printed_parts = [s.printed for s in applicable]
    total_ref = _total(exec_ref, ref_parts, execution, applicable, not_applicable)
    total_printed = _total(exec_printed, printed_parts, execution, applicable, not_applicable)
    return FormScore(form_index, profile.id, execution, scores, total_ref, total_printed,
                     grade_of(total_ref), not_applicable)


def _total(exec_score: Decimal | None, parts: list[Decimal | None], execution: ExecutionScore | None,
           applicable: list[IndicatorScore], not_applicable: int) -> Decimal | None:
    if exec_score is None or any(p is None for p in parts):
        return None
    total = exec_score + sum((p for p in parts if p is not None), ZERO)
    if not_applicable:
        weights = (execution.weight or ZERO) + sum((s.weight or ZERO for s in applicable), ZERO)
        if weights > 0:
            total = half_up(total / weights * HUNDRED)
    return total
