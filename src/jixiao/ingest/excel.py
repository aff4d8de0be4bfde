"""Excel in: ``.xlsx`` (openpyxl) and legacy ``.xls`` (xlrd) into one grid.

Each worksheet, in workbook order, becomes a run of grid rows, one per sheet
row (a row without text has no cells). Cells keep their column (0-based
``col``) and a :class:`~jixiao.model.Loc` with the sheet, the address
(``"B7"``) and the 1-based row and column.

A merged range keeps its value in its top-left cell, which carries the
``rowspan``/``colspan``; every other position it covers is an empty cell.
That is how the recogniser inherits merged 一级/二级 labels.

Cells read as a person sees them: numbers through their number format
(``#,##0.00`` → ``1,241.00``, ``0.00%`` → ``84.80%``), integers without
``.0``, never float noise; dates as ``YYYY-MM-DD``; numbers stored as text
unchanged; formulas by their cached result. A formula without a cached
result (a file written by a program, never opened in Excel) is read as empty,
with a warning naming the cell.

Unreadable workbooks (corrupt, encrypted, or a Word ``.doc`` named ``.xls``)
raise :class:`~jixiao.ingest.text.UnreadableInput` with a Chinese message
that says what to do.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.ingest.memory import paused_gc
from jixiao.ingest.text import UnreadableInput, clean_cell
from jixiao.model import Diagnostic, Loc, Severity

#: (row, col, text): one non-empty cell of a sheet, 1-based.
CellText = tuple[int, int, str]
#: (first_row, first_col, last_row, last_col): a merged range, 1-based, inclusive.
Merge = tuple[int, int, int, int]

_XLSX_BROKEN = "Excel 工作簿（.xlsx）已损坏或格式不受支持，无法读取；请在 Excel 中打开并另存为 .xlsx 后再试"
_XLS_BROKEN = "无法读取旧版 Excel (.xls) 文件；请另存为 .xlsx 后再试"
_ENCRYPTED = "Excel 文件设有打开密码（已加密），无法读取；请在 Excel 中取消密码并另存为 .xlsx 后再试"
_WORD_DOC = "这是旧版 Word (.doc) 文件，不是 Excel 工作簿；旧版 Word (.doc) 文件请另存为 .docx"
_NOT_EXCEL = "文件是 Office 复合文档，但其中没有 Excel 工作簿；请另存为 .xlsx 后再试"


# -- number formats ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Section:
    """One ``;``-separated section of a number format, reduced to what we render."""

    prefix: str = ""
    suffix: str = ""
    general: bool = False
    digits: bool = False  # has digit placeholders (0 # ?)
    int_zeros: int = 0  # '0' placeholders before the decimal point (minimum integer digits)
    dec_min: int = 0  # '0' placeholders after the point
    dec_max: int = 0  # all placeholders after the point
    point: bool = False
    thousands: bool = False
    scale: int = 0  # trailing commas: each divides by 1000
    percent: int = 0  # each '%' multiplies by 100
    exponent: bool = False


_GENERAL = (_Section(general=True),)
_FRACTION = re.compile(r"[0#?]\s*/\s*[0-9#?]")


def _split_sections(fmt: str) -> list[str]:
    """Split a format at the ``;`` that are not quoted or escaped."""
    sections, current, i = [], [], 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            end = fmt.find('"', i + 1)
            end = len(fmt) if end < 0 else end
            current.append(fmt[i : end + 1])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(fmt):
            current.append(fmt[i : i + 2])
            i += 2
            continue
        if ch == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> Iterator[tuple[str, str]]:
    """The tokens of one section: ('lit', text), ('ph', '0#?'), ('.', ''), (',', ''), ('%', ''), ('E', ''), ('general', '')."""
    i, n = 0, len(section)
    while i < n:
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = n if end < 0 else end
            yield "lit", section[i + 1 : end]
            i = end + 1
        elif ch == "\\":
            yield "lit", section[i + 1 : i + 2]
            i += 2
        elif ch == "_":
            yield "lit", " "  # the width of the next character: a space
            i += 2
        elif ch == "*":
            i += 2  # fill character
        elif ch == "[":
            end = section.find("]", i)
            end = n if end < 0 else end
            inner = section[i + 1 : end]
            if inner.startswith("$"):
                yield "lit", inner[1:].split("-", 1)[0]  # [$¥-804] → ¥
            i = end + 1
        elif section[i : i + 7].lower() == "general":
            yield "general", ""
            i += 7
        elif ch in "0#?":
            yield "ph", ch
            i += 1
        elif ch in ".,%":
            yield ch, ""
            i += 1
        elif ch in "Ee" and i + 1 < n and section[i + 1] in "+-":
            yield "E", ""
            i += 2
        elif ch == "@":
            i += 1
        else:
            yield "lit", ch
            i += 1


def _compile_section(section: str) -> _Section:
    """Reduce one format section to prefix, numeric core and suffix."""
    tokens = list(_tokens(section))
    core = [i for i, (kind, _) in enumerate(tokens) if kind in ("ph", "general", "E")]
    percent = sum(1 for kind, _ in tokens if kind == "%")
    if not core:
        text = "".join(t if k == "lit" else ("%" if k == "%" else "") for k, t in tokens)
        return _Section(prefix=text, percent=percent)
    first, last = core[0], core[-1]
    prefix = "".join(t if k == "lit" else "%" if k == "%" else "" for k, t in tokens[:first])
    suffix = "".join(t if k == "lit" else "%" if k == "%" else "" for k, t in tokens[last + 1 :])
    if any(kind == "general" for kind, _ in tokens):
        return _Section(prefix=prefix, suffix=suffix, general=True, percent=percent)
    int_zeros = dec_min = dec_max = scale = 0
    point = thousands = exponent = False
    pending_commas = 0
    for kind, text in tokens[first : last + 1]:
        if kind == "E":
            exponent = True
            break
        if kind == ".":
            point = True
            scale, pending_commas = scale + pending_commas, 0
        elif kind == ",":
            pending_commas += 1
        elif kind == "ph":
            if point:
                dec_max += 1
                dec_min += text == "0"
            else:
                thousands = thousands or pending_commas > 0
                pending_commas = 0
                int_zeros += text == "0"
    if not point:
        scale += pending_commas
    for kind, _ in tokens[last + 1 :]:  # '#,##0,' : the commas after the last placeholder
        if kind != ",":
            break
        scale += 1
    return _Section(prefix=prefix, suffix=suffix, digits=True, int_zeros=int_zeros, dec_min=dec_min,
                    dec_max=dec_max, point=point, thousands=thousands, scale=scale, percent=percent,
                    exponent=exponent)


@lru_cache(maxsize=512)
def compile_format(fmt: str | None) -> tuple[_Section, ...]:
    """The sections of a number format string (cached: a workbook has few formats)."""
    if not fmt or fmt.lower() == "general" or fmt.strip() == "@" or _FRACTION.search(fmt):
        return _GENERAL  # a number in a text cell shows as General; fractions as plain numbers
    try:
        sections = tuple(_compile_section(s) for s in _split_sections(fmt))
    except (ValueError, IndexError):  # pragma: no cover - defensive: any format still renders
        return _GENERAL
    return sections or _GENERAL


def _decimal(value: int | float) -> Decimal:
    """The value as Excel holds it: 15 significant digits, no binary noise."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(format(value, ".15g"))


def _general(d: Decimal) -> str:
    """A number in the General format: integers without '.0', no exponent for ordinary sizes."""
    if d == d.to_integral_value():
        return str(int(d))
    text = format(d.normalize(), "f")
    return text


def _render_section(d: Decimal, sec: _Section) -> str:
    """Render a non-negative Decimal through one section."""
    if sec.percent:
        d = d * (Decimal(100) ** sec.percent)
    if sec.scale:
        d = d / (Decimal(1000) ** sec.scale)
    if sec.general:
        return sec.prefix + _general(d) + sec.suffix
    if not sec.digits:
        return sec.prefix
    if sec.exponent:
        mantissa, _, exp = format(d, f".{sec.dec_max}E").partition("E")
        return f"{sec.prefix}{mantissa}E{exp[0]}{exp[1:].zfill(2)}{sec.suffix}"
    q = d.quantize(Decimal(1).scaleb(-sec.dec_max), rounding=ROUND_HALF_UP)
    text = format(q, ",f" if sec.thousands else "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if len(frac) < sec.dec_min:
        frac = frac.ljust(sec.dec_min, "0")
    if whole == "0" and sec.int_zeros == 0:
        whole = ""
    elif sec.int_zeros > 1 and not sec.thousands:
        whole = whole.zfill(sec.int_zeros)
    number = whole + ("." + frac if sec.point else "")
    return sec.prefix + number + sec.suffix


def format_number(value: int | float, fmt: str | None = None) -> str:
    """A number as Excel shows it under ``fmt`` (``None``/General: its shortest exact text).

    >>> format_number(0.848, "0.00%"), format_number(1241, "#,##0.00"), format_number(0.1 + 0.2)
    ('84.80%', '1,241.00', '0.3')
    """
    sections = compile_format(fmt)
    d = _decimal(value)
    sign = ""
    if d < 0 and len(sections) >= 2:
        sec, d = sections[1], -d  # the negative section prints its own sign
    elif d == 0 and len(sections) >= 3:
        sec = sections[2]
    else:
        sec = sections[0]
        if d < 0:
            sign, d = "-", -d
    text = _render_section(d, sec).strip()
    if sign and any(ch in "123456789" for ch in text):
        text = sign + text
    return text


# -- values to text ----------------------------------------------------------


def _date_text(value: dt.datetime | dt.date | dt.time | dt.timedelta) -> str:
    """A date as ``YYYY-MM-DD`` (with the time only when it has one)."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)  # a timedelta ([h]:mm durations)


def _text(value: object) -> str:
    """Clean text as the text reader cleans it; Excel line breaks stay line breaks."""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean_cell(text)


def value_text(value: object, fmt: str | None) -> str:
    """The text a person sees for a cell value under its number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        try:
            return format_number(value, fmt)
        except (InvalidOperation, ValueError, OverflowError):
            return _text(value)  # inf/nan cannot be stored by Excel; keep whatever it is
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return _date_text(value)
    return _text(value)


# -- sheets to rows ----------------------------------------------------------


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_rows(source: str, sheet: str, cells: Iterable[CellText], merges: Iterable[Merge]) -> list[Row]:
    """The grid rows of one sheet, from its non-empty cells and its merged ranges.

    Rows run from row 1 to the last row with text; each row has a cell for
    every column up to its last text or merged cell. A merged range keeps the
    text of its top-left cell (with its spans); the other positions it covers
    become empty cells, whatever the file stores there.
    """
    by_row: dict[int, dict[int, str]] = {}
    for r, c, text in cells:
        if text:
            by_row.setdefault(r, {})[c] = text
    if not by_row:
        return []
    last_row = max(by_row)
    last_col = max(max(texts) for texts in by_row.values())
    spans, reach = _apply_merges(by_row, merges, last_row, last_col)
    letters = [""] + [column_letter(c) for c in range(1, last_col + 1)]
    rows: list[Row] = []
    for r in range(1, last_row + 1):
        texts = by_row.get(r)
        if texts:
            rows.append(_row(source, sheet, r, texts, max(max(texts), reach.get(r, 0)), spans, letters))
        else:
            rows.append(Row(cells=(), loc=Loc(source=source, sheet=sheet, row=r)))
    return rows


def _apply_merges(by_row: dict[int, dict[int, str]], merges: Iterable[Merge], last_row: int,
                  last_col: int) -> tuple[dict[tuple[int, int], tuple[int, int]], dict[int, int]]:
    """Blank the positions merged ranges cover; return the top-left spans and each row's merged reach.

    Ranges are clipped to the sheet's text (a whole column merged by mistake
    must not cost a million cells).
    """
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    reach: dict[int, int] = {}  # row → last column a merged range covers in it
    for r1, c1, r2, c2 in merges:
        if (r1 == r2 and c1 == c2) or r1 > last_row or c1 > last_col:
            continue
        r2, c2 = min(r2, last_row), min(c2, last_col)
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        for r in range(r1, r2 + 1):
            if reach.get(r, 0) < c2:
                reach[r] = c2
            texts = by_row.get(r)
            if texts:
                for c in range(c1 if r > r1 else c1 + 1, c2 + 1):
                    texts.pop(c, None)
    return spans, reach


def _row(source: str, sheet: str, r: int, texts: dict[int, str], width: int,
         spans: dict[tuple[int, int], tuple[int, int]], letters: list[str]) -> Row:
    """One grid row: a located cell for every column up to ``width``."""
    suffix = str(r)
    get_text, get_span = texts.get, spans.get
    out = []
    for c in range(1, width + 1):
        loc = Loc(source=source, sheet=sheet, cell=letters[c] + suffix, row=r, col=c)
        span = get_span((r, c))
        if span is None:
            out.append(Cell(get_text(c, ""), c - 1, loc))
        else:
            out.append(Cell(get_text(c, ""), c - 1, loc, span[0], span[1]))
    row_loc = Loc(source=source, sheet=sheet, cell=letters[min(texts)] + suffix, row=r)
    return Row(cells=tuple(out), loc=row_loc)


def _hidden_sheet(source: str, sheet: str) -> Diagnostic:
    """The info diagnostic for a hidden worksheet (read like any other)."""
    return Diagnostic("hidden-sheet", Severity.INFO, f"工作表“{sheet}”是隐藏的，已一并读入",
                      Loc(source=source, sheet=sheet))


# -- .xlsx -------------------------------------------------------------------

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_XML = re.compile(rb"<(?:\w+:)?c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR_R = re.compile(rb'\br="\$?([A-Z]{1,3})\$?(\d+)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]")
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)"')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(slots=True)
class _SheetXml:
    """What a sheet's raw XML tells that openpyxl's streaming reader does not."""

    merges: list[Merge]
    uncached: list[tuple[int, int] | None]  # formula cells without a cached result (None: no address)


def _load_xlsx(data: bytes):
    """Open a workbook with openpyxl's streaming reader (cached values); failures become :class:`UnreadableInput`.

    (The full reader is five times slower: it re-styles every merged range.
    Merges and formulas are read from the raw XML instead, see :func:`_scan_package`.)
    """
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing default style…
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False, rich_text=False)
    except Exception:  # noqa: BLE001 - openpyxl raises anything from KeyError to XML errors on bad files
        raise UnreadableInput(_XLSX_BROKEN) from None


def column_index(letters: str) -> int:
    """``A`` → 1, ``AB`` → 28."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the package part that holds it, from the workbook and its relationships."""
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _uncached(xml: bytes) -> list[tuple[int, int] | None]:
    """(row, col) of the formula cells of a sheet that have no cached result.

    Excel saves a formula's last result in ``<v>``; libraries write the
    formula alone (or an empty ``<v></v>``). An empty ``<v>`` of a string
    formula (``t="str"``) is a cached empty text, not a missing result.
    """
    if not _FORMULA_TAG.search(xml):
        return []
    missing: list[tuple[int, int] | None] = []
    for m in _CELL_XML.finditer(xml):
        attrs, body = m.group(1), m.group(2) or b""
        if not _FORMULA_TAG.search(body) or _CACHED.search(body):
            continue
        kind = _ATTR_T.search(attrs)
        if kind and kind.group(1) in (b"str", b"inlineStr") and b"<v" in body:
            continue
        ref = _ATTR_R.search(attrs)
        missing.append((int(ref.group(2)), column_index(ref.group(1).decode())) if ref else None)
    return missing


def _scan_package(data: bytes) -> dict[str, _SheetXml]:
    """Sheet name → its merged ranges and uncached formulas, read from the raw XML."""
    out: dict[str, _SheetXml] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name, part in _sheet_parts(archive).items():
                try:
                    xml = archive.read(part)
                except KeyError:
                    continue
                tail = max(xml.rfind(b"sheetData>"), 0)  # the merges follow the cells
                merges = [(int(r1), column_index(c1.decode()), int(r2), column_index(c2.decode()))
                          for c1, r1, c2, r2 in _MERGE_REF.findall(xml, tail)]
                out[name] = _SheetXml(merges=merges, uncached=_uncached(xml))
    except Exception:  # noqa: BLE001 - openpyxl opened it; a package we cannot scan is still a broken file
        raise UnreadableInput(_XLSX_BROKEN) from None
    return out


def _xlsx_cells(ws) -> Iterator[CellText]:
    """The non-empty cells of an openpyxl worksheet, as text."""
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if value is not None:
                text = value_text(value, cell.number_format)
                if text:
                    yield cell.row, cell.column, text


def _no_cache(source: str, sheet: str, where: tuple[int, int] | None) -> Diagnostic:
    """The warning for a formula cell without a cached result."""
    if where is None:
        return Diagnostic(
            "formula-no-cache", Severity.WARNING,
            f"工作表“{sheet}”中有公式没有缓存的计算结果，按空值处理；请在 Excel 中打开并保存后再导入",
            Loc(source=source, sheet=sheet))
    row, col = where
    address = f"{column_letter(col)}{row}"
    return Diagnostic(
        "formula-no-cache", Severity.WARNING,
        f"单元格 {sheet}!{address} 是公式但没有缓存的计算结果，按空值处理；请在 Excel 中打开并保存后再导入",
        Loc(source=source, sheet=sheet, cell=address, row=row, col=col))


def read_xlsx(data: bytes, source: str) -> Grid:
    """Read an ``.xlsx`` workbook into a grid: every worksheet, in workbook order.

    Raises:
        UnreadableInput: for a corrupt or unsupported workbook.
    """
    with paused_gc():
        return _read_xlsx(data, source)


def _read_xlsx(data: bytes, source: str) -> Grid:
    """:func:`read_xlsx` with the garbage collector paused."""
    wb = _load_xlsx(data)
    rows: list[Row] = []
    diagnostics: list[Diagnostic] = []
    try:
        package = _scan_package(data)
        for ws in wb.worksheets:
            xml = package.get(ws.title, _SheetXml([], []))
            if ws.sheet_state != "visible":
                diagnostics.append(_hidden_sheet(source, ws.title))
            diagnostics.extend(_no_cache(source, ws.title, where) for where in xml.uncached)
            ws.reset_dimensions()  # a wrong <dimension> in the file must not cut rows short
            rows.extend(sheet_rows(source, ws.title, _xlsx_cells(ws), xml.merges))
    except UnreadableInput:
        raise
    except Exception:  # noqa: BLE001 - a workbook openpyxl opened but cannot walk is still a broken file
        raise UnreadableInput(_XLSX_BROKEN) from None
    finally:
        wb.close()
    return Grid(source=source, rows=tuple(rows), diagnostics=tuple(diagnostics))


# -- .xls --------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole2_streams(data: bytes) -> set[str] | None:
    """The stream names of an OLE2 compound file; None when it cannot be listed."""
    from xlrd import compdoc

    try:
        doc = compdoc.CompDoc(data, logfile=io.StringIO())
    except Exception:  # noqa: BLE001 - xlrd raises CompDocError and others on a damaged file
        return None
    return {entry.name for entry in doc.dirlist if entry.etype == 2}


def _check_ole2(data: bytes) -> None:
    """Refuse an OLE2 file that is a Word document or an encrypted package, with what to do."""
    if not data.startswith(_OLE2):
        return
    streams = _ole2_streams(data)
    if streams is None:
        raise UnreadableInput(_XLS_BROKEN)
    if "WordDocument" in streams:
        raise UnreadableInput(_WORD_DOC)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise UnreadableInput(_ENCRYPTED)
    if not streams & {"Workbook", "Book", "WORKBOOK", "BOOK"}:
        raise UnreadableInput(_NOT_EXCEL)


def _open_xls(data: bytes):
    """Open a legacy workbook with xlrd, with formatting info (merges, number formats) when it can be read.

    A few files carry formatting records xlrd cannot parse; those are read
    again without them (``book.formatting_info`` then tells).
    """
    import xlrd

    _check_ole2(data)
    for formatting in (True, False):
        try:
            return xlrd.open_workbook(file_contents=data, formatting_info=formatting, logfile=io.StringIO(),
                                      verbosity=0, on_demand=False)
        except xlrd.XLRDError as exc:
            if "encrypt" in str(exc).lower():
                raise UnreadableInput(_ENCRYPTED) from None
            if "BOF" in str(exc) or "Unsupported format" in str(exc):
                break  # not a workbook at all: no point in a second try
        except Exception:  # noqa: BLE001 - xlrd fails with struct/index errors on damaged files
            continue
    raise UnreadableInput(_XLS_BROKEN)


def _xls_formats(book) -> list[str | None]:
    """XF index → number format string."""
    formats = []
    for xf in book.xf_list:
        fmt = book.format_map.get(xf.format_key)
        formats.append(fmt.format_str if fmt is not None else None)
    return formats


def _xls_cells(book, sheet, formats: list[str | None]) -> Iterator[CellText]:
    """The non-empty cells of an xlrd sheet, as text."""
    import xlrd

    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        values = sheet.row_values(r)
        for c, (kind, value) in enumerate(zip(types, values)):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if kind == xlrd.XL_CELL_TEXT:
                text = _text(value)
            elif kind == xlrd.XL_CELL_NUMBER:
                xf = sheet.cell_xf_index(r, c) if formats else -1
                text = format_number(value, formats[xf] if 0 <= xf < len(formats) else None)
            elif kind == xlrd.XL_CELL_DATE:
                text = _xls_date(value, book.datemode)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                text = "TRUE" if value else "FALSE"
            elif kind == xlrd.XL_CELL_ERROR:
                text = xlrd.error_text_from_code.get(value, "#ERR")
            else:
                text = _text(value)
            if text:
                yield r + 1, c + 1, text


def _xls_date(value: float, datemode: int) -> str:
    """An .xls date serial as ``YYYY-MM-DD`` (a time of day when it is one)."""
    import xlrd

    try:
        if 0 <= value < 1:
            return xlrd.xldate.xldate_as_datetime(value, datemode).time().isoformat()
        return _date_text(xlrd.xldate.xldate_as_datetime(value, datemode))
    except (xlrd.xldate.XLDateError, ValueError, OverflowError):
        return format_number(value)


def read_xls(data: bytes, source: str) -> Grid:
    """Read a legacy ``.xls`` workbook into a grid: every worksheet, in workbook order.

    Raises:
        UnreadableInput: for a corrupt or encrypted workbook, or a Word ``.doc``.
    """
    with paused_gc():
        return _read_xls(data, source)


def _read_xls(data: bytes, source: str) -> Grid:
    """:func:`read_xls` with the garbage collector paused."""
    book = _open_xls(data)
    rows: list[Row] = []
    diagnostics: list[Diagnostic] = []
    try:
        formats = _xls_formats(book) if book.formatting_info else []
        if not book.formatting_info:
            diagnostics.append(Diagnostic(
                "xls-no-formatting", Severity.WARNING,
                "旧版 Excel (.xls) 文件的格式信息无法读取：合并单元格未还原，数字按原始值显示；可另存为 .xlsx 后再试",
                Loc(source=source)))
        for sheet in book.sheets():
            if sheet.visibility:
                diagnostics.append(_hidden_sheet(source, sheet.name))
            merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells]
            rows.extend(sheet_rows(source, sheet.name, _xls_cells(book, sheet, formats), merges))
    except Exception:  # noqa: BLE001 - a workbook xlrd opened but cannot walk is still a broken file
        raise UnreadableInput(_XLS_BROKEN) from None
    finally:
        book.release_resources()
    return Grid(source=source, rows=tuple(rows), diagnostics=tuple(diagnostics))
