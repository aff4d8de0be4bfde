"""IND-01 … IND-14: indicator scores, completion values and deviation reasons (docs/rules.md R2, R3, R7).

Every check reads the reference score of :mod:`jixiao.score.engine`; where the
engine cannot decide (an inequality for an actual, two units, an unknown
tier) the rules stay silent or speak at info level, never at error level.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from jixiao.audit.registry import Context, rule
from jixiao.model import Achievement, Finding, Indicator, Severity, ValueKind
from jixiao.score.engine import HUNDRED, IndicatorScore, fmt, shown
from jixiao.score.rounding import half_up, places_of

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
_POSITIVE = ("正向", "等于")  # methods whose ratio B/A measures over-achievement
_CEILING = ("反向", "成本（无运算符）")
_BANDED = ("定性", "定量目标定性完成")
_TIER_NAMES = {Achievement.ACHIEVED: "达成", Achievement.PARTIAL: "部分达成", Achievement.NOT_ACHIEVED: "未达成"}
_PLACEHOLDERS = frozenset({"", "无", "/", "//", "-", "--", "—", "——", "无偏差", "暂无", "不适用", "无。", "没有"})
_PUNCT = re.compile(r"[\s。．.，,；;：:！!、\"“”'‘’()（）]+")
_NONE_WORDS = frozenset({"无", "没有", "零"})
_EQUALS_WORDS = ("达到", "等于", "为")  # an actual "达到90%" states a value, not an inequality
_SHORT_REASON = 4
_REPEATED_REASON = 3


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def _rows(ctx: Context, *, applicable: bool = True) -> Iterator[tuple[int, Indicator, IndicatorScore]]:
    """Indicators with a printed 分值 and 得分 (不适用 rows left out unless ``applicable`` is False)."""
    for i, ind, s in ctx.indicators():
        if ind.weight is None or ind.score is None or (applicable and s.method == "不适用"):
            continue
        yield i, ind, s


def _reason(ind: Indicator) -> str | None:
    """The deviation reason, or None when blank or a placeholder such as “无”, “/”."""
    text = unicodedata.normalize("NFKC", ind.deviation_reason or "").strip()
    return None if _PUNCT.sub("", text) in _PLACEHOLDERS else text


def _reason_key(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def _full(ind: Indicator, tolerance: Decimal) -> bool:
    assert ind.score is not None and ind.weight is not None
    return ind.score >= ind.weight - tolerance


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit (``9.0`` → 0.05, ``99`` → 0.5)."""
    return Decimal(5) / (Decimal(10) ** (places_of(value) + 1))


def _overachieved(s: IndicatorScore, ratio: Decimal) -> bool:
    return s.quantitative and s.method in _POSITIVE and s.ratio is not None and s.ratio >= ratio


def _zero_against_positive(ind: Indicator, s: IndicatorScore) -> bool:
    """Actual 0 against a target that asks for a positive amount (≥/>/= A with A > 0)."""
    if not s.quantitative or s.method not in _POSITIVE or ind.actual is None or ind.target is None:
        return False
    return ind.actual.value == 0 and (ind.target.value or 0) > 0


def _says_achieved(s: IndicatorScore) -> bool:
    return s.tier is Achievement.ACHIEVED or (s.method == "日期" and s.met is True)



def _pair(ind: Indicator) -> str:
    return f"指标值“{ind.target_text or '—'}”、实际完成值“{ind.actual_text or '—'}”"


def _unit_key(unit: str | None) -> str:
    text = unicodedata.normalize("NFKC", unit or "").casefold()
    return re.sub(r"[\s()（）]", "", text).replace("百分比", "%").replace("百分数", "%")


# ---------------------------------------------------------------------------
# score against weight and formula
# ---------------------------------------------------------------------------

@rule("IND-01", "指标得分超过分值", E, "R2.1；2017 自评表脚注“得分最高不能超过该指标分值上限”；预算绩效管理系统保存校验")
def score_above_weight(ctx: Context) -> Iterator[Finding]:
    """三级指标的得分不得超过该指标的分值（超额完成也只能得满分）。"""
    for i, ind, _ in _rows(ctx, applicable=False):
        assert ind.score is not None and ind.weight is not None
        if ind.score > ind.weight:
            yield ctx.finding(f"“{ind.name}”得分 {shown(ind.score)} 超过其分值 {shown(ind.weight)}",
                              indicator=i, field="score", found=shown(ind.score), expected=ind.weight)


@rule("IND-02", "定量指标得分与计分公式不符", E,
      "R2.2；财预〔2020〕10号“未完成指标值的，按照完成值与指标值的比例记分”；自评表脚注（正向 B/A、反向 A/B）")
def formula_score(ctx: Context) -> Iterator[Finding]:
    """定量指标的得分应符合计分公式：正向与“=”指标 分值×B/A（达到目标得满分），反向指标 分值×A/B
    （线性扣分 分值×(1−(B−A)/A) 也接受），“=0”指标全得或全不得。相差不超过 0.05 或在表中打印精度以内记为提示
    （显示舍入）；区间目标无统一公式，只作提示。超额完成较多后的酌情调减（R2.3）不在此列，实际值为 0 却得满分见 IND-05。"""
    tolerance = ctx.tol("score")
    overachieve = ctx.profile.dec("scoring", "overachieve_ratio")
    for i, ind, s in _rows(ctx):
        assert ind.score is not None and ind.weight is not None
        if not (s.quantitative and s.decidable) or ind.score > ind.weight or s.accepts(ind.score, tolerance):
            continue
        if _overachieved(s, overachieve) or _zero_against_positive(ind, s):
            continue
        yield _formula_finding(ctx, i, ind, s)


def _formula_finding(ctx: Context, i: int, ind: Indicator, s: IndicatorScore) -> Finding:
    assert ind.score is not None and s.reference is not None
    candidates = [s.reference] + ([s.alternative] if s.alternative is not None else [])
    diff = min(abs(ind.score - c) for c in candidates)
    head = f"“{ind.name}”{_pair(ind)}，{_formula(ind, s)}"
    if diff <= max(ctx.tol("score_display"), _half_unit(ind.score)):
        return ctx.finding(f"{head}，表中 {shown(ind.score)} 与之相差 {fmt(diff)}，属显示舍入", indicator=i,
                           field="score", found=shown(ind.score), expected=s.reference, severity=Severity.INFO)
    if s.method == "区间":
        return ctx.finding(f"{head}，表中为 {shown(ind.score)}；区间目标无统一计分公式，请人工核实",
                           indicator=i, field="score", found=shown(ind.score), expected=s.reference,
                           severity=Severity.INFO)
    return ctx.finding(f"{head}，表中为 {shown(ind.score)}", indicator=i, field="score", found=shown(ind.score),
                       expected=s.reference)


def _formula(ind: Indicator, s: IndicatorScore) -> str:
    """“得分应为 10×98/100 = 9.80” and the like, for the method the engine used."""
    assert ind.target is not None and ind.actual is not None and s.reference is not None
    w, a, b = fmt(ind.weight), fmt(ind.target.value), fmt(max(ind.actual.value or Decimal(0), Decimal(0)))
    ref = shown(s.reference)
    if s.method in _POSITIVE:
        return f"已达到指标值，得分应为满分 {ref}" if s.met else f"得分应为 {w}×{b}/{a} = {ref}"
    if s.method == "为零":
        return f"目标为 0、实际为 {b}，得分应为 {ref}"
    if s.method == "反向":
        if s.met:
            return f"未超过上限，得分应为满分 {ref}"
        return f"得分应为 {w}×{a}/{b} = {ref}（按线性扣分为 {shown(s.alternative)}）"
    if s.method == "成本（无运算符）":
        return f"成本指标未写运算符，得分应为 {ref}（按上限）或 {shown(s.alternative)}（按比例）"
    return f"{s.explanation}，得分应为 {ref}"


@rule("IND-03", "定性指标得分不在完成档次的分值区间内", E,
      "R3.1；财预〔2020〕10号：达成 100%–80%（含 80%）、部分达成 80%–60%（含 60%）、未达成 60%–0；旧模板 80/50 分档由规则配置给出")
def tier_band(ctx: Context) -> Iterator[Finding]:
    """定性指标（及定量目标、定性完成值的指标）的得分应落在实际完成值所属档次的分值区间内：达成 [80%, 100%]、
    部分达成 [60%, 80%)、未达成 [0, 60%)（分档比例由规则配置给出）。只在完成档次能从实际完成值判明时检查；
    得分恰在两档分界上记为提示；未达成却得满分见 IND-05。"""
    tolerance = ctx.tol("score")
    for i, ind, s in _rows(ctx):
        assert ind.score is not None and ind.weight is not None
        if s.method not in _BANDED or s.tier not in _TIER_NAMES or ind.score > ind.weight:
            continue
        if s.accepts(ind.score, tolerance):
            continue
        if s.tier is Achievement.NOT_ACHIEVED and _full(ind, tolerance):
            continue
        yield _band_finding(ctx, i, ind, s, tolerance)


def _band_finding(ctx: Context, i: int, ind: Indicator, s: IndicatorScore, tolerance: Decimal) -> Finding:
    assert ind.score is not None and s.tier is not None and s.low is not None and s.high is not None
    upper = "]" if s.high_inclusive else ")"
    band = f"[{fmt(s.low)}, {fmt(s.high)}{upper}"
    message = (f"“{ind.name}”实际完成值“{ind.actual_text}”属{_TIER_NAMES[s.tier]}档，得分应在 {band} 内"
               f"（分值 {shown(ind.weight)}），表中为 {shown(ind.score)}")
    if not s.high_inclusive and abs(ind.score - s.high) <= tolerance:
        return ctx.finding(message + "，恰在两档分界上，请核实完成档次", indicator=i, field="score",
                           found=shown(ind.score), expected=band, severity=Severity.INFO)
    return ctx.finding(message, indicator=i, field="score", found=shown(ind.score), expected=band)


# ---------------------------------------------------------------------------
# score against the completion value
# ---------------------------------------------------------------------------

@rule("IND-04", "实际完成值表明已达成却扣分", W, "R3.1、R3.4；预算绩效管理系统定性分档规则；seeds 003、004")
def achieved_but_deducted(ctx: Context) -> Iterator[Finding]:
    """定性指标的实际完成值表明已达成（“达成指标”“符合”“完成”“稳定”、照抄指标值，或在期限内完成），
    得分却低于分值：扣分与完成情况矛盾，应说明扣分依据（低于分值的 80% 时同时违反 IND-03）。
    定量指标已达到目标却扣分见 IND-02。"""
    tolerance = ctx.tol("score")
    for i, ind, s in _rows(ctx):
        assert ind.score is not None and ind.weight is not None
        if not _says_achieved(s) or _full(ind, tolerance):
            continue
        below = (f"，且低于达成档下限 {fmt(s.low)}" if s.low is not None and s.method in _BANDED
                 and ind.score < s.low - tolerance else "")
        yield ctx.finding(f"“{ind.name}”实际完成值“{ind.actual_text}”表明已达成（指标值“{ind.target_text}”），"
                          f"得分却为 {shown(ind.score)}（分值 {shown(ind.weight)}）{below}，扣分与完成情况不符",
                          indicator=i, field="score", found=shown(ind.score), expected=ind.weight)


@rule("IND-05", "实际完成值表明未完成却得满分", E, "R2.2、R3.1；财预〔2020〕10号（按完成情况记分）")
def not_achieved_full(ctx: Context) -> Iterator[Finding]:
    """实际完成值表明未完成（“未完成”“未实现”“无提高”，或目标要求正数时实际为 0），该指标却得满分。
    对“=0”“≤”类目标或“无重大故障”一类指标，“无”“0”表示达成，不在此列。"""
    tolerance = ctx.tol("score")
    for i, ind, s in _rows(ctx):
        assert ind.score is not None and ind.weight is not None
        if not _full(ind, tolerance):
            continue
        if _zero_against_positive(ind, s):
            yield ctx.finding(f"“{ind.name}”指标值为“{ind.target_text}”，实际完成值为 0，却得满分 {shown(ind.score)}；"
                              f"按比例应得 0", indicator=i, field="score", found=shown(ind.score), expected=s.reference)
        elif s.method in _BANDED and s.tier is Achievement.NOT_ACHIEVED:
            yield ctx.finding(f"“{ind.name}”实际完成值“{ind.actual_text}”表明未达成，却得满分 {shown(ind.score)}；"
                              f"未达成档得分应低于 {fmt(s.high)}", indicator=i, field="score", found=shown(ind.score),
                              expected=f"<{fmt(s.high)}")


# ---------------------------------------------------------------------------
# deviation reasons
# ---------------------------------------------------------------------------

@rule("IND-06", "扣分未填写偏差原因", E, "R7；预算绩效管理系统“请填写偏差原因及改进措施”（得分小于分值时必填）")
def deduction_without_reason(ctx: Context) -> Iterator[Finding]:
    """指标得分低于分值时，必须填写偏差原因分析及改进措施（空白或只写“无”“/”视为未填）。"""
    for i, ind, _ in _rows(ctx):
        assert ind.score is not None and ind.weight is not None
        if ind.score < ind.weight and _reason(ind) is None:
            yield ctx.finding(f"“{ind.name}”得分 {shown(ind.score)} 低于分值 {shown(ind.weight)}，"
                              f"但未填写偏差原因分析及改进措施", indicator=i, field="deviation_reason",
                              found=ind.deviation_reason)


@rule("IND-07", "超额完成较多未说明原因", W,
      "R2.3；财预〔2020〕10号“对完成值高于指标值较多的，要分析原因”；预算绩效管理系统 120%（广西 130%）阈值")
def overachieved_without_reason(ctx: Context) -> Iterator[Finding]:
    """正向或“=”指标的实际完成值达到指标值的 120% 及以上（比例由规则配置给出，广西为 130%），
    却未填写偏差原因：应说明超额原因，判断指标值是否设定偏低。"""
    ratio = ctx.profile.dec("scoring", "overachieve_ratio")
    for i, ind, s in _rows(ctx):
        if not _overachieved(s, ratio) or _reason(ind) is not None:
            continue
        assert s.ratio is not None
        pct = half_up(s.ratio * HUNDRED, 1)
        yield ctx.finding(f"“{ind.name}”实际完成值“{ind.actual_text}”为指标值“{ind.target_text}”的 {pct}%"
                          f"（≥ {fmt(ratio * HUNDRED)}%），超额较多却未填写偏差原因", indicator=i,
                          field="deviation_reason", found=f"{pct}%", expected=f"<{fmt(ratio * HUNDRED)}%")


@rule("IND-13", "偏差原因空泛或千篇一律（启发式）", I, "R7；S21 语义审核层；seed 004（每行同一句原因）", heuristic=True)
def generic_reason(ctx: Context) -> Iterator[Finding]:
    """启发式：同一句偏差原因在本表 3 行及以上重复出现（在第一行报告一次），或偏差原因不超过 4 个字，
    可能空泛或与该指标无关，请人工判断。"""
    groups: dict[str, list[int]] = {}
    for i, ind, _ in _rows(ctx):
        text = _reason(ind)
        if text is not None:
            groups.setdefault(_reason_key(text), []).append(i)
    for key, rows in groups.items():
        first = ctx.form.indicators[rows[0]]
        if len(rows) >= _REPEATED_REASON:
            names = "、".join(f"“{ctx.form.indicators[r].name}”" for r in rows[:3])
            yield ctx.finding(f"同一偏差原因“{_reason(first)}”在本表 {len(rows)} 个指标中重复出现（{names}等），"
                              f"可能未针对各指标分析", indicator=rows[0], field="deviation_reason",
                              found=first.deviation_reason)
        elif len(key) <= _SHORT_REASON:
            for r in rows:
                ind = ctx.form.indicators[r]
                yield ctx.finding(f"“{ind.name}”的偏差原因只有“{_reason(ind)}”，过于简略", indicator=r,
                                  field="deviation_reason", found=ind.deviation_reason)


@rule("IND-14", "满分且已完成的指标填写了偏差原因", I, "R7；seed 004 项目 5（满分行写“项目未能按时开展”）")
def reason_on_full_score(ctx: Context) -> Iterator[Finding]:
    """指标已达到目标并得满分，却填写了偏差原因：原因与完成情况可能矛盾（如写“未能按时开展”）。
    超额完成较多（IND-07 的比例）时说明原因是应当的，不在此列。"""
    tolerance = ctx.tol("score")
    ratio = ctx.profile.dec("scoring", "overachieve_ratio")
    for i, ind, s in _rows(ctx):
        text = _reason(ind)
        met = s.met is True or s.tier is Achievement.ACHIEVED
        if text is None or not met or not _full(ind, tolerance) or _overachieved(s, ratio):
            continue
        yield ctx.finding(f"“{ind.name}”已完成（{_pair(ind)}）并得满分 {shown(ind.score)}，却填写了偏差原因“{text}”，"
                          f"请核实原因与完成情况是否一致", indicator=i, field="deviation_reason", found=text)


# ---------------------------------------------------------------------------
# '=' and reverse indicators, units and the form of the values
# ---------------------------------------------------------------------------

@rule("IND-08", "“=”或反向指标偏离目标仍得满分", I, "R2.2；预算绩效管理系统天津规则（2024-05-09：“=”指标 B≠A、反向指标 B>A 须人工确认）")
def off_target_full(ctx: Context) -> Iterator[Finding]:
    """“=”指标（含未写运算符的数值）实际值不等于指标值，或反向（≤、<）指标实际值超过指标值，却得满分：
    此类得分应人工确认。只检查能按公式计分的定量指标。"""
    tolerance = ctx.tol("score")
    for i, ind, s in _rows(ctx):
        if not (s.quantitative and s.decidable and _full(ind, tolerance)):
            continue
        assert ind.target is not None and ind.actual is not None
        a, b = ind.target.value, ind.actual.value
        if a is None or b is None:
            continue
        if s.method in ("等于", "为零") and b != a:
            how = "高于" if b > a else "低于"
        elif s.method in _CEILING and s.met is False:
            how = "超过"
        else:
            continue
        yield ctx.finding(f"“{ind.name}”实际完成值“{ind.actual_text}”{how}指标值“{ind.target_text}”，"
                          f"却得满分 {shown(ind.score)}，请人工确认得分", indicator=i, field="score",
                          found=shown(ind.score), expected=s.reference)


@rule("IND-09", "实际完成值与指标值单位不一致", W, "R2.2；财预〔2021〕101号（指标值须有计量单位）")
def unit_mismatch(ctx: Context) -> Iterator[Finding]:
    """实际完成值的计量单位与指标值不同（如“次”与“人次”、“%”与“个”），口径不一致，无法按公式计分。
    全角“％”与“%”、“百分比”与“%”视为相同；只有一边写单位时不检查。"""
    for i, ind, _ in ctx.indicators():
        target, actual = ind.target, ind.actual
        if target is None or actual is None or not (target.is_quantitative and actual.is_quantitative):
            continue
        if target.unit and actual.unit and _unit_key(target.unit) != _unit_key(actual.unit):
            yield ctx.finding(f"“{ind.name}”指标值“{ind.target_text}”的单位为“{target.unit}”，实际完成值"
                              f"“{ind.actual_text}”的单位却为“{actual.unit}”，口径不一致", indicator=i,
                              field="actual_text", found=actual.unit, expected=target.unit)


@rule("IND-10", "实际完成值是不等式或区间", W, "R2.2；seeds 003、004（“≥70%”“<2小时”“≥10个月”）")
def actual_is_inequality(ctx: Context) -> Iterator[Finding]:
    """实际完成值应填写实际达到的数值，而不是不等式或区间（如“≥70%”“<2小时”“2-3次”），否则无法计分。"""
    for i, ind, _ in ctx.indicators():
        actual = ind.actual
        if actual is None:
            continue
        text = unicodedata.normalize("NFKC", actual.text).strip()
        inequality = actual.kind is ValueKind.NUMBER and actual.op is not None and not text.startswith(_EQUALS_WORDS)
        if inequality or actual.kind is ValueKind.RANGE:
            kind = "区间" if actual.kind is ValueKind.RANGE else "不等式"
            yield ctx.finding(f"“{ind.name}”实际完成值“{ind.actual_text}”是{kind}，不是实际数值，无法按公式计分",
                              indicator=i, field="actual_text", found=ind.actual_text)


@rule("IND-11", "定量指标填写了定性完成值", I, "R2.2；seed 000（“1800-3000(元/人)”实际完成值“达成指标”）")
def qualitative_actual(ctx: Context) -> Iterator[Finding]:
    """指标值是定量的（数值或区间），实际完成值却是定性表述（如“达成指标”“符合”），得分无法核算，
    只能按定性档次判断。“=0”“≤”类目标写“无”等于 0，不在此列。"""
    for i, ind, s in ctx.indicators():
        if s.method != "定量目标定性完成" or ind.actual is None:
            continue
        if s.tier is Achievement.ACHIEVED and ind.actual.text.strip() in _NONE_WORDS:
            continue
        if ind.actual.kind in (ValueKind.QUALITATIVE, ValueKind.TEXT):
            yield ctx.finding(f"“{ind.name}”指标值“{ind.target_text}”是定量的，实际完成值却为“{ind.actual_text}”，"
                              f"应填写实际数值", indicator=i, field="actual_text", found=ind.actual_text,
                              expected=ind.target_text)


@rule("IND-12", "三级指标分值不大于 0", E, "R4.2；预算绩效管理系统山西规则 isCheckWeightGtZero")
def weight_not_positive(ctx: Context) -> Iterator[Finding]:
    """每个三级指标的分值都应大于 0（不适用的指标除外）。"""
    for i, ind, s in ctx.indicators():
        if ind.weight is not None and ind.weight <= 0 and s.method != "不适用":
            yield ctx.finding(f"“{ind.name}”分值为 {shown(ind.weight)}，三级指标分值应大于 0", indicator=i,
                              field="weight", found=shown(ind.weight))
