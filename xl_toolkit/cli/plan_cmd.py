"""`xlt plan import` and `xlt plan returns`: plan document → master workbook → return templates."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..assignments import lead_counts
from ..io.master import MasterFormatError
from ..models import Plan
from ..plan import PlanImportError
from ..plan.summary import import_summary
from ..services.plan_import import generate_return_templates, import_plan_to_workbook, read_plan_text
from .console import advance, console, fail, progress_bar


def print_plan_summary(plan: Plan) -> None:
    """Tasks per part and tasks led per unit, as tables."""
    parts = Table(title=f"{plan.title}：共 {len(plan.tasks)} 项任务，{len(plan.units)} 个责任单位")
    parts.add_column("部分")
    parts.add_column("任务数", justify="right")
    parts.add_column("按职责分工负责", justify="right")
    seen: dict[str, list[int]] = {}
    for task in plan.tasks:
        counts = seen.setdefault(f"{task.part.label}、{task.part.title}", [0, 0])
        counts[0] += 1
        counts[1] += task.mode.value == "按职责分工负责"
    for part, (count, by_duty) in seen.items():
        parts.add_row(part, str(count), str(by_duty))
    console.print(parts)
    leads = Table(title="牵头任务数（按单位）")
    leads.add_column("牵头单位")
    leads.add_column("牵头任务数", justify="right")
    for unit, count in lead_counts(plan.tasks).items():
        leads.add_row(unit, str(count))
    console.print(leads)


def register(app: typer.Typer) -> None:
    plan_app = typer.Typer(help="计划导入：计划文本 → 任务分工表 → 各单位报送模板", no_args_is_help=True)
    app.add_typer(plan_app, name="plan")

    @plan_app.command("import")
    def import_(
        source: Path = typer.Argument(..., help="计划文本文件（.txt）"),
        output: Path = typer.Option(..., "-o", "--output", help="输出的任务分工表（.xlsx）"),
        style: str | None = typer.Option(None, "--style", help="文档格式；不填则自动识别"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="不打印汇总表"),
    ) -> None:
        """把计划文本导入为任务分工表（任务分工、单位名录、计划信息）。"""
        try:
            text = read_plan_text(source)
            plan, registry = import_plan_to_workbook(text, output, style=style)
        except PlanImportError as error:
            fail(str(error))
        except OSError as error:
            fail(f"无法写入 {output}：{error.strerror or error}")
        for line in import_summary(plan, text, registry).lines():
            console.print(line)
        if not quiet:
            print_plan_summary(plan)
        console.print(f"任务分工表已写入：[bold]{output}[/]")

    @plan_app.command("returns")
    def returns(
        master: Path = typer.Argument(..., help="任务分工表（.xlsx）"),
        output: Path = typer.Option(..., "-o", "--output", help="报送模板输出目录"),
    ) -> None:
        """按任务分工表为每个单位生成报送模板。"""
        if not master.is_file():
            fail(f"找不到任务分工表：{master}")
        try:
            with progress_bar("生成报送模板", total=0) as progress:
                written = generate_return_templates(master, output, progress=lambda _unit: advance(progress))
        except (MasterFormatError, PlanImportError, ValueError) as error:
            fail(f"任务分工表有误：{error}")
        console.print(f"已为 {len(written)} 个单位生成报送模板：[bold]{output}[/]")
