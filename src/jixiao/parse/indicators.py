"""The indicator table: 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因.

Each row is read in one of two ways:

* **by position**, when every filled cell sits under a header column that
  accepts it (labels under 一级/二级, numbers under 分值/得分);
* **by sequence**, when text extraction has shifted cells into the wrong
  columns: reading from the right, the last two adjacent numbers are
  分值/得分 (followed by the 偏差原因 text), the cells before them are the
  values, the first cell that is not a level label is the 三级指标 name, and
  up to two level labels lead the row.

Merged 一级/二级 cells are inherited by the rows below them. A label broken
by a page break (``满意`` / ``度指 标``) is completed by the label cells that
lead the next row, and every row under it gets the whole label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.ingest.grid import Cell, Row
from jixiao.model import Severity
from jixiao.model.labels import (
    LEVEL2_PARENT,
    completes,
    fragment_levels,
    is_known,
    is_level1_name,
    is_level2_name,
    split_label_weight,
)
from jixiao.parse.draft import FormDraft, IndicatorDraft, LabelSlot
from jixiao.parse.text import is_null, is_plain_number, key, ordinal, points, squash

#: Header cell text → role; (pattern, role, exact). The first match wins.
_ROLES = (
    ("一级指标", "l1", False),
    ("二级指标", "l2", False),
    ("三级指标", "l3", False),
    ("指标名称", "l3", False),
    ("偏差原因", "reason", False),
    ("未完成原因", "reason", False),
    ("原因分析", "reason", False),
    ("备注", "reason", True),
    ("实际完成值", "actual", False),
    ("实际完成", "actual", False),
    ("完成值", "actual", False),
    ("实际值", "actual", False),
    ("实际", "actual", True),
    ("指标性质", "op", False),
    ("指标方向", "op", False),
    ("度量单位", "unit", False),
    ("计量单位", "unit", False),
    ("单位", "unit", True),
    ("指标值", "target", False),
    ("目标值", "target", False),
    ("计划值", "target", False),
    ("年度", "target", True),
    ("分值", "weight", False),
    ("权重", "weight", False),
    ("分数", "weight", False),
    ("标准分", "weight", False),
    ("得分", "score", False),
    ("评分", "score", True),
    ("绩效标准", "note", False),
    ("评分标准", "note", False),
    ("指标解释", "note", False),
    ("指标说明", "note", False),
    ("指标内容", "note", False),
    ("年度指标完成情况", "goal", False),
    ("绩效目标", "goal", True),
    ("绩效指标", "section", False),
    ("序号", "seq", True),
    ("编号", "seq", True),
)
_VALUE_ROLES = ("op", "target", "unit", "actual")
#: 指标性质 words that say what kind of indicator it is, not an operator.
_NATURE_WORDS = frozenset({"定性", "定量", "定性指标", "定量指标"})
#: The merged cell at the left of the table that names the whole block.
_SECTION_LABELS = frozenset({"绩效指标", "年度绩效指标", "年度指标完成情况", "绩效指标完成情况", "项目绩效指标"})


def is_section_label(k: str) -> bool:
    """The merged cell at the left of the table (年度绩效指标, 本年度 绩效指标): it names the block."""
    return k in _SECTION_LABELS or (len(k) <= 10 and k.endswith(("绩效指标", "指标完成情况")) and "级" not in k)


def cell_role(text: str) -> str | None:
    """The role a header cell names (``l1``, ``target``, ``weight`` …), if any."""
    k = key(text)
    for pattern, role, exact in _ROLES:
        if (k == pattern) if exact else (pattern in k):
            return role
    return None


def header_roles(row: Row) -> dict[int, str]:
    """Column → role for an indicator header row."""
    roles: dict[int, str] = {}
    for cell in row.filled:
        role = cell_role(cell.text)
        if role is not None:
            roles[cell.col] = role
    return roles


def is_header(row: Row) -> bool:
    """True for the header row of an indicator table."""
    if not any("级" in c.text for c in row.filled):
        return False
    roles = list(header_roles(row).values())
    if "l1" in roles and ("l2" in roles or "l3" in roles):
        return True
    # 一级指标 broken onto lines of its own above the header (一级 / 指标)
    return "l2" in roles and "l3" in roles and len(set(roles) & {"target", "actual", "weight", "score"}) >= 2


def goal_number(text: str) -> int | None:
    """``绩效目标3`` / ``目标一`` → the goal number; None for other text (a bare number is not a goal label)."""
    k = key(text)
    return ordinal(k) if k.startswith(("目标", "绩效目标")) else None


def label_kind(text: str) -> str | None:
    """'l1', 'l2', 'both', 'fragment' or 'unknown' for label-like text; else None."""
    k, _ = split_label_weight(text)
    if not k:
        return None
    one, two = is_level1_name(k), is_level2_name(k)
    if one and two:
        return "both"
    if one:
        return "l1"
    if two:
        return "l2"
    if len(k) <= 6 and fragment_levels(k):
        return "fragment"
    if k.endswith("指标") and len(k) <= 12 and not any(ch.isdigit() for ch in k):
        return "unknown"
    return None


@dataclass(slots=True)
class _Parsed:
    labels: list[Cell] = field(default_factory=list)
    label_hints: list[str | None] = field(default_factory=list)
    name: Cell | None = None
    values: dict[str, list[Cell]] = field(default_factory=dict)
    weight: Cell | None = None
    score: Cell | None = None
    reason: list[Cell] = field(default_factory=list)
    goal_no: int | None = None


class IndicatorReader:
    """Reads the rows of one form's indicator table."""

    def __init__(self, header: Row, draft: FormDraft) -> None:
        self.draft = draft
        self.roles = header_roles(header)
        self.l1: LabelSlot | None = None
        self.l2: LabelSlot | None = None
        self.goal_no: int | None = None
        self.first = len(draft.indicators)

    # -- header -----------------------------------------------------------

    def extend_header(self, row: Row) -> bool:
        """Merge a second header row (``年度`` / ``指标值`` printed on two rows)."""
        if any(len(c.text) > 12 for c in row.filled):
            return False  # body text, not a header
        roles = header_roles(row)
        if not roles or len(roles) != len(row.filled) or "l1" in roles.values():
            return False
        for col, role in roles.items():
            self.roles.setdefault(col, role)
        return True

    def _value_roles(self) -> list[str]:
        ordered = [self.roles[c] for c in sorted(self.roles)]
        return [r for r in ordered if r in _VALUE_ROLES]

    # -- rows -------------------------------------------------------------

    def feed(self, row: Row) -> None:
        """Read one row of the table."""
        cells = [c for c in row.filled if not is_section_label(key(c.text))]
        if self._continues_reason(cells):
            self.draft.use(row.loc)
            return
        if cells and not self._label_only(cells):
            parsed = self._by_position(cells) or self._by_sequence(cells, row)
            if parsed.goal_no is not None and parsed.goal_no != self.goal_no:
                self.goal_no, self.l1, self.l2 = parsed.goal_no, None, None
            self._apply_labels(parsed.labels, parsed.label_hints)
            if parsed.name is None:
                lost = [c.text for c in (parsed.weight, parsed.score, *parsed.reason) if c is not None]
                if lost:
                    self.draft.diag("indicator-without-name", Severity.WARNING,
                                    f"此行有分值/得分但没有三级指标名称，未读入：“{' | '.join(lost)}”", row.loc)
                    return
            else:
                self.draft.indicators.append(self._build(parsed, row))
        self.draft.use(row.loc)

    def _continues_reason(self, cells: list[Cell]) -> bool:
        """A lone cell under 偏差原因: the reason of the row above, wrapped onto a new line."""
        if len(cells) != 1 or self.roles.get(cells[0].col) != "reason" or not self.draft.indicators:
            return False
        last = self.draft.indicators[-1]
        if last.deviation_reason is None:
            return False
        last.deviation_reason += cells[0].text
        return True

    def _label_only(self, cells: list[Cell]) -> bool:
        """A row of label cells alone: the rest of a broken label, or a group heading."""
        if any(label_kind(c.text) is None and not self._continues(c.text) for c in cells):
            return False
        if len(cells) == 1 and goal_number(cells[0].text) is not None:
            self.goal_no, self.l1, self.l2 = goal_number(cells[0].text), None, None
            return True
        self._apply_labels(cells, [None] * len(cells))
        return True

    def _continues(self, text: str) -> bool:
        k = key(text)
        return any(s is not None and self._pending(s) and completes(key(s.text), k) for s in (self.l1, self.l2))

    @staticmethod
    def _pending(slot: LabelSlot) -> bool:
        k = key(slot.text)
        return not is_known(k) and bool(fragment_levels(k))

    def _by_position(self, cells: list[Cell]) -> _Parsed | None:
        if any(c.col not in self.roles for c in cells):
            return None
        anchor = _anchor(cells)
        if anchor is not None and {"weight", "score"} <= set(self.roles.values()):
            if (self.roles[cells[anchor].col], self.roles[cells[anchor + 1].col]) != ("weight", "score"):
                return None
        p = _Parsed()
        for cell in cells:
            role = self.roles[cell.col]
            kind = label_kind(cell.text)
            if role == "seq":
                if ordinal(cell.text) is None:
                    return None
            elif role == "goal":
                if goal_number(cell.text) is None:
                    return None
                p.goal_no = goal_number(cell.text)
            elif role == "section":
                return None
            elif role in ("l1", "l2"):
                cont = self._continues(cell.text)
                wrong = "l2" if role == "l1" else "l1"
                if (kind is None and not cont) or kind == wrong:
                    return None
                p.labels.append(cell)
                p.label_hints.append(role)
            elif role in ("weight", "score"):
                if not (is_plain_number(cell.text) or is_null(cell.text)):
                    return None
                setattr(p, role, cell)
            elif role == "l3":
                p.name = cell
            elif role == "reason":
                p.reason.append(cell)
            else:
                p.values.setdefault(role, []).append(cell)
        return p if p.name is not None else None

    def _by_sequence(self, cells: list[Cell], row: Row) -> _Parsed:
        p = _Parsed()
        seq = list(cells)
        if "seq" in self.roles.values() and len(seq) > 1 and ordinal(seq[0].text) is not None:
            seq.pop(0)  # the row's 序号
        if goal_number(seq[0].text) is not None:
            p.goal_no = goal_number(seq.pop(0).text)
        has_scores = bool({"weight", "score"} & set(self.roles.values()))
        anchor = _anchor(seq) if has_scores else None
        if anchor is not None:
            p.weight, p.score = seq[anchor], seq[anchor + 1]
            p.reason = seq[anchor + 2 :]
            seq = seq[:anchor]
        need = 1 if anchor is not None or "target" not in self._value_roles() else 2
        while seq and len(p.labels) < 2 and len(seq) > need:
            text = seq[0].text
            if label_kind(text) is None and not self._continues(text):
                break
            p.labels.append(seq.pop(0))
            p.label_hints.append(None)
        if not seq:
            return p
        p.name, rest = seq[0], seq[1:]
        numeric = [r for r in ("weight", "score") if r in self.roles.values()]
        if anchor is None and len(numeric) == 1 and len(rest) > len(self._value_roles() or ["target", "actual"]) \
                and is_plain_number(rest[-1].text):
            cell = rest.pop()  # the table's one number column (得分 without 分值)
            setattr(p, numeric[0], cell)
            self.draft.diag("value-placed-by-type", Severity.INFO,
                            f"指标“{p.name.text}”的“{cell.text}”不在表头的列下，按类型读作"
                            f"{'分值' if numeric[0] == 'weight' else '得分'}", cell.loc)
        self._assign_values(p, rest, row)
        return p

    def _assign_values(self, p: _Parsed, rest: list[Cell], row: Row) -> None:
        roles = self._value_roles() or ["target", "actual"]
        if len(rest) <= len(roles) and len(rest) < len(roles) and p.weight is not None:
            shift = p.weight.col - next((c for c, r in self.roles.items() if r == "weight"), p.weight.col)
            free = list(roles)
            for cell in rest:
                role = self.roles.get(cell.col - shift)
                role = role if role in free else free[0]
                free.remove(role)
                p.values.setdefault(role, []).append(cell)
            return
        for n, cell in enumerate(rest):
            role = roles[min(n, len(roles) - 1)]
            if n >= len(roles):
                self.draft.diag("indicator-extra-cell", Severity.WARNING,
                                f"指标“{p.name.text if p.name else ''}”多出单元格“{cell.text}”，已并入{role}",
                                cell.loc)
            p.values.setdefault(role, []).append(cell)

    # -- labels -----------------------------------------------------------

    def _apply_labels(self, cells: list[Cell], hints: list[str | None]) -> None:
        cells, hints = list(cells), list(hints)
        for attr in ("l1", "l2"):
            slot = getattr(self, attr)
            if cells and slot is not None and self._pending(slot) and completes(key(slot.text), key(cells[0].text)):
                slot.text = key(slot.text) + key(cells.pop(0).text)
                hints.pop(0)
        if len(cells) >= 2:
            self._set(1, cells[0].text)
            self._set(2, cells[1].text)
        elif cells:
            self._set(self._level_of(cells[0].text, hints[0]), cells[0].text)

    def _level_of(self, text: str, hint: str | None) -> int:
        if hint:
            return 1 if hint == "l1" else 2
        kind = label_kind(text)
        if kind == "l1":
            return 1
        if kind == "l2":
            return 2
        if kind == "both":
            return 2 if self.l1 is not None and self.l1.canonical() == "产出指标" else 1
        if kind == "fragment":
            levels = fragment_levels(split_label_weight(text)[0])
            if levels == {1}:
                return 1
            if levels == {2}:
                return 2
        return 2 if self.l1 is not None else 1

    def _set(self, level: int, text: str) -> None:
        slot = LabelSlot(text=key(text), level=level)
        if level == 1:
            self.l1, self.l2 = slot, None
            self._backfill_level1(slot)
        else:
            self.l2 = slot

    def _backfill_level1(self, slot: LabelSlot) -> None:
        """Give a 一级 label printed mid-block to the rows above it that it spans.

        A merged 一级 cell's text sits on its middle row in extracted text; the
        rows above it inherited the previous label (or none). Only rows whose
        二级 label belongs to the new 一级 and contradicts the inherited one move.
        """
        new = slot.canonical()
        for ind in reversed(self.draft.indicators[self.first :]):
            if ind.goal_no != self.goal_no or ind.level2 is None:
                break
            if LEVEL2_PARENT.get(ind.level2.canonical() or "") != new:
                break
            old = ind.level1.canonical() if ind.level1 else None
            if old == new or (old is not None and old not in LEVEL2_PARENT.values()):
                break
            ind.level1 = slot

    # -- building ---------------------------------------------------------

    def _build(self, p: _Parsed, row: Row) -> IndicatorDraft:
        assert p.name is not None
        values = {role: squash(" ".join(c.text for c in cells)) for role, cells in p.values.items()}
        target = values.get("target")
        if "op" in values or "unit" in values:
            op = values.get("op")
            op = None if op in _NATURE_WORDS else op
            target = "".join(v for v in (op, target, values.get("unit")) if v) or None
        return IndicatorDraft(
            name=squash(p.name.text) or p.name.text,
            loc=row.loc,
            level1=self.l1,
            level2=self.l2,
            target_text=target,
            actual_text=values.get("actual"),
            weight=self._number(p.weight),
            score=self._number(p.score),
            deviation_reason="\n".join(c.text for c in p.reason) or None,
            goal_no=self.goal_no if p.goal_no is None else p.goal_no,
        )

    def _number(self, cell: Cell | None):
        if cell is None or is_null(cell.text):
            return None
        value = points(cell.text)
        if value is None:
            self.draft.diag("indicator-not-a-number", Severity.WARNING,
                            f"分值/得分“{cell.text}”不是数字，按空值处理", cell.loc)
        return value


def _anchor(cells: list[Cell]) -> int | None:
    """Index of the rightmost pair of adjacent bare numbers (分值, 得分), if any.

    Only text (the 偏差原因) may follow the pair.
    """
    for i in range(len(cells) - 2, -1, -1):
        if is_plain_number(cells[i].text) and is_plain_number(cells[i + 1].text):
            if all(not is_plain_number(c.text) for c in cells[i + 2 :]):
                return i
            return None
    return None
