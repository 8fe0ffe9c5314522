"""The one-click actions on an open workbook: read its values, call the service the CLI calls, write back.

Each takes the `xw.Book` to work on (desktop or remote); the entry points in `desktop` and `server` supply it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlwings as xw

from ..consolidation import Consolidation
from ..findings import Finding
from ..indicators.sheet import PARAMETER_SHEET, SHEET_TITLE
from ..io.consolidated_workbook import (
    DETAIL_SHEET,
    FILES_SHEET,
    FINDINGS_SHEET,
    MISSING_SHEET,
    STATISTICS_SHEET,
    SUMMARY_SHEET,
)
from ..io.master import master_from_values, plan_from_master
from ..layout import MASTER_SHEET, PLAN_INFO_SHEET, REGISTRY_SHEET
from ..models import Plan
from ..registry import UnitRegistry
from ..returns import ReturnFile
from ..services.indicators import export_indicator_workbook
from ..services.plan_import import generate_return_templates
from ..validation import validate_workbook_values
from . import annotation
from .book import copy_sheets, raw_workbook, replace_sheet, snapshot, temporary_folder

MASTER_SHEETS = (MASTER_SHEET, REGISTRY_SHEET, PLAN_INFO_SHEET)
CONSOLIDATED_SHEETS = (SUMMARY_SHEET, DETAIL_SHEET, MISSING_SHEET, FINDINGS_SHEET, STATISTICS_SHEET, FILES_SHEET)
INDICATOR_SHEETS = (SHEET_TITLE, PARAMETER_SHEET)
TEMPLATE_LIST_SHEET = "报送模板"


def plan_of(book: xw.Book) -> tuple[Plan, UnitRegistry]:
    """The plan and registry held in the book's 任务分工/单位名录/计划信息 sheets, read as the CLI reads them."""
    sheets = {raw.name: raw.rows for raw in raw_workbook(book, MASTER_SHEETS).sheets}
    return plan_from_master(master_from_values(sheets, book.name))


def validate_return(book: xw.Book, plan: Plan, registry: UnitRegistry) -> ReturnFile:
    """校验本表: validate the book as a return; colour and annotate the cells, add the 校验结果 sheet."""
    result = validate_workbook_values(raw_workbook(book), plan, registry, book.name)
    annotation.clear_marks(book)
    for mark in annotation.cell_marks(result.all_findings):
        annotation.mark_cell(book, mark)
    replace_sheet(book, annotation.RESULT_SHEET, annotation.result_rows(result), first=True)
    return result


def consolidate_into(book: xw.Book, folder: Path, ledger: Path, today: dt.date | None = None) -> Consolidation:
    """汇总报送: consolidate the returns in `folder` against the book's plan; write the result sheets into the book."""
    # Imported here: the ledger's SQLAlchemy would add a fifth of a second to every other button's start.
    from ..services.consolidation import consolidate_paths

    with temporary_folder() as scratch:
        master = snapshot(book, MASTER_SHEETS, Path(scratch))
        output = Path(scratch) / "汇总表.xlsx"
        result = consolidate_paths([folder], master, output, ledger=ledger, today=today)
        copy_sheets(output, book, CONSOLIDATED_SHEETS)
    return result


def recompute_indicators(book: xw.Book) -> list[str]:
    """计算指标: rebuild the 指标 and 参数 sheets from their inputs, with the live formulas the CLI writes."""
    with temporary_folder() as scratch:
        source = snapshot(book, INDICATOR_SHEETS, Path(scratch))
        output = export_indicator_workbook(Path(scratch) / "指标.xlsx", workbook=source)
        return copy_sheets(output, book, INDICATOR_SHEETS, formulas=True)


def write_templates(book: xw.Book, directory: Path) -> dict[str, Path]:
    """生成报送模板: one return template per unit from the book's plan, listed in the 报送模板 sheet."""
    with temporary_folder() as scratch:
        written = generate_return_templates(snapshot(book, MASTER_SHEETS, Path(scratch)), directory)
    replace_sheet(book, TEMPLATE_LIST_SHEET, _template_rows(written, directory))
    return written


def _template_rows(written: dict[str, Path], directory: Path) -> list[Sequence[object]]:
    rows: list[Sequence[object]] = [("报送模板文件夹", str(directory)), ("单位名称", "文件名")]
    return rows + [(unit, path.name) for unit, path in written.items()]


def findings_text(findings: Sequence[Finding]) -> str:
    """How many errors, warnings and notes: the message shown after 校验本表."""
    counts = {label: sum(f.severity.label == label for f in findings) for label in ("错误", "警告", "提示")}
    return "，".join(f"{label} {count} 处" for label, count in counts.items())
