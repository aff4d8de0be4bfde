"""The ``jixiao`` command line, run in-process and as a real program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLES
from jixiao.cli import app

runner = CliRunner()
SEED = SAMPLES / "000_2cccbeb7d8deb71b.txt"
DECL = SAMPLES / "001_6d16719e2f6d3f36.txt"


def test_summary_is_chinese_with_the_numbers() -> None:
    result = runner.invoke(app, ["parse", str(SEED)], env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.output
    assert "10 张表" in result.output
    assert "残疾人事业宣传文化经费" in result.output
    assert "项目自评" in result.output
    assert "98.48" in result.output and "84.80%" in result.output


def test_json_for_one_file_is_the_contract_document() -> None:
    result = runner.invoke(app, ["parse", str(DECL), "--json"])
    doc = json.loads(result.output)
    assert result.exit_code == 0
    assert doc["source"] == DECL.name
    assert [f["form_type"] for f in doc["forms"]] == ["target_declaration"] * 8
    assert {"severity", "code", "message", "form", "line"} <= set(doc["diagnostics"][0])


def test_json_for_several_files_is_an_array() -> None:
    result = runner.invoke(app, ["parse", str(SEED), str(DECL), "--json"])
    docs = json.loads(result.output)
    assert [d["source"] for d in docs] == [SEED.name, DECL.name]


def test_dash_reads_standard_input() -> None:
    result = runner.invoke(app, ["parse", "-", "--json"], input=SEED.read_bytes())
    assert result.exit_code == 0
    assert len(json.loads(result.output)["forms"]) == 10


def test_samples_flag_reads_the_bundled_documents() -> None:
    result = runner.invoke(app, ["parse", "--samples", "--json"])
    assert result.exit_code == 0
    assert sum(len(d["forms"]) for d in json.loads(result.output)) == 31


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "不存在"),
        (b"", "空的"),
        (b"\x00\x01\x02PK\x03\x04" * 500, "二进制"),
        ("这只是一段说明文字，没有任何表格。\n第二行。".encode(), "没有找到"),
    ],
)
def test_unreadable_inputs_exit_2_with_one_line(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "jixiao", "parse", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr + proc.stdout


def test_no_file_given_exits_2() -> None:
    result = runner.invoke(app, ["parse"])
    assert result.exit_code == 2


def test_json_is_printed_even_when_no_form_is_found(tmp_path: Path) -> None:
    """A text with no form still gives its document JSON, with the diagnostics saying why; exit 2."""
    path = tmp_path / "notice.txt"
    path.write_text("关于公开2023年度绩效自评结果的通知\n各单位：现将结果公开如下。\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "jixiao", "parse", str(path), "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert doc["source"] == "notice.txt" and doc["forms"] == []
    assert {d["code"] for d in doc["diagnostics"]} == {"outside-form"}
    assert [d["line"] for d in doc["diagnostics"]] == [1, 2]
