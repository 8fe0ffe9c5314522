"""`xlt indicators`: indicator attainment (完成率, 目标进度, 序时进度, 状态) as a table, a workbook or JSON."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ..indicators.attainment import report_json
from ..indicators.model import Attainment, Rag
from ..indicators.sheet import IndicatorSheetError
from ..io.atomic import write_json_atomically
from ..services.indicators import indicator_report
from .console import console, fail

_STYLES = {Rag.GREEN: "green", Rag.YELLOW: "yellow", Rag.RED: "bold red"}


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


#: Columns dropped when the terminal is narrower than WIDE.
_DETAIL = ("单位", "基期值", "目标值", "规划期")
WIDE = 110


def print_attainment(attainments: list[Attainment]) -> None:
    """The attainment table, status coloured 红黄绿 (fewer columns on a narrow terminal)."""
    table = Table(title="指标完成情况")
    wide = console.width >= WIDE
    table.add_column("指标名称", min_width=14, overflow="fold")
    for header in ("单位", "基期值", "目标值", "规划期", "年份", "实际值", "完成率", "目标进度", "序时进度"):
        if wide or header not in _DETAIL:
            table.add_column(header, justify="left" if header == "单位" else "right", no_wrap=True)
    table.add_column("状态", no_wrap=True)
    for a in attainments:
        state = f"[{_STYLES[a.rag]}]{a.status.value}[/]" if a.rag else a.status.value
        detail = [a.unit, _number(a.baseline), _number(a.target), f"{a.baseline_year}–{a.target_year}"]
        figures = [str(a.year), _number(a.actual), _percent(a.completion), _percent(a.progress)]
        table.add_row(a.name, *(detail if wide else []), *figures, _percent(a.time_progress), state)
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators(
        workbook: Path | None = typer.Argument(None, help="指标表（.xlsx）；不填则用内置指标"),
        output: Path | None = typer.Option(None, "-o", "--output", help="写出指标表（含公式、红黄绿和进度图）"),
        year: int | None = typer.Option(None, "--year", help="评估年度；不填则取表中“评估年度”或最新数据年份"),
        json_out: Path | None = typer.Option(None, "--json", help="把测算结果写成 JSON 文件"),
    ) -> None:
        """测算指标完成率、目标进度和序时进度，判断达标、进度正常、预警或滞后。"""
        if workbook is not None and not workbook.is_file():
            fail(f"找不到指标表：{workbook}")
        try:
            attainments = indicator_report(workbook, year, export_to=output)
        except IndicatorSheetError as error:
            fail(f"指标表有误：{error}")
        except ValueError as error:
            fail(str(error))
        except OSError as error:
            fail(f"无法读写文件：{error.strerror or error}")
        print_attainment(attainments)
        if output is not None:
            console.print(f"指标表已写入：[bold]{output}[/]")
        if json_out is not None:
            write_json_atomically(json_out, report_json(attainments))
            console.print(f"JSON 已写入：[bold]{json_out}[/]")
