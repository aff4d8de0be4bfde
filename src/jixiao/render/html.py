"""Forms out as HTML in their official layout (also the source of the PDF export).

With findings, each finding is marked on the cell it is about (a coloured
cell with the message as its tooltip and a numbered mark) and listed under
the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape

from jixiao.model import Finding, Form, Severity
from jixiao.render.layout import LCell, Sheet, column_starts, layout

_ENV = Environment(loader=PackageLoader("jixiao.render", "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)
_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(slots=True)
class _Cell:
    lines: list[str]
    colspan: int
    rowspan: int
    cls: str
    tip: str = ""
    marks: str = ""


@dataclass(slots=True)
class _View:
    title: str
    subtitle: str
    widths: list[float]  # percent of the page width
    rows: list[list[_Cell]]
    findings: list[Finding] = field(default_factory=list)


def worst(marks: list[tuple[int, Finding]]) -> Severity:
    """The most severe level among the findings on one cell."""
    return max((f.severity for _, f in marks), key=_RANK.__getitem__)


def anchor_of(finding: Finding) -> tuple:
    """The layout anchor a finding belongs on (its indicator's field, else the form field)."""
    if finding.indicator is not None:
        return ("indicator", finding.indicator, finding.field or "score")
    return ("form", finding.field or "")


def cell_findings(sheet: Sheet, findings: list[Finding]) -> dict[int, list[tuple[int, Finding]]]:
    """Numbered findings per layout cell (keyed by ``id`` of the cell).

    A finding lands on its indicator's field, or on the cell of the form field
    it names; a finding about a funding row (located at that row) lands on the
    row's cell of its field. Findings about the form as a whole are not placed
    on a cell (they are listed under the table).
    """
    by_anchor: dict[tuple, LCell] = {}
    for row in sheet.rows:
        for cell in row:
            if cell.anchor is not None:
                by_anchor.setdefault(cell.anchor, cell)
    funding_rows = {loc: i for i, loc in enumerate(sheet.funding_locs)
                    if loc is not None and (loc.line, loc.page, loc.cell, loc.row) != (None, None, None, None)}
    placed: dict[int, list[tuple[int, Finding]]] = {}
    for n, finding in enumerate(findings, 1):
        cell = by_anchor.get(anchor_of(finding))
        if cell is None and finding.indicator is not None:
            cell = by_anchor.get(("indicator", finding.indicator, "name"))
        if cell is None and finding.loc in funding_rows:
            cell = by_anchor.get(("funding", funding_rows[finding.loc], finding.field or ""))
        if cell is not None:
            placed.setdefault(id(cell), []).append((n, finding))
    return placed


def _view(sheet: Sheet, findings: list[Finding], split_rowspans: bool = False) -> _View:
    """The template's view of a sheet.

    With ``split_rowspans`` (for print) a cell spanning rows becomes one cell per
    row with the borders between them hidden: it looks merged, and a page break
    inside it leaves a closed box on each page instead of an open fragment.
    """
    placed = cell_findings(sheet, findings)
    rows: list[list[_Cell]] = []
    pending: dict[int, list[_Cell]] = {}  # row index → continuation cells to insert, by column
    positions = column_starts(sheet)
    for r, row in enumerate(sheet.rows):
        out: list[tuple[int, _Cell]] = [(col, cell) for col, cell in pending.pop(r, [])]
        for cell, col in zip(row, positions[r]):
            marks = placed.get(id(cell), [])
            cls = cell.role
            if marks:
                cls += f" flag-{worst(marks).value}"
            rowspan = cell.rowspan
            if split_rowspans and rowspan > 1:
                cls += " open-bottom"
                for k in range(1, rowspan):
                    cont = "cont" + (" open-bottom" if k < rowspan - 1 else "")
                    pending.setdefault(r + k, []).append((col, _Cell([""], cell.colspan, 1, f"{cell.role} {cont}")))
                rowspan = 1
            out.append((col, _Cell(cell.text.split("\n"), cell.colspan, rowspan, cls,
                                   "；".join(f.message for _, f in marks), ",".join(str(n) for n, _ in marks))))
        rows.append([c for _, c in sorted(out, key=lambda item: item[0])])
    total = sum(sheet.widths)
    widths = [round(w * 100 / total, 2) for w in sheet.widths]
    return _View(sheet.title, sheet.subtitle, widths, rows, findings)


def render_html(forms: list[Form], findings: list[Finding] | None = None, title: str = "绩效表单",
                *, for_print: bool = False) -> str:
    """An HTML document with every form in its official layout; findings marked when given."""
    views = []
    for index, form in enumerate(forms):
        own = [f for f in (findings or []) if f.form == index]
        views.append(_view(layout(form), own, split_rowspans=for_print))
    return _ENV.get_template("forms.html.j2").render(sheets=views, title=title)
