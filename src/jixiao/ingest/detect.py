"""Detect a document's format by its content and read it into a grid.

Extensions lie (a ``.xls`` that is really HTML is common on government
sites), so the bytes decide: ``%PDF`` → PDF; a ZIP with ``word/document.xml``
→ Word, with ``xl/workbook.xml`` → Excel; an OLE2 compound file → legacy
Excel; text that looks like markup → HTML; any other text → the text reader.
Every reader returns the same :class:`~jixiao.ingest.grid.Grid`.
"""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum

from jixiao.ingest.grid import Grid
from jixiao.ingest.text import UnreadableInput, decode, read_text


class Format(StrEnum):
    """The formats jixiao reads."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"
    XLS = "xls"
    DOCX = "docx"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> Format:
    """The format of a document, from its first bytes.

    Raises:
        UnreadableInput: for a ZIP or OLE2 file that is neither Word nor Excel.
    """
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF"):
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise UnreadableInput("文件是损坏的 ZIP 压缩包（.docx/.xlsx 文件已损坏或未下载完整）") from None
        if "word/document.xml" in names:
            return Format.DOCX
        if "xl/workbook.xml" in names:
            return Format.XLSX
        raise UnreadableInput("ZIP 文件中既没有 Word 文档也没有 Excel 工作簿")
    if head == _OLE2:
        return Format.XLS
    sample = data[:4096]
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = sample.decode(encoding, errors="ignore").lower()
        except LookupError:  # pragma: no cover - all three codecs exist
            continue
        if "<table" in text or "<html" in text or "<!doctype html" in text or "<body" in text:
            return Format.HTML
    return Format.TEXT


def read_document(data: bytes, source: str) -> Grid:
    """Read a document of any supported format into a grid.

    Raises:
        UnreadableInput: when the bytes cannot be read as any supported format.
    """
    fmt = sniff(data)
    if fmt is Format.TEXT:
        text, _ = decode(data)
        return read_text(text, source)
    if fmt is Format.HTML:
        from jixiao.ingest import html

        return html.read_html(data, source)
    if fmt is Format.PDF:
        from jixiao.ingest import pdf

        return pdf.read_pdf(data, source)
    if fmt is Format.XLSX:
        from jixiao.ingest import excel

        return excel.read_xlsx(data, source)
    if fmt is Format.XLS:
        from jixiao.ingest import excel

        return excel.read_xls(data, source)
    from jixiao.ingest import docx

    return docx.read_docx(data, source)
