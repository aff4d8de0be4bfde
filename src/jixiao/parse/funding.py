"""The funding block: 项目资金 / 预算执行情况 (self-evaluations) and the two-sided
项目资金 block of declarations.

Text extraction often shifts a whole block by a column or two against its
header; the reader finds the shift that lands the most numbers under the
header's value columns and applies it to every row of the block.
"""

from __future__ import annotations

import re

from jixiao.ingest.grid import Cell, Row
from jixiao.model import FormType, Funding, Severity
from jixiao.model.values import parse_decimal
from jixiao.parse.draft import FormDraft
from jixiao.parse.text import is_null, key

#: Header cell text → Funding field; the first matching pattern wins.
_COLUMNS = (
    ("年初预算", "initial_budget"),
    ("年初数", "initial_budget"),
    ("全年预算", "annual_budget"),
    ("调整后预算", "annual_budget"),
    ("预算数", "annual_budget"),
    ("执行率", "execution_rate"),
    ("全年执行", "executed"),
    ("执行数", "executed"),
    ("实际支出", "executed"),
    ("支出数", "executed"),
    ("分值", "weight"),
    ("分数", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
)
_LINE_WORDS = ("资金", "拨款", "预算", "结转", "结余", "收入", "合计", "总额", "财政", "自筹", "经费", "支出")
_UNIT = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_PREFIX = re.compile(r"^其中[:：]?")
#: ``资金总额：250`` / ``一、预算资金:250万元``: a funding line and its amount in one cell.
INLINE_AMOUNT = re.compile(r"^(\D[^:：]{0,24}?)[:：]\s*(-?[\d,]+(?:\.\d+)?)\s*(?:万元|元)?$")


_AMOUNT_TEXT = re.compile(r"^(-?[\d,]+(?:\.\d+)?)\s*(万元|万|元)?(?:[(（].*)?$")


def parse_amount(text: str):
    """An amount cell: ``250``, ``1,100.00``, ``250万`` or ``854万(其中…)``; None for other text.

    The unit printed beside the number is dropped: the block's unit (项目资金（万元）)
    says what the number counts.
    """
    value = parse_decimal(text)
    if value is not None:
        return value
    m = _AMOUNT_TEXT.match(key(text))
    return parse_decimal(m.group(1)) if m else None


def split_inline(cells: tuple[Cell, ...] | list[Cell]) -> tuple[list[Cell], set[int]]:
    """Cells with every ``label：amount`` cell split in two; and the indices of the labels so split."""
    out: list[Cell] = []
    split: set[int] = set()
    for cell in cells:
        m = INLINE_AMOUNT.match(key(cell.text)) if (":" in cell.text or "：" in cell.text) else None
        if m is None:
            out.append(cell)
            continue
        split.add(len(out))
        out.append(cell._replace(text=m.group(1)))
        out.append(cell._replace(text=m.group(2)))
    return out, split

#: Declaration labels → side of the block (None: decided by column).
DECLARATION_LINES = {
    "项目资金总额": "项目",
    "财政资金": "项目",
    "年度资金申请总额": "年度",
    "年度资金总额": "年度",
    "当年财政拨款": "年度",
    "本年财政拨款": "年度",
    "上年结转资金": "年度",
    "上年结转": "年度",
    "财政拨款": None,
    "资金总额": None,
    "其他资金": None,
}


def find_unit(text: str) -> str | None:
    """``元`` or ``万元`` from a header such as ``项目资金 (万元)``."""
    m = _UNIT.search("".join(text.split()))
    return m.group(1) if m else None


def line_name(text: str) -> str:
    """The contract's funding ``line``: no ``其中:`` prefix, spaces or trailing colon."""
    return _PREFIX.sub("", key(text)).rstrip(":：")


def column_role(text: str) -> str | None:
    """The Funding field a header cell names, if any."""
    k = key(text)
    best: tuple[int, str] | None = None
    for pattern, role in _COLUMNS:
        at = k.find(pattern)
        if at == 0:
            return role
        if at > 0 and (best is None or at < best[0]):
            best = (at, role)  # the word the title starts with: 得分（20分*执行率） is a score
    return best[1] if best else None


def is_self_eval_header(row: Row) -> bool:
    """True for the header row of a self-evaluation funding block."""
    roles = {column_role(c.text) for c in row.filled}
    return len(roles & {"initial_budget", "annual_budget", "executed"}) >= 2


def is_declaration_header(row: Row, form_type: FormType | None = None) -> bool:
    """True for the first row of a declaration funding block.

    The two-sided block names 项目资金总额 / 年度资金申请总额; a declaration
    (known from its title) may also print a one-sided 年度资金总额 block.
    """
    cells = split_inline(row.filled)[0]
    keys = {line_name(c.text) for c in cells}
    if keys & {"项目资金总额", "年度资金申请总额"}:
        return True
    one_sided = {"年度资金总额", "资金总额", "项目资金"}
    if form_type is not FormType.TARGET_DECLARATION or is_self_eval_header(row):
        return False
    if {k for k in keys if _UNIT.sub("", k) in one_sided}:
        return True
    return any(is_declaration_label(a.text) and parse_amount(b.text) is not None
               for a, b in zip(cells, cells[1:]))


class SelfEvalFunding:
    """Reads the rows under a self-evaluation funding header."""

    def __init__(self, header: Row, draft: FormDraft) -> None:
        self.draft = draft
        self.roles: dict[int, str] = {}
        self.default_line = "年度资金总额"
        for cell in header.filled:
            role = column_role(cell.text)
            if role and role not in self.roles.values():
                self.roles[cell.col] = role
            elif role is None:
                unit = find_unit(cell.text)
                if unit and draft.amount_unit is None:
                    draft.amount_unit = unit
                name = _UNIT.sub("", key(cell.text))
                if name.endswith(("金额", "总额")):
                    self.default_line = name
        self.shift: int | None = None

    def _label(self, row: Row) -> Cell | None:
        """The row's label: the last text cell before its first number.

        (A block label such as 项目资金（万元） may be repeated to its left.)
        """
        label = None
        for cell in row.filled:
            if parse_decimal(cell.text) is not None:
                break
            if not is_null(cell.text):
                label = cell
        return label

    def _find_shift(self, cells: list[Cell]) -> int:
        best, best_score = 0, -1
        for s in sorted(range(-3, 4), key=abs):
            score = sum(1 for c in cells if (c.col - s) in self.roles and parse_decimal(c.text) is not None)
            if score > best_score:
                best, best_score = s, score
        return best

    def feed(self, row: Row) -> bool:
        """Read one row; False when the row does not belong to the block."""
        first = row.filled[0]
        if line_name(first.text).startswith("偏差原因"):
            self.draft.budget_deviation_reason = "\n".join(c.text for c in row.filled[1:]) or None
            self.draft.use(row.loc)
            return True
        label = self._label(row)
        if label is not None:
            name = line_name(label.text)
            if not any(w in name for w in _LINE_WORDS):
                return False
        values = [c for c in row.cells if c is not label and c.text and (label is None or c.col > label.col)]
        if not values:
            if label is None:
                return False
            values = []
        self.draft.use(row.loc)
        if self.shift is None:
            self.shift = self._find_shift(values)
        fields: dict[str, object] = {}
        for cell in values:
            role = self.roles.get(cell.col - self.shift)
            if role is None:
                self.draft.diag("funding-cell-unplaced", Severity.WARNING,
                                f"资金表中的“{cell.text}”无法对应到表头的列，未读入", cell.loc)
                continue
            fields[role] = self._number(cell, role)
        line = line_name(label.text) if label is not None else self.default_line
        self.draft.funding.append(Funding(line=line, loc=row.loc, **fields))  # type: ignore[arg-type]
        return True

    def _number(self, cell: Cell, role: str):
        if is_null(cell.text):
            return None
        value = parse_decimal(cell.text)
        if value is None:
            self.draft.diag("funding-not-a-number", Severity.WARNING,
                            f"资金表“{cell.text}”不是数字，按空值处理", cell.loc)
        return value


class DeclarationFunding:
    """Reads the two-sided funding block of a 绩效目标申报表."""

    def __init__(self, draft: FormDraft) -> None:
        self.draft = draft
        self.right_col: int | None = None
        self.has_project_side = False

    def feed(self, row: Row) -> bool:
        """Read one row; False when the row does not belong to the block."""
        cells, inline = split_inline(row.filled)
        for cell in cells:
            unit = find_unit(cell.text)
            if unit and self.draft.amount_unit is None:
                self.draft.amount_unit = unit
        labelled = [(i, c) for i, c in enumerate(cells) if i in inline or is_declaration_label(c.text)]
        if not labelled:
            return False
        self.draft.use(row.loc)
        for n, (i, cell) in enumerate(labelled):
            name = line_name(cell.text)
            side = DECLARATION_LINES.get(name)
            if name in ("年度资金申请总额", "年度资金总额") and self.has_project_side:
                self.right_col = cell.col
            if name == "项目资金总额":
                self.has_project_side = True
            if side is None:
                right = self.right_col is not None and cell.col >= self.right_col
                side = "年度" if right or not self.has_project_side else "项目"
            end = labelled[n + 1][0] if n + 1 < len(labelled) else len(cells)
            amount = None
            for other in cells[i + 1 : end]:
                amount = parse_amount(other.text)
                if amount is None and not is_null(other.text):
                    self.draft.diag("funding-not-a-number", Severity.WARNING,
                                    f"“{name}”的金额“{other.text}”不是数字，按空值处理", other.loc)
                break
            self.draft.funding.append(Funding(line=f"{side}:{name}", amount=amount, loc=cell.loc))
        # the block is printed in two columns: the project side reads first, then the annual side
        self.draft.funding.sort(key=lambda f: not f.line.startswith("项目:"))
        return True


def is_declaration_label(text: str) -> bool:
    """True for a declaration funding line label (项目资金总额, 其中：财政拨款, 年度本级预算金额 …)."""
    name = line_name(text)
    if name in DECLARATION_LINES:
        return True
    return (parse_decimal(text) is None and name.endswith(("资金", "拨款", "金额", "总额"))
            and not name.startswith("项目资金(") and len(name) <= 16)
