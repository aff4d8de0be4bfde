"""Forms out as an Excel workbook in their official layout (one sheet per form).

Merged 一级/二级 cells, borders, column widths, bold labels, 宋体, A4 landscape
print setup. With findings, each finding's cell is highlighted and carries an
Excel comment with the message; a 审核发现 sheet lists them all.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jixiao.model import Finding, Form, Severity
from jixiao.render.html import cell_findings, worst
from jixiao.render.layout import Sheet, column_starts, layout

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10.5)
_BOLD = Font(name="宋体", size=10.5, bold=True)
_TITLE = Font(name="宋体", size=16, bold=True)
_FILLS = {Severity.ERROR: PatternFill("solid", fgColor="F8C9C4"), Severity.WARNING: PatternFill("solid", fgColor="FBE7B0"),
          Severity.INFO: PatternFill("solid", fgColor="DCEBF7")}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(form: Form, n: int, used: set[str]) -> str:
    base = _BAD_TITLE.sub("", f"{n}.{form.name}")[:31] or str(n)
    title, k = base, 2
    while title in used:
        title, k = f"{base[:28]}-{k}", k + 1
    used.add(title)
    return title


def _write_sheet(ws, sheet: Sheet, findings: list[Finding]) -> None:
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for i, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.cell(1, 1, sheet.title).font = _TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=sheet.columns)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, 1, sheet.subtitle).font = _FONT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=sheet.columns)
    ws.cell(2, 1).alignment = Alignment(horizontal="center")
    placed = cell_findings(sheet, findings)
    for r, (row, starts) in enumerate(zip(sheet.rows, column_starts(sheet)), 3):
        for cell, start in zip(row, starts):
            target = ws.cell(r, start + 1, cell.text or None)
            if cell.text.startswith("="):
                target.data_type = "s"  # a target such as "=4.00(期)" is text, not a formula
            bold = cell.role in ("label", "header")
            target.font = _BOLD if bold else _FONT
            target.alignment = Alignment(wrap_text=True, vertical="top" if cell.role == "label" else "center",
                                         horizontal="center" if bold else "right" if cell.role == "number" else "left")
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(r + dr, start + 1 + dc).border = _BORDER
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=r, start_column=start + 1, end_row=r + cell.rowspan - 1,
                               end_column=start + cell.colspan)
            marks = placed.get(id(cell))
            if marks:
                target.fill = _FILLS[worst(marks)]
                target.comment = Comment("\n".join(f"[{f.severity.label}] {f.code} {f.message}" for _, f in marks),
                                         "jixiao", width=360, height=120)


def _findings_sheet(wb: Workbook, forms: list[Form], findings: list[Finding]) -> None:
    ws = wb.create_sheet("审核发现")
    ws.append(["表", "项目/部门", "级别", "规则", "说明", "表中值", "应为", "行"])
    for cell in ws[1]:
        cell.font = _BOLD
    for f in findings:
        ws.append([f.form + 1, forms[f.form].name, f.severity.label, f.code, f.message, f.found, f.expected, f.line])
    for col, width in zip("ABCDEFGH", (5, 24, 6, 9, 80, 12, 12, 6)):
        ws.column_dimensions[col].width = width


def render_xlsx(forms: list[Form], findings: list[Finding] | None = None) -> bytes:
    """An .xlsx workbook: one sheet per form in its official layout (and the findings, when given)."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for n, form in enumerate(forms):
        ws = wb.create_sheet(_sheet_title(form, n + 1, used))
        _write_sheet(ws, layout(form), [f for f in findings or [] if f.form == n])
    if findings:
        _findings_sheet(wb, forms, findings)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
