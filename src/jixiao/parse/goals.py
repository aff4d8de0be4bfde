"""The goal block: 年度总体目标 (projects), 项目绩效目标 (declarations) and
年度绩效目标完成情况 (department forms, one numbered row per goal).

A goal cell broken by a page break continues on a later row; the
continuation is joined to the cell it continues.
"""

from __future__ import annotations


from jixiao.ingest.grid import Cell, Row
from jixiao.parse.draft import FormDraft, GoalDraft
from jixiao.parse.text import PARENS, key, ordinal

#: Labels that name the block itself (left-hand merged cell), split or whole.
SECTION_LABELS = frozenset({
    "年度总体目标", "年度目标", "总体目标", "项目绩效目标", "绩效目标", "年度绩效目标",
    "年度绩效目标完成情况", "项目总体目标", "年度", "年度总体", "目标", "项目年度目标",
})

#: Header cell text → goal field; the first matching pattern wins.
_ROLES = (
    ("目标序号", "no"),
    ("序号", "no"),
    ("预期目标", "target"),
    ("项目总目标", "project_target"),
    ("中长期目标", "project_target"),
    ("长期目标", "project_target"),
    ("实施期绩效目标", "project_target"),
    ("实施期目标", "project_target"),
    ("本年度绩效目标", "target"),
    ("本年度目标", "target"),
    ("设定目标", "target"),
    ("年初目标", "target"),
    ("年度总体目标", "target"),
    ("年度绩效目标", "target"),
    ("年度目标", "target"),
    ("实际完成情况", "actual"),
    ("完成情况", "actual"),
    ("偏差原因", "reason"),
)


def header_roles(row: Row) -> dict[int, str]:
    """Column → goal field for a goal header row (section label excluded)."""
    roles: dict[int, str] = {}
    filled = row.filled
    for n, cell in enumerate(filled):
        k = PARENS.sub("", key(cell.text))
        if n == 0 and k in SECTION_LABELS and len(filled) > 1:
            continue
        role = cell_role(k)
        if role is not None:
            roles[cell.col] = role
    return roles


def cell_role(k: str) -> str | None:
    """The goal field a header cell (its key, without parentheticals) names, if any."""
    if "完成情况" in k and len(k) <= 16:
        return "actual"  # 年度总体目标完成情况综述
    return next((role for pattern, role in _ROLES if pattern in k and len(k) <= len(pattern) + 12), None)


def is_header(row: Row) -> bool:
    """True for the header row of a goal block (column titles only, no goal text)."""
    found = header_roles(row)
    if any(c.col not in found and len(key(c.text)) > 12 for c in row.filled):
        return False  # 中长期目标 | <text>: a labelled goal row, not a header
    roles = set(found.values())
    return "actual" in roles or "project_target" in roles or ("no" in roles and "target" in roles)


def starts_block(row: Row) -> bool:
    """True for a row that opens the goal block (its header or its label)."""
    filled = row.filled
    return bool(filled) and (is_header(row) or key(filled[0].text) in SECTION_LABELS or _row_label(list(filled)) is not None)


def goal_label(k: str) -> str | None:
    """The goal field a label names exactly (``中长期目标``, ``本年度绩效目标``), else None."""
    k = PARENS.sub("", k)
    return next((role for pattern, role in _ROLES if k == pattern and role in ("target", "project_target")), None)


def _row_label(cells: list[Cell]) -> str | None:
    """The goal field a row names in its first cell (``中长期目标``, ``年度目标``), when text follows."""
    if len(cells) < 2:
        return None
    return goal_label(key(cells[0].text))


class GoalReader:
    """Reads the goal rows of one form."""

    def __init__(self, draft: FormDraft) -> None:
        self.draft = draft
        self.roles: dict[int, str] = {}

    def feed(self, row: Row) -> None:
        """Read one row of the goal block."""
        self.draft.use(row.loc)
        if is_header(row):
            self.roles = header_roles(row)
            return
        cells = [c for c in row.filled if key(c.text) not in SECTION_LABELS]
        if not cells:
            return
        labelled = _row_label(cells)
        if labelled is not None:  # 中长期目标 | text, 年度目标 | text printed as label/value rows
            goal = self.draft.goals[-1] if self.draft.goals else GoalDraft(loc=row.loc)
            if not self.draft.goals and labelled != "project_target":
                self.draft.goals.append(goal)
            for cell in cells[1:]:
                self._put(goal, labelled, cell)
            return
        goal, shift = self._goal_for(cells, row)
        continuation = goal.last_role is not None
        text_roles = [self.roles[c] for c in sorted(self.roles) if self.roles[c] != "no"]
        body = cells[1:] if goal.no is not None and shift is not None else cells
        if not continuation and len(body) == len(text_roles) > 1 and len(set(text_roles)) == len(text_roles):
            for role, cell in zip(text_roles, body):  # one cell per column, in order: however shifted
                self._put(goal, role, cell)
            return
        previous: tuple[str, str] | None = None
        for cell in cells:
            if cell is cells[0] and goal.no is not None and shift is not None:
                continue  # the 目标序号 itself
            role = self._role(cell.col - (shift or 0), continuation, goal)
            if previous == (role, cell.text):
                continue  # a merged cell copied into every column it spans
            previous = (role, cell.text)
            self._put(goal, role, cell)

    def _goal_for(self, cells: list[Cell], row: Row) -> tuple[GoalDraft, int | None]:
        """The goal a row belongs to, and the column shift of a numbered row."""
        no_col = next((c for c, r in self.roles.items() if r == "no"), None)
        first = cells[0]
        number = ordinal(first.text) if len(cells) > 1 else None
        if number is not None:
            goal = GoalDraft(loc=row.loc, no=number)
            self.draft.goals.append(goal)
            return goal, (first.col - no_col) if no_col is not None else None
        if not self.draft.goals:
            goal = GoalDraft(loc=row.loc)
            self.draft.goals.append(goal)
            return goal, None
        return self.draft.goals[-1], None

    def _role(self, col: int, continuation: bool, goal: GoalDraft) -> str:
        role = self.roles.get(col)
        if role is None and continuation and goal.last_role:
            return goal.last_role
        if role is None:
            left = [c for c in self.roles if c <= col and self.roles[c] != "no"]
            role = self.roles[max(left)] if left else "target"
        return "target" if role == "no" else role

    def _put(self, goal: GoalDraft, role: str, cell: Cell) -> None:
        text = cell.text
        if role == "project_target":
            prev = self.draft.project_target
            self.draft.project_target = f"{prev}{text}" if prev else text
            return
        field = {"target": "target", "actual": "actual", "reason": "deviation_reason"}.get(role, "target")
        prev = getattr(goal, field)
        setattr(goal, field, f"{prev}{text}" if prev else text)
        goal.last_role = role
