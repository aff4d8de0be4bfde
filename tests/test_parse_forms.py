"""The form recogniser on small inline documents, one layout quirk per test.

Documents are written with ``|`` between cells (the web-table layout the
reader accepts); each test asserts the typed model, not message text.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import only_form, parse_doc
from jixiao.model import FormType, Grade

SELF_EVAL = """
    财政项目支出绩效自评表
    (2024 年度)
    项目名称 | | 残疾人事业宣传文化经费 | | | |
    主管部门 | | 上海市残疾人联合会 | | 实施单位 | | 上海市残疾人联合会
    项目资金 (万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率(%) | 得分
    | 年度资金总额: | 648.58 | 648.58 | 550.01 | 10.00 | 84.80 | 8.48
    | 其中: 当年财政拨款 | 648.58 | 648.58 | 550.01 | - | 84.80 | -
    | 上年结转资金 | 0.00 | 0.00 | 0.00 | - | 0.00 | -
    年度总体目标 | 预期目标 | | | 实际完成情况 | | |
    | <p>出版 4 期</p> <p>发行 7000 册</p> | | | 出版 4 期 | | |
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 《灵芝草》制作数量 | =4.00(期) | 4.00(期) | 50 | 50 |
    效益指标 | 社会效益指标 | 发行量 | ≥28000.00 (册) | 27000 (册) | 30 | 28.93 | 发行渠道调整
    满意度指标 | 服务对象满意度指标 | 受众满意度 | ≥85.00(%) | 90.00(%) | 10 | 10 |
    总分 | | | | | 100.00 | 97.41 |
    评分等级 | 优 | | | | | |
"""


def test_self_evaluation_reads_every_section() -> None:
    form, result = only_form(SELF_EVAL)
    assert form.form_type is FormType.PROJECT_SELF_EVAL
    assert (form.year, form.title) == (2024, "财政项目支出绩效自评表")
    assert form.project_name == "残疾人事业宣传文化经费"
    assert (form.department, form.implementing_unit) == ("上海市残疾人联合会", "上海市残疾人联合会")
    assert form.amount_unit == "万元"
    total, sub, carry = form.funding
    assert (total.line, total.initial_budget, total.annual_budget, total.executed) == (
        "年度资金总额", Decimal("648.58"), Decimal("648.58"), Decimal("550.01"))
    assert (total.weight, total.execution_rate, total.score) == (Decimal("10.00"), Decimal("84.80"), Decimal("8.48"))
    assert (sub.line, sub.weight, sub.score) == ("当年财政拨款", None, None)
    assert carry.line == "上年结转资金"
    assert form.goals[0].target == "出版 4 期\n发行 7000 册"
    assert form.goals[0].actual == "出版 4 期"
    names = [(i.level1, i.level2, i.name) for i in form.indicators]
    assert names == [("产出指标", "数量指标", "《灵芝草》制作数量"), ("效益指标", "社会效益指标", "发行量"),
                     ("满意度指标", "服务对象满意度指标", "受众满意度")]
    second = form.indicators[1]
    assert (second.target_text, second.actual_text) == ("≥28000.00(册)", "27000(册)")
    assert (second.weight, second.score, second.deviation_reason) == (Decimal(30), Decimal("28.93"), "发行渠道调整")
    assert (form.total_weight, form.total_score, form.grade) == (Decimal("100.00"), Decimal("97.41"), Grade.EXCELLENT)
    assert not [d for d in result.diagnostics if d.severity != "info"]


def test_every_record_points_at_its_source_line() -> None:
    form, _ = only_form(SELF_EVAL)
    assert form.loc.line == 1
    assert [f.loc.line for f in form.funding] == [6, 7, 8]
    assert [i.loc.line for i in form.indicators] == [12, 13, 14]


def test_funding_block_shifted_against_its_header() -> None:
    form, _ = only_form("""
        项目支出绩效自评表
        项目名称 | 甲项目
        项目资金 (元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        | | 年度资金总额 | 200.52 | 200.52 | 192.92 | 10 | 96.20% | 9.62
        | | 其中：当年财政拨款 | 200.52 | 200.52 | 192.92 | — | |
    """)
    total, sub = form.funding
    assert (total.initial_budget, total.executed, total.execution_rate, total.score) == (
        Decimal("200.52"), Decimal("192.92"), Decimal("96.20"), Decimal("9.62"))
    assert (sub.line, sub.annual_budget, sub.weight) == ("当年财政拨款", Decimal("200.52"), None)


def test_blank_initial_budget_and_other_column_order() -> None:
    form, _ = only_form("""
        整体支出绩效自评表
        (2023年度)
        部门名称 | | 天津市某局
        预算执行情况 | 部门预算金额(万元) | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 分值 | 得分 | 执行率(B/A)
        | | | 10,986.90 | 10,389.70 | 10 | 9.46 | 94.56%
    """)
    row = form.funding[0]
    assert form.form_type is FormType.DEPARTMENT_SELF_EVAL
    assert form.department == "天津市某局" and form.project_name is None
    assert row.line == "部门预算金额"
    assert (row.initial_budget, row.annual_budget, row.executed) == (None, Decimal("10986.90"), Decimal("10389.70"))
    assert (row.weight, row.score, row.execution_rate) == (Decimal(10), Decimal("9.46"), Decimal("94.56"))


def test_declaration_funding_has_two_sides() -> None:
    form, _ = only_form("""
        财政项目支出绩效目标申报表
        (2023年度)
        项目名称 | 信息化建设项目 | 项目性质 | 其他一次性项目 | 项目类别 | 特定目标类
        主管部门 | 某市残联 | 实施单位 | 某中心 | |
        计划开始日期 | 2023-01-01 | 计划完成日期 | 2023年12月31日 | |
        项目资金 (元) | 项目资金总额 | 1,609,500.00 | 年度资金申请总额 | 883,200.00 |
        | 其中：财政资金 | 1,609,500.00 | 其中：当年财政拨款 | 883,200.00 |
        | | | 上年结转资金 | 0.00 |
        | 其他资金 | | 其他资金 | 0.00 |
        项目绩效目标 | 项目总目标 | | 年度总体目标 | |
        | 按计划 | | 完成系统升级改造 | |
        | 一级指标 | 二级指标 | 三级指标 | 年度(/项目)指标值 |
        绩效指标 | 产出指标 | 数量指标 | 系统升级改造模块个数 | ≥8.00(个) |
    """)
    assert form.form_type is FormType.TARGET_DECLARATION
    assert (form.project_nature, form.project_category) == ("其他一次性项目", "特定目标类")
    assert (str(form.start_date), str(form.end_date)) == ("2023-01-01", "2023-12-31")
    assert [(f.line, f.amount) for f in form.funding] == [
        ("项目:项目资金总额", Decimal("1609500.00")), ("项目:财政资金", Decimal("1609500.00")),
        ("项目:其他资金", None), ("年度:年度资金申请总额", Decimal("883200.00")),
        ("年度:当年财政拨款", Decimal("883200.00")), ("年度:上年结转资金", Decimal("0.00")),
        ("年度:其他资金", Decimal("0.00"))]
    assert form.goals[0].target == "完成系统升级改造" and form.project_target == "按计划"
    ind = form.indicators[0]
    assert (ind.level1, ind.level2, ind.name, ind.target_text, ind.actual_text) == (
        "产出指标", "数量指标", "系统升级改造模块个数", "≥8.00(个)", None)


INDICATOR_HEAD = """
    项目支出绩效自评表
    项目名称 | 乙项目
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
"""


def _indicators(rows: str):
    form, result = only_form(INDICATOR_HEAD + rows)
    return form.indicators, result


def test_label_broken_by_a_page_break_is_joined_for_every_row() -> None:
    inds, _ = _indicators("""
        产出指标 | 数量指标 | 出版数量 | =4(期) | 4(期) | 40 | 40 |
        | 时效 | 发布及时率 | 及时 | 达成指标 | 5 | 5 |

        | 指标 | 报告及时率 | =100% | 100% | 5 | 5 |
        满意 | 服务 | 服务对象满意度 | ≥90(%) | 90(%) | 10 | 10 |

        度指 标 | 对象 满意 度指 标 | | | | |
    """)
    assert [(i.level1, i.level2) for i in inds] == [
        ("产出指标", "数量指标"), ("产出指标", "时效指标"), ("产出指标", "时效指标"),
        ("满意度指标", "服务对象满意度指标")]
    assert inds[3].name == "服务对象满意度"


def test_rows_shifted_left_or_right_keep_their_cells() -> None:
    inds, _ = _indicators("""
        产出指标 | 数量指标 | 运维数量 | =12次 | 12 | 10 | 10 |
        | | | 质量指标 | 故障处理 | =0 次 | 0 | 20 | 20
        元旦慰问及时率 | | =100.00(%) | 100.00(%) | 5.00 | 5.00 | |
        时效指标 | 培训及时性 | 及时 | 达成指标 | 5 | 5 | |
    """)
    assert [(i.level2, i.name, i.target_text, i.actual_text, i.weight, i.score) for i in inds] == [
        ("数量指标", "运维数量", "=12次", "12", Decimal(10), Decimal(10)),
        ("质量指标", "故障处理", "=0次", "0", Decimal(20), Decimal(20)),
        ("质量指标", "元旦慰问及时率", "=100.00(%)", "100.00(%)", Decimal("5.00"), Decimal("5.00")),
        ("时效指标", "培训及时性", "及时", "达成指标", Decimal(5), Decimal(5)),
    ]
    assert {i.level1 for i in inds} == {"产出指标"}


def test_a_third_level_name_that_looks_like_a_label() -> None:
    inds, _ = _indicators("""
        满意度指标 | 服务对象满意度指标 | 满意度指标 | 系统全年无重大故障 | 全年无重大故障 | 10 | 10 | |
    """)
    assert (inds[0].level1, inds[0].level2, inds[0].name, inds[0].score) == (
        "满意度指标", "服务对象满意度指标", "满意度指标", Decimal(10))


def test_aliases_and_weights_in_labels() -> None:
    inds, _ = _indicators("""
        产出指标(50分) | 数量指标 | 培训人数 | 80 | 40 | 50 | 25 | 只办了一期
        项目效益指标 | 社会效益指标 | 接纳度 | 提升 | 提升 | 30 | 30 |
        满意度指标 | 满意度指标 | 满意程度 | ≥90% | 60% | 10 | 6 | 宣传不足
    """)
    assert [(i.level1, i.level2) for i in inds] == [
        ("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    assert inds[1].level1_printed == "项目效益指标"


def test_split_operator_value_and_unit_columns() -> None:
    form, _ = only_form("""
        项目支出绩效自评表
        项目名称 | 丙项目
        一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        产出指标 | 数量指标 | 培训人数 | ≥ | 100 | 人 | 120人 | 20 | 20 |
        | 质量指标 | 合格率 | = | 100 | % | 100% | 20 | 20 |
    """)
    assert [(i.target_text, i.actual_text) for i in form.indicators] == [("≥100人", "120人"), ("=100%", "100%")]


def test_department_form_goals_and_goal_numbers() -> None:
    form, _ = only_form("""
        部门整体支出绩效自评表
        (2023年度)
        部门名称 | | 某市残联
        预算执行情况 | 部门预算金额(万元) | 年初预算数 | 全年预算数(A) | 全年执行数(B) | 分值 | 得分 | 执行率(B/A)
        | | 100 | 100 | 90 | 10 | 9 | 90%
        偏差原因分析及改进措施 | 节约采购资金
        年度绩效目标完成情况 | 目标序号 | 年度绩效目标 | 实际完成情况 | 偏差原因分析及改进措施
        | 1 | 开展培训 | 培训 80 人 |
        | 2 | 保障运行 | 平稳运行 |
        年度指标完成情况 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        绩效目标1 | 产出指标 | 数量指标 | 培训人数 | 80人 | 74人 | 40 | 37 | 部分学员未参训
        | 绩效目标2 | 效益指标 | 社会效益指标 | 运行保障 | 平稳 | 平稳 | 50 | 50
        总分 | | | | | | 100 | 96.0 |
        整体支出绩效自评结论 | | | <p>执行率为90%，自评总分为96分，评价等级为“优”。</p>
    """)
    assert [(g.no, g.target, g.actual) for g in form.goals] == [(1, "开展培训", "培训 80 人"), (2, "保障运行", "平稳运行")]
    assert [(i.goal_no, i.level1, i.name) for i in form.indicators] == [(1, "产出指标", "培训人数"), (2, "效益指标", "运行保障")]
    assert form.budget_deviation_reason == "节约采购资金"
    assert form.total_score == Decimal("96.0") and form.grade is None
    assert form.conclusion == "执行率为90%，自评总分为96分，评价等级为“优”。"


def test_untitled_forms_split_at_each_project_name() -> None:
    result = parse_doc("""
        项目名称：甲项目
        一级指标 | 二级指标 | 三级指标 | 年度指标值
        产出指标 | 数量指标 | 培训次数 | ≥2次
        项目名称：乙项目
        一级指标 | 二级指标 | 三级指标 | 年度指标值
        产出指标 | 数量指标 | 宣传次数 | ≥3次
    """)
    assert [f.project_name for f in result.forms] == ["甲项目", "乙项目"]
    assert [f.form_type for f in result.forms] == [FormType.TARGET_DECLARATION] * 2
    assert [f.indicators[0].name for f in result.forms] == ["培训次数", "宣传次数"]


def test_year_from_a_heading_above_the_form() -> None:
    result = parse_doc("""
        某中心2023年度项目绩效目标汇总表
        财政项目支出绩效目标申报表
        项目名称 | 甲项目
    """)
    assert result.forms[0].year == 2023
    assert [d.code for d in result.diagnostics if d.line == 1] == ["outside-form"]


def test_space_aligned_layout() -> None:
    form, _ = only_form("""
        项目支出绩效自评表
        项目名称    甲项目
        一级指标    二级指标    三级指标    年度指标值    实际完成值    分值    得分
        产出指标    数量指标    培训次数    ≥2次    2次    90    90
    """)
    assert (form.indicators[0].name, form.indicators[0].actual_text, form.indicators[0].score) == (
        "培训次数", "2次", Decimal(90))


def test_grade_words_are_normalised() -> None:
    form, _ = only_form(SELF_EVAL.replace("评分等级 | 优", "评价等级 | 良好"))
    assert form.grade is Grade.GOOD


def test_unknown_row_inside_a_form_is_a_located_diagnostic() -> None:
    doc = SELF_EVAL.replace("    | 上年结转资金 | 0.00 | 0.00 | 0.00 | - | 0.00 | -\n",
                            "    | 上年结转资金 | 0.00 | 0.00 | 0.00 | - | 0.00 | -\n    编制说明 | 本表由单位填报\n")
    _, result = only_form(doc)
    unread = [(d.code, d.line, d.form) for d in result.diagnostics if d.code == "unread-row"]
    assert unread == [("unread-row", 9, 0)]


def test_truncated_document_keeps_what_it_read_and_says_so() -> None:
    lines = SELF_EVAL.strip("\n").split("\n")
    form, result = only_form("\n".join(lines[:12]))
    assert [i.name for i in form.indicators] == ["《灵芝草》制作数量"]
    assert form.total_score is None
    assert "no-total" in {d.code for d in result.diagnostics}


def test_row_with_scores_but_no_name_is_reported() -> None:
    _, result = _indicators("""
        产出指标 | 数量指标 | 培训次数 | ≥2次 | 2次 | 10 | 10 |
        | | | | | 10 | 10 |
    """)
    codes = [(d.code, d.line) for d in result.diagnostics if d.severity == "warning"]
    assert ("indicator-without-name", 6) in codes
    assert len(result.forms[0].indicators) == 1


def test_every_line_is_used_or_diagnosed() -> None:
    result = parse_doc(SELF_EVAL + "\n    编制说明 | 本表由单位填报\n")
    used = set(result.used_lines) | {d.line for d in result.diagnostics}
    body = [n for n, ln in enumerate(SELF_EVAL.strip("\n").split("\n"), 1) if ln.strip()]
    assert set(body) <= used


def test_year_printed_beside_the_filing_unit() -> None:
    form, _ = only_form("""
        财政项目支出绩效自评表 | | | | | | |
        （2024年度） | | | | | | 填报单位：上海市残疾人联合会 |
        项目名称 | | 信息化运维项目 | | | | |
    """)
    assert (form.year, form.project_name, form.extra) == (2024, "信息化运维项目", {"填报单位": "上海市残疾人联合会"})


def test_title_cell_holding_the_year() -> None:
    form, _ = only_form("""
        财政项目支出绩效自评表（2023年度） | | |
        项目名称 | 甲项目
    """)
    assert (form.title, form.year, form.form_type) == ("财政项目支出绩效自评表", 2023, FormType.PROJECT_SELF_EVAL)


def test_a_form_ends_with_its_worksheet() -> None:
    from jixiao.ingest.grid import Cell, Grid, Row
    from jixiao.model import Loc
    from jixiao.parse.recognise import recognise

    def row(sheet: str, n: int, *texts: str) -> Row:
        loc = Loc(source="x.xlsx", sheet=sheet, row=n)
        return Row(cells=tuple(Cell(t, i, loc) for i, t in enumerate(texts)), loc=loc)

    grid = Grid("x.xlsx", (
        row("表1", 1, "项目支出绩效目标申报表"), row("表1", 2, "项目名称", "甲项目"),
        row("表1", 3, "一级指标", "二级指标", "三级指标", "年度指标值"),
        row("表1", 4, "满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
        row("代码表", 1, "经常性专项业务费", "其他运转类"),
    ))
    result = recognise(grid)
    assert [i.name for i in result.forms[0].indicators] == ["满意度"]
    assert [d.code for d in result.diagnostics if d.loc and d.loc.sheet == "代码表"] == ["outside-form"]


def test_page_numbers_are_not_data() -> None:
    form, result = only_form(SELF_EVAL + "\n    - 1 -\n    第 2 页，共 3 页\n")
    assert [d.severity for d in result.diagnostics if "- 1 -" in d.message or "第 2 页" in d.message] == ["info"] * 2
    assert form.grade is not None and not [d for d in result.diagnostics if d.severity != "info"]


def test_goal_numbers_as_printed() -> None:
    form, _ = only_form("""
        部门整体支出绩效自评表
        部门名称 | 某局
        年度绩效目标完成情况 | 目标序号 | 年度绩效目标 | 实际完成情况 | 偏差原因分析及改进措施
        | 一、 | 做好公共卫生服务 | 已完成 |
        | （二） | 保障机关运转 | 平稳运行 | 略有延误
        | 目标3 | 加强队伍建设 | 已培训 |
    """)
    assert [(g.no, g.target, g.deviation_reason) for g in form.goals] == [
        (1, "做好公共卫生服务", None), (2, "保障机关运转", "略有延误"), (3, "加强队伍建设", None)]


def test_serial_number_column_before_the_levels() -> None:
    form, _ = only_form("""
        项目支出绩效自评表
        项目名称 | 甲项目
        序号 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际值 | 权重 | 得分 | 备注
        1 | 产出指标 | 数量指标 | 运营数量 | ≥15个 | 16个 | 45 | 45 |
        2 | | 质量指标 | 合格率 | ≥95% | 96% | 45 | 45 |
    """)
    assert [(i.level1, i.level2, i.name, i.target_text, i.score) for i in form.indicators] == [
        ("产出指标", "数量指标", "运营数量", "≥15个", Decimal(45)), ("产出指标", "质量指标", "合格率", "≥95%", Decimal(45))]


def test_spreadsheet_quoted_multiline_cells() -> None:
    from jixiao.ingest.text import read_text
    from jixiao.parse.recognise import recognise

    text = ("项目支出绩效自评表\n项目名称\t甲项目\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n"
            '产出指标\t数量指标\t监测点数量\t≥40个\t"42个\n新增2个省级监测点"\t90\t90\t\n')
    (form,) = recognise(read_text(text)).forms
    assert [(i.name, i.actual_text) for i in form.indicators] == [("监测点数量", "42个新增2个省级监测点")]


def test_amount_unit_printed_above_the_table() -> None:
    form, _ = only_form("""
        2022年度项目支出绩效自评表
        填报单位（盖章）：某局 | 金额单位：元
        项目名称 | 甲项目
    """)
    assert (form.amount_unit, form.year, form.extra) == ("元", 2022, {"填报单位": "某局"})
