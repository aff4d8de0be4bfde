"""The ``jixiao`` command line: thin wrappers over :mod:`jixiao.api`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
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
err = Console(stderr=True)


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


def _money(value, unit: str | None) -> str:
    return "—" if value is None else f"{value:,} {unit or ''}".strip()


def _summary(result: api.ParseResult) -> None:
    console.rule(f"[bold]{result.source}[/bold]：{len(result.forms)} 张表")
    for n, form in enumerate(result.forms):
        _form_summary(n, form)
    _diagnostics_summary(result)


def _form_summary(n: int, form: Form) -> None:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_row("表单类型", form.form_type.label)
    table.add_row("年度", str(form.year or "—"))
    if form.form_type is FormType.DEPARTMENT_SELF_EVAL:
        table.add_row("部门名称", form.department or "—")
    else:
        table.add_row("项目名称", form.project_name or "—")
        table.add_row("主管部门 / 实施单位", f"{form.department or '—'} / {form.implementing_unit or '—'}")
    total = form.funding_total()
    if form.form_type is FormType.TARGET_DECLARATION:
        annual = next((f.amount for f in form.funding if f.line.startswith("年度:")), None)
        table.add_row("年度资金申请总额", _money(annual, form.amount_unit))
    elif total is not None:
        rate = "—" if total.execution_rate is None else f"{total.execution_rate}%"
        table.add_row("全年预算数 / 执行数 / 执行率",
                      f"{_money(total.annual_budget, form.amount_unit)} / {_money(total.executed, form.amount_unit)} / {rate}")
    table.add_row("绩效指标", f"{len(form.indicators)} 个")
    if form.form_type is not FormType.TARGET_DECLARATION:
        table.add_row("总分", "—" if form.total_score is None else f"{form.total_score}（满分 {form.total_weight or '—'}）")
        table.add_row("评分等级", form.grade.value if form.grade else "未填")
    line = f"第 {form.loc.line} 行" if form.loc and form.loc.line else ""
    console.print(f"[bold cyan]表 {n + 1}[/bold cyan]  {form.name}  [dim]{line}[/dim]")
    console.print(table)


def _diagnostics_summary(result: api.ParseResult) -> None:
    counts = {s: sum(1 for d in result.diagnostics if d.severity is s) for s in Severity}
    console.print(f"读取提示：{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告，{counts[Severity.INFO]} 条信息")
    for d in result.diagnostics:
        if d.severity is Severity.INFO:
            continue
        where = f"{result.source}:{d.line}" if d.line else result.source
        console.print(f"  {where}: {d.severity.label} {d.code} {d.message}", highlight=False)


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
