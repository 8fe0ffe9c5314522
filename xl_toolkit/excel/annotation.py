"""Findings shown on an open workbook as `xlt validate --annotate` shows them in a copy: fills, notes, 校验结果 first.

Colours, headers and texts follow `xl_toolkit.io.annotate` (the openpyxl writer of the same marks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import xlwings as xw

from ..findings import Finding, Severity
from ..inert import inert_text
from ..io.annotate import FILLS as CELL_FILLS
from ..io.annotate import RESULT_HEADERS, RESULT_SHEET
from ..returns import ReturnFile
from .book import sheet_names, sheet_rows

__all__ = ["RESULT_HEADERS", "RESULT_SHEET", "CellMark", "cell_marks", "clear_marks", "mark_cell", "result_rows"]

#: Fill colours by severity as #RRGGBB, the same as the annotated copies.
FILLS: dict[Severity, str] = {severity: "#" + str(fill.fgColor.rgb)[-6:] for severity, fill in CELL_FILLS.items()}
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class CellMark:
    """One cell to flag: where, its fill colour and its note text."""

    sheet: str
    cell: str
    fill: str
    note: str


def cell_marks(findings: Iterable[Finding]) -> list[CellMark]:
    """One mark per cell with findings: filled by the worst severity, the note listing every finding there."""
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.sheet and finding.row:
            by_cell.setdefault((finding.sheet, f"{finding.column or 'A'}{finding.row}"), []).append(finding)
    return [
        CellMark(sheet, cell, FILLS[min((f.severity for f in found), key=_ORDER.index)],
                 "\n".join(_line(f) for f in found))
        for (sheet, cell), found in by_cell.items()
    ]


def _line(finding: Finding) -> str:
    return f"【{finding.severity.label}】{finding.message}" + (f"\n建议：{finding.suggestion}" if finding.suggestion else "")


def result_rows(result: ReturnFile) -> list[Sequence[object]]:
    """The 校验结果 sheet: the headers, one row per finding, worst first (or a line saying there are none)."""
    ordered = sorted(result.all_findings, key=lambda f: (_ORDER.index(f.severity), f.sheet, f.row or 0, f.column))
    rows: list[Sequence[object]] = [RESULT_HEADERS]
    rows += [(index, *(inert_text(v) for v in (f.sheet, f.cell, f.severity.label, f.code, f.message, f.suggestion)))
             for index, f in enumerate(ordered, start=1)]
    return rows if ordered else [*rows, ("未发现问题",)]


def mark_cell(book: xw.Book, mark: CellMark) -> None:
    """Fill a cell and put the findings in its note (replacing an earlier note)."""
    cell = book.sheets[mark.sheet][mark.cell]
    cell.color = mark.fill
    if cell.note is not None:
        cell.note.text = mark.note
    else:
        cell.add_note(mark.note)


def clear_marks(book: xw.Book) -> None:
    """Undo the marks of the last run, as listed in the previous 校验结果 sheet, so fixed cells lose their colour."""
    if RESULT_SHEET not in sheet_names(book):
        return
    names = sheet_names(book)
    for row in sheet_rows(book, RESULT_SHEET)[1:]:
        sheet, cell = (str(v or "") for v in row[1:3])
        if sheet in names and cell[:1].isalpha() and cell[-1:].isdigit():
            target = book.sheets[sheet][cell]
            target.color = None
            if target.note is not None:
                target.note.delete()
