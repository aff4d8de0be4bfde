"""The text reader: encodings, layouts and cell cleaning."""

from __future__ import annotations

import pytest

from jixiao.ingest.text import UnreadableInput, clean_cell, decode, read_text, split_line


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16"])
def test_decode_chinese_in_common_encodings(encoding: str) -> None:
    text = "项目名称\t残疾人事业综合保障经费\n主管部门\t上海市残疾人联合会"
    decoded, _ = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


def test_decode_rejects_binary() -> None:
    with pytest.raises(UnreadableInput):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>项目总目标</p> <p>通过整合</p>", "项目总目标\n通过整合"),
        ("第一段<br/>第二段", "第一段\n第二段"),
        ("A&amp;B&nbsp;C", "A&B C"),
        ("目标：1、举办培训班；          2、对残疾人", "目标：1、举办培训班；\n2、对残疾人"),
        ("  ≥100(册)  ", "≥100(册)"),
        ("<=2次", "<=2次"),
        ("<2小时", "<2小时"),
        ("", ""),
    ],
)
def test_clean_cell(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("a\tb\t\tc", ["a", "b", "", "c"]),
        ("| 项目名称 | 宣传经费 | | 实施单位 |", ["项目名称", "宣传经费", "", "实施单位"]),
        ("项目名称 | 宣传经费", ["项目名称", "宣传经费"]),
        ("产出指标    数量指标   出版数量   ≥4(期)", ["产出指标", "数量指标", "出版数量", "≥4(期)"]),
        ("单独一段文字", ["单独一段文字"]),
    ],
)
def test_split_line_layouts(line: str, cells: list[str]) -> None:
    assert split_line(line) == cells


def test_rows_keep_columns_and_lines() -> None:
    grid = read_text("标题\n\na\t\tb\n--\t----\n|---|---|\nc\td", "x.txt")
    rows = [r for r in grid if not r.is_blank]
    assert [r.loc.line for r in rows] == [1, 3, 6]
    assert [(c.text, c.col) for c in rows[1].cells] == [("a", 0), ("", 1), ("b", 2)]
    assert rows[1].loc.source == "x.txt"


def test_one_cell_per_line_layout_groups_rows_by_blank_lines() -> None:
    groups = [["\t项目名称", "\t宣传经费"], ["\t主管部门", "\t州残联", "\t实施单位", "\t州残联"]]
    groups += [["\t一级指标", "\t", "\t二级指标"]] * 10
    text = "\n\n".join("\n".join(g) for g in groups)
    grid = read_text(text)
    rows = [r for r in grid if not r.is_blank]
    assert rows[0].texts() == ["项目名称", "宣传经费"]
    assert rows[1].texts() == ["主管部门", "州残联", "实施单位", "州残联"]
    assert [c.text for c in rows[2].cells] == ["一级指标", "", "二级指标"]
    assert rows[1].cells[2].loc.line == 6


def test_nul_bytes_are_removed_with_a_diagnostic() -> None:
    grid = read_text("项目名称\t经\x00费")
    assert grid.rows[0].texts() == ["项目名称", "经费"]
    assert [d.code for d in grid.diagnostics] == ["nul-bytes"]
