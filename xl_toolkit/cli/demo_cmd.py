"""`xlt demo`: run the whole loop on the built-in 2026 plan and say where each output is."""

from __future__ import annotations

from pathlib import Path

import typer

from .console import console
from .plan_cmd import print_plan_summary


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        output: Path = typer.Option(Path("demo_output"), "-o", "--output", help="演示输出目录"),
    ) -> None:
        """演示：内置 2026 年推进计划 → 任务分工表 → 报送模板 → 模拟报送 → 校验 → 汇总 → 指标测算。"""
        from ..demo import run_demo  # the whole loop's dependencies, loaded only for the demo

        with console.status("正在运行演示…") as status:
            result = run_demo(output, step=lambda text: status.update(f"演示：{text}…"))
        print_plan_summary(result.plan)
        for note in result.notes:
            console.print(note)
        console.print("[bold]输出文件：[/]")
        for label, path in result.outputs:
            console.print(f"  {label}：{path.resolve()}")
