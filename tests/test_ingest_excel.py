"""The Excel reader: .xlsx and .xls into the grid, then through the recogniser.

Fixtures are made by ``tests/fixtures/make_fixtures_excel.py`` (run it to
regenerate them); their content comes from the seed forms, and the tests
import that content from the script for the expected values.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import without_source
from jixiao.ingest import detect
from jixiao.ingest.excel import format_number, read_xls, read_xlsx
from jixiao.ingest.grid import Grid, Row
from jixiao.ingest.text import UnreadableInput, read_text, split_line
from jixiao.model import FormType, Grade, Loc, Severity
from jixiao.parse.recognise import recognise
from jixiao.render.contract import form_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))

import make_fixtures_excel as make  # noqa: E402  (the fixture generator: content and writers)

TEMPLATE = FIXTURES / "excel_template_two_forms.xlsx"
TEMPLATE_XLS = FIXTURES / "excel_template_two_forms.xls"
FORMULA = FIXTURES / "excel_formula_no_cache.xlsx"
SEED_000 = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "samples" / "000_2cccbeb7d8deb71b.txt"


@pytest.fixture(scope="module")
def grid() -> Grid:
    return read_xlsx(TEMPLATE.read_bytes(), TEMPLATE.name)


def _row(grid: Grid, sheet: str, number: int) -> Row:
    return next(r for r in grid.rows if r.loc.sheet == sheet and r.loc.row == number)


def _texts(row: Row) -> list[str]:
    return [c.text for c in row.cells]


def _workbook(*sheets: tuple[str, list[list[Any]]], hidden: tuple[str, ...] = (), formats: dict | None = None) -> bytes:
    """A small in-memory workbook: (sheet name, rows of values); ``formats`` maps 'Sheet!B2' → number format."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    for where, fmt in (formats or {}).items():
        name, address = where.split("!")
        wb[name][address].number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- number formats -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.848, "0.00%", "84.80%"),
        (0, "0.00%", "0.00%"),
        (0.5, "0%", "50%"),
        (1241, "#,##0.00", "1,241.00"),
        (2872170, "#,##0.00", "2,872,170.00"),
        (1229.47, "#,##0", "1,229"),
        (10, "0.00", "10.00"),
        (2.675, "0.00", "2.68"),  # Excel rounds the 15-digit value half up, not the binary one
        (5.0, "General", "5"),
        (5.0, None, "5"),
        (0.1 + 0.2, "General", "0.3"),
        (1 / 3, None, "0.333333333333333"),
        (123456789012, None, "123456789012"),
        (-3, "0.00", "-3.00"),
        (-0.001, "0.00", "0.00"),
        (-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),  # the accounting format shows zero as -
        (1234.5, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "1,234.50"),
        (5, '0.00"分"', "5.00分"),
        (1241, "[$¥-804]#,##0.00", "¥1,241.00"),
        (1234567, '#,##0,"千元"', "1,235千元"),
        (12345, "0.00E+00", "1.23E+04"),
        (7, "000", "007"),
        (3, "@", "3"),
        (1.5, "# ?/?", "1.5"),
    ],
)
def test_numbers_render_as_a_person_sees_them(value: float, fmt: str | None, shown: str) -> None:
    assert format_number(value, fmt) == shown


# -- the grid of the template ----------------------------------------------------------


def test_every_sheet_in_order_one_row_per_sheet_row(grid: Grid) -> None:
    sheets = [r.loc.sheet for r in grid.rows]
    assert sheets == ["项目自评"] * 61 + ["目标申报"] * 20
    assert [r.loc.row for r in grid.rows[:61]] == list(range(1, 62))
    assert _row(grid, "项目自评", 30).cells == ()  # the blank row between the two forms
    assert not grid.diagnostics


def test_merged_title_and_header_cells(grid: Grid) -> None:
    title = _row(grid, "项目自评", 1)
    assert _texts(title) == ["财政项目支出绩效自评表"] + [""] * 7
    assert (title.cells[0].rowspan, title.cells[0].colspan) == (1, 8)
    header = _row(grid, "项目自评", 4)
    assert _texts(header) == ["主管部门", "", "上海市残疾人联合会", "", "实施单位", "", "上海市残疾人联合会", ""]
    assert [c.colspan for c in header.cells] == [2, 1, 2, 1, 2, 1, 2, 1]
    assert [c.col for c in header.cells] == list(range(8))


def test_vertical_merges_leave_empty_cells_below(grid: Grid) -> None:
    first = _row(grid, "项目自评", 13)
    assert _texts(first)[:3] == ["产出指标", "数量指标", "《灵芝草》制作数量"]
    assert (first.cells[0].rowspan, first.cells[1].rowspan) == (8, 6)
    for number in range(14, 19):
        row = _row(grid, "项目自评", number)
        assert _texts(row)[:2] == ["", ""] and row.cells[2].text
    assert _texts(_row(grid, "项目自评", 19))[:2] == ["", "质量指标"]
    funding = [_row(grid, "项目自评", n).cells[0] for n in range(5, 10)]
    assert [c.text for c in funding] == ["项目资金（万元）", "", "", "", ""]
    assert funding[0].rowspan == 5


def test_horizontal_merge_inside_the_indicator_table(grid: Grid) -> None:
    row = _row(grid, "项目自评", 55)
    assert _texts(row) == ["", "", "元旦春节走访慰问及时率", "", "=100.00(%)", "100.00(%)", "5", "4.5", "个别区县上报延迟"]
    assert row.cells[2].colspan == 2


def test_number_formats_in_the_funding_block(grid: Grid) -> None:
    assert _texts(_row(grid, "项目自评", 6)) == ["", "年度资金总额", "648.58", "648.58", "550.01", "10.00", "84.80%", "8.48"]
    assert _texts(_row(grid, "项目自评", 7))[5:] == ["-", "84.80%", "-"]
    assert _texts(_row(grid, "项目自评", 36))[1:8] == [
        "年度资金总额", "1,241.00", "1,241.00", "1,229.47", "10.00", "99.07%", "9.91"]
    assert _texts(_row(grid, "目标申报", 6))[1:5] == ["项目资金总额", "2,872,170.00", "年度资金申请总额", "2,872,170.00"]
    assert _texts(_row(grid, "项目自评", 28))[5:] == ["100.00", "98.48"]


def test_numbers_stored_as_text_stay_text(grid: Grid) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(TEMPLATE)["项目自评"]
    assert isinstance(sheet["C8"].value, str) and isinstance(sheet["D8"].value, int)
    assert _texts(_row(grid, "项目自评", 8))[2:4] == ["0.00", "0.00"]
    data = _workbook(("S", [["007", 7, "1.50", 1.5, "648.580", 648.58]]), formats={"S!F1": "0.000"})
    assert read_xlsx(data, "t.xlsx").rows[0].texts() == ["007", "7", "1.50", "1.5", "648.580", "648.580"]


def test_dates_read_as_iso_dates(grid: Grid) -> None:
    assert _texts(_row(grid, "目标申报", 5))[:4] == ["计划开始日期", "2023-01-01", "计划完成日期", "2023-12-31"]


def test_cells_and_rows_are_located(grid: Grid) -> None:
    rate = _row(grid, "项目自评", 6).cells[6]
    assert rate.loc == Loc(source=TEMPLATE.name, sheet="项目自评", cell="G6", row=6, col=7)
    assert rate.col == 6
    row = _row(grid, "项目自评", 14)
    assert (row.loc.sheet, row.loc.cell, row.loc.row) == ("项目自评", "C14", 14)  # its first cell with text
    assert row.loc.describe() == f"{TEMPLATE.name}:项目自评!C14"


def test_committed_fixture_matches_its_generator(grid: Grid) -> None:
    fresh = read_xlsx(make.write_xlsx(make.template_sheets()), TEMPLATE.name)
    assert fresh.rows == grid.rows


# -- formulas, hidden sheets, unreadable files ---------------------------------------


def test_formula_without_cached_value_is_empty_with_a_warning() -> None:
    g = read_xlsx(FORMULA.read_bytes(), FORMULA.name)
    total = next(r for r in g.rows if r.loc.row == 8)
    assert _texts(total) == ["合计", "", "", "", "", "", "30"]  # G8 has a cached 30; H8 none, so the row ends at G
    (diag,) = g.diagnostics
    assert (diag.code, diag.severity) == ("formula-no-cache", Severity.WARNING)
    assert "Sheet1!H8" in diag.message and "公式" in diag.message
    assert (diag.loc.sheet, diag.loc.cell, diag.loc.row, diag.loc.col) == ("Sheet1", "H8", 8, 8)


@pytest.mark.parametrize(
    ("xml", "missing"),
    [
        (b'<c r="B2"><f>SUM(A1:A2)</f><v>3</v></c>', []),
        (b'<c r="B2"><f>SUM(A1:A2)</f><v></v></c>', [(2, 2)]),
        (b'<c r="AB10" s="1"><f>A1</f></c>', [(10, 28)]),
        (b'<x:c r="C3"><x:f>A1</x:f></x:c>', [(3, 3)]),  # namespace prefixes
        (b'<c r="C3" t="str"><f>IF(A1,"","x")</f><v></v></c>', []),  # a cached empty text
        (b'<c r="D4" t="e"><f>1/0</f><v>#DIV/0!</v></c>', []),
        (b'<c r="E5"><v>7</v></c><col min="1"/><c r="F5"/>', []),
        (b'<c><f>A1</f></c>', [None]),  # no address written: warned about without one
    ],
)
def test_formulas_without_a_cached_result_are_found_in_the_xml(xml: bytes, missing: list) -> None:
    from jixiao.ingest.excel import _uncached

    assert _uncached(b"<sheetData><row>" + xml + b"</row></sheetData>") == missing


def test_hidden_sheets_are_read_with_an_info() -> None:
    data = _workbook(("表1", [["项目名称", "甲"]]), ("代码表", [["优"], ["良"]]), hidden=("代码表",))
    g = read_xlsx(data, "h.xlsx")
    assert [r.texts() for r in g.rows] == [["项目名称", "甲"], ["优"], ["良"]]
    (diag,) = g.diagnostics
    assert (diag.code, diag.severity, diag.loc.sheet) == ("hidden-sheet", Severity.INFO, "代码表")


def test_text_cells_are_cleaned_like_text_cells() -> None:
    data = _workbook(("S", [["  ≥100(册)  ", "第一行\r\n第二行", "<p>项目总目标</p> <p>通过整合</p>", None, ""]]))
    row = read_xlsx(data, "c.xlsx").rows[0]
    assert _texts(row) == ["≥100(册)", "第一行\n第二行", "项目总目标\n通过整合"]


def test_corrupt_xlsx_is_unreadable_with_a_chinese_message() -> None:
    data = TEMPLATE.read_bytes()
    with pytest.raises(UnreadableInput, match="已损坏"):
        read_xlsx(data[: len(data) // 2], "cut.xlsx")
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            dst.writestr(item, body)
    with pytest.raises(UnreadableInput, match="另存为 .xlsx"):
        read_xlsx(broken.getvalue(), "broken.xlsx")
    with pytest.raises(UnreadableInput, match="另存为 .xlsx"):
        detect.read_document(broken.getvalue(), "broken.xlsx")
    with pytest.raises(UnreadableInput):
        detect.read_document(data[: len(data) // 2], "cut.xlsx")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("excel_ole2_word.xls", "旧版 Word (.doc) 文件请另存为 .docx"),
        ("excel_ole2_encrypted.xlsx", "密码"),
    ],
)
def test_ole2_files_that_are_not_workbooks(name: str, message: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert detect.sniff(data) is detect.Format.XLS
    with pytest.raises(UnreadableInput, match=re.escape(message)):
        read_xls(data, name)
    with pytest.raises(UnreadableInput, match=re.escape(message)):
        detect.read_document(data, name)


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # an OLE2 header and nothing sensible
        TEMPLATE_XLS.read_bytes()[:3000],  # a truncated .xls
        b"not a workbook at all",
    ],
)
def test_corrupt_xls_is_unreadable_with_a_chinese_message(data: bytes) -> None:
    with pytest.raises(UnreadableInput, match=re.escape("无法读取旧版 Excel (.xls) 文件；请另存为 .xlsx 后再试")):
        read_xls(data, "bad.xls")


# -- .xls ------------------------------------------------------------------------------


def test_xls_gives_the_same_grid_as_xlsx(grid: Grid) -> None:
    xls = read_xls(TEMPLATE_XLS.read_bytes(), TEMPLATE.name)
    assert xls.rows == grid.rows
    assert not xls.diagnostics


def test_xls_whose_formatting_cannot_be_read_is_read_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    import struct

    import xlrd

    real = xlrd.open_workbook

    def picky(*args: Any, formatting_info: bool = False, **kwargs: Any):
        if formatting_info:
            raise struct.error("unpack requires a buffer of 4 bytes")
        return real(*args, formatting_info=formatting_info, **kwargs)

    monkeypatch.setattr(xlrd, "open_workbook", picky)
    g = read_xls(TEMPLATE_XLS.read_bytes(), TEMPLATE_XLS.name)
    assert [d.code for d in g.diagnostics] == ["xls-no-formatting"]
    funding = next(r for r in g.rows if r.loc.sheet == "项目自评" and r.loc.row == 6)
    assert funding.texts() == ["年度资金总额", "648.58", "648.58", "550.01", "10", "0.848021832310586", "8.48"]  # 550.01 / 648.58


# -- end to end through the recogniser ---------------------------------------------------


def _forms(path: Path):
    result = recognise(detect.read_document(path.read_bytes(), path.name))
    return result.forms, result.diagnostics


def _funding_rows(form: make.SelfEval) -> list[tuple]:
    rows = []
    for label, initial, annual, executed, weight, score in form.funding:
        rate = (Decimal(str(executed)) / Decimal(str(annual)) * 100).quantize(Decimal("0.01")) if annual else Decimal(0)
        rows.append((label.removeprefix("其中："), Decimal(str(initial)), Decimal(str(annual)), Decimal(str(executed)),
                     None if weight is None else Decimal(str(weight)), rate,
                     None if score is None else Decimal(str(score))))
    return rows


@pytest.mark.parametrize("path", [TEMPLATE, TEMPLATE_XLS], ids=["xlsx", "xls"])
def test_template_parses_into_three_forms(path: Path) -> None:
    forms, diagnostics = _forms(path)
    assert [f.form_type for f in forms] == [
        FormType.PROJECT_SELF_EVAL, FormType.PROJECT_SELF_EVAL, FormType.TARGET_DECLARATION]
    assert [f.project_name for f in forms] == ["残疾人事业宣传文化经费", "残疾人基本保障和帮扶经费", "残疾人事业综合保障经费"]
    assert {f.year for f in forms} == {2023}
    assert not [d for d in diagnostics if d.severity != Severity.INFO]
    assert [(f.loc.sheet, f.loc.cell) for f in forms] == [("项目自评", "A1"), ("项目自评", "A31"), ("目标申报", "A1")]


@pytest.mark.parametrize("path", [TEMPLATE, TEMPLATE_XLS], ids=["xlsx", "xls"])
@pytest.mark.parametrize("index", [0, 1])
def test_self_evaluations_read_every_field(path: Path, index: int) -> None:
    form = _forms(path)[0][index]
    spec = make.FORMS[index]
    assert (form.title, form.department, form.implementing_unit, form.amount_unit) == (
        "财政项目支出绩效自评表", spec.department, spec.unit, "万元")
    assert [(f.line, f.initial_budget, f.annual_budget, f.executed, f.weight, f.execution_rate, f.score)
            for f in form.funding] == _funding_rows(spec)
    assert [(g.target, g.actual) for g in form.goals] == [(spec.goal_target, spec.goal_actual)]
    assert [(i.level1, i.level2, i.name, i.target_text, i.actual_text, i.weight, i.score, i.deviation_reason)
            for i in form.indicators] == [
        (l1, l2, name, target, actual, Decimal(str(weight)), Decimal(str(score)), reason or None)
        for l1, l2, name, target, actual, weight, score, reason in spec.indicators]
    assert (form.total_weight, form.total_score, form.grade) == (
        Decimal(str(spec.total[0])), Decimal(str(spec.total[1])), Grade.EXCELLENT)


def test_first_self_evaluation_literally() -> None:
    form = _forms(TEMPLATE)[0][0]
    total, sub, carry, other = form.funding
    assert (total.line, total.initial_budget, total.annual_budget, total.executed) == (
        "年度资金总额", Decimal("648.58"), Decimal("648.58"), Decimal("550.01"))
    assert (total.weight, total.execution_rate, total.score) == (Decimal("10.00"), Decimal("84.80"), Decimal("8.48"))
    assert (sub.line, sub.weight, sub.execution_rate, sub.score) == ("当年财政拨款", None, Decimal("84.80"), None)
    assert (carry.line, carry.initial_budget, other.line) == ("上年结转资金", Decimal("0.00"), "其他资金")
    first, timely = form.indicators[0], form.indicators[7]
    assert (first.level1, first.level2, first.name, first.target_text, first.actual_text, first.weight, first.score) == (
        "产出指标", "数量指标", "《灵芝草》制作数量", "=4.00(期)", "4.00(期)", Decimal("5.00"), Decimal("5.00"))
    assert (timely.level1, timely.level2, timely.name) == ("产出指标", "时效指标", "融媒体平台内容发布及时率")
    assert form.indicators[-1].level1 == "满意度指标"
    assert (form.total_weight, form.total_score) == (Decimal("100.00"), Decimal("98.48"))
    assert (first.loc.sheet, first.loc.row) == ("项目自评", 13)


@pytest.mark.parametrize("path", [TEMPLATE, TEMPLATE_XLS], ids=["xlsx", "xls"])
def test_declaration_reads_every_field(path: Path) -> None:
    form = _forms(path)[0][2]
    spec = make.DECLARATION
    assert (form.title, form.project_nature, form.project_category) == (
        "财政项目支出绩效目标申报表", "经常性专项业务费", "其他运转类")
    assert (form.department, form.implementing_unit, form.amount_unit) == ("上海市残疾人联合会", "上海市残疾人就业服务中心", "元")
    assert (str(form.start_date), str(form.end_date)) == ("2023-01-01", "2023-12-31")
    assert [(f.line, f.amount) for f in form.funding] == [
        ("项目:项目资金总额", Decimal("2872170.00")), ("项目:财政资金", Decimal("2872170.00")),
        ("项目:其他资金", Decimal("0.00")), ("年度:年度资金申请总额", Decimal("2872170.00")),
        ("年度:当年财政拨款", Decimal("2872170.00")), ("年度:上年结转资金", Decimal("0.00")),
        ("年度:其他资金", Decimal("0.00"))]
    assert form.project_target == spec.project_target
    assert [g.target for g in form.goals] == [spec.annual_target]
    assert [(i.level1, i.level2, i.name, i.target_text, i.actual_text, i.weight) for i in form.indicators] == [
        (l1, l2, name, target, None, None) for l1, l2, name, target in spec.indicators]


# -- the same form from text and from Excel ------------------------------------------------

_DECIMAL_TEXT = re.compile(r"^\d+\.(\d+)$")
_RULE = re.compile(r"^[\s\-—=:|+_*]+$")
SAMPLES = SEED_000.parent


def _first_form_lines() -> list[str]:
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    titles = [n for n, line in enumerate(lines) if line.strip() == "财政项目支出绩效自评表"]
    return lines[: titles[1]]


def _seed_workbook(lines: list[str]) -> bytes:
    """One cell per tab-separated cell; decimals stored as numbers with a matching '0.00' format."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, line in enumerate(lines, 1):
        if not line.strip() or _RULE.match(line):
            continue  # a blank row, or a rule drawn in text (not a sheet row)
        for c, text in enumerate(split_line(line), 1):
            if not text:
                continue
            cell = ws.cell(r, c)
            m = _DECIMAL_TEXT.match(text)
            if m:
                cell.value, cell.number_format = float(text), "0." + "0" * len(m.group(1))
            else:
                cell.value = text
                if text.startswith("="):
                    cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()




def test_seed_form_gives_the_same_contract_json_from_text_and_from_xlsx() -> None:
    lines = _first_form_lines()
    from_text = recognise(read_text("\n".join(lines), "seed.txt"))
    from_xlsx = recognise(read_xlsx(_seed_workbook(lines), "seed.xlsx"))
    assert len(from_text.forms) == len(from_xlsx.forms) == 1
    expected = without_source(form_json(from_text.forms[0]))
    assert expected["funding"][0]["initial_budget"] == 648.58 and len(expected["indicators"]) == 15
    assert without_source(form_json(from_xlsx.forms[0])) == expected
    assert [d.code for d in from_xlsx.diagnostics] == [d.code for d in from_text.diagnostics]


def _tabbed_seeds() -> list[str]:
    """The seeds laid out as rows of tab-separated cells (not one cell per line, which no sheet is)."""
    from jixiao.ingest.text import _is_cell_per_line

    return [p.name for p in sorted(SAMPLES.glob("*.txt"))
            if not _is_cell_per_line(p.read_text(encoding="utf-8").split("\n"))]


@pytest.mark.parametrize("seed", _tabbed_seeds())
def test_every_tabbed_seed_gives_the_same_forms_from_xlsx(seed: str) -> None:
    lines = (SAMPLES / seed).read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    from_text = recognise(read_text("\n".join(lines), seed))
    from_xlsx = recognise(read_xlsx(_seed_workbook(lines), seed))
    assert from_text.forms
    assert [without_source(form_json(f)) for f in from_xlsx.forms] == [
        without_source(form_json(f)) for f in from_text.forms]
    assert [d.code for d in from_xlsx.diagnostics] == [d.code for d in from_text.diagnostics]
