"""The PDF reader: ruled tables over page breaks, scanned pages, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from jixiao import api
from jixiao.ingest.detect import Format, sniff
from jixiao.ingest.pdf import read_pdf
from jixiao.ingest.text import UnreadableInput

FIXTURES = ROOT / "tests" / "fixtures"


def test_table_continuing_over_page_breaks_is_read_whole() -> None:
    result = api.parse_path(FIXTURES / "pdf_multipage.pdf")
    (form,) = result.forms
    assert form.department == "天津市残疾人联合会"
    assert len(form.indicators) == 79 and len(form.goals) == 6
    assert {i.goal_no for i in form.indicators} == {1, 2, 3, 4, 5, 6}
    assert all(i.level1 and i.level2 for i in form.indicators)
    pages = {i.loc.page for i in form.indicators}
    assert len(pages) > 3 and all(i.loc.line is None for i in form.indicators)


def test_cells_keep_page_table_row_and_column() -> None:
    grid = read_pdf((FIXTURES / "pdf_multipage.pdf").read_bytes(), "m.pdf")
    cell = next(c for r in grid for c in r.cells if c.text == "部门名称")
    assert (cell.loc.page, cell.loc.table, cell.loc.row, cell.loc.col) == (1, 1, 1, 1)
    assert cell.loc.bbox is not None


def test_scanned_page_gives_a_diagnostic_not_garbage() -> None:
    result = api.parse_path(FIXTURES / "pdf_scanned.pdf")
    scanned = [d for d in result.diagnostics if d.code == "scanned-page"]
    assert [(d.severity, d.loc.page) for d in scanned] == [("warning", 2)]
    assert "第 2 页为扫描图像" in scanned[0].message


def test_encrypted_pdf_is_a_clear_error() -> None:
    with pytest.raises(api.InputError, match="已加密"):
        api.parse_path(FIXTURES / "pdf_encrypted.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF", "PDF"),
        (b"PK\x03\x04" + b"\x00" * 200, "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ""),
    ],
)
def test_corrupt_files_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises((api.InputError, UnreadableInput)) as exc:
        api.parse_bytes(data, "bad.bin")
    assert message in str(exc.value)


def test_content_decides_the_format_not_the_extension(tmp_path: Path) -> None:
    wrong = tmp_path / "form.xls"  # a PDF saved with an Excel extension
    wrong.write_bytes((FIXTURES / "pdf_multipage.pdf").read_bytes())
    assert sniff(wrong.read_bytes()) is Format.PDF
    assert api.parse_path(wrong).forms[0].department == "天津市残疾人联合会"


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
    with pytest.raises(api.InputError, match="超过上限"):
        api.parse_path(huge)
    with pytest.raises(api.InputError, match="超过上限 0.1 MB"):
        api.parse_path(FIXTURES / "pdf_multipage.pdf", max_bytes=1024 * 1024 // 10)


def test_rotated_pages_are_read_upright() -> None:
    result = api.parse_path(FIXTURES / "pdf_rotated.pdf")
    assert [(f.project_name, len(f.indicators), str(f.total_score)) for f in result.forms] == [
        ("市残联系统OA维护", 5, "94.00"), ("综合信息管理系统（运维）", 8, "95.00")]
    assert not [d for d in result.diagnostics if d.severity != "info"]
