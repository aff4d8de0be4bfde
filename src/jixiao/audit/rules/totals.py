"""SUM-01 … SUM-07: weights, total score, grade and the form as a whole (docs/rules.md R4, R5, R6, R2.3)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.audit.registry import Context, rule
from jixiao.model import Finding, Severity
from jixiao.score.engine import HUNDRED, ZERO, IndicatorScore, fmt, grade_of, shown
from jixiao.score.rounding import half_up, places_of

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
_SPLIT = (("产出指标", Decimal(50)), ("效益指标", Decimal(30)), ("满意度指标", Decimal(10)))
_POSITIVE = ("正向", "等于")


def _applicable(ctx: Context) -> list[IndicatorScore]:
    return [s for s in ctx.score.indicators if s.method != "不适用"]


def _exec_weight(ctx: Context) -> tuple[Decimal, bool]:
    """The execution 分值 and whether it is printed (else the profile's)."""
    total = ctx.form.funding_total()
    if total is not None and total.weight is not None:
        return total.weight, True
    return ctx.profile.dec("scoring", "exec_weight"), False


def _printed_sum(ctx: Context) -> tuple[Decimal, Decimal, Decimal] | None:
    """(execution score, Σ applicable indicator scores, their sum), all as printed; None if one is blank."""
    ex = ctx.score.execution
    scores = [s.printed for s in _applicable(ctx)]
    if ex is None or ex.printed_score is None or not scores or any(v is None for v in scores):
        return None
    parts = sum((v for v in scores if v is not None), ZERO)
    return ex.printed_score, parts, ex.printed_score + parts


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(5) / (Decimal(10) ** (places_of(value) + 1))


def _shown_by_rounding(printed: Decimal, exact: Decimal) -> bool:
    """True when ``printed`` is ``exact`` rounded to fewer decimals (half a unit of its last digit)."""
    return places_of(printed) < places_of(exact) and abs(printed - exact) <= _half_unit(printed)



# ---------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------

@rule("SUM-01", "分值合计不等于 100", E, "R4.2；财政部 2016 自评通知“上述权重可做适当调整，但加总后应等于100%”")
def weights_total_100(ctx: Context) -> Iterator[Finding]:
    """三级指标分值之和加预算执行率分值应等于 100（部门整体支出表为全部绩效目标的指标合计）。
    表中未印预算执行率分值时按规则配置（通常 10 分）计算。"""
    weights = [ind.weight for ind in ctx.form.indicators]
    if not weights or any(w is None for w in weights):
        return
    indicator_sum = sum((w for w in weights if w is not None), ZERO)
    exec_weight, printed = _exec_weight(ctx)
    total = indicator_sum + exec_weight
    if total != HUNDRED:
        source = "" if printed else "（表中未印，按规则配置）"
        yield ctx.finding(f"三级指标分值合计 {fmt(indicator_sum)} + 预算执行率分值 {fmt(exec_weight)}{source} = "
                          f"{fmt(total)}，应为 100", field="weight", found=total, expected=HUNDRED)


@rule("SUM-04", "一级指标权重偏离常规比例", I,
      "R4.1；财政部 2016 自评通知“产出指标50%、效益指标30%、服务对象满意度指标10%…可做适当调整”")
def level1_split(ctx: Context) -> Iterator[Finding]:
    """一级指标的分值与常规的 产出 50 / 效益 30 / 满意度 10 相差超过 10 分（阈值可配置）。
    有成本指标作一级指标时，产出与成本合计与 50 比较；指标合计不是 90 分的模板按比例换算。"""
    shares = _level1_weights(ctx)
    if shares is None:
        return
    scale = ctx.profile.dec("scoring", "indicator_total") / Decimal(90)
    limit = ctx.threshold("level1_deviation")
    off = [(name, shares[name], base * scale) for name, base in _SPLIT if abs(shares[name] - base * scale) > limit]
    if not off:
        return
    found = "、".join(f"{_short(n)} {fmt(shares[n])}" for n, _ in _SPLIT)
    expected = "、".join(f"{_short(n)} {fmt(half_up(b * scale, 1))}" for n, b in _SPLIT)
    gaps = "、".join(f"{_short(n)}相差 {fmt(abs(v - e))} 分" for n, v, e in off)
    yield ctx.finding(f"一级指标分值为 {found}，常规比例为 {expected}，其中{gaps}（超过 {fmt(limit)} 分），"
                      f"请确认调整理由", field="weight", found=found, expected=expected)


def _short(level1: str) -> str:
    return level1.removesuffix("指标")


def _level1_weights(ctx: Context) -> dict[str, Decimal] | None:
    shares = {name: ZERO for name, _ in _SPLIT}
    for ind in ctx.form.indicators:
        if ind.weight is None:
            return None
        level1 = "产出指标" if ind.level1 == "成本指标" else ind.level1
        if level1 in shares:
            shares[level1] += ind.weight
    return shares if any(shares.values()) else None


# ---------------------------------------------------------------------------
# total and grade
# ---------------------------------------------------------------------------

@rule("SUM-02", "总分不等于各项得分之和", E, "R5.1、R6；中介机构评价报告考核“分值计算散总一致”")
def total_is_sum(ctx: Context) -> Iterator[Finding]:
    """表中总分应等于执行得分加各三级指标得分（按表中打印值，相差不超过 0.01）。总分打印的小数位少于合计值时，
    在末位半个单位以内记为提示（如 98.96 印作 99.0）。有不适用指标时，按适用指标折算的总分也接受（见 SUM-05）。"""
    printed = ctx.form.total_score
    parts = _printed_sum(ctx)
    if printed is None or parts is None:
        return
    exec_score, indicator_sum, raw = parts
    candidates = [raw]
    if ctx.score.not_applicable:
        if ctx.score.total_from_printed is not None:
            candidates.append(ctx.score.total_from_printed)
        every = [s.printed for s in ctx.score.indicators if s.printed is not None]
        candidates.append(exec_score + sum(every, ZERO))  # 不适用 rows printed with their full score
    if min(abs(printed - c) for c in candidates) <= ctx.tol("score"):
        return
    formula = f"执行得分 {shown(exec_score)} + 指标得分合计 {fmt(indicator_sum)} = {fmt(raw)}"
    if any(_shown_by_rounding(printed, c) for c in candidates):
        yield ctx.finding(f"总分 {formula}，表中 {shown(printed)} 为保留 {places_of(printed)} 位小数后的值，"
                          f"属显示舍入", field="total_score", found=shown(printed), expected=raw, severity=Severity.INFO)
    else:
        yield ctx.finding(f"总分应为 {formula}，表中为 {shown(printed)}", field="total_score", found=shown(printed),
                          expected=raw)


@rule("SUM-03", "评分等级与总分不符", E,
      "R5.2；财预〔2020〕10号：90（含）–100 优、80（含）–90 良、60（含）–80 中、60 以下差；评价报告考核“评分与评级相符”")
def grade_matches_total(ctx: Context) -> Iterator[Finding]:
    """表中评分等级应与总分相符：90 分及以上为优，80 分及以上为良，60 分及以上为中，60 分以下为差。
    未印等级时不检查；印出的总分与各项得分合计分处等级分界两侧时，记为提示。"""
    grade = ctx.form.grade
    summed = ctx.score.total_from_printed
    total = ctx.form.total_score if ctx.form.total_score is not None else summed
    if grade is None or total is None:
        return
    by_total = grade_of(total)
    by_sum = grade_of(summed) if summed is not None else by_total
    if grade == by_total == by_sum:
        return
    if grade in (by_total, by_sum):
        yield ctx.finding(f"表中总分 {shown(total)} 对应“{by_total}”，各项得分合计 {fmt(summed)} 对应“{by_sum}”，"
                          f"等级“{grade}”处在分界上，请核实", field="grade", found=grade, expected=by_sum,
                          severity=Severity.INFO)
    else:
        yield ctx.finding(f"总分 {shown(total)} 对应的等级应为“{by_total}”，表中为“{grade}”", field="grade",
                          found=grade, expected=by_total)


@rule("SUM-05", "有不适用指标而总分未折算", W,
      "R5.1；自评表填报说明“用适用指标得分汇总后按百分制对该项目折算计分”")
def renormalised_total(ctx: Context) -> Iterator[Finding]:
    """有不适用的指标（指标值与实际完成值为“/”“不适用”）时，总分应按适用指标折算为百分制：
    (执行得分 + 适用指标得分之和) ÷ (执行分值 + 适用指标分值之和) × 100。"""
    printed = ctx.form.total_score
    renormalised = ctx.score.total_from_printed
    parts = _printed_sum(ctx)
    if not ctx.score.not_applicable or printed is None or renormalised is None or parts is None:
        return
    if abs(printed - renormalised) <= ctx.tol("score") or _shown_by_rounding(printed, renormalised):
        return
    weights = _exec_weight(ctx)[0] + sum((s.weight or ZERO for s in _applicable(ctx)), ZERO)
    yield ctx.finding(f"有 {ctx.score.not_applicable} 项指标不适用，总分应折算为 {fmt(parts[2])} ÷ {fmt(weights)} × 100 "
                      f"= {fmt(renormalised)}，表中为 {shown(printed)}", field="total_score", found=shown(printed),
                      expected=renormalised)


# ---------------------------------------------------------------------------
# targets possibly set too low
# ---------------------------------------------------------------------------

@rule("SUM-06", "全部指标满分且均达到目标", I, "R2.3；财预〔2020〕10号“指标值设定明显偏低的，要按照偏离度适度调减分值”")
def all_full_all_met(ctx: Context) -> Iterator[Finding]:
    """每个指标都得满分，且每个定量指标都达到或超过指标值（反向指标不超过上限）：指标值可能设定偏低。
    有定量指标无法判定是否达到时不报告。"""
    applicable = [(ind, s) for ind, s in zip(ctx.form.indicators, ctx.score.indicators, strict=True)
                  if s.method != "不适用"]
    if not applicable or any(ind.weight is None or ind.score is None or ind.score < ind.weight
                             for ind, _ in applicable):
        return
    quantitative = [s for _, s in applicable if s.quantitative]
    if not quantitative or any(not s.decidable or s.met is not True for s in quantitative):
        return
    yield ctx.finding(f"全部 {len(applicable)} 项指标均得满分，{len(quantitative)} 项定量指标均达到或超过指标值，"
                      f"指标值可能设定偏低", field="score")


@rule("SUM-07", "多数定量指标大幅超额完成", W, "R2.3；财预〔2020〕10号“年初指标值设定明显偏低”")
def mostly_overachieved(ctx: Context) -> Iterator[Finding]:
    """定量指标中有一半及以上的实际完成值达到指标值的 150% 及以上（比例与倍数由规则配置给出）：
    指标值可能设定明显偏低。"""
    quantitative = [s for s in _applicable(ctx) if s.quantitative]
    ratio = ctx.threshold("overachieved_ratio")
    over = [s for s in quantitative if s.method in _POSITIVE and s.ratio is not None and s.ratio >= ratio]
    if not quantitative or Decimal(len(over)) / len(quantitative) < ctx.threshold("overachieved_share"):
        return
    names = "、".join(f"“{ctx.form.indicators[s.index].name}”" for s in over[:3])
    yield ctx.finding(f"{len(quantitative)} 项定量指标中有 {len(over)} 项（{names}等）实际完成值达到指标值的 "
                      f"{fmt(ratio * HUNDRED)}% 以上，指标值可能设定明显偏低", field="score",
                      found=f"{len(over)}/{len(quantitative)}")
