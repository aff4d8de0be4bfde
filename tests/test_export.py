"""Exports in the official layout, read back by jixiao itself, and looked at as a person would."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner

from conftest import SAMPLES, SEEDS, without_source
from jixiao import api
from jixiao.cli import app
from jixiao.render.contract import document_json, dumps
from test_golden import _formcompare




def _forms_json(result: api.ParseResult) -> list:
    return without_source(json.loads(dumps(document_json(result.source, list(result.forms), []))))["forms"]


@cache
def _parsed(seed: str) -> api.ParseResult:
    return api.parse_path(SAMPLES / f"{seed}.txt")


@cache
def _pdf(seed: str) -> bytes:
    return api.export(_parsed(seed), "pdf")


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
@pytest.mark.parametrize("seed", SEEDS)
def test_round_trip_gives_the_same_contract_json(seed: str, fmt: str) -> None:
    original = _parsed(seed)
    back = api.parse_bytes(api.export(original, fmt), f"{seed}.{fmt}")
    assert _forms_json(back) == _forms_json(original)
    assert not [d for d in back.diagnostics if d.severity != "info"]


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_round_trip_against_the_gold(seed: str) -> None:
    formcompare = _formcompare()
    gold = json.loads((Path(formcompare.__file__).parent.parent / "gold" / f"{seed}.gold.json").read_text("utf-8"))
    back = api.parse_bytes(_pdf(seed), f"{seed}.pdf")
    tally, forms_found, forms_total, *_ = formcompare.compare(gold, json.loads(dumps(document_json(
        back.source, list(back.forms), []))))
    assert forms_found == forms_total
    assert tally.ok / tally.total >= 0.99, "\n".join(tally.misses[:20])


needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")


@needs_poppler
def test_pdf_page_renders_as_a_landscape_page_with_text(tmp_path: Path) -> None:
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(_pdf("000_2cccbeb7d8deb71b"))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    assert (width, height) == pytest.approx((585, 413), abs=3)  # A4 landscape at 50 dpi
    dark = sum(image.histogram()[:128])
    assert dark > width * height * 0.01  # ruled lines and text are on the page


@needs_poppler
def test_pdftotext_gives_the_chinese_text_back(tmp_path: Path) -> None:
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(_pdf("003_f974810bc026f243"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "财政项目支出绩效自评表" in text and "市残联系统OA维护" in text and "全年巡检维护次数" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "yes yes yes" in fonts  # embedded, subset, with a Unicode map: real text


def test_annotated_xlsx_marks_findings_on_their_cells() -> None:
    result = _parsed("003_f974810bc026f243")
    findings = api.check(result).findings
    wb = load_workbook(io.BytesIO(api.export(result, "xlsx", findings)))
    assert wb.sheetnames[-1] == "审核发现"
    assert wb["审核发现"].max_row == len(findings) + 1
    comments = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("EXEC-07" in c for c in comments)
    first = wb.worksheets[0]
    flagged = [c for row in first.iter_rows() for c in row if c.comment and "EXEC-07" in c.comment.text]
    assert flagged and flagged[0].fill.fgColor.rgb.endswith("F8C9C4")


def test_annotated_html_lists_findings_under_the_table() -> None:
    result = _parsed("003_f974810bc026f243")
    findings = api.check(result).findings
    html = api.export(result, "html", findings).decode()
    assert html.count('class="findings"') == len({f.form for f in findings})
    assert "flag-error" in html and "EXEC-07" in html


def test_export_command_writes_one_file_per_input(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(SAMPLES / "002_d1ea110d37c062f0.txt"), "--to", "json", "-o",
                                 str(tmp_path), "--annotate"])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "002_d1ea110d37c062f0.json").read_text("utf-8"))
    assert len(doc["forms"]) == 1 and "findings" in doc
