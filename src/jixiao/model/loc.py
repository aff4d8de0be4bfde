"""Source locations: where in a document a record or a diagnostic comes from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in a source document.

    ``line`` is 1-based for text. Other formats fill ``page`` (1-based) and
    ``bbox``, ``sheet`` and ``cell`` (``"B7"``), or ``table``/``row``/``col``.
    """

    source: str | None = None
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    #: The last line of a record that spans several lines (a table row
    #: printed one cell per line); None when it is one line.
    end_line: int | None = None

    def lines(self) -> range:
        """The source lines the location covers (empty when it has no line)."""
        if self.line is None:
            return range(0)
        return range(self.line, (self.end_line or self.line) + 1)

    def describe(self) -> str:
        """``file:line`` (or the best equivalent) for messages."""
        where = self.source or "<stdin>"
        if self.page is not None:
            where += f":第{self.page}页"
        if self.sheet is not None:
            where += f":{self.sheet}"
        if self.cell is not None:
            where += f"!{self.cell}"
        elif self.table is not None and self.row is not None:
            where += f":表{self.table}第{self.row}行"
        elif self.row is not None and self.line is None:
            where += f":第{self.row}段"
        if self.line is not None:
            where += f":{self.line}"
            if self.end_line is not None and self.end_line != self.line:
                where += f"–{self.end_line}"
        return where
