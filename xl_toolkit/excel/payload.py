"""The JSON an Office.js client (xlwings Server / Lite) sends for a workbook, built from a real .xlsx file.

Tests drive every action through `xlwings.Book(json=book_payload(path))`; the same payload serves a local dev route.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlwings as xw
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def book_payload(path: Path, *, active_sheet: str | None = None, name: str | None = None) -> dict[str, Any]:
    """The payload for a workbook: every sheet's cached values from A1 (empty cells as ""), its notes and names."""
    wb = load_workbook(path, data_only=True)
    try:
        sheets = [_sheet_payload(ws) for ws in wb.worksheets]
        names = [sheet.title for sheet in wb.worksheets]
        active = names.index(active_sheet) if active_sheet is not None else wb.index(wb.active)
    finally:
        wb.close()
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or path.name, "active_sheet_index": active, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def _sheet_payload(ws: Any) -> dict[str, Any]:
    empty = ws.max_row == ws.max_column == 1 and ws["A1"].value is None
    rows, columns = (0, 0) if empty else (ws.max_row, ws.max_column)
    values = [
        [_cell(ws.cell(row=r, column=c).value) for c in range(1, columns + 1)] for r in range(1, rows + 1)
    ] or [[]]
    notes = [{"address": cell.coordinate} for row in ws.iter_rows() for cell in row if cell.comment is not None]
    return {
        "name": ws.title,
        "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
        "values": values,
        "used_range_address": f"A1:{get_column_letter(columns)}{rows}" if rows else None,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "tables": [],
        "notes": notes,
        "notes_supported": True,
        "pivot_tables": [],
        "show_gridlines": True,
        "print_area": None,
    }


def _cell(value: object) -> object:
    """A cell as Office.js serialises it: empty as "", dates as ISO text, numbers and text as they are."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).isoformat() + "Z"
    return value
