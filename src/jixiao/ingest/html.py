"""Web pages in: the form tables of an HTML page, and the text around them.

Government sites publish forms as HTML pages (and as ``.xls`` files that are
really HTML). This reader turns such a page into the one :class:`Grid` every
importer produces:

* **Encoding** — a byte-order mark, then ``<meta charset>`` / ``http-equiv``
  content type / ``<?xml encoding?>``, then UTF-8, then GB18030 (a superset of
  GBK and GB2312, the usual encodings of government pages).
* **Tables** — one grid row per ``<tr>``, cells in column order. ``rowspan``
  and ``colspan`` are expanded: a merged cell's text sits at its top-left
  position and every position it covers is an empty cell, which is how the
  recogniser inherits merged 一级/二级 labels. A table whose cells hold other
  tables is a layout table: its cells are read like the page around them, so
  the form tables nested inside it give the rows.
* **Text outside tables** — titles, years, ``附件1：`` — become one-cell rows
  in document order, one per paragraph, heading or ``<br>``-separated line.
* Scripts, styles and comments are ignored; broken markup is read as lxml
  repairs it; a page without any text gives an empty grid.

Locations: ``table`` counts the page's ``<table>`` elements (1-based, in
document order, layout tables included), ``row``/``col`` are 1-based grid
positions within the table, ``line`` is the source line of the ``<tr>`` (or
of the element holding the text, for text outside tables).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.ingest.text import clean_cell
from jixiao.model import Diagnostic, Loc, Severity

#: Elements whose content is never document text.
_SKIP = frozenset({"head", "title", "script", "style", "noscript", "template", "object", "iframe", "svg", "math"})
#: Elements that start a new line of text (in a cell: a line break; outside tables: a new row).
_BLOCK = frozenset({
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "nav", "aside", "main", "center", "blockquote", "pre",
    "address", "form", "fieldset", "figure", "figcaption", "caption", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "body", "html",
})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})

#: HTML's caps on spans (colspan kept lower: no printed form is wider than this).
_MAX_COLSPAN = 100
_MAX_ROWSPAN = 65534

_WS = re.compile(r"[ \t\r\n\f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Declared names that mean GBK/GB2312 (decoded as their superset GB18030).
_GB_NAMES = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "csgb2312", "euc-cn", "hz-gb-2312"})
#: Single-byte Western encodings: often declared by templates for pages that are UTF-8 or GBK.
_WESTERN = frozenset({"latin_1", "iso8859-1", "cp1252", "ascii", "iso8859-15"})


# -- decoding ----------------------------------------------------------------


def _codec(name: bytes | str | None) -> str | None:
    """The Python codec for a declared charset name, or None if unknown."""
    if not name:
        return None
    label = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().lower()
    if label in _GB_NAMES or label.startswith("gb"):
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares in its first bytes (meta charset, http-equiv or XML declaration)."""
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return _codec(m.group(1)) if m else None


def decode_html(data: bytes) -> tuple[str, str, bool]:
    """Decode page bytes; return ``(text, codec, lossy)``.

    ``lossy`` is True when no encoding fitted and undecodable bytes were
    replaced by U+FFFD.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, False
            except UnicodeDecodeError:
                return data.decode(codec, errors="replace"), codec, True
    candidates = _candidates(data)
    for codec in candidates:
        try:
            return data.decode(codec), codec, False
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(candidates[0], errors="replace"), candidates[0], True


def _candidates(data: bytes) -> list[str]:
    """The codecs to try, most likely first."""
    head = data[:64]
    if head.count(b"\x00") >= 8:  # UTF-16 without a byte-order mark
        return ["utf-16-le" if head[1:2] == b"\x00" else "utf-16-be", "utf-8", "gb18030"]
    declared = declared_charset(data)
    order = ["utf-8", "gb18030"]
    if declared is None or declared in order:
        return ([declared] if declared else []) + [c for c in order if c != declared]
    return order + [declared] if declared in _WESTERN else [declared] + order


# -- the page walker ---------------------------------------------------------


def _tag(el: object) -> str | None:
    """The lower-case tag of an element; None for comments and processing instructions."""
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else None


def _table_rows(table: etree._Element) -> list[etree._Element]:
    """The ``<tr>`` elements of a table itself (not of tables nested in it)."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in _ROW_GROUPS:
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    """The ``<td>``/``<th>`` elements of a row."""
    return [c for c in tr if _tag(c) in _CELLS]


def _holds_table(cells: Iterable[etree._Element]) -> bool:
    """True when any of the cells contains a table (the mark of a layout table)."""
    return any(next(cell.iter("table"), None) is not None for cell in cells)


def _span(el: etree._Element, name: str, cap: int) -> int:
    """A rowspan/colspan attribute as an int in ``1..cap`` (``0`` means 'to the end': cap)."""
    raw = (el.get(name) or "1").strip()
    digits = re.match(r"\d+", raw)
    if digits is None:
        return 1
    value = int(digits.group())
    return cap if value == 0 else max(1, min(value, cap))


def _inline_text(el: etree._Element, out: list[str]) -> None:
    """Append the text of ``el``'s content to ``out``: blocks and ``<br>`` become line breaks."""
    for child in el:
        tag = _tag(child)
        if tag is not None and tag not in _SKIP:
            block = tag in _BLOCK
            if block:
                out.append("\n")
            if child.text:
                out.append(_WS.sub(" ", child.text))
            _inline_text(child, out)
            if block:
                out.append("\n")
        if child.tail:
            out.append(_WS.sub(" ", child.tail))


def cell_text(cell: etree._Element) -> str:
    """The cleaned text of a table cell (paragraphs and ``<br>`` lines joined by ``\\n``)."""
    out = [_WS.sub(" ", cell.text)] if cell.text else []
    _inline_text(cell, out)
    return clean_cell("".join(out))


class _PageReader:
    """Walks a parsed page in document order, collecting grid rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: list[Row] = []
        self.tables = 0
        self.buffer: list[str] = []
        self.buffer_line: int | None = None

    # -- text outside tables ----------------------------------------------

    def add_text(self, text: str | None, line: int | None) -> None:
        """Add running text to the current line."""
        if not text:
            return
        if self.buffer_line is None and text.strip():
            self.buffer_line = line
        self.buffer.append(_WS.sub(" ", text))

    def flush(self) -> None:
        """End the current line: its text becomes one-cell rows (one per printed line)."""
        text = clean_cell("".join(self.buffer))
        line, self.buffer, self.buffer_line = self.buffer_line, [], None
        for part in text.split("\n"):
            if part:
                loc = Loc(source=self.source, line=line)
                self.rows.append(Row(cells=(Cell(part, 0, loc),), loc=loc))

    def flow(self, el: etree._Element) -> None:
        """Read an element outside any form table (its tail is read by the caller)."""
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.add_text(el.text, el.sourceline)
        for child in el:
            self.flow(child)
            self.add_text(child.tail, child.sourceline)
        if block:
            self.flush()

    # -- tables -----------------------------------------------------------

    def table(self, table: etree._Element) -> None:
        """Read a table: a form table as grid rows, a layout table as running text."""
        self.tables += 1
        rows = _table_rows(table)
        if not rows or _holds_table(c for tr in rows for c in _row_cells(tr)):
            for child in table:  # a layout table: its cells read like the page around them
                self.flow(child)
                self.add_text(child.tail, child.sourceline)
            self.flush()
            return
        for child in table:
            if _tag(child) == "caption":
                self.flow(child)
        self.flush()
        self.rows.extend(self.expand(rows, self.tables))

    def expand(self, trs: list[etree._Element], number: int) -> list[Row]:
        """The grid rows of a form table, merged cells expanded (text top-left, "" where covered)."""
        placed: list[dict[int, tuple[str, int, int]]] = [{} for _ in trs]
        covered: list[set[int]] = [set() for _ in trs]
        for r, tr in enumerate(trs):
            col = 0
            for td in _row_cells(tr):
                while col in covered[r] or col in placed[r]:
                    col += 1
                rowspan = _span(td, "rowspan", min(_MAX_ROWSPAN, len(trs) - r))
                colspan = _span(td, "colspan", _MAX_COLSPAN)
                placed[r][col] = (cell_text(td), rowspan, colspan)
                for dr in range(rowspan):
                    covered[r + dr].update(range(col + (dr == 0), col + colspan))
                col += colspan
        width = max((c + 1 for row in covered for c in row), default=0)
        width = max([width] + [c + spans[2] for row in placed for c, spans in row.items()])
        return [self._row(tr, r, placed[r], width, number) for r, tr in enumerate(trs)]

    def _row(self, tr: etree._Element, r: int, placed: dict[int, tuple[str, int, int]],
             width: int, number: int) -> Row:
        """One grid row of ``width`` cells."""
        line = tr.sourceline
        row_loc = Loc(source=self.source, line=line, table=number, row=r + 1)
        cells = []
        for col in range(width):
            loc = Loc(source=self.source, line=line, table=number, row=r + 1, col=col + 1)
            text, rowspan, colspan = placed.get(col, ("", 1, 1))
            cells.append(Cell(text, col, loc, rowspan, colspan))
        return Row(cells=tuple(cells), loc=row_loc)


# -- entry point -------------------------------------------------------------


def parse_page(text: str) -> etree._Element | None:
    """Parse page text with lxml's lenient HTML parser; None when there is nothing to parse."""
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None  # lxml found no document at all (only comments, say)


def read_html(data: bytes, source: str) -> Grid:
    """Read an HTML page into a :class:`Grid`: form tables as rows, other text as one-cell rows."""
    text, codec, lossy = decode_html(data)
    diagnostics = []
    if lossy:
        diagnostics.append(Diagnostic(
            "encoding-replaced", Severity.WARNING,
            f"网页编码无法完全识别（按 {codec} 读取），部分字符已替换为“\ufffd”；"
            "请确认文件未损坏，或另存为 UTF-8 后再试",
            Loc(source=source)))
    root = parse_page(text)
    if root is None:
        return Grid(source=source, rows=(), diagnostics=tuple(diagnostics))
    reader = _PageReader(source)
    body = root.find("body")
    reader.flow(body if body is not None else root)
    reader.flush()
    return Grid(source=source, rows=tuple(reader.rows), diagnostics=tuple(diagnostics))
