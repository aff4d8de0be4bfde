"""EXEC-01 … EXEC-10: budget execution and the funding block (docs/rules.md R1, R6, R8)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.audit.registry import Context, rule
from jixiao.model import Finding, Funding, Severity
from jixiao.score.engine import HUNDRED, ZERO, fmt, shown
from jixiao.score.rounding import half_up, places_of, round_up, truncate

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
_COMPONENTS = ("当年财政拨款", "本年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金")
_COLUMNS = (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数"))


def _total_and_parts(ctx: Context) -> tuple[Funding | None, list[Funding]]:
    total = ctx.form.funding_total()
    parts = [f for f in ctx.form.funding if f is not total and f.line in _COMPONENTS]
    return total, parts


def _money(value: Decimal | None, unit: str | None) -> str:
    return f"{fmt(value)}{unit or ''}"


@rule("EXEC-01", "执行率计算有误", E, "R1.1、R6；财预〔2020〕10号附件“执行率(B/A)”；海淀 2016 自评表脚注")
def rate_matches_amounts(ctx: Context) -> Iterator[Finding]:
    """执行率应等于 全年执行数/全年预算数（百分数，两位小数）。表中值与精确值相差不超过 0.01 个百分点
    （截断、进位等显示舍入）记为提示；超过则为错误。"""
    tolerance = ctx.tol("rate")
    for row in ctx.form.funding:
        if row.execution_rate is None or row.executed is None or not row.annual_budget:
            continue
        exact = row.executed / row.annual_budget * HUNDRED
        rounded = half_up(exact)
        printed = row.execution_rate
        if printed == rounded or (places_of(printed) < 2 and half_up(exact, places_of(printed)) == printed):
            continue
        formula = f"{fmt(row.executed)}/{fmt(row.annual_budget)} = {half_up(exact, 4)}%"
        if abs(printed - exact) <= tolerance:
            how = ("截断" if printed == truncate(exact) else "进位" if printed == round_up(exact) else "舍入")
            yield ctx.finding(
                f"“{row.line}”执行率 {formula}，表中 {shown(printed)}% 为{how}值（四舍五入应为 {rounded}%），"
                f"属显示舍入", field="execution_rate", found=printed, expected=rounded, loc=row.loc, severity=I)
        else:
            yield ctx.finding(f"“{row.line}”执行率应为 全年执行数/全年预算数 = {formula} ≈ {rounded}%，"
                              f"表中为 {shown(printed)}%", field="execution_rate", found=printed,
                              expected=rounded, loc=row.loc)


@rule("EXEC-02", "预算执行得分有误", E, "R1.2、R6；海淀 2016 自评表脚注“执行率*该指标分值，最高不得超过分值上限”")
def score_matches_rate(ctx: Context) -> Iterator[Finding]:
    """执行得分应为 min(执行率, 100%) × 分值，四舍五入到两位小数。相差不超过 0.01 视为一致；
    不超过 0.05 或在表中打印精度以内记为提示（显示舍入）；更大的差为错误。"""
    ex = ctx.score.execution
    total = ctx.form.funding_total()
    if ex is None or ex.reference is None or ex.printed_score is None or total is None:
        return
    diff = abs(ex.printed_score - ex.reference)
    if diff <= ctx.tol("score"):
        return
    half_unit = Decimal(5) / (Decimal(10) ** (places_of(ex.printed_score) + 1))
    formula = f"min({half_up(ex.rate or ZERO, 4)}%, 100%) × {fmt(ex.weight)} = {fmt(ex.reference)}"
    if diff <= max(ctx.tol("score_display"), half_unit):
        yield ctx.finding(f"执行得分 {formula}，表中为 {shown(ex.printed_score)}，差 {fmt(diff)}，属显示舍入",
                          field="score", found=ex.printed_score, expected=ex.reference, loc=total.loc, severity=I)
    else:
        yield ctx.finding(f"执行得分应为 {formula}，表中为 {shown(ex.printed_score)}", field="score",
                          found=ex.printed_score, expected=ex.reference, loc=total.loc)


@rule("EXEC-03", "预算执行率分值不符合规定", W, "R1.2、R1.3；财政部 2016 自评通知“预算资金执行率10分”；20 分制模板")
def execution_weight(ctx: Context) -> Iterator[Finding]:
    """预算执行率的分值应为 10 分（20 分制模板为 20 分），由规则配置给出。"""
    total = ctx.form.funding_total()
    expected = ctx.profile.dec("scoring", "exec_weight")
    if total is not None and total.weight is not None and total.weight != expected:
        yield ctx.finding(f"预算执行率分值应为 {fmt(expected)} 分（{ctx.profile.name}），表中为 {fmt(total.weight)} 分",
                          field="weight", found=total.weight, expected=expected, loc=total.loc)


@rule("EXEC-04", "全年预算数为空或为零却有执行数", E, "R1.2：预算数为 0 或空时执行率无法计算")
def budget_missing(ctx: Context) -> Iterator[Finding]:
    """全年预算数为 0 或空，而全年执行数大于 0：执行率无从计算。"""
    for row in ctx.form.funding:
        if row.executed is not None and row.executed > 0 and not row.annual_budget:
            yield ctx.finding(f"“{row.line}”全年预算数为{'空' if row.annual_budget is None else ' 0'}，"
                              f"全年执行数却为 {_money(row.executed, ctx.form.amount_unit)}，执行率无法计算",
                              field="annual_budget", found=row.annual_budget, loc=row.loc)


@rule("EXEC-05", "执行数超过预算数", W, "R1.2；海淀 2016 自评表脚注（得分以分值为上限）")
def over_execution(ctx: Context) -> Iterator[Finding]:
    """全年执行数大于全年预算数（超预算执行）；执行得分以分值为上限。"""
    for row in ctx.form.funding:
        if row.executed is not None and row.annual_budget and row.executed > row.annual_budget:
            yield ctx.finding(f"“{row.line}”全年执行数 {_money(row.executed, ctx.form.amount_unit)} 超过全年预算数 "
                              f"{_money(row.annual_budget, ctx.form.amount_unit)}，请核实；执行得分以分值为上限",
                              field="executed", found=row.executed, expected=row.annual_budget, loc=row.loc)


@rule("EXEC-06", "资金总额不等于各来源之和", E, "R1.4、R8.1：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金")
def total_is_sum_of_parts(ctx: Context) -> Iterator[Finding]:
    """年度资金总额的年初预算数、全年预算数、全年执行数，应分别等于当年财政拨款、上年结转资金、其他资金之和
    （两个以上来源有金额时检查；只有一个来源时见 EXEC-07）。"""
    total, parts = _total_and_parts(ctx)
    if total is None or len(parts) < 2:
        return
    for attr, label in _COLUMNS:
        values = [getattr(p, attr) for p in parts]
        printed = getattr(total, attr)
        if printed is None or all(v is None for v in values):
            continue
        if sum(1 for v in values if v) < 2:
            continue
        expected = sum((v for v in values if v is not None), ZERO)
        if expected != printed:
            terms = " + ".join(f"{fmt(v or ZERO)}" for v in values)
            yield ctx.finding(f"年度资金总额“{label}”为 {fmt(printed)}，但各来源之和 {terms} = {fmt(expected)}",
                              field=attr, found=printed, expected=expected, loc=total.loc)


@rule("EXEC-07", "总额行与来源行的同一笔资金金额不一致", E, "R8.4；seed 003（当年财政拨款 99,000 对全年预算数 30,000）")
def same_money_differs(ctx: Context) -> Iterator[Finding]:
    """资金只有一个来源（如全部为当年财政拨款）时，来源行与年度资金总额行是同一笔钱，
    两行的年初预算数、全年预算数、全年执行数应相同。"""
    total, parts = _total_and_parts(ctx)
    if total is None or not parts:
        return
    for attr, label in _COLUMNS:
        funded = [p for p in parts if getattr(p, attr)]
        printed = getattr(total, attr)
        if len(funded) != 1 or printed is None:
            continue
        only = funded[0]
        value = getattr(only, attr)
        if value != printed and not any(getattr(p, attr) for p in parts if p is not only):
            yield ctx.finding(f"“{only.line}”的{label}为 {fmt(value)}，年度资金总额的{label}却为 {fmt(printed)}；"
                              f"资金只有这一个来源，两者应相同", field=attr, found=printed, expected=value,
                              loc=only.loc)


@rule("EXEC-08", "年中预算调整幅度大", I, "R8.3：年初与全年预算差异超过 20% 反映预算编制不精准（阈值为惯例，Q4）")
def large_adjustment(ctx: Context) -> Iterator[Finding]:
    """全年预算数与年初预算数相差超过年初预算数的 20%（阈值可配置）。"""
    total = ctx.form.funding_total()
    if total is None or not total.initial_budget or total.annual_budget is None:
        return
    change = (total.annual_budget - total.initial_budget) / total.initial_budget
    if abs(change) > ctx.threshold("budget_adjust_ratio"):
        yield ctx.finding(f"全年预算数 {fmt(total.annual_budget)} 较年初预算数 {fmt(total.initial_budget)} "
                          f"{'增加' if change > 0 else '减少'} {half_up(abs(change) * HUNDRED, 1)}%，预算调整幅度较大",
                          field="annual_budget", found=total.annual_budget, expected=total.initial_budget,
                          loc=total.loc)


@rule("EXEC-09", "年初预算数未填写", W, "财预〔2020〕10号附件自评表栏目；seed 004")
def initial_budget_blank(ctx: Context) -> Iterator[Finding]:
    """年度资金总额行的年初预算数为空。"""
    total = ctx.form.funding_total()
    if total is not None and total.initial_budget is None and total.annual_budget is not None:
        yield ctx.finding("年度资金总额的年初预算数未填写", field="initial_budget", loc=total.loc)


@rule("EXEC-10", "执行率低但指标近乎满分", W, "财预〔2020〕10号（评分应与完成情况相符）；seeds 000、003")
def low_rate_full_scores(ctx: Context) -> Iterator[Finding]:
    """执行率低于 90%，而绩效指标得分达到其分值的 95% 以上；执行率低于 60% 时应重点核查。"""
    ex = ctx.score.execution
    weights = sum((ind.weight or ZERO for ind in ctx.form.indicators), ZERO)
    scores = sum((ind.score or ZERO for ind in ctx.form.indicators), ZERO)
    if ex is None or ex.rate is None or not weights:
        return
    share = scores / weights
    if ex.rate < ctx.threshold("low_rate") and share >= ctx.threshold("full_share"):
        urgent = "，执行率低于 60%，应重点核查" if ex.rate < ctx.threshold("low_rate_priority") else ""
        total = ctx.form.funding_total()
        rate = ex.printed_rate if ex.printed_rate is not None else half_up(ex.rate)
        yield ctx.finding(f"预算执行率仅 {shown(rate)}%，绩效指标却得到 {fmt(scores)}/{fmt(weights)} 分"
                          f"（{half_up(share * HUNDRED, 1)}%）{urgent}", field="execution_rate",
                          found=half_up(ex.rate), loc=total.loc if total else None)
