"""Annotated copies of returns: each finding's cell filled and commented, and a first sheet 校验结果 listing
the findings with links to their cells. The original file is never modified; nothing is written as a formula."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..annotation import FILL_COLOURS, RESULT_HEADERS, RESULT_SHEET, cell_marks, result_rows, worst_first
from ..findings import Finding
from ..inert import inert
from ..returns import FileStatus
from ..validation import Report
from .atomic import save_atomically
from .sheet_style import print_setup, write_header

FILLS = {severity: PatternFill("solid", fgColor=colour) for severity, colour in FILL_COLOURS.items()}
_WIDTHS = {"序号": 6, "工作表": 12, "单元格": 9, "级别": 7, "代码": 20, "问题说明": 60, "建议": 40}
_LINK_FONT = Font(color="0563C1", underline="single")


def annotated_name(source: Path) -> str:
    """The annotated copy's file name: 原名_校验.xlsx."""
    return f"{source.stem}_校验.xlsx"


def write_annotated_copy(source: Path, findings: Sequence[Finding], target: Path) -> Path:
    """Write a copy of `source` with findings marked; cached values only, formula-like text escaped."""
    if target.resolve() == source.resolve():
        raise ValueError("批注副本不能覆盖原文件")
    wb = load_workbook(source, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not isinstance(cell, MergedCell):
                    cell.value = inert(cell.value)
    if RESULT_SHEET in wb.sheetnames:
        del wb[RESULT_SHEET]
    _mark_cells(wb, findings)
    _write_results(wb.create_sheet(RESULT_SHEET, 0), wb, findings)
    wb.active = 0
    for ws in wb.worksheets[1:]:
        ws.sheet_view.tabSelected = False
    return save_atomically(wb, target)


def annotate_report(report: Report, directory: Path) -> list[Path]:
    """An annotated copy of every readable file of a report in `directory`; returns the paths written."""
    written = []
    for file in report.files:
        if file.status is FileStatus.UNREADABLE or not file.path:
            continue
        source = Path(file.path)
        written.append(write_annotated_copy(source, file.all_findings, directory / annotated_name(source)))
    return written


def _target_cell(ws: Worksheet, finding: Finding) -> tuple[int, int]:
    row, column = finding.row or 1, finding.column or "A"
    coordinate = f"{column}{row}"
    for merged in ws.merged_cells.ranges:
        if coordinate in merged:
            return merged.min_row, merged.min_col
    return row, ws[coordinate].column


def _mark_cells(wb: Workbook, findings: Sequence[Finding]) -> None:
    placed = []
    for f in findings:
        if f.sheet in wb.sheetnames and f.row is not None:
            row, col = _target_cell(wb[f.sheet], f)
            placed.append(f.model_copy(update={"row": row, "column": get_column_letter(col)}))
    for mark in cell_marks(placed):
        cell = wb[mark.sheet][mark.cell]
        cell.fill = PatternFill("solid", fgColor=mark.fill)
        comment = Comment(mark.note, "xl_toolkit 校验")
        comment.width, comment.height = 320, 80 + 40 * (mark.note.count("【"))
        cell.comment = comment


def _write_results(ws: Worksheet, wb: Workbook, findings: Sequence[Finding]) -> None:
    write_header(ws, 1, RESULT_HEADERS, _WIDTHS)
    ordered = worst_first(findings)
    for index, values in enumerate(result_rows(ordered), start=2):
        for col, value in enumerate(values, start=1):
            ws.cell(row=index, column=col, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    for index, f in enumerate(ordered, start=2):
        cell = ws.cell(row=index, column=3)
        if f.sheet in wb.sheetnames and f.row is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{f.sheet}'!{f.column or 'A'}{f.row}",
                                       display=f.cell)
            cell.font = _LINK_FONT
        ws.cell(row=index, column=4).fill = FILLS[f.severity]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(len(findings) + 1, 2)}"
    print_setup(ws, 1)
