"""Word in: the tables and paragraphs of a ``.docx`` document.

The body is read in document order, paragraphs and tables interleaved, into
the one :class:`Grid` every importer produces:

* **Tables** — one grid row per ``w:tr``, cells in grid-column order, read
  from the XML rather than python-docx's ``row.cells`` (which repeats a
  merged cell's text in every position it covers). A horizontal merge
  (``w:gridSpan``, or the legacy ``w:hMerge``) puts the text in its first
  column and ``""`` in the others; a vertical merge (``w:vMerge`` restart /
  continue) puts the text in its first row and ``""`` below. ``w:gridBefore``
  leaves empty leading cells. A cell's paragraphs (and ``w:br`` line breaks)
  are joined with ``\\n``.
* **Layout tables** — a table whose cells hold other tables is read like the
  body around it: its paragraphs become one-cell rows and the nested tables
  give their own rows.
* **Paragraphs** outside tables become one-cell rows (one per line);
  empty paragraphs are skipped. Content controls (``w:sdt``) are read
  through; text boxes, drawings and deleted (tracked) text are not.

Locations: ``table`` counts the document's tables (1-based, document order,
layout tables included), ``row``/``col`` are 1-based grid positions; a
paragraph's row has ``table`` None and ``row`` = its paragraph number.

A file that is not a readable Word document raises
:class:`~jixiao.ingest.text.UnreadableInput` with a Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import docx
from lxml import etree

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.ingest.text import UnreadableInput, clean_cell
from jixiao.model import Loc

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{_W}}}{name}"


P, TBL, TR, TC, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
VAL = _w("val")
#: Elements that hold text that never prints inline: drawings/text boxes, deleted text, properties.
_SKIP = frozenset({_w("drawing"), _w("pict"), _w("object"), _w("del"), _w("pPr"), _w("rPr"),
                   _w("txbxContent"), f"{{{_MC}}}AlternateContent"})
_LINE_BREAKS = frozenset({_w("br"), _w("cr")})
_MAX_SPAN = 100

CORRUPT_MESSAGE = "Word 文件已损坏或设有密码，无法读取；请用 Word 或 WPS 打开后另存为 .docx（不设密码）再试"


# -- loading -----------------------------------------------------------------


def _body_by_python_docx(data: bytes) -> etree._Element | None:
    """The body as python-docx reads it; None when python-docx refuses the package."""
    try:
        return docx.Document(io.BytesIO(data)).element.body
    except Exception:  # noqa: BLE001 - python-docx raises many types for bad packages
        return None


def _body_from_xml(data: bytes) -> etree._Element | None:
    """The body read straight from ``word/document.xml``; None when there is none to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.fromstring(xml, parser=parser).find(_w("body"))
    except Exception:  # noqa: BLE001 - zipfile, zlib and lxml errors alike mean a corrupt file
        return None


def load_body(data: bytes) -> etree._Element:
    """The ``w:body`` element of a Word document.

    python-docx reads it; a package python-docx refuses (a macro-enabled
    ``.docm``, a template, a file without content types) is read from
    ``word/document.xml`` directly.

    Raises:
        UnreadableInput: when the bytes hold no readable Word body.
    """
    body = _body_by_python_docx(data)
    if body is None:
        body = _body_from_xml(data)
    if body is None:
        raise UnreadableInput(CORRUPT_MESSAGE)
    return body


# -- text --------------------------------------------------------------------


def _run_text(el: etree._Element, out: list[str]) -> None:
    """Append the printed text inside ``el`` to ``out`` (line breaks as ``\\n``, tabs as spaces)."""
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag == _w("tab"):
            out.append(" ")
        elif tag in _LINE_BREAKS:
            out.append("\n")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        else:
            _run_text(child, out)


def paragraph_lines(p: etree._Element) -> list[str]:
    """The cleaned, non-empty lines of a paragraph."""
    out: list[str] = []
    _run_text(p, out)
    text = "\n".join(clean_cell(part) for part in "".join(out).split("\n"))
    return [line for line in text.split("\n") if line]


def _content(parent: etree._Element) -> list[etree._Element]:
    """The block children of a body or cell, with content controls and custom XML unwrapped."""
    items = []
    for child in parent:
        if child.tag == SDT:
            inner = child.find(SDT_CONTENT)
            items.extend(_content(inner) if inner is not None else [])
        elif child.tag == CUSTOM_XML:
            items.extend(_content(child))
        else:
            items.append(child)
    return items


def cell_text(tc: etree._Element) -> str:
    """A cell's text: its paragraphs' lines joined by ``\\n`` (nested tables left out)."""
    return "\n".join(line for p in _content(tc) if p.tag == P for line in paragraph_lines(p))


# -- tables ------------------------------------------------------------------


def _int_val(el: etree._Element | None, default: int) -> int:
    """The integer ``w:val`` of a property element, or ``default``."""
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(VAL, default)), _MAX_SPAN))
    except ValueError:
        return default


def _property(tc: etree._Element, name: str) -> etree._Element | None:
    """A ``w:tcPr`` child of a cell."""
    pr = tc.find(_w("tcPr"))
    return pr.find(_w(name)) if pr is not None else None


def _merge_state(el: etree._Element | None) -> str | None:
    """``restart``, ``continue`` or None for a ``w:vMerge``/``w:hMerge`` element."""
    if el is None:
        return None
    return "restart" if el.get(VAL) == "restart" else "continue"


def _rows(tbl: etree._Element) -> list[etree._Element]:
    """The ``w:tr`` rows of a table (content controls unwrapped)."""
    return [tr for tr in _content(tbl) if tr.tag == TR]


def _cells(tr: etree._Element) -> list[etree._Element]:
    """The ``w:tc`` cells of a row (content controls unwrapped)."""
    return [tc for tc in _content(tr) if tc.tag == TC]


def _row_property(tr: etree._Element, name: str) -> int:
    """``w:gridBefore``/``w:gridAfter`` of a row."""
    pr = tr.find(_w("trPr"))
    return _int_val(pr.find(_w(name)) if pr is not None else None, 0)


@dataclass(slots=True)
class _Slot:
    """A cell being placed: text at grid column ``col``, spans grown as merges continue."""

    text: str
    col: int
    rowspan: int = 1
    colspan: int = 1


def place_cells(trs: list[etree._Element]) -> tuple[list[list[_Slot]], int]:
    """The text-bearing slots of each row, merges resolved, and the table's grid width."""
    rows: list[list[_Slot]] = []
    open_merges: dict[int, _Slot] = {}  # grid column → the cell a vertical merge started in
    width = 0
    for tr in trs:
        col, slots, still_open = _row_property(tr, "gridBefore"), [], {}
        for tc in _cells(tr):
            span = max(1, _int_val(_property(tc, "gridSpan"), 1))
            vmerge = _merge_state(_property(tc, "vMerge"))
            if _merge_state(_property(tc, "hMerge")) == "continue" and slots:
                slots[-1].colspan += span  # legacy horizontal merge: part of the cell to its left
            elif vmerge == "continue" and col in open_merges:
                top = open_merges[col]
                top.rowspan += 1
                still_open[col] = top
            else:
                slot = _Slot(cell_text(tc), col, colspan=span)
                slots.append(slot)
                if vmerge is not None:
                    still_open[col] = slot
            col += span
        open_merges = still_open
        rows.append(slots)
        width = max(width, col + _row_property(tr, "gridAfter"))
    return rows, width


class _BodyReader:
    """Walks a document body in order, collecting grid rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: list[Row] = []
        self.tables = 0
        self.paragraphs = 0

    def block(self, parent: etree._Element) -> None:
        """Read the paragraphs and tables of a body (or of a layout table's cell)."""
        for child in _content(parent):
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)

    def paragraph(self, p: etree._Element) -> None:
        """A paragraph outside form tables: one one-cell row per line."""
        self.paragraphs += 1
        loc = Loc(source=self.source, row=self.paragraphs)
        for line in paragraph_lines(p):
            self.rows.append(Row(cells=(Cell(line, 0, loc),), loc=loc))

    def table(self, tbl: etree._Element) -> None:
        """A form table as grid rows; a layout table (cells holding tables) as body content."""
        self.tables += 1
        number = self.tables
        trs = _rows(tbl)
        if any(next(tc.iter(TBL), None) is not None for tr in trs for tc in _cells(tr)):
            for tr in trs:
                for tc in _cells(tr):
                    self.block(tc)
            return
        slots, width = place_cells(trs)
        grid_cols = len(tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}"))
        width = max(width, min(grid_cols, _MAX_SPAN))
        self.rows.extend(self._row(number, r, row, width) for r, row in enumerate(slots))

    def _row(self, number: int, r: int, slots: list[_Slot], width: int) -> Row:
        """One grid row of ``width`` cells: slot text at its column, ``""`` elsewhere."""
        by_col = {s.col: s for s in slots}
        cells = []
        for col in range(width):
            loc = Loc(source=self.source, table=number, row=r + 1, col=col + 1)
            slot = by_col.get(col)
            cells.append(Cell(slot.text, col, loc, slot.rowspan, slot.colspan) if slot else Cell("", col, loc))
        return Row(cells=tuple(cells), loc=Loc(source=self.source, table=number, row=r + 1))


def read_docx(data: bytes, source: str) -> Grid:
    """Read a Word document into a :class:`Grid`.

    Raises:
        UnreadableInput: for a corrupt, encrypted or non-Word file.
    """
    body = load_body(data)
    reader = _BodyReader(source)
    try:
        reader.block(body)
    except RecursionError:
        raise UnreadableInput("Word 文件中表格嵌套过深，无法读取；请将表格另存为普通表格后再试") from None
    return Grid(source=source, rows=tuple(reader.rows))
