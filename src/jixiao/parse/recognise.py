"""The form recogniser: a :class:`~jixiao.ingest.grid.Grid` in, typed forms out.

It knows the general shape of the three forms, not any one file: a title
with its year, a header block of label/value pairs, a funding block, a goal
block, an indicator table, then 总分, 评分等级 and 自评结论 rows. A form
starts at its title (or, untitled, at a second 项目名称); sections are told
apart by their header rows, wherever the extraction put them.

Nothing is dropped silently: a row the recogniser cannot place becomes a
diagnostic with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.model import Diagnostic, Form, FormType, Grade, Severity
from jixiao.parse import funding, goals, indicators, stream
from jixiao.parse.draft import FormDraft
from jixiao.parse.grammar import FIELD_LABELS, GRADE_LABELS, TOTAL_LABELS, field_label, is_title, title_text
from jixiao.parse.text import (
    PARENS,
    find_year,
    is_plain_number,
    key,
    parse_date,
    points,
    squash,
)

_UNIT_LINE = re.compile(r"(?:^|[)）])(?:金额)?单位[:：](万元|元)$")
_PAGE_MARK = re.compile(r"^(?:[-—–]?\d{1,4}[-—–]?|第\d{1,4}页(?:[,，]?共\d{1,4}页)?|\d{1,4}/\d{1,4})$")
_ATTACHMENT = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*[:：.、]?$")
_YEAR_ONLY = re.compile(r"^[(（\[【]?\s*((?:19|20)\d{2})\s*年度?\s*[)）\]】]?$")

_GRADE_WORDS = {"优": Grade.EXCELLENT, "优秀": Grade.EXCELLENT, "良": Grade.GOOD, "良好": Grade.GOOD,
                "中": Grade.FAIR, "中等": Grade.FAIR, "合格": Grade.FAIR, "差": Grade.POOR,
                "较差": Grade.POOR, "不合格": Grade.POOR}


def form_type_of_title(title: str) -> FormType:
    """The form type a printed title names."""
    k = key(title)
    if "申报" in k or ("目标" in k and "自评" not in k):
        return FormType.TARGET_DECLARATION
    if "整体" in k or "部门" in k:
        return FormType.DEPARTMENT_SELF_EVAL
    return FormType.PROJECT_SELF_EVAL


_FIELD_PREFIXES = frozenset(label[:2] for label in FIELD_LABELS)
_INLINE_FIELD = re.compile("(" + "|".join(sorted(FIELD_LABELS, key=len, reverse=True)) + r")\s*[:：]")


def _split_inline_fields(cell: Cell) -> list[Cell]:
    """``主管部门：X  实施单位：Y`` printed in one cell → one cell per ``label：value``."""
    if ":" not in cell.text and "：" not in cell.text:
        return [cell]
    starts = [m.start() for m in _INLINE_FIELD.finditer(cell.text)]
    if len(starts) < 2 and not (starts and starts[0] > 0):
        return [cell]
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(cell.text)]
    return [cell._replace(text=cell.text[a:b].strip()) for a, b in zip(bounds, bounds[1:]) if cell.text[a:b].strip()]


class Recogniser:
    """Feeds the rows of a grid through the form sections, one form at a time."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.drafts: list[FormDraft] = []
        self.diagnostics: list[Diagnostic] = []
        self.form: FormDraft | None = None
        self.section = "none"
        self.doc_year: int | None = None
        self.reader: object | None = None
        self.used: set[int] = set()
        self.sheet: str | None = None
        self.doc_unit: str | None = None

    # -- driver -----------------------------------------------------------

    def feed(self, row: Row) -> None:
        """Read one row."""
        if row.is_blank:
            return
        if row.loc.sheet != self.sheet:
            self._end_form()  # a form never runs on into the next worksheet
            self.sheet = row.loc.sheet
        if is_title(row):
            text = row.filled[0].text
            self._start(row, title=squash(title_text(text)), year=find_year(text))
        elif self._year_row(row) or self._unit_row(row) or self._header_fields(row):
            pass
        elif self.form is None:
            self._outside(row)
            return
        elif self._section_change(row) or self._tail(row):
            pass
        else:
            self._in_section(row)
            return
        if self.form is not None:
            self.form.use(row.loc)
        elif row.loc.line is not None:
            self.used.update(row.loc.lines())  # a year heading above the first form

    def finish(self) -> Recognition:
        """Freeze the drafts into forms, with every diagnostic and the lines used."""
        forms = []
        diagnostics = list(self.diagnostics)
        used = set(self.used)
        for draft in self.drafts:
            forms.append(draft.freeze())
            diagnostics.extend(draft.diagnostics)
            used |= draft.used_lines
            self._check_complete(draft, forms[-1], diagnostics)
        return Recognition(forms=forms, diagnostics=diagnostics, used_lines=frozenset(used))

    # -- form boundaries and header --------------------------------------

    def _end_form(self) -> None:
        self.form, self.reader, self.section = None, None, "none"

    def _start(self, row: Row, title: str | None, year: int | None = None) -> None:
        if title and self.form is not None and self._is_empty(self.form):
            # a page heading or a list of form names: a title opens a form only when form structure follows
            self.form.diag("title-without-form", Severity.INFO,
                           f"标题“{self.form.title}”之后没有表格内容，以下一个标题“{title}”为准", self.form.loc)
            self.form.title, self.form.form_type = title, form_type_of_title(title)
            self.form.year = year or self.form.year
            self.form.use(row.loc)
            return
        draft = FormDraft(loc=row.loc, index=len(self.drafts))
        if title:
            draft.title = title
            draft.form_type = form_type_of_title(title)
        draft.year = year or self.doc_year
        draft.amount_unit, self.doc_unit = self.doc_unit, None
        self.drafts.append(draft)
        self.form = draft
        self.section = "header"
        self.reader = None

    def _year_row(self, row: Row) -> bool:
        filled = row.filled
        if len(filled) != 1:
            return False
        m = _YEAR_ONLY.match(key(filled[0].text))
        if not m:
            return False
        if self.form is not None and self.section == "header":
            self.form.year = int(m.group(1))
        else:
            self.doc_year = int(m.group(1))
        return True

    def _unit_row(self, row: Row) -> bool:
        """``金额单位：元`` printed above the table: the form's amount unit (and 填报单位 beside it)."""
        units = [m for m in (_UNIT_LINE.search(key(c.text)) for c in row.filled) if m]
        if not units:
            filled = row.filled
            if len(filled) == 1 and PARENS.fullmatch(key(filled[0].text)) and self.form is not None:
                unit = funding.find_unit(filled[0].text)  # 项目资金 / （万元）: the unit on a line of its own
                if unit and self.section in ("header", "funding"):
                    self.form.amount_unit = self.form.amount_unit or unit
                    return True
            return False
        unit = units[0].group(1)
        if self.form is not None and self.section in ("header", "none"):
            self.form.amount_unit = self.form.amount_unit or unit
        else:
            self.doc_unit = unit
        rest = [c for c in row.filled if not _UNIT_LINE.search(key(c.text))]
        if rest:
            self._header_fields(Row(cells=tuple(rest), loc=row.loc))
        return True

    def _header_fields(self, row: Row) -> bool:
        if not any(key(c.text)[:2] in _FIELD_PREFIXES for c in row.filled):
            return False
        filled = [piece for cell in row.filled for piece in _split_inline_fields(cell)]
        pairs: list[tuple[str, str | None, Row]] = []
        i = 0
        while i < len(filled):
            k = key(filled[i].text)
            label, inline = field_label(k)
            if label is None:
                i += 1
                continue
            value = inline
            if value is None and i + 1 < len(filled) and field_label(key(filled[i + 1].text))[0] is None:
                value = filled[i + 1].text
                i += 1
            pairs.append((label, value, row))
            i += 1
        if not pairs or (len(pairs) == 1 and len(filled) > 3 and pairs[0][0] not in ("project_name", "部门名称")):
            return False
        years = [m for m in (_YEAR_ONLY.match(key(c.text)) for c in filled) if m]
        first = pairs[0][0]
        if first.startswith("extra:") and self.form is None:
            return False  # 填报单位 above any form: not a form of its own
        if first in ("project_name", "部门名称") and (self.form is None or self._has_body(self.form)):
            self._start(row, title=None)
        elif self.form is None:
            self._start(row, title=None)
        for label, value, _ in pairs:
            self._set_field(label, value, row)
        if years and self.form is not None:
            self.form.year = int(years[0].group(1))  # （2024年度） printed beside 填报单位
        self.section = "header"
        return True

    def _set_field(self, label: str, value: str | None, row: Row) -> None:
        assert self.form is not None
        if value is None:
            return
        if label in ("start_date", "end_date"):
            date = parse_date(value, end=label == "end_date")
            if date is None:
                self.form.diag("bad-date", Severity.WARNING, f"日期“{value}”无法识别", row.loc)
            setattr(self.form, label, date)
            return
        self.form.fields[label] = squash(value) or value
        if label.startswith("extra:"):
            self.form.extra[label[6:]] = self.form.fields.pop(label)

    @staticmethod
    def _is_empty(draft: FormDraft) -> bool:
        """A form opened by a title and nothing else yet."""
        return draft.title is not None and not draft.fields and not Recogniser._has_body(draft)

    @staticmethod
    def _has_body(draft: FormDraft) -> bool:
        return bool(draft.funding or draft.goals or draft.indicators or draft.total_score is not None)

    # -- sections ---------------------------------------------------------

    def _section_change(self, row: Row) -> bool:
        form = self.form
        assert form is not None
        if indicators.is_header(row):
            if isinstance(self.reader, indicators.IndicatorReader) and self.section == "indicators":
                self.reader.roles = indicators.header_roles(row)  # header repeated on a new page
            else:
                self.reader = indicators.IndicatorReader(row, form)
            self.section = "indicators"
            return True
        if self.section == "indicators" and isinstance(self.reader, indicators.IndicatorReader):
            if self.reader.extend_header(row):
                return True
        if self.section in ("header", "none") and funding.is_declaration_header(row, form.form_type):
            form.form_type = form.form_type or FormType.TARGET_DECLARATION
            self.reader = funding.DeclarationFunding(form)
            self.section = "funding"
            self.reader.feed(row)
            return True
        if self.section in ("header", "none", "funding") and funding.is_self_eval_header(row):
            self.reader = funding.SelfEvalFunding(row, form)
            self.section = "funding"
            return True
        if self.section == "goals" and len(row.filled) == 1 and indicators.is_section_label(key(row.filled[0].text)):
            self.section = "indicator-label"  # 年度绩效指标完成情况 printed above a broken header
            return True
        if self.section in ("header", "funding", "none") and goals.starts_block(row):
            self.reader = goals.GoalReader(form)
            self.section = "goals"
            self.reader.feed(row)
            return True
        return False

    def _in_section(self, row: Row) -> None:
        reader = self.reader
        if self.section == "funding" and reader is not None:
            if reader.feed(row):  # type: ignore[attr-defined]
                return
            self.section = "header"
            self._unread(row)
            return
        if self.section == "goals" and isinstance(reader, goals.GoalReader):
            reader.feed(row)
            return
        if self.section == "indicators" and isinstance(reader, indicators.IndicatorReader):
            reader.feed(row)
            return
        self._unread(row)

    def _tail(self, row: Row) -> bool:
        form = self.form
        assert form is not None
        filled = row.filled
        heads = [key(c.text) for c in filled[:2]]
        if heads and heads[0] in TOTAL_LABELS or (len(heads) > 1 and heads[1] in TOTAL_LABELS and not is_plain_number(filled[0].text)):
            numbers = [points(c.text) for c in filled if is_plain_number(c.text)]
            if len(numbers) >= 2:
                form.total_weight, form.total_score = numbers[0], numbers[1]
            elif numbers:
                form.total_score = numbers[0]
            self.section = "tail"
            return True
        if heads and heads[0] in GRADE_LABELS:
            if len(filled) > 1:
                word = key(filled[1].text).strip("“”\"'")
                form.grade = _GRADE_WORDS.get(word)
                if form.grade is None:
                    form.diag("bad-grade", Severity.WARNING, f"评分等级“{filled[1].text}”不是优/良/中/差", row.loc)
            self.section = "tail"
            return True
        if heads and ("自评结论" in heads[0] or "评价结论" in heads[0]):
            form.conclusion = "\n".join(c.text for c in filled[1:]) or None
            self.section = "tail"
            return True
        return False

    # -- what could not be read ------------------------------------------

    def _outside(self, row: Row) -> None:
        text = " ".join(row.texts())
        year = find_year(text)
        if year and self.doc_year is None:
            self.doc_year = year
        self.diagnostics.append(Diagnostic(
            "outside-form", Severity.INFO, f"表格之外的文字未读入：“{text[:60]}”", row.loc))

    def _unread(self, row: Row) -> None:
        assert self.form is not None
        text = " | ".join(row.texts())
        if self.section == "tail" or _ATTACHMENT.match(key(text)) or _PAGE_MARK.match(key(text)):
            self.form.diag("outside-form", Severity.INFO, f"表格之外的文字未读入：“{text[:60]}”", row.loc)
            return
        self.form.diag("unread-row", Severity.WARNING, f"此行无法对应到表格的任何部分，未读入：“{text[:80]}”", row.loc)

    def _check_complete(self, draft: FormDraft, form: Form, out: list[Diagnostic]) -> None:
        def add(code: str, message: str) -> None:
            out.append(Diagnostic(code, Severity.WARNING, message, draft.loc, draft.index))

        if not form.indicators:
            add("no-indicators", f"表单“{form.name}”没有读到任何绩效指标（文件可能被截断）")
        if form.form_type is not FormType.DEPARTMENT_SELF_EVAL and not form.project_name:
            add("no-project-name", "表单没有读到项目名称")
        if not form.funding:
            add("no-funding", f"表单“{form.name}”没有读到项目资金/预算执行数据")
        if form.year is None:
            add("no-year", f"表单“{form.name}”没有读到年度")
        if form.form_type is not FormType.TARGET_DECLARATION and form.total_score is None:
            add("no-total", f"表单“{form.name}”没有读到总分行（文件可能被截断）")


@dataclass(frozen=True, slots=True)
class Recognition:
    """The forms of a document, the diagnostics, and which source lines went into them.

    Every non-blank row of the grid is either in ``used_lines`` (as data or as
    structure such as a header) or named by a diagnostic.
    """

    forms: list[Form]
    diagnostics: list[Diagnostic]
    used_lines: frozenset[int]


def recognise(grid: Grid) -> Recognition:
    """Recognise the forms in a grid."""
    rec = Recogniser(grid.source)
    grid = stream.regroup(grid)
    for row in grid:
        rec.feed(row)
    result = rec.finish()
    return Recognition(result.forms, list(grid.diagnostics) + result.diagnostics, result.used_lines)

