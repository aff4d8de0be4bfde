"""T01 … T16: the declaration form 绩效目标申报表 and the quality of its targets (docs/rules.md R11).

T16 is new (seed 001, not in rules.md): a one-year project whose 项目资金总额
differs from its 年度资金申请总额.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.audit.registry import DECLARATIONS, Context, rule
from jixiao.audit.rules.hierarchy import (
    COUNT_UNITS,
    RATE_UNITS,
    level1_of,
    report_levels,
    target_text,
    unit_of,
    uses_new_tree,
)
from jixiao.model import Finding, Form, Funding, Indicator, Severity, ValueKind
from jixiao.score.engine import ZERO, is_cost

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_ANNUAL_TOTAL, _PROJECT_TOTAL = "年度资金申请总额", "项目资金总额"
_ANNUAL_PARTS = ("当年财政拨款", "本年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金")
_PROJECT_PARTS = ("财政资金", "其他资金")
_CARRY_OVER = ("上年结转资金", "上年结转")


def _side(form: Form, prefix: str) -> list[tuple[str, Funding]]:
    """The funding rows of one side (``年度`` or ``项目``), with the line name without its prefix."""
    return [(row.line.split(":", 1)[1], row) for row in form.funding if row.line.startswith(prefix + ":")]


def _amount(form: Form, prefix: str, names: tuple[str, ...]) -> Decimal | None:
    """The amount of the first row of a side whose name is one of ``names``."""
    return next((row.amount for name, row in _side(form, prefix) if name in names), None)


def _row(form: Form, prefix: str, name: str) -> Funding | None:
    return next((row for line, row in _side(form, prefix) if line == name), None)


def _money(value: Decimal | None, unit: str | None) -> str:
    """An amount as the form prints it: ``1,609,500.00元``."""
    return "—" if value is None else f"{value:,.2f}{unit or ''}"


# --------------------------------------------------------------------------
# T01 … T05: completeness and arithmetic
# --------------------------------------------------------------------------

_REQUIRED = (("project_name", "项目名称"), ("department", "主管部门"), ("implementing_unit", "实施单位"),
             ("start_date", "计划开始日期"), ("end_date", "计划完成日期"))


@rule("T01", "申报表必填项未填写", E, "S4 完整性（财预〔2015〕88号）；S21", forms=DECLARATIONS)
def required_fields(ctx: Context) -> Iterator[Finding]:
    """项目名称、主管部门、实施单位、计划开始日期、计划完成日期、年度总体目标为申报表必填项，不得为空。"""
    form = ctx.form
    for attr, label in _REQUIRED:
        value = getattr(form, attr)
        if value is None or (isinstance(value, str) and not value.strip()):
            how = "未填写或无法识别" if attr.endswith("date") else "未填写"
            yield ctx.finding(f"{label}{how}", field=attr)
    if not any((g.target or "").strip() for g in form.goals):
        yield ctx.finding("年度总体目标未填写", field="goals")


def _sum_check(ctx: Context, prefix: str, total_name: str, parts: tuple[str, ...]) -> Iterator[Finding]:
    """One side of the funding block: the total must equal the sum of its known parts."""
    side = _side(ctx.form, prefix)
    total = next((row for name, row in side if name == total_name), None)
    others = [(name, row) for name, row in side if row is not total]
    if total is None or total.amount is None or not others:
        return
    if any(name not in parts for name, _ in others) or all(row.amount is None for _, row in others):
        return  # an unknown sub-line or nothing to add: cannot decide
    expected = sum((row.amount or ZERO for _, row in others), ZERO)
    if expected != total.amount:
        unit = ctx.form.amount_unit
        terms = " + ".join(f"{name} {_money(row.amount or ZERO, '')}" for name, row in others)
        yield ctx.finding(f"{total_name} {_money(total.amount, unit)} 不等于 {terms} = {_money(expected, unit)}",
                          field="funding", found=total.amount, expected=expected, loc=total.loc)


@rule("T02", "申报资金总额不等于各来源之和", E, "R11 算术：年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金；"
      "项目资金总额 = 财政资金 + 其他资金", forms=DECLARATIONS)
def funding_sums(ctx: Context) -> Iterator[Finding]:
    """年度资金申请总额应等于当年财政拨款、上年结转资金、其他资金之和；项目资金总额（填写时）应等于财政资金与其他资金之和。"""
    yield from _sum_check(ctx, "年度", _ANNUAL_TOTAL, _ANNUAL_PARTS)
    yield from _sum_check(ctx, "项目", _PROJECT_TOTAL, _PROJECT_PARTS)


@rule("T03", "年度资金申请总额超过项目资金总额", E, "R11 算术：年度 ≤ 项目总额", forms=DECLARATIONS)
def annual_within_total(ctx: Context) -> Iterator[Finding]:
    """年度资金申请总额不应大于项目资金总额（两者都填写时检查）。"""
    annual = _amount(ctx.form, "年度", (_ANNUAL_TOTAL,))
    total = _amount(ctx.form, "项目", (_PROJECT_TOTAL,))
    if annual is not None and total is not None and annual > total:
        unit = ctx.form.amount_unit
        row = _row(ctx.form, "年度", _ANNUAL_TOTAL)
        yield ctx.finding(f"年度资金申请总额 {_money(annual, unit)} 大于项目资金总额 {_money(total, unit)}",
                          field="funding", found=annual, expected=total, loc=row.loc if row else None)


@rule("T04", "计划日期先后矛盾", E, "R11：计划开始 ≤ 计划完成；时效目标日期 ≤ 计划完成日期；S21", forms=DECLARATIONS)
def dates_in_order(ctx: Context) -> Iterator[Finding]:
    """计划开始日期不得晚于计划完成日期；以日期表示的时效目标不得晚于计划完成日期。"""
    start, end = ctx.form.start_date, ctx.form.end_date
    if start is not None and end is not None and start > end:
        yield ctx.finding(f"计划开始日期 {start.isoformat()} 晚于计划完成日期 {end.isoformat()}", field="start_date",
                          found=start.isoformat(), expected=f"≤{end.isoformat()}")
    if end is None:
        return
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is not None and target.kind is ValueKind.DATE and target.date and target.date > end:
            yield ctx.finding(f"“{ind.name}”的目标时间“{target_text(ind)}”（{target.date.isoformat()}）晚于计划完成日期 "
                              f"{end.isoformat()}", indicator=i, field="target_text", found=target.date.isoformat(),
                              expected=f"≤{end.isoformat()}")


@rule("T05", "缺少一级指标", E, "S4 完整性（财预〔2015〕88号）；财预〔2021〕101号（成本指标）；规则配置 new_tree_from_year",
      forms=DECLARATIONS)
def level1_complete(ctx: Context) -> Iterator[Finding]:
    """申报表应有产出、效益、满意度三类一级指标，缺少任一类为错误；按规则配置该年度使用新指标体系时，
    没有成本指标为警告。"""
    inds = ctx.form.indicators
    if not inds:
        yield ctx.finding("申报表没有绩效指标", field="indicators")
        return
    present = {level1_of(ind) for ind in inds}
    for level in ("产出指标", "效益指标", "满意度指标"):
        if level not in present:
            yield ctx.finding(f"缺少一级指标“{level}”（表中有 {'、'.join(sorted(filter(None, present)))}）",
                              field="indicators", expected=level)
    if uses_new_tree(ctx) and not any(is_cost(ind) for ind in inds):
        start = ctx.profile.get("scoring", "new_tree_from_year")
        yield ctx.finding(f"没有成本指标；{ctx.profile.name}自 {start} 年起应设置成本指标（本表 {ctx.form.year} 年）",
                          field="indicators", expected="成本指标", severity=W)


# --------------------------------------------------------------------------
# T06 … T11: the target values
# --------------------------------------------------------------------------


_DIMENSIONLESS = re.compile(r"系数|指数|比值|倍数|系数值")


def _missing_parts(ind: Indicator) -> list[str]:
    """What a quantitative target lacks: 运算符, 数值, 计量单位 (an empty target lacks everything)."""
    target = ind.target
    if target is None or target.kind is ValueKind.EMPTY:
        return []
    if target.kind is ValueKind.TEXT and target.op and re.search(r"\d", target.text):
        return ["可识别的数值和计量单位"]
    missing = []
    if target.kind is ValueKind.NUMBER and target.op is None:
        missing.append("运算符（≥、≤、=）")
    if target.is_quantitative and unit_of(ind) is None and not _DIMENSIONLESS.search(ind.name or ""):
        missing.append("计量单位")
    return missing


@rule("T06", "定量指标值不完整", W, "S3 可衡量（财预〔2021〕101号：定量指标应有比较符、数值和计量单位）", forms=DECLARATIONS)
def quantitative_complete(ctx: Context) -> Iterator[Finding]:
    """定量指标值应写明运算符、数值和计量单位（如“≥100(人次)”）；指标值为空也在此报告。
    系数、指数等无量纲指标不要求单位；“提升”“及时”等定性指标值不属本条（见 T08）。"""
    for i, ind in enumerate(ctx.form.indicators):
        if ind.target is None or ind.target.kind is ValueKind.EMPTY:
            yield ctx.finding(f"“{ind.name}”的年度指标值为空", indicator=i, field="target_text")
            continue
        missing = _missing_parts(ind)
        if missing:
            yield ctx.finding(f"“{ind.name}”的指标值“{target_text(ind)}”缺少{'、'.join(missing)}", indicator=i,
                              field="target_text", found=ind.target_text)


@rule("T07", "运算符后不是数值", E, "S3 可衡量；seed 001（“=约定整理数量”）", forms=DECLARATIONS)
def operator_without_number(ctx: Context) -> Iterator[Finding]:
    """指标值以“=”“≥”等运算符开头，后面却是文字而不是数值（如“=约定整理数量”），无法衡量。"""
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is not None and target.kind is ValueKind.TEXT and target.op and not re.search(r"\d", target.text):
            yield ctx.finding(f"“{ind.name}”的指标值“{target_text(ind)}”在运算符后写的是文字，没有数值", indicator=i,
                              field="target_text", found=ind.target_text)


_VAGUE_WORDS = ("提升", "提高", "改善", "增强", "加强", "增加", "扩大", "促进", "优化", "有效", "良好", "较好",
                "明显", "显著", "持续", "多样", "多样化", "较高", "高效", "充分", "有所")
_ADVERB = r"(?:有所|进一步|逐步|持续|明显|显著|不断|大幅|稳步|有效|得到|全面|切实|较大|充分|大力)"
_VERB = r"(?:提升|提高|改善|增强|加强|促进|优化|扩大|增加)"
_VAGUE_START = re.compile(rf"^{_ADVERB}*{_VERB}")
_VAGUE_END = re.compile(rf"{_ADVERB}*{_VERB}了?$")
_VAGUE_REFERENCE = re.compile(r"^(?:.{0,10}(?:规范要求|规范标准|相关要求|相关标准|有关要求|有关规定)|符合要求|按要求|按计划"
                              r"|达到要求|按规定|按标准|符合规定|满足要求)$")


_SHORT = 30  # longer texts describe more than a direction


def is_vague(text: str | None) -> bool:
    """True when a short target says only a direction (提升, 有效提高…水平) or points at an unnamed standard (规范要求)."""
    clean = re.sub(r"[\s，。,.;；、]", "", text or "")
    if not clean or len(clean) > _SHORT or re.search(r"\d", clean):
        return False
    bare = re.sub(_ADVERB, "", clean)
    return (clean in _VAGUE_WORDS or bare in _VAGUE_WORDS or bool(_VAGUE_START.search(clean))
            or bool(_VAGUE_END.search(clean)) or bool(_VAGUE_REFERENCE.match(clean)))


@rule("T08", "指标值模糊", W, "S3 细化量化；S17（“提升”“有效”等模糊表述）", forms=DECLARATIONS)
def vague_target(ctx: Context) -> Iterator[Finding]:
    """指标值只写方向或笼统要求（“提升”“提高”“有效”“良好”“有效提高…水平”“规范要求”），
    没有可衡量的标准；“及时”“合格”“健全”等可判定的定性值不在此列。"""
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is not None and target.kind in (ValueKind.QUALITATIVE, ValueKind.TEXT) and not target.op \
                and is_vague(target.text):
            yield ctx.finding(f"“{ind.name}”的指标值“{target_text(ind)}”过于笼统，无法衡量", indicator=i,
                              field="target_text", found=ind.target_text)


_RATE_NAME = re.compile(r"(?<![频效功速])(?:率|占比|比例|比重)(?:[（(][^）)]*[）)])?$")


@rule("T09", "比率指标的单位不是百分比", W, "单位一致性；seed 001（“申请超比例奖励发放覆盖率 ≥10000.00(家)”）",
      forms=DECLARATIONS)
def rate_unit(ctx: Context) -> Iterator[Finding]:
    """指标名称以“率”“占比”“比例”“比重”结尾（频率、效率等除外），指标值的单位却不是 %。"""
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        unit = unit_of(ind)
        if target is not None and target.is_quantitative and unit and unit not in RATE_UNITS \
                and _RATE_NAME.search(ind.name or ""):
            yield ctx.finding(f"“{ind.name}”是比率，指标值“{target_text(ind)}”的单位却是“{unit}”", indicator=i,
                              field="target_text", found=unit, expected="%")


_GROWTH = re.compile(r"增长|增幅|增速|提高|提升|同比|环比|比上年|较上年|回报|倍|控制|偏差|偏离")


@rule("T10", "百分比指标值超过 100%", W, "S21；比率类目标不应超过 100%", forms=DECLARATIONS)
def percent_over_100(ctx: Context) -> Iterator[Finding]:
    """以 % 为单位的下限或等值目标超过 100%（增长率、同比、控制率、成本指标等可超过 100% 的除外；≤ 上限不在此列）。"""
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is None or not target.is_quantitative or unit_of(ind) not in RATE_UNITS or target.value is None:
            continue
        top = target.upper if target.kind is ValueKind.RANGE and target.upper is not None else target.value
        if top > 100 and target.op not in ("<=", "<") and not is_cost(ind) and not _GROWTH.search(ind.name or ""):
            yield ctx.finding(f"“{ind.name}”的指标值“{target_text(ind)}”超过 100%", indicator=i, field="target_text",
                              found=str(top), expected="≤100")


_COST_NAME = re.compile(r"成本|费用|经费|支出|单价|价格|费率|标准")
_SAVING = re.compile(r"节约|节省|降低|下降|压减|减少|控制率")


@rule("T11", "成本指标使用“≥”", W, "S21；R2.2（成本指标为反向指标，应为“≤”）", forms=DECLARATIONS)
def cost_with_lower_bound(ctx: Context) -> Iterator[Finding]:
    """成本指标是控制上限，金额或费用标准类的成本指标写成“≥”“>”不合理（节约率、降低率等除外）。"""
    for i, ind in enumerate(ctx.form.indicators):
        target = ind.target
        if target is None or not is_cost(ind) or target.op not in (">=", ">"):
            continue
        name = ind.name or ""
        money = "元" in (unit_of(ind) or "")
        if (money or _COST_NAME.search(name)) and not _SAVING.search(name):
            yield ctx.finding(f"成本指标“{ind.name}”的指标值“{target_text(ind)}”使用下限运算符，成本指标应控制上限（≤）",
                              indicator=i, field="target_text", found=ind.target_text)


# --------------------------------------------------------------------------
# T12 … T16: goals, levels, size, one-year totals
# --------------------------------------------------------------------------

_PERIOD = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年?\s*[-—–~～至到]+\s*((?:19|20)\d{2})\s*年?\s*[)）]")
_PLACEHOLDER = re.compile(r"^(?:按计划.{0,4}|按要求.{0,4}|同上|同年度目标|见年度.{0,6}|详见.{0,10}|无|略|/|／|—|-|待定)$")


@rule("T12", "项目总目标空缺或笼统", W, "S4 完整性、相关性（财预〔2015〕88号）；seed 001（“按计划”）", forms=DECLARATIONS)
def project_target_quality(ctx: Context) -> Iterator[Finding]:
    """项目总目标只写“按计划”等占位语或笼统表述为警告；项目总目标未填写记为提示
    （经常性项目常不填多年度总目标）。"""
    text = ctx.form.project_target
    if text is None or not text.strip():
        yield ctx.finding("项目总目标未填写；经常性项目可不填，一次性或跨年度项目应写明总目标", field="project_target",
                          severity=I)
        return
    clean = re.sub(r"[\s。；;，,]", "", _PERIOD.sub("", text))
    if not clean or _PLACEHOLDER.match(clean) or len(clean) < 6 or (len(clean) <= _SHORT and is_vague(clean)):
        yield ctx.finding(f"项目总目标只写了“{text.strip()}”，没有说明项目要达到的产出和效果", field="project_target",
                          found=text.strip())


_DELIVERABLES = ("报告", "方案", "手册", "年鉴", "课题", "指南", "教材", "画册", "白皮书", "规划")
_COUNTED = re.compile(r"(?<![\d.第])(\d+)\s*(" + "|".join(sorted(COUNT_UNITS, key=len, reverse=True)) + ")")


def _clause(text: str, end: int, limit: int = 24) -> str:
    """The clause of ``text`` ending at ``end`` (cut at punctuation, at most ``limit`` characters)."""
    start = max(text.rfind(p, 0, end) for p in "，。；;,：:\n") + 1
    piece = text[start:end].strip()
    return piece if len(piece) <= limit else "…" + piece[-limit:]


def _indicator_text(form: Form) -> str:
    return " ".join(f"{ind.name} {ind.target_text or ''}" for ind in form.indicators)


def _counted_matched(form: Form, number: Decimal) -> bool:
    values = [ind.target.value for ind in form.indicators if ind.target is not None and ind.target.value is not None]
    values += [ind.target.upper for ind in form.indicators if ind.target is not None and ind.target.upper is not None]
    return number in values


@rule("T13", "年度总体目标中的产出没有对应指标", I, "S4 相关性（财预〔2015〕88号）；S21", forms=DECLARATIONS,
      heuristic=True)
def goal_without_indicator(ctx: Context) -> Iterator[Finding]:
    """年度总体目标写明的成果（报告、方案、手册等）在指标名称和指标值中都没有出现，或写明的数量
    （如“95家”“30次”）在任何指标值中都找不到。只检查这两类明确的写法。（启发式）"""
    goal = "\n".join(g.target for g in ctx.form.goals if g.target)
    if not goal or not ctx.form.indicators:
        return
    covered = _indicator_text(ctx.form)
    for noun in _DELIVERABLES:
        m = next(re.finditer(rf"{noun}(?=$|[，。；;,、：:\s）)》”等和及与])", goal), None)
        if m is not None and noun not in covered:
            yield ctx.finding(f"年度总体目标提到“{_clause(goal, m.end())}”，但没有与“{noun}”相关的绩效指标",
                              field="goals", found=noun)
    for m in _COUNTED.finditer(goal):
        number = Decimal(m.group(1))
        if number > 0 and not _counted_matched(ctx.form, number) and m.group(1) not in covered:
            yield ctx.finding(f"年度总体目标提到“{_clause(goal, m.end())}”，但没有指标值为 {m.group(1)}{m.group(2)} 的指标",
                              field="goals", found=m.group(0))


@rule("T14", "指标层级名称无效", E, "R9.3；seed 001（双盲指标/任意双盲指标）", forms=DECLARATIONS)
def invalid_level_names(ctx: Context) -> Iterator[Finding]:
    """申报表的一级/二级指标名称经别名归并后仍不属于规范指标体系（如“双盲指标”“任意双盲指标”）为错误；
    名称含“产出/效益/满意/成本”等字样但不规范的记为提示；二级指标不属于所列一级指标的为警告。"""
    yield from report_levels(ctx)


def _in_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """An amount in 元 (万元 × 10000; an unknown unit is read as 元, the smallest reading)."""
    return amount * 10000 if unit == "万元" else amount


@rule("T15", "大额项目指标过少", I, "S4 适当性（财预〔2015〕88号）；阈值为惯例（1 亿元、6 个指标，可配置）",
      forms=DECLARATIONS)
def few_indicators_for_budget(ctx: Context) -> Iterator[Finding]:
    """年度资金（未填时为项目资金总额）达到规则配置的大额标准（默认 1 亿元），而三级指标不多于配置的个数（默认 6 个）。"""
    amount = _amount(ctx.form, "年度", (_ANNUAL_TOTAL,)) or _amount(ctx.form, "项目", (_PROJECT_TOTAL,))
    if amount is None:
        return
    yuan = _in_yuan(amount, ctx.form.amount_unit)
    limit, few = ctx.threshold("large_budget"), ctx.threshold("few_indicators")
    count = len(ctx.form.indicators)
    if yuan >= limit and count <= few:
        yield ctx.finding(f"申报资金 {_money(amount, ctx.form.amount_unit)}（{yuan / 100000000:.2f} 亿元）只设了 {count} 个指标，"
                          f"难以全面反映项目绩效", field="indicators", found=str(count), expected=f">{few}")


def _one_year(form: Form) -> int | None:
    """The year of a project whose period lies within one year, else None."""
    for text in filter(None, (form.project_target, *form.extra.values())):
        if (m := _PERIOD.search(text)) and m.group(1) == m.group(2):
            return int(m.group(1))
    start, end = form.start_date, form.end_date
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start.year == end.year:
        return start.year
    return None


@rule("T16", "单年度项目的项目资金总额与年度资金不一致", E, "金额一致性：单年度项目的总额应等于年度申请数（seed 001，rules.md 未列）",
      forms=DECLARATIONS)
def one_year_totals_agree(ctx: Context) -> Iterator[Finding]:
    """项目周期在同一年内（计划开始、完成日期同年，或项目总目标注明“(2023年-2023年)”），且上年结转资金为 0 或空，
    则项目资金总额（填写时）应等于年度资金申请总额。"""
    form = ctx.form
    year = _one_year(form)
    total = _amount(form, "项目", (_PROJECT_TOTAL,))
    annual = _amount(form, "年度", (_ANNUAL_TOTAL,))
    carry = _amount(form, "年度", _CARRY_OVER)
    if year is None or total is None or annual is None or (carry is not None and carry != 0) or total == annual:
        return
    unit = form.amount_unit
    row = _row(form, "项目", _PROJECT_TOTAL)
    yield ctx.finding(f"项目周期在 {year} 年内且无上年结转，项目资金总额 {_money(total, unit)} 应等于年度资金申请总额 "
                      f"{_money(annual, unit)}，相差 {_money(abs(total - annual), unit)}", field="funding",
                      found=total, expected=annual, loc=row.loc if row else None)
