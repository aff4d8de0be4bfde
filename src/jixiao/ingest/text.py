"""Text in: the layouts that PDF, Word and web pages come out as.

Handles, line by line:

* tab-separated rows (the usual copy of a table);
* rows flattened with ``|`` (web tables, Markdown);
* rows aligned with runs of two or more spaces;
* one cell per line, rows separated by blank lines (seed 004): detected for
  the whole document.

Cell text is cleaned of HTML paragraph markup (``<p>…</p>`` becomes one line
per paragraph) and entities; runs of padding spaces inside a cell become line
breaks. Bytes are decoded as UTF-8 (with or without BOM), UTF-16 with a BOM,
or GB18030 (a superset of GBK and GB2312).
"""

from __future__ import annotations

import html
import re
from functools import partial

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.model import Diagnostic, Loc, Severity


class UnreadableInput(ValueError):
    """The input is not text at all (binary, or in no known encoding)."""


_TAG_BREAK = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>|</?div[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_PAD = re.compile(r"[ \u3000]{2,}")
_SPLIT_SPACES = re.compile(r"[ \u3000]{2,}")
_RULE = re.compile(r"^[\s\-—=:|+_*]+$")
_TITLE = re.compile(r"(绩效自评表|绩效目标申报表|绩效目标表|自评表|申报表)")


def decode(data: bytes) -> tuple[str, str]:
    """Decode document bytes; return ``(text, encoding)``.

    Raises:
        UnreadableInput: for binary data or bytes in no supported encoding.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableInput("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本") from None
    head = data[:65536]
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise UnreadableInput("文件是二进制数据，不是支持的格式（PDF、Excel .xlsx/.xls、Word .docx、网页 .html 或文本）")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise UnreadableInput("无法识别文件编码（支持 UTF-8、GBK/GB18030、UTF-16）")


_PLAIN = re.compile(r"[<&\xa0\u3000\n]|  ")


def clean_cell(raw: str) -> str:
    """Clean one cell: markup to line breaks, entities decoded, padding to newlines."""
    if not _PLAIN.search(raw):
        return raw.strip()
    text = raw
    if "<" in text:
        text = _TAG_BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\xa0", " ")
    text = _PAD.sub("\n", text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def split_line(line: str) -> list[str]:
    """Split one text line into raw cells by tabs, ``|`` or runs of spaces."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.count("|") >= 2 or " | " in line:
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            stripped = stripped[1:-1]  # Markdown borders; otherwise a leading | is an empty first cell
        return [p.strip() for p in stripped.split("|")]
    if _SPLIT_SPACES.search(stripped):
        return _SPLIT_SPACES.split(stripped)
    return [line]


def _is_separator(line: str) -> bool:
    """A row separator of the one-cell-per-line layout: an empty line (a tab is an empty cell)."""
    return not line.strip() and "\t" not in line


def _is_cell_per_line(lines: list[str]) -> bool:
    """True for documents printed one cell per line, rows split by blank lines."""
    content = [ln for ln in lines if ln.strip()]
    if len(content) < 20:
        return False
    multi = sum(1 for ln in content if sum(1 for p in ln.split("\t") if p.strip()) >= 2)
    blank = sum(1 for ln in lines if _is_separator(ln))
    tabbed = sum(1 for ln in content if "\t" in ln)
    return multi <= len(content) * 0.02 and tabbed >= len(content) * 0.5 and blank >= 10


def _make_row(source: str, raw_cells: list[tuple[str, int]], line: int) -> Row:
    row_loc = Loc(source=source, line=line)
    cells = tuple(
        Cell(text=clean_cell(text), col=i, loc=row_loc if ln == line else Loc(source=source, line=ln))
        for i, (text, ln) in enumerate(raw_cells)
    )
    return Row(cells=cells, loc=row_loc)


def _opens_quote(line: str) -> bool:
    """True when a tab-separated cell starts a quoted value that the line does not close."""
    for cell in line.split("\t"):
        if cell.startswith('"'):
            body = cell[1:].replace('""', "")
            if not body.endswith('"'):
                return True
    return False


def _unquote(cell: str) -> str:
    """A spreadsheet cell quoted because it holds line breaks: ``"a\nb"`` → ``a\nb``."""
    if "\n" in cell and len(cell) > 1 and cell.startswith('"') and cell.endswith('"'):
        return cell[1:-1].replace('""', '"')
    return cell


def _logical_lines(lines: list[str], first: int = 1) -> list[tuple[str, int]]:
    """Lines with spreadsheet-quoted multi-line cells joined back (Excel copies them so); 1-based numbers."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(lines):
        line, start = lines[i], i
        if "\t" in line and _opens_quote(line):
            joined, j = line, i
            while _opens_quote(joined) and j + 1 < len(lines) and j - i < 40:
                j += 1
                joined += "\n" + lines[j]
            if not _opens_quote(joined):
                line, i = joined, j
        out.append((line, start + first))
        i += 1
    return out


_BARS = re.compile(r"^\s*\|{2,}\s*$")
_CELL_BAR = re.compile(r"^([^|]*?)\s*\|\s*$")


def _stream_row(source: str, line: str, n: int) -> Row | None:
    """A line of text printed one cell per line, if it is one.

    Web tables copied one cell per line end every cell with `` |``; a lone ``|``
    is an empty cell and a line of bare ``||…`` the end of a table row. A line
    of white space only (spaces, NBSP) is an empty cell (a blank line is not).
    """
    if "|" in line:
        if _BARS.match(line):
            return Row(cells=(), loc=Loc(source=source, line=n), mark="end")
        m = _CELL_BAR.match(line)
        if m is None:
            return None
        return _make_row(source, [(m.group(1), n)], n)
    if line and not line.strip("\u3000\xa0 \t"):
        return _make_row(source, [("", n)], n)
    return None


_RUN_END = re.compile(r"\|\s*\|\s*$")
_SINGLE_END = re.compile(r"[^|\s]\s*\|\s*$")


def _join_broken_pipe_rows(logical: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Web table rows that break inside a cell, joined back.

    Where the rows of a pipe-flattened table end with a run of bars (``… | 10 | ||||``),
    a line that ends with one bar stops inside its row: the row goes on on the
    next line (``一级指标 | … | 年度 指标值 |`` / ``实际 完成值 |`` / ``分值 | … | ||||``).
    """
    multi = [ln for ln, _ in logical if " | " in ln]
    runs = sum(1 for ln in multi if _RUN_END.search(ln))
    singles = sum(1 for ln in multi if _SINGLE_END.search(ln))
    if runs < 3 or runs <= 2 * singles:
        return logical
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(logical):
        line, n = logical[i]
        j = i
        while (_SINGLE_END.search(line) and j + 1 < len(logical) and j - i < 4
               and "|" in logical[j + 1][0] and logical[j + 1][0].strip().strip("|").strip()):
            j += 1
            line = line.rstrip() + " " + logical[j][0].strip()
        out.append((line, n))
        for k in range(i + 1, j + 1):
            out.append(("", logical[k][1]))  # the joined lines, kept as blank lines for their numbers
        i = j + 1
    return out


def _rows_by_line(source: str, lines: list[str], spaced: bool = False, first: int = 1) -> list[Row]:
    """One row per line; with ``spaced`` (a text with no tab at all), single spaces split cells too."""
    rows = []
    for line, n in _join_broken_pipe_rows(_logical_lines(lines, first)):
        if not line:
            rows.append(Row(cells=(), loc=Loc(source=source, line=n)))
            continue
        stream = _stream_row(source, line, n)
        if stream is not None:
            rows.append(stream)
            continue
        if _RULE.match(line) and line.strip():
            continue  # a drawn rule such as '--\t----' or '|---|---|'
        if spaced:
            row = _single_spaced_row(source, line, n)
            if row is not None:
                rows.append(row)
                continue
        parts = [_unquote(p) for p in split_line(line)]
        rows.append(_make_row(source, [(p, n) for p in parts], n))
    return rows


def _rows_cell_per_line(source: str, lines: list[str], first: int = 1) -> list[Row]:
    rows: list[Row] = []
    group: list[tuple[str, int]] = []

    def flush() -> None:
        if group:
            rows.append(_make_row(source, group, group[0][1]))
            group.clear()

    for n, line in enumerate(lines, first):
        if _is_separator(line):
            flush()
            rows.append(Row(cells=(), loc=Loc(source=source, line=n)))
            continue
        text = line.replace("\t", " ").strip()
        if _TITLE.search(text) and len(text) <= 40:
            flush()  # a form title never shares a row with the cells above it
            rows.append(_make_row(source, [(text, n)], n))
            continue
        group.append((line.strip("\t"), n))
    flush()
    return rows


_INNER_PARENS = re.compile(r"([(（])[ \u3000]*([^()（）]{0,20}?)[ \u3000]*([)）])")
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")


def split_single_spaced(line: str) -> list[str]:
    """Cells of a line copied from a PDF viewer, where one space separates cells.

    Spaces inside a short parenthetical go (``( 2020 年度)``), and runs of single
    CJK characters are a phrase broken by spaces, not cells (``合 计``, ``预 算 编 码``).
    """
    text = _INNER_PARENS.sub(lambda m: m.group(1) + m.group(2).replace(" ", "") + m.group(3), line.strip())
    out: list[str] = []
    for word in text.split():
        if out and _CJK_CHAR.match(word) and _CJK_CHAR.match(out[-1][-1:]) and len(out[-1]) < 12 \
                and all(_CJK_CHAR.match(ch) for ch in out[-1]):
            out[-1] += word
        else:
            out.append(word)
    return out


def _single_spaced_row(source: str, line: str, n: int) -> Row | None:
    """A line with cells split by single spaces (no tab, pipe or wider gap), if it is one."""
    stripped = line.strip()
    if " " not in stripped and "\u3000" not in stripped:
        return None
    if "|" in stripped or _SPLIT_SPACES.search(stripped):
        return None
    return _make_row(source, [(p, n) for p in split_single_spaced(stripped)], n)


def _tab_cell(line: str) -> bool:
    """A line of the one-cell-per-line layout: one cell behind a tab, or a tab alone (an empty cell)."""
    return "\t" in line and sum(1 for p in line.split("\t") if p.strip()) <= 1


def _blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """``(start, end, cell_per_line)`` blocks of the document, decided block by block.

    A run of one-cell tab lines and blank lines that reads as one cell per line
    (seed 004's layout) is read so, whatever surrounds it; the rest is read line by line.
    """
    blocks: list[tuple[int, int, bool]] = []
    plain = 0
    i = 0
    while i < len(lines):
        if not _tab_cell(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and (_tab_cell(lines[j]) or _is_separator(lines[j])):
            j += 1
        if _is_cell_per_line(lines[i:j]):
            if plain < i:
                blocks.append((plain, i, False))
            blocks.append((i, j, True))
            plain = j
        i = j
    if plain < len(lines) or not blocks:
        blocks.append((plain, len(lines), False))
    return blocks


def read_text(text: str, source: str = "<stdin>") -> Grid:
    """Turn document text into a :class:`Grid` of located cells."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    diagnostics: list[Diagnostic] = []
    if any("\x00" in ln for ln in lines):
        lines = [ln.replace("\x00", "") for ln in lines]
        diagnostics.append(
            Diagnostic("nul-bytes", Severity.WARNING, "文本中含有空字符（NUL），已删除后继续读取", Loc(source=source))
        )
    spaced = not any("\t" in ln for ln in lines)
    rows: list[Row] = []
    for start, end, cells in _blocks(lines):
        read = _rows_cell_per_line if cells else partial(_rows_by_line, spaced=spaced)
        rows.extend(read(source, lines[start:end], first=start + 1))
    return Grid(source=source, rows=tuple(rows), diagnostics=tuple(diagnostics))


def read_text_bytes(data: bytes, source: str) -> Grid:
    """Decode bytes and read them as text (see :func:`read_text`)."""
    text, _ = decode(data)
    return read_text(text, source)
