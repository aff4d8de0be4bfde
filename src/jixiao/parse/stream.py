"""Rows from a stream of cells: tables printed one cell per line or paragraph.

Web pages copied cell by cell, and Word documents saved as one paragraph per
cell, lose the table rows: what is left is a stream of cells, sometimes with
an explicit empty cell (a lone ``|`` or a line of white space) and a row end
(a line of bare ``||``), often without either. This module finds such runs of
one-cell rows in a grid and groups their cells back into table rows by the
grammar of the forms:

* a header label (项目名称, 主管部门 …) opens a row that holds its value;
* a funding block label or column header (项目资金（万元）, 年初预算数 …) opens a
  header row that gathers the column titles; each row label after it opens a
  row of amounts;
* a goal header gathers its column titles; goal texts then fill rows of as many
  cells as the header has text columns;
* the indicator header (一级指标 二级指标 三级指标 …) gathers its column titles,
  which fixes how many cells follow a 三级指标 name; a row then starts at a
  level label, at a printed row end, or at the first cell after a full row;
* 总分, 评分等级 and closing notes open rows of their own.

The grouped rows go to the ordinary recogniser, which reads them as it reads
any table (by position, or by sequence when cells are missing). A run is only
regrouped when it holds header words of the form as separate cells, which no
ordinary table row does.
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.model import Diagnostic, Loc, Severity
from jixiao.parse import funding, goals, indicators
from jixiao.model.labels import completes, fragment_levels, is_known
from jixiao.parse.grammar import CLOSING_PREFIXES, GRADE_LABELS, TOTAL_LABELS, field_label, is_title_text
from jixiao.parse.text import PARENS, is_null, key

#: Run length below which one-cell rows are left as they are.
_MIN_RUN = 6
#: Distinct header words a run must hold, as cells of their own, to be a stream.
_MIN_HEADER_WORDS = 3
_INDICATOR_HEADS = frozenset({"l1", "l2", "l3"})
_LEVEL_KINDS = frozenset({"l1", "l2", "both", "unknown"})
#: Single characters of a vertical merged label broken one character per line (绩 / 效 / 指 / 标).
_VERTICAL = frozenset("绩效指标总体目标年度资金情况项目完成")


def _single(row: Row) -> bool:
    return len(row.filled) <= 1


def _header_word(text: str) -> str | None:
    """The kind of header word a lone cell is (field, funding, indicator), or None."""
    k = key(text)
    if len(k) > 24:
        return None
    if field_label(k)[0] is not None:
        return "field:" + k
    role = indicators.cell_role(text)
    if role in _INDICATOR_HEADS:
        return "ind:" + role
    role = funding.column_role(text)
    if role is not None and len(k) <= 12:
        return "fund:" + role
    return None


def regroup(grid: Grid) -> Grid:
    """The grid with every run of one-cell rows that is a cell stream grouped into table rows."""
    rows = grid.rows
    out: list[Row] = []
    diagnostics = list(grid.diagnostics)
    i = 0
    changed = False
    while i < len(rows):
        if not _single(rows[i]):
            out.append(rows[i])
            i += 1
            continue
        j = i
        while j < len(rows) and _single(rows[j]):
            j += 1
        run = rows[i:j]
        if len(run) >= _MIN_RUN and _is_stream(run):
            grouper = _Grouper()
            grouped = grouper.group(run)
            first, last = run[0].loc.line, run[-1].loc.line
            diagnostics.append(Diagnostic(
                "cells-regrouped", Severity.INFO,
                f"第 {first}–{last} 行是逐格排列的表格（每格一行或一段），已按表头重新分成 {len(grouped)} 行；"
                "请核对数值所在的列", Loc(source=grid.source, line=first)))
            out.extend(grouped)
            diagnostics.extend(grouper.diagnostics)
            changed = True
        else:
            out.extend(run)
        i = j
    if not changed:
        return grid
    return Grid(source=grid.source, rows=tuple(out), diagnostics=tuple(diagnostics))


def _is_stream(run: tuple[Row, ...]) -> bool:
    words = set()
    for row in run:
        if row.filled:
            word = _header_word(row.filled[0].text)
            if word is not None:
                words.add(word)
    return len(words) >= _MIN_HEADER_WORDS


class _Grouper:
    """Groups the cells of one stream into rows (see the module docstring)."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.diagnostics: list[Diagnostic] = []
        self.cur: list[Cell] = []
        self.mode = "free"
        # indicator table: header columns from the 三级指标 column on
        self.ind_cols: list[str | None] = []
        self.ind_l3 = 2
        self.labels = 0
        self.after_name = -1  # cells after the 三级指标 name in the current row; -1: no name yet
        self.goal_width = 1
        self.goal_cols: list[int] = [0]

    # -- output -----------------------------------------------------------

    def flush(self) -> None:
        if self.cur:
            cells = tuple(self._place(self.cur))
            first = cells[0].loc
            last = max((c.loc.end_line or c.loc.line for c in cells if c.loc.line is not None), default=None)
            loc = first if last is None or last == first.line else replace(first, end_line=last)
            self.rows.append(Row(cells=cells, loc=loc))
        self.cur = []
        self.labels, self.after_name = 0, -1

    def _place(self, cells: list[Cell]) -> list[Cell]:
        """Column numbers for a grouped row: in order, indicator rows aligned on their name."""
        if self.mode == "ind" and self.after_name >= 0:
            start = self.ind_l3 - self.labels
            if self.labels == 1 and indicators.label_kind(cells[0].text) != "l1":
                start = self.ind_l3 - 1
            return [c._replace(col=max(0, start) + n) for n, c in enumerate(cells)]
        if self.mode == "goal":
            return [c._replace(col=self.goal_cols[min(n, len(self.goal_cols) - 1)]) for n, c in enumerate(cells)]
        return [c._replace(col=n) for n, c in enumerate(cells)]

    # -- driver -----------------------------------------------------------

    def group(self, run: tuple[Row, ...]) -> list[Row]:
        for row in run:
            if row.mark == "end":
                self._end()
                continue
            if not row.cells:
                continue  # a blank line: paragraphs are cells, not rows
            cell = row.filled[0] if row.filled else row.cells[0]
            self.feed(cell)
        self.flush()
        return self.rows

    def _end(self) -> None:
        """A printed row end."""
        if self.mode in ("ind", "goal"):
            self.flush()
        elif self.mode == "ghead":
            self.flush_goal_header()
        else:
            self.flush()
            if self.mode == "fhead":
                self.mode = "fund"
            elif self.mode == "ihead":
                self._indicator_header_done()

    def feed(self, cell: Cell) -> None:
        text = cell.text
        k = key(text)
        if len(k) == 1 and k in _VERTICAL:
            self.diagnostics.append(Diagnostic(
                "vertical-label-piece", Severity.INFO,
                f"竖排标签的单字“{text}”不是单元格内容，未读入", cell.loc))
            return
        if text and PARENS.fullmatch(k) and funding.find_unit(k) and (self.cur or self.rows):
            self._join_previous(cell)  # 项目资金申请 / （万元）: a label broken before its unit
            return
        if self.mode == "ihead":
            if self._indicator_header_cell(cell):
                self.cur.append(cell)
                return
            self.flush()
            self._indicator_header_done()
        if text and self._structure(cell, k):
            return
        if self.mode == "ind":
            self._indicator_cell(cell, k)
        elif self.mode in ("fhead", "fund"):
            self._funding_cell(cell, k)
        elif self.mode in ("ghead", "goal"):
            self._goal_cell(cell)
        elif self.mode == "field":
            self.cur.append(cell)
        else:
            if text:
                self.flush()
                self.cur.append(cell)
                self.flush()

    def _join_previous(self, cell: Cell) -> None:
        def joined(last: Cell) -> Cell:
            return last._replace(text=last.text + cell.text, loc=replace(last.loc, end_line=cell.loc.line))

        if self.cur:
            self.cur[-1] = joined(self.cur[-1])
            return
        row = self.rows.pop()
        cells = row.cells[:-1] + (joined(row.cells[-1]),)
        self.cur = list(cells)
        if self._funding_head(self.cur[0], key(self.cur[0].text)):
            self.mode = "fhead"

    # -- structure cells ---------------------------------------------------

    def _structure(self, cell: Cell, k: str) -> bool:
        """Cells that open a row or a block whatever the mode; True when handled."""
        text = cell.text
        if is_title_text(text):
            self._open("free", cell)
            self.flush()
            return True
        if k in TOTAL_LABELS or k in GRADE_LABELS or "自评结论" in k[:6] or "评价结论" in k[:6]:
            self._open("field", cell)
            return True
        if k.startswith(CLOSING_PREFIXES):
            self._open("free", cell)
            self.flush()
            return True
        if field_label(k)[0] is not None:
            self._open("field", cell)
            return True
        word = _header_word(text)
        if word is not None and word.startswith("ind:") and word != "ind:l3":
            self._open("ihead", cell)
            return True
        if indicators.is_section_label(k):
            self._open("ihead", cell)
            return True
        if goals.goal_label(k) is not None and k not in goals.SECTION_LABELS and self.mode not in ("ind", "ghead"):
            self._open("field", cell)  # 本年度绩效目标 | <text>: a labelled goal row
            return True
        if self.mode not in ("ind", "goal") and funding.is_declaration_label(text):
            self._open("fund", cell)
            return True
        if self.mode not in ("ind",) and self._funding_head(cell, k):
            if self.mode != "fhead":
                self._open("fhead", cell)
            else:
                self.cur.append(cell)
            return True
        if self.mode not in ("ind", "goal") and self._goal_head(k):
            if self.mode != "ghead":
                self._open("ghead", cell)
            else:
                self.cur.append(cell)
            return True
        return False

    def _open(self, mode: str, cell: Cell) -> None:
        if self.cur and not any(c.text for c in self.cur):
            self.cur = [self.cur[-1]]  # an empty cell before a label: the merged cell to its left
            self.labels, self.after_name = 0, -1
        else:
            self.flush()
        self.mode = mode
        self.cur.append(cell)

    @staticmethod
    def _funding_head(cell: Cell, k: str) -> bool:
        if len(k) > 30:
            return False
        if funding.column_role(cell.text) is not None and funding.line_name(cell.text) not in funding.DECLARATION_LINES:
            return _number(cell.text) is None
        return funding.find_unit(cell.text) is not None and any(w in k for w in ("资金", "预算", "经费"))

    @staticmethod
    def _goal_head(k: str) -> bool:
        if len(k) > 20:
            return False
        return k in goals.SECTION_LABELS or goals.cell_role(PARENS.sub("", k)) is not None

    # -- funding -----------------------------------------------------------

    def _funding_cell(self, cell: Cell, k: str) -> None:
        if self.mode == "fhead":
            if not cell.text or funding.INLINE_AMOUNT.match(k):
                self.cur.append(cell)  # an empty header cell, or 资金总额：250 printed in the block's label cell
                return
            self.flush()
            self.mode = "fund"
        numeric = not cell.text or is_null(cell.text) or _number(cell.text) is not None
        if numeric or (self.cur and all(not c.text for c in self.cur)):
            self.cur.append(cell)  # an amount, an empty cell, or the label after an empty merged-label cell
            return
        self.flush()
        self.cur.append(cell)

    # -- goals -------------------------------------------------------------

    def _goal_cell(self, cell: Cell) -> None:
        if self.mode == "ghead":
            self.flush_goal_header()
        if not cell.text and not self.cur:
            return
        self.cur.append(cell)
        if len(self.cur) >= self.goal_width:
            self.flush()

    def flush_goal_header(self) -> None:
        header = self.cur
        self.flush()
        self.mode = "goal"
        roles = goals.header_roles(Row(cells=tuple(c._replace(col=n) for n, c in enumerate(header)), loc=Loc()))
        cols = [c for c, r in sorted(roles.items()) if r != "no"]
        self.goal_cols = cols or [0]
        self.goal_width = max(1, len(cols))

    # -- indicators --------------------------------------------------------

    def _indicator_header_cell(self, cell: Cell) -> bool:
        """True while the cells still read as column titles of the indicator header."""
        k = key(cell.text)
        if not cell.text:
            return True
        word = _header_word(cell.text)
        if word is not None and word.startswith("ind:"):
            return True
        if len(k) > 16 or indicators.label_kind(cell.text) in _LEVEL_KINDS or _number(cell.text) is not None:
            return False
        return True

    def _indicator_header_done(self) -> None:
        header = self.rows[-1] if self.rows else None
        self.mode = "ind"
        if header is None:
            return
        roles = indicators.header_roles(header)
        l3 = next((c for c, r in roles.items() if r == "l3"), None)
        if l3 is None:
            l2 = next((c for c, r in roles.items() if r == "l2"), None)
            l3 = (l2 + 1) if l2 is not None else 2
        self.ind_l3 = l3
        self.ind_cols = [roles.get(c) for c in range(l3, len(header.cells))]

    def _indicator_cell(self, cell: Cell, k: str) -> None:
        width = max(1, len(self.ind_cols))
        if self.after_name < 0:
            if not cell.text and not self.cur:
                return  # an empty cell opening a row: the merged 一级/二级 cells of the rows above
            if cell.text and self.labels and completes(key(self.cur[-1].text), k) and not is_known(key(self.cur[-1].text)):
                last = self.cur[-1]  # a label broken over two cells: 可持续影响 / 指标
                self.cur[-1] = last._replace(text=key(last.text) + k, loc=replace(last.loc, end_line=cell.loc.line))
                return
            if cell.text and self._takes_label(cell.text):
                self.cur.append(cell)
                self.labels += 1
                return
            self.cur.append(cell)
            self.after_name = 0
            return
        kind = indicators.label_kind(cell.text) if cell.text else None
        full = self.after_name + 1 >= width
        if kind in _LEVEL_KINDS or (full and cell.text) or (cell.text and self._wrong_type(cell)):
            self.flush()
            self.mode = "ind"
            self._indicator_cell(cell, k)
            return
        if full:
            return  # an empty cell beyond the row's columns (a merged 偏差原因 cell)
        self.cur.append(cell)
        self.after_name += 1

    def _takes_label(self, text: str) -> bool:
        """True when a cell before the row's name is a 一级/二级 label (not the name itself)."""
        kind = indicators.label_kind(text)
        if kind is None or self.labels >= 2:
            return False
        if self.labels == 0:
            return kind in _LEVEL_KINDS or kind == "fragment"
        before = indicators.label_kind(self.cur[-1].text)
        if before == "l2":
            return False  # after the 二级 label comes the name (满意度 is a name there)
        return kind in ("l2", "both", "unknown") or (kind == "fragment" and 2 in fragment_levels(key(text)))

    def _wrong_type(self, cell: Cell) -> bool:
        """True when a text cell cannot be the next column of the row (a number column): a new row."""
        pos = self.after_name + 1
        if pos >= len(self.ind_cols):
            return False
        role = self.ind_cols[pos]
        if role not in ("weight", "score"):
            return False
        numbers_before = any(_number(c.text) is not None for c in self.cur[self.labels + 1:])
        return numbers_before and not is_null(cell.text) and _number(cell.text) is None and len(key(cell.text)) > 4


def _number(text: str):
    """A plain number, percentage or amount in a cell (``10``, ``100%``, ``1,100.00``), else None."""
    k = key(text).rstrip("%％分")
    return funding.parse_amount(k) if k else None
