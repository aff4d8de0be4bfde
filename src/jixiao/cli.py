"""The ``jixiao`` command line: thin wrappers over :mod:`jixiao.api`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from jixiao import api
from jixiao.model import Form, FormType, Severity
from jixiao.render.contract import document_json, dumps
from jixiao.score.engine import fmt, shown
from jixiao.score.rounding import half_up

app = typer.Typer(
    help="jixiao（绩效）：读取、复核预算绩效自评表与绩效目标申报表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True, soft_wrap=True)
DEFAULT_MAX_MB = api.DEFAULT_MAX_BYTES / 1024 / 1024
_STATE = {"failed": False}
MaxMb = Annotated[float, typer.Option("--max-mb", help="单个文件的大小上限（MB）")]


@app.callback()
def _root() -> None:
    """jixiao（绩效）：读取、复核预算绩效自评表与绩效目标申报表。"""


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]错误：[/red]{message}", highlight=False)
    return typer.Exit(code=2)


def _read(files: list[str], samples: bool, max_mb: float = DEFAULT_MAX_MB,
          *, keep_empty: bool = False) -> list[api.ParseResult]:
    """Parse the files named (directories recursively); a file that cannot be read is reported, then exit 2.

    With ``keep_empty`` a document that holds no form is still returned (with its
    diagnostics), and the exit status is 2 all the same.
    """
    if samples:
        files = [str(p) for p in api.sample_paths()] + list(files)
    if not files:
        raise _fail("请给出要读取的文件或目录，例如：jixiao parse 自评表.pdf（- 读取标准输入，--samples 读取自带样例）")
    limit = int(max_mb * 1024 * 1024)
    results, failed = [], 0
    named = [Path(f) for f in files if f != "-"]
    for name in (["-"] if "-" in files else []) + [str(p) for p in api.expand(named)]:
        try:
            if name == "-":
                results.append(api.parse_bytes(sys.stdin.buffer.read(), "<stdin>", max_bytes=limit))
            else:
                results.append(api.parse_path(Path(name), max_bytes=limit))
        except api.InputError as exc:
            err.print(f"[red]错误：[/red]{exc}", highlight=False)
            failed += 1
            if keep_empty and isinstance(exc, api.NoFormFound):
                results.append(exc.result)
    if failed and not results:
        raise typer.Exit(code=2)
    return results if not failed else _partial(results)


def _partial(results: list[api.ParseResult]) -> list[api.ParseResult]:
    """Some files failed: the others are still processed, and the exit status will be 2."""
    _STATE["failed"] = True
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
        where = d.loc.describe() if d.loc else result.source
        console.print(f"  {where}: {d.severity.label} {d.code} {d.message}", highlight=False, soft_wrap=True)


@app.command()
def parse(
    files: Annotated[Optional[list[str]], typer.Argument(help="要读取的文件；- 表示标准输入")] = None,
    json: Annotated[bool, typer.Option("--json", help="输出数据交换格式（JSON）；多个文件时输出数组")] = False,
    samples: Annotated[bool, typer.Option("--samples", help="读取 jixiao 自带的样例文件")] = False,
    max_mb: MaxMb = DEFAULT_MAX_MB,
) -> None:
    """读取表单（文本、PDF、Excel、Word、网页，或整个目录），打印中文摘要或 JSON。"""
    results = _read(list(files or []), samples, max_mb, keep_empty=json)
    if json:
        docs = [document_json(r.source, list(r.forms), list(r.diagnostics)) for r in results]
        sys.stdout.write(dumps(docs[0] if len(docs) == 1 and len(files or []) <= 1 else docs) + "\n")
    else:
        for result in results:
            _summary(result)
    _exit_if_failed()


def _exit_if_failed() -> None:
    if _STATE["failed"]:
        _STATE["failed"] = False
        raise typer.Exit(code=2)


_SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _check_all(files: list[str], samples: bool, profile: str | None,
               max_mb: float = DEFAULT_MAX_MB) -> list[api.CheckResult]:
    checked = []
    for result in _read(files, samples, max_mb):
        try:
            checked.append(api.check(result, profile))
        except api.InputError as exc:
            raise _fail(str(exc)) from None
    return checked


def _print_findings(checked: api.CheckResult, floor: Severity) -> None:
    source = checked.parsed.source
    console.rule(f"[bold]{source}[/bold]", align="left")
    for review, form in zip(checked.reviews, checked.parsed.forms):
        shown = [f for f in review.findings if _SEVERITY_ORDER[f.severity] >= _SEVERITY_ORDER[floor]]
        how = "按表中的地区推断" if review.guessed else "由 --profile 指定"
        counts = "，".join(f"{sum(1 for f in review.findings if f.severity is s)} 个{s.label}" for s in Severity)
        console.print(f"[bold cyan]表 {review.score.form_index + 1}[/bold cyan] {form.name}"
                      f"（规则：{review.profile.name} {review.profile.id}，{how}）：{counts}", highlight=False)
        for f in shown:
            style = {"error": "red", "warning": "yellow", "info": "dim"}[f.severity.value]
            where = f.loc.describe() if f.loc else source
            console.print(f"  {where}: [{style}]{f.severity.value}[/{style}] {f.code} {f.message}",
                          highlight=False, soft_wrap=True)


@app.command()
def check(
    files: Annotated[Optional[list[str]], typer.Argument(help="要审核的文件；- 表示标准输入")] = None,
    profile: Annotated[Optional[str], typer.Option("--profile", "-p", help="规则配置，如 national、shanghai；默认按表中地区推断")] = None,
    json: Annotated[bool, typer.Option("--json", help="输出数据交换格式，附加 findings")] = False,
    min_severity: Annotated[Severity, typer.Option("--min-severity", help="只显示不低于此级别的发现")] = Severity.INFO,
    samples: Annotated[bool, typer.Option("--samples", help="审核 jixiao 自带的样例文件")] = False,
    max_mb: MaxMb = DEFAULT_MAX_MB,
) -> None:
    """复核表单：重算执行率和得分，按规则审核，列出带行号的发现。有错误时退出码为 1。"""
    checked = _check_all(list(files or []), samples, profile, max_mb)
    if json:
        docs = [document_json(c.parsed.source, list(c.parsed.forms), list(c.parsed.diagnostics),
                              [f for f in c.findings if _SEVERITY_ORDER[f.severity] >= _SEVERITY_ORDER[min_severity]])
                for c in checked]
        sys.stdout.write(dumps(docs[0] if len(docs) == 1 else docs) + "\n")
    else:
        for c in checked:
            _print_findings(c, min_severity)
    _exit_if_failed()
    if any(f.severity is Severity.ERROR for c in checked for f in c.findings):
        raise typer.Exit(code=1)


@app.command()
def score(
    files: Annotated[Optional[list[str]], typer.Argument(help="要重新计分的文件")] = None,
    profile: Annotated[Optional[str], typer.Option("--profile", "-p", help="规则配置；默认按表中地区推断")] = None,
    samples: Annotated[bool, typer.Option("--samples", help="使用自带样例")] = False,
) -> None:
    """重新计分：每个指标的表中得分与参考得分，执行得分，总分和等级。"""
    for c in _check_all(list(files or []), samples, profile):
        for review, form in zip(c.reviews, c.parsed.forms):
            _score_table(c.parsed.source, review, form)


def _score_table(source: str, review, form: Form) -> None:
    fs = review.score
    table = Table(title=f"{source} 表 {fs.form_index + 1}：{form.name}（{review.profile.name}）",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for header in ("指标", "方法", "分值", "表中得分", "参考得分", "说明"):
        table.add_column(header, overflow="fold")
    ex = fs.execution
    if ex is not None:
        rate = "—" if ex.rate is None else f"{half_up(ex.rate)}%"
        table.add_row("预算执行率", f"执行率 {rate}", fmt(ex.weight), shown(ex.printed_score), fmt(ex.reference),
                      f"{fmt(ex.executed)}/{fmt(ex.budget)}")
    for s, ind in zip(fs.indicators, form.indicators):
        ref = fmt(s.reference) if s.decidable else (
            f"{fmt(s.low)}–{fmt(s.high)}" if s.low is not None and s.high is not None else "—")
        table.add_row(ind.name, s.method, fmt(s.weight), shown(s.printed), ref, s.explanation)
    console.print(table)
    grade = form.grade.value if form.grade else "未填"
    console.print(f"  总分：表中 {shown(form.total_score)}，按表中各项得分合计 {fmt(fs.total_from_printed)}，"
                  f"参考 {fmt(fs.total_reference)}；等级：表中 {grade}，参考 "
                  f"{fs.grade_reference.value if fs.grade_reference else '—'}", highlight=False)


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    pdf = "pdf"
    html = "html"
    json = "json"


@app.command()
def export(
    files: Annotated[Optional[list[str]], typer.Argument(help="要导出的文件或目录")] = None,
    to: Annotated[ExportFormat, typer.Option("--to", help="导出格式")] = ExportFormat.xlsx,
    out: Annotated[Path, typer.Option("-o", "--out", help="输出目录")] = Path("."),
    annotate: Annotated[bool, typer.Option("--annotate", help="审核并在单元格上标注发现，表下列出")] = False,
    profile: Annotated[Optional[str], typer.Option("--profile", "-p", help="审核用的规则配置（配合 --annotate）")] = None,
    samples: Annotated[bool, typer.Option("--samples", help="导出自带样例")] = False,
    max_mb: MaxMb = DEFAULT_MAX_MB,
) -> None:
    """按官方版式导出表单：Excel、PDF、网页或 JSON（每个输入文件一个输出文件）。"""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"无法创建输出目录 {out}（{exc.strerror}）") from None
    for result in _read(list(files or []), samples, max_mb):
        findings = api.check(result, profile).findings if annotate else None
        data = api.export(result, to.value, findings)
        target = out / f"{Path(result.source).stem}.{to.value}"
        target.write_bytes(data)
        console.print(f"已导出 {target}（{len(result.forms)} 张表{'，' + str(len(findings)) + ' 条审核发现' if findings else ''}）",
                      highlight=False)
    _exit_if_failed()


DbOption = Annotated[Optional[str], typer.Option("--db", envvar="JIXIAO_DB",
                                                 help="数据库地址，默认 sqlite:///jixiao.db；PostgreSQL 如 postgresql+psycopg://用户:密码@主机/库")]


def open_store(db: str | None):
    """The store at ``db`` (default: jixiao.db here); a bad address is a one-line error."""
    from jixiao.store.service import DEFAULT_URL, Store

    try:
        return Store(db or DEFAULT_URL)
    except Exception as exc:  # noqa: BLE001 — any driver error becomes one line for the user
        raise _fail(f"无法打开数据库 {db or DEFAULT_URL}（{type(exc).__name__}: {str(exc).splitlines()[0][:120]}）") from None


@app.command(name="import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="要导入的文件或目录")],
    db: DbOption = None,
    max_mb: MaxMb = DEFAULT_MAX_MB,
) -> None:
    """把表单导入数据库（按内容去重：同一文件导入两次不会重复），显示进度和结果。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    store = open_store(db)
    paths = api.expand(files)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _fail(f"{missing[0]}：文件不存在，请检查路径")
    with Progress(TextColumn("导入"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err) as progress:
        task = progress.add_task("", total=len(paths))

        def step(outcome) -> None:
            progress.update(task, advance=1, description=outcome.filename[:40])

        outcomes = store.import_paths(paths, step, max_bytes=int(max_mb * 1024 * 1024))
    imported = [o for o in outcomes if o.status == "imported"]
    failed = [o for o in outcomes if o.status == "failed"]
    console.print(f"导入 {len(imported)} 个文件、{sum(o.forms for o in imported)} 张表；"
                  f"{sum(1 for o in outcomes if o.status == 'duplicate')} 个文件已导入过；{len(failed)} 个失败。",
                  highlight=False)
    for outcome in failed:
        err.print(f"[red]失败：[/red]{outcome.message}", highlight=False)
    if failed:
        raise typer.Exit(code=2)


@app.command(name="rules")
def rules_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 规则页（docs/rules.md）")] = False,
) -> None:
    """列出全部审核规则（ID、标题、默认级别、依据）。"""
    from jixiao.audit import rules
    from jixiao.render.rules_doc import markdown as rules_markdown

    if markdown:
        sys.stdout.write(rules_markdown())
        return
    table = Table(box=box.SIMPLE_HEAD)
    for header in ("ID", "规则", "级别", "依据"):
        table.add_column(header, overflow="fold")
    for r in rules():
        table.add_row(r.id, r.title, r.severity.label, r.basis)
    console.print(table)


def main() -> None:
    """Entry point of the ``jixiao`` command."""
    app()


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址；只在本机使用时保持 127.0.0.1")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    max_mb: MaxMb = DEFAULT_MAX_MB,
) -> None:
    """启动网页工作台（导入、表单列表、详情、编辑、总览）；首次启动时导入自带样例。"""
    import uvicorn

    from jixiao.store.service import FormQuery
    from jixiao.web import create_app

    store = open_store(db)
    if store.list_forms(FormQuery(per_page=1)).total == 0:
        outcomes = store.import_paths(api.sample_paths())
        console.print(f"数据库是空的，已导入自带样例：{sum(o.forms for o in outcomes)} 张表", highlight=False)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    where = store.engine.url.render_as_string(hide_password=True)
    console.print(f"jixiao 绩效工作台已启动：http://{shown_host}:{port}/（数据库 {where}；按 Ctrl+C 停止）",
                  highlight=False)
    uvicorn.run(create_app(store, max_upload_bytes=int(max_mb * 1024 * 1024)), host=host, port=port,
                log_level="warning")
