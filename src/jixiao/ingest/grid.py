"""One grid of located cells: what every importer hands to the form recogniser.

A :class:`Grid` is a sequence of :class:`Row` objects; each row holds the
cells of one printed table row in column order. An empty cell has text ``""``;
a blank row (a page break or an empty line in text) has no cells at all.
Every cell and row keeps its :class:`~jixiao.model.Loc`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from jixiao.model import Diagnostic, Loc


class Cell(NamedTuple):
    """A cell: its text, its column and (for merged cells) its spans.

    A NamedTuple rather than a frozen dataclass: a document has tens of
    thousands of cells, and tuples are built three times faster.
    """

    text: str
    col: int
    loc: Loc
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    """One table row (or one line of free text) of a source document."""

    cells: tuple[Cell, ...]
    loc: Loc
    #: ``"end"`` for a printed row end with no cell (a line of bare ``||`` in
    #: text with one cell per line); ``""`` for an ordinary row.
    mark: str = field(default="", compare=False)
    filled: tuple[Cell, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the cells that carry text, in column order (read for every row, so computed once)
        object.__setattr__(self, "filled", tuple(c for c in self.cells if c.text))

    @property
    def is_blank(self) -> bool:
        """True for a row without any text (a page break in extracted text)."""
        return not self.filled

    def texts(self) -> list[str]:
        """The texts of the filled cells."""
        return [c.text for c in self.filled]


@dataclass(frozen=True, slots=True)
class Grid:
    """The rows of a document, plus what its reader could not read."""

    source: str
    rows: tuple[Row, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)
