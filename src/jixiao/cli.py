"""The ``jixiao`` command line: thin wrappers over :mod:`jixiao.api`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from jixiao import api
from jixiao.model import Form, FormType, Severity
from jixiao.render.contract import document_json, dumps

app = typer.Typer(
    help="jixiao（绩效）：读取、复核预算绩效自评表与绩效目标申报表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True, soft_wrap=True)


@app.callback()
def _root() -> None:
    """jixiao（绩效）：读取、复核预算绩效自评表与绩效目标申报表。"""


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]错误：[/red]{message}", highlight=False)
    return typer.Exit(code=2)


def _read(files: list[str], samples: bool) -> list[api.ParseResult]:
    if samples:
        files = [str(p) for p in api.sample_paths()] + list(files)
    if not files:
        raise _fail("请给出要读取的文件，例如：jixiao parse 自评表.txt（用 - 读取标准输入，--samples 读取自带样例）")
    results = []
    for name in files:
        try:
            if name == "-":
                results.append(api.parse_bytes(sys.stdin.buffer.read(), "<stdin>"))
            else:
                results.append(api.parse_path(Path(name)))
        except api.InputError as exc:
            raise _fail(str(exc)) from None
    return results


_TYPE_SHORT = {FormType.PROJECT_SELF_EVAL: "项目自评", FormType.TARGET_DECLARATION: "目标申报",
               FormType.DEPARTMENT_SELF_EVAL: "部门自评"}


def _money(value, unit: str | None) -> str:
    return "—" if value is None else f"{value:,}{unit or ''}"


def _funding_cells(form: Form) -> tuple[str, str]:
    """(budget, execution rate) for the summary table."""
    if form.form_type is FormType.TARGET_DECLARATION:
        annual = next((f.amount for f in form.funding if f.line.startswith("年度:")), None)
        return _money(annual, form.amount_unit), ""
    total = form.funding_total()
    if total is None:
        return "—", "—"
    rate = "—" if total.execution_rate is None else f"{total.execution_rate}%"
    return _money(total.annual_budget, form.amount_unit), rate


def _summary(result: api.ParseResult) -> None:
    table = Table(title=f"{result.source}：{len(result.forms)} 张表", title_justify="left", box=box.SIMPLE_HEAD)
    for header in ("类型", "年度", "项目 / 部门", "预算", "执行率", "指标", "总分", "等级", "行"):
        wide = header == "项目 / 部门"
        table.add_column(header, overflow="fold", no_wrap=not wide, min_width=16 if wide else None)
    for form in result.forms:
        evaluated = form.form_type is not FormType.TARGET_DECLARATION
        budget, rate = _funding_cells(form)
        table.add_row(
            _TYPE_SHORT[form.form_type],
            str(form.year or "—"),
            form.name,
            budget,
            rate,
            str(len(form.indicators)),
            ("—" if form.total_score is None else str(form.total_score)) if evaluated else "",
            (form.grade.value if form.grade else "未填") if evaluated else "",
            str(form.loc.line) if form.loc and form.loc.line else "",
        )
    console.print(table)
    _diagnostics_summary(result)


def _diagnostics_summary(result: api.ParseResult) -> None:
    counts = {s: sum(1 for d in result.diagnostics if d.severity is s) for s in Severity}
    console.print(f"读取提示：{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告，{counts[Severity.INFO]} 条信息")
    for d in result.diagnostics:
        if d.severity is Severity.INFO:
            continue
        where = f"{result.source}:{d.line}" if d.line else result.source
        console.print(f"  {where}: {d.severity.label} {d.code} {d.message}", highlight=False, soft_wrap=True)


@app.command()
def parse(
    files: Annotated[Optional[list[str]], typer.Argument(help="要读取的文件；- 表示标准输入")] = None,
    json: Annotated[bool, typer.Option("--json", help="输出数据交换格式（JSON）；多个文件时输出数组")] = False,
    samples: Annotated[bool, typer.Option("--samples", help="读取 jixiao 自带的样例文件")] = False,
) -> None:
    """读取表单，打印中文摘要或 JSON。"""
    results = _read(list(files or []), samples)
    if json:
        docs = [document_json(r.source, list(r.forms), list(r.diagnostics)) for r in results]
        sys.stdout.write(dumps(docs[0] if len(docs) == 1 else docs) + "\n")
        return
    for result in results:
        _summary(result)


def main() -> None:
    """Entry point of the ``jixiao`` command."""
    app()
