"""PDF in: ruled tables and the text around them, page by page, into one grid.

Uses pdfplumber (MIT; pdfminer.six underneath — no AGPL code). On every page
the ruled tables are found from their drawn lines; each table row becomes a
grid row whose merged cells keep their text in the first position and leave
"" in the positions they cover (as the recogniser expects). Text outside the
tables (title, year, notes) becomes one-cell rows, in reading order. A table
continuing over a page break simply continues in the next page's rows; the
recogniser already handles repeated headers. Pages without ruling lines are
read as layout text (columns aligned with spaces). A page with no text but an
image is a scanned page: it gets a diagnostic instead of garbage.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from jixiao.ingest.grid import Cell, Grid, Row
from jixiao.ingest.text import UnreadableInput, clean_cell, split_line
from jixiao.model import Diagnostic, Loc, Severity

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "join_tolerance": 3, "intersection_tolerance": 3}


def read_pdf(data: bytes, source: str) -> Grid:
    """Read a PDF document into a grid.

    Raises:
        UnreadableInput: for encrypted or corrupt PDF files.
    """
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rows: list[Row] = []
    diagnostics: list[Diagnostic] = []
    try:
        workers = _workers(_page_count(data))
        if workers > 1:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(_read_pages, [(data, source, k, workers) for k in range(workers)]))
            pages = sorted((p for part in parts for p in part), key=lambda item: item[0])
        else:
            pages = _read_pages((data, source, 0, 1))
        for _, page_rows, page_diagnostics in pages:
            rows.extend(page_rows)
            diagnostics.extend(page_diagnostics)
    except (PDFPasswordIncorrect, PdfminerException) as exc:
        if "password" in repr(exc).lower() or isinstance(exc, PDFPasswordIncorrect):
            raise UnreadableInput("PDF 文件已加密，无法读取；请先解除密码保护再导入") from None
        raise UnreadableInput("PDF 文件已损坏，无法读取；请重新导出或下载后再试") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableInput(f"PDF 文件无法解析（{type(exc).__name__}）；请重新导出后再试") from None
    return Grid(source=source, rows=tuple(rows), diagnostics=tuple(diagnostics))


def _page_count(data: bytes) -> int:
    """The number of pages, cheaply (pdfium), or 0 when pdfium cannot tell."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _workers(pages: int) -> int:
    """Processes to read a PDF with: pages are independent, so long documents use every core.

    ``JIXIAO_WORKERS=1`` reads in-process.
    """
    configured = os.environ.get("JIXIAO_WORKERS")
    cores = int(configured) if configured and configured.isdigit() else (os.cpu_count() or 1)
    return max(1, min(cores, pages // 4))


def _read_pages(job: tuple[bytes, str, int, int]) -> list[tuple[int, list[Row], list[Diagnostic]]]:
    """Read every ``step``-th page starting at ``first`` (one worker's share)."""
    import pdfplumber

    data, source, first, step = job
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[first::step]:
            diagnostics: list[Diagnostic] = []
            out.append((page.page_number, _page_rows(page, source, diagnostics), diagnostics))
            page.close()
    return out


def _page_rows(page, source: str, diagnostics: list[Diagnostic]) -> list[Row]:
    number = page.page_number
    if not page.chars:
        if page.images:
            diagnostics.append(Diagnostic("scanned-page", Severity.WARNING,
                                          f"第 {number} 页为扫描图像，未识别文字（需要先做文字识别 OCR）",
                                          Loc(source=source, page=number)))
        return []
    settings = _explicit_lines(page) if page.rotation else _closed_at_page_edges(page)
    tables = page.find_tables(table_settings=settings)
    if not tables:
        return list(_layout_text_rows(page, source))
    items: list[tuple[float, int, list[Row]]] = []
    for t, table in enumerate(tables):
        items.append((table.bbox[1], 1, list(_table_rows(table, page, source, t + 1))))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in outside.extract_text_lines(return_chars=False):
        text = clean_cell(line["text"])
        if text:
            loc = Loc(source=source, page=number, bbox=(line["x0"], line["top"], line["x1"], line["bottom"]))
            items.append((line["top"], 0, [Row(cells=(Cell(text, 0, loc),), loc=loc)]))
    items.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, group in items for row in group]


def _closed_at_page_edges(page) -> dict:
    """Table settings that close a table cut by a page break.

    A row split by a page break is drawn without its bottom (or top) border;
    an explicit line at the outermost drawn edges of the page closes it.
    """
    edges = [e for e in page.edges if e["orientation"] == "h"]
    if not edges:
        return _TABLE_SETTINGS
    return {**_TABLE_SETTINGS, "explicit_horizontal_lines": [min(e["top"] for e in edges),
                                                            max(e["bottom"] for e in edges)]}


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "doctop": top, "orientation": orientation, "object_type": "line"}


def _explicit_lines(page) -> dict:
    """Table settings for a page turned by /Rotate, with its ruling lines classified anew.

    pdfplumber turns the page's lines upright but keeps their unturned
    orientation, so its own edges cross the table the wrong way.
    """
    horizontal, vertical = [], []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 0.5:
            horizontal.append(_edge(line["x0"], line["x1"], line["top"], line["top"], "h"))
        elif abs(line["x0"] - line["x1"]) < 0.5:
            vertical.append(_edge(line["x0"], line["x0"], line["top"], line["bottom"], "v"))
    for rect in page.rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        horizontal += [_edge(x0, x1, top, top, "h"), _edge(x0, x1, bottom, bottom, "h")]
        vertical += [_edge(x0, x0, top, bottom, "v"), _edge(x1, x1, top, bottom, "v")]
    return {**_TABLE_SETTINGS, "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _table_rows(table, page, source: str, number: int) -> Iterator[Row]:
    texts = table.extract()
    for r, (row, values) in enumerate(zip(table.rows, texts), 1):
        cells = []
        for c, (box, text) in enumerate(zip(row.cells, values)):
            loc = Loc(source=source, page=page.page_number, table=number, row=r, col=c + 1,
                      bbox=tuple(box) if box else None)
            cells.append(Cell(clean_cell(text or ""), c, loc))
        row_loc = Loc(source=source, page=page.page_number, table=number, row=r, bbox=tuple(row.bbox))
        yield Row(cells=tuple(cells), loc=row_loc)


def _layout_text_rows(page, source: str) -> Iterator[Row]:
    """A page without ruled tables: its text laid out with spaces, split into cells."""
    text = page.extract_text(layout=True) or ""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        loc = Loc(source=source, page=page.page_number, row=n)
        parts = split_line(line)
        yield Row(cells=tuple(Cell(clean_cell(p), i, loc) for i, p in enumerate(parts)), loc=loc)
