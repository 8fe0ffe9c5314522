"""Annotated copies of returns: each finding's cell filled and commented, and a first sheet 校验结果 listing
the findings with links to their cells. The original file is never modified; nothing is written as a formula."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..findings import Finding, Severity
from ..inert import inert, inert_text
from ..returns import FileStatus
from ..validation import Report
from .sheet_style import save_atomically, write_header

RESULT_SHEET = "校验结果"
RESULT_HEADERS = ("序号", "工作表", "单元格", "级别", "代码", "问题说明", "建议")
FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
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
    notes: dict[tuple[str, int, int], list[Finding]] = {}
    for f in findings:
        if f.sheet in wb.sheetnames and f.row is not None:
            ws = wb[f.sheet]
            row, col = _target_cell(ws, f)
            notes.setdefault((f.sheet, row, col), []).append(f)
    for (sheet, row, col), marked in notes.items():
        cell = wb[sheet].cell(row=row, column=col)
        worst = min((f.severity for f in marked), key=_RANK.__getitem__)
        cell.fill = FILLS[worst]
        text = "\n".join(f"【{f.severity.label}】{f.message}" + (f"\n建议：{f.suggestion}" if f.suggestion else "")
                         for f in marked)
        comment = Comment(text, "xl_toolkit 校验")
        comment.width, comment.height = 320, 80 + 40 * len(marked)
        cell.comment = comment


def _write_results(ws: Worksheet, wb: Workbook, findings: Sequence[Finding]) -> None:
    write_header(ws, 1, RESULT_HEADERS, _WIDTHS)
    ordered = sorted(findings, key=lambda f: (_RANK[f.severity], f.sheet, f.row or 0, f.column))
    for index, f in enumerate(ordered, start=2):
        values = (index - 1, f.sheet, f.cell, f.severity.label, f.code, f.message, f.suggestion)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=index, column=col, value=inert_text(value) if isinstance(value, str) else value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell = ws.cell(row=index, column=3)
        if f.sheet in wb.sheetnames and f.row is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{f.sheet}'!{f.column or 'A'}{f.row}",
                                       display=f.cell)
            cell.font = _LINK_FONT
        ws.cell(row=index, column=4).fill = FILLS[f.severity]
    if not findings:
        ws.cell(row=2, column=1, value="未发现问题")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(len(findings) + 1, 2)}"
