"""Findings shown on an open workbook as `xlt validate --annotate` shows them in a copy: fills, notes, 校验结果 first.

Marks, colours and texts come from `xl_toolkit.annotation`, as for the annotated copies.
"""

from __future__ import annotations

from collections.abc import Sequence

import xlwings as xw

from ..annotation import RESULT_HEADERS, RESULT_SHEET, CellMark, cell_marks
from ..annotation import result_rows as finding_rows
from ..returns import ReturnFile
from .book import sheet_names, sheet_rows

__all__ = ["RESULT_HEADERS", "RESULT_SHEET", "CellMark", "cell_marks", "clear_marks", "mark_cell", "result_rows"]


def result_rows(result: ReturnFile) -> list[Sequence[object]]:
    """The 校验结果 sheet: the headers, then one row per finding, worst first (or a line saying there are none)."""
    return [RESULT_HEADERS, *finding_rows(result.all_findings)]


def mark_cell(book: xw.Book, mark: CellMark) -> None:
    """Fill a cell and put the findings in its note (replacing an earlier note)."""
    cell = book.sheets[mark.sheet][mark.cell]
    cell.color = f"#{mark.fill}"
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
