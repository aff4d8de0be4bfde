"""HIER-01 … HIER-06, DEPT-01 … DEPT-03, TIME-01: the indicator tree, the department form, time targets.

docs/rules.md R9 (hierarchy), R10 (department form), checklist (c). The helpers
at the top (tree year, level-name checks, unit classes) are shared with
:mod:`jixiao.audit.rules.declaration`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.audit.registry import (
    ALL_FORMS,
    DECLARATIONS,
    DEPARTMENTS,
    REGISTRY,
    SELF_EVALS,
    Context,
    rule,
)
from jixiao.model import (
    Finding,
    Form,
    Grade,
    Indicator,
    ParsedValue,
    Severity,
    ValueKind,
)
from jixiao.model.labels import LEVEL1, LEVEL2, LEVEL2_PARENT, label_key
from jixiao.score.engine import ZERO, fmt, grade_of, is_cost, shown
from jixiao.score.rounding import half_up, places_of, round_up, truncate

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# --------------------------------------------------------------------------
# Shared helpers (also used by the declaration rules)
# --------------------------------------------------------------------------

#: Units that count things (人、次、册 …): a target in one of them is a quantity, not a rate.
COUNT_UNITS = frozenset({
    "人", "人次", "名", "位", "次", "场", "场次", "期", "册", "份", "家", "户", "户次", "个", "项", "本", "套",
    "篇", "条", "所", "台", "例", "件", "批", "批次", "轮", "节", "课时", "学时", "张", "版", "处", "座", "辆",
    "间", "部", "首", "幅", "集", "起", "宗", "单", "棵", "株", "只", "头", "支", "门", "课", "类", "种",
})  # fmt: skip
RATE_UNITS = frozenset({"%", "‰"})
_LEVEL_STEMS = ("产出", "效益", "满意", "成本", "数量", "质量", "时效", "进度", "可持续")
_SATISFACTION = re.compile(r"满意|好评|认可度|投诉")


def uses_new_tree(ctx: Context) -> bool | None:
    """True when the form's year is on or after the profile's new-tree year (成本指标 is 一级); None if unknown."""
    if ctx.form.year is None:
        return None
    return ctx.form.year >= int(ctx.profile.get("scoring", "new_tree_from_year"))


def declaration_rule_covers(ctx: Context, rule_id: str) -> bool:
    """True when a declaration form is checked by the equivalent T rule (so a HIER rule stays silent)."""
    return ctx.form.form_type in DECLARATIONS and rule_id in REGISTRY and rule_id not in ctx.profile.disable


def level_problems(ind: Indicator) -> list[tuple[str, Severity]]:
    """What is wrong with an indicator's 一级/二级 names: unknown names (E), non-standard
    but recognisable names (I), a 二级 that does not belong to its 一级 (W)."""
    problems: list[tuple[str, Severity]] = []
    unknown = False
    for what, name, known in (("一级指标", ind.level1, LEVEL1), ("二级指标", ind.level2, LEVEL2)):
        if not name or name in known:
            continue
        unknown = True
        if any(stem in name for stem in _LEVEL_STEMS):
            problems.append((f"{what}“{name}”不是规范名称，请按财预〔2021〕101号指标体系命名", I))
        else:
            problems.append((f"{what}“{name}”不是有效的指标层级名称", E))
    parent = LEVEL2_PARENT.get(ind.level2 or "")
    if not unknown and parent and ind.level1 in LEVEL1 and ind.level1 != parent:
        problems.append((f"二级指标“{ind.level2}”应属于一级指标“{parent}”，表中列在“{ind.level1}”下", W))
    if not unknown and ind.level2 == "成本指标" and ind.level1 not in ("产出指标", "成本指标", None):
        problems.append((f"二级指标“成本指标”应属于“成本指标”或（旧体系）“产出指标”，表中列在“{ind.level1}”下", W))
    return problems


def report_levels(ctx: Context) -> Iterator[Finding]:
    """One finding per indicator whose level names are wrong; the worst problem sets the severity."""
    order = {E: 0, W: 1, I: 2}
    for i, ind in enumerate(ctx.form.indicators):
        problems = level_problems(ind)
        if not problems:
            continue
        worst = min((sev for _, sev in problems), key=order.__getitem__)
        found = "/".join(filter(None, (ind.level1, ind.level2)))
        yield ctx.finding(f"“{ind.name}”：{'；'.join(text for text, _ in problems)}", indicator=i,
                          field="level1" if ind.level1 not in LEVEL1 else "level2", found=found, severity=worst)


def unit_of(ind: Indicator) -> str | None:
    """The unit of a numeric target, or the unit printed at the end of the name (``接受培训人数(人)``)."""
    if ind.target is not None and ind.target.unit:
        return ind.target.unit
    m = re.search(r"[（(]\s*([^（）()\d]{1,6})\s*[)）]\s*$", ind.name or "")
    return m.group(1).replace("％", "%") if m else None


def is_count(value: ParsedValue | None, ind: Indicator) -> bool:
    """A positive numeric target in a counting unit (≥100人次, =4期)."""
    return (value is not None and value.kind is ValueKind.NUMBER and value.value is not None
            and value.value > 0 and unit_of(ind) in COUNT_UNITS)


def is_rate(value: ParsedValue | None, ind: Indicator) -> bool:
    """A numeric target in percent."""
    return value is not None and value.is_quantitative and unit_of(ind) in RATE_UNITS


def level1_of(ind: Indicator) -> str | None:
    """The canonical 一级指标, or the parent of a known 二级 when the 一级 is unknown."""
    if ind.level1 in LEVEL1:
        return ind.level1
    return LEVEL2_PARENT.get(ind.level2 or "", ind.level1)


def target_text(ind: Indicator) -> str:
    """The printed 年度指标值, or a dash."""
    return ind.target_text or "（空）"


# --------------------------------------------------------------------------
# HIER: the indicator tree
# --------------------------------------------------------------------------


@rule("HIER-01", "指标层级名称无效", E, "R9.3；财预〔2021〕101号指标体系；seed 001（双盲指标/任意双盲指标）", forms=ALL_FORMS)
def unknown_level_names(ctx: Context) -> Iterator[Finding]:
    """一级/二级指标名称经别名归并后仍不属于规范指标体系（如“双盲指标”“任意双盲指标”）为错误；
    名称含“产出/效益/满意/成本”等字样但不规范的记为提示；二级指标不属于所列一级指标的为警告。
    申报表由 T14 报告同一问题，此处不重复。"""
    if declaration_rule_covers(ctx, "T14"):
        return
    yield from report_levels(ctx)


@rule("HIER-02", "新指标体系年度仍将成本指标列在产出指标下", I,
      "R9.1、R9.2；财预〔2021〕101号（成本指标为一级指标）；规则配置 new_tree_from_year", forms=ALL_FORMS)
def old_tree_in_new_year(ctx: Context) -> Iterator[Finding]:
    """按规则配置，该年度起应使用新指标体系（成本指标为一级指标），表中成本指标仍作为二级指标列在产出指标下。"""
    if not uses_new_tree(ctx):
        return
    start = ctx.profile.get("scoring", "new_tree_from_year")
    for i, ind in enumerate(ctx.form.indicators):
        if is_cost(ind) and ind.level1 == "产出指标":
            yield ctx.finding(f"“{ind.name}”列在“产出指标/成本指标”下；{ctx.profile.name}自 {start} 年起成本指标应为一级指标"
                              f"（本表 {ctx.form.year} 年）", indicator=i, field="level1", found=ind.level1,
                              expected="成本指标")


@rule("HIER-03", "新指标体系年度缺少成本指标", W,
      "R9.1、R4.3；财预〔2021〕101号；沪府办发〔2023〕16号（上海成本预算绩效管理）", forms=ALL_FORMS)
def no_cost_indicator(ctx: Context) -> Iterator[Finding]:
    """按规则配置该年度使用新指标体系，而表中没有任何成本指标。申报表由 T05 报告同一问题，此处不重复。"""
    if declaration_rule_covers(ctx, "T05") or not uses_new_tree(ctx) or not ctx.form.indicators:
        return
    if not any(is_cost(ind) for ind in ctx.form.indicators):
        start = ctx.profile.get("scoring", "new_tree_from_year")
        yield ctx.finding(f"表中 {len(ctx.form.indicators)} 个指标均不是成本指标；{ctx.profile.name}自 {start} 年起"
                          f"应设置成本指标（本表 {ctx.form.year} 年）", field="indicators", expected="成本指标")


def _measures_satisfaction(ind: Indicator) -> bool:
    """True when the name or the target speaks of satisfaction; a name that only repeats the level
    label (``满意度指标``) counts when the target is a percentage (``≥90%``) or mentions satisfaction."""
    if _SATISFACTION.search(ind.target_text or ""):
        return True
    if label_key(ind.name) in ("满意度指标", "服务对象满意度指标"):
        return is_rate(ind.target, ind)
    return bool(_SATISFACTION.search(ind.name or ""))


@rule("HIER-04", "满意度指标未衡量满意度", W, "S17（满意度指标设置常见错误）；seed 003（“系统全年无重大故障”）",
      forms=ALL_FORMS, heuristic=True)
def satisfaction_not_measured(ctx: Context) -> Iterator[Finding]:
    """满意度指标下的三级指标，名称和指标值都不含“满意”（或好评、认可度、投诉等满意度替代量），
    实际上衡量的是别的内容（如“系统全年无重大故障”）。（启发式）"""
    for i, ind in enumerate(ctx.form.indicators):
        if level1_of(ind) == "满意度指标" and not _measures_satisfaction(ind):
            yield ctx.finding(f"满意度指标“{ind.name}”的指标值为“{target_text(ind)}”，衡量的不是服务对象满意度",
                              indicator=i, field="name", found=ind.name)


_QUALITY_WORDS = re.compile(r"率|合格|达标|准确|质量|规范|标准|规定|要求|完好|满意|优良|差错|故障|投诉|事故|错误|失误|覆盖")
_TIME_WORDS = re.compile(r"及时|时效|时限|时间|时长|按时|按期|如期|限时|周期|工作日|响应|进度|日期|期限|天数|时")
_ECONOMIC_WORDS = re.compile(r"收入|增收|节约|节省|回报|利润|产值|经济|资金|成本|费用|支出|税|价格|收益|增长|营收|创收|金额|投资")


def _misplacement(ind: Indicator) -> str | None:
    """Why an indicator looks misfiled in its 二级, or None."""
    name = ind.name or ""
    target = ind.target
    if ind.level2 == "质量指标" and is_count(target, ind) and target.op in (None, "=", ">=", ">") \
            and not _QUALITY_WORDS.search(name):
        return f"指标值“{target_text(ind)}”是数量，宜列在“数量指标”下"
    if ind.level2 == "经济效益指标" and is_rate(target, ind) and re.search(r"率|比例|占比", name) \
            and not _ECONOMIC_WORDS.search(name):
        return "是比率，不反映经济效益，宜列在“社会效益指标”或产出“质量指标”下"
    if ind.level2 == "数量指标" and re.search(r"及时|时限|按时|按期|完成时间", name):
        return "衡量的是时间，宜列在“时效指标”下"
    if ind.level2 == "时效指标" and target is not None and target.kind is ValueKind.NUMBER \
            and (is_count(target, ind) or is_rate(target, ind)) and not _TIME_WORDS.search(name):
        return f"指标值“{target_text(ind)}”不是时间要求，宜列在“数量指标”或“质量指标”下"
    if level1_of(ind) in ("产出指标", "成本指标") and re.search(r"满意[度率]", name):
        return "衡量的是满意度，宜列在“满意度指标”下"
    return None


@rule("HIER-05", "指标所属二级指标不当", I, "S17（质量与数量、效益混用等常见错误）；seed 001、003", forms=ALL_FORMS,
      heuristic=True)
def wrong_level2(ctx: Context) -> Iterator[Finding]:
    """三级指标看来放错了二级指标：质量指标下是计数（人次、份、次），经济效益指标下是与经济无关的比率
    （覆盖率、通过率），数量指标下是及时性，时效指标下是不含时间要求的数量或比率，产出或成本指标下是满意度。
    只在特征明确时提示。（启发式）"""
    for i, ind in enumerate(ctx.form.indicators):
        why = _misplacement(ind)
        if why:
            yield ctx.finding(f"“{ind.name}”列在“{ind.level2}”下，{why}", indicator=i, field="level2",
                              found=ind.level2)


_OUTPUT_NAME = re.compile(r"(?:次数|场次|期数|件数|册数)(?:[（(][^）)]*[）)])?$")
_REACH = re.compile(r"受益|惠及|带动|覆盖|新增|增加|增长|就业|脱贫|增收")


def _restates_output(ind: Indicator, outputs: list[Indicator]) -> str | None:
    """Why a 效益 line looks like an output, or None."""
    name = label_key(ind.name)
    for out in outputs:
        if name and name == label_key(out.name):
            return "与产出指标同名"
        if is_count(ind.target, ind) and is_count(out.target, out) and ind.target.value == out.target.value \
                and unit_of(ind) == unit_of(out):
            return f"指标值“{target_text(ind)}”与产出指标“{out.name}”相同"
    if is_count(ind.target, ind) and _OUTPUT_NAME.search(ind.name or "") and not _REACH.search(ind.name or ""):
        return f"指标值“{target_text(ind)}”是工作量"
    return None


@rule("HIER-06", "效益指标重复产出或以满意度代替效益", I, "S17（满意度代替效益、效益与产出混淆）", forms=ALL_FORMS,
      heuristic=True)
def benefit_restates_output(ctx: Context) -> Iterator[Finding]:
    """效益指标只是重复产出（与产出指标同名、同一计数目标，或是活动次数、场次、期数等工作量；受益、带动类人数除外），
    或把满意度列在效益指标下；自评表有满意度指标却没有任何效益指标时也提示。（启发式）"""
    outputs = [ind for ind in ctx.form.indicators if level1_of(ind) == "产出指标"]
    benefits = 0
    for i, ind in enumerate(ctx.form.indicators):
        if level1_of(ind) != "效益指标":
            continue
        benefits += 1
        if re.search(r"满意[度率]", ind.name or ""):
            yield ctx.finding(f"效益指标“{ind.name}”衡量的是满意度，不能代替项目效益", indicator=i, field="name",
                              found=ind.name)
        elif why := _restates_output(ind, outputs):
            yield ctx.finding(f"效益指标“{ind.name}”{why}，反映的是产出而不是效益", indicator=i, field="name",
                              found=ind.name)
    has_satisfaction = any(level1_of(ind) == "满意度指标" for ind in ctx.form.indicators)
    if not benefits and has_satisfaction and ctx.form.form_type not in DECLARATIONS:
        yield ctx.finding("表中没有效益指标，只有满意度指标，满意度不能代替效益", field="indicators",
                          expected="效益指标")


# --------------------------------------------------------------------------
# DEPT: the department form (R10)
# --------------------------------------------------------------------------


def _goal_weights(form: Form) -> dict[int | None, Decimal]:
    sums: dict[int | None, Decimal] = {}
    for ind in form.indicators:
        sums[ind.goal_no] = sums.get(ind.goal_no, ZERO) + (ind.weight or ZERO)
    return sums


@rule("DEPT-01", "各绩效目标指标分值合计不等于规定分值", E, "R10、R4.2：全部绩效目标的指标分值合计为 90（执行率 10 分）",
      forms=DEPARTMENTS)
def department_weights(ctx: Context) -> Iterator[Finding]:
    """部门整体支出自评表中，全部绩效目标下三级指标的分值合计应等于规则配置的指标总分（一般为 90）。
    有指标未填分值时不检查。"""
    inds = ctx.form.indicators
    if not inds or any(ind.weight is None for ind in inds):
        return
    expected = ctx.profile.dec("scoring", "indicator_total")
    total = sum((ind.weight for ind in inds), ZERO)
    if total == expected:
        return
    parts = "＋".join(f"{fmt(w)}（目标{no}）" if no is not None else fmt(w) for no, w in _goal_weights(ctx.form).items())
    yield ctx.finding(f"各绩效目标的指标分值合计 {parts} = {fmt(total)}，应为 {fmt(expected)}", field="weight",
                      found=total, expected=expected)


@rule("DEPT-02", "绩效目标与指标块不对应", W, "R10：每个年度绩效目标都应有指标块，每个指标块都应对应一个目标",
      forms=DEPARTMENTS)
def goals_match_blocks(ctx: Context) -> Iterator[Finding]:
    """年度绩效目标完成情况中的目标没有对应的“绩效目标N”指标块，或指标块的目标序号在目标表中不存在。
    目标未编号或指标未分块时无法判断，不检查。"""
    goal_nos = {g.no for g in ctx.form.goals if g.no is not None}
    blocks: dict[int, int] = {}
    for i, ind in enumerate(ctx.form.indicators):
        if ind.goal_no is not None:
            blocks.setdefault(ind.goal_no, i)
    if not goal_nos or not blocks:
        return
    for goal in ctx.form.goals:
        if goal.no is not None and goal.no not in blocks:
            yield ctx.finding(f"绩效目标{goal.no}“{_short(goal.target)}”没有对应的指标块", field="goals",
                              found=str(goal.no), loc=goal.loc)
    for no, first in blocks.items():
        if no not in goal_nos:
            yield ctx.finding(f"指标块“绩效目标{no}”在年度绩效目标表中没有对应的目标（已有目标 "
                              f"{'、'.join(str(n) for n in sorted(goal_nos))}）", indicator=first, field="goal_no",
                              found=str(no))


def _short(text: str | None, limit: int = 20) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


_NUM = r"(\d+(?:\.\d+)?)"
_VERB = r"\s*(?:为|是|达到|达|约|：|:)?\s*"
_RATE_RE = re.compile(rf"执行率{_VERB}{_NUM}\s*[%％]")
_TOTAL_RE = re.compile(rf"(?:自评总分|总分|总得分|自评得分|综合得分|最终得分){_VERB}{_NUM}\s*分")
_GRADE_RE = re.compile(r"(?:评价|评分|自评|绩效|综合)?等级\s*(?:为|是|评定为|：|:)?\s*[“\"'‘「『]?\s*(优秀|优|良好|良|中等|中|较差|差)")
_GRADE_WORDS = {"优秀": Grade.EXCELLENT, "优": Grade.EXCELLENT, "良好": Grade.GOOD, "良": Grade.GOOD,
                "中等": Grade.FAIR, "中": Grade.FAIR, "较差": Grade.POOR, "差": Grade.POOR}


def agrees(quoted: Decimal, values: Iterable[Decimal | None]) -> bool:
    """True when ``quoted`` equals one of ``values`` at the precision quoted (94.6 for 94.56, 99 for 99.0)."""
    places = places_of(quoted)
    for value in values:
        if value is None:
            continue
        if places > 4:
            if value == quoted:
                return True
        elif quoted in (half_up(value, places), truncate(value, places), round_up(value, places)):
            return True
    return False


def _table_rates(form: Form) -> list[Decimal | None]:
    rates: list[Decimal | None] = []
    for row in form.funding:
        rates.append(row.execution_rate)
        if row.executed is not None and row.annual_budget:
            rates.append(row.executed / row.annual_budget * 100)
    return rates


@rule("DEPT-03", "自评结论所述数字与表中不一致", W, "R10；seed 002（自评结论“执行率为94.6%，自评总分为99分，评价等级为“优””）",
      forms=DEPARTMENTS)
def conclusion_matches_table(ctx: Context) -> Iterator[Finding]:
    """自评结论中写明的预算执行率、自评总分、评价等级应与表中一致；数字按结论所写的精度比较
    （94.6% 对 94.56%、99 分对 99.0 均视为一致），执行率与任一资金行一致即可。"""
    text = ctx.form.conclusion or ""
    if not text:
        return
    yield from _quoted_rates(ctx, text)
    yield from _quoted_totals(ctx, text)
    yield from _quoted_grades(ctx, text)


def _quoted_rates(ctx: Context, text: str) -> Iterator[Finding]:
    total = ctx.form.funding_total()
    rates = _table_rates(ctx.form)
    if total is None or not any(r is not None for r in rates):
        return
    shown_rate = total.execution_rate
    if shown_rate is None and total.executed is not None and total.annual_budget:
        shown_rate = half_up(total.executed / total.annual_budget * 100)
    for m in _RATE_RE.finditer(text):
        quoted = Decimal(m.group(1))
        if not agrees(quoted, rates):
            yield ctx.finding(f"自评结论写“{m.group(0)}”，表中预算执行率为 {shown(shown_rate)}%", field="execution_rate",
                              found=quoted, expected=shown_rate)


def _table_total(ctx: Context) -> Decimal | None:
    return ctx.form.total_score if ctx.form.total_score is not None else ctx.score.total_from_printed


def _quoted_totals(ctx: Context, text: str) -> Iterator[Finding]:
    table = _table_total(ctx)
    if table is None:
        return
    for m in _TOTAL_RE.finditer(text):
        quoted = Decimal(m.group(1))
        if m.group(0).startswith("总分") and quoted == 100:
            continue  # "总分100分" names the full mark, not the result
        if not agrees(quoted, [table]):
            yield ctx.finding(f"自评结论写“{m.group(0)}”，表中总分为 {shown(table)}", field="total_score",
                              found=quoted, expected=table)


def _quoted_grades(ctx: Context, text: str) -> Iterator[Finding]:
    table = ctx.form.grade or grade_of(_table_total(ctx))
    if table is None:
        return
    for m in _GRADE_RE.finditer(text):
        quoted = _GRADE_WORDS[m.group(1)]
        if quoted is not table:
            how = "表中评价等级" if ctx.form.grade else f"按表中总分 {shown(_table_total(ctx))} 评价等级应"
            yield ctx.finding(f"自评结论写“{m.group(0)}”，{how}为“{table.value}”", field="grade",
                              found=quoted.value, expected=table.value)


# --------------------------------------------------------------------------
# TIME
# --------------------------------------------------------------------------


@rule("TIME-01", "时效目标晚于评价年度", W, "seed 004（2020 年度自评表中的“2021年10月底”“2021年4月底”）", forms=SELF_EVALS)
def time_target_after_year(ctx: Context) -> Iterator[Finding]:
    """年度指标值是一个日期（时效目标），而该日期晚于自评表的评价年度：年度自评不应以次年的完成时间为目标。
    日期在次年第一季度内的（如年度成果次年 2 月上报）可能属正常安排，记为提示。"""
    year = ctx.form.year
    if year is None:
        return
    grace = dt.date(year + 1, 3, 31)
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is None or target.kind is not ValueKind.DATE or not target.date or target.date.year <= year:
            continue
        early = target.date <= grace
        note = "；若为年度成果次年初上报，可不作调整" if early else ""
        yield ctx.finding(f"“{ind.name}”的目标时间“{target_text(ind)}”（{target.date.isoformat()}）晚于评价年度 {year} 年{note}",
                          indicator=i, field="target_text", found=target.date.isoformat(),
                          expected=f"≤{year}-12-31", severity=I if early else None)
