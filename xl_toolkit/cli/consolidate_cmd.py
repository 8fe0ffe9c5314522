"""`xlt consolidate`: a folder of returns → one master workbook with provenance, missing returns and a ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from ..io.master import MasterFormatError
from .console import advance, check_limits, console, fail, long_lived_frozen, progress_bar, set_total


def register(app: typer.Typer) -> None:
    @app.command("consolidate")
    def consolidate(
        paths: list[Path] = typer.Argument(..., help="报送表所在文件夹或报送表文件"),
        master: Path = typer.Option(..., "--master", help="任务分工表（.xlsx）"),
        output: Path = typer.Option(..., "-o", "--output", help="输出的汇总表（.xlsx）"),
        json_path: Path | None = typer.Option(None, "--json", help="另存 JSON 摘要"),
        ledger: str | None = typer.Option(
            None, "--ledger", help="报送台账：SQLite 文件路径或 SQLAlchemy URL；默认为汇总表旁的 <汇总表名>.ledger.db"
        ),
        today: str | None = typer.Option(None, "--today", help="统计日期（YYYY-MM-DD），用于判断逾期、临期；默认今天"),
    ) -> None:
        """一键汇总：校验全部报送表，按任务序号合并为汇总表，并登记报送台账。"""
        # Imported here: the ledger's SQLAlchemy would add a fifth of a second to every other command's start.
        from ..io.consolidated_workbook import OutputLockedError
        from ..io.ledger import LedgerError
        from ..services.consolidation import consolidate_paths

        check_limits()
        if not master.is_file():
            fail(f"找不到任务分工表：{master}")
        absent = [str(p) for p in paths if not p.exists()]
        if absent:
            fail(f"找不到：{'、'.join(absent)}")
        try:
            as_of = dt.date.fromisoformat(today) if today else None
        except ValueError:
            fail(f"统计日期应为 YYYY-MM-DD：{today}")
        try:
            with long_lived_frozen(), progress_bar("校验并汇总报送表") as progress:
                result = consolidate_paths(
                    paths, master, output, ledger=ledger, json_path=json_path, today=as_of,
                    progress=lambda _name: advance(progress), listed=lambda total: set_total(progress, total),
                )
        except MasterFormatError as error:
            fail(f"任务分工表有误：{error}")
        except (OutputLockedError, LedgerError) as error:
            fail(str(error))
        missing = result.missing_units
        console.print(
            f"共 {len(result.tasks)} 项任务；收到报送表 {len(result.files)} 份（计入 {result.returns} 份）；"
            f"读取 {result.rows_in} 行：汇总 {result.rows_merged} 行，退回 {result.rows_rejected} 行，"
            f"被取代 {result.rows_superseded} 行；未报送单位 {len(missing)} 个"
            + (f"：{'、'.join(missing)}" if missing else "")
        )
        console.print(f"汇总表已写入：[bold]{output}[/]")
