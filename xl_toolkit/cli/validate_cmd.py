"""`xlt validate`: check returns against the master (or the master's assignment sheet with --plan)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ..findings import Finding, Severity
from ..io.annotate import annotate_report
from ..io.atomic import write_json_atomically
from ..io.master import MasterFormatError
from ..returns import FileStatus, ReturnFile
from ..rules.catalogue import CATALOGUE
from ..services.return_validation import validate_paths, validate_plan_file
from ..validation import Report
from .console import (
    EXIT_USAGE,
    advance,
    check_limits,
    console,
    fail,
    long_lived_frozen,
    progress_bar,
    set_total,
)

#: Findings printed to the terminal at most (the JSON report and annotated copies hold all).
SHOWN_FINDINGS = 200
#: Up to this many files every file is listed with every finding (up to SHOWN_FINDINGS) in tables; a larger batch
#: is summarised by finding code (a line each), and only the first files and findings that need action are listed.
SHOWN_FILES = 100
BATCH_FILES = 30
BATCH_FINDINGS = 20
_STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_ORDER = {severity: index for index, severity in enumerate(Severity)}


def print_report(report: Report) -> None:
    """The outcome of a validation: each file and finding for a few files; a summary for a batch."""
    findings = report.findings  # flattened once for the counts and the listings: a batch holds thousands
    if len(report.files) > SHOWN_FILES:
        _print_batch(report, findings)
    else:
        _print_files(report.files, f"校验结果：{len(report.files)} 个文件")
        _print_findings(sorted(findings, key=lambda x: _ORDER[x.severity]), SHOWN_FINDINGS,
                        "见 --json 报告或 --annotate 批注副本")
    counts = Counter(f.severity for f in findings)
    console.print(f"错误 {counts[Severity.ERROR]} 条，警告 {counts[Severity.WARNING]} 条，"
                  f"提示 {counts[Severity.INFO]} 条")


def _print_batch(report: Report, findings: Sequence[Finding]) -> None:
    """Files by outcome, findings counted by code, then the files and findings that need action."""
    statuses = Counter(f.status for f in report.files)
    console.print(f"校验结果：{len(report.files)} 个文件，" + "，".join(
        f"{status.value} {statuses[status]} 个" for status in FileStatus if statuses[status]))
    lines: list[str] = []
    by_code = report.by_code()
    if by_code:
        lines.append("[bold]问题汇总（按类型）[/]")
        width = max(map(len, by_code))  # codes are ASCII: one column each
        lines.extend(f"  [{_STYLES[severity]}]{severity.label}[/] {code:<{width}} {count:>6} 条 {files:>6} 个文件  "
                     f"{CATALOGUE[code].title}" for code, (severity, count, files) in by_code.items())
    acting = [f for f in report.files if f.needs_action]
    if acting:
        lines.append(f"[bold]需要处理的文件：{len(acting)} 个[/]")
        lines.extend(f"  {escape(file.file)} · {escape(file.unit or '单位不明')} · 任务行 {file.rows_read} · "
                     f"{file.status.value}（{_tally(file)}）" for file in acting[:BATCH_FILES])
        if len(acting) > BATCH_FILES:
            lines.append(f"……另有 {len(acting) - BATCH_FILES} 个文件未列出，见 --json 报告")
    needing = sorted((f for f in findings if f.severity is not Severity.INFO), key=lambda x: _ORDER[x.severity])
    if needing:
        lines.append("[bold]问题清单[/]")
        lines.extend(_finding_line(f) for f in needing[:BATCH_FINDINGS])
        if len(needing) > BATCH_FINDINGS:
            lines.append(f"……另有 {len(needing) - BATCH_FINDINGS} 条问题，见 --json 报告或 --annotate 批注副本"
                         "（提示类问题只计数，不逐条列出）")
    if lines:
        # One item a line, wrapped by the terminal, all in one print: a table's layout costs about a millisecond
        # per row (and squeezes long messages into narrow columns), and each separate print a third of one.
        console.print("\n".join(lines), soft_wrap=True)


def _finding_line(f: Finding) -> str:
    place = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
    advice = f" → {escape(f.suggestion)}" if f.suggestion else ""
    return (f"  [{_STYLES[f.severity]}]{f.severity.label}[/] {escape(f.file)} {escape(place)} {f.code}："
            f"{escape(f.message)}{advice}")


def _tally(file: ReturnFile) -> str:
    return f"错误 {file.count(Severity.ERROR)}，警告 {file.count(Severity.WARNING)}"


def _print_files(files: Sequence[ReturnFile], title: str) -> None:
    if not files:
        return
    table = Table(title=title)
    for column in ("文件", "填报单位", "任务行", "状态", "错误", "警告"):
        table.add_column(column)
    for file in files:
        table.add_row(file.file, file.unit or "", str(file.rows_read), file.status.value,
                      str(file.count(Severity.ERROR)), str(file.count(Severity.WARNING)))
    console.print(table)


def _print_findings(findings: Sequence[Finding], shown: int, where: str) -> None:
    if not findings:
        return
    table = Table(title="问题清单")
    for column in ("文件", "工作表", "单元格", "级别", "代码", "说明", "建议"):
        table.add_column(column, overflow="fold")
    for f in findings[:shown]:
        table.add_row(f.file, f.sheet, f.cell, f"[{_STYLES[f.severity]}]{f.severity.label}[/]", f.code,
                      f.message, f.suggestion)
    console.print(table)
    if len(findings) > shown:
        console.print(f"……另有 {len(findings) - shown} 条问题，{where}")


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        paths: list[Path] = typer.Argument(None, help="报送文件或文件夹（可多个）", show_default=False),
        master: Path | None = typer.Option(None, "--master", "-m", help="任务分工表（.xlsx）"),
        plan: Path | None = typer.Option(None, "--plan", help="校验任务分工表本身（牵头单位、参与单位等）"),
        json_path: Path | None = typer.Option(None, "--json", help="把校验结果写入 JSON 文件"),
        annotate: Path | None = typer.Option(None, "--annotate", help="把标注了问题的副本写入此文件夹"),
        unit: str | None = typer.Option(None, "--unit", help="表内和文件名都看不出单位时，按此单位校验"),
    ) -> None:
        """校验各单位报送表（或用 --plan 校验任务分工表）；有错误时退出码为 1。"""
        check_limits()
        paths = paths or []
        if plan is not None:
            if paths or master is not None:
                fail("--plan 只校验任务分工表，不能同时给出报送文件或 --master")
            if not plan.is_file():
                fail(f"找不到任务分工表：{plan}")
            try:
                report = validate_plan_file(plan)
            except (MasterFormatError, OSError, ValueError) as error:
                fail(f"任务分工表无法读取：{error}")
        else:
            if master is None or not paths:
                fail("请给出报送文件或文件夹，以及 --master 任务分工表（或用 --plan 校验任务分工表）")
            if not master.is_file():
                fail(f"找不到任务分工表：{master}")
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                fail(f"找不到：{'、'.join(missing)}")
            try:
                with long_lived_frozen(), progress_bar("校验报送表") as bar:
                    report = validate_paths(paths, master, unit, progress=lambda _p: advance(bar),
                                            listed=lambda total: set_total(bar, total), keep_rows=False)
            except (MasterFormatError, ValueError) as error:
                fail(f"任务分工表有误：{error}（可先用 xlt validate --plan 检查）")
            except OSError as error:
                fail(f"无法读取任务分工表 {master}：{error}")
        print_report(report)
        if json_path is not None:
            write_json_atomically(json_path, report.to_json())
            console.print(f"JSON 报告已写入：[bold]{json_path}[/]")
        if annotate is not None:
            written = annotate_report(report, annotate)
            console.print(f"已写入 {len(written)} 个批注副本：[bold]{annotate}[/]")
        raise typer.Exit(1 if report.has_errors else 0)


__all__ = ["EXIT_USAGE", "print_report", "register"]
